//! Running every rule's examples and counter-examples (`cqextract rules
//! check` and the test suite). Examples go through the same cleaning and
//! extraction as articles, so a rule is checked as it is used.

use crate::clean;
use crate::extract::quantity::{Quantity, find_in_text, find_with_numbers};
use crate::ingest::Article;
use crate::pipeline::Extractor;
use crate::record::{Record, decimal_text};
use crate::rules::{Example, ExampleSpec, Pattern, RuleSet};

/// One example that did not do what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub file: String,
    pub rule: String,
    pub example: String,
    pub problem: String,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} [rule {}] `{}`: {}", self.file, self.rule, self.example, self.problem)
    }
}

/// Every failing example of every rule; empty when all hold.
pub fn check_examples(extractor: &Extractor) -> Vec<ExampleFailure> {
    let rules = extractor.rules();
    let mut failures = Vec::new();
    let mut fail = |p: &Pattern, example: &str, problem: String| {
        failures.push(ExampleFailure { file: p.file.to_string(), rule: p.id.clone(), example: example.to_string(), problem });
    };
    let quantity_rules = rules.quantity.rules.iter().map(|r| (r, false)).chain(rules.quantity.numbers.iter().map(|r| (r, true)));
    for (rule, bare) in quantity_rules {
        let p = &rule.pattern;
        for spec in &p.examples {
            if let Err(problem) = check_quantity(extractor, &p.id, spec, bare).and_then(|()| literal_inside(p, spec.text())) {
                fail(p, spec.text(), problem);
            }
        }
        for text in &p.counter_examples {
            let cleaned = clean::clean(text, extractor.segmenter()).text;
            if let Some(q) = quantities(&cleaned, rules, bare).iter().find(|q| q.rule == p.id) {
                fail(p, text, format!("counter-example yields `{}`", &cleaned[q.start..q.end]));
            }
        }
    }
    let plain_patterns = rules
        .quantity
        .vetoes
        .iter()
        .chain(rules.target.cues.iter().map(|(_, p)| p))
        .chain(&rules.article.dates);
    for p in plain_patterns {
        for spec in &p.examples {
            if !p.is_match(spec.text()) {
                fail(p, spec.text(), "example does not match".into());
            } else if let Err(problem) = literal_inside(p, spec.text()) {
                fail(p, spec.text(), problem);
            }
        }
        for text in &p.counter_examples {
            if p.is_match(text) {
                fail(p, text, "counter-example matches".into());
            }
        }
    }
    let extracted_patterns =
        [rules.official.title_then_name.pattern(), &rules.official.name_then_title, &rules.official.as_title_pronoun, &rules.organisation.suffix_rule]
        .into_iter()
        .chain(&rules.article.bylines);
    for p in extracted_patterns {
        for spec in &p.examples {
            let records = extract_text(extractor, spec.text());
            let outcome = match spec {
                ExampleSpec::Full(example) => expect_records(example, &records),
                ExampleSpec::Text(_) => Err("example needs the fields it must yield".into()),
            };
            if let Err(problem) = outcome {
                fail(p, spec.text(), problem);
            }
        }
        for text in &p.counter_examples {
            let records = extract_text(extractor, text);
            if let Some(found) = records.iter().find_map(|r| yielded_by(p, r)) {
                fail(p, text, format!("counter-example yields {found}"));
            }
        }
    }
    failures
}

/// A rule's required literals are searched for in the sentence only (the
/// quantity rules' sieve), so each match must hold one of them.
fn literal_inside(p: &Pattern, text: &str) -> Result<(), String> {
    let literals = p.required_literals();
    for caps in p.captures(text) {
        let matched = caps.get(0).map_or("", |m| m.as_str());
        if !literals.is_empty() && !literals.iter().any(|l| matched.contains(l.as_str())) {
            return Err(format!("match `{matched}` holds none of the required literals {literals:?}"));
        }
    }
    Ok(())
}

/// The quantities of `text`; `bare`: with bare numbers, for the number rules.
fn quantities<'a>(text: &'a str, rules: &'a RuleSet, bare: bool) -> Vec<Quantity<'a>> {
    if bare { find_with_numbers(text, &rules.quantity) } else { find_in_text(text, &rules.candidates.required(text), &rules.quantity) }
}

