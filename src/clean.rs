//! Cleaning the decoded text while keeping a map back to it.
//!
//! - full-width digits, letters, `％`, brackets and the ideographic space
//!   fold to ASCII, traditional numeral characters (`萬`, `點`, `個`) to
//!   simplified ones; `，` and `．` fold inside numbers (`３．５` → `3.5`);
//! - markdown heading marks and `**`/`__` emphasis are dropped;
//! - spaces inside numbers go: between a digit and a Chinese character
//!   (`16.14 件`) and between characters of Chinese numbers (`一百 五 十`);
//! - lines the page layout broke in the middle of a sentence are joined,
//!   also across the blank line of a page break; other line ends stay as
//!   one `\n` (a paragraph end).
//!
//! Every byte of the cleaned text maps to the character of the source it
//! came from: the cleaner only drops or replaces characters one for one.

use crate::record::Span;

#[derive(Debug, Clone)]
pub struct CleanText {
    pub text: String,
    /// For each byte of `text`, and one past its end: the source character
    /// index it came from.
    source_char: Vec<u32>,
    /// Cleaned byte ranges of lines that were markdown headings, with level.
    pub headings: Vec<(usize, usize, usize)>,
}

impl CleanText {
    /// The source character span of cleaned bytes `start..end`.
    pub fn source_span(&self, start: usize, end: usize) -> Span {
        let first = self.source_char.get(start).copied().unwrap_or_default() as usize;
        let last_start = self.text[..end.min(self.text.len())].char_indices().next_back().map(|(i, _)| i).filter(|&i| i >= start);
        let last = match last_start {
            Some(i) => self.source_char.get(i).copied().unwrap_or_default() as usize + 1,
            None => first,
        };
        [first, last]
    }
}

/// Sentence-final punctuation: a line ending in one is not a broken line.
const TERMINAL: &[char] = &['。', '！', '？', '；', '!', '?', ';', '”', '’', '」', '』', '…', '》', ':', '：'];

/// A line of the source, trimmed, as (char, source index) pairs.
struct Line {
    chars: Vec<(char, u32)>,
    heading: usize,
}

impl Line {
    fn len(&self) -> usize {
        self.chars.len()
    }

    fn ends_terminal(&self) -> bool {
        self.chars.last().is_some_and(|(c, _)| TERMINAL.contains(c))
    }

    fn starts_punctuation(&self) -> bool {
        self.chars.first().is_some_and(|&(c, _)| matches!(c, '，' | '、' | '。' | ','))
    }

    fn starts_continuation(&self) -> bool {
        self.chars.first().is_some_and(|&(c, _)| is_han(c) || matches!(c, '，' | '、' | '。' | ',' | '）' | ')') || c.is_ascii_digit())
    }
}

pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

/// A word list the cleaner consults before joining lines across a blank
/// line outside a column layout: a page break splits a word (`第一方`/`阵`),
/// a list of items does not. The segmenter is one.
pub trait Lexicon {
    /// Whether some word of `left` + `right` starts in `left` and ends in `right`.
    /// Outside a column layout, lines are joined only where this holds.
    fn word_spans(&self, left: &str, right: &str) -> bool;
}

/// Characters of each side the lexicon looks at.
const BREAK_WINDOW: usize = 3;

pub fn clean(source: &str, lexicon: &dyn Lexicon) -> CleanText {
    let lines = split_lines(source);
    let width = column_width(&lines);
    // A line this long with no final punctuation was broken by the layout:
    // in a column layout most of a column (columns vary a little across a
    // page), across a page break nearly all of it; elsewhere a long line.
    let (long, long_across_blank) = match width {
        Some(w) => ((w * 7).div_ceil(10), w.saturating_sub(3)),
        None => (40, 40),
    };
    // The cleaned text is at most as long as the source: no regrowing.
    let mut out = Output {
        text: String::with_capacity(source.len()),
        source_char: Vec::with_capacity(source.len() + 1),
        ..Output::default()
    };
    let mut pending_break = false;
    let mut previous: Option<&Line> = None;
    let mut blank_since_previous = false;
    for line in &lines {
        if line.chars.is_empty() {
            blank_since_previous = true;
            continue;
        }
        if let Some(prev) = previous {
            let page_break_splits_word = || {
                width.is_some() || line.starts_punctuation() || {
                    let tail: String = prev.chars[prev.len().saturating_sub(BREAK_WINDOW)..].iter().map(|&(c, _)| c).collect();
                    let head: String = line.chars.iter().take(BREAK_WINDOW).map(|&(c, _)| c).collect();
                    lexicon.word_spans(&tail, &head)
                }
            };
            let broken = prev.heading == 0
                && line.heading == 0
                && prev.len() >= if blank_since_previous { long_across_blank } else { long }
                && line.starts_continuation()
                && !(blank_since_previous && prev.ends_terminal())
                && (width.is_some() || !prev.ends_terminal())
                && page_break_splits_word();
            pending_break = !broken;
        }
        if pending_break {
            let at = line.chars.first().map_or(0, |&(_, i)| i.saturating_sub(1));
            out.push('\n', at);
        }
        let start = out.text.len();
        emit_line(line, &mut out);
        if line.heading > 0 {
            out.headings.push((start, out.text.len(), line.heading));
        }
        previous = Some(line);
        blank_since_previous = false;
        pending_break = false;
    }
    out.source_char.push(source.chars().count() as u32);
    CleanText { text: out.text, source_char: out.source_char, headings: out.headings }
}

