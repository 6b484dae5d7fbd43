//! Criterion benchmarks: loading (rules, dictionary) apart from per-article
//! work, and each stage on the sample corpus. Run by hand:
//!     cargo bench --bench pipeline
//! The whole-pipeline throughput run is `cqextract bench` (README).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use cqextract::clean::clean;
use cqextract::extract::Document;
use cqextract::ingest::{Article, discover, read_text};
use cqextract::output::write_jsonl;
use cqextract::pipeline::Extractor;
use cqextract::rules::{RuleFiles, RuleSet};

fn corpus() -> Vec<Article> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let (inputs, _) = discover(&[root]);
    inputs.iter().filter_map(|i| read_text(i).ok()).collect()
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    group.bench_function("rules", |b| b.iter(|| RuleSet::load(&RuleFiles::embedded()).unwrap()));
    group.bench_function("rules+dictionary", |b| b.iter(|| Extractor::new(RuleSet::embedded().unwrap()).unwrap()));
    group.finish();
}

fn stages(c: &mut Criterion) {
    let extractor = Extractor::new(RuleSet::embedded().unwrap()).unwrap();
    let articles = corpus();
    let bytes: usize = articles.iter().map(|a| a.source.len()).sum();
    let mut group = c.benchmark_group("stage");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("clean", |b| {
        b.iter(|| articles.iter().map(|a| clean(black_box(&a.source), extractor.segmenter()).text.len()).sum::<usize>())
    });
    let cleaned: Vec<_> = articles.iter().map(|a| clean(&a.source, extractor.segmenter())).collect();
    group.bench_function("segment_all_jieba_cut", |b| {
        b.iter(|| cleaned.iter().map(|c| extractor.segmenter().cut_count(black_box(&c.text))).sum::<usize>())
    });
    group.bench_function("sentences", |b| {
        b.iter(|| cleaned.iter().map(|c| Document::new(black_box(c), extractor.segmenter()).sentences.len()).sum::<usize>())
    });
    group.bench_function("extract_article", |b| b.iter(|| articles.iter().map(|a| extractor.extract(black_box(a)).len()).sum::<usize>()));
    let records: Vec<_> = articles.iter().flat_map(|a| extractor.extract(a)).collect();
    group.bench_function("output_jsonl", |b| {
        b.iter(|| {
            let mut sink = Vec::with_capacity(1 << 20);
            write_jsonl(&mut sink, black_box(&records)).unwrap();
            sink.len()
        })
    });
    group.finish();
}

criterion_group!(benches, load, stages);
criterion_main!(benches);
