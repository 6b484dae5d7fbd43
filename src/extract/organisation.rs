//! Organisations: the alias table first, then the suffix grammar.
//!
//! A suffix (`大学`, `有限公司`, `实验室`, …) must end a jieba word, so the
//! `大学` of `大学城` is no university. The name is extended leftwards over
//! the sentence's words while they are nominal and not stop words, then
//! checked: not a generic class (`国家重点实验室`), long enough, and for
//! government bodies and zones led by a place. Nested mentions give way to
//! the longest (`中国科学院重庆科学中心`, not `中国科学院`).

use super::candidates::Candidates;
use super::{Document, overlaps};
use crate::rules::OrganisationRules;
use crate::segment::Word;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgMention {
    /// Cleaned byte span.
    pub start: usize,
    pub end: usize,
    pub surface: String,
    pub canonical: String,
    pub org_type: String,
}

/// Longest name the suffix grammar will build, in characters.
const MAX_NAME_CHARS: usize = 25;

/// Every organisation mention of the document, in order, nested ones
/// dropped, from the aliases and suffixes of its `candidates`; words are
/// segmented only in the window before each suffix.
pub fn find(doc: &Document, candidates: &Candidates, rules: &OrganisationRules) -> Vec<OrgMention> {
    let text = doc.text();
    let mut found: Vec<(usize, usize, String)> = candidates
        .aliases
        .iter()
        .filter_map(|m| Some((m.start, m.end, rules.alias(&text[m.clone()])?.org_type.clone())))
        .collect();
    let listed = Listed(found.iter().map(|(start, end, org_type)| (*start, *end, org_type == "zone")).collect());
    let book_titles = BookTitles::new(text);
    for m in &candidates.suffixes {
        // A suffix inside a listed name (`市科技局`) needs no segmenting.
        if listed.covers(m.start, m.end) {
            continue;
        }
        let Some(index) = doc.sentence_at(m.start) else { continue };
        let sentence = &doc.sentences[index];
        if m.end > sentence.end || book_titles.open_at(sentence.start, m.start) {
            continue;
        }
        let Some(name_start) = name_window(text, sentence.start, (m.start, m.end), rules) else { continue };
        // Segment only the window a name can fill (back to punctuation, at
        // most a long name and a word more), plus the word the suffix may
        // run into (`大学校长`).
        let from = name_start - sentence.start;
        let mut words = doc.words(index, from, m.end - sentence.start + 3 * 3);
        for w in &mut words {
            w.start += sentence.start;
            w.end += sentence.start;
        }
        let window_cut = name_start > sentence.start && text[..name_start].chars().next_back().is_some_and(crate::clean::is_han);
        if let Some(candidate) = extend_left(text, &words, (m.start, m.end), window_cut, &listed, rules) {
            found.push(candidate);
        }
    }
    // Leftmost first, longest first; drop what lies inside or across a kept one.
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut mentions: Vec<OrgMention> = Vec::new();
    for (start, end, org_type) in found {
        if mentions.last().is_some_and(|k| overlaps((k.start, k.end), (start, end))) {
            continue;
        }
        let surface = &text[start..end];
        let (canonical, listed_type) = canonical(surface, rules);
        mentions.push(OrgMention { start, end, surface: surface.to_string(), canonical, org_type: listed_type.unwrap_or(org_type) });
    }
    mentions
}

/// Where the text opens and closes the titles of documents (`《…》`):
/// words inside one belong to the title (`《重庆市…实验室管理暂行办法》`),
/// not to names. Found once; each suffix is then two binary searches, not
/// a search back through its sentence.
struct BookTitles {
    opens: Vec<usize>,
    closes: Vec<usize>,
}

impl BookTitles {
    fn new(text: &str) -> BookTitles {
        let at = |mark: &str| memchr::memmem::find_iter(text.as_bytes(), mark.as_bytes()).collect();
        BookTitles { opens: at("《"), closes: at("》") }
    }

    /// Whether a title opened at or after `from` is still open at `at`.
    fn open_at(&self, from: usize, at: usize) -> bool {
        let before = self.opens.partition_point(|&o| o < at);
        let Some(&open) = before.checked_sub(1).map(|i| &self.opens[i]) else { return false };
        open >= from && self.closes.partition_point(|&c| c < at) == self.closes.partition_point(|&c| c <= open)
    }
}

