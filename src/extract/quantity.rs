//! Quantities: the rules of `quantity.toml` over each sentence, numbers read
//! by the number grammar, units and qualifiers normalised, vetoes applied,
//! overlaps resolved leftmost-longest.

use regex::Captures;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::{Document, overlaps};
use crate::number::{Number, parse_number};
use crate::rules::{QuantityForm, QuantityRule, QuantityRules};

/// A quantity found in a text; byte offsets are relative to that text.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// The number and unit, without the qualifier words around them.
    pub start: usize,
    pub end: usize,
    /// With the qualifier words (`超过…`, `…以上`).
    pub outer_start: usize,
    pub outer_end: usize,
    pub rule: String,
    pub value: Decimal,
    pub value_max: Option<Decimal>,
    pub unit: Option<String>,
    pub unit_kind: String,
    pub qualifier: String,
}

/// A quantity of a document: which sentence, and its metric.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub sentence: usize,
    pub quantity: Quantity,
    pub metric: Option<String>,
    /// The metric was read from the noun after the number (`16个战略领域`).
    pub metric_after: bool,
}

/// Every quantity of the document, in order. The rules run once over the
/// whole text (a call per sentence costs more than the matching); each
/// quantity is then placed in its sentence, offsets made relative to it.
pub fn find(doc: &Document, rules: &QuantityRules) -> Vec<Found> {
    let mut by_sentence: Vec<(usize, Vec<Quantity>)> = Vec::new();
    for q in find_in_text(doc.text(), rules) {
        let Some(index) = doc.sentence_at(q.start) else { continue };
        let base = doc.sentences[index].start;
        if q.outer_start < base || q.outer_end > doc.sentences[index].end {
            continue;
        }
        let q = Quantity { start: q.start - base, end: q.end - base, outer_start: q.outer_start - base, outer_end: q.outer_end - base, ..q };
        match by_sentence.last_mut() {
            Some((last, list)) if *last == index => list.push(q),
            _ => by_sentence.push((index, vec![q])),
        }
    }
    let mut found = Vec::new();
    for (index, quantities) in by_sentence {
        let metrics = super::metric::metrics(doc, index, &quantities, rules);
        for (quantity, (metric, metric_after)) in quantities.into_iter().zip(metrics) {
            found.push(Found { sentence: index, quantity, metric, metric_after });
        }
    }
    found
}

/// The quantities of one text (a sentence, or a line given to `parse`).
pub fn find_in_text(text: &str, rules: &QuantityRules) -> Vec<Quantity> {
    // Cheap pre-check: no digit or numeral character, no quantity.
    if !text.chars().any(is_numeral_char) {
        return Vec::new();
    }
    let mut vetoed: Vec<(usize, usize)> = rules
        .vetoes
        .iter()
        .flat_map(|v| v.captures(text))
        .filter_map(|c| c.get(0).map(|m| (m.start(), m.end())))
        .collect();
    vetoed.sort_unstable();
    // Vetoes are short: one that overlaps a quantity starts shortly before it.
    let is_vetoed = |q: &Quantity| {
        let from = vetoed.partition_point(|&(start, _)| start + VETO_REACH < q.start);
        vetoed[from..].iter().take_while(|&&(start, _)| start < q.end).any(|&v| overlaps(v, (q.start, q.end)))
    };
    let mut candidates: Vec<Quantity> = rules
        .rules
        .iter()
        .flat_map(|rule| rule.pattern.captures(text).into_iter().filter_map(move |caps| read(rule, &caps, rules)))
        .filter(|q| !is_vetoed(q))
        .collect();
    // Leftmost first, longest first at one start; keep what does not overlap.
    candidates.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut kept: Vec<Quantity> = Vec::new();
    for candidate in candidates {
        if kept.last().is_none_or(|k| !overlaps((k.outer_start, k.outer_end), (candidate.start, candidate.end))) {
            kept.push(candidate);
        }
    }
    kept
}

/// Longest veto match, in bytes (a quoted slogan of 60 characters).
const VETO_REACH: usize = 62 * 3;

fn is_numeral_char(c: char) -> bool {
    c.is_ascii_digit() || "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟廿".contains(c)
}

