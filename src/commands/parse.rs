//! `cqextract parse`: quantities of each stdin line, as JSONL.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::ParseArgs;
use crate::record::Record;

pub fn run(args: ParseArgs) -> Result<ExitCode> {
    let extractor = super::load_extractor(&args.rules)?;
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (n, line) in stdin.lock().lines().enumerate() {
        let records: Vec<Record> =
            extractor.parse_line(&format!("line{}", n + 1), &line?, args.numbers).into_iter().map(Record::Quantity).collect();
        crate::output::write_jsonl(&mut out, &records)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
