//! `--format sqlite`: every record in one SQLite file, `records.sqlite`.
//!
//! Re-running over the same articles replaces them: the rows of an article
//! id are deleted before its records are inserted, so no row is ever
//! duplicated. The whole run is one transaction, so an interrupted run
//! leaves the file as it was.

use std::path::Path;

use anyhow::{Context, Result};
use rusqlite::{Connection, params};

use crate::ingest::InputError;
use crate::record::{Record, decimal_text};

/// The tables, keyed on the article id, with indexes on the columns people
/// filter by.
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS articles (
    article TEXT PRIMARY KEY, path TEXT NOT NULL, title TEXT, date TEXT,
    encoding TEXT NOT NULL, chars INTEGER NOT NULL, sentences INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS bylines (
    article TEXT NOT NULL REFERENCES articles(article), name TEXT NOT NULL, role TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS quantities (
    id INTEGER PRIMARY KEY, article TEXT NOT NULL REFERENCES articles(article),
    span_start INTEGER NOT NULL, span_end INTEGER NOT NULL, text TEXT NOT NULL,
    value NUMERIC NOT NULL, value_max NUMERIC, unit TEXT, unit_kind TEXT NOT NULL,
    qualifier TEXT NOT NULL, metric TEXT, sentence TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS targets (
    id INTEGER PRIMARY KEY, article TEXT NOT NULL REFERENCES articles(article),
    span_start INTEGER NOT NULL, span_end INTEGER NOT NULL, text TEXT NOT NULL,
    metric TEXT, comparator TEXT, value NUMERIC, value_max NUMERIC, unit TEXT, unit_kind TEXT,
    deadline INTEGER, horizon_years INTEGER, sentence TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS officials (
    id INTEGER PRIMARY KEY, article TEXT NOT NULL REFERENCES articles(article),
    span_start INTEGER NOT NULL, span_end INTEGER NOT NULL, name TEXT NOT NULL, mentions INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS positions (
    official_id INTEGER NOT NULL REFERENCES officials(id), article TEXT NOT NULL,
    org TEXT, org_canonical TEXT, title TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS organisations (
    id INTEGER PRIMARY KEY, article TEXT NOT NULL REFERENCES articles(article),
    name TEXT NOT NULL, type TEXT NOT NULL, mentions INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS organisation_aliases (
    organisation_id INTEGER NOT NULL REFERENCES organisations(id), article TEXT NOT NULL, alias TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS errors (
    path TEXT NOT NULL, line INTEGER NOT NULL DEFAULT 0, message TEXT NOT NULL, PRIMARY KEY (path, line));
CREATE INDEX IF NOT EXISTS quantities_article ON quantities(article);
CREATE INDEX IF NOT EXISTS quantities_unit ON quantities(unit);
CREATE INDEX IF NOT EXISTS quantities_metric ON quantities(metric);
CREATE INDEX IF NOT EXISTS targets_article ON targets(article);
CREATE INDEX IF NOT EXISTS targets_metric ON targets(metric);
CREATE INDEX IF NOT EXISTS officials_article ON officials(article);
CREATE INDEX IF NOT EXISTS officials_name ON officials(name);
CREATE INDEX IF NOT EXISTS positions_official ON positions(official_id);
CREATE INDEX IF NOT EXISTS positions_org ON positions(org_canonical);
CREATE INDEX IF NOT EXISTS organisations_article ON organisations(article);
CREATE INDEX IF NOT EXISTS organisations_name ON organisations(name);
CREATE INDEX IF NOT EXISTS aliases_organisation ON organisation_aliases(organisation_id);
CREATE INDEX IF NOT EXISTS bylines_article ON bylines(article);
";

/// Tables with an `article` column, children before parents.
const ARTICLE_TABLES: [&str; 8] =
    ["positions", "organisation_aliases", "bylines", "quantities", "targets", "officials", "organisations", "articles"];

pub struct SqliteSink {
    conn: Connection,
}

impl SqliteSink {
    pub fn open(path: &Path) -> Result<SqliteSink> {
        let conn = Connection::open(path).with_context(|| format!("cannot open SQLite file {}", path.display()))?;
        conn.execute_batch(SCHEMA).context("cannot create the SQLite tables")?;
        conn.execute_batch("BEGIN").context("cannot start a transaction")?;
        Ok(SqliteSink { conn })
    }

    /// Replaces everything stored for the articles of `records`.
    pub fn write_records(&mut self, records: &[Record]) -> Result<()> {
        let c = &self.conn;
        for record in records {
            match record {
                Record::Article(a) => {
                    for table in ARTICLE_TABLES {
                        c.execute(&format!("DELETE FROM {table} WHERE article = ?1"), params![a.article])?;
                    }
                    c.execute(
                        "INSERT INTO articles VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        params![a.article, a.path, a.title, a.date, a.encoding, a.chars as i64, a.sentences as i64],
                    )?;
                    for b in &a.bylines {
                        c.execute("INSERT INTO bylines VALUES (?1, ?2, ?3)", params![a.article, b.name, b.role])?;
                    }
                }
                Record::Quantity(q) => {
                    c.execute(
                        "INSERT INTO quantities (article, span_start, span_end, text, value, value_max, unit, unit_kind, qualifier, metric, sentence)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                        params![
                            q.article,
                            q.span[0] as i64,
                            q.span[1] as i64,
                            q.text,
                            decimal_text(&q.value),
                            q.value_max.as_ref().map(decimal_text),
                            q.unit,
                            q.unit_kind,
                            q.qualifier,
                            q.metric,
                            q.sentence
                        ],
                    )?;
                }
                Record::Target(t) => {
                    c.execute(
                        "INSERT INTO targets (article, span_start, span_end, text, metric, comparator, value, value_max, unit, unit_kind, deadline, horizon_years, sentence)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                        params![
                            t.article,
                            t.span[0] as i64,
                            t.span[1] as i64,
                            t.text,
                            t.metric,
                            t.comparator,
                            t.value.as_ref().map(decimal_text),
                            t.value_max.as_ref().map(decimal_text),
                            t.unit,
                            t.unit_kind,
                            t.deadline,
                            t.horizon_years,
                            t.sentence
                        ],
                    )?;
                }
                Record::Official(o) => {
                    c.execute(
                        "INSERT INTO officials (article, span_start, span_end, name, mentions) VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![o.article, o.span[0] as i64, o.span[1] as i64, o.name, o.mentions as i64],
                    )?;
                    let id = c.last_insert_rowid();
                    for p in &o.positions {
                        c.execute("INSERT INTO positions VALUES (?1, ?2, ?3, ?4, ?5)", params![id, o.article, p.org, p.org_canonical, p.title])?;
                    }
                }
                Record::Organisation(o) => {
                    c.execute(
                        "INSERT INTO organisations (article, name, type, mentions) VALUES (?1, ?2, ?3, ?4)",
                        params![o.article, o.name, o.org_type, o.spans.len() as i64],
                    )?;
                    let id = c.last_insert_rowid();
                    for alias in &o.aliases {
                        c.execute("INSERT INTO organisation_aliases VALUES (?1, ?2, ?3)", params![id, o.article, alias])?;
                    }
                }
            }
        }
        Ok(())
    }

    pub fn write_error(&mut self, error: &InputError) -> Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO errors VALUES (?1, ?2, ?3)",
            params![error.path, error.line.unwrap_or(0) as i64, error.message],
        )?;
        Ok(())
    }

    pub fn finish(self) -> Result<()> {
        self.conn.execute_batch("COMMIT").context("cannot commit the SQLite transaction")?;
        Ok(())
    }
}
