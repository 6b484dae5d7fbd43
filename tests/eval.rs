//! The scorer on tiny cases whose figures were worked out by hand, and the
//! regression floor of the corpus (`tests/floors.toml`).

use std::collections::BTreeMap;

use cqextract::eval::{GoldFile, score};
use cqextract::record::Record;

use crate::golden::corpus_records;
use crate::util::repo;

fn gold(json: &str) -> BTreeMap<String, GoldFile> {
    let file: GoldFile = serde_json::from_str(json).expect("gold");
    BTreeMap::from([(file.article.clone(), file)])
}

fn records(lines: &[&str]) -> Vec<Record> {
    lines.iter().map(|l| serde_json::from_str(l).expect("record")).collect()
}

fn quantity(value: &str, unit: &str, text: &str) -> String {
    format!(
        r#"{{"kind":"quantity","article":"a","span":[0,1],"text":"{text}","value":{value},"value_max":null,"unit":"{unit}","unit_kind":"count","qualifier":"exact","metric":"企业","sentence":"s"}}"#
    )
}

#[test]
fn duplicates_of_one_value_pair_one_to_one() {
    // Gold: two 5个; predicted: three 5个 → 2 TP, 1 FP, 0 FN.
    let g = gold(r#"{"article":"a","quantities":[{"text":"5个","value":5,"unit":"个"},{"text":"5个","value":5,"unit":"个"}]}"#);
    let q = quantity("5", "个", "5个");
    let report = score(&g, &records(&[&q, &q, &q]));
    let c = report.counts["quantity"];
    assert_eq!((c.tp, c.fp, c.fn_), (2, 1, 0));
    assert!((c.precision() - 2.0 / 3.0).abs() < 1e-9);
    assert!((c.f1() - 0.8).abs() < 1e-9);
}

#[test]
fn optional_items_count_neither_way() {
    // 一批 matches an optional item: no FP; 7个 is a plain FP; gold 3家 is missed.
    let g = gold(r#"{"article":"a","quantities":[{"value":3,"unit":"家"}],"optional_quantities":[{"value":1,"unit":"批"}]}"#);
    let report = score(&g, &records(&[&quantity("1", "批", "一批"), &quantity("7", "个", "7个")]));
    let c = report.counts["quantity"];
    assert_eq!((c.tp, c.fp, c.fn_), (0, 1, 1));
}

#[test]
fn values_match_to_six_significant_digits() {
    let g = gold(r#"{"article":"a","quantities":[{"value":33.3333,"unit":"%"}]}"#);
    let report = score(&g, &records(&[&quantity("33.33333", "%", "三分之一")]));
    assert_eq!(report.counts["quantity"].tp, 1);
}

#[test]
fn organisations_match_through_aliases() {
    // Predicted name is canonical, gold lists the short form: a match.
    // The second prediction matches nothing: FP. Gold 重庆大学 is missed: FN.
    let g = gold(r#"{"article":"a","organisations":[{"names":["市科技局"],"type":"government"},{"names":["重庆大学"],"type":"university"}]}"#);
    let preds = records(&[
        r#"{"kind":"organisation","article":"a","name":"重庆市科学技术局","type":"government","aliases":["市科技局"],"spans":[[0,4]]}"#,
        r#"{"kind":"organisation","article":"a","name":"某某公司","type":"company","aliases":["某某公司"],"spans":[[5,9]]}"#,
    ]);
    let c = score(&g, &preds).counts["organisation"];
    assert_eq!((c.tp, c.fp, c.fn_), (1, 1, 1));
}

#[test]
fn an_official_with_extra_and_missing_positions() {
    // Gold: 局长 and 党委书记 at 市科技局 (alias of 重庆市科学技术局).
    // Predicted: 局长 at the canonical name (match through the alias), and
    // 院士 (extra) → positions 1 TP, 1 FP, 1 FN; the official itself matches.
    let g = gold(
        r#"{"article":"a","officials":[{"name":"明炬","positions":[{"org":"市科技局","title":"局长"},{"org":"市科技局","title":"党委书记"}]}],
            "organisations":[{"names":["重庆市科学技术局","市科技局"]}]}"#,
    );
    let preds = records(&[
        r#"{"kind":"official","article":"a","span":[0,2],"name":"明炬","positions":[{"org":"重庆市科学技术局","org_canonical":"重庆市科学技术局","title":"局长"},{"org":null,"org_canonical":null,"title":"院士"}],"mentions":1}"#,
    ]);
    let report = score(&g, &preds);
    let (o, p) = (report.counts["official"], report.counts["position"]);
    assert_eq!((o.tp, o.fp, o.fn_), (1, 0, 0));
    assert_eq!((p.tp, p.fp, p.fn_), (1, 1, 1));
}

#[test]
fn empty_gold_and_empty_predictions() {
    let g = gold(r#"{"article":"a"}"#);
    let c = score(&g, &records(&[&quantity("5", "个", "5个")])).counts["quantity"];
    assert_eq!((c.tp, c.fp, c.fn_), (0, 1, 0));
    assert_eq!(c.precision(), 0.0);
    let g = gold(r#"{"article":"a","quantities":[{"value":5,"unit":"个"}]}"#);
    let c = score(&g, &[]).counts["quantity"];
    assert_eq!((c.tp, c.fp, c.fn_), (0, 0, 1));
    assert_eq!(c.f1(), 0.0);
}

#[test]
fn goals_without_number_match_on_deadline_and_overlap() {
    let g = gold(r#"{"article":"a","targets":[{"text":"到2035年,基本建成具有全国影响力的科技创新中心","deadline":2035}]}"#);
    let pred = r#"{"kind":"target","article":"a","span":[0,9],"text":"到2035年，基本建成具有全国影响力的科技创新中心","metric":null,"comparator":null,"value":null,"value_max":null,"unit":null,"unit_kind":null,"deadline":2035,"horizon_years":null,"sentence":"s"}"#;
    let c = score(&g, &records(&[pred])).counts["target_no_number"];
    assert_eq!((c.tp, c.fp, c.fn_), (1, 0, 0));
    let wrong_year = pred.replace(r#""deadline":2035"#, r#""deadline":2025"#);
    let c = score(&g, &records(&[&wrong_year])).counts["target_no_number"];
    assert_eq!((c.tp, c.fp, c.fn_), (0, 1, 1));
}

#[derive(serde::Deserialize)]
struct Floors {
    f1: BTreeMap<String, f64>,
}

#[test]
fn corpus_scores_stay_above_their_floors() {
    let floors: Floors = toml::from_str(&std::fs::read_to_string(repo("tests/floors.toml")).expect("floors")).expect("floors.toml");
    let gold = cqextract::eval::read_gold_dir(&repo("corpus/gold")).expect("gold");
    let report = score(&gold, &corpus_records());
    let below: Vec<String> = floors
        .f1
        .iter()
        .filter(|(line, floor)| report.f1(line) + 1e-9 < **floor)
        .map(|(line, floor)| format!("{line}: f1 {:.3} < floor {floor}", report.f1(line)))
        .collect();
    assert!(below.is_empty(), "below the floor:\n{}\n{}", below.join("\n"), report.table());
}

#[test]
fn wrong_attributes_of_matched_pairs_are_listed() {
    // The value matches; its metric (企业) and qualifier (exact) do not.
    let g = gold(r#"{"article":"a","quantities":[{"text":"5个","value":5,"unit":"个","qualifier":"more_than","metric":"平台"}]}"#);
    let report = score(&g, &records(&[&quantity("5", "个", "5个")]));
    assert_eq!(report.counts["quantity"].tp, 1);
    let wrong: Vec<(&str, &str)> = report.errors.iter().map(|(_, line, what, _)| (*line, *what)).collect();
    assert_eq!(wrong, [("quantity.qualifier", "WRONG"), ("quantity.metric", "WRONG")]);
    assert!(report.errors_text().contains("5个: 企业 (gold 平台)"), "{}", report.errors_text());
}
