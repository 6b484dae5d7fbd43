use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cqextract::cli::Cli::parse();
    match cqextract::commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("cqextract: {err:#}");
            ExitCode::from(2)
        }
    }
}