/// Where the window to segment before a suffix starts, or nothing when
/// cheap tests already rule a name out: too few name characters before the
/// suffix, or the suffix inside a word that ends no name (`布局`).
fn name_window(text: &str, floor: usize, (start, end): (usize, usize), rules: &OrganisationRules) -> Option<usize> {
    let info = rules.suffix(&text[start..end])?;
    // The name characters before the suffix: how many (up to what a name
    // can hold) and where the furthest starts.
    let mut run = 0;
    let mut run_start = start;
    for (i, c) in text[floor..start].char_indices().rev() {
        if run == MAX_NAME_CHARS + 2 || !(crate::clean::is_han(c) || "()（）".contains(c)) {
            break;
        }
        run += 1;
        run_start = floor + i;
    }
    if run < info.min_name_chars {
        return None;
    }
    let inside_word = info.inside_words.iter().any(|(word, k)| start >= *k && text.get(start - k..).is_some_and(|t| t.starts_with(word.as_str())));
    (!inside_word).then_some(run_start)
}

/// The canonical name of a surface form, and its type when the alias table
/// lists it. An unlisted `市X局` is read as the home city's (`重庆市X局`).
pub fn canonical(surface: &str, rules: &OrganisationRules) -> (String, Option<String>) {
    if let Some(entry) = rules.alias(surface) {
        return (entry.canonical.clone(), Some(entry.org_type.clone()));
    }
    match surface.strip_prefix('市') {
        Some(rest) if !rest.is_empty() && !rest.starts_with(['场', '民']) => (format!("{}{rest}", rules.home_city), None),
        _ => (surface.to_string(), None),
    }
}

/// The alias matches of a text: (start, end, is a zone), in order and not
/// overlapping, so starts and ends both rise and a lookup is a binary search
/// (a long article has thousands of them).
struct Listed(Vec<(usize, usize, bool)>);

impl Listed {
    /// Whether one listed name holds `start..end`.
    fn covers(&self, start: usize, end: usize) -> bool {
        let i = self.0.partition_point(|&(s, _, _)| s <= start);
        i > 0 && self.0[i - 1].1 >= end
    }

    fn zone_ends_at(&self, at: usize) -> bool {
        let i = self.0.partition_point(|&(_, e, _)| e < at);
        self.0.get(i).is_some_and(|&(_, e, zone)| zone && e == at)
    }

    fn starts_at(&self, at: usize) -> bool {
        let i = self.0.partition_point(|&(s, _, _)| s < at);
        self.0.get(i).is_some_and(|&(s, _, _)| s == at)
    }
}

/// Grows a name leftwards from a suffix over the words of a name, stopping
/// at stop words, at punctuation and where a listed zone ends (`重庆高新区`
/// and `华润微电子(重庆)有限公司` are two). `listed`: spans of alias matches,
/// and whether each is a zone.
fn extend_left(
    text: &str,
    words: &[Word],
    (suffix_start, suffix_end): (usize, usize),
    window_cut: bool,
    listed: &Listed,
    rules: &OrganisationRules,
) -> Option<(usize, usize, String)> {
    // The first word of a window that was cut may be a fragment.
    let floor = usize::from(window_cut);
    let info = rules.suffix(&text[suffix_start..suffix_end])?;
    let mut first = words.iter().position(|w| w.start <= suffix_start && suffix_start < w.end)?;
    if rules.not_suffix_words.iter().any(|w| w == words[first].text) {
        return None;
    }
    let last = words.iter().rposition(|w| w.start < suffix_end)?;
    let mut open_brackets = 0i32;
    while first > floor && !listed.zone_ends_at(words[first].start) {
        let w = &words[first - 1];
        // A numeral may only open a name at the start of a clause (`七腾机器人`).
        let at_clause_start = first < 2 + floor || !is_name_word(&words[first - 2]);
        if w.tag == "m" && (!at_clause_start || w.text.chars().any(|c| c.is_ascii_digit())) {
            break;
        }
        let bracket = matches!(w.text, "(" | ")" | "（" | "）");
        let name_verb = rules.name_verbs.contains(w.text);
        if rules.stop_words.contains(w.text) || ends_in_stop_verb(w, rules) || !(bracket || name_verb || is_name_word(w)) {
            if rules.name_conjunctions.iter().any(|c| c == w.text)
                && let Some(part_start) = place_part_before(text, words, first - 1, floor, suffix_end, rules)
            {
                first = part_start;
            }
            break;
        }
        if text[w.start..suffix_end].chars().count() > MAX_NAME_CHARS {
            break;
        }
        open_brackets += match w.text {
            ")" | "）" => 1,
            "(" | "（" => -1,
            _ => 0,
        };
        first -= 1;
    }
    // Never start inside a bracket pair.
    if open_brackets != 0 {
        return None;
    }
    let start = words[first].start;
    let name = &text[start..suffix_end];
    let name_chars = text[start..suffix_start].chars().count();
    if name_chars < info.min_name_chars
        || rules.is_generic(name)
        || rules.is_generic(&text[start..suffix_start])
        || rules.count_in_name.is_match(&text[start..suffix_start])
    {
        return None;
    }
    // A place and a role for it (`成渝地区科技创新中心`), or a place and a
    // generic class after a verb of goals (`打造渝东南科技创新中心`), names
    // what a region is to become, not an institution.
    let place_end = words[first..=last]
        .iter()
        .take_while(|w| is_place(w, rules) || rules.area_words.iter().any(|a| a == w.text))
        .last()
        .map_or(start, |w| w.end);
    if place_end > start {
        let rest = &text[place_end..suffix_end];
        let after_goal_verb = first > 0 && rules.designation_verbs.iter().any(|v| v == words[first - 1].text);
        if rules.place_designations.iter().any(|d| d == rest) || (after_goal_verb && rules.is_generic(rest)) {
            return None;
        }
    }
    if info.needs_place {
        let led_by_place = name.starts_with('市')
            || listed.starts_at(start)
            || rules.home_city_short.iter().any(|c| name.starts_with(c.as_str()))
            || words[first..=last].iter().any(|w| w.tag == "ns");
        if !led_by_place {
            return None;
        }
    }
    Some((start, suffix_end, info.org_type.clone()))
}

