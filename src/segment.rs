//! Word segmentation with jieba-rs and the user dictionary of `rules/`.
//!
//! The [`Segmenter`] is built once (about 150 ms) and shared as `&Segmenter`
//! across rayon workers: `Jieba` is `Send + Sync` and its queries take `&self`.

use jieba_rs::Jieba;

use crate::rules::RuleError;

pub struct Segmenter {
    jieba: Jieba,
}

/// A word with its part-of-speech tag; byte offsets into the segmented text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    pub text: &'a str,
    pub tag: &'a str,
    pub start: usize,
    pub end: usize,
}

impl Word<'_> {
    /// Nouns, names, places, organisations, abbreviations, nominal verbs
    /// and letter strings: the words a metric or a name is made of.
    pub fn is_nominal(&self) -> bool {
        matches!(self.tag, "n" | "nr" | "nrt" | "nrfg" | "ns" | "nt" | "nz" | "ng" | "vn" | "an" | "j" | "b" | "eng" | "x" | "l" | "i")
    }
}

impl crate::clean::Lexicon for Segmenter {
    fn word_spans(&self, left: &str, right: &str) -> bool {
        let joined = format!("{left}{right}");
        self.jieba.cut(&joined, false).iter().any(|t| t.byte_start < left.len() && t.byte_end > left.len())
    }
}

impl Segmenter {
    /// The default dictionary plus `user_dict` (lines `word [freq] [tag]`).
    pub fn new(user_dict: &str) -> Result<Segmenter, RuleError> {
        let mut jieba = Jieba::new();
        jieba
            .load_dict(&mut user_dict.as_bytes())
            .map_err(|e| RuleError::new("jieba_user.txt", None, e.to_string()))?;
        Ok(Segmenter { jieba })
    }

    /// Tagged words of `text`; HMM off, as it splits known words worse.
    pub fn tag<'a>(&'a self, text: &'a str) -> Vec<Word<'a>> {
        self.jieba
            .tag(text, false)
            .into_iter()
            .map(|t| Word { text: t.word, tag: t.tag, start: t.byte_start, end: t.byte_end })
            .collect()
    }

    /// Whether bytes `start..end` of `text` (Chinese characters only) lie
    /// within a longer word, judged on a small window around them.
    pub fn inside_word(&self, text: &str, start: usize, end: usize) -> bool {
        if !text[start..end].chars().all(crate::clean::is_han) {
            return false;
        }
        let from = text[..start].char_indices().rev().nth(2).map_or(0, |(i, _)| i);
        let to = text[end..].char_indices().nth(3).map_or(text.len(), |(i, _)| end + i);
        let window = &text[from..to];
        let (s, e) = (start - from, end - from);
        self.jieba.cut(window, false).iter().any(|t| (t.byte_start < s && t.byte_end > s) || (t.byte_start < e && t.byte_end > e))
    }

    /// Plain segmentation, for the throughput baseline.
    pub fn cut_count(&self, text: &str) -> usize {
        self.jieba.cut(text, false).len()
    }
}
