//! Targets: quantities stated as goals, and goals without a number.
//!
//! A sentence is a goal context when it states a deadline (`到2027年`), a
//! horizon (`未来5年`), a future marker (`力争`, `将`, `年均`), or stands in a
//! list of goals that an earlier sentence introduced (`聚焦5个主要目标…具体
//! 包括`); the list runs to the next heading. A past marker (`已`, `截至`,
//! `完成全年目标`) makes the sentence a report, unless it names a deadline.
//! A horizon stated beside a deadline (`未来五年…到2027年`) is remembered, so
//! a later `未来五年` of the same plan carries the year.

use std::collections::HashMap;
use std::sync::LazyLock;

use memchr::memmem;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::quantity::Found;
use super::{Document, overlaps};
use crate::clean::is_han;
use crate::number::parse_number;
use crate::rules::{CueKind, TargetRules, next_char};

#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub sentence: usize,
    /// Cleaned byte span of the goal's clause.
    pub start: usize,
    pub end: usize,
    /// The quantity it is the goal of, by index into the found quantities.
    pub quantity: Option<usize>,
    pub metric: Option<String>,
    pub comparator: Option<String>,
    pub deadline: Option<i32>,
    pub horizon_years: Option<i32>,
}

/// Ends a goal clause.
const CLAUSE_END: &[char] = &['，', ',', '；', ';', '。', '！', '？', '!', '?', '：', ':'];

/// Join the values of a list (`1.27万家和8.6万家`): no noun follows there.
const LIST_JOINERS: &[char] = &['和', '及', '与', '、'];

/// Searchers for `年` and `五`, built once: a search for a character
/// looks for its last byte, which many other characters share.
static YEAR: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("年"));
static FIVE: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("五"));

/// How far (in sentences) a horizon and a deadline may stand apart to be
/// read as one plan.
const PLAN_PAIRING: usize = 2;

pub fn find(doc: &Document, quantities: &[Found], rules: &TargetRules) -> Vec<Target> {
    let mut targets = Vec::new();
    let mut in_list = false;
    let mut list_deadline = None;
    let mut list_horizon = None;
    let mut plan_years: HashMap<i32, i32> = HashMap::new();
    let mut last_horizon: Option<(i32, usize)> = None;
    let mut last_deadline: Option<(i32, usize)> = None;
    let mut with_quantity = vec![false; doc.sentences.len()];
    for found in quantities {
        with_quantity[found.sentence] = true;
    }
    for (index, sentence) in doc.sentences.iter().enumerate() {
        let text = doc.sentence_text(index);
        // Deadlines and horizons are years or five-year plans: no `年` and
        // no `五`, no need to look.
        let holds = |finder: &memmem::Finder| finder.find(text.as_bytes()).is_some();
        let has_year = holds(&YEAR);
        let deadline_cue = if has_year || holds(&FIVE) { rules.deadline(text) } else { None };
        let deadline = deadline_cue.and_then(|(_, _, y)| y);
        let horizon_cue = if has_year { rules.first_cue(CueKind::Horizon, text, |c| c.name("years").map(|g| g.as_str())) } else { None };
        let horizon = horizon_cue.and_then(|(_, _, y)| years(y?));
        if let Some(h) = horizon {
            last_horizon = Some((h, index));
        }
        if let Some(d) = deadline {
            last_deadline = Some((d, index));
        }
        // A horizon and a deadline close together belong to one plan.
        if let (Some((h, hi)), Some((d, di))) = (last_horizon, last_deadline)
            && hi.abs_diff(di) <= PLAN_PAIRING
        {
            plan_years.insert(h, d);
        }
        let introduces_list = rules.any_match(CueKind::GoalList, text);
        if sentence.heading && !introduces_list {
            in_list = false;
        }
        if introduces_list {
            // A second intro of the same list (`…5个主要目标。具体包括：`) keeps
            // the horizon and deadline of the first.
            let own_deadline = deadline.or_else(|| horizon.and_then(|h| plan_years.get(&h).copied()));
            if !in_list || horizon.is_some() || own_deadline.is_some() {
                list_horizon = horizon;
                list_deadline = own_deadline;
            }
            in_list = true;
        }
        if !with_quantity[index] && deadline.is_none() {
            continue;
        }
        let past = deadline.is_none() && rules.any_match(CueKind::Past, text);
        let future = deadline.is_some() || horizon.is_some() || rules.any_match(CueKind::Future, text);
        if past || !(future || in_list) {
            continue;
        }
        let horizon_here = horizon.or(if in_list { list_horizon } else { None });
        let deadline_here = deadline
            .or_else(|| horizon.and_then(|h| plan_years.get(&h).copied()))
            .or(if in_list { list_deadline } else { None });

        let before_count = targets.len();
        // Quantities are in sentence order: this sentence's are a run.
        let first = quantities.partition_point(|f| f.sentence < index);
        for (qi, found) in quantities.iter().enumerate().skip(first).take_while(|(_, f)| f.sentence == index) {
            let q = &found.quantity;
            let is_horizon = horizon_cue.is_some_and(|(s, e, _)| overlaps((s, e), (q.outer_start, q.outer_end)));
            if is_horizon || q.unit_kind == "duration" || found.metric.is_none() {
                continue;
            }
            if q.unit.is_some_and(|u| rules.vague_units.iter().any(|v| v == u)) {
                continue;
            }
            let clause_start = text[..q.outer_start].rfind(CLAUSE_END).map_or(0, |i| next_char(text, i));
            // A count before its noun is a goal only right after a verb of building.
            let before_noun = q.unit_kind == "count"
                && text[q.outer_end..].chars().next().is_some_and(|c| is_han(c) && !LIST_JOINERS.contains(&c));
            if (found.metric_after || before_noun) && !rules.any_match(CueKind::BuildVerb, &text[clause_start..q.outer_start]) {
                continue;
            }
            // The subject of a comparison that follows is not the goal.
            if rules.any_match(CueKind::NotTarget, &text[q.outer_end..]) {
                continue;
            }
            targets.push(Target {
                sentence: index,
                start: sentence.start + clause_start,
                end: sentence.start + q.outer_end,
                quantity: Some(qi),
                metric: found.metric.clone(),
                comparator: rules.comparator(q.qualifier).map(str::to_string),
                deadline: deadline_here,
                horizon_years: horizon_here,
            });
        }
        // A goal without a number: a deadline stated here and a state to reach.
        if targets.len() == before_count
            && let Some((cue_start, _, _)) = deadline_cue
            && rules.any_match(CueKind::GoalState, &text[cue_start..])
        {
            let body = text[cue_start..].trim_end_matches(|c: char| CLAUSE_END.contains(&c) || c == '”');
            targets.push(Target {
                sentence: index,
                start: sentence.start + cue_start,
                end: sentence.start + cue_start + body.len(),
                quantity: None,
                metric: None,
                comparator: None,
                deadline,
                horizon_years: horizon,
            });
        }
    }
    targets
}

fn years(text: &str) -> Option<i32> {
    let n = parse_number(text).ok()?;
    if n.value_max.is_some() || n.value <= Decimal::ZERO {
        return None;
    }
    n.value.to_i32()
}

