//! `organisation.toml`: the alias table and the suffix grammar.

use std::collections::BTreeMap;

use aho_corasick::AhoCorasick;
use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

use super::{Pattern, RuleError, RuleSpec, alternation, check_unique_ids};

const FILE: &str = "organisation.toml";

pub const ORG_TYPES: [&str; 11] = [
    "government", "party", "university", "research", "laboratory", "company", "association", "media", "hospital",
    "zone", "other",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OrganisationFile {
    home_city: String,
    home_city_short: Vec<String>,
    stop_words: Vec<String>,
    count_in_name: String,
    generic: Vec<String>,
    place_designations: Vec<String>,
    suffix: Vec<SuffixSpec>,
    not_suffix_words: Vec<String>,
    name_verbs: Vec<String>,
    name_conjunctions: Vec<String>,
    designation_verbs: Vec<String>,
    area_words: Vec<String>,
    rule: Vec<RuleSpec>,
    org: Vec<OrgSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SuffixSpec {
    #[serde(rename = "type")]
    org_type: String,
    names: Vec<String>,
    min_name_chars: usize,
    #[serde(default)]
    needs_place: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OrgSpec {
    canonical: String,
    #[serde(rename = "type")]
    org_type: String,
    aliases: Vec<String>,
}

/// A listed organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgEntry {
    pub canonical: String,
    pub org_type: String,
}

/// What a suffix says about the name it ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuffixInfo {
    pub org_type: String,
    pub min_name_chars: usize,
    /// The name must be led by a place or be listed.
    pub needs_place: bool,
    /// Words of `not_suffix_words` that hold the suffix, with the byte
    /// offset of the suffix in them (`布局`, 3 for `局`): worked out once.
    pub inside_words: Vec<(String, usize)>,
}

#[derive(Debug, Clone)]
pub struct OrganisationRules {
    /// Its pattern is `{suffix}`: its matches are found by the scan for
    /// [`super::CandidateLiterals`], then checked against its guards.
    pub suffix_rule: Pattern,
    aliases: FxHashMap<String, OrgEntry>,
    suffixes: FxHashMap<String, SuffixInfo>,
    /// Looked up for every word of every candidate name: a set.
    pub stop_words: FxHashSet<String>,
    /// The stop words as one automaton, for a search inside a text.
    stop_word_search: AhoCorasick,
    pub count_in_name: Regex,
    generic: FxHashSet<String>,
    /// Roles of a region (`科技创新中心`): a place and one of these is no institution.
    pub place_designations: Vec<String>,
    pub not_suffix_words: Vec<String>,
    pub name_verbs: FxHashSet<String>,
    /// Conjunctions that may join the parts of one name (`重庆脑与智能科学中心`).
    pub name_conjunctions: Vec<String>,
    /// Verbs after which a place and a generic class name a role the place
    /// is to play, not an institution (`打造渝东南科技创新中心`).
    pub designation_verbs: Vec<String>,
    /// Words of an area that may follow the place there (`区域`).
    pub area_words: Vec<String>,
    pub home_city: String,
    pub home_city_short: Vec<String>,
}

impl OrganisationRules {
    pub(super) fn load(file: OrganisationFile) -> Result<OrganisationRules, RuleError> {
        check_unique_ids(FILE, file.rule.iter().map(|r| r.id.as_str()))?;
        let check_type = |t: &str, what: &str| {
            if ORG_TYPES.contains(&t) { Ok(()) } else { Err(RuleError::new(FILE, None, format!("{what}: unknown type `{t}`"))) }
        };
        let mut aliases = FxHashMap::default();
        for org in &file.org {
            check_type(&org.org_type, &org.canonical)?;
            let entry = OrgEntry { canonical: org.canonical.clone(), org_type: org.org_type.clone() };
            // `市科技局` is also written with the city: `重庆市科技局`.
            let with_city: Vec<String> = org
                .aliases
                .iter()
                .filter_map(|a| a.strip_prefix('市').map(|rest| format!("{}{rest}", file.home_city)))
                .collect();
            for alias in org.aliases.iter().chain(&with_city).chain(std::iter::once(&org.canonical)) {
                if let Some(prev) = aliases.insert(alias.clone(), entry.clone())
                    && prev != entry
                {
                    return Err(RuleError::new(FILE, None, format!("alias `{alias}` names both {} and {}", prev.canonical, entry.canonical)));
                }
            }
        }
        let mut suffixes = FxHashMap::default();
        for spec in &file.suffix {
            check_type(&spec.org_type, "suffix")?;
            for name in &spec.names {
                let inside_words = file.not_suffix_words.iter().filter_map(|word| Some((word.clone(), word.find(name.as_str())?))).collect();
                let info = SuffixInfo { org_type: spec.org_type.clone(), min_name_chars: spec.min_name_chars, needs_place: spec.needs_place, inside_words };
                suffixes.insert(name.clone(), info);
            }
        }
        let mut macros = BTreeMap::new();
        macros.insert("suffix".to_string(), alternation(suffixes.keys().map(String::as_str)));
        let spec = file.rule.iter().find(|r| r.id == "suffix_name").ok_or_else(|| RuleError::new(FILE, Some("suffix_name"), "rule missing"))?;
        if spec.pattern != "{suffix}" {
            return Err(RuleError::new(FILE, Some("suffix_name"), "the pattern must be `{suffix}`: suffixes are found by one scan with the aliases and titles"));
        }
        Ok(OrganisationRules {
            suffix_rule: Pattern::compile(FILE, spec, &macros)?,
            aliases,
            suffixes,
            stop_word_search: AhoCorasick::new(&file.stop_words)
                .map_err(|e| RuleError::new(FILE, None, format!("stop_words: {e}")))?,
            stop_words: file.stop_words.into_iter().collect(),
            count_in_name: Regex::new(&file.count_in_name)
                .map_err(|e| RuleError::new(FILE, Some("count_in_name"), format!("bad pattern: {e}")))?,
            generic: file.generic.into_iter().collect(),
            place_designations: file.place_designations,
            not_suffix_words: file.not_suffix_words,
            name_verbs: file.name_verbs.into_iter().collect(),
            name_conjunctions: file.name_conjunctions,
            designation_verbs: file.designation_verbs,
            area_words: file.area_words,
            home_city: file.home_city,
            home_city_short: file.home_city_short,
        })
    }

    /// Whether a stop word stands anywhere in `text`: one pass, where a
    /// search for each word in turn cost a searcher set up per word.
    pub fn holds_stop_word(&self, text: &str) -> bool {
        self.stop_word_search.is_match(text)
    }

    /// Every name of the alias table, with the home city's forms.
    pub fn alias_names(&self) -> impl Iterator<Item = &str> {
        self.aliases.keys().map(String::as_str)
    }

    pub fn suffix_names(&self) -> impl Iterator<Item = &str> {
        self.suffixes.keys().map(String::as_str)
    }

    pub fn alias(&self, surface: &str) -> Option<&OrgEntry> {
        self.aliases.get(surface)
    }

    pub fn suffix(&self, suffix: &str) -> Option<&SuffixInfo> {
        self.suffixes.get(suffix)
    }

    pub fn is_generic(&self, name: &str) -> bool {
        self.generic.contains(name)
    }

    /// Whether `text` ends in an organisation suffix (`重庆大学`).
    pub fn ends_in_suffix(&self, text: &str) -> bool {
        text.char_indices().any(|(i, _)| self.suffixes.contains_key(&text[i..]))
    }
}
