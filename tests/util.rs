//! Helpers: paths in the repository, a fresh temporary folder per test,
//! and running the built binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use cqextract::pipeline::Extractor;
use cqextract::rules::RuleSet;

pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A temporary folder, removed when dropped.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary folder")
}

/// Runs `cqextract` with `args` from the repository root.
pub fn cqextract(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cqextract"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cqextract")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// One extractor with the embedded rules for every test of the binary.
pub fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| Extractor::new(RuleSet::embedded().expect("embedded rules load")).expect("segmenter"))
}
