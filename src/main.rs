use std::process::ExitCode;

use clap::Parser;

// jemalloc: extraction makes many small, short-lived strings and vectors;
// glibc's malloc spent a tenth of a run on them. Two arenas (one a core)
// and unused pages handed back after 100 ms keep peak memory where glibc
// kept it (measured: 1 GB as 96,132 files, 86.8 MB against 84.6 MB).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read when it starts (`malloc_conf`; the crate
/// prefixes jemalloc's symbols with `_rjem_`).
#[cfg(not(target_env = "msvc"))]
#[unsafe(export_name = "_rjem_malloc_conf")]
static MALLOC_CONF: &[u8; 46] = b"narenas:2,dirty_decay_ms:100,muzzy_decay_ms:0\0";

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
