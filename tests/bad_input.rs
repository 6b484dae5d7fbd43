//! Bad input: every kind of junk a dump holds. No panic; a clear error
//! naming the file (and line); the other inputs still processed; exit code
//! 1 when any input failed, 0 when none did, 2 for usage and fatal errors.

use std::path::Path;

use cqextract::ingest::InputError;
use cqextract::record::Record;
use cqextract::stats::RunStats;

use crate::util::{cqextract, repo, stderr, stdout, temp_dir};

const GOOD: &str = "重庆日报记者 张亦筑\n全市研发人员16.07万人。\n";

struct Run {
    code: Option<i32>,
    stderr: String,
    errors: Vec<InputError>,
    records: Vec<Record>,
    summary: RunStats,
}

/// Runs `extract` over `input` into `out` and reads everything back.
fn extract(input: &Path, out: &Path) -> Run {
    let output = cqextract(&["extract", input.to_str().unwrap(), "--out", out.to_str().unwrap(), "--quiet"]);
    let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}; {}", stderr(&output)));
    Run {
        code: output.status.code(),
        stderr: stderr(&output),
        errors: read("errors.jsonl").lines().map(|l| serde_json::from_str(l).unwrap()).collect(),
        records: read("records.jsonl").lines().map(|l| serde_json::from_str(l).unwrap()).collect(),
        summary: serde_json::from_str(&read("summary.json")).unwrap(),
    }
}

fn articles(run: &Run) -> Vec<&str> {
    run.records.iter().filter_map(|r| if let Record::Article(a) = r { Some(a.article.as_str()) } else { None }).collect()
}

/// A folder with one good article and `name` holding `bytes`.
fn folder_with(name: &str, bytes: &[u8]) -> tempfile::TempDir {
    let dir = temp_dir();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::write(dir.path().join("in/good.txt"), GOOD).unwrap();
    std::fs::write(dir.path().join("in").join(name), bytes).unwrap();
    dir
}

fn assert_one_failure(name: &str, bytes: &[u8], message: &str) {
    let dir = folder_with(name, bytes);
    let run = extract(&dir.path().join("in"), &dir.path().join("out"));
    assert_eq!(run.code, Some(1), "{name}: {}", run.stderr);
    assert_eq!(run.errors.len(), 1, "{name}: {:?}", run.errors);
    assert!(run.errors[0].path.ends_with(name), "{:?}", run.errors[0]);
    assert!(run.errors[0].message.contains(message), "{name}: {}", run.errors[0].message);
    assert!(run.stderr.contains(name), "stderr names the file: {}", run.stderr);
    assert_eq!(articles(&run), ["good"], "the good input is still processed");
    assert!(run.summary.balanced() && run.summary.inputs_failed == 1 && run.summary.errors == 1, "{:?}", run.summary);
}

#[test]
fn binary_file() {
    assert_one_failure("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0", "binary data");
}

#[test]
fn truncated_utf8() {
    let mut bytes = "全市研发人员16.07万人".as_bytes().to_vec();
    bytes.truncate(bytes.len() - 2);
    assert_one_failure("cut.txt", &bytes, "truncated UTF-8 character at byte");
}

#[test]
fn empty_and_blank_files() {
    assert_one_failure("empty.txt", b"", "empty file");
    assert_one_failure("blank.txt", " \n\t\u{3000}\n".as_bytes(), "only white space");
}

#[test]
fn gb18030_and_bom_are_decoded() {
    let dir = folder_with("gb.txt", &encoding_rs::GB18030.encode("技术合同成交额630.5亿元。").0);
    std::fs::write(dir.path().join("in/bom.txt"), "\u{feff}科技型企业36685家。".as_bytes()).unwrap();
    let run = extract(&dir.path().join("in"), &dir.path().join("out"));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let encodings: Vec<(&str, &str)> = run
        .records
        .iter()
        .filter_map(|r| if let Record::Article(a) = r { Some((a.article.as_str(), a.encoding.as_str())) } else { None })
        .collect();
    assert_eq!(encodings, [("bom", "UTF-8"), ("gb", "GB18030"), ("good", "UTF-8")]);
    let values: Vec<String> =
        run.records.iter().filter_map(|r| if let Record::Quantity(q) = r { Some(q.text.clone()) } else { None }).collect();
    assert_eq!(values, ["36685家", "630.5亿元", "16.07万人"]);
}

#[test]
fn a_ten_megabyte_line_without_punctuation() {
    let line = "科技创新驱动发展".repeat(10 * 1024 * 1024 / 24);
    let dir = folder_with("long.txt", line.as_bytes());
    let run = extract(&dir.path().join("in"), &dir.path().join("out"));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(articles(&run), ["good", "long"]);
}