#[derive(Default)]
struct Output {
    text: String,
    source_char: Vec<u32>,
    headings: Vec<(usize, usize, usize)>,
}

impl Output {
    fn push(&mut self, c: char, source: u32) {
        self.text.push(c);
        for _ in 0..c.len_utf8() {
            self.source_char.push(source);
        }
    }
}

fn split_lines(source: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    // One buffer grows to the longest line; each line is then copied out at
    // its exact size (a file of blank lines must not hold a buffer each).
    let mut current: Vec<(char, u32)> = Vec::new();
    for (i, c) in source.chars().enumerate() {
        if c == '\n' {
            lines.push(finish_line(current.drain(..).collect()));
        } else {
            current.push((c, i as u32));
        }
    }
    lines.push(finish_line(current));
    lines
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Trims a line and strips its markdown: heading marks and emphasis. Works
/// in place: every character of the source passes through here.
fn finish_line(mut chars: Vec<(char, u32)>) -> Line {
    let start = chars.iter().position(|&(c, _)| !is_space(c)).unwrap_or(chars.len());
    let end = chars.iter().rposition(|&(c, _)| !is_space(c)).map_or(start, |i| i + 1);
    chars.truncate(end.max(start));
    chars.drain(..start);
    let hashes = chars.iter().take_while(|&&(c, _)| c == '#').count();
    let mut heading = 0;
    if (1..=6).contains(&hashes) && chars.get(hashes).is_some_and(|&(c, _)| is_space(c)) {
        heading = hashes;
        let body = chars.iter().skip(hashes).position(|&(c, _)| !is_space(c)).map_or(chars.len(), |p| p + hashes);
        chars.drain(..body);
    }
    // Emphasis marks come in pairs: `**2个**`.
    let (mut read, mut write) = (0, 0);
    while read < chars.len() {
        let c = chars[read].0;
        if (c == '*' || c == '_') && chars.get(read + 1).is_some_and(|&(d, _)| d == c) {
            read += 2;
            continue;
        }
        chars[write] = chars[read];
        write += 1;
        read += 1;
    }
    chars.truncate(write);
    Line { chars, heading }
}

/// The width of a column-broken layout, when most lines share one length.
fn column_width(lines: &[Line]) -> Option<usize> {
    let lengths: Vec<usize> = lines.iter().filter(|l| l.heading == 0).map(Line::len).filter(|&n| n >= 8).collect();
    if lengths.len() < 5 {
        return None;
    }
    let mut counts = std::collections::BTreeMap::new();
    for &n in &lengths {
        *counts.entry(n).or_insert(0usize) += 1;
    }
    let (&mode, _) = counts.iter().max_by_key(|&(n, c)| (*c, *n))?;
    let near = lengths.iter().filter(|&&n| n + 2 >= mode && n <= mode + 1).count();
    (near * 10 >= lengths.len() * 4 && near >= 5).then_some(mode)
}

/// Folds one line's characters and drops the spaces inside numbers.
fn emit_line(line: &Line, out: &mut Output) {
    let chars: Vec<(char, u32)> = line.chars.iter().map(|&(c, i)| (fold_width(c), i)).collect();
    let mut k = 0;
    while k < chars.len() {
        let (c, i) = chars[k];
        let before = k.checked_sub(1).map(|p| chars[p].0);
        if c == ' ' {
            let run = chars[k..].iter().take_while(|&&(c, _)| c == ' ').count();
            if space_inside_number(before, chars.get(k + run).map(|&(c, _)| c)) {
                k += run;
                continue;
            }
        }
        let c = match c {
            '，' if before.is_some_and(|b| b.is_ascii_digit()) && digits_follow(&chars[k + 1..], 3) => ',',
            '．' if before.is_some_and(|b| b.is_ascii_digit()) && digits_follow(&chars[k + 1..], 1) => '.',
            other => other,
        };
        out.push(c, i);
        k += 1;
    }
}

/// Whether spaces between `before` and `after` split a number or a number
/// from its unit: a digit and a Chinese character (`16.14 件`), or two
/// characters of Chinese numbers (`一百 五 十 二`, `百 分 之 2`, `陆 点 五 折`),
/// as justified headlines and tokenised text write them. Spaces between two
/// digits stay: flattened tables put figures side by side (`12 34`).
fn space_inside_number(before: Option<char>, after: Option<char>) -> bool {
    let (Some(a), Some(b)) = (before, after) else { return false };
    let digit_han = |a: char, b: char| (a.is_ascii_digit() || a == '%') && (is_han(b) || b == '%');
    digit_han(a, b) || digit_han(b, a) || (is_number_word_char(a) && is_number_word_char(b))
}

/// Characters of Chinese numbers and of the words that join them into
/// quantities (`分之`, `点`, `余`, `又`, `个百分点`, `成`, `折`).
fn is_number_word_char(c: char) -> bool {
    "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟廿陸貳參点分之余几幾又负負个成折".contains(c)
}

fn digits_follow(rest: &[(char, u32)], n: usize) -> bool {
    rest.len() >= n && rest[..n].iter().all(|&(c, _)| c.is_ascii_digit())
}

/// Full-width digits, letters, `％`, brackets and the ideographic space;
/// and the traditional forms of the numeral and classifier characters
/// (`萬`, `億`, `點`, `個`, `兩`), so numbers read the same in either script.
fn fold_width(c: char) -> char {
    match c {
        '萬' => '万',
        '億' => '亿',
        '點' => '点',
        '個' => '个',
        '兩' => '两',
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '％' | '（' | '）' | '＋' | '－' | '／' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        '\u{3000}' | '\t' | '\r' => ' ',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Knows one word, `方阵`.
    struct OneWord;

    impl Lexicon for OneWord {
        fn word_spans(&self, left: &str, right: &str) -> bool {
            left.ends_with('方') && right.starts_with('阵')
        }
    }

    fn clean(source: &str) -> CleanText {
        super::clean(source, &OneWord)
    }

    #[test]
    fn folds_width_and_drops_markup() {
        let c = clean("## 标题\n\n增长３．５％，达**２个**，共 16.14 件");
        assert_eq!(c.text, "标题\n增长3.5%，达2个，共16.14件");
        assert_eq!(c.headings, vec![(0, "标题".len(), 2)]);
    }

    #[test]
    fn drops_spaces_inside_numbers_only() {
        assert_eq!(clean("一百 五 十 二元，1000  万，百 分 之 2").text, "一百五十二元，1000万，百分之2");
        assert_eq!(clean("收入 12 34 位 张三 李四").text, "收入12 34位 张三 李四");
    }

    #[test]
    fn joins_column_broken_lines() {
        let source = "一二三四五六七八九十市科\n技局将深入贯彻落实本次会议\n精神聚焦科技创新中心建设和\n人才发展，推动重庆加快建设\n西部人才中心和创新高地，为\n现代化新重庆建设提供支撑。\n\n市级部门\n构建布局";
        let c = clean(source);
        assert_eq!(
            c.text,
            "一二三四五六七八九十市科技局将深入贯彻落实本次会议精神聚焦科技创新中心建设和人才发展，推动重庆加快建设西部人才中心和创新高地，为现代化新重庆建设提供支撑。\n市级部门\n构建布局"
        );
    }

    #[test]
    fn joins_a_page_break_inside_a_long_paragraph() {
        let source = format!("{}第一方\n\n阵,科技实力。\n\n下一段", "到2035年,力争整体创新水平进入全国科技创新".repeat(2));
        let c = clean(&source);
        assert!(c.text.contains("第一方阵,科技实力。\n下一段"), "{}", c.text);
    }

    #[test]
    fn keeps_list_items_apart_across_blank_lines() {
        let item = "西部(重庆)科学城拥有28所高校院所、20余万大学师生,已签约高校院所项目27个";
        let c = clean(&format!("{item}\n\n易智网力争未来5年推动重大成果落地转化100项以上"));
        assert_eq!(c.text, format!("{item}\n易智网力争未来5年推动重大成果落地转化100项以上"));
    }

    #[test]
    fn spans_point_into_the_source() {
        let source = "市科\n技局  ２个";
        let c = clean(source);
        assert_eq!(c.text, "市科\n技局2个");
        let start = c.text.find('2').unwrap();
        let span = c.source_span(start, c.text.len());
        let chars: Vec<char> = source.chars().collect();
        assert_eq!(chars[span[0]..span[1]].iter().collect::<String>(), "２个");
    }
}
