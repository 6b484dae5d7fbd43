//! Property tests: the number grammar reads back what a numeral writer
//! wrote, and no input makes the cleaner or the extractor panic or produce
//! a span outside the source.

use cqextract::clean::{Lexicon, clean};
use cqextract::ingest::Article;
use cqextract::number::parse_number;
use proptest::prelude::*;

use crate::util::extractor;

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Writes `n` in Chinese numerals the standard way (`一万零三`, `十五`).
fn chinese(n: u64) -> String {
    if n == 0 {
        return "零".into();
    }
    fn below_10k(n: u64, leading: bool) -> String {
        let mut out = String::new();
        let mut zero = false;
        for (place, unit) in [(1000, "千"), (100, "百"), (10, "十"), (1, "")] {
            let d = (n / place % 10) as usize;
            if d == 0 {
                zero = !out.is_empty() || !leading;
                continue;
            }
            if zero {
                out.push('零');
                zero = false;
            }
            if !(leading && out.is_empty() && d == 1 && place == 10) {
                out.push(DIGITS[d]);
            }
            out.push_str(unit);
        }
        out
    }
    let mut out = String::new();
    let sections = [(n / 100_000_000, "亿"), (n / 10_000 % 10_000, "万"), (n % 10_000, "")];
    let mut started = false;
    let mut gap = false;
    for (value, mark) in sections {
        if value == 0 {
            gap = started;
            continue;
        }
        // A skipped section before a full one needs its 零; a short section
        // writes its own (`一万零三`).
        if started && gap && value >= 1000 {
            out.push('零');
        }
        let text = if value >= 10_000 { chinese(value) } else { below_10k(value, !started) };
        out.push_str(&text);
        out.push_str(mark);
        started = true;
        gap = false;
    }
    out
}

/// Knows no words: the cleaner joins no page break.
struct NoWords;

impl Lexicon for NoWords {
    fn word_spans(&self, _: &str, _: &str) -> bool {
        false
    }
}

#[test]
fn the_numeral_writer_writes_what_the_tests_expect() {
    assert_eq!(chinese(10_003), "一万零三");
    assert_eq!(chinese(15), "十五");
    assert_eq!(chinese(110), "一百一十");
    assert_eq!(chinese(100_000_010), "一亿零一十");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn chinese_numerals_read_back(n in 0u64..1_000_000_000_000) {
        let text = chinese(n);
        let parsed = parse_number(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
        prop_assert_eq!(parsed.value, rust_decimal::Decimal::from(n), "{}", text);
    }

    #[test]
    fn arabic_with_separators_reads_back(n in 0u64..1_000_000_000_000, cents in 0u32..100) {
        let grouped = n.to_string().as_bytes().rchunks(3).rev().map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join(",");
        let text = format!("{grouped}.{cents:02}");
        let parsed = parse_number(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
        prop_assert_eq!(parsed.value, format!("{n}.{cents:02}").parse::<rust_decimal::Decimal>().unwrap());
    }

    #[test]
    fn the_number_grammar_never_panics(text in "[0-9,.零〇一二两三四五六七八九十百千万亿壹贰叁拾佰仟廿点]{0,12}") {
        let _ = parse_number(&text);
    }

    #[test]
    fn clean_spans_stay_inside_the_source(source in "[ \\n\\t　a-z0-9０-９，。；“”#*（）()%％重庆市科技局万亿元人年个]{0,80}") {
        let c = clean(&source, &NoWords);
        let chars = source.chars().count();
        for (i, _) in c.text.char_indices() {
            let [s, e] = c.source_span(i, c.text.len());
            prop_assert!(s <= e && e <= chars);
        }
    }

    #[test]
    fn extraction_never_panics_and_spans_point_into_the_source(
        source in "[ \\n　0-9０-９.,，。；、“”:：#*()（）%％第年月日万亿千百十一二三四五六七八九两余多约超过以上以下重庆市科技局长党委书记明炬大学实验室有限公司到力争达突破元人家个项]{0,120}"
    ) {
        let article = Article::from_text("p", &source);
        let chars = source.chars().count();
        for record in extractor().extract(&article) {
            for [s, e] in record.spans() {
                prop_assert!(s <= e && e <= chars, "{:?} in {:?}", record, source);
            }
        }
    }
}

/// Inputs the fuzzers found (`tests/fuzz/regressions/`), kept as tests.
#[test]
fn inputs_the_fuzzers_found_do_not_panic() {
    let dir = crate::util::repo("tests/fuzz/regressions");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/fuzz/regressions") {
        let path = entry.expect("entry").path();
        let text = String::from_utf8_lossy(&std::fs::read(&path).expect("read")).into_owned();
        let records = extractor().extract(&Article::from_text("fuzz", &text));
        assert!(!records.is_empty(), "{}", path.display());
        seen += 1;
    }
    assert!(seen > 0);
}
