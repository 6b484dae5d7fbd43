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
//! Every character of the cleaned text maps to the character of the source
//! it came from: the cleaner only drops or replaces characters one for one,
//! so the map is kept as anchors where the two stop running in step.

use std::borrow::Cow;

use crate::record::Span;

#[derive(Debug, Clone)]
pub struct CleanText {
    pub text: String,
    /// (cleaned byte, source character index) where a run of characters
    /// that follow the source one for one begins; between anchors the
    /// source index grows by one a character.
    anchors: Vec<(u32, u32)>,
    /// The source's length in characters.
    source_chars: u32,
    /// Cleaned byte ranges of lines that were markdown headings, with level.
    pub headings: Vec<(usize, usize, usize)>,
}

impl CleanText {
    /// The source character span of cleaned bytes `start..end`.
    pub fn source_span(&self, start: usize, end: usize) -> Span {
        let first = self.source_index(start);
        let last_start = self.text[..end.min(self.text.len())].char_indices().next_back().map(|(i, _)| i).filter(|&i| i >= start);
        let last = last_start.map_or(first, |i| self.source_index(i) + 1);
        [first, last]
    }

    /// The source character index of the cleaned character at byte `at`.
    fn source_index(&self, at: usize) -> usize {
        if at >= self.text.len() {
            return self.source_chars as usize;
        }
        let k = self.anchors.partition_point(|&(byte, _)| byte as usize <= at);
        let Some(&(byte, source)) = k.checked_sub(1).and_then(|k| self.anchors.get(k)) else { return 0 };
        let byte = byte as usize;
        source as usize + self.text.get(byte..at).map_or(0, |run| run.chars().count())
    }
}

/// Sentence-final punctuation: a line ending in one is not a broken line.
const TERMINAL: &[char] = &['。', '！', '？', '；', '!', '?', ';', '”', '’', '」', '』', '…', '》', ':', '：'];

/// A line of the source, trimmed, heading marks and emphasis dropped.
struct Line<'s> {
    text: Cow<'s, str>,
    /// The source character index of the first character of `text`.
    first: u32,
    /// (byte of `text`, marks taken out there): where emphasis was dropped.
    dropped: Vec<(u32, u32)>,
    /// Characters of `text`.
    len: usize,
    heading: usize,
}

