//! `quantity.toml`, `units.toml` and `qualifiers.toml`.

use std::collections::BTreeMap;
use std::ops::Range;

use regex::{Captures, Match, Regex};
use rustc_hash::FxHashMap;
use serde::Deserialize;

use super::{Pattern, RuleError, RuleSpec, alternation, check_unique_ids};

const FILE: &str = "quantity.toml";

/// How a rule's named groups are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuantityForm {
    /// `num`, `num2`, `approx`, `mult`, `unit`, `pre`, `post`.
    NumberUnit,
    /// `num` 分之 `den`, or `num`/`den`: a share.
    Fraction,
    /// `三成`: tenths, as per cent (`三成半` 35 %, `七成六` 76 %).
    Tenths,
    /// `翻一番`: doubling `num` times.
    Doubling,
    /// `第7位`: a rank.
    Rank,
    /// `75折`, `五折`: a share of the full price, as per cent.
    Discount,
    /// `50元6角三分`: yuan with jiao and fen.
    MoneyParts,
    /// `$20`, `￥300`: a currency sign before the number.
    CurrencySymbol,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct QuantityFile {
    metric_lead: String,
    metric_trail: String,
    after_tags: Vec<String>,
    after_max_words: usize,
    /// The characters a number ends with: `{numeral}` in a rule's
    /// `requires` stands for each of them.
    numerals: String,
    macros: BTreeMap<String, String>,
    rule: Vec<RuleSpec>,
    number: Vec<RuleSpec>,
    veto: Vec<RuleSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct UnitsFile {
    unit: Vec<UnitSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitSpec {
    /// Absent: every surface is its own canonical unit.
    canonical: Option<String>,
    kind: String,
    surfaces: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct QualifiersFile {
    prefix: BTreeMap<String, String>,
    suffix: BTreeMap<String, String>,
}

/// A unit's canonical form and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitInfo {
    pub canonical: String,
    pub kind: String,
}

#[derive(Debug, Clone)]
pub struct QuantityRule {
    pub form: QuantityForm,
    pub pattern: Pattern,
    /// Where each [`Group`] is among the pattern's groups.
    groups: [Option<usize>; Group::ALL.len()],
}

/// The named groups a quantity pattern may have. Their places are looked
/// up once at load: a lookup by name costs a hash for every group of every
/// match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Num,
    Num2,
    Den,
    Pre,
    Post,
    Neg,
    Approx,
    Mult,
    Unit,
    Unit1,
    Half,
    Hundredth,
    Jiao,
    Fen,
    Sign,
}

impl Group {
    const ALL: [Group; 15] = [
        Group::Num,
        Group::Num2,
        Group::Den,
        Group::Pre,
        Group::Post,
        Group::Neg,
        Group::Approx,
        Group::Mult,
        Group::Unit,
        Group::Unit1,
        Group::Half,
        Group::Hundredth,
        Group::Jiao,
        Group::Fen,
        Group::Sign,
    ];

    fn name(self) -> &'static str {
        match self {
            Group::Num => "num",
            Group::Num2 => "num2",
            Group::Den => "den",
            Group::Pre => "pre",
            Group::Post => "post",
            Group::Neg => "neg",
            Group::Approx => "approx",
            Group::Mult => "mult",
            Group::Unit => "unit",
            Group::Unit1 => "unit1",
            Group::Half => "half",
            Group::Hundredth => "hundredth",
            Group::Jiao => "jiao",
            Group::Fen => "fen",
            Group::Sign => "sign",
        }
    }
}

impl QuantityRule {
    /// Compiles a rule; a group name the reader does not know fails here.
    fn compile(spec: &RuleSpec, form: QuantityForm, macros: &BTreeMap<String, String>) -> Result<QuantityRule, RuleError> {
        let pattern = Pattern::compile(FILE, spec, macros)?;
        let names: Vec<Option<&str>> = pattern.group_names().collect();
        if let Some(unknown) = names.iter().flatten().find(|n| Group::ALL.iter().all(|g| g.name() != **n)) {
            return Err(RuleError::new(FILE, Some(&spec.id), format!("unknown group `{unknown}`")));
        }
        let groups = Group::ALL.map(|g| names.iter().position(|n| *n == Some(g.name())));
        Ok(QuantityRule { form, pattern, groups })
    }

