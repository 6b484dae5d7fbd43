//! Whole-article extraction on any text: no panic, every span inside the
//! source.
#![no_main]

use std::sync::LazyLock;

use cqextract::ingest::Article;
use cqextract::pipeline::Extractor;
use cqextract::rules::RuleSet;
use libfuzzer_sys::fuzz_target;

static EXTRACTOR: LazyLock<Extractor> =
    LazyLock::new(|| Extractor::new(RuleSet::embedded().expect("embedded rules")).expect("segmenter"));

fuzz_target!(|text: &str| {
    let chars = text.chars().count();
    for record in EXTRACTOR.extract(&Article::from_text("fuzz", text)) {
        for [start, end] in record.spans() {
            assert!(start <= end && end <= chars, "{record:?}");
        }
    }
});
