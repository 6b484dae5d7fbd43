//! Loading and compiling the rule files of `rules/`.
//!
//! The files are embedded in the binary; `--rules DIR` reads the same file
//! names from a folder instead. Everything is parsed with
//! `deny_unknown_fields` and compiled once, here: a bad regex, an unknown
//! macro or a duplicate id fails with the file and the rule id.

mod article;
mod literals;
mod official;
mod organisation;
mod quantity;
mod target;

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::path::Path;

use regex::{Captures, Regex};
use regex_automata::{Anchored, Input, meta};
use serde::Deserialize;

pub use article::{ArticleRules, BylineRule, DateRule};
pub use literals::{CandidateLiterals, LiteralHit, LiteralRoles};
pub use official::{OfficialRules, TitleInfo};
pub use organisation::{OrgEntry, OrganisationRules, SuffixInfo};
pub use quantity::{Group, QuantityForm, QuantityRule, QuantityRules, RequiredHit, UnitInfo};
pub use target::{CueKind, TargetRules};

/// The rule files, by name, as shipped in `rules/`.
const EMBEDDED: [(&str, &str); 9] = [
    ("article.toml", include_str!("../../rules/article.toml")),
    ("jieba_user.txt", include_str!("../../rules/jieba_user.txt")),
    ("official.toml", include_str!("../../rules/official.toml")),
    ("organisation.toml", include_str!("../../rules/organisation.toml")),
    ("qualifiers.toml", include_str!("../../rules/qualifiers.toml")),
    ("quantity.toml", include_str!("../../rules/quantity.toml")),
    ("surnames.txt", include_str!("../../rules/surnames.txt")),
    ("target.toml", include_str!("../../rules/target.toml")),
    ("units.toml", include_str!("../../rules/units.toml")),
];

/// A rule that cannot be loaded: which file, which rule, what is wrong.
#[derive(Debug, thiserror::Error)]
#[error("{file}{}: {message}", rule.as_ref().map(|id| format!(" [rule {id}]")).unwrap_or_default())]
pub struct RuleError {
    pub file: String,
    pub rule: Option<String>,
    pub message: String,
}

impl RuleError {
    pub(crate) fn new(file: &str, rule: Option<&str>, message: impl Into<String>) -> RuleError {
        RuleError { file: file.to_string(), rule: rule.map(str::to_string), message: message.into() }
    }
}

/// The text of every rule file, embedded or read from a folder.
#[derive(Debug, Clone)]
pub struct RuleFiles {
    files: BTreeMap<&'static str, String>,
}

impl RuleFiles {
    /// The rules compiled into the binary.
    pub fn embedded() -> RuleFiles {
        RuleFiles { files: EMBEDDED.iter().map(|(name, text)| (*name, (*text).to_string())).collect() }
    }

    /// The same file names read from `dir`; every file must be there.
    pub fn from_dir(dir: &Path) -> Result<RuleFiles, RuleError> {
        let mut files = BTreeMap::new();
        for (name, _) in EMBEDDED {
            let path = dir.join(name);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| RuleError::new(&path.display().to_string(), None, format!("cannot read: {e}")))?;
            files.insert(name, text);
        }
        Ok(RuleFiles { files })
    }

    pub fn text(&self, name: &str) -> &str {
        self.files.get(name).map(String::as_str).unwrap_or_default()
    }

    fn toml<T: for<'de> Deserialize<'de>>(&self, name: &str) -> Result<T, RuleError> {
        toml::from_str(self.text(name)).map_err(|e| RuleError::new(name, None, e.to_string()))
    }
}

/// Every rule, compiled.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub quantity: QuantityRules,
    pub target: TargetRules,
    pub official: OfficialRules,
    pub organisation: OrganisationRules,
    /// The aliases, suffixes and titles of the two above, and the literals
    /// the quantity rules require, in one automaton.
    pub candidates: CandidateLiterals,
    pub article: ArticleRules,
    pub jieba_user_dict: String,
}

impl RuleSet {
    pub fn load(files: &RuleFiles) -> Result<RuleSet, RuleError> {
        let surnames: Vec<String> = files
            .text("surnames.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect();
        let official = OfficialRules::load(files.toml("official.toml")?, &surnames)?;
        let organisation = OrganisationRules::load(files.toml("organisation.toml")?)?;
        let quantity = QuantityRules::load(files.toml("quantity.toml")?, files.toml("units.toml")?, files.toml("qualifiers.toml")?)?;
        Ok(RuleSet {
            target: TargetRules::load(files.toml("target.toml")?)?,
            candidates: CandidateLiterals::new(&organisation, &official, quantity.sieve.words())?,
            quantity,
            official,
            organisation,
            article: ArticleRules::load(files.toml("article.toml")?)?,
            jieba_user_dict: files.text("jieba_user.txt").to_string(),
        })
    }

    /// The embedded rules; they are checked by the test suite, so a failure
    /// here is a build defect, reported like any other rule error.
    pub fn embedded() -> Result<RuleSet, RuleError> {
        RuleSet::load(&RuleFiles::embedded())
    }
}

/// An example of a rule: plain text, or text with what it must yield.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ExampleSpec {
    Text(String),
    // Boxed: an example with all its fields is ten times the size of plain text.
    Full(Box<Example>),
}

