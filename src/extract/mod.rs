//! Extraction and normalisation: from a cleaned, sentence-split document
//! to typed findings with byte spans of the cleaned text. The pipeline
//! turns them into records with source spans.

pub mod article;
pub mod candidates;
pub mod metric;
pub mod official;
pub mod organisation;
pub mod quantity;
pub mod target;

use crate::clean::CleanText;
use crate::segment::{Segmenter, Word};
use crate::sentence::{self, Sentence};

/// A cleaned article with its sentences. Words are segmented on demand and
/// only in the window an extractor looks into (the name before a suffix,
/// the noun after a count): segmenting everything would cost more than all
/// the rest of the pipeline.
pub struct Document<'a> {
    pub clean: &'a CleanText,
    pub sentences: Vec<Sentence>,
    segmenter: &'a Segmenter,
}

impl<'a> Document<'a> {
    pub fn new(clean: &'a CleanText, segmenter: &'a Segmenter) -> Document<'a> {
        let sentences = sentence::split(&clean.text);
        Document { clean, sentences, segmenter }
    }

    pub fn segmenter(&self) -> &'a Segmenter {
        self.segmenter
    }

    pub fn text(&self) -> &'a str {
        &self.clean.text
    }

    pub fn sentence_text(&self, index: usize) -> &'a str {
        let s = &self.sentences[index];
        &self.clean.text[s.start..s.end]
    }

    /// The tagged words of bytes `start..end` of a sentence (widened to
    /// character boundaries), offsets relative to the sentence. Words at
    /// the window's edges may be cut by it.
    pub fn words(&self, index: usize, start: usize, end: usize) -> Vec<Word<'a>> {
        let text = self.sentence_text(index);
        let (start, end) = (floor_char(text, start), floor_char(text, end.min(text.len())));
        self.segmenter
            .tag(&text[start..end])
            .into_iter()
            .map(|w| Word { start: w.start + start, end: w.end + start, ..w })
            .collect()
    }

    /// The sentence that holds cleaned byte `at`.
    pub fn sentence_at(&self, at: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= at);
        (i < self.sentences.len() && self.sentences[i].start <= at).then_some(i)
    }
}

fn floor_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Whether two byte ranges overlap.
pub fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}
