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
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let mut end = None;
        let mut next_start = None;
        if c == '\n' {
            end = Some(i);
            next_start = Some(i + 1);
        } else if BULLETS.contains(&c) && i > start {
            end = Some(i);
            next_start = Some(i);
        } else if ENDS.contains(&c) {
            let mut stop = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !CLOSERS.contains(&d) {
                    break;
                }
                stop = j + d.len_utf8();
                chars.next();
            }
            end = Some(stop);
            next_start = Some(stop);
        }
        if let (Some(end), Some(next)) = (end, next_start) {
            push_trimmed(text, start, end, c == '\n', &mut sentences);
            start = next;
        }
    }
    push_trimmed(text, start, text.len(), true, &mut sentences);
    sentences
}

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
