//! Quantities: the rules of `quantity.toml` over each sentence, numbers read
//! by the number grammar, units and qualifiers normalised, vetoes applied,
//! overlaps resolved leftmost-longest.

use std::borrow::Cow;
use std::ops::Range;

use regex::Captures;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::{Document, overlaps};
use crate::number::{Number, parse_number};
use crate::rules::{Group, Pattern, QuantityForm, QuantityRule, QuantityRules, RequiredHit, next_char};

/// A quantity found in a text; byte offsets are relative to that text.
/// Its words are borrowed from the rules and the text: a quantity is read
/// for every match of every rule, and a quarter of them come to nothing
/// (overlaps, vetoes, numbers that do not parse).
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity<'a> {
    /// The number and unit, without the qualifier words around them.
    pub start: usize,
    pub end: usize,
    /// With the qualifier words (`超过…`, `…以上`).
    pub outer_start: usize,
    pub outer_end: usize,
    pub rule: &'a str,
    pub value: Decimal,
    pub value_max: Option<Decimal>,
    pub unit: Option<&'a str>,
    pub unit_kind: &'a str,
    pub qualifier: &'a str,
}

/// A quantity of a document: which sentence, and its metric.
#[derive(Debug, Clone, PartialEq)]
pub struct Found<'a> {
    pub sentence: usize,
    pub quantity: Quantity<'a>,
    pub metric: Option<String>,
    /// The metric was read from the noun after the number (`16个战略领域`).
    pub metric_after: bool,
}

/// Every quantity of the document, in order, given where its required
/// literals are (`required`, from the scan for candidates). The rules run
/// once over the whole text (a call per sentence costs more than the
/// matching); each quantity is then placed in its sentence, offsets made
/// relative to it.
pub fn find<'a>(doc: &Document<'a>, required: &[RequiredHit], rules: &'a QuantityRules) -> Vec<Found<'a>> {
    let mut by_sentence: Vec<(usize, Vec<Quantity>)> = Vec::new();
    for q in find_in_text(doc.text(), required, rules) {
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

/// The quantities of one text, given where its required literals are.
pub fn find_in_text<'a>(text: &'a str, required: &[RequiredHit], rules: &'a QuantityRules) -> Vec<Quantity<'a>> {
    find_with(text, rules, &rules.rules, &gated_sentences(text, required, rules))
}

/// Quantities and, between them, bare numbers (`parse --numbers`).
pub fn find_with_numbers<'a>(text: &'a str, rules: &'a QuantityRules) -> Vec<Quantity<'a>> {
    let all: Vec<&QuantityRule> = rules.rules.iter().chain(&rules.numbers).collect();
    find_with(text, rules, all, &[Region { range: 0..text.len(), sieved: None }])
}

/// A part of the text to search, and which rules and vetoes may match
/// there (rules, then vetoes; all when `None`).
struct Region {
    range: Range<usize>,
    sieved: Option<Vec<bool>>,
}

impl Region {
    /// Whether the rule or veto at `index`, `pattern`, may match here: the
    /// sieve says so, or, unsieved, the region holds a literal it requires.
    fn may_match(&self, index: usize, pattern: &Pattern, text: &str) -> bool {
        match &self.sieved {
            Some(may) => may[index],
            None => pattern.may_match(&text[self.range.clone()]),
        }
    }
}

/// Characters that no quantity rule or veto matches across.
const BOUNDARY: &[char] = &['。', '！', '？', '；', '!', '?', ';', '\n'];

/// The sentences of `text` (between [`BOUNDARY`] characters) in which the
/// gate, all rules joined, matches, each with the rules and vetoes whose
/// required literals (`required`, all of the text's) it holds: cheap
/// passes instead of one per rule. A rule's match lies within one
/// sentence, so searching only these finds every match a search of the
/// whole text finds.
fn gated_sentences(text: &str, required: &[RequiredHit], rules: &QuantityRules) -> Vec<Region> {
    let mut sentences = Vec::new();
    let mut at = 0;
    // Where the first match ends is enough to know its sentence, and the
    // forward scan alone finds it.
    while let Some(match_end) = rules.gate.shortest_match_at(text, at) {
        let last = text[..match_end].char_indices().next_back().map_or(0, |(i, _)| i);
        let start = text[..last].rfind(BOUNDARY).map_or(0, |i| next_char(text, i));
        let end = text[last..].find(BOUNDARY).map_or(text.len(), |i| last + i);
        sentences.push(Region { sieved: Some(rules.sieve.may_match(required, start..end)), range: start..end });
        if end <= at {
            break;
        }
        at = end;
    }
    sentences
}

/// `active` starts with the rules of [`QuantityRules::rules`], in order.
fn find_with<'a>(
    text: &'a str,
    rules: &'a QuantityRules,
    active: impl IntoIterator<Item = &'a QuantityRule>,
    regions: &[Region],
) -> Vec<Quantity<'a>> {
    // Cheap pre-check: no digit or numeral character, no quantity.
    if regions.is_empty() || !text.chars().any(is_numeral_char) {
        return Vec::new();
    }
    // The parts of the text a rule or veto (by its place: rules, then vetoes) searches.
    let searched = |index: usize, pattern: &Pattern| -> Vec<Range<usize>> {
        regions.iter().filter(|r| r.may_match(index, pattern, text)).map(|r| r.range.clone()).collect()
    };
    let mut vetoed: Vec<Range<usize>> = Vec::new();
    for (i, veto) in rules.vetoes.iter().enumerate() {
        for range in searched(rules.rules.len() + i, veto) {
            veto.spans_within(text, range, &mut vetoed);
        }
    }
    let vetoed = VetoedSpans::new(vetoed);
    let mut candidates: Vec<Quantity> = active
        .into_iter()
        .enumerate()
        .flat_map(|(i, rule)| {
            let mut found = Vec::new();
            for range in searched(i, &rule.pattern) {
                rule.pattern.captures_within(text, range, &mut found);
            }
            found.into_iter().filter_map(move |caps| read(rule, &caps, rules, text))
        })
        .filter(|q| !vetoed.overlap(q.start, q.end))
        .collect();
    // Leftmost first, longest first at one start, quantities before bare
    // numbers; keep what does not overlap.
    candidates.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(a.unit.is_none().cmp(&b.unit.is_none())));
    let mut kept: Vec<Quantity> = Vec::new();
    for candidate in candidates {
        if kept.last().is_none_or(|k| !overlaps((k.outer_start, k.outer_end), (candidate.start, candidate.end))) {
            kept.push(candidate);
        }
    }
    kept
}

