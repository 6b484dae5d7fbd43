//! `cqextract schema postgres`: tables that the CSV outputs load into with
//! `\copy`, one table per CSV file and one column per CSV column.

/// The statements, with the `\copy` lines that load an output folder.
pub fn schema() -> String {
    "-- cqextract records: tables for the CSV outputs of `cqextract extract --out DIR`.
-- Load with psql, from the folder that holds DIR:
--   \\copy articles FROM 'DIR/articles.csv' WITH (FORMAT csv, HEADER true)
--   \\copy quantities FROM 'DIR/quantities.csv' WITH (FORMAT csv, HEADER true)
--   \\copy targets FROM 'DIR/targets.csv' WITH (FORMAT csv, HEADER true)
--   \\copy officials FROM 'DIR/officials.csv' WITH (FORMAT csv, HEADER true)
--   \\copy organisations FROM 'DIR/organisations.csv' WITH (FORMAT csv, HEADER true)
-- Empty CSV cells load as NULL. Values are exact decimals (numeric).

CREATE TABLE IF NOT EXISTS articles (
    article text PRIMARY KEY, path text NOT NULL, title text, date text, bylines text,
    encoding text NOT NULL, chars integer NOT NULL, sentences integer NOT NULL);
CREATE TABLE IF NOT EXISTS quantities (
    article text NOT NULL REFERENCES articles(article), span_start integer NOT NULL, span_end integer NOT NULL,
    text text NOT NULL, value numeric NOT NULL, value_max numeric, unit text, unit_kind text NOT NULL,
    qualifier text NOT NULL, metric text, sentence text NOT NULL);
CREATE TABLE IF NOT EXISTS targets (
    article text NOT NULL REFERENCES articles(article), span_start integer NOT NULL, span_end integer NOT NULL,
    text text NOT NULL, metric text, comparator text, value numeric, value_max numeric, unit text,
    unit_kind text, deadline integer, horizon_years integer, sentence text NOT NULL);
CREATE TABLE IF NOT EXISTS officials (
    article text NOT NULL REFERENCES articles(article), span_start integer NOT NULL, span_end integer NOT NULL,
    name text NOT NULL, mentions integer NOT NULL, org text, org_canonical text, title text NOT NULL);
CREATE TABLE IF NOT EXISTS organisations (
    article text NOT NULL REFERENCES articles(article), name text NOT NULL, type text NOT NULL,
    aliases text NOT NULL, spans text NOT NULL);
CREATE INDEX IF NOT EXISTS quantities_article ON quantities(article);
CREATE INDEX IF NOT EXISTS quantities_unit ON quantities(unit);
CREATE INDEX IF NOT EXISTS quantities_metric ON quantities(metric);
CREATE INDEX IF NOT EXISTS targets_article ON targets(article);
CREATE INDEX IF NOT EXISTS officials_name ON officials(name);
CREATE INDEX IF NOT EXISTS officials_org ON officials(org_canonical);
CREATE INDEX IF NOT EXISTS organisations_name ON organisations(name);
"
    .to_string()
}
