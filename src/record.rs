//! The records of the contract (`records.md`): one schema for JSONL, CSV
//! and `eval`.
//!
//! # Wire format
//! One JSON object per line, `"kind"` first: `article`, `quantity`,
//! `target`, `official`, `organisation`; per article the article record
//! comes first, then its quantities, targets, officials and organisations,
//! each in order of first appearance. Spans are `[start, end)` character
//! offsets into the article's text as decoded from the input, before any
//! cleaning. Numbers are exact decimals written as JSON numbers (`160700`,
//! `1.57`), never float artefacts.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A `[start, end)` character range in the decoded source text.
pub type Span = [usize; 2];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Record {
    Article(ArticleRecord),
    Quantity(QuantityRecord),
    Target(TargetRecord),
    Official(OfficialRecord),
    Organisation(OrganisationRecord),
}

impl Record {
    pub fn kind(&self) -> RecordKind {
        match self {
            Record::Article(_) => RecordKind::Article,
            Record::Quantity(_) => RecordKind::Quantity,
            Record::Target(_) => RecordKind::Target,
            Record::Official(_) => RecordKind::Official,
            Record::Organisation(_) => RecordKind::Organisation,
        }
    }

    /// Every source span the record points at (none for an article).
    pub fn spans(&self) -> Vec<Span> {
        match self {
            Record::Article(_) => Vec::new(),
            Record::Quantity(q) => vec![q.span],
            Record::Target(t) => vec![t.span],
            Record::Official(o) => vec![o.span],
            Record::Organisation(o) => o.spans.clone(),
        }
    }

    pub fn article_id(&self) -> &str {
        match self {
            Record::Article(r) => &r.article,
            Record::Quantity(r) => &r.article,
            Record::Target(r) => &r.article,
            Record::Official(r) => &r.article,
            Record::Organisation(r) => &r.article,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Article,
    Quantity,
    Target,
    Official,
    Organisation,
}

impl RecordKind {
    pub const ALL: [RecordKind; 5] =
        [RecordKind::Article, RecordKind::Quantity, RecordKind::Target, RecordKind::Official, RecordKind::Organisation];

    pub fn name(self) -> &'static str {
        match self {
            RecordKind::Article => "article",
            RecordKind::Quantity => "quantity",
            RecordKind::Target => "target",
            RecordKind::Official => "official",
            RecordKind::Organisation => "organisation",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleRecord {
    pub article: String,
    pub path: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub bylines: Vec<Byline>,
    pub encoding: String,
    pub chars: usize,
    pub sentences: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Byline {
    pub name: String,
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuantityRecord {
    pub article: String,
    pub span: Span,
    pub text: String,
    #[serde(with = "decimal_json")]
    pub value: Decimal,
    #[serde(with = "decimal_json::option", default)]
    pub value_max: Option<Decimal>,
    pub unit: Option<String>,
    pub unit_kind: String,
    pub qualifier: String,
    pub metric: Option<String>,
    pub sentence: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetRecord {
    pub article: String,
    pub span: Span,
    pub text: String,
    pub metric: Option<String>,
    pub comparator: Option<String>,
    #[serde(with = "decimal_json::option", default)]
    pub value: Option<Decimal>,
    #[serde(with = "decimal_json::option", default)]
    pub value_max: Option<Decimal>,
    pub unit: Option<String>,
    pub unit_kind: Option<String>,
    pub deadline: Option<i32>,
    pub horizon_years: Option<i32>,
    pub sentence: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficialRecord {
    pub article: String,
    pub span: Span,
    pub name: String,
    pub positions: Vec<Position>,
    pub mentions: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Position {
    pub org: Option<String>,
    pub org_canonical: Option<String>,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationRecord {
    pub article: String,
    pub name: String,
    #[serde(rename = "type")]
    pub org_type: String,
    pub aliases: Vec<String>,
    pub spans: Vec<Span>,
}

/// Exact decimals as JSON numbers: integers as integers, others in their
/// shortest form (`1.57`). A value reads back to the same decimal.
pub mod decimal_json {
    use rust_decimal::Decimal;
    use rust_decimal::prelude::ToPrimitive;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        let value = value.normalize();
        if value.is_integer()
            && let Some(int) = value.to_i64()
        {
            return s.serialize_i64(int);
        }
        // f64 prints its shortest round-trip form, which is the decimal's
        // own digits for the 15 significant digits news figures have.
        s.serialize_f64(value.to_f64().unwrap_or(f64::NAN))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        let number = serde_json::Number::deserialize(d)?;
        number.to_string().parse::<Decimal>().or_else(|_| {
            Decimal::from_scientific(&number.to_string()).map_err(serde::de::Error::custom)
        })
    }

    pub mod option {
        use rust_decimal::Decimal;
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
            match value {
                Some(v) => super::serialize(v, s),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
            #[derive(Deserialize)]
            struct Wrapped(#[serde(with = "super")] Decimal);
            Ok(Option::<Wrapped>::deserialize(d)?.map(|Wrapped(v)| v))
        }
    }
}

/// Shortest text of a decimal for CSV cells and messages (`160700`, `1.57`).
pub fn decimal_text(value: &Decimal) -> String {
    value.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quantity(value: &str) -> Record {
        Record::Quantity(QuantityRecord {
            article: "a".into(),
            span: [0, 3],
            text: "x".into(),
            value: value.parse().unwrap(),
            value_max: None,
            unit: Some("%".into()),
            unit_kind: "percent".into(),
            qualifier: "exact".into(),
            metric: None,
            sentence: "s".into(),
        })
    }

    #[test]
    fn decimals_print_exactly_and_read_back() {
        for (value, json) in [("160700.00", "160700"), ("1.57", "1.57"), ("63050000000", "63050000000"), ("33.3333", "33.3333")] {
            let record = quantity(value);
            let line = serde_json::to_string(&record).unwrap();
            assert!(line.starts_with(r#"{"kind":"quantity""#), "{line}");
            assert!(line.contains(&format!(r#""value":{json},"#)), "{line}");
            let back: Record = serde_json::from_str(&line).unwrap();
            // Decimals compare by value: 160700.00 equals 160700.
            assert_eq!(back, quantity(value));
        }
    }
}