/// The spans vetoes matched: their starts in order, with the furthest end
/// of the spans up to each; whether a quantity overlaps one is a binary
/// search, however long the vetoes are.
struct VetoedSpans {
    starts: Vec<usize>,
    furthest_end: Vec<usize>,
}

impl VetoedSpans {
    fn new(mut spans: Vec<Range<usize>>) -> VetoedSpans {
        spans.sort_unstable_by_key(|r| (r.start, r.end));
        let furthest_end = spans.iter().scan(0, |furthest, r| {
            *furthest = r.end.max(*furthest);
            Some(*furthest)
        });
        VetoedSpans { furthest_end: furthest_end.collect(), starts: spans.iter().map(|r| r.start).collect() }
    }

    /// Whether some veto span overlaps `start..end`: of those that start
    /// before `end`, one ends after `start`.
    fn overlap(&self, start: usize, end: usize) -> bool {
        let before_end = self.starts.partition_point(|&s| s < end);
        before_end > 0 && self.furthest_end[before_end - 1] > start
    }
}

fn is_numeral_char(c: char) -> bool {
    c.is_ascii_digit() || "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟廿".contains(c)
}

/// Reads one match of a rule into a quantity, or nothing if its number
/// does not parse or its parts do not agree.
fn read<'a>(rule: &'a QuantityRule, caps: &Captures<'a>, rules: &'a QuantityRules, text: &str) -> Option<Quantity<'a>> {
    let group = |g: Group| rule.group(caps, g);
    let whole = caps.get(0)?;
    let num = group(Group::Num)?;
    let pre = group(Group::Pre);
    let post = group(Group::Post);
    // The text runs from the number (or the rule's own opening, `第`, `翻`) to
    // the unit: the qualifier words stay outside.
    let start = pre.map_or(whole.start(), |p| p.end());
    let end = post.map_or(whole.end(), |p| p.start());
    let mut qualifier = group(Group::Approx).map(|_| "more_than");
    if let Some(p) = post {
        qualifier = rules.suffix_qualifier(p.as_str()).or(qualifier);
    }
    if let Some(p) = pre {
        qualifier = rules.prefix_qualifier(p.as_str()).or(qualifier);
    }
    // A `-` right after a number, a word or another dash joins a range
    // (`1万元-5万元`); the match without it is found next.
    if let Some(neg) = group(Group::Neg)
        && neg.as_str() == "-"
        && text[..neg.start()].chars().next_back().is_some_and(|c| c.is_alphanumeric() || "%)）-—~～".contains(c))
    {
        return None;
    }
    let negative = group(Group::Neg).is_some();
    let (number, unit, unit_kind) = match rule.form {
        QuantityForm::NumberUnit => {
            // `12千米`: the number must not swallow the head of a unit.
            let (num_text, unit_text) = match group(Group::Unit) {
                Some(unit) => split_unit_head(num.as_str(), unit.as_str(), rules),
                None => (Cow::Borrowed(num.as_str()), Cow::Borrowed("")),
            };
            // `突破万亿元`: a two-character magnitude alone is one of it.
            let num_text = if matches!(&*num_text, "万亿" | "千亿" | "百亿") { Cow::Owned(format!("一{num_text}")) } else { num_text };
            let mut number = parse_number(&num_text).ok()?;
            let has_magnitude = |s: &str| s.contains(['万', '亿']);
            if let Some(mult) = group(Group::Mult) {
                number = number.scaled(magnitude(mult.as_str())?)?;
            }
            if let Some(num2) = group(Group::Num2) {
                let mut high = parse_number(num2.as_str()).ok()?;
                if let Some(mult) = group(Group::Mult) {
                    high = high.scaled(magnitude(mult.as_str())?)?;
                }
                // `3至5万元`, `两到三仟`: the place written once at the high end
                // belongs to both, when the low end is smaller than what
                // stands before it (`8500到3万` is no 8500万).
                if !has_magnitude(&num_text)
                    && let Some((lead, factor)) = trailing_place(num2.as_str())
                    && number.value < lead
                {
                    number = number.scaled(factor)?;
                }
                if high.value <= number.value || number.value_max.is_some() {
                    return None;
                }
                number = Number { value: number.value, value_max: Some(high.value_max.unwrap_or(high.value)) };
            }
            // `一吨半`: a half of the unit more.
            if group(Group::Half).is_some() {
                number = Number { value: number.value.checked_add(HALF)?, value_max: number.value_max.and_then(|m| m.checked_add(HALF)) };
            }
            match group(Group::Unit) {
                Some(_) => {
                    if let Some(unit1) = group(Group::Unit1)
                        && unit1.as_str() != unit_text.as_ref()
                    {
                        return None;
                    }
                    let info = rules.unit(&unit_text)?;
                    (number, Some(info.canonical.as_str()), info.kind.as_str())
                }
                None => (number, None, "count"),
            }
        }
        QuantityForm::Fraction => {
            // `万分之三`: a bare magnitude as the whole is one of it.
            let den_text = group(Group::Den)?.as_str();
            let den_text = if den_text.starts_with(['万', '亿', '萬', '億']) { format!("一{den_text}") } else { den_text.to_string() };
            let den = parse_number(&den_text).ok()?;
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
                (share.round_sf(SHARE_DIGITS).unwrap_or(share), "%", "percent")
            };
            (Number { value, value_max: None }, Some(unit), kind)
        }
        QuantityForm::Tenths => {
            let tenths = parse_number(num.as_str()).ok()?;
            // 三成半 is 3.5 tenths; 七成六 is 7 tenths and 6 hundredths.
            let part = match (group(Group::Half), group(Group::Hundredth)) {
                (Some(_), _) => HALF,
                (None, Some(h)) if tenths.value.fract().is_zero() && tenths.value_max.is_none() => {
                    parse_number(h.as_str()).ok()?.value.checked_div(Decimal::TEN)?
                }
                (None, Some(_)) => return None,
                (None, None) => Decimal::ZERO,
            };
            let tenth = |v: Decimal| v.checked_add(part)?.checked_mul(Decimal::TEN);
            let percent = Number { value: tenth(tenths.value)?, value_max: tenths.value_max.and_then(tenth) };
            (percent, Some("%"), "percent")
        }
        QuantityForm::Discount => {
            // 75折 and 7.5折 are both 75 %: a single figure counts tenths.
            let n = parse_number(num.as_str()).ok()?;
            // 十折 is the full price: no discount to report.
            let factor = if n.value < Decimal::TEN { Decimal::TEN } else { Decimal::ONE };
            if n.value_max.is_some() || n.value <= Decimal::ZERO || n.value == Decimal::TEN || n.value.checked_mul(factor)? > Decimal::ONE_HUNDRED {
                return None;
            }
            (n.scaled(factor)?, Some("%"), "percent")
        }
        QuantityForm::MoneyParts => {
            let yuan = parse_number(num.as_str()).ok()?;
            let part = |g: Group, scale: Decimal| -> Option<Decimal> {
                match group(g) {
                    Some(g) => {
                        let n = parse_number(g.as_str()).ok()?;
                        (n.value_max.is_none() && n.value < Decimal::TEN).then(|| n.value / scale)
                    }
                    None => Some(Decimal::ZERO),
                }
            };
            let value = yuan.value.checked_add(part(Group::Jiao, Decimal::TEN)?)?.checked_add(part(Group::Fen, Decimal::ONE_HUNDRED)?)?;
            if yuan.value_max.is_some() {
                return None;
            }
            (Number { value, value_max: None }, Some("元"), "currency")
        }
        QuantityForm::CurrencySymbol => {
            let amount = parse_number(num.as_str()).ok()?;
            let unit = match group(Group::Sign)?.as_str() {
                "$" => "美元",
                "￥" | "¥" => "元",
                "€" => "欧元",
                "£" => "英镑",
                _ => return None,
            };
            (amount, Some(unit), "currency")
        }
        QuantityForm::Doubling => {
            let times = parse_number(num.as_str()).ok()?;
            let n = times.value.to_u32().filter(|&n| (1..=10).contains(&n))?;
            (Number { value: Decimal::from(2u64.pow(n)), value_max: None }, Some("倍"), "multiple")
        }
        QuantityForm::Rank => {
            let rank = parse_number(num.as_str()).ok()?;
            (rank, Some(group(Group::Unit)?.as_str()), "rank")
        }
    };
    let number = if negative { Number { value: -number.value, value_max: number.value_max.map(|m| -m) } } else { number };
    Some(Quantity {
        start,
        end,
        outer_start: whole.start(),
        outer_end: whole.end(),
        rule: &rule.pattern.id,
        value: number.value.normalize(),
        value_max: number.value_max.map(|m| m.normalize()),
        unit,
        unit_kind,
        qualifier: qualifier.unwrap_or("exact"),
    })
}