    /// The text `group` matched, if the pattern has it and it took part.
    pub fn group<'t>(&self, caps: &Captures<'t>, group: Group) -> Option<Match<'t>> {
        self.groups[group as usize].and_then(|i| caps.get(i))
    }
}

#[derive(Debug, Clone)]
pub struct QuantityRules {
    pub rules: Vec<QuantityRule>,
    /// Bare numbers, read only when asked for (`parse --numbers`).
    pub numbers: Vec<QuantityRule>,
    pub vetoes: Vec<Pattern>,
    /// Every rule joined into one regex: one pass over the text finds the
    /// sentences where any rule may match, and only those are searched.
    pub gate: Regex,
    /// The literals the rules and vetoes require, found in one pass over a
    /// sentence: a rule whose literals are all missing need not search it.
    pub sieve: LiteralSieve,
    /// Framing words stripped from the start of a metric.
    pub metric_lead: Regex,
    /// Linking words stripped from the end of a metric.
    pub metric_trail: Regex,
    /// Tags of the words of a noun phrase that follows a count.
    pub after_tags: Vec<String>,
    pub after_max_words: usize,
    units: FxHashMap<String, UnitInfo>,
    prefixes: FxHashMap<String, String>,
    suffixes: FxHashMap<String, String>,
}

/// Which of a list of patterns may match in a part of a text, by the
/// literals they require ([`LiteralSieve::words`]), found by the scan for
/// candidates ([`super::CandidateLiterals`]) in one pass over the text.
#[derive(Debug, Clone)]
pub struct LiteralSieve {
    words: Vec<String>,
    /// For each literal, the patterns (by place in the list) requiring it.
    owners: Vec<Vec<usize>>,
    /// For each pattern, whether it requires a literal at all.
    requires: Vec<bool>,
}

/// A required literal found in a text: its byte span, and which one it is
/// by place in [`LiteralSieve::words`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequiredHit {
    pub start: usize,
    pub end: usize,
    pub word: usize,
}

impl LiteralSieve {
    fn new<'p>(patterns: impl Iterator<Item = &'p Pattern>) -> LiteralSieve {
        let mut words: Vec<&str> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut requires = Vec::new();
        for (index, pattern) in patterns.enumerate() {
            requires.push(!pattern.required_literals().is_empty());
            for literal in pattern.required_literals() {
                match words.iter().position(|w| w == literal) {
                    Some(k) => owners[k].push(index),
                    None => {
                        words.push(literal);
                        owners.push(vec![index]);
                    }
                }
            }
        }
        LiteralSieve { words: words.into_iter().map(str::to_string).collect(), owners, requires }
    }

    /// Every literal some pattern requires.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// For each pattern, whether it may match in bytes `range` of a text
    /// whose required literals are `hits` (in the order of their ends).
    pub fn may_match(&self, hits: &[RequiredHit], range: Range<usize>) -> Vec<bool> {
        let mut may: Vec<bool> = self.requires.iter().map(|r| !r).collect();
        let first = hits.partition_point(|h| h.end <= range.start);
        for hit in hits[first..].iter().take_while(|h| h.end <= range.end).filter(|h| h.start >= range.start) {
            for &index in &self.owners[hit.word] {
                may[index] = true;
            }
        }
        may
    }
}

/// `spec` with each required literal holding `{numeral}` written out once
/// for every numeral character (`{numeral}成` → `1成`, `一成`, …): a
/// literal that holds the number's last character is far rarer than the
/// word alone (`成` of `成为`), so fewer sentences are searched.
fn with_numerals(spec: &RuleSpec, numerals: &str) -> RuleSpec {
    let mut requires = Vec::new();
    for literal in &spec.requires {
        match literal.split_once("{numeral}") {
            Some((before, after)) => requires.extend(numerals.chars().map(|c| format!("{before}{c}{after}"))),
            None => requires.push(literal.clone()),
        }
    }
    RuleSpec { requires, ..spec.clone() }
}