impl ExampleSpec {
    pub fn text(&self) -> &str {
        match self {
            ExampleSpec::Text(text) => text,
            ExampleSpec::Full(example) => &example.text,
        }
    }
}

/// What an example must yield; each rule file uses the fields that fit it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub text: String,
    /// The matched text, when it is not the whole `text`.
    #[serde(rename = "match")]
    pub matched: Option<String>,
    pub value: Option<String>,
    pub value_max: Option<String>,
    pub unit: Option<String>,
    pub qualifier: Option<String>,
    pub name: Option<String>,
    /// `org/title` pairs, `-` for no organisation.
    #[serde(default)]
    pub positions: Vec<String>,
    /// `name/role` pairs of a byline.
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(rename = "type")]
    pub org_type: Option<String>,
}

/// A rule as written in any rule file. `form` is for quantity rules, `kind` for target cues; the loaders check that each
/// rule has what its file needs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: String,
    pub pattern: String,
    #[serde(default)]
    pub form: Option<QuantityForm>,
    #[serde(default)]
    pub kind: Option<CueKind>,
    /// Literals of which every match holds one (checked on the examples):
    /// text without any of them is not searched at all, since a substring
    /// test is far cheaper than a regex pass.
    #[serde(default)]
    pub requires: Vec<String>,
    #[serde(default)]
    pub not_after: Option<String>,
    #[serde(default)]
    pub not_before: Option<String>,
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
    #[serde(default)]
    pub counter_examples: Vec<String>,
}

/// A compiled rule pattern with its guards.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub id: String,
    pub file: &'static str,
    regex: Regex,
    requires: Vec<String>,
    /// A searcher for each required literal, built once: most texts a
    /// rule is tried on are short sentences, where setting up a search
    /// would cost more than the search.
    required: Vec<memchr::memmem::Finder<'static>>,
    not_after: Option<Regex>,
    not_before: Option<Regex>,
    pub examples: Vec<ExampleSpec>,
    pub counter_examples: Vec<String>,
}

/// A pattern whose every match starts at a literal another scan finds (a
/// rule that opens with a title, where the scan for candidates finds every
/// title): it is tried only there, each time a search anchored at that
/// start, not a search through the text between. The `regex` crate has no
/// anchored search; `regex-automata`, which it is built on, has.
#[derive(Debug, Clone)]
pub struct AnchoredPattern {
    pattern: Pattern,
    anchored: meta::Regex,
}

impl AnchoredPattern {
    pub fn pattern(&self) -> &Pattern {
        &self.pattern
    }

    /// Calls `visit` with the groups of each match that starts at one of
    /// `starts` (in order) and whose guards hold, none overlapping: the
    /// matches a search of the text finds when every match starts at one
    /// of `starts`.
    pub fn for_each_at(&self, text: &str, starts: &[usize], mut visit: impl FnMut(&regex_automata::util::captures::Captures)) {
        let mut groups = self.anchored.create_captures();
        let mut free_from = 0;
        let mut tried = None;
        for &start in starts {
            if start < free_from || tried.replace(start) == Some(start) {
                continue;
            }
            let input = Input::new(text).range(start..).anchored(Anchored::Yes);
            self.anchored.search_captures(&input, &mut groups);
            if let Some(whole) = groups.get_match()
                && self.pattern.guards_hold(text, whole.start(), whole.end())
            {
                visit(&groups);
                free_from = whole.end();
            }
        }
    }
}

/// How far the guards look around a match, in characters.
const GUARD_WINDOW: usize = 8;

impl Pattern {
    /// Compiles `spec` after expanding `{macro}` names from `macros`.
    pub fn compile(file: &'static str, spec: &RuleSpec, macros: &BTreeMap<String, String>) -> Result<Pattern, RuleError> {
        let compile_one = |source: &str| -> Result<Regex, RuleError> {
            let expanded = expand_macros(source, macros).map_err(|m| RuleError::new(file, Some(&spec.id), m))?;
            Regex::new(&expanded).map_err(|e| RuleError::new(file, Some(&spec.id), format!("bad pattern: {e}")))
        };
        Ok(Pattern {
            id: spec.id.clone(),
            file,
            regex: compile_one(&spec.pattern)?,
            requires: spec.requires.clone(),
            required: spec.requires.iter().map(|r| memchr::memmem::Finder::new(r.as_bytes()).into_owned()).collect(),
            not_after: spec.not_after.as_deref().map(compile_one).transpose()?,
            not_before: spec.not_before.as_deref().map(compile_one).transpose()?,
            examples: spec.examples.clone(),
            counter_examples: spec.counter_examples.clone(),
        })
    }