/// A half, for `一吨半` and `三成半`.
const HALF: Decimal = Decimal::from_parts(5, 0, 0, false, 1);

/// Significant digits of a share that does not terminate (`三分之一`).
const SHARE_DIGITS: u32 = 6;

/// Moves trailing numeral characters of `num` into the unit when together
/// they make a unit (`12千` + `米` → `12` + `千米`).
fn split_unit_head<'t>(num: &'t str, unit: &'t str, rules: &QuantityRules) -> (Cow<'t, str>, Cow<'t, str>) {
    for (at, _) in num.char_indices().rev().take(2) {
        let head = &num[at..];
        if at == 0 || !head.chars().all(|c| "千百十万兆".contains(c)) {
            continue;
        }
        let combined = format!("{head}{unit}");
        if rules.unit(&combined).is_some() {
            return (Cow::Borrowed(&num[..at]), Cow::Owned(combined));
        }
    }
    (Cow::Borrowed(num), Cow::Borrowed(unit))
}

fn magnitude(word: &str) -> Option<Decimal> {
    Some(Decimal::from(match word {
        "万亿" | "萬億" => 1_000_000_000_000u64,
        "亿" | "億" => 100_000_000,
        "万" | "萬" => 10_000,
        "千" => 1_000,
        _ => return None,
    }))
}

/// The value before a trailing place character and the place's value:
/// `3万` → (3, 10000), `三仟` → (3, 1000).
fn trailing_place(num: &str) -> Option<(Decimal, Decimal)> {
    let (head, place) = ["万亿", "亿", "万", "千", "仟", "百", "佰"]
        .iter()
        .find_map(|m| num.strip_suffix(*m).map(|head| (head, *m)))?;
    let factor = magnitude(place).or_else(|| Some(Decimal::from(if matches!(place, "百" | "佰") { 100 } else { 1000 })))?;
    let lead = parse_number(head).ok()?;
    (lead.value_max.is_none()).then_some((lead.value, factor))
}
