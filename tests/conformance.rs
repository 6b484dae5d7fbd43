//! Conformance: the peers' own test suites (`tests/conformance/`), run
//! through our normaliser. A case that contradicts our contract is listed
//! in `tests/conformance/expectations.toml` with the reason; every other
//! case must pass. The test fails when an unlisted case fails, and when a
//! listed case passes (so the list stays true). The pass rate per file is
//! printed (`cargo test --release --test integration conformance -- --nocapture`).

use std::collections::BTreeMap;

use cqextract::number::parse_number;
use cqextract::record::QuantityRecord;
use rust_decimal::Decimal;
use serde_json::Value;

use crate::util::{extractor, repo};

/// What our normaliser yields for a case, compared with what the peer expects.
struct Outcome {
    id: String,
    passed: bool,
    detail: String,
}

fn sig6(v: Decimal) -> Decimal {
    v.round_sf(6).unwrap_or(v).normalize()
}

fn decimal(v: &Value) -> Option<Decimal> {
    match v {
        Value::Number(n) => n.to_string().parse().ok().or_else(|| Decimal::from_scientific(&n.to_string()).ok()),
        Value::String(s) => s.trim_end_matches('%').parse().ok(),
        _ => None,
    }
}

fn quantities(input: &str, numbers: bool) -> Vec<QuantityRecord> {
    extractor().parse_line("case", input, numbers)
}

fn same_values(expected: &[Decimal], got: &[Decimal]) -> bool {
    expected.len() == got.len() && expected.iter().zip(got).all(|(e, g)| sig6(*e) == sig6(*g))
}

