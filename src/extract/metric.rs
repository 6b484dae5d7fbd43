//! What a number measures: the `metric` of a quantity.
//!
//! A count whose noun follows it (`16个战略领域`) takes the noun phrase after
//! it, read from the jieba tags. Any other quantity takes the phrase of its
//! clause before it, less framing words at the start and linking words at
//! the end (`metric_lead`, `metric_trail` of `quantity.toml`). A list of
//! values after a list of names (`科技型企业、高新技术企业…48838家、6401家`,
//! `A和B分别达到X和Y`) pairs them in order; a value with nothing before it
//! in a list (`82.8%、76.9%`) shares the metric of the one before.

use super::Document;
use super::quantity::Quantity;
use crate::rules::QuantityRules;

/// Ends a clause for the metric.
const HARD_BOUNDARY: &[char] =
    &['，', ',', '；', ';', '：', ':', '。', '！', '？', '!', '?', '(', ')', '（', '）', '“', '”', '"', '《', '》'];
/// Separates the items of a list.
const LIST_SEPARATORS: &[&str] = &["、", "和", "及", "与", "以及"];

/// The metric of each quantity of a sentence, and whether it came from after.
pub fn metrics(doc: &Document, sentence: usize, quantities: &[Quantity], rules: &QuantityRules) -> Vec<(Option<String>, bool)> {
    if quantities.is_empty() {
        return Vec::new();
    }
    let text = doc.sentence_text(sentence);
    let mut out: Vec<(Option<String>, bool)> = Vec::with_capacity(quantities.len());
    for (i, q) in quantities.iter().enumerate() {
        let previous_end = i.checked_sub(1).map_or(0, |p| quantities[p].outer_end);
        if q.unit_kind == "count"
            && q.unit.is_some()
            && let Some(after) = noun_after(doc, sentence, q.outer_end, rules)
        {
            out.push((Some(after), true));
            continue;
        }
        let soft = clause_before(text, previous_end, q.outer_start, true);
        let mut metric = strip(soft, rules);
        if metric.is_none() && i > 0 && only_separators(&text[previous_end..q.outer_start]) {
            metric = out[i - 1].0.clone();
        }
        if metric.is_none() {
            metric = strip(clause_before(text, previous_end, q.outer_start, false), rules);
        }
        // A clause before that holds no noun (`设立`, `由`) names nothing; the
        // noun phrase after the value does (`设立2000万元的人才基金`). Not so
        // for spans of time (`未来五年`, `全市…`).
        if q.unit_kind != "duration"
            && metric.as_deref().is_some_and(|m| m.chars().count() <= SHORT_CLAUSE && !holds_noun(doc, m))
            && let Some(after) = noun_after(doc, sentence, q.outer_end, rules)
        {
            metric = Some(after);
        }
        out.push((metric, false));
    }
    distribute(text, quantities, &mut out, rules);
    out
}

/// Clauses before a value this short are checked for a noun; longer ones
/// hold one.
const SHORT_CLAUSE: usize = 6;

/// Whether a phrase holds a noun (not only verbs and function words).
fn holds_noun(doc: &Document, phrase: &str) -> bool {
    doc.segmenter().tag(phrase).iter().any(|w| matches!(w.tag, "n" | "nr" | "ns" | "nt" | "nz" | "ng" | "j" | "l" | "eng"))
}

/// The noun phrase right after a value, from the jieba tags: `个` +
/// `战略领域`, `条` + `创新政策` (verbs may lead it, as modifiers, but a
/// verb after its first noun ends it), `平方公里的` + `科技生态城`.
fn noun_after(doc: &Document, sentence: usize, at: usize, rules: &QuantityRules) -> Option<String> {
    let text = doc.sentence_text(sentence);
    let at = if text[at..].starts_with('的') { at + '的'.len_utf8() } else { at };
    if !text[at..].chars().next().is_some_and(crate::clean::is_han) {
        return None;
    }
    // A noun phrase of a few words lies within this many bytes.
    const WINDOW: usize = 12 * 3;
    let words = doc.words(sentence, at, at + WINDOW);
    let first = words.iter().position(|w| w.start == at)?;
    let nominal = |tag: &str| rules.after_tags.iter().any(|t| t == tag);
    let words = &words[first..];
    let lead = words.iter().take_while(|w| w.tag == "v").count();
    let phrase: Vec<&str> =
        words.iter().take(rules.after_max_words).enumerate().take_while(|(i, w)| *i < lead || nominal(w.tag)).map(|(_, w)| w.text).collect();
    // `具有牵引性的重大项目`: verbs and a noun before 的 modify the head, they are not it.
    let modifier = lead > 0 && words.get(phrase.len()).is_some_and(|w| w.text == "的");
    (phrase.len() > lead && !modifier).then(|| phrase.concat())
}

/// The clause text between the last boundary (or the previous quantity)
/// and `end`; `soft` also stops at list separators.
fn clause_before(text: &str, floor: usize, end: usize, soft: bool) -> &str {
    let before = &text[floor..end];
    let cut = before
        .char_indices()
        .rev()
        .find(|&(_, c)| HARD_BOUNDARY.contains(&c) || (soft && c == '、'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &before[cut..]
}

fn strip(phrase: &str, rules: &QuantityRules) -> Option<String> {
    let mut phrase = phrase.trim();
    if let Some(m) = rules.metric_lead.find(phrase) {
        phrase = &phrase[m.end()..];
    }
    if let Some(m) = rules.metric_trail.find(phrase) {
        phrase = &phrase[..m.start()];
    }
    let phrase = phrase.trim();
    (!phrase.is_empty()).then(|| phrase.to_string())
}

fn only_separators(between: &str) -> bool {
    let mut rest = between.trim();
    while !rest.is_empty() {
        let Some(sep) = LIST_SEPARATORS.iter().find(|s| rest.starts_with(*s)) else { return false };
        rest = rest[sep.len()..].trim_start();
    }
    true
}

/// Pairs a run of values joined by list separators with the same number
/// of names before the first of them.
fn distribute(text: &str, quantities: &[Quantity], out: &mut [(Option<String>, bool)], rules: &QuantityRules) {
    let mut i = 0;
    while i < quantities.len() {
        let mut j = i + 1;
        while j < quantities.len() && only_separators(&text[quantities[j - 1].outer_end..quantities[j].outer_start]) {
            j += 1;
        }
        let run = j - i;
        if run >= 2 && !out[i].1 {
            let floor = i.checked_sub(1).map_or(0, |p| quantities[p].outer_end);
            let clause = clause_before(text, floor, quantities[i].outer_start, false);
            let names = split_list(clause);
            if names.len() == run {
                let parts: Vec<Option<String>> = names.iter().map(|n| strip(n, rules)).collect();
                if parts.iter().all(Option::is_some) {
                    for (k, part) in parts.into_iter().enumerate() {
                        out[i + k] = (part, false);
                    }
                }
            }
        }
        i = j;
    }
}

fn split_list(clause: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = clause;
    'outer: loop {
        for (at, _) in rest.char_indices() {
            if let Some(sep) = LIST_SEPARATORS.iter().find(|s| rest[at..].starts_with(*s)) {
                parts.push(&rest[..at]);
                rest = &rest[at + sep.len()..];
                continue 'outer;
            }
        }
        parts.push(rest);
        break;
    }
    parts
}
