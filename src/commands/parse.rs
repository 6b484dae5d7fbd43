//! `cqextract parse`: quantities of each stdin line, as JSONL.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::ParseArgs;
use crate::ingest::Article;
use crate::record::Record;

pub fn run(args: ParseArgs) -> Result<ExitCode> {
    let extractor = super::load_extractor(&args.rules)?;
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (n, line) in stdin.lock().lines().enumerate() {
        let line = line?;
        let article = Article {
            id: format!("line{}", n + 1),
            path: "stdin".into(),
            source: line,
            encoding: "UTF-8",
            title: None,
            date: None,
        };
        let records: Vec<Record> = extractor
            .extract(&article)
            .into_iter()
            .filter(|r| matches!(r, Record::Quantity(q) if args.numbers || q.unit.is_some()))
            .collect();
        crate::output::write_jsonl(&mut out, &records)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
