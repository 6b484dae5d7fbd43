//! `cqextract extract PATH... [--out DIR]`

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::ExtractArgs;
use crate::ingest;
use crate::output::{self, OutputDir};
use crate::pipeline::{self, Outcome};
use crate::record::Record;
use crate::stats::RunStats;

pub fn run(args: ExtractArgs) -> Result<ExitCode> {
    let started = Instant::now();
    // Before anything runs on the pool: loading does.
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new().num_threads(threads).build_global().context("cannot start worker threads")?;
    }
    let extractor = super::load_extractor(&args.rules)?;
    let (inputs, walk_errors) = ingest::discover(&args.paths);
    let mut out_dir = match &args.out {
        Some(dir) => Some(OutputDir::create(dir, &args.format)?),
        None if args.format.contains(&crate::output::Format::Sqlite) => {
            eprintln!("cqextract: --format sqlite needs --out DIR");
            return Ok(ExitCode::from(2));
        }
        None => None,
    };
    let mut stdout = std::io::BufWriter::new(std::io::stdout());
    // Records are kept for scoring only when --eval asks for it.
    let mut kept: Vec<Record> = Vec::new();
    let progress = progress_bar(inputs.len() as u64, args.quiet);
    let mut write_failure: Option<anyhow::Error> = None;

    let mut stats = RunStats { inputs_found: walk_errors.len(), inputs_failed: walk_errors.len(), ..RunStats::default() };
    for error in &walk_errors {
        stats.errors += 1;
        report_error(error, out_dir.as_mut())?;
    }
    let run_stats = {
        pipeline::run(&inputs, &extractor, &mut |outcome| {
            if write_failure.is_some() {
                return;
            }
            let written = match &outcome {
                Outcome::Article { records, .. } => {
                    progress.inc(1);
                    if args.eval.is_some() {
                        kept.extend(records.iter().cloned());
                    }
                    match out_dir.as_mut() {
                        Some(dir) => dir.write_records(records),
                        None => output::write_jsonl(&mut stdout, records),
                    }
                }
                Outcome::Failed(error) => {
                    progress.inc(u64::from(error.line.is_none()));
                    progress.suspend(|| report_error(error, out_dir.as_mut()))
                }
            };
            if let Err(e) = written {
                write_failure = Some(e);
            }
        })
    };
    progress.finish_and_clear();
    if let Some(e) = write_failure {
        return Err(e.context("writing output failed; no output file was moved into place"));
    }
    stats += run_stats;
    stdout.flush()?;
    if let Some(dir) = out_dir {
        dir.finish(&stats)?;
    }
    if !args.quiet {
        print_summary(&stats, started.elapsed().as_secs_f64());
    }
    if let Some(gold) = &args.eval {
        let table = super::eval::score_dir(gold, &kept)?.table();
        // With records on stdout, the table goes to stderr so the JSONL stays clean.
        if args.out.is_some() { println!("{table}") } else { eprintln!("{table}") }
    }
    Ok(super::exit_code(stats.errors > 0))
}

/// Every failure goes to stderr, `--quiet` or not, and to errors.jsonl.
fn report_error(error: &ingest::InputError, out_dir: Option<&mut OutputDir>) -> Result<()> {
    eprintln!("error: {error}");
    match out_dir {
        Some(dir) => dir.write_error(error),
        None => Ok(()),
    }
}

fn progress_bar(len: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} inputs {elapsed} {msg}") {
        bar.set_style(style);
    }
    bar
}

fn print_summary(stats: &RunStats, seconds: f64) {
    let mb = stats.bytes as f64 / 1_000_000.0;
    let r = &stats.records;
    eprintln!(
        "inputs found {}, processed {}, failed {}; articles {}; errors {}",
        stats.inputs_found, stats.inputs_processed, stats.inputs_failed, stats.articles, stats.errors
    );
    eprintln!(
        "records: article {}, quantity {}, target {}, official {}, organisation {}",
        r.article, r.quantity, r.target, r.official, r.organisation
    );
    eprintln!("{mb:.2} MB in {seconds:.2} s ({:.2} MB/s)", if seconds > 0.0 { mb / seconds } else { 0.0 });
}
