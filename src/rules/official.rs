//! `official.toml` and `surnames.txt`.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

use super::{AnchoredPattern, Pattern, RuleError, RuleSpec, alternation, back_chars, check_unique_ids, forward_chars};

const FILE: &str = "official.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OfficialFile {
    title_separators: Vec<String>,
    block_separators: Vec<String>,
    drop_notes: Vec<String>,
    not_in_given_names: String,
    follow_words: Vec<String>,
    title: Vec<TitleSpec>,
    rule: Vec<RuleSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TitleSpec {
    names: Vec<String>,
    canonical: Option<String>,
    #[serde(default)]
    org_keeps: Option<String>,
}

/// How a written title is recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleInfo {
    /// The title as recorded (`相关负责人` → `负责人`).
    pub canonical: String,
    /// Leading characters that belong to the organisation (`区` of `区委书记`).
    pub org_keeps: Option<String>,
}

#[derive(Debug, Clone)]
pub struct OfficialRules {
    pub title_then_name: AnchoredPattern,
    pub name_then_title: Pattern,
    pub as_title_pronoun: Pattern,
    pub title_separators: Vec<String>,
    pub block_separators: Vec<String>,
    pub drop_notes: Vec<String>,
    pub not_in_given_names: String,
    pub follow_words: Vec<String>,
    titles: FxHashMap<String, TitleInfo>,
    /// Longest first.
    titles_by_length: Vec<String>,
    /// In characters: how far back from a block's end a title may start.
    longest_title: usize,
    surnames: FxHashSet<String>,
    /// In characters: compound surnames are two.
    longest_surname: usize,
}

impl OfficialRules {
    pub(super) fn load(file: OfficialFile, surnames: &[String]) -> Result<OfficialRules, RuleError> {
        check_unique_ids(FILE, file.rule.iter().map(|r| r.id.as_str()))?;
        let mut titles = FxHashMap::default();
        for spec in &file.title {
            for name in &spec.names {
                let info = TitleInfo { canonical: spec.canonical.clone().unwrap_or_else(|| name.clone()), org_keeps: spec.org_keeps.clone() };
                titles.insert(name.clone(), info);
            }
        }
        if surnames.is_empty() {
            return Err(RuleError::new("surnames.txt", None, "no surnames"));
        }
        let mut macros = BTreeMap::new();
        macros.insert("title".to_string(), alternation(titles.keys().map(String::as_str)));
        let plain = titles.iter().filter(|(_, info)| info.org_keeps.is_none()).map(|(name, _)| name.as_str());
        macros.insert("title_plain".to_string(), alternation(plain));
        let surname = alternation(surnames.iter().map(String::as_str));
        macros.insert("name".to_string(), format!(r"(?:[\p{{Han}}]{{2,4}}·[\p{{Han}}]{{2,5}}|{surname}[\p{{Han}}]{{1,2}})"));
        let find = |id: &str| -> Result<Pattern, RuleError> {
            let spec = file.rule.iter().find(|r| r.id == id).ok_or_else(|| RuleError::new(FILE, Some(id), "rule missing"))?;
            Pattern::compile(FILE, spec, &macros)
        };
        let mut titles_by_length: Vec<String> = titles.keys().cloned().collect();
        titles_by_length.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
Ok(OfficialRules {
            title_then_name: find("title_then_name")?.anchored()?,
            name_then_title: find("name_then_title")?,
            as_title_pronoun: find("as_title_pronoun")?,
            title_separators: file.title_separators,
            block_separators: file.block_separators,
            drop_notes: file.drop_notes,
            not_in_given_names: file.not_in_given_names,
            follow_words: file.follow_words,
            longest_title: titles_by_length.first().map_or(0, |t| t.chars().count()),
            titles,
            titles_by_length,
            longest_surname: surnames.iter().map(|s| s.chars().count()).max().unwrap_or(0),
            surnames: surnames.iter().cloned().collect(),
        })
    }

    /// Every written title.
    pub fn title_names(&self) -> impl Iterator<Item = &str> {
        self.titles_by_length.iter().map(String::as_str)
    }

    pub fn title(&self, written: &str) -> Option<&TitleInfo> {
        self.titles.get(written)
    }

    /// The longest title that `text` ends with: its tails looked up from
    /// the longest a title can be, not every title compared in turn.
    pub fn title_suffix<'a>(&self, text: &'a str) -> Option<(&'a str, &TitleInfo)> {
        let from = back_chars(text, text.len(), self.longest_title);
        text[from..].char_indices().find_map(|(at, _)| {
            let tail = &text[from + at..];
            Some((tail, self.titles.get(tail)?))
        })
    }

    /// The surname that `name` starts with, compound surnames first.
    pub fn surname_of<'a>(&self, name: &'a str) -> Option<&'a str> {
        (1..=self.longest_surname).rev().find_map(|chars| {
            let head = &name[..forward_chars(name, 0, chars)];
            (head.chars().count() == chars && self.surnames.contains(head)).then_some(head)
        })
    }
}