/// Reads one match of a rule into a quantity, or nothing if its number
/// does not parse or its parts do not agree.
fn read(rule: &QuantityRule, caps: &Captures, rules: &QuantityRules) -> Option<Quantity> {
    let group = |name: &str| caps.name(name);
    let whole = caps.get(0)?;
    let num = group("num")?;
    let pre = group("pre");
    let post = group("post");
    // The text runs from the number (or the rule's own opening, `第`, `翻`) to
    // the unit: the qualifier words stay outside.
    let start = pre.map_or(whole.start(), |p| p.end());
    let end = post.map_or(whole.end(), |p| p.start());
    let mut qualifier = group("approx").map(|_| "more_than");
    if let Some(p) = post {
        qualifier = rules.suffix_qualifier(p.as_str()).or(qualifier);
    }
    if let Some(p) = pre {
        qualifier = rules.prefix_qualifier(p.as_str()).or(qualifier);
    }
    let (number, unit, unit_kind) = match rule.form {
        QuantityForm::NumberUnit => {
            let mut number = parse_number(num.as_str()).ok()?;
            let has_magnitude = |s: &str| s.contains(['万', '亿']);
            if let Some(mult) = group("mult") {
                number = number.scaled(magnitude(mult.as_str())?)?;
            }
            if let Some(num2) = group("num2") {
                let mut high = parse_number(num2.as_str()).ok()?;
                if let Some(mult) = group("mult") {
                    high = high.scaled(magnitude(mult.as_str())?)?;
                }
                // `3至5万元`: the magnitude written once belongs to both ends.
                if !has_magnitude(num.as_str())
                    && let Some(factor) = trailing_magnitude(num2.as_str())
                {
                    number = number.scaled(factor)?;
                }
                if high.value <= number.value || number.value_max.is_some() {
                    return None;
                }
                number = Number { value: number.value, value_max: Some(high.value_max.unwrap_or(high.value)) };
            }
            match group("unit") {
                Some(unit) => {
                    if let Some(unit1) = group("unit1")
                        && unit1.as_str() != unit.as_str()
                    {
                        return None;
                    }
                    let info = rules.unit(unit.as_str())?;
                    (number, Some(info.canonical.clone()), info.kind.clone())
                }
                None => (number, None, "count".to_string()),
            }
        }
        QuantityForm::Fraction => {
            let den = parse_number(group("den")?.as_str()).ok()?;
            let part = parse_number(num.as_str()).ok()?;
            if den.value_max.is_some() || part.value_max.is_some() || den.value < Decimal::TWO {
                return None;
            }
            let (value, unit, kind) = if den.value == Decimal::ONE_HUNDRED {
                (part.value, "%", "percent")
            } else if den.value == Decimal::ONE_THOUSAND {
                (part.value, "‰", "permille")
            } else {
                let share = part.value.checked_div(den.value)?.checked_mul(Decimal::ONE_HUNDRED)?;
                (share.round_dp(4), "%", "percent")
            };
            (Number { value, value_max: None }, Some(unit.to_string()), kind.to_string())
        }
        QuantityForm::Tenths => {
            let tenths = parse_number(num.as_str()).ok()?;
            (tenths.scaled(Decimal::TEN)?, Some("%".to_string()), "percent".to_string())
        }
        QuantityForm::Doubling => {
            let times = parse_number(num.as_str()).ok()?;
            let n = times.value.to_u32().filter(|&n| (1..=10).contains(&n))?;
            (Number { value: Decimal::from(2u64.pow(n)), value_max: None }, Some("倍".to_string()), "multiple".to_string())
        }
        QuantityForm::Rank => {
            let rank = parse_number(num.as_str()).ok()?;
            (rank, Some(group("unit")?.as_str().to_string()), "rank".to_string())
        }
    };
    Some(Quantity {
        start,
        end,
        outer_start: whole.start(),
        outer_end: whole.end(),
        rule: rule.pattern.id.clone(),
        value: number.value.normalize(),
        value_max: number.value_max.map(|m| m.normalize()),
        unit,
        unit_kind,
        qualifier: qualifier.unwrap_or("exact").to_string(),
    })
}

fn magnitude(word: &str) -> Option<Decimal> {
    Some(Decimal::from(match word {
        "万亿" => 1_000_000_000_000u64,
        "亿" => 100_000_000,
        "万" => 10_000,
        "千" => 1_000,
        _ => return None,
    }))
}

fn trailing_magnitude(num: &str) -> Option<Decimal> {
    ["万亿", "亿", "万"].iter().find(|m| num.ends_with(*m)).and_then(|m| magnitude(m))
}
