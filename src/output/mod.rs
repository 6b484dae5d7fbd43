//! Writing records: JSONL and one CSV per kind, plus `errors.jsonl` and
//! `summary.json`; SQLite on request (`sqlite`). Files are written to
//! temporaries in the output folder and renamed into place only when the run
//! finishes, so an interrupted run never leaves a file that looks complete
//! (the SQLite file is updated in one transaction instead).

mod jsonl;
pub mod postgres;
pub mod sqlite;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use tempfile::NamedTempFile;

use crate::ingest::InputError;
use crate::record::{Record, RecordKind, Span, decimal_text};
use crate::stats::RunStats;

/// An output format for `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Jsonl,
    Csv,
    /// `records.sqlite`, updated in place: re-running replaces by article id.
    Sqlite,
}

/// A file being written, renamed into place by [`PendingFile::commit`].
struct PendingFile {
    temp: NamedTempFile,
    target: PathBuf,
}

impl PendingFile {
    fn create(dir: &Path, name: &str) -> Result<PendingFile> {
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .tempfile_in(dir)
            .with_context(|| format!("cannot write in output folder {}", dir.display()))?;
        Ok(PendingFile { temp, target: dir.join(name) })
    }

    fn writer(&self) -> Result<BufWriter<File>> {
        Ok(BufWriter::new(self.temp.reopen().context("cannot reopen temporary output file")?))
    }

    fn commit(self) -> Result<()> {
        let target = self.target;
        // Temporaries are private (0600); the outputs are ordinary files.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(self.temp.path(), std::fs::Permissions::from_mode(0o644))?;
        }
        self.temp.persist(&target).with_context(|| format!("cannot move output into place: {}", target.display()))?;
        Ok(())
    }
}

/// The files of one run in an output folder.
pub struct OutputDir {
    files: Vec<PendingFile>,
    jsonl: Option<BufWriter<File>>,
    csv: Option<CsvWriters>,
    sqlite: Option<sqlite::SqliteSink>,
    errors: BufWriter<File>,
    summary: PendingFile,
}

struct CsvWriters {
    articles: csv::Writer<BufWriter<File>>,
    quantities: csv::Writer<BufWriter<File>>,
    targets: csv::Writer<BufWriter<File>>,
    officials: csv::Writer<BufWriter<File>>,
    organisations: csv::Writer<BufWriter<File>>,
}

impl OutputDir {
    pub fn create(dir: &Path, formats: &[Format]) -> Result<OutputDir> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create output folder {}", dir.display()))?;
        let mut files = Vec::new();
        let mut open = |name: &str| -> Result<BufWriter<File>> {
            let file = PendingFile::create(dir, name)?;
            let writer = file.writer()?;
            files.push(file);
            Ok(writer)
        };
        let jsonl = formats.contains(&Format::Jsonl).then(|| open("records.jsonl")).transpose()?;
        let csv = if formats.contains(&Format::Csv) {
            let mut csv_file = |name: &str, header: &[&str]| -> Result<csv::Writer<BufWriter<File>>> {
                let mut w = csv::Writer::from_writer(open(name)?);
                w.write_record(header)?;
                Ok(w)
            };
            Some(CsvWriters {
                articles: csv_file("articles.csv", &ARTICLE_COLUMNS)?,
                quantities: csv_file("quantities.csv", &QUANTITY_COLUMNS)?,
                targets: csv_file("targets.csv", &TARGET_COLUMNS)?,
                officials: csv_file("officials.csv", &OFFICIAL_COLUMNS)?,
                organisations: csv_file("organisations.csv", &ORGANISATION_COLUMNS)?,
            })
        } else {
            None
        };
        let sqlite = formats.contains(&Format::Sqlite).then(|| sqlite::SqliteSink::open(&dir.join("records.sqlite"))).transpose()?;
        let errors = open("errors.jsonl")?;
        let summary = PendingFile::create(dir, "summary.json")?;
        Ok(OutputDir { files, jsonl, csv, sqlite, errors, summary })
    }

    pub fn write_records(&mut self, records: &[Record]) -> Result<()> {
        if let Some(w) = &mut self.jsonl {
            write_jsonl(w, records)?;
        }
        if let Some(csv) = &mut self.csv {
            for record in records {
                csv.write(record)?;
            }
        }
        if let Some(db) = &mut self.sqlite {
            db.write_records(records)?;
        }
        Ok(())
    }

    pub fn write_error(&mut self, error: &InputError) -> Result<()> {
        if let Some(db) = &mut self.sqlite {
            db.write_error(error)?;
        }
        serde_json::to_writer(&mut self.errors, error)?;
        self.errors.write_all(b"\n")?;
        Ok(())
    }

    /// Flushes everything, writes the summary and moves the files into place.
    pub fn finish(self, stats: &RunStats) -> Result<()> {
        if let Some(mut w) = self.jsonl {
            w.flush()?;
        }
        if let Some(csv) = self.csv {
            for mut w in [csv.articles, csv.quantities, csv.targets, csv.officials, csv.organisations] {
                w.flush()?;
            }
        }
        if let Some(db) = self.sqlite {
            db.finish()?;
        }
        let mut errors = self.errors;
        errors.flush()?;
        let mut summary = self.summary.writer()?;
        serde_json::to_writer_pretty(&mut summary, stats)?;
        summary.write_all(b"\n")?;
        summary.flush()?;
        for file in self.files {
            file.commit()?;
        }
        self.summary.commit()
    }
}