fn check_quantity(extractor: &Extractor, rule: &str, spec: &ExampleSpec, bare: bool) -> Result<(), String> {
    let ExampleSpec::Full(example) = spec else { return Err("example needs `value` and `unit`".into()) };
    let cleaned = clean::clean(&example.text, extractor.segmenter()).text;
    let expected_text = example.matched.clone().map_or_else(|| cleaned.clone(), |m| clean::clean(&m, extractor.segmenter()).text);
    let found = quantities(&cleaned, extractor.rules(), bare);
    let Some(q) = found.iter().find(|q| q.rule == rule && cleaned[q.start..q.end] == expected_text) else {
        let got: Vec<String> = found.iter().map(|q| format!("{} ({})", &cleaned[q.start..q.end], q.rule)).collect();
        return Err(format!("no quantity `{expected_text}` from this rule; found {got:?}"));
    };
    let value = decimal_text(&q.value);
    let value_max = q.value_max.as_ref().map(decimal_text);
    // A field the example leaves out is not checked, except those with a
    // default: no `value_max` means no range, no `qualifier` means exact.
    let checks = [
        ("value", example.value.as_deref(), Some(value.as_str())),
        ("value_max", Some(example.value_max.as_deref().unwrap_or("-")), Some(value_max.as_deref().unwrap_or("-"))),
        ("unit", example.unit.as_deref(), q.unit),
        ("qualifier", Some(example.qualifier.as_deref().unwrap_or("exact")), Some(q.qualifier)),
    ];
    for (field, expected, got) in checks {
        // Numbers compare by value: `160700.0` and `160700` are one.
        let expected = expected.map(|e| e.parse::<rust_decimal::Decimal>().map_or_else(|_| e.to_string(), |d| decimal_text(&d)));
        if expected.is_some() && expected.as_deref() != got {
            return Err(format!("{field}: expected {expected:?}, got {got:?}"));
        }
    }
    Ok(())
}

fn extract_text(extractor: &Extractor, text: &str) -> Vec<Record> {
    extractor.extract(&Article::from_text("example", text))
}

/// Checks an official, organisation or byline example against the records.
fn expect_records(example: &Example, records: &[Record]) -> Result<(), String> {
    if let Some(name) = &example.name {
        if let Some(official) = records.iter().find_map(|r| match r {
            Record::Official(o) if &o.name == name => Some(o),
            _ => None,
        }) {
            let got: Vec<String> =
                official.positions.iter().map(|p| format!("{}/{}", p.org.as_deref().unwrap_or("-"), p.title)).collect();
            return if got == example.positions { Ok(()) } else { Err(format!("positions: expected {:?}, got {got:?}", example.positions)) };
        }
        if let Some(org) = records.iter().find_map(|r| match r {
            Record::Organisation(o) if &o.name == name || o.aliases.contains(name) => Some(o),
            _ => None,
        }) {
            return match &example.org_type {
                Some(t) if t != &org.org_type => Err(format!("type: expected {t}, got {}", org.org_type)),
                _ => Ok(()),
            };
        }
        let got: Vec<String> = records.iter().filter_map(|r| match r {
            Record::Official(o) => Some(o.name.clone()),
            Record::Organisation(o) => Some(o.name.clone()),
            _ => None,
        }).collect();
        return Err(format!("`{name}` not found; found {got:?}"));
    }
    let bylines: Vec<String> = records
        .iter()
        .filter_map(|r| match r {
            Record::Article(a) => Some(a.bylines.iter().map(|b| format!("{}/{}", b.name, b.role)).collect::<Vec<_>>()),
            _ => None,
        })
        .flatten()
        .collect();
    if bylines == example.names { Ok(()) } else { Err(format!("bylines: expected {:?}, got {bylines:?}", example.names)) }
}

/// What a record says that the rule of `p` would have produced.
fn yielded_by(p: &Pattern, record: &Record) -> Option<String> {
    match record {
        Record::Official(o) if p.file == "official.toml" => Some(format!("official `{}`", o.name)),
        Record::Organisation(o) if p.file == "organisation.toml" => Some(format!("organisation `{}`", o.name)),
        Record::Article(a) if p.file == "article.toml" && !a.bylines.is_empty() => Some(format!("bylines {:?}", a.bylines)),
        _ => None,
    }
}