impl Line<'_> {
    fn first_char(&self) -> Option<char> {
        self.text.chars().next()
    }

    fn ends_terminal(&self) -> bool {
        self.text.chars().next_back().is_some_and(|c| TERMINAL.contains(&c))
    }

    fn starts_punctuation(&self) -> bool {
        self.first_char().is_some_and(|c| matches!(c, '，' | '、' | '。' | ','))
    }

    fn starts_continuation(&self) -> bool {
        self.first_char().is_some_and(|c| is_han(c) || matches!(c, '，' | '、' | '。' | ',' | '）' | ')') || c.is_ascii_digit())
    }

    /// The first `n` characters, and the last `n`.
    fn head(&self, n: usize) -> &str {
        let end = self.text.char_indices().nth(n).map_or(self.text.len(), |(i, _)| i);
        &self.text[..end]
    }

    fn tail(&self, n: usize) -> &str {
        let start = self.text.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
        &self.text[start..]
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
    let (lines, source_chars) = split_lines(source);
    let width = column_width(&lines);
    // A line this long with no final punctuation was broken by the layout:
    // in a column layout most of a column (columns vary a little across a
    // page), across a page break nearly all of it; elsewhere a long line.
    let (long, long_across_blank) = match width {
        Some(w) => ((w * 7).div_ceil(10), w.saturating_sub(3)),
        None => (40, 40),
    };
    // The cleaned text is at most as long as the source: no regrowing.
    let mut out = Output { text: String::with_capacity(source.len()), anchors: Vec::new(), headings: Vec::new(), next_source: u32::MAX };
    let mut pending_break = false;
    let mut previous: Option<&Line> = None;
    let mut blank_since_previous = false;
    for line in &lines {
        if line.len == 0 {
            blank_since_previous = true;
            continue;
        }
        if let Some(prev) = previous {
            let page_break_splits_word = || {
                width.is_some() || line.starts_punctuation() || lexicon.word_spans(prev.tail(BREAK_WINDOW), line.head(BREAK_WINDOW))
            };
            let broken = prev.heading == 0
                && line.heading == 0
                && prev.len >= if blank_since_previous { long_across_blank } else { long }
                && line.starts_continuation()
                && !(blank_since_previous && prev.ends_terminal())
                && (width.is_some() || !prev.ends_terminal())
                && page_break_splits_word();
            pending_break = !broken;
        }
        if pending_break {
            out.push('\n', line.first.saturating_sub(1));
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
    CleanText { text: out.text, anchors: out.anchors, source_chars, headings: out.headings }
}

struct Output {
    text: String,
    anchors: Vec<(u32, u32)>,
    headings: Vec<(usize, usize, usize)>,
    /// The source index the next character has if it follows the last one.
    next_source: u32,
}

/// Anchors at least this often, so a lookup counts few characters.
const ANCHOR_EVERY: usize = 1024;

impl Output {
    fn push(&mut self, c: char, source: u32) {
        self.anchor(source);
        self.text.push(c);
        self.next_source = source + 1;
    }

    /// `chars` characters whose source indices run on from `source`.
    fn push_run(&mut self, run: &str, chars: u32, source: u32) {
        self.anchor(source);
        self.text.push_str(run);
        self.next_source = source + chars;
    }

    fn anchor(&mut self, source: u32) {
        let at = self.text.len();
        if source != self.next_source || self.anchors.last().is_some_and(|&(byte, _)| at - byte as usize >= ANCHOR_EVERY) {
            self.anchors.push((at as u32, source));
        }
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// The lines of the source, and its length in characters.
fn split_lines(source: &str) -> (Vec<Line<'_>>, u32) {
    // Most texts have no emphasis at all: one look instead of one a line.
    let emphasis = has_emphasis(source);
    // Counted first: growing a vector of lines a line at a time copied it over and over.
    let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', source.as_bytes()).count() + 1);
    let mut first: u32 = 0;
    let mut line_start = 0;
    let breaks = memchr::memchr_iter(b'\n', source.as_bytes()).chain(std::iter::once(source.len()));
    for end in breaks {
        let raw = &source[line_start..end];
        let chars = raw.chars().count() as u32;
        lines.push(finish_line(raw, first, chars, emphasis));
        first += chars + 1;
        line_start = end + 1;
    }
    (lines, first - 1)
}

/// Trims a line and strips its markdown: heading marks and, where the
/// text has any, emphasis. `first` is the source index of the line's first
/// character, `chars` its length in characters.
fn finish_line(raw: &str, first: u32, chars: u32, emphasis: bool) -> Line<'_> {
    let trimmed = raw.trim_start_matches(is_space);
    let lead = raw[..raw.len() - trimmed.len()].chars().count() as u32;
    let mut body = trimmed.trim_end_matches(is_space);
    let trail = trimmed[body.len()..].chars().count() as u32;
    let mut first = first + lead;
    let mut len = chars - lead - trail;
    let hashes = body.bytes().take_while(|&b| b == b'#').count();
    let mut heading = 0;
    if (1..=6).contains(&hashes) && body[hashes..].chars().next().is_some_and(is_space) {
        heading = hashes;
        let rest = body[hashes..].trim_start_matches(is_space);
        let marks = body[..body.len() - rest.len()].chars().count() as u32;
        first += marks;
        len -= marks;
        body = rest;
    }
    let (text, dropped) = if emphasis { drop_emphasis(body) } else { (Cow::Borrowed(body), Vec::new()) };
    let len = (len - dropped.iter().map(|&(_, marks)| marks).sum::<u32>()) as usize;
    Line { text, first, dropped, len, heading }
}

/// Takes out emphasis marks, which come in pairs (`**2个**`), noting where.
fn drop_emphasis(body: &str) -> (Cow<'_, str>, Vec<(u32, u32)>) {
    if !has_emphasis(body) {
        return (Cow::Borrowed(body), Vec::new());
    }
    let mut text = String::with_capacity(body.len());
    let mut dropped = Vec::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if (c == '*' || c == '_') && chars.peek() == Some(&c) {
            chars.next();
            dropped.push((text.len() as u32, 2));
            continue;
        }
        text.push(c);
    }
    (Cow::Owned(text), dropped)
}

/// Whether `text` holds an emphasis mark (`**` or `__`).
fn has_emphasis(text: &str) -> bool {
    let holds = |marks: &[u8]| memchr::memmem::find(text.as_bytes(), marks).is_some();
    holds(b"**") || holds(b"__")
}

/// The width of a column-broken layout, when most lines share one length.
fn column_width(lines: &[Line]) -> Option<usize> {
    let lengths: Vec<usize> = lines.iter().filter(|l| l.heading == 0).map(|l| l.len).filter(|&n| n >= 8).collect();
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
/// Characters that stay as they are (nearly all) are copied a run at a
/// time, found by a scan of the bytes.
fn emit_line(line: &Line, out: &mut Output) {
    let text: &str = &line.text;
    let mut dropped = line.dropped.iter().peekable();
    // The source index of the character at `at`.
    let mut source = line.first;
    let mut at = 0;
    while at < text.len() {
        while let Some(&&(byte, marks)) = dropped.peek()
            && byte as usize <= at
        {
            source += marks;
            dropped.next();
        }
        // A run stops where emphasis was dropped: the source skips there.
        let stop = dropped.peek().map_or(text.len(), |&&(byte, _)| byte as usize);
        let special = next_to_fold(text, at, stop);
        if special > at {
            // Most lines are one run, whose characters are already counted.
            let run = &text[at..special];
            let chars = if run.len() == text.len() { line.len as u32 } else { run.chars().count() as u32 };
            out.push_run(run, chars, source);
            source += chars;
            at = special;
            continue;
        }
        let raw = text[at..].chars().next().unwrap_or(' ');
        let c = fold_width(raw);
        let before = text[..at].chars().next_back().map(fold_width);
        if c == ' ' {
            let spaces = text[at..].len() - text[at..].trim_start_matches(|r| fold_width(r) == ' ').len();
            let after = text[at + spaces..].chars().next().map(fold_width);
            if space_inside_number(before, after) {
                source += text[at..at + spaces].chars().count() as u32;
                at += spaces;
                continue;
            }
        }
        let rest = &text[at + raw.len_utf8()..];
        let c = match c {
            '，' if after_digit(text, at) && digits_follow(rest, 3) => ',',
            '．' if after_digit(text, at) && digits_follow(rest, 1) => '.',
            other => other,
        };
        out.push(c, source);
        source += 1;
        at += raw.len_utf8();
    }
}

/// The first character in bytes `from..to` of `text` that the cleaner may
/// change (a space, a full-width or traditional form, `，` or `．` after a
/// digit), or `to`. Looks at bytes: ASCII other than spaces passes undecoded, and so
/// does a three-byte character unless [`MAY_FOLD`] marks its first two bytes.
fn next_to_fold(text: &str, from: usize, to: usize) -> usize {
    let bytes = &text.as_bytes()[..to];
    let may_fold = &*MAY_FOLD;
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        // Three-byte characters (Chinese text) first: they are most of it.
        if b & 0xF0 == 0xE0 {
            if let Some(&second) = bytes.get(i + 1)
                && may_fold[three_byte_prefix(b, second)]
                && text[i..].chars().next().is_some_and(|c| changes(c) && (!is_separator(c) || after_digit(text, i)))
            {
                return i;
            }
            i += 3;
        } else if b < 0x80 {
            if matches!(b, b' ' | b'\t' | b'\r') {
                return i;
            }
            i += 1;
        } else {
            i += if b >= 0xF0 { 4 } else { 2 };
        }
    }
    to
}

/// Whether the cleaner may change `c` (spaces aside): its width or form
/// folds, or it is a separator inside a number.
fn changes(c: char) -> bool {
    is_separator(c) || fold_width(c) != c
}

/// `，` and `．`, which fold inside a number (`３．５`); only after a digit,
/// since elsewhere (nearly every comma of the text) they stay.
fn is_separator(c: char) -> bool {
    c == '，' || c == '．'
}

/// Whether the character before byte `at` is (or folds to) a digit.
fn after_digit(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_some_and(|b| fold_width(b).is_ascii_digit())
}

/// The first two bytes of a three-byte character, as an index of [`MAY_FOLD`].
fn three_byte_prefix(first: u8, second: u8) -> usize {
    usize::from(first & 0x0F) << 6 | usize::from(second & 0x3F)
}

/// Whether some three-byte character that begins so is one the cleaner
/// changes: every Chinese character would otherwise be decoded.
static MAY_FOLD: std::sync::LazyLock<[bool; 1024]> = std::sync::LazyLock::new(|| {
    let mut table = [false; 1024];
    for c in ('\u{800}'..='\u{ffff}').filter(|&c| changes(c)) {
        let mut bytes = [0; 3];
        c.encode_utf8(&mut bytes);
        table[three_byte_prefix(bytes[0], bytes[1])] = true;
    }
    table
});

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

fn digits_follow(rest: &str, n: usize) -> bool {
    let mut digits = rest.chars().map(fold_width);
    (0..n).all(|_| digits.next().is_some_and(|c| c.is_ascii_digit()))
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

    #[test]
    fn spans_point_into_the_source_past_dropped_marks_and_long_runs() {
        let source = format!("## 标题\n\n达**２个**，{}共 16 件", "长".repeat(900));
        let c = clean(&source);
        let chars: Vec<char> = source.chars().collect();
        for wanted in ["标题", "２个", "16", "件"] {
            let cleaned = clean(wanted).text;
            let start = c.text.rfind(cleaned.as_str()).unwrap();
            let span = c.source_span(start, start + cleaned.len());
            assert_eq!(chars[span[0]..span[1]].iter().collect::<String>(), wanted);
        }
    }

    #[test]
    fn the_byte_scan_stops_at_every_character_the_cleaner_changes() {
        for c in (0..0x10000).filter_map(char::from_u32) {
            let changed = c == ' ' || (changes(c) && !is_separator(c));
            let text = c.to_string();
            assert_eq!(next_to_fold(&text, 0, text.len()) == 0, changed, "{c:?}");
        }
        // A separator only after a digit, full-width or not.
        for (text, stops) in [("3，", true), ("３．", true), ("中，", false), ("，", false)] {
            let at = text.len() - "，".len();
            assert_eq!(next_to_fold(text, at, text.len()) == at, stops, "{text}");
        }
    }
}