/// Where the part of a name before a conjunction at `conjunction` starts
/// (`重庆脑` of `重庆脑与智能科学中心`): name words led by a place, more than
/// the place alone, and not a name of their own (`重庆大学与…`).
fn place_part_before(
    text: &str,
    words: &[Word],
    conjunction: usize,
    floor: usize,
    suffix_end: usize,
    rules: &OrganisationRules,
) -> Option<usize> {
    let mut start = conjunction;
    while start > floor && is_name_word(&words[start - 1]) && !rules.stop_words.contains(words[start - 1].text) {
        start -= 1;
    }
    let part = &text[words.get(start)?.start..words[conjunction].start];
    let ok = conjunction - start >= 2
        && is_place(&words[start], rules)
        && !rules.ends_in_suffix(part)
        && text[words[start].start..suffix_end].chars().count() <= MAX_NAME_CHARS;
    ok.then_some(start)
}

/// A place word: a jieba place name or abbreviation (`东南`, `渝`), or the home city.
fn is_place(w: &Word, rules: &OrganisationRules) -> bool {
    matches!(w.tag, "ns" | "j") || rules.home_city_short.iter().any(|c| c == w.text)
}

/// An idiom jieba keeps whole that ends in a stop word of two or more
/// characters (`不断完善`, `加快建设`) is a verb phrase, no part of a name.
fn ends_in_stop_verb(w: &Word, rules: &OrganisationRules) -> bool {
    matches!(w.tag, "l" | "i") && rules.stop_words.iter().any(|s| s.chars().count() >= 2 && w.text.ends_with(s.as_str()))
}

/// Words a name is made of: nouns of every kind, abbreviations, letters,
/// place words (`西部`), and the odd characters jieba leaves of proper
/// names (`广阳`/`湾`, `七`/`腾`); never punctuation, function words or verbs.
fn is_name_word(w: &Word) -> bool {
    let chars_ok = w.text.chars().all(|c| crate::clean::is_han(c) || c.is_ascii_alphanumeric());
    let tag_ok = match w.tag {
        "f" => w.text.chars().count() >= 2,
        "vn" | "vg" => true,
        t => !matches!(t.chars().next(), Some('p' | 'c' | 'u' | 'd' | 'r' | 'y' | 'e' | 'o' | 'v' | 'f' | 'q' | 't')),
    };
    chars_ok && tag_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_is_inside_a_title_opened_before_it_and_not_yet_closed() {
        let text = "按《重庆市实验室管理办法》，重庆大学和《规划》";
        let titles = BookTitles::new(text);
        let at = |s: &str| text.find(s).unwrap();
        assert!(titles.open_at(0, at("实验室")));
        assert!(!titles.open_at(0, at("重庆大学")));
        // Opened before `from`: the sentence does not hold it.
        assert!(!titles.open_at(at("市"), at("实验室")));
        assert!(titles.open_at(at("和"), at("规划")));
    }
}
