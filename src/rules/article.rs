//! `article.toml`: bylines, dates and title lines.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Pattern, RuleError, RuleSpec, check_unique_ids};

const FILE: &str = "article.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ArticleFile {
    byline: Vec<RuleSpec>,
    roles: BTreeMap<String, String>,
    date: Vec<RuleSpec>,
    date_line_prefixes: Vec<String>,
    title_max_chars: usize,
    not_title_prefixes: Vec<String>,
    original_title_prefixes: Vec<String>,
}

pub type BylineRule = Pattern;
pub type DateRule = Pattern;

const ROLES: [&str; 5] = ["reporter", "chief_reporter", "photographer", "host", "correspondent"];

#[derive(Debug, Clone)]
pub struct ArticleRules {
    pub bylines: Vec<BylineRule>,
    pub dates: Vec<DateRule>,
    roles: BTreeMap<String, String>,
    pub date_line_prefixes: Vec<String>,
    pub title_max_chars: usize,
    pub not_title_prefixes: Vec<String>,
    pub original_title_prefixes: Vec<String>,
}

impl ArticleRules {
    pub(super) fn load(file: ArticleFile) -> Result<ArticleRules, RuleError> {
        check_unique_ids(FILE, file.byline.iter().chain(&file.date).map(|r| r.id.as_str()))?;
        for (word, role) in &file.roles {
            if !ROLES.contains(&role.as_str()) {
                return Err(RuleError::new(FILE, None, format!("role of `{word}`: unknown `{role}`")));
            }
        }
        let macros = BTreeMap::new();
        let compile = |specs: &[RuleSpec]| specs.iter().map(|s| Pattern::compile(FILE, s, &macros)).collect::<Result<Vec<_>, _>>();
        Ok(ArticleRules {
            bylines: compile(&file.byline)?,
            dates: compile(&file.date)?,
            roles: file.roles,
            date_line_prefixes: file.date_line_prefixes,
            title_max_chars: file.title_max_chars,
            not_title_prefixes: file.not_title_prefixes,
            original_title_prefixes: file.original_title_prefixes,
        })
    }

    pub fn role(&self, word: &str) -> Option<&str> {
        self.roles.get(word).map(String::as_str)
    }
}
