//! Literal automata. [`Literals`] finds every occurrence of a set of
//! strings in one pass; [`CandidateLiterals`] is the one of every literal
//! that starts the search for an organisation or an official (the names of
//! the alias table, the organisation suffixes and the titles) and of those
//! the quantity rules require. A text is scanned once for all of them; each
//! set alone cost a pass over every byte.

use std::collections::BTreeMap;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};

use super::{OfficialRules, OrganisationRules, RequiredHit, RuleError};

/// Every occurrence of a set of literals, overlapping ones too: an
/// Aho-Corasick DFA walked a byte at a time, which hands each hit to the
/// caller where it is found. The library's overlapping iterator stops and
/// resumes at every hit, and texts are dense with hits; the walk cost
/// about 1 % fewer instructions over a whole run.
#[derive(Debug, Clone)]
struct Literals {
    dfa: DFA,
}

impl Literals {
    /// `what` names the set in an error.
    fn new<I, P>(literals: I, file: &str, what: &str) -> Result<Literals, RuleError>
    where
        I: IntoIterator<Item = P>,
        P: AsRef<[u8]>,
    {
        let dfa = DFA::builder()
            .match_kind(MatchKind::Standard)
            // The walk below never skips ahead, so no prefilter.
            .prefilter(false)
            .build(literals)
            .map_err(|e| RuleError::new(file, None, format!("{what}: {e}")))?;
        Ok(Literals { dfa })
    }

    /// Calls `hit(literal, start, end)` for every occurrence in `text`, by
    /// literal index, in the order of their ends.
    fn for_each(&self, text: &str, mut hit: impl FnMut(usize, usize, usize)) {
        let dfa = &self.dfa;
        // An unanchored search of a DFA built without error has a start state.
        let Ok(mut state) = dfa.start_state(Anchored::No) else { return };
        let bytes = text.as_bytes();
        let mut at = 0;
        while let Some((end, special)) = next_special(dfa, bytes, at, state) {
            // Built without a prefilter, a special state is a match or the
            // dead state, which an unanchored walk never reaches.
            if dfa.is_dead(special) {
                return;
            }
            if dfa.is_match(special) {
                for k in 0..dfa.match_len(special) {
                    let literal = dfa.match_pattern(special, k);
                    hit(literal.as_usize(), end - dfa.pattern_len(literal), end);
                }
            }
            (at, state) = (end, special);
        }
    }
}

/// Walks `dfa` from `state` over `bytes[at..]` to the next special state:
/// where it is reached, and the state. Apart from the handling of hits,
/// so that the walk keeps its few values in registers: inlined into the
/// loop over hits, it took nearly twice the instructions a byte.
#[inline(never)]
fn next_special(dfa: &DFA, bytes: &[u8], at: usize, mut state: StateID) -> Option<(usize, StateID)> {
    for (i, &byte) in bytes.iter().enumerate().skip(at) {
        state = dfa.next_state(Anchored::No, state, byte);
        if dfa.is_special(state) {
            return Some((i + 1, state));
        }
    }
    None
}

/// What a literal is; one string may be more than one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LiteralRoles {
    pub alias: bool,
    pub suffix: bool,
    pub title: bool,
    /// Its place among the literals the quantity rules require.
    pub required: Option<usize>,
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
    literals: Literals,
    /// The roles of each pattern of the automaton, by pattern index.
    roles: Vec<LiteralRoles>,
}

impl CandidateLiterals {
    pub(super) fn new(organisation: &OrganisationRules, official: &OfficialRules, required: &[String]) -> Result<CandidateLiterals, RuleError> {
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
        for (place, word) in required.iter().enumerate() {
            literals.entry(word).or_default().required = Some(place);
        }
        literals.retain(|literal, _| !literal.is_empty());
        let automaton = Literals::new(literals.keys(), "organisation.toml", "aliases, suffixes, titles and required literals")?;
        Ok(CandidateLiterals { literals: automaton, roles: literals.into_values().collect() })
    }

    /// Calls `found` for every occurrence of every literal in `text`,
    /// overlapping ones too, in the order of their ends.
    pub fn for_each(&self, text: &str, mut found: impl FnMut(LiteralHit)) {
        self.literals.for_each(text, |literal, start, end| found(LiteralHit { start, end, roles: self.roles[literal] }));
    }

    /// The literals the quantity rules require, alone: for a text read
    /// apart from the pipeline (`rules check`).
    pub fn required(&self, text: &str) -> Vec<RequiredHit> {
        let mut hits = Vec::new();
        self.for_each(text, |hit| {
            if let Some(word) = hit.roles.required {
                hits.push(RequiredHit { start: hit.start, end: hit.end, word });
            }
        });
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_occurrence_overlapping_ones_too_in_the_order_of_their_ends() {
        let literals = Literals::new(["科技", "技", "科技局", "局"], "test", "literals").unwrap();
        let mut hits = Vec::new();
        literals.for_each("市科技局局", |literal, start, end| hits.push((literal, start, end)));
        let (a, b, c) = ("市".len(), "市科".len(), "市科技".len());
        assert_eq!(hits, [(0, a, c), (1, b, c), (2, a, c + 3), (3, c, c + 3), (3, c + 3, c + 6)]);
    }
}
