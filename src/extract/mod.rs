//! Extraction and normalisation: from a cleaned, sentence-split document
//! to typed findings with byte spans of the cleaned text. The pipeline
//! turns them into records with source spans.

pub mod article;
pub mod metric;
pub mod official;
pub mod organisation;
pub mod quantity;
pub mod target;

use std::cell::OnceCell;

use crate::clean::CleanText;
use crate::segment::{Segmenter, Word};
use crate::sentence::{self, Sentence};

/// A cleaned article with its sentences; words are segmented on demand,
/// once per sentence, so sentences no extractor looks into cost nothing.
pub struct Document<'a> {
    pub clean: &'a CleanText,
    pub sentences: Vec<Sentence>,
    segmenter: &'a Segmenter,
    words: Vec<OnceCell<Vec<Word<'a>>>>,
}

impl<'a> Document<'a> {
    pub fn new(clean: &'a CleanText, segmenter: &'a Segmenter) -> Document<'a> {
        let sentences = sentence::split(&clean.text);
        let words = sentences.iter().map(|_| OnceCell::new()).collect();
        Document { clean, sentences, segmenter, words }
    }

    pub fn text(&self) -> &'a str {
        &self.clean.text
    }

    pub fn sentence_text(&self, index: usize) -> &'a str {
        let s = &self.sentences[index];
        &self.clean.text[s.start..s.end]
    }

    /// The tagged words of a sentence, offsets relative to the sentence.
    pub fn words(&self, index: usize) -> &[Word<'a>] {
        self.words[index].get_or_init(|| self.segmenter.tag(self.sentence_text(index)))
    }

    /// The sentence that holds cleaned byte `at`.
    pub fn sentence_at(&self, at: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= at);
        (i < self.sentences.len() && self.sentences[i].start <= at).then_some(i)
    }
}

/// Whether two byte ranges overlap.
pub fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}
