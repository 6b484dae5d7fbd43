//! Where organisations, officials and quantities may be: one scan of a
//! text for every alias, suffix, title and literal a quantity rule
//! requires ([`CandidateLiterals`]), sorted into what each extractor
//! searches from.

use std::ops::Range;

use crate::rules::{CandidateLiterals, Pattern, RequiredHit};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Candidates {
    /// Names of the alias table, leftmost first and longest first, none
    /// overlapping: what a search for all the aliases finds.
    pub aliases: Vec<Range<usize>>,
    /// Organisation suffixes where the suffix rule matches: what its own
    /// search finds, its guards applied.
    pub suffixes: Vec<Range<usize>>,
    /// Where titles start, in order.
    pub title_starts: Vec<usize>,
    /// The literals the quantity rules require, in the order of their ends.
    pub required: Vec<RequiredHit>,
}

impl Candidates {
    pub fn find(text: &str, literals: &CandidateLiterals, suffix_rule: &Pattern) -> Candidates {
        let mut found = Candidates::default();
        literals.for_each(text, |hit| {
            if hit.roles.alias {
                found.aliases.push(hit.start..hit.end);
            }
            if hit.roles.suffix {
                found.suffixes.push(hit.start..hit.end);
            }
            if hit.roles.title {
                found.title_starts.push(hit.start);
            }
            if let Some(word) = hit.roles.required {
                found.required.push(RequiredHit { start: hit.start, end: hit.end, word });
            }
        });
        found.aliases = leftmost_longest(found.aliases, |_| true);
        found.suffixes = leftmost_longest(found.suffixes, |span| suffix_rule.guards_hold(text, span.start, span.end));
        found.title_starts.sort_unstable();
        found
    }
}

/// The spans a search for the literals, longest first, finds among all
/// their occurrences `hits`: the longest at the leftmost start, then on
/// from its end. A span `accept` refuses passes its start by, as a
/// search that goes on one character later would.
fn leftmost_longest(mut hits: Vec<Range<usize>>, accept: impl Fn(&Range<usize>) -> bool) -> Vec<Range<usize>> {
    hits.sort_unstable_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut kept: Vec<Range<usize>> = Vec::new();
    let mut at = 0;
    let mut tried_start = None;
    for hit in hits {
        if hit.start < at || tried_start == Some(hit.start) {
            continue;
        }
        tried_start = Some(hit.start);
        if accept(&hit) {
            at = hit.end;
            kept.push(hit);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::rules::{RuleSet, alternation};

    #[test]
    fn the_longest_at_the_leftmost_start_then_on_from_its_end() {
        let hits = vec![3..9, 0..6, 0..3, 6..9, 9..12];
        assert_eq!(leftmost_longest(hits, |_| true), [0..6, 6..9, 9..12]);
    }

    #[test]
    fn a_refused_span_passes_its_start_by() {
        // Refusing 0..6 skips the shorter 0..3 at the same start, not 3..9.
        let hits = vec![0..6, 0..3, 3..9];
        assert_eq!(leftmost_longest(hits, |span| *span != (0..6)), vec![Range { start: 3, end: 9 }]);
    }

    fn rules() -> &'static RuleSet {
        static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
        RULES.get_or_init(|| RuleSet::embedded().unwrap())
    }

    /// Texts made of aliases, suffixes, titles, the quantity rules'
    /// required literals and characters that stand around them (`城` and
    /// `生` are refused by the suffix rule's guard).
    fn pieces(rules: &RuleSet) -> Vec<String> {
        let org = &rules.organisation;
        let words = org.alias_names().chain(org.suffix_names()).chain(rules.official.title_names()).map(str::to_string);
        let required = rules.quantity.sieve.words().iter().cloned();
        words.chain(required).chain("的城生路国家重庆市区大学中心长,。".chars().map(String::from)).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        /// The scan finds what a search for each kind of literal finds:
        /// the aliases as one regex of them all, the suffixes as the suffix
        /// rule's own search, every place a title starts, every place a
        /// literal the quantity rules require stands.
        #[test]
        fn the_scan_finds_what_a_search_for_each_finds(picks in proptest::collection::vec(any::<prop::sample::Index>(), 1..40)) {
            let rules = rules();
            let pieces = pieces(rules);
            let text: String = picks.iter().map(|i| i.get(&pieces).as_str()).collect();
            let found = Candidates::find(&text, &rules.candidates, &rules.organisation.suffix_rule);

            let aliases = regex::Regex::new(&alternation(rules.organisation.alias_names())).unwrap();
            prop_assert_eq!(&found.aliases, &aliases.find_iter(&text).map(|m| m.range()).collect::<Vec<_>>());
            prop_assert_eq!(&found.suffixes, &rules.organisation.suffix_rule.spans(&text));
            let text = text.as_str();
            let mut title_starts: Vec<usize> = rules
                .official
                .title_names()
                .flat_map(|t| text.char_indices().filter(move |(at, _)| text[*at..].starts_with(t)).map(|(at, _)| at))
                .collect();
            title_starts.sort_unstable();
            prop_assert_eq!(&found.title_starts, &title_starts);
            let words = rules.quantity.sieve.words();
            let at_each_char = |(at, _)| {
                let here = words.iter().enumerate().filter(move |(_, w)| text[at..].starts_with(w.as_str()));
                here.map(move |(word, w)| RequiredHit { start: at, end: at + w.len(), word })
            };
            let mut required: Vec<RequiredHit> = text.char_indices().flat_map(at_each_char).collect();
            // The scan gives them in the order of their ends.
            required.sort_by_key(|h| (h.end, std::cmp::Reverse(h.start)));
            let mut found_required = found.required;
            found_required.sort_by_key(|h| (h.end, std::cmp::Reverse(h.start)));
            prop_assert_eq!(found_required, required);
        }

        /// The title-then-name rule tried only where the scan found a title
        /// finds what a search of the whole text finds, groups and all.
        #[test]
        fn the_title_rule_at_the_title_starts_finds_what_a_search_finds(picks in proptest::collection::vec(any::<prop::sample::Index>(), 1..40)) {
            let rules = rules();
            let names = ["王", "李", "欧阳", "明", "炬", "建华", "·", "（兼）", " ", "，", "、", "。"].map(String::from);
            let pieces: Vec<String> = rules.official.title_names().map(str::to_string).chain(names).collect();
            let text: String = picks.iter().map(|i| i.get(&pieces).as_str()).collect();
            let found = Candidates::find(&text, &rules.candidates, &rules.organisation.suffix_rule);
            let rule = &rules.official.title_then_name;
            let mut at_starts = Vec::new();
            rule.for_each_at(&text, &found.title_starts, |groups| {
                let span = |name: &str| groups.get_group_by_name(name).map(|s| s.range());
                at_starts.push((groups.get_match().map(|m| m.range()), span("title"), span("name")));
            });
            let searched: Vec<_> = rule
                .pattern()
                .captures(&text)
                .iter()
                .map(|c| (c.get(0).map(|m| m.range()), c.name("title").map(|m| m.range()), c.name("name").map(|m| m.range())))
                .collect();
            prop_assert_eq!(at_starts, searched);
        }
    }
}
