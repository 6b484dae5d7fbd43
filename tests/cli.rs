//! The command line end to end in a temporary folder: outputs exist, JSONL
//! parses back into records, CSV files agree with it, any thread count
//! gives the same bytes.

use std::collections::BTreeMap;
use std::path::Path;

use cqextract::record::{Record, RecordKind};
use cqextract::stats::RunStats;

use crate::util::{cqextract, stderr, stdout, temp_dir};

fn read_records(path: &Path) -> Vec<Record> {
    std::fs::read_to_string(path)
        .expect("records.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn csv_rows(path: &Path) -> (Vec<String>, usize) {
    let mut reader = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header = reader.headers().expect("header").iter().map(str::to_string).collect();
    (header, reader.records().count())
}

#[test]
fn extract_writes_every_output_and_they_agree() {
    let dir = temp_dir();
    let out = dir.path().join("out");
    let output = cqextract(&["extract", "corpus", "--out", out.to_str().unwrap(), "--quiet"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    let records = read_records(&out.join("records.jsonl"));
    // The JSONL writer writes every record as serde_json does.
    let lines = std::fs::read_to_string(out.join("records.jsonl")).unwrap();
    for (line, record) in lines.lines().zip(&records) {
        assert_eq!(line, serde_json::to_string(record).unwrap());
    }
    let mut per_kind: BTreeMap<RecordKind, usize> = BTreeMap::new();
    for r in &records {
        *per_kind.entry(r.kind()).or_default() += 1;
    }
    for kind in RecordKind::ALL {
        assert!(per_kind.get(&kind).copied().unwrap_or(0) > 0, "no {} record", kind.name());
    }
    // Articles come in input order, each followed by its own records.
    let articles: Vec<&str> = records.iter().filter(|r| r.kind() == RecordKind::Article).map(Record::article_id).collect();
    let mut sorted = articles.clone();
    sorted.sort();
    assert_eq!(articles, sorted);
    assert_eq!(articles.len(), 5, "corpus/README.md is documentation, not an article");

    let positions: usize = records.iter().map(|r| if let Record::Official(o) = r { o.positions.len() } else { 0 }).sum();
    for kind in RecordKind::ALL {
        let (header, rows) = csv_rows(&out.join(cqextract::output::csv_file_name(kind)));
        assert_eq!(header.first().map(String::as_str), Some("article"), "{}", kind.name());
        let expected = if kind == RecordKind::Official { positions } else { per_kind[&kind] };
        assert_eq!(rows, expected, "{} rows", kind.name());
    }

    let summary: RunStats = serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert!(summary.balanced());
    assert_eq!((summary.inputs_found, summary.articles, summary.errors), (5, 5, 0));
    assert_eq!(summary.records.quantity, per_kind[&RecordKind::Quantity]);
    assert_eq!(std::fs::read_to_string(out.join("errors.jsonl")).unwrap(), "");
}

#[test]
fn the_issue_examples_come_out() {
    let output = cqextract(&["extract", "corpus", "--quiet"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let records: Vec<Record> = stdout(&output).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let quantity = records.iter().find_map(|r| match r {
        Record::Quantity(q) if q.text == "16.07万人" => Some(q),
        _ => None,
    });
    let q = quantity.expect("16.07万人");
    assert_eq!((q.value.to_string().as_str(), q.unit.as_deref(), q.metric.as_deref()), ("160700", Some("人"), Some("全市研发人员")));

    let mingju = records.iter().find_map(|r| match r {
        Record::Official(o) if o.name == "明炬" => Some(o),
        _ => None,
    });
    let titles: Vec<(Option<&str>, &str)> =
        mingju.expect("明炬").positions.iter().map(|p| (p.org_canonical.as_deref(), p.title.as_str())).collect();
    assert_eq!(titles, [(Some("重庆市科学技术局"), "党委书记"), (Some("重庆市科学技术局"), "局长")]);

    let bureau = records.iter().find_map(|r| match r {
        Record::Organisation(o) if o.name == "重庆市科学技术局" && o.aliases.len() > 1 => Some(o),
        _ => None,
    });
    assert!(bureau.is_some_and(|o| o.aliases.contains(&"市科技局".to_string())));

    let target = records.iter().find_map(|r| match r {
        Record::Target(t) if t.metric.as_deref() == Some("年技术合同成交额") => Some(t),
        _ => None,
    });
    let t = target.expect("年技术合同成交额 target");
    assert_eq!((t.comparator.as_deref(), t.value.map(|v| v.to_string()), t.unit.as_deref()), (Some(">"), Some("130000000000".into()), Some("元")));
}

#[test]
fn any_thread_count_gives_the_same_bytes() {
    let dir = temp_dir();
    let run = |threads: &str| {
        let out = dir.path().join(format!("t{threads}"));
        let output = cqextract(&["extract", "corpus", "--out", out.to_str().unwrap(), "--threads", threads, "--quiet"]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        out
    };
    let (one, two) = (run("1"), run("2"));
    for name in ["records.jsonl", "articles.csv", "quantities.csv", "targets.csv", "officials.csv", "organisations.csv"] {
        assert_eq!(std::fs::read(one.join(name)).unwrap(), std::fs::read(two.join(name)).unwrap(), "{name} differs");
    }
}

#[test]
fn bench_times_every_round_and_writes_what_it_extracted() {
    let dir = temp_dir();
    let output = cqextract(&["bench", "--mb", "1", "--rounds", "2", "--dir", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = stdout(&output);
    assert!(report.contains("timed in 2 rounds"), "{report}");
    assert!(report.contains("ratio to cut") && report.contains("speed-up"), "{report}");
    let dumps = ["dump-1.jsonl", "dump-2.jsonl"].map(|name| dir.path().join("bench-dump").join(name));
    let articles: usize = dumps.iter().map(|d| std::fs::read_to_string(d).unwrap().lines().count()).sum();
    // Both thread counts extracted every article of every round, the same way.
    let records = |threads: u8| std::fs::read(dir.path().join(format!("records-{threads}.jsonl"))).unwrap();
    let written: Vec<Record> = read_records(&dir.path().join("records-1.jsonl"));
    assert_eq!(written.iter().filter(|r| r.kind() == RecordKind::Article).count(), articles);
    assert_eq!(records(1), records(2));
}

#[test]
fn rules_check_passes_and_usage_errors_exit_2() {
    let output = cqextract(&["rules", "check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("0 example(s) failed"));
    assert_eq!(cqextract(&["extract"]).status.code(), Some(2));
    assert_eq!(cqextract(&["extract", "corpus", "--format", "xml"]).status.code(), Some(2));
}

#[test]
fn parse_reads_lines_from_stdin() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cqextract"))
        .args(["parse"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all("增长百分之一点五七\n技术合同成交额630.5亿元\n".as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    let records: Vec<Record> = stdout(&output).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let values: Vec<String> = records
        .iter()
        .filter_map(|r| if let Record::Quantity(q) = r { Some(format!("{} {}", q.value, q.unit.as_deref().unwrap_or("-"))) } else { None })
        .collect();
    assert_eq!(values, ["1.57 %", "63050000000 元"]);
}

#[test]
fn sqlite_output_is_complete_and_rerunning_replaces_by_article() {
    let dir = temp_dir();
    let out = dir.path().join("db");
    for _ in 0..2 {
        let output = cqextract(&["extract", "corpus", "--out", out.to_str().unwrap(), "--format", "jsonl,sqlite", "--quiet"]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let records = read_records(&out.join("records.jsonl"));
    let db = rusqlite::Connection::open(out.join("records.sqlite")).unwrap();
    let count = |table: &str| -> usize { db.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get::<_, i64>(0)).unwrap() as usize };
    let of_kind = |kind: RecordKind| records.iter().filter(|r| r.kind() == kind).count();
    assert_eq!(count("articles"), of_kind(RecordKind::Article));
    assert_eq!(count("quantities"), of_kind(RecordKind::Quantity));
    assert_eq!(count("targets"), of_kind(RecordKind::Target));
    assert_eq!(count("officials"), of_kind(RecordKind::Official));
    assert_eq!(count("organisations"), of_kind(RecordKind::Organisation));
    let value: i64 = db.query_row("SELECT value FROM quantities WHERE text = '16.07万人'", [], |r| r.get(0)).unwrap();
    assert_eq!(value, 160700);
    let titles: Vec<String> = db
        .prepare("SELECT p.title FROM positions p JOIN officials o ON o.id = p.official_id WHERE o.name = '明炬' ORDER BY p.rowid")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(titles, ["党委书记", "局长"]);
    assert_eq!(cqextract(&["extract", "corpus", "--format", "sqlite"]).status.code(), Some(2), "sqlite needs --out");
}

#[test]
fn postgres_schema_has_a_table_per_csv_file() {
    let output = cqextract(&["schema", "postgres"]);
    let schema = stdout(&output);
    for kind in RecordKind::ALL {
        let table = cqextract::output::csv_file_name(kind).trim_end_matches(".csv");
        assert!(schema.contains(&format!("CREATE TABLE IF NOT EXISTS {table} (")), "{table}");
    }
}

#[test]
fn extract_with_eval_prints_the_table() {
    let dir = temp_dir();
    let out = dir.path().join("out");
    let output = cqextract(&["extract", "corpus", "--out", out.to_str().unwrap(), "--eval", "corpus/gold", "--quiet"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let table = stdout(&output);
    for line in ["quantity", "target", "target_no_number", "official", "position", "organisation"] {
        assert!(table.lines().any(|l| l.starts_with(line)), "{line} missing:\n{table}");
    }
    let eval = cqextract(&["eval", "--gold", "corpus/gold", "--pred", out.join("records.jsonl").to_str().unwrap(), "--json"]);
    let summary: serde_json::Value = serde_json::from_str(&stdout(&eval)).unwrap();
    assert_eq!(summary["lines"].as_array().map(Vec::len), Some(6));
}
