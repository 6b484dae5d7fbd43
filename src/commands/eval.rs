//! `cqextract eval --gold DIR --pred FILE`

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::EvalArgs;
use crate::eval::{Report, read_gold_dir, read_predictions, score};
use crate::record::Record;

pub fn run(args: EvalArgs) -> Result<ExitCode> {
    let predictions = read_predictions(&args.pred)?;
    let report = score_dir(&args.gold, &predictions)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report.summary())?);
    } else {
        println!("{}", report.table());
    }
    if args.errors {
        println!("{}", report.errors_text());
    }
    Ok(ExitCode::SUCCESS)
}

pub fn score_dir(gold: &Path, predictions: &[Record]) -> Result<Report> {
    Ok(score(&read_gold_dir(gold)?, predictions))
}
