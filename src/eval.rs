//! Scoring predicted records against gold files, as `records.md` says.
//!
//! Per kind and per article: true positives, false positives and false
//! negatives, summed over the corpus (micro average). A prediction matches
//! at most one gold item and the other way round. A prediction that matches
//! an `optional_*` gold item counts neither way.
//!
//! Decisions where the contract is silent:
//! - only articles with a gold file are scored; a gold article with no
//!   predictions scores all its items as false negatives;
//! - metric accuracy is counted over matched pairs whose gold has a metric;
//!   qualifier accuracy takes a missing gold qualifier as `exact`;
//! - the text overlap of goals without a number is their longest common
//!   substring, after folding full-width punctuation.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::record::{OfficialRecord, OrganisationRecord, QuantityRecord, Record, TargetRecord, decimal_text};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldFile {
    pub article: String,
    #[serde(default)]
    pub quantities: Vec<GoldQuantity>,
    #[serde(default)]
    pub optional_quantities: Vec<GoldQuantity>,
    #[serde(default)]
    pub targets: Vec<GoldTarget>,
    #[serde(default)]
    pub officials: Vec<GoldOfficial>,
    #[serde(default)]
    pub organisations: Vec<GoldOrganisation>,
    #[serde(default)]
    pub optional_organisations: Vec<GoldOrganisation>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct GoldQuantity {
    #[serde(default)]
    pub text: Option<String>,
    #[serde(with = "crate::record::decimal_json")]
    pub value: Decimal,
    #[serde(with = "crate::record::decimal_json::option", default)]
    pub value_max: Option<Decimal>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub qualifier: Option<String>,
    #[serde(default)]
    pub metric: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct GoldTarget {
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub deadline: Option<i32>,
    #[serde(default)]
    pub horizon_years: Option<i32>,
    #[serde(default)]
    pub comparator: Option<String>,
    #[serde(with = "crate::record::decimal_json::option", default)]
    pub value: Option<Decimal>,
    #[serde(with = "crate::record::decimal_json::option", default)]
    pub value_max: Option<Decimal>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub metric: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct GoldOfficial {
    pub name: String,
    #[serde(default)]
    pub positions: Vec<GoldPosition>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct GoldPosition {
    pub org: Option<String>,
    pub title: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct GoldOrganisation {
    pub names: Vec<String>,
    #[serde(rename = "type", default)]
    pub org_type: Option<String>,
}

/// Every `*.json` gold file of a folder, by article id.
pub fn read_gold_dir(dir: &Path) -> Result<BTreeMap<String, GoldFile>> {
    let mut gold = BTreeMap::new();
    let entries = std::fs::read_dir(dir).with_context(|| format!("cannot read gold folder {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let file: GoldFile = serde_json::from_str(&text).with_context(|| format!("bad gold file {}", path.display()))?;
        gold.insert(file.article.clone(), file);
    }
    Ok(gold)
}

/// The records of a JSONL file.
pub fn read_predictions(path: &Path) -> Result<Vec<Record>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| serde_json::from_str(l).with_context(|| format!("{}:{}: not a record", path.display(), n + 1)))
        .collect()
}

/// Counts of one line of the table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
    fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

/// Right answers out of those scored, for one attribute.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Accuracy {
    pub correct: usize,
    pub total: usize,
}

impl Accuracy {
    fn record(&mut self, right: bool) {
        self.total += 1;
        self.correct += usize::from(right);
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// The lines of the table, in print order.
pub const LINES: [&str; 6] = ["quantity", "target", "target_no_number", "official", "position", "organisation"];
pub const ATTRIBUTES: [&str; 6] =
    ["quantity.qualifier", "quantity.metric", "target.deadline", "target.comparator", "target.metric", "organisation.type"];

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub counts: BTreeMap<&'static str, Counts>,
    pub accuracy: BTreeMap<&'static str, Accuracy>,
    /// Every false positive and false negative: (article, line, FP/FN, what).
    pub errors: Vec<(String, &'static str, &'static str, String)>,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub lines: Vec<SummaryLine>,
    pub attributes: Vec<SummaryAttribute>,
}

#[derive(Debug, Serialize)]
pub struct SummaryLine {
    pub line: &'static str,
    #[serde(flatten)]
    pub counts: Counts,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

#[derive(Debug, Serialize)]
pub struct SummaryAttribute {
    pub attribute: &'static str,
    #[serde(flatten)]
    pub accuracy: Accuracy,
    pub rate: f64,
}

impl Report {
    pub fn f1(&self, line: &str) -> f64 {
        self.counts.get(line).map_or(0.0, Counts::f1)
    }

    pub fn summary(&self) -> Summary {
        Summary {
            lines: LINES
                .iter()
                .map(|&line| {
                    let c = self.counts.get(line).copied().unwrap_or_default();
                    SummaryLine { line, counts: c, precision: round3(c.precision()), recall: round3(c.recall()), f1: round3(c.f1()) }
                })
                .collect(),
            attributes: ATTRIBUTES
                .iter()
                .map(|&attribute| {
                    let a = self.accuracy.get(attribute).copied().unwrap_or_default();
                    SummaryAttribute { attribute, accuracy: a, rate: round3(ratio(a.correct, a.total)) }
                })
                .collect(),
        }
    }

    /// The table a person reads.
    pub fn table(&self) -> String {
        let mut out = format!("{:<18} {:>5} {:>5} {:>5} {:>9} {:>7} {:>6}\n", "line", "tp", "fp", "fn", "precision", "recall", "f1");
        for line in self.summary().lines {
            out += &format!(
                "{:<18} {:>5} {:>5} {:>5} {:>9.3} {:>7.3} {:>6.3}\n",
                line.line, line.counts.tp, line.counts.fp, line.counts.fn_, line.precision, line.recall, line.f1
            );
        }
        out += &format!("\n{:<22} {:>9} {:>6}\n", "attribute (matched)", "right", "rate");
        for a in self.summary().attributes {
            out += &format!("{:<22} {:>9} {:>6.3}\n", a.attribute, format!("{}/{}", a.accuracy.correct, a.accuracy.total), a.rate);
        }
        out
    }

    pub fn errors_text(&self) -> String {
        self.errors.iter().map(|(article, line, what, text)| format!("{article}\t{line}\t{what}\t{text}\n")).collect()
    }

    fn count(&mut self, line: &'static str, counts: Counts) {
        self.counts.entry(line).or_default().add(counts);
    }

    /// Scores one attribute of a matched pair; a wrong one is listed with
    /// the errors as `WRONG`, with what was predicted and what gold says.
    fn attribute(&mut self, article: &str, name: &'static str, right: bool, detail: impl FnOnce() -> String) {
        self.accuracy.entry(name).or_default().record(right);
        if !right {
            self.error(article, name, "WRONG", detail());
        }
    }

    fn error(&mut self, article: &str, line: &'static str, what: &'static str, text: String) {
        self.errors.push((article.to_string(), line, what, text));
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Scores `predictions` against `gold`. Positions are scored over matched
/// officials only: a missing official already counts on its own line.
pub fn score(gold: &BTreeMap<String, GoldFile>, predictions: &[Record]) -> Report {
    let mut by_article: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    for record in predictions {
        by_article.entry(record.article_id()).or_default().push(record);
    }
    let mut report = Report::default();
    for line in LINES {
        report.counts.insert(line, Counts::default());
    }
    for (id, gold) in gold {
        let records = by_article.get(id.as_str()).map(Vec::as_slice).unwrap_or_default();
        let (mut quantities, mut targets, mut officials, mut orgs) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for record in records {
            match record {
                Record::Quantity(q) => quantities.push(q),
                Record::Target(t) => targets.push(t),
                Record::Official(o) => officials.push(o),
                Record::Organisation(o) => orgs.push(o),
                Record::Article(_) => {}
            }
        }
        score_quantities(id, gold, &quantities, &mut report);
        score_targets(id, gold, &targets, &mut report);
        score_officials(id, gold, &officials, &mut report);
        score_organisations(id, gold, &orgs, &mut report);
    }
    report
}

/// A value to 6 significant digits, for matching.
fn sig6(value: &Decimal) -> Decimal {
    value.round_sf(6).unwrap_or(*value).normalize()
}

fn same_value(a: &Decimal, b: &Decimal) -> bool {
    sig6(a) == sig6(b)
}

fn same_max(a: &Option<Decimal>, b: &Option<Decimal>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => same_value(a, b),
        (None, None) => true,
        _ => false,
    }
}

/// One-to-one pairing: first pairs with equal text, then in order of
/// appearance. Returns (prediction index, gold index) pairs.
fn pair<P, G>(preds: &[P], gold: &[G], same: impl Fn(&P, &G) -> bool, same_text: impl Fn(&P, &G) -> bool) -> Vec<(usize, usize)> {
    let mut used_pred = vec![false; preds.len()];
    let mut used_gold = vec![false; gold.len()];
    let mut pairs = Vec::new();
    for pass in 0..2 {
        for (gi, g) in gold.iter().enumerate() {
            if used_gold[gi] {
                continue;
            }
            let found = preds.iter().enumerate().find(|&(pi, p)| !used_pred[pi] && same(p, g) && (pass == 1 || same_text(p, g)));
            if let Some((pi, _)) = found {
                used_pred[pi] = true;
                used_gold[gi] = true;
                pairs.push((pi, gi));
            }
        }
    }
    pairs
}

/// Metric agreement: one contains the other, or they share at least half
/// the characters of the shorter.
pub fn metric_agrees(predicted: &str, gold: &str) -> bool {
    if predicted.contains(gold) || gold.contains(predicted) {
        return true;
    }
    let (short, long) = if predicted.chars().count() <= gold.chars().count() { (predicted, gold) } else { (gold, predicted) };
    let mut pool: Vec<char> = long.chars().collect();
    let mut shared = 0;
    for c in short.chars() {
        if let Some(i) = pool.iter().position(|&p| p == c) {
            pool.swap_remove(i);
            shared += 1;
        }
    }
    shared * 2 >= short.chars().count()
}

fn describe_quantity(text: Option<&str>, value: &Decimal, unit: Option<&str>) -> String {
    format!("{} = {} {}", text.unwrap_or("?"), decimal_text(value), unit.unwrap_or("-"))
}

fn score_quantities(id: &str, gold: &GoldFile, preds: &[&QuantityRecord], report: &mut Report) {
    let same = |p: &&QuantityRecord, g: &GoldQuantity| same_value(&p.value, &g.value) && same_max(&p.value_max, &g.value_max) && p.unit == g.unit;
    let same_text = |p: &&QuantityRecord, g: &GoldQuantity| g.text.as_deref() == Some(p.text.as_str());
    let pairs = pair(preds, &gold.quantities, same, same_text);
    let mut matched_pred = vec![false; preds.len()];
    let mut matched_gold = vec![false; gold.quantities.len()];
    for &(pi, gi) in &pairs {
        matched_pred[pi] = true;
        matched_gold[gi] = true;
        let (p, g) = (preds[pi], &gold.quantities[gi]);
        let gold_qualifier = g.qualifier.as_deref().unwrap_or("exact");
        report.attribute(id, "quantity.qualifier", p.qualifier == gold_qualifier, || {
            format!("{}: {} (gold {gold_qualifier})\t{}", p.text, p.qualifier, p.sentence)
        });
        if let Some(gm) = &g.metric {
            report.attribute(id, "quantity.metric", p.metric.as_deref().is_some_and(|pm| metric_agrees(pm, gm)), || {
                format!("{}: {} (gold {gm})\t{}", p.text, p.metric.as_deref().unwrap_or("-"), p.sentence)
            });
        }
    }
    // Left-over predictions that match an optional item count neither way.
    let leftover: Vec<&QuantityRecord> = preds.iter().zip(&matched_pred).filter(|(_, m)| !**m).map(|(p, _)| *p).collect();
    let optional_pairs = pair(&leftover, &gold.optional_quantities, same, same_text);
    let mut fp = 0;
    for (i, p) in leftover.iter().enumerate() {
        if !optional_pairs.iter().any(|&(pi, _)| pi == i) {
            fp += 1;
            report.error(id, "quantity", "FP", format!("{}\t{}", describe_quantity(Some(&p.text), &p.value, p.unit.as_deref()), p.sentence));
        }
    }
    let mut fn_ = 0;
    for (g, matched) in gold.quantities.iter().zip(&matched_gold) {
        if !matched {
            fn_ += 1;
            report.error(id, "quantity", "FN", describe_quantity(g.text.as_deref(), &g.value, g.unit.as_deref()));
        }
    }
    report.count("quantity", Counts { tp: pairs.len(), fp, fn_ });
}

fn fold_punctuation(text: &str) -> Vec<char> {
    text.chars()
        .map(|c| match c {
            '，' => ',',
            '：' => ':',
            '；' => ';',
            '（' => '(',
            '）' => ')',
            other => other,
        })
        .collect()
}

fn longest_common_substring(a: &[char], b: &[char]) -> usize {
    let mut best = 0;
    let mut row = vec![0usize; b.len() + 1];
    for &ca in a {
        let mut prev = 0;
        for (j, &cb) in b.iter().enumerate() {
            let keep = row[j + 1];
            row[j + 1] = if ca == cb { prev + 1 } else { 0 };
            best = best.max(row[j + 1]);
            prev = keep;
        }
    }
    best
}

fn texts_overlap(a: &str, b: &str) -> bool {
    let (a, b) = (fold_punctuation(a), fold_punctuation(b));
    let shorter = a.len().min(b.len());
    shorter > 0 && longest_common_substring(&a, &b) * 2 >= shorter
}

fn score_targets(id: &str, gold: &GoldFile, preds: &[&TargetRecord], report: &mut Report) {
    let numbered_gold: Vec<&GoldTarget> = gold.targets.iter().filter(|t| t.value.is_some()).collect();
    let plain_gold: Vec<&GoldTarget> = gold.targets.iter().filter(|t| t.value.is_none()).collect();
    let numbered: Vec<&TargetRecord> = preds.iter().copied().filter(|t| t.value.is_some()).collect();
    let plain: Vec<&TargetRecord> = preds.iter().copied().filter(|t| t.value.is_none()).collect();

    let same = |p: &&TargetRecord, g: &&GoldTarget| match (&p.value, &g.value) {
        (Some(pv), Some(gv)) => same_value(pv, gv) && same_max(&p.value_max, &g.value_max) && p.unit == g.unit,
        _ => false,
    };
    let same_text = |p: &&TargetRecord, g: &&GoldTarget| g.text.as_deref() == Some(p.text.as_str());
    let pairs = pair(&numbered, &numbered_gold, same, same_text);
    for &(pi, gi) in &pairs {
        let (p, g) = (numbered[pi], numbered_gold[gi]);
        report.attribute(id, "target.deadline", p.deadline == g.deadline, || format!("{}: {:?} (gold {:?})", p.text, p.deadline, g.deadline));
        report.attribute(id, "target.comparator", p.comparator == g.comparator, || {
            format!("{}: {:?} (gold {:?})", p.text, p.comparator, g.comparator)
        });
        if let Some(gm) = &g.metric {
            report.attribute(id, "target.metric", p.metric.as_deref().is_some_and(|pm| metric_agrees(pm, gm)), || {
                format!("{}: {} (gold {gm})", p.text, p.metric.as_deref().unwrap_or("-"))
            });
        }
    }
    tally(id, "target", &numbered, &numbered_gold, &pairs, report, |p| {
        format!("{} = {} {}\t{}", p.text, p.value.as_ref().map(decimal_text).unwrap_or_default(), p.unit.as_deref().unwrap_or("-"), p.sentence)
    }, |g| format!("{} = {} {}", g.text.as_deref().unwrap_or("?"), g.value.as_ref().map(decimal_text).unwrap_or_default(), g.unit.as_deref().unwrap_or("-")));

    let same_plain = |p: &&TargetRecord, g: &&GoldTarget| {
        p.deadline == g.deadline && texts_overlap(&p.text, g.text.as_deref().unwrap_or_default())
    };
    let pairs = pair(&plain, &plain_gold, same_plain, same_text);
    tally(id, "target_no_number", &plain, &plain_gold, &pairs, report, |p| format!("{} ({:?})", p.text, p.deadline), |g| {
        format!("{} ({:?})", g.text.as_deref().unwrap_or("?"), g.deadline)
    });
}

/// Counts a pairing and lists what is left on either side.
#[expect(clippy::too_many_arguments, reason = "each line scored passes its two lists, their pairing and how to show either side")]
fn tally<P, G>(
    id: &str,
    line: &'static str,
    preds: &[P],
    gold: &[G],
    pairs: &[(usize, usize)],
    report: &mut Report,
    show_pred: impl Fn(&P) -> String,
    show_gold: impl Fn(&G) -> String,
) {
    for (i, p) in preds.iter().enumerate() {
        if !pairs.iter().any(|&(pi, _)| pi == i) {
            report.error(id, line, "FP", show_pred(p));
        }
    }
    for (i, g) in gold.iter().enumerate() {
        if !pairs.iter().any(|&(_, gi)| gi == i) {
            report.error(id, line, "FN", show_gold(g));
        }
    }
    report.count(line, Counts { tp: pairs.len(), fp: preds.len() - pairs.len(), fn_: gold.len() - pairs.len() });
}

fn score_officials(id: &str, gold: &GoldFile, preds: &[&OfficialRecord], report: &mut Report) {
    let pairs = pair(preds, &gold.officials, |p, g| p.name == g.name, |_, _| true);
    tally(id, "official", preds, &gold.officials, &pairs, report, |p| p.name.clone(), |g| g.name.clone());
    // Positions of matched officials: an org matches through any name of
    // the same organisation in the gold file.
    for &(pi, gi) in &pairs {
        let (p, g) = (preds[pi], &gold.officials[gi]);
        let same = |pp: &crate::record::Position, gp: &GoldPosition| {
            pp.title == gp.title
                && match &gp.org {
                    None => pp.org.is_none(),
                    Some(org) => {
                        let names = aliases_of(gold, org);
                        [&pp.org, &pp.org_canonical].iter().any(|o| o.as_deref().is_some_and(|o| names.contains(&o)))
                    }
                }
        };
        let position_pairs = pair(&p.positions, &g.positions, same, |_, _| true);
        let show_p = |pp: &crate::record::Position| format!("{}: {}/{}", p.name, pp.org.as_deref().unwrap_or("-"), pp.title);
        let show_g = |gp: &GoldPosition| format!("{}: {}/{}", g.name, gp.org.as_deref().unwrap_or("-"), gp.title);
        tally(id, "position", &p.positions, &g.positions, &position_pairs, report, show_p, show_g);
    }
}

/// Every name of the gold organisation that `org` names, or `org` alone.
fn aliases_of<'g>(gold: &'g GoldFile, org: &'g str) -> Vec<&'g str> {
    gold.organisations
        .iter()
        .chain(&gold.optional_organisations)
        .find(|o| o.names.iter().any(|n| n == org))
        .map(|o| o.names.iter().map(String::as_str).collect())
        .unwrap_or_else(|| vec![org])
}

fn score_organisations(id: &str, gold: &GoldFile, preds: &[&OrganisationRecord], report: &mut Report) {
    let same = |p: &&OrganisationRecord, g: &GoldOrganisation| {
        g.names.iter().any(|n| n == &p.name || p.aliases.contains(n))
    };
    let pairs = pair(preds, &gold.organisations, same, |_, _| true);
    for &(pi, gi) in &pairs {
        if let Some(t) = &gold.organisations[gi].org_type {
            let p = preds[pi];
            report.attribute(id, "organisation.type", &p.org_type == t, || format!("{}: {} (gold {t})", p.name, p.org_type));
        }
    }
    let leftover: Vec<&OrganisationRecord> =
        preds.iter().enumerate().filter(|(i, _)| !pairs.iter().any(|&(pi, _)| pi == *i)).map(|(_, p)| *p).collect();
    let optional = pair(&leftover, &gold.optional_organisations, same, |_, _| true);
    let mut fp = 0;
    for (i, p) in leftover.iter().enumerate() {
        if !optional.iter().any(|&(pi, _)| pi == i) {
            fp += 1;
            report.error(id, "organisation", "FP", format!("{} {:?}", p.name, p.aliases));
        }
    }
    let mut fn_ = 0;
    for (gi, g) in gold.organisations.iter().enumerate() {
        if !pairs.iter().any(|&(_, i)| i == gi) {
            fn_ += 1;
            report.error(id, "organisation", "FN", format!("{:?}", g.names));
        }
    }
    report.count("organisation", Counts { tp: pairs.len(), fp, fn_ });
}