const QUALIFIERS: [&str; 6] = ["exact", "approx", "more_than", "at_least", "at_most", "less_than"];
const UNIT_KINDS: [&str; 15] = [
    "count", "currency", "percent", "percentage_point", "permille", "multiple", "area", "length", "mass",
    "power", "energy", "duration", "age", "rank", "other",
];

impl QuantityRules {
    pub(super) fn load(file: QuantityFile, units: UnitsFile, qualifiers: QualifiersFile) -> Result<QuantityRules, RuleError> {
        let mut unit_map = FxHashMap::default();
        for spec in units.unit {
            if !UNIT_KINDS.contains(&spec.kind.as_str()) {
                return Err(RuleError::new("units.toml", None, format!("unknown unit kind `{}`", spec.kind)));
            }
            for surface in spec.surfaces {
                let canonical = spec.canonical.clone().unwrap_or_else(|| surface.clone());
                unit_map.insert(surface, UnitInfo { canonical, kind: spec.kind.clone() });
            }
        }
        for (word, qualifier) in qualifiers.prefix.iter().chain(&qualifiers.suffix) {
            if !QUALIFIERS.contains(&qualifier.as_str()) {
                return Err(RuleError::new("qualifiers.toml", None, format!("`{word}`: unknown qualifier `{qualifier}`")));
            }
        }
        let mut macros = file.macros;
        macros.insert("unit".into(), alternation(unit_map.keys().map(String::as_str)));
        macros.insert("prefix".into(), alternation(qualifiers.prefix.keys().map(String::as_str)));
        macros.insert("suffix".into(), alternation(qualifiers.suffix.keys().map(String::as_str)));

        check_unique_ids(FILE, file.rule.iter().chain(&file.number).chain(&file.veto).map(|r| r.id.as_str()))?;
        let rules = file
            .rule
            .iter()
            .map(|r| with_numerals(r, &file.numerals))
            .map(|r| {
                let form = r.form.ok_or_else(|| RuleError::new(FILE, Some(&r.id), "missing `form`"))?;
                QuantityRule::compile(&r, form, &macros)
            })
            .collect::<Result<Vec<_>, RuleError>>()?;
        let numbers = file
            .number
            .iter()
            .map(|r| QuantityRule::compile(r, QuantityForm::NumberUnit, &macros))
            .collect::<Result<Vec<_>, RuleError>>()?;
        let vetoes = file.veto.iter().map(|v| Pattern::compile(FILE, v, &macros)).collect::<Result<Vec<_>, _>>()?;
        let joined: Vec<String> = rules.iter().map(|r| format!("(?:{})", r.pattern.source_without_names())).collect();
        let gate = Regex::new(&joined.join("|")).map_err(|e| RuleError::new(FILE, None, format!("the rules cannot be joined: {e}")))?;
        let sieve = LiteralSieve::new(rules.iter().map(|r| &r.pattern).chain(&vetoes));
        let metric_regex = |name: &str, source: &str| {
            Regex::new(source).map_err(|e| RuleError::new(FILE, Some(name), format!("bad pattern: {e}")))
        };
        Ok(QuantityRules {
            rules,
            numbers,
            vetoes,
            gate,
            sieve,
            metric_lead: metric_regex("metric_lead", &file.metric_lead)?,
            metric_trail: metric_regex("metric_trail", &file.metric_trail)?,
            after_tags: file.after_tags,
            after_max_words: file.after_max_words,
            units: unit_map,
            prefixes: qualifiers.prefix.into_iter().collect(),
            suffixes: qualifiers.suffix.into_iter().collect(),
        })
    }

    pub fn unit(&self, surface: &str) -> Option<&UnitInfo> {
        self.units.get(surface)
    }

    pub fn prefix_qualifier(&self, word: &str) -> Option<&str> {
        self.prefixes.get(word).map(String::as_str)
    }

    pub fn suffix_qualifier(&self, word: &str) -> Option<&str> {
        self.suffixes.get(word).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeral_literals_are_written_out() {
        let spec: RuleSpec = toml::from_str("id = 't'\npattern = 'x'\nrequires = ['{numeral}成', '分之']").unwrap();
        let requires = with_numerals(&spec, "1一").requires;
        assert_eq!(requires, ["1成", "一成", "分之"]);
    }
}
