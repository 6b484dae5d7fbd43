//! JSONL: one record per line, written field by field with the names and
//! in the order of the records' `Serialize` derive (a test holds the two
//! byte for byte). serde_json escapes strings a byte at a time, and strings
//! are most of the output (every quantity and target carries its
//! sentence): a tenth of a run went there. Here a string with nothing to
//! escape, nearly every one, is checked in one pass the compiler
//! vectorises and copied whole; any other is left to serde_json.

use std::io::{self, Write};

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::record::{Record, decimal_json};

/// Writes `record` as one line of JSON.
pub fn write_record(w: &mut impl Write, record: &Record) -> io::Result<()> {
    let mut o = Object::start(w, record.kind().name())?;
    // Every kind names its article first.
    o.str("article", record.article_id())?;
    match record {
        Record::Article(r) => {
            o.str("path", &r.path)?;
            o.opt_str("title", r.title.as_deref())?;
            o.opt_str("date", r.date.as_deref())?;
            o.value("bylines", &r.bylines)?;
            o.str("encoding", &r.encoding)?;
            o.value("chars", &r.chars)?;
            o.value("sentences", &r.sentences)?;
        }
        Record::Quantity(r) => {
            o.value("span", &r.span)?;
            o.str("text", &r.text)?;
            o.decimal("value", Some(&r.value))?;
            o.decimal("value_max", r.value_max.as_ref())?;
            o.opt_str("unit", r.unit.as_deref())?;
            o.str("unit_kind", &r.unit_kind)?;
            o.str("qualifier", &r.qualifier)?;
            o.opt_str("metric", r.metric.as_deref())?;
            o.str("sentence", &r.sentence)?;
        }
        Record::Target(r) => {
            o.value("span", &r.span)?;
            o.str("text", &r.text)?;
            o.opt_str("metric", r.metric.as_deref())?;
            o.opt_str("comparator", r.comparator.as_deref())?;
            o.decimal("value", r.value.as_ref())?;
            o.decimal("value_max", r.value_max.as_ref())?;
            o.opt_str("unit", r.unit.as_deref())?;
            o.opt_str("unit_kind", r.unit_kind.as_deref())?;
            o.value("deadline", &r.deadline)?;
            o.value("horizon_years", &r.horizon_years)?;
            o.str("sentence", &r.sentence)?;
        }
        Record::Official(r) => {
            o.value("span", &r.span)?;
            o.str("name", &r.name)?;
            o.value("positions", &r.positions)?;
            o.value("mentions", &r.mentions)?;
        }
        Record::Organisation(r) => {
            o.str("name", &r.name)?;
            o.str("type", &r.org_type)?;
            o.value("aliases", &r.aliases)?;
            o.value("spans", &r.spans)?;
        }
    }
    o.end()
}

/// A JSON object being written, `"kind"` first.
struct Object<'w, W: Write> {
    w: &'w mut W,
}

impl<'w, W: Write> Object<'w, W> {
    fn start(w: &'w mut W, kind: &str) -> io::Result<Object<'w, W>> {
        w.write_all(b"{\"kind\":")?;
        write_str(w, kind)?;
        Ok(Object { w })
    }

    /// The key of the next field; keys are plain ASCII names.
    fn key(&mut self, key: &str) -> io::Result<()> {
        self.w.write_all(b",\"")?;
        self.w.write_all(key.as_bytes())?;
        self.w.write_all(b"\":")
    }

    fn str(&mut self, key: &str, value: &str) -> io::Result<()> {
        self.key(key)?;
        write_str(self.w, value)
    }

    fn opt_str(&mut self, key: &str, value: Option<&str>) -> io::Result<()> {
        self.key(key)?;
        match value {
            Some(value) => write_str(self.w, value),
            None => self.w.write_all(b"null"),
        }
    }

    /// A decimal as the records write it (see [`decimal_json`]).
    fn decimal(&mut self, key: &str, value: Option<&Decimal>) -> io::Result<()> {
        self.key(key)?;
        let mut serializer = serde_json::Serializer::new(&mut *self.w);
        match value {
            Some(value) => decimal_json::serialize(value, &mut serializer)?,
            None => serializer.serialize_none()?,
        }
        Ok(())
    }

    /// Numbers, spans and lists of small parts, as serde_json writes them.
    fn value<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> io::Result<()> {
        self.key(key)?;
        Ok(serde_json::to_writer(&mut *self.w, value)?)
    }

    fn end(self) -> io::Result<()> {
        self.w.write_all(b"}\n")
    }
}

/// A JSON string: copied whole when no byte needs escaping (a control
/// character, `"` or `\`), else escaped by serde_json.
fn write_str(w: &mut impl Write, s: &str) -> io::Result<()> {
    // No early exit, so the loop vectorises.
    let escapes = s.bytes().fold(false, |any, b| any | (b < 0x20) | (b == b'"') | (b == b'\\'));
    if escapes {
        return Ok(serde_json::to_writer(w, s)?);
    }
    w.write_all(b"\"")?;
    w.write_all(s.as_bytes())?;
    w.write_all(b"\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{ArticleRecord, Byline, OfficialRecord, OrganisationRecord, Position, QuantityRecord, TargetRecord};

    fn serde_line(record: &Record) -> String {
        serde_json::to_string(record).unwrap() + "\n"
    }

    fn our_line(record: &Record) -> String {
        let mut out = Vec::new();
        write_record(&mut out, record).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_kind_is_written_as_serde_json_writes_it() {
        let tricky = "引号\"、反斜杠\\、换行\n、制表\t、控制\u{1}和“中文引号”";
        let records = [
            Record::Article(ArticleRecord {
                article: "a1".into(),
                path: "dir/a1.txt".into(),
                title: Some(tricky.into()),
                date: None,
                bylines: vec![Byline { name: "张亦筑".into(), role: "reporter".into() }],
                encoding: "GB18030".into(),
                chars: 2573,
                sentences: 56,
            }),
            Record::Quantity(QuantityRecord {
                article: "a1".into(),
                span: [9, 15],
                text: "6000万元".into(),
                value: Decimal::new(60_000_000, 0),
                value_max: Some(Decimal::new(157, 2)),
                unit: Some("元".into()),
                unit_kind: "currency".into(),
                qualifier: "exact".into(),
                metric: None,
                sentence: tricky.into(),
            }),
            Record::Target(TargetRecord {
                article: "a1".into(),
                span: [0, 4],
                text: "到2027年".into(),
                metric: Some("研发投入".into()),
                comparator: Some(">".into()),
                value: None,
                value_max: Some(Decimal::new(-3, 1)),
                unit: None,
                unit_kind: Some("percent".into()),
                deadline: Some(2027),
                horizon_years: None,
                sentence: "到2027年，研发投入超过1300亿元。".into(),
            }),
            Record::Official(OfficialRecord {
                article: "a1".into(),
                span: [1, 9],
                name: "明炬".into(),
                positions: vec![Position { org: Some("市科技局".into()), org_canonical: None, title: "局长".into() }],
                mentions: 2,
            }),
            Record::Organisation(OrganisationRecord {
                article: "a1".into(),
                name: "重庆大学".into(),
                org_type: "university".into(),
                aliases: vec!["重大".into(), tricky.into()],
                spans: vec![[3, 7], [20, 22]],
            }),
        ];
        for record in &records {
            assert_eq!(our_line(record), serde_line(record));
        }
    }
}