#[test]
fn jsonl_dump_with_bad_lines_and_duplicate_ids() {
    let lines = [
        r#"{"id":"a1","title":"标题","date":"2025-11-11","text":"全市研发人员16.07万人。"}"#,
        r#"{"id":"a2","text":"#,
        r#"{"id":"a3","title":"无正文"}"#,
        r#"{"id":"a1","text":"重复的编号。"}"#,
        r#"{"id":"a4","text":"技术合同成交额630.5亿元。"}"#,
        r#"{"id":"a5","text":"坏字"}"#,
        "{\"id\":\"a6\",\"text\":\"研发投入12亿元。\"}\r",
    ];
    let mut dump = lines.join("\n").into_bytes();
    // Line 6 breaks off inside a character: `字` loses its last byte. Line 7 ends in CR LF.
    let last_byte = dump.windows(3).position(|w| w == "字".as_bytes()).unwrap() + 2;
    dump.remove(last_byte);
    let dir = folder_with("dump.jsonl", &dump);
    let run = extract(&dir.path().join("in"), &dir.path().join("out"));
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(articles(&run), ["a1", "a4", "a6", "good"]);
    let described: Vec<String> = run.errors.iter().map(|e| format!("{:?} {}", e.line, e.message)).collect();
    assert!(described[0].starts_with("Some(2) malformed JSON"), "{described:?}");
    assert_eq!(described[1], "Some(3) line has no `text` field");
    assert_eq!(described[3], "Some(6) invalid UTF-8 at byte 22 of the line", "{described:?}");
    assert!(run.errors[2].message.contains("duplicate article id `a1`"), "{described:?}");
    assert!(run.errors.iter().take(2).all(|e| e.path.ends_with("dump.jsonl")));
    let a1 = run.records.iter().find_map(|r| if let Record::Article(a) = r { (a.article == "a1").then_some(a) } else { None });
    let a1 = a1.unwrap();
    assert_eq!((a1.title.as_deref(), a1.date.as_deref()), (Some("标题"), Some("2025-11-11")));
    assert!(run.summary.balanced());
    assert_eq!((run.summary.inputs_found, run.summary.articles, run.summary.errors), (2, 4, 4));
}

#[cfg(unix)]
#[test]
fn symlink_loop_and_dangling_link() {
    let dir = folder_with("other.txt", GOOD.as_bytes());
    std::os::unix::fs::symlink(dir.path().join("in"), dir.path().join("in/loop")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("missing.txt"), dir.path().join("in/dangling.txt")).unwrap();
    let run = extract(&dir.path().join("in"), &dir.path().join("out"));
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(articles(&run), ["good", "other"]);
    let messages: Vec<String> = run.errors.iter().map(|e| format!("{} {}", e.path, e.message)).collect();
    assert!(messages.iter().any(|m| m.contains("loop") && m.contains("symbolic link loop")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("dangling.txt")), "{messages:?}");
    assert!(run.summary.balanced());
}

#[cfg(unix)]
#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = folder_with("locked.txt", GOOD.as_bytes());
    let locked = dir.path().join("in/locked.txt");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        // Running as root: permissions do not stop reads, nothing to test.
        return;
    }
    let run = extract(&dir.path().join("in"), &dir.path().join("out"));
    assert_eq!(run.code, Some(1));
    assert!(run.errors[0].message.contains("cannot read"), "{:?}", run.errors);
    assert_eq!(articles(&run), ["good"]);
}

#[test]
fn missing_path_is_an_error_and_the_rest_goes_on() {
    let dir = temp_dir();
    let out = dir.path().join("out");
    let output = cqextract(&["extract", "corpus/001_2109a9b93216b2a9.txt", "no/such/file.txt", "--out", out.to_str().unwrap(), "--quiet"]);
    assert_eq!(output.status.code(), Some(1));
    let summary: RunStats = serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!((summary.inputs_found, summary.inputs_processed, summary.inputs_failed), (2, 1, 1));
}

/// A copy of the shipped rules with one text replaced in `file`.
fn rules_with_change(dir: &tempfile::TempDir, file: &str, from: &str, to: &str) -> std::path::PathBuf {
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    for entry in std::fs::read_dir(repo("rules")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, rules.join(path.file_name().unwrap())).unwrap();
    }
    let original = std::fs::read_to_string(rules.join(file)).unwrap();
    let changed = original.replacen(from, to, 1);
    assert_ne!(changed, original);
    std::fs::write(rules.join(file), changed).unwrap();
    rules
}

/// `extract` with one text of a rule file changed stops at start (exit 2)
/// with `message`.
fn assert_fails_at_start(file: &str, from: &str, to: &str, message: &str) {
    let dir = temp_dir();
    let rules = rules_with_change(&dir, file, from, to);
    let output = cqextract(&["extract", "corpus", "--rules", rules.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr(&output);
    assert!(stderr.contains(message), "{stderr}");
}

#[test]
fn a_broken_rule_fails_at_start_naming_file_and_rule() {
    assert_fails_at_start("quantity.toml", "pattern = '翻(?P<num>", "pattern = '翻((?P<num>", "quantity.toml [rule doubling]: bad pattern");
}

#[test]
fn a_group_the_reader_does_not_know_fails_at_start() {
    let message = "quantity.toml [rule doubling]: unknown group `times`";
    assert_fails_at_start("quantity.toml", "pattern = '翻(?P<num>", "pattern = '翻(?P<times>", message);
}

#[test]
fn a_suffix_rule_other_than_the_suffixes_fails_at_start() {
    let message = "organisation.toml [rule suffix_name]: the pattern must be `{suffix}`";
    assert_fails_at_start("organisation.toml", "pattern = '{suffix}'", "pattern = '{suffix}(?:部)?'", message);
}

#[test]
fn a_required_literal_outside_the_match_is_reported() {
    let dir = temp_dir();
    // The examples of `rank` (`…居全国第7位`) hold `全国`, but not inside the match.
    let rules = rules_with_change(&dir, "quantity.toml", "requires = [\"{numeral}位\", \"{numeral}名\"", "requires = [\"全国\", \"排名\"");
    let output = cqextract(&["rules", "check", "--rules", rules.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stdout(&output) + &stderr(&output);
    assert!(message.contains("[rule rank]") && message.contains("none of the required literals"), "{message}");
}

#[test]
fn an_output_folder_that_cannot_be_written() {
    let dir = temp_dir();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let output = cqextract(&["extract", "corpus", "--out", blocker.join("out").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("cannot create output folder"), "{}", stderr(&output));
}
