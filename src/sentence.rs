//! Splitting cleaned text into sentences: after `。！？；` (and their ASCII
//! forms, with any closing quotes that follow), at paragraph ends, and
//! before list bullets (`●`, `▲`).

/// A sentence: a byte range of the cleaned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// The last sentence of a paragraph with no final punctuation: a
    /// heading, a caption or a list item title.
    pub heading: bool,
}

const ENDS: &[char] = &['。', '！', '？', '；', '!', '?', ';'];
const CLOSERS: &[char] = &['”', '’', '」', '』', '）', ')', '》'];
const BULLETS: &[char] = &['●', '▲', '■', '◆'];

pub fn split(text: &str) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while let Some(i) = next_mark(text, at) {
        let Some(c) = text[i..].chars().next() else { break };
        at = i + c.len_utf8();
        let (end, next_start) = if c == '\n' {
            (i, at)
        } else if BULLETS.contains(&c) && i > start {
            (i, i)
        } else if ENDS.contains(&c) {
            let closers = text[at..].len() - text[at..].trim_start_matches(CLOSERS).len();
            at += closers;
            (at, at)
        } else {
            continue;
        };
        push_trimmed(text, start, end, c == '\n', &mut sentences);
        start = next_start;
    }
    push_trimmed(text, start, text.len(), true, &mut sentences);
    sentences
}

/// The next byte from `from` on where a sentence may end: a newline, `!?;`,
/// or the first byte of a character of the blocks that hold the other
/// marks (shapes, CJK punctuation, full-width forms). A byte scan: most
/// characters need no decoding.
fn next_mark(text: &str, from: usize) -> Option<usize> {
    text.as_bytes()[from..].iter().position(|&b| MARK_BYTES[usize::from(b)]).map(|p| from + p)
}

/// The bytes [`next_mark`] stops at, as a table: one load a byte.
const MARK_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let marks = [b'\n', b'!', b'?', b';', 0xE2, 0xE3, 0xEF];
    let mut i = 0;
    while i < marks.len() {
        table[marks[i] as usize] = true;
        i += 1;
    }
    table
};

fn push_trimmed(text: &str, start: usize, end: usize, paragraph_end: bool, out: &mut Vec<Sentence>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if trimmed.is_empty() {
        return;
    }
    let heading = paragraph_end && !trimmed.ends_with(ENDS) && !trimmed.ends_with(CLOSERS);
    out.push(Sentence { start: start + lead, end: start + lead + trimmed.len(), heading });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<(&str, bool)> {
        split(text).iter().map(|s| (&text[s.start..s.end], s.heading)).collect()
    }

    #[test]
    fn the_byte_scan_stops_at_every_mark() {
        for c in ENDS.iter().chain(BULLETS).chain(&['\n']) {
            let text = format!("句{c}");
            assert_eq!(next_mark(&text, 0), Some('句'.len_utf8()), "{c:?}");
        }
    }

    #[test]
    fn splits_on_final_punctuation_quotes_and_lines() {
        assert_eq!(
            texts("“意义重大。”陈军表示,要落实；他说。\n市级部门\n● 第一项● 第二项"),
            vec![
                ("“意义重大。”", false),
                ("陈军表示,要落实；", false),
                ("他说。", false),
                ("市级部门", true),
                ("● 第一项", false),
                ("● 第二项", true),
            ]
        );
    }
}
