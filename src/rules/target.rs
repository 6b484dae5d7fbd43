//! `target.toml`: cues that make quantities targets.

use std::collections::BTreeMap;

use regex::Captures;
use serde::Deserialize;

use super::{Pattern, RuleError, RuleSpec, check_unique_ids};

const FILE: &str = "target.toml";

/// What a cue tells about the sentence it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CueKind {
    Deadline,
    Horizon,
    Future,
    Past,
    GoalList,
    GoalState,
    BuildVerb,
    NotTarget,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TargetFile {
    vague_units: Vec<String>,
    cue: Vec<RuleSpec>,
    plan_periods: BTreeMap<String, i32>,
    comparator: BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct TargetRules {
    pub cues: Vec<(CueKind, Pattern)>,
    pub vague_units: Vec<String>,
    plan_periods: BTreeMap<String, i32>,
    comparators: BTreeMap<String, String>,
}

const COMPARATORS: [&str; 5] = ["=", ">", ">=", "<", "<="];

impl TargetRules {
    pub(super) fn load(file: TargetFile) -> Result<TargetRules, RuleError> {
        check_unique_ids(FILE, file.cue.iter().map(|c| c.id.as_str()))?;
        let macros = BTreeMap::new();
        let cues = file
            .cue
            .iter()
            .map(|c| {
                let kind = c.kind.ok_or_else(|| RuleError::new(FILE, Some(&c.id), "missing `kind`"))?;
                Ok((kind, Pattern::compile(FILE, c, &macros)?))
            })
            .collect::<Result<Vec<_>, RuleError>>()?;
        for (qualifier, op) in &file.comparator {
            if !COMPARATORS.contains(&op.as_str()) {
                return Err(RuleError::new(FILE, None, format!("comparator for `{qualifier}`: unknown `{op}`")));
            }
        }
        Ok(TargetRules { cues, vague_units: file.vague_units, plan_periods: file.plan_periods, comparators: file.comparator })
    }

    /// The cues of one kind.
    pub fn of(&self, kind: CueKind) -> impl Iterator<Item = &Pattern> {
        self.cues.iter().filter(move |(k, _)| *k == kind).map(|(_, p)| p)
    }

    pub fn any_match(&self, kind: CueKind, text: &str) -> bool {
        self.of(kind).any(|p| p.is_match(text))
    }

    /// The first match of a cue of this kind: its span and what `read`
    /// takes from its groups.
    pub fn first_cue<'t, T>(&self, kind: CueKind, text: &'t str, read: impl Fn(&Captures<'t>) -> T) -> Option<(usize, usize, T)> {
        self.of(kind)
            .filter_map(|p| p.first_captures(text))
            .filter_map(|c| {
                let whole = c.get(0)?;
                Some((whole.start(), whole.end(), read(&c)))
            })
            .min_by_key(|&(start, _, _)| start)
    }

    /// The first deadline cue of `text`: its span and the year, read from
    /// its `year` group or its `period` (a five-year plan) group.
    pub fn deadline(&self, text: &str) -> Option<(usize, usize, Option<i32>)> {
        self.first_cue(CueKind::Deadline, text, |c| match (c.name("year"), c.name("period")) {
            (Some(year), _) => year.as_str().parse().ok(),
            (None, Some(period)) => self.plan_periods.get(period.as_str()).copied(),
            (None, None) => None,
        })
    }

    /// The comparator for a quantity's qualifier.
    pub fn comparator(&self, qualifier: &str) -> Option<&str> {
        self.comparators.get(qualifier).map(String::as_str)
    }
}