/// One JSON object per record and line.
pub fn write_jsonl(w: &mut impl Write, records: &[Record]) -> Result<()> {
    for record in records {
        jsonl::write_record(w, record)?;
    }
    Ok(())
}

pub const ARTICLE_COLUMNS: [&str; 8] = ["article", "path", "title", "date", "bylines", "encoding", "chars", "sentences"];
pub const QUANTITY_COLUMNS: [&str; 11] =
    ["article", "span_start", "span_end", "text", "value", "value_max", "unit", "unit_kind", "qualifier", "metric", "sentence"];
pub const TARGET_COLUMNS: [&str; 13] = [
    "article", "span_start", "span_end", "text", "metric", "comparator", "value", "value_max", "unit", "unit_kind", "deadline",
    "horizon_years", "sentence",
];
pub const OFFICIAL_COLUMNS: [&str; 8] = ["article", "span_start", "span_end", "name", "mentions", "org", "org_canonical", "title"];
pub const ORGANISATION_COLUMNS: [&str; 5] = ["article", "name", "type", "aliases", "spans"];

impl CsvWriters {
    fn write(&mut self, record: &Record) -> Result<()> {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let dec = |v: &Option<rust_decimal::Decimal>| v.as_ref().map(decimal_text).unwrap_or_default();
        let num = |v: Option<i32>| v.map(|n| n.to_string()).unwrap_or_default();
        match record {
            Record::Article(a) => {
                let bylines: Vec<String> = a.bylines.iter().map(|b| format!("{}:{}", b.name, b.role)).collect();
                self.articles.write_record([
                    a.article.clone(),
                    a.path.clone(),
                    opt(&a.title),
                    opt(&a.date),
                    bylines.join(";"),
                    a.encoding.clone(),
                    a.chars.to_string(),
                    a.sentences.to_string(),
                ])?;
            }
            Record::Quantity(q) => {
                let [start, end] = q.span;
                self.quantities.write_record([
                    q.article.clone(),
                    start.to_string(),
                    end.to_string(),
                    q.text.clone(),
                    decimal_text(&q.value),
                    dec(&q.value_max),
                    opt(&q.unit),
                    q.unit_kind.clone(),
                    q.qualifier.clone(),
                    opt(&q.metric),
                    q.sentence.clone(),
                ])?;
            }
            Record::Target(t) => {
                let [start, end] = t.span;
                self.targets.write_record([
                    t.article.clone(),
                    start.to_string(),
                    end.to_string(),
                    t.text.clone(),
                    opt(&t.metric),
                    opt(&t.comparator),
                    dec(&t.value),
                    dec(&t.value_max),
                    opt(&t.unit),
                    opt(&t.unit_kind),
                    num(t.deadline),
                    num(t.horizon_years),
                    t.sentence.clone(),
                ])?;
            }
            Record::Official(o) => {
                let [start, end] = o.span;
                for p in &o.positions {
                    self.officials.write_record([
                        o.article.clone(),
                        start.to_string(),
                        end.to_string(),
                        o.name.clone(),
                        o.mentions.to_string(),
                        opt(&p.org),
                        opt(&p.org_canonical),
                        p.title.clone(),
                    ])?;
                }
            }
            Record::Organisation(o) => {
                self.organisations.write_record([
                    o.article.clone(),
                    o.name.clone(),
                    o.org_type.clone(),
                    o.aliases.join("|"),
                    spans_text(&o.spans),
                ])?;
            }
        }
        Ok(())
    }
}

/// `[[3,7],[20,24]]` as `3-7;20-24`.
fn spans_text(spans: &[Span]) -> String {
    spans.iter().map(|[s, e]| format!("{s}-{e}")).collect::<Vec<_>>().join(";")
}

/// The CSV file a record kind is written to.
pub fn csv_file_name(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Article => "articles.csv",
        RecordKind::Quantity => "quantities.csv",
        RecordKind::Target => "targets.csv",
        RecordKind::Official => "officials.csv",
        RecordKind::Organisation => "organisations.csv",
    }
}
