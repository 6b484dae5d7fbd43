//! Run statistics: a value that adds up, so partial counts merge.

use std::ops::AddAssign;

use serde::{Deserialize, Serialize};

use crate::pipeline::Outcome;
use crate::record::{Record, RecordKind};

/// Every input found is either processed or failed; every failure (an
/// input, a JSONL line, a duplicate id) is one line of `errors.jsonl`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunStats {
    pub inputs_found: usize,
    pub inputs_processed: usize,
    pub inputs_failed: usize,
    pub articles: usize,
    pub errors: usize,
    pub bytes: usize,
    pub records: RecordCounts,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordCounts {
    pub article: usize,
    pub quantity: usize,
    pub target: usize,
    pub official: usize,
    pub organisation: usize,
}

impl RecordCounts {
    pub fn add(&mut self, record: &Record) {
        *self.of_mut(record.kind()) += 1;
    }

    pub fn of(&self, kind: RecordKind) -> usize {
        match kind {
            RecordKind::Article => self.article,
            RecordKind::Quantity => self.quantity,
            RecordKind::Target => self.target,
            RecordKind::Official => self.official,
            RecordKind::Organisation => self.organisation,
        }
    }

    fn of_mut(&mut self, kind: RecordKind) -> &mut usize {
        match kind {
            RecordKind::Article => &mut self.article,
            RecordKind::Quantity => &mut self.quantity,
            RecordKind::Target => &mut self.target,
            RecordKind::Official => &mut self.official,
            RecordKind::Organisation => &mut self.organisation,
        }
    }
}

impl AddAssign for RecordCounts {
    fn add_assign(&mut self, other: RecordCounts) {
        for kind in RecordKind::ALL {
            *self.of_mut(kind) += other.of(kind);
        }
    }
}

impl RunStats {
    /// Counts one outcome of the pipeline.
    pub fn count(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Article { bytes, records, .. } => {
                self.articles += 1;
                self.bytes += bytes;
                records.iter().for_each(|r| self.records.add(r));
            }
            Outcome::Failed(_) => self.errors += 1,
        }
    }

    /// Whether every input found is accounted for.
    pub fn balanced(&self) -> bool {
        self.inputs_found == self.inputs_processed + self.inputs_failed
    }
}

impl AddAssign for RunStats {
    fn add_assign(&mut self, other: RunStats) {
        self.inputs_found += other.inputs_found;
        self.inputs_processed += other.inputs_processed;
        self.inputs_failed += other.inputs_failed;
        self.articles += other.articles;
        self.errors += other.errors;
        self.bytes += other.bytes;
        self.records += other.records;
    }
}
