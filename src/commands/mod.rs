//! One module per subcommand: its arguments come from `cli`, its `run`
//! picks files and prints. Nothing below this layer prints.

pub mod bench;
pub mod eval;
pub mod extract;
pub mod parse;
pub mod rules;

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{Cli, Command, RulesArgs, RulesCommand, SchemaCommand};
use crate::pipeline::Extractor;
use crate::rules::RuleFiles;

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Parse(args) => parse::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Schema { database } => {
            print!(
                "{}",
                match database {
                    SchemaCommand::Postgres => crate::output::postgres::schema(),
                    SchemaCommand::Sqlite => crate::output::sqlite::SCHEMA.trim_start().to_string(),
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules { command: RulesCommand::Check(args) } => rules::check(args),
    }
}

/// The extractor with the embedded rules or those of `--rules DIR`.
pub fn load_extractor(args: &RulesArgs) -> Result<Extractor> {
    let files = match &args.rules {
        Some(dir) => RuleFiles::from_dir(dir)?,
        None => RuleFiles::embedded(),
    };
    Ok(Extractor::load(&files)?)
}

fn exit_code(failed: bool) -> ExitCode {
    if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
