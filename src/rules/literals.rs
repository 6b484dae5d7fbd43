//! One automaton of every literal that starts the search for an
//! organisation or an official: the names of the alias table, the
//! organisation suffixes and the titles. A text is scanned once for all of
//! them; each set alone cost a pass over every byte.

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use super::{OfficialRules, OrganisationRules, RuleError};

/// What a literal is; one string may be more than one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LiteralRoles {
    pub alias: bool,
    pub suffix: bool,
    pub title: bool,
}

/// A literal found in a text: its byte span and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiteralHit {
    pub start: usize,
    pub end: usize,
    pub roles: LiteralRoles,
}

#[derive(Debug, Clone)]
pub struct CandidateLiterals {
    automaton: AhoCorasick,
    /// The roles of each pattern of the automaton, by pattern index.
    roles: Vec<LiteralRoles>,
}

impl CandidateLiterals {
    pub(super) fn new(organisation: &OrganisationRules, official: &OfficialRules) -> Result<CandidateLiterals, RuleError> {
        let mut literals: BTreeMap<&str, LiteralRoles> = BTreeMap::new();
        for alias in organisation.alias_names() {
            literals.entry(alias).or_default().alias = true;
        }
        for suffix in organisation.suffix_names() {
            literals.entry(suffix).or_default().suffix = true;
        }
        for title in official.title_names() {
            literals.entry(title).or_default().title = true;
        }
        literals.retain(|literal, _| !literal.is_empty());
        // A DFA: it scans every byte of every text.
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .build(literals.keys())
            .map_err(|e| RuleError::new("organisation.toml", None, format!("aliases, suffixes and titles: {e}")))?;
        Ok(CandidateLiterals { automaton, roles: literals.into_values().collect() })
    }

    /// Every occurrence of every literal in `text`, overlapping ones too,
    /// in the order of their ends.
    pub fn find_all<'a>(&'a self, text: &'a str) -> impl Iterator<Item = LiteralHit> + 'a {
        self.automaton.find_overlapping_iter(text).map(|m| LiteralHit { start: m.start(), end: m.end(), roles: self.roles[m.pattern().as_usize()] })
    }
}
