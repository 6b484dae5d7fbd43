//! Golden test: the records of `corpus/`, one readable line each, against
//! `tests/golden/corpus.txt`. Review a change of that file like code.
//!
//! Regenerate after an intended change with
//!     UPDATE_GOLDEN=1 cargo test --test integration golden
//! then read the diff (`git diff tests/golden`) before committing it.

use cqextract::ingest::discover;
use cqextract::pipeline::{Outcome, run};
use cqextract::record::{Record, decimal_text};

use crate::util::{extractor, repo};

fn render(record: &Record) -> String {
    let opt = |s: &Option<String>| s.clone().unwrap_or_else(|| "-".into());
    match record {
        Record::Article(a) => {
            let bylines: Vec<String> = a.bylines.iter().map(|b| format!("{}/{}", b.name, b.role)).collect();
            format!("article {} title={} date={} bylines={} {} chars={} sentences={}", a.article, opt(&a.title), opt(&a.date), bylines.join(","), a.encoding, a.chars, a.sentences)
        }
        Record::Quantity(q) => format!(
            "  quantity {:?} {} = {}{} {} [{}] {} metric={}",
            q.span,
            q.text,
            decimal_text(&q.value),
            q.value_max.as_ref().map(|m| format!("..{}", decimal_text(m))).unwrap_or_default(),
            opt(&q.unit),
            q.unit_kind,
            q.qualifier,
            opt(&q.metric)
        ),
        Record::Target(t) => format!(
            "  target {:?} {} {} {}{} deadline={:?} horizon={:?} metric={} | {}",
            t.span,
            opt(&t.comparator),
            t.value.as_ref().map(decimal_text).unwrap_or_else(|| "-".into()),
            opt(&t.unit),
            t.value_max.as_ref().map(|m| format!(" ..{}", decimal_text(m))).unwrap_or_default(),
            t.deadline,
            t.horizon_years,
            opt(&t.metric),
            t.text
        ),
        Record::Official(o) => {
            let positions: Vec<String> = o
                .positions
                .iter()
                .map(|p| format!("{}({})/{}", opt(&p.org), opt(&p.org_canonical), p.title))
                .collect();
            format!("  official {:?} {} x{} {}", o.span, o.name, o.mentions, positions.join(" "))
        }
        Record::Organisation(o) => format!("  organisation {} [{}] aliases={} mentions={}", o.name, o.org_type, o.aliases.join("|"), o.spans.len()),
    }
}

pub fn corpus_records() -> Vec<Record> {
    let (inputs, errors) = discover(&[repo("corpus")]);
    assert!(errors.is_empty(), "{errors:?}");
    let mut records = Vec::new();
    run(&inputs, extractor(), &mut |outcome| match outcome {
        Outcome::Article { records: r, .. } => records.extend(r),
        Outcome::Failed(e) => panic!("corpus input failed: {e}"),
    });
    records
}

#[test]
fn corpus_records_match_the_golden_file() {
    let rendered: String = corpus_records().iter().map(|r| render(r) + "\n").collect();
    let path = repo("tests/golden/corpus.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &rendered).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).expect("tests/golden/corpus.txt (UPDATE_GOLDEN=1 writes it)");
    if rendered != expected {
        let first = rendered.lines().zip(expected.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "records differ from tests/golden/corpus.txt at line {}:\n  got:      {}\n  expected: {}\n(UPDATE_GOLDEN=1 rewrites it; review the diff)",
            first + 1,
            rendered.lines().nth(first).unwrap_or("<end>"),
            expected.lines().nth(first).unwrap_or("<end>")
        );
    }
}