    /// Every match whose guards hold, with its groups. After a match a
    /// guard rejects, the search goes on one character later, so a rejected
    /// match does not hide an overlapping good one.
    pub fn captures<'t>(&self, text: &'t str) -> Vec<Captures<'t>> {
        let mut found = Vec::new();
        if self.may_match(text) {
            self.captures_within(text, 0..text.len(), &mut found);
        }
        found
    }

    /// The first match whose guards hold, with its groups.
    pub fn first_captures<'t>(&self, text: &'t str) -> Option<Captures<'t>> {
        let mut first = None;
        if self.may_match(text) {
            self.search(text, 0..text.len(), |h, at| self.captures_match(h, at), |caps| {
                first = Some(caps);
                false
            });
        }
        first
    }

    /// The spans of the matches [`Pattern::captures`] finds, without
    /// reading their groups (much cheaper where only the span is used).
    pub fn spans(&self, text: &str) -> Vec<Range<usize>> {
        let mut found = Vec::new();
        if self.may_match(text) {
            self.spans_within(text, 0..text.len(), &mut found);
        }
        found
    }

    pub fn is_match(&self, text: &str) -> bool {
        if !self.may_match(text) {
            return false;
        }
        // Without guards no span is needed: the forward scan alone, stopping
        // at the first match.
        if self.not_after.is_none() && self.not_before.is_none() {
            return self.regex.is_match(text);
        }
        let mut hit = false;
        self.search(text, 0..text.len(), |h, at| self.span_match(h, at), |_| {
            hit = true;
            false
        });
        hit
    }

    /// The literals of which a match holds one (none: no such literal).
    pub fn required_literals(&self) -> &[String] {
        &self.requires
    }

    /// Whether `text` holds one of the literals the rule requires.
    pub fn may_match(&self, text: &str) -> bool {
        self.required.is_empty() || self.required.iter().any(|r| r.find(text.as_bytes()).is_some())
    }

    /// Adds to `found` the matches that lie within `range` of `text`, as
    /// [`Pattern::captures`] finds them; the guards see the whole text.
    pub fn captures_within<'t>(&self, text: &'t str, range: Range<usize>, found: &mut Vec<Captures<'t>>) {
        self.search(text, range, |h, at| self.captures_match(h, at), |caps| {
            found.push(caps);
            true
        });
    }

    /// Adds to `found` the spans of the matches within `range` of `text`.
    pub fn spans_within(&self, text: &str, range: Range<usize>, found: &mut Vec<Range<usize>>) {
        self.search(text, range, |h, at| self.span_match(h, at), |span| {
            found.push(span);
            true
        });
    }

    fn captures_match<'t>(&self, haystack: &'t str, at: usize) -> Option<(Captures<'t>, Range<usize>)> {
        let caps = self.regex.captures_at(haystack, at)?;
        let whole = caps.get(0)?.range();
        Some((caps, whole))
    }

    fn span_match(&self, haystack: &str, at: usize) -> Option<(Range<usize>, Range<usize>)> {
        let whole = self.regex.find_at(haystack, at)?.range();
        Some((whole.clone(), whole))
    }

    /// The search every kind of result shares: matches of `find` within
    /// `range`, guards checked against the whole text, a rejected match
    /// retried one character later; `visit` returns false to stop.
    fn search<'t, M>(
        &self,
        text: &'t str,
        range: Range<usize>,
        find: impl Fn(&'t str, usize) -> Option<(M, Range<usize>)>,
        mut visit: impl FnMut(M) -> bool,
    ) {
        let haystack = &text[..range.end];
        let mut at = range.start;
        while at <= haystack.len() {
            let Some((found, whole)) = find(haystack, at) else { break };
            if self.guards_hold(text, whole.start, whole.end) {
                if !visit(found) {
                    return;
                }
                at = if whole.end > whole.start { whole.end } else { next_char(haystack, whole.end) };
            } else {
                at = next_char(haystack, whole.start);
            }
        }
    }

    /// The pattern for searches anchored where its matches may start.
    pub fn anchored(self) -> Result<AnchoredPattern, RuleError> {
        let anchored = meta::Regex::new(self.regex.as_str()).map_err(|e| RuleError::new(self.file, Some(&self.id), format!("bad pattern: {e}")))?;
        Ok(AnchoredPattern { pattern: self, anchored })
    }

    /// The names of the pattern's groups, by place (the whole match first).
    pub fn group_names(&self) -> impl Iterator<Item = Option<&str>> {
        self.regex.capture_names()
    }

    /// The regex source with every capture group made plain, so patterns
    /// can be joined into one.
    pub(crate) fn source_without_names(&self) -> String {
        let mut out = String::with_capacity(self.regex.as_str().len());
        let mut rest = self.regex.as_str();
        while let Some(at) = rest.find("(?P<") {
            out.push_str(&rest[..at]);
            let after = &rest[at + 4..];
            let close = after.find('>').map_or(0, |c| c + 1);
            out.push_str("(?:");
            rest = &after[close..];
        }
        out.push_str(rest);
        out
    }

    /// Whether the guards let a match at `start..end` of `text` stand.
    pub fn guards_hold(&self, text: &str, start: usize, end: usize) -> bool {
        if let Some(guard) = &self.not_after {
            let from = back_chars(text, start, GUARD_WINDOW);
            if guard.is_match(&text[from..start]) {
                return false;
            }
        }
        if let Some(guard) = &self.not_before {
            let to = forward_chars(text, end, GUARD_WINDOW);
            if guard.is_match(&text[end..to]) {
                return false;
            }
        }
        true
    }
}

