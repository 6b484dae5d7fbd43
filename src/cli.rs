//! The command line (clap derive). Exit codes: 0 all inputs processed,
//! 1 some input or example failed, 2 a usage error or a fatal error (rules
//! that do not load, an output folder that cannot be written).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::output::Format;

#[derive(Debug, Parser)]
#[command(name = "cqextract", version, about = "Normalised quantity, target, official and organisation records from Chinese news articles")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract records from article files and JSONL dumps.
    Extract(ExtractArgs),
    /// Read text lines from stdin and print their quantities as JSONL.
    Parse(ParseArgs),
    /// Score predicted records against gold annotations.
    Eval(EvalArgs),
    /// Whole-pipeline throughput: build a large varied corpus from a sample,
    /// then time `extract` and plain jieba-rs `cut` over it in one run.
    Bench(BenchArgs),
    /// Print database schemas for the outputs.
    Schema {
        #[command(subcommand)]
        database: SchemaCommand,
    },
    /// Work with the rule files.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Read the rules from this folder instead of the embedded ones.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files or folders (walked recursively, in sorted order).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Write records.jsonl, one CSV per kind, errors.jsonl and summary.json here; without it, JSONL goes to stdout.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Output formats (with --out): jsonl, csv, sqlite.
    #[arg(long, value_delimiter = ',', default_value = "jsonl,csv")]
    pub format: Vec<Format>,
    #[command(flatten)]
    pub rules: RulesArgs,
    /// Worker threads (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Score the records against the gold files in this folder as well.
    #[arg(long, value_name = "DIR")]
    pub eval: Option<PathBuf>,
    /// No progress bar and no summary on stderr (errors are still reported).
    #[arg(long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Also print numbers without a unit (unit null).
    #[arg(long)]
    pub numbers: bool,
    #[command(flatten)]
    pub rules: RulesArgs,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Folder of gold files (<article id>.json).
    #[arg(long, value_name = "DIR")]
    pub gold: PathBuf,
    /// Predicted records (records.jsonl).
    #[arg(long, value_name = "FILE")]
    pub pred: PathBuf,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
    /// List every false positive and false negative with its sentence, and every wrong attribute of a matched pair.
    #[arg(long)]
    pub errors: bool,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// The sample articles the corpus is built from.
    #[arg(long, default_value = "corpus")]
    pub sample: PathBuf,
    /// Size of the built corpus, in MB.
    #[arg(long, default_value_t = 200)]
    pub mb: usize,
    /// Write the built corpus here and keep it (default: a temporary folder).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Build the corpus as one file per article instead of JSONL dumps.
    #[arg(long)]
    pub files: bool,
    /// Time `cut` and `extract` in turn over this many parts of the corpus
    /// (one JSONL dump each) and report the median of their ratios as well:
    /// a slow spell of the machine then weighs on both sides of a ratio.
    #[arg(long, default_value_t = 5)]
    pub rounds: usize,
    /// Only build the corpus; time nothing.
    #[arg(long)]
    pub build_only: bool,
}

#[derive(Debug, Subcommand)]
pub enum SchemaCommand {
    /// CREATE TABLE statements matching the CSV outputs, with the \copy lines that load them.
    Postgres,
    /// The tables of `--format sqlite`.
    Sqlite,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Compile every rule and run its examples and counter-examples.
    Check(RulesArgs),
}