fn lines(file: &str) -> Vec<Value> {
    std::fs::read_to_string(repo(&format!("tests/conformance/{file}")))
        .unwrap_or_else(|e| panic!("{file}: {e}"))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Recognizers-Text: the values of the expected items against the values of
/// our records of the kinds `keep` accepts, in order.
fn recognizers(file: &str, numbers: bool, keep: fn(&QuantityRecord) -> Option<Decimal>) -> Vec<Outcome> {
    lines(&format!("recognizers-text/{file}"))
        .iter()
        .map(|case| {
            let input = case["input"].as_str().unwrap_or_default();
            let expected: Vec<Decimal> = case["expected"]
                .as_array()
                .map(|items| items.iter().filter_map(|i| decimal(&i["value"])).collect())
                .unwrap_or_default();
            let got: Vec<Decimal> = quantities(input, numbers).iter().filter_map(keep).collect();
            Outcome {
                id: case["source"].as_str().unwrap_or_default().to_string(),
                passed: same_values(&expected, &got),
                detail: format!("{input} → expected {expected:?}, got {got:?}"),
            }
        })
        .collect()
}

/// The number a fraction stands for, as the number suite reads it: our
/// share in per cent is the ratio (五分之一 is 20 % in our records, the
/// number 0.2), while `百分之X` is read as X.
fn number_value(q: &QuantityRecord) -> Option<Decimal> {
    let fraction = (q.text.contains("分之") || q.text.contains('/')) && !q.text.starts_with(['百', '千']);
    match q.unit.as_deref() {
        Some("%") if fraction => q.value.checked_div(Decimal::ONE_HUNDRED),
        Some("‰") if fraction => q.value.checked_div(Decimal::ONE_THOUSAND),
        _ => Some(q.value),
    }
}

fn percent_value(q: &QuantityRecord) -> Option<Decimal> {
    match q.unit.as_deref() {
        Some("%" | "个百分点") => Some(q.value),
        Some("‰") => Some(q.value / Decimal::TEN),
        _ => None,
    }
}

fn currency_value(q: &QuantityRecord) -> Option<Decimal> {
    (q.unit_kind == "currency").then_some(q.value)
}

fn dimension_value(q: &QuantityRecord) -> Option<Decimal> {
    matches!(q.unit_kind.as_str(), "length" | "area" | "mass" | "power" | "energy" | "other").then_some(q.value)
}

/// cn2an: the number grammar on the whole input; an expected error must be
/// an error.
fn cn2an() -> Vec<Outcome> {
    lines("cn2an/cn2an.jsonl")
        .iter()
        .filter(|case| case["mode"] != "direct")
        .map(|case| {
            let input = case["input"].as_str().unwrap_or_default();
            // An amount written with its unit (`壹拾壹元整`) is read by the
            // quantity rules; a bare numeral by the number grammar.
            let got = parse_number(input).map(|n| (n.value, n.value_max)).or_else(|e| {
                match quantities(input, false).as_slice() {
                    [q] if q.unit_kind == "currency" => Ok((q.value, q.value_max)),
                    _ => Err(e),
                }
            });
            let passed = match (case["expected_error"].is_null(), &got) {
                (false, result) => result.is_err(),
                (true, Ok((value, max))) => decimal(&case["expected"]).is_some_and(|e| max.is_none() && sig6(e) == sig6(*value)),
                (true, Err(_)) => false,
            };
            Outcome {
                id: format!("{}@{}", case["source"].as_str().unwrap_or_default(), case["mode"].as_str().unwrap_or_default()),
                passed,
                detail: format!("{input} → expected {} {}, got {got:?}", case["expected"], case["expected_error"]),
            }
        })
        .collect()
}

/// JioNLP money parser: the first amount of money, and its range.
fn jionlp_money() -> Vec<Outcome> {
    lines("jionlp/money_parser.jsonl")
        .iter()
        .map(|case| {
            let input = case["input"].as_str().unwrap_or_default();
            let money: Vec<&QuantityRecord> = Vec::new();
            let found = quantities(input, false);
            let money: Vec<&QuantityRecord> = money.into_iter().chain(found.iter().filter(|q| q.unit_kind == "currency")).collect();
            let expected_value = decimal(&case["value_f64"]);
            let expected_range: Option<Vec<Decimal>> = case["range_f64"].as_array().map(|r| r.iter().filter_map(decimal).collect());
            let passed = match (money.as_slice(), &expected_range) {
                ([q], Some(range)) if range.len() == 2 => {
                    sig6(q.value) == sig6(range[0]) && q.value_max.is_some_and(|m| sig6(m) == sig6(range[1]))
                }
                ([q], None) => expected_value.is_some_and(|e| sig6(e) == sig6(q.value) && q.value_max.is_none()),
                _ => false,
            };
            let got: Vec<String> = money.iter().map(|q| format!("{} {:?} {:?}", q.text, q.value, q.value_max)).collect();
            Outcome {
                id: case["source"].as_str().unwrap_or_default().to_string(),
                passed,
                detail: format!("{input} → expected {} {}, got {got:?}", case["value_f64"], case["range_f64"]),
            }
        })
        .collect()
}

#[derive(serde::Deserialize)]
struct Expectations {
    expect: Vec<Expectation>,
}

#[derive(serde::Deserialize)]
struct Expectation {
    reason: String,
    cases: Vec<String>,
}

#[test]
fn peer_suites_pass_except_listed_contradictions() {
    let suites: Vec<(&str, Vec<Outcome>)> = vec![
        ("recognizers-text/number.jsonl", recognizers("number.jsonl", true, number_value)),
        ("recognizers-text/percentage.jsonl", recognizers("percentage.jsonl", false, percent_value)),
        ("recognizers-text/currency.jsonl", recognizers("currency.jsonl", false, currency_value)),
        ("recognizers-text/dimension.jsonl", recognizers("dimension.jsonl", false, dimension_value)),
        ("cn2an/cn2an.jsonl", cn2an()),
        ("jionlp/money_parser.jsonl", jionlp_money()),
    ];
    let text = std::fs::read_to_string(repo("tests/conformance/expectations.toml")).unwrap();
    let expectations: Expectations = toml::from_str(&text).unwrap();
    let listed: BTreeMap<&str, &str> =
        expectations.expect.iter().flat_map(|e| e.cases.iter().map(move |c| (c.as_str(), e.reason.as_str()))).collect();

    let mut problems = Vec::new();
    // `rate`: of all cases; `in contract`: of the cases not listed.
    println!("{:<36} {:>6} {:>6} {:>8} {:>8} {:>12}", "file", "cases", "pass", "listed", "rate", "in contract");
    for (file, outcomes) in &suites {
        let passed = outcomes.iter().filter(|o| o.passed).count();
        let listed_here = outcomes.iter().filter(|o| listed.contains_key(o.id.as_str())).count();
        println!(
            "{file:<36} {:>6} {:>6} {:>8} {:>7.1}% {:>11.1}%",
            outcomes.len(),
            passed,
            listed_here,
            100.0 * passed as f64 / outcomes.len().max(1) as f64,
            100.0 * passed as f64 / (outcomes.len() - listed_here).max(1) as f64
        );
        for o in outcomes {
            match (o.passed, listed.contains_key(o.id.as_str())) {
                (false, false) => problems.push(format!("FAILS, not listed: {} [{}] {}", file, o.id, o.detail)),
                (true, true) => problems.push(format!("PASSES, still listed: {} [{}] {}", file, o.id, o.detail)),
                _ => {}
            }
        }
    }
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}
