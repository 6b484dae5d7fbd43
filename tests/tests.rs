//! One integration-test binary; each module covers one area.

mod util;

mod bad_input;
mod cli;
mod conformance;
mod eval;
mod golden;
mod properties;
mod rule_examples;
mod unseen;
