//! `cqextract bench`: whole-pipeline throughput against plain segmentation.
//!
//! Builds a corpus of `--mb` MB from the sample articles, every copy varied
//! (paragraph order shuffled, digits changed, surnames swapped) so caches
//! are not flattered, as one JSONL dump per round; then, in one run and
//! round after round, times jieba-rs `cut` over every article's text on
//! one thread, and `extract` with JSONL output on one and on two threads.
//! Figures are reported as ratios, for the whole corpus and as the median
//! and range of the rounds', since machines are noisy.

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
    let rounds = args.rounds.max(1);
    let built = build_corpus(&samples, &dir, args.mb * 1_000_000, args.files, rounds)?;
    eprintln!("built {:.1} MB ({} articles) in {:.1} s at {}", built.bytes as f64 / 1e6, built.articles, started.elapsed().as_secs_f64(), built.root.display());
    if args.build_only {
        return Ok(ExitCode::SUCCESS);
    }

    let load = Instant::now();
    let extractor = Extractor::load(&RuleFiles::embedded())?;
    let load_ms = load.elapsed().as_secs_f64() * 1e3;
    let (inputs, _) = ingest::discover(std::slice::from_ref(&built.root));

    // Round after round, each side of a ratio times the same part of the
    // corpus next to the other, in turn first and last: a slow spell of
    // the machine then weighs on both sides of the round's ratio.
    let pools = [1, 2].map(|threads| rayon::ThreadPoolBuilder::new().num_threads(threads).build());
    let [Ok(one_thread), Ok(two_threads)] = pools else { anyhow::bail!("cannot start the worker threads") };
    let mut one_out = BufWriter::new(File::create(dir.join("records-1.jsonl"))?);
    let mut two_out = BufWriter::new(File::create(dir.join("records-2.jsonl"))?);
    let (mut cut, mut one, mut two) = (Timed::default(), Timed::default(), Timed::default());
    let (mut ratios, mut speed_ups) = (Vec::new(), Vec::new());
    for (round, part) in inputs.chunks(inputs.len().div_ceil(rounds).max(1)).enumerate() {
        let mut times = [Timed::default(); 3];
        let order: [usize; 3] = if round % 2 == 0 { [0, 1, 2] } else { [2, 1, 0] };
        for side in order {
            times[side] = match side {
                0 => time_cut(part, &extractor)?,
                1 => time_extract(part, &extractor, &one_thread, &mut one_out)?,
                _ => time_extract(part, &extractor, &two_threads, &mut two_out)?,
            };
        }
        ratios.push(times[1].mb_s() / times[0].mb_s());
        speed_ups.push(times[2].mb_s() / times[1].mb_s());
        cut.add(times[0]);
        one.add(times[1]);
        two.add(times[2]);
    }
    one_out.flush()?;
    two_out.flush()?;
    println!("corpus            {:.1} MB, {} articles, timed in {} rounds", built.bytes as f64 / 1e6, built.articles, ratios.len());
    println!("start-up          {load_ms:.0} ms (rules + dictionary)");
    println!("jieba-rs cut      {:.1} MB/s (1 thread)", cut.mb_s());
    println!("extract, 1 thread {:.1} MB/s   ratio to cut {:.2} ({})", one.mb_s(), one.mb_s() / cut.mb_s(), spread(&mut ratios));
    println!("extract, 2 threads {:.1} MB/s  speed-up {:.2}x ({})", two.mb_s(), two.mb_s() / one.mb_s(), spread(&mut speed_ups));
    Ok(ExitCode::SUCCESS)
}

/// Bytes processed and the seconds it took.
#[derive(Debug, Clone, Copy, Default)]
struct Timed {
    bytes: usize,
    seconds: f64,
}

impl Timed {
    fn mb_s(self) -> f64 {
        self.bytes as f64 / 1e6 / self.seconds
    }

    fn add(&mut self, other: Timed) {
        self.bytes += other.bytes;
        self.seconds += other.seconds;
    }
}

/// The median and range of per-round figures.
fn spread(figures: &mut [f64]) -> String {
    figures.sort_by(f64::total_cmp);
    match (figures.first(), figures.last()) {
        (Some(low), Some(high)) => format!("median of rounds {:.2}, {low:.2}–{high:.2}", figures[figures.len() / 2]),
        _ => "no rounds".to_string(),
    }
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

/// The corpus as files of one article each, or as one JSONL dump per
/// round of timing (`dump-1.jsonl`, …).
fn build_corpus(samples: &[String], dir: &Path, target: usize, files: bool, rounds: usize) -> Result<Built> {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let root = dir.join(if files { "bench-files" } else { "bench-dump" });
    std::fs::create_dir_all(&root)?;
    let mut dumps = Vec::new();
    if !files {
        for round in 1..=rounds {
            dumps.push(BufWriter::new(File::create(root.join(format!("dump-{round}.jsonl")))?));
        }
    }
    let (mut bytes, mut articles) = (0, 0);
    while bytes < target {
        let round = (bytes * rounds / target).min(rounds - 1);
        let text = vary(&samples[articles % samples.len()], &mut rng);
        bytes += text.len();
        let id = format!("a{articles:07}");
        match dumps.get_mut(round) {
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
    for mut w in dumps {
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

fn time_cut(inputs: &[Input], extractor: &Extractor) -> Result<Timed> {
    let started = Instant::now();
    let mut bytes = 0;
    let mut words = 0;
    for_each_article(inputs, |text| {
        bytes += text.len();
        words += extractor.segmenter().cut_count(text);
    })?;
    std::hint::black_box(words);
    Ok(Timed { bytes, seconds: started.elapsed().as_secs_f64() })
}

fn time_extract(inputs: &[Input], extractor: &Extractor, pool: &rayon::ThreadPool, out: &mut (impl Write + Send)) -> Result<Timed> {
    let started = Instant::now();
    let mut failed = None;
    let stats = pool.install(|| {
        pipeline::run(inputs, extractor, &mut |outcome| {
            if let Outcome::Article { records, .. } = outcome
                && let Err(e) = write_jsonl(&mut *out, &records)
            {
                failed = Some(e);
            }
        })
    });
    if let Some(e) = failed {
        return Err(e);
    }
    Ok(Timed { bytes: stats.bytes, seconds: started.elapsed().as_secs_f64() })
}
