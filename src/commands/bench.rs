//! `cqextract bench`: whole-pipeline throughput against plain segmentation.
//!
//! Builds a corpus of `--mb` MB from the sample articles, every copy varied
//! (paragraph order shuffled, digits changed, surnames swapped) so caches
//! are not flattered; then, in one run, times jieba-rs `cut` over every
//! article's text on one thread, and `extract` with JSONL output on one and
//! on two threads. Figures are reported as ratios, since machines are noisy.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};

use crate::cli::BenchArgs;
use crate::ingest::{self, Input, InputFormat, JsonlReader};
use crate::output::write_jsonl;
use crate::pipeline::{self, Extractor, Outcome};
use crate::rules::RuleFiles;

pub fn run(args: BenchArgs) -> Result<ExitCode> {
    let temp;
    let dir = match &args.dir {
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
            dir.clone()
        }
        None => {
            temp = tempfile::tempdir().context("cannot create a temporary folder")?;
            temp.path().to_path_buf()
        }
    };
    let (inputs, errors) = ingest::discover(std::slice::from_ref(&args.sample));
    let samples: Vec<String> = inputs.iter().filter_map(|i| ingest::read_text(i).ok()).map(|a| a.source).collect();
    anyhow::ensure!(errors.is_empty() && !samples.is_empty(), "no sample articles in {}", args.sample.display());
    let started = Instant::now();
    let built = build_corpus(&samples, &dir, args.mb * 1_000_000, args.files)?;
    eprintln!("built {:.1} MB ({} articles) in {:.1} s at {}", built.bytes as f64 / 1e6, built.articles, started.elapsed().as_secs_f64(), built.root.display());
    if args.build_only {
        return Ok(ExitCode::SUCCESS);
    }

    let load = Instant::now();
    let extractor = Extractor::load(&RuleFiles::embedded())?;
    let load_ms = load.elapsed().as_secs_f64() * 1e3;
    let (inputs, _) = ingest::discover(std::slice::from_ref(&built.root));

    let cut_mb_s = time_cut(&inputs, &extractor)?;
    let one = time_extract(&inputs, &extractor, 1, &dir)?;
    let two = time_extract(&inputs, &extractor, 2, &dir)?;
    println!("corpus            {:.1} MB, {} articles", built.bytes as f64 / 1e6, built.articles);
    println!("start-up          {load_ms:.0} ms (rules + dictionary)");
    println!("jieba-rs cut      {cut_mb_s:.1} MB/s (1 thread)");
    println!("extract, 1 thread {one:.1} MB/s   ratio to cut {:.2}", one / cut_mb_s);
    println!("extract, 2 threads {two:.1} MB/s  speed-up {:.2}x", two / one);
    Ok(ExitCode::SUCCESS)
}

struct Built {
    root: PathBuf,
    bytes: usize,
    articles: usize,
}

/// A small deterministic generator (xorshift), so every run builds the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢";

/// One varied copy of an article: paragraphs shuffled, digits changed,
/// surnames swapped.
fn vary(source: &str, rng: &mut Rng) -> String {
    let mut paragraphs: Vec<&str> = source.split('\n').collect();
    for i in (1..paragraphs.len()).rev() {
        paragraphs.swap(i, rng.below(i + 1));
    }
    let surnames: Vec<char> = SURNAMES.chars().collect();
    paragraphs
        .join("\n")
        .chars()
        .map(|c| match c {
            '1'..='9' => char::from_digit(1 + rng.below(9) as u32, 10).unwrap_or(c),
            c if SURNAMES.contains(c) && rng.below(2) == 0 => surnames[rng.below(surnames.len())],
            c => c,
        })
        .collect()
}

fn build_corpus(samples: &[String], dir: &Path, target: usize, files: bool) -> Result<Built> {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let root = dir.join(if files { "bench-files" } else { "bench-dump" });
    std::fs::create_dir_all(&root)?;
    let mut dump = if files { None } else { Some(BufWriter::new(File::create(root.join("dump.jsonl"))?)) };
    let (mut bytes, mut articles) = (0, 0);
    while bytes < target {
        let text = vary(&samples[articles % samples.len()], &mut rng);
        bytes += text.len();
        let id = format!("a{articles:07}");
        match &mut dump {
            Some(w) => {
                serde_json::to_writer(&mut *w, &serde_json::json!({ "id": id, "text": text }))?;
                w.write_all(b"\n")?;
            }
            None => {
                let sub = root.join(&id[..5]);
                std::fs::create_dir_all(&sub)?;
                std::fs::write(sub.join(format!("{id}.txt")), &text)?;
            }
        }
        articles += 1;
    }
    if let Some(mut w) = dump {
        w.flush()?;
    }
    Ok(Built { root, bytes, articles })
}

/// Every article's text, read the way `extract` reads it.
fn for_each_article(inputs: &[Input], mut f: impl FnMut(&str)) -> Result<()> {
    for input in inputs {
        match input.format {
            InputFormat::Jsonl => {
                for article in JsonlReader::open(input)? {
                    f(&article?.source);
                }
            }
            InputFormat::Text => f(&ingest::read_text(input)?.source),
        }
    }
    Ok(())
}

fn time_cut(inputs: &[Input], extractor: &Extractor) -> Result<f64> {
    let started = Instant::now();
    let mut bytes = 0;
    let mut words = 0;
    for_each_article(inputs, |text| {
        bytes += text.len();
        words += extractor.segmenter().cut_count(text);
    })?;
    std::hint::black_box(words);
    Ok(bytes as f64 / 1e6 / started.elapsed().as_secs_f64())
}

fn time_extract(inputs: &[Input], extractor: &Extractor, threads: usize, dir: &Path) -> Result<f64> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
    let mut out = BufWriter::new(File::create(dir.join(format!("records-{threads}.jsonl")))?);
    let started = Instant::now();
    let mut failed = None;
    let stats = pool.install(|| {
        pipeline::run(inputs, extractor, &mut |outcome| {
            if let Outcome::Article { records, .. } = outcome
                && let Err(e) = write_jsonl(&mut out, &records)
            {
                failed = Some(e);
            }
        })
    });
    out.flush()?;
    if let Some(e) = failed {
        return Err(e);
    }
    Ok(stats.bytes as f64 / 1e6 / started.elapsed().as_secs_f64())
}