/// Replaces `{name}` with the macro's text, itself expanded (macros may use
/// macros); regex repetitions such as `{2,4}` are left alone because macro
/// names are lowercase words.
fn expand_macros(pattern: &str, macros: &BTreeMap<String, String>) -> Result<String, String> {
    expand_nested(pattern, macros, 0)
}

/// How deep macros may nest; deeper means a macro that uses itself.
const MACRO_DEPTH: usize = 8;

fn expand_nested(pattern: &str, macros: &BTreeMap<String, String>, depth: usize) -> Result<String, String> {
    if depth > MACRO_DEPTH {
        return Err("macros nest too deep (does one use itself?)".into());
    }
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}');
        let name = close.map(|c| &after[..c]);
        match name {
            Some(name) if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_') => {
                let text = macros.get(name).ok_or_else(|| format!("unknown macro {{{name}}}"))?;
                out.push_str(&expand_nested(text, macros, depth + 1)?);
                rest = &after[name.len() + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// An alternation of literal words, longest first so the longest wins.
pub(crate) fn alternation<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    let mut words: Vec<&str> = words.into_iter().filter(|w| !w.is_empty()).collect();
    words.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    words.dedup();
    let escaped: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
    format!("(?:{})", escaped.join("|"))
}

/// Fails on a repeated rule id within one file.
pub(crate) fn check_unique_ids<'a>(file: &str, ids: impl IntoIterator<Item = &'a str>) -> Result<(), RuleError> {
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(RuleError::new(file, Some(id), "duplicate rule id"));
        }
    }
    Ok(())
}

/// The byte after the character at `at`; one past the end at the end (so a
/// search loop moves on).
pub(crate) fn next_char(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(text.len() + 1, |c| at + c.len_utf8())
}

pub(crate) fn back_chars(text: &str, at: usize, n: usize) -> usize {
    text[..at].char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i)
}

pub(crate) fn forward_chars(text: &str, at: usize, n: usize) -> usize {
    text[at..].char_indices().nth(n).map_or(text.len(), |(i, _)| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macros_expand_and_repetitions_stay() {
        let macros = BTreeMap::from([("num".to_string(), "[0-9]+".to_string())]);
        assert_eq!(expand_macros("{num}年{2,4}", &macros).unwrap(), "[0-9]+年{2,4}");
        assert!(expand_macros("{nope}", &macros).unwrap_err().contains("unknown macro"));
        let nested = BTreeMap::from([("a".to_string(), "x{b}".to_string()), ("b".to_string(), "y".to_string())]);
        assert_eq!(expand_macros("{a}", &nested).unwrap(), "xy");
        let looping = BTreeMap::from([("a".to_string(), "{a}".to_string())]);
        assert!(expand_macros("{a}", &looping).unwrap_err().contains("too deep"));
    }

    #[test]
    fn a_rejected_match_does_not_hide_a_later_one() {
        let spec = RuleSpec {
            id: "t".into(),
            pattern: "[0-9]+个".into(),
            form: None,
            kind: None,
            requires: vec![],
            not_after: Some("第$".into()),
            not_before: None,
            examples: vec![],
            counter_examples: vec![],
        };
        let p = Pattern::compile("t.toml", &spec, &BTreeMap::new()).unwrap();
        let found: Vec<&str> = p.captures("第2个和3个").iter().map(|c| c.get(0).unwrap().as_str()).collect();
        assert_eq!(found, ["3个"]);
    }

    #[test]
    fn embedded_rules_load() {
        RuleSet::embedded().unwrap();
    }
}
