//! `cqextract rules check`

use std::process::ExitCode;

use anyhow::Result;

use crate::check::check_examples;
use crate::cli::RulesArgs;

pub fn check(args: RulesArgs) -> Result<ExitCode> {
    let extractor = super::load_extractor(&args)?;
    let failures = check_examples(&extractor);
    for failure in &failures {
        println!("{failure}");
    }
    let rules = extractor.rules();
    // The official rules (three) and the organisation suffix rule are single fields.
    let count = rules.quantity.rules.len()
        + rules.quantity.numbers.len()
        + rules.quantity.vetoes.len()
        + rules.target.cues.len()
        + rules.article.bylines.len()
        + rules.article.dates.len()
        + 4;
    println!("{count} rules compiled; {} example(s) failed", failures.len());
    Ok(super::exit_code(!failures.is_empty()))
}
