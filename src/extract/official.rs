//! Officials: a title followed by a name (`局长明炬`), with every
//! organisation and title written before it, or a name followed by a title
//! (`向仲怀院士`). One official per name per article; later mentions of the
//! name are counted, and their positions merged.
//!
//! Where the name ends is told by what follows it: a word that may follow a
//! name (`表示`, `说`, `倍感`, …) is the surest sign, a space or punctuation
//! the next; with neither, the match is dropped (precision first).

use std::ops::Range;

use regex::Captures;

use super::Document;
use super::organisation::{self, OrgMention};
use crate::clean::is_han;
use crate::rules::{OfficialRules, OrganisationRules, Pattern};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Official {
    pub name: String,
    /// Cleaned byte span of the first full mention (titles and name).
    pub start: usize,
    pub end: usize,
    pub positions: Vec<PositionFound>,
    pub mentions: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PositionFound {
    pub org: Option<String>,
    pub org_canonical: Option<String>,
    pub title: String,
}

/// Ends the run of titles before a name.
const CHAIN_STOP: &[char] = &['。', '！', '？', '；', ';', '!', '?', '“', '”', '"', '：', ':', '\n', '《', '》'];

/// Longest organisation prefix taken as written when the grammar does not
/// recognise it (`涪陵区`, `重庆挂点工作组`).
const MAX_PLAIN_ORG_CHARS: usize = 12;

/// Officials of the document; `mentions` are its organisations, whose
/// names may stand before a title. The title rules are tried only where
/// the titles are: the one that opens with a title at each of
/// `title_starts`, the one that ends with one in their sentences.
pub fn find(doc: &Document, title_starts: &[usize], mentions: &[OrgMention], rules: &OfficialRules, orgs: &OrganisationRules) -> Vec<Official> {
    let mut officials: Vec<Official> = Vec::new();
    let whole = doc.text();
    // Where the last person named after titles ends, and their last organisation.
    let mut previous: Option<(usize, Option<(String, String)>)> = None;
    // Every match of the title-then-name rule starts with a title.
    let mut titles_then_names = Vec::new();
    rules.title_then_name.for_each_at(whole, title_starts, |groups| {
        titles_then_names.extend(groups.get_group_by_name("title").zip(groups.get_group_by_name("name")));
    });
    for (title, name) in titles_then_names {
        let Some(index) = doc.sentence_at(title.start) else { continue };
        let base = doc.sentences[index].start;
        let text = doc.sentence_text(index);
        if name.end > base + text.len() {
            continue;
        }
        let (title_start, title_end) = (title.start - base, title.end - base);
        let Some(name_end) = name_end(text, name.start - base, name.end - base, rules) else { continue };
        let mut chain_start = text[..title_start].rfind(CHAIN_STOP).map_or(0, |i| i + char_at(text, i).len_utf8());
        // The titles of a person named before in the same chain are theirs.
        let after_person = previous.take().filter(|(end, _)| (base + chain_start..=base + title_start).contains(end));
        if let Some((end, _)) = &after_person {
            chain_start = end - base;
        }
        let mut positions = chain_positions(doc, index, chain_start, title_end, mentions, rules, orgs);
        if positions.is_empty() {
            continue;
        }
        // `总经理王西峰、副总经理娄延春`: titles listed after a person with `、`
        // and no organisation of their own share that person's.
        if let Some((_, Some((org, canonical)))) = &after_person
            && text[chain_start..].starts_with('、')
        {
            for p in positions.iter_mut().filter(|p| p.org.is_none()) {
                p.org = Some(org.clone());
                p.org_canonical = Some(canonical.clone());
            }
        }
        let last_org = positions.last().and_then(|p| Some((p.org.clone()?, p.org_canonical.clone()?)));
        previous = Some((base + name_end, last_org));
        let name = &text[name.start - base..name_end];
        merge(&mut officials, name, base + chain_start, base + name_end, positions);
    }
    let regions = title_regions(doc, title_starts);
    for caps in captures_in(&rules.name_then_title, whole, &regions) {
        let (Some(name), Some(title)) = (caps.name("name"), caps.name("title")) else { continue };
        let Some(info) = rules.title(title.as_str()) else { continue };
        if !plausible_given_name(name.as_str(), rules) {
            continue;
        }
        let position = PositionFound { org: None, org_canonical: None, title: info.canonical.clone() };
        merge(&mut officials, name.as_str(), name.start(), title.end(), vec![position]);
    }
    // `作为金凤实验室主任，他`: the position of the official named last before.
    for caps in rules.as_title_pronoun.captures(whole) {
        let (Some(org), Some(title), Some(whole_match)) = (caps.name("org"), caps.name("title"), caps.get(0)) else { continue };
        let Some(info) = rules.title(title.as_str()) else { continue };
        let Some(index) = doc.sentence_at(org.start()) else { continue };
        let base = doc.sentences[index].start;
        if org.end() > doc.sentences[index].end {
            continue;
        }
        let Some((org_text, canonical)) = org_before(doc, index, (org.start() - base, org.end() - base), mentions, orgs) else { continue };
        let last = officials.iter_mut().filter(|o| o.end <= whole_match.start()).max_by_key(|o| o.end);
        if let Some(official) = last {
            let position = PositionFound { org: Some(org_text), org_canonical: Some(canonical), title: info.canonical.clone() };
            if !official.positions.contains(&position) {
                official.positions.push(position);
            }
        }
    }
    for official in &mut officials {
        official.mentions = memchr::memmem::find_iter(whole.as_bytes(), official.name.as_bytes()).count();
    }
    officials.sort_by_key(|o| o.start);
    officials
}

/// The parts of the text where a name and a title may stand: the sentences
/// that hold a title (one starts at one of `title_starts`), each with the
/// character before and after it (the rule reads the punctuation around a
/// name), overlapping parts merged. A match of `name_then_title` holds a
/// title and no sentence end, so searching these finds what a search of
/// the whole text finds, in a tenth of the text.
fn title_regions(doc: &Document, title_starts: &[usize]) -> Vec<Range<usize>> {
    let text = doc.text();
    let mut regions: Vec<Range<usize>> = Vec::new();
    let mut last_sentence = None;
    for &at in title_starts {
        let Some(index) = doc.sentence_at(at) else { continue };
        if last_sentence.replace(index) == Some(index) {
            continue;
        }
        let sentence = &doc.sentences[index];
        let start = text[..sentence.start].char_indices().next_back().map_or(0, |(i, _)| i);
        let end = text[sentence.end..].chars().next().map_or(text.len(), |c| sentence.end + c.len_utf8());
        match regions.last_mut() {
            Some(last) if start <= last.end => last.end = last.end.max(end),
            _ => regions.push(start..end),
        }
    }
    regions
}

fn captures_in<'t>(pattern: &Pattern, text: &'t str, regions: &[Range<usize>]) -> Vec<Captures<'t>> {
    let mut found = Vec::new();
    for region in regions {
        pattern.captures_within(text, region.clone(), &mut found);
    }
    found
}

/// Adds a mention: a new official, or new positions for a known one.
fn merge(officials: &mut Vec<Official>, name: &str, start: usize, end: usize, positions: Vec<PositionFound>) {
    match officials.iter_mut().find(|o| o.name == name) {
        Some(known) => {
            for p in positions {
                // A title without an organisation adds nothing to the same title with one.
                let covered = known.positions.iter().any(|k| k.title == p.title && (k.org == p.org || p.org.is_none()));
                if !covered {
                    known.positions.push(p);
                }
            }
            if start < known.start {
                known.start = start;
                known.end = end;
            }
        }
        None => officials.push(Official { name: name.to_string(), start, end, positions: dedup(positions), mentions: 0 }),
    }
}

fn dedup(positions: Vec<PositionFound>) -> Vec<PositionFound> {
    let mut out: Vec<PositionFound> = Vec::new();
    for p in positions {
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

/// Whether the part after the surname could be a given name.
fn plausible_given_name(name: &str, rules: &OfficialRules) -> bool {
    let given = match name.find('·') {
        Some(_) => return true,
        None => rules.surname_of(name).map(|s| &name[s.len()..]),
    };
    given.is_some_and(|g| !g.is_empty() && !g.chars().any(|c| rules.not_in_given_names.contains(c)))
}

/// Where the name that starts at `start` ends: the longest reading followed
/// by a follow word, else the longest followed by a non-Chinese character.
fn name_end(text: &str, start: usize, greedy_end: usize, rules: &OfficialRules) -> Option<usize> {
    let name = &text[start..greedy_end];
    // The part that is surely name: the surname, or all up to a `·` and two more.
    let fixed = match name.find('·') {
        Some(dot) => dot + '·'.len_utf8() + name[dot + '·'.len_utf8()..].chars().next()?.len_utf8(),
        None => rules.surname_of(name)?.len(),
    };
    let ends: Vec<usize> = name[fixed..]
        .char_indices()
        .take_while(|&(_, c)| !rules.not_in_given_names.contains(c))
        .map(|(i, c)| start + fixed + i + c.len_utf8())
        .collect();
    let followed_by_word =
        |end: usize| rules.follow_words.iter().any(|w| text[end..].starts_with(w.as_str()));
    let followed_by_boundary = |end: usize| text[end..].chars().next().is_none_or(|c| !is_han(c));
    ends.iter().rev().copied().find(|&e| followed_by_word(e)).or_else(|| ends.iter().rev().copied().find(|&e| followed_by_boundary(e)))
}

/// The (org, title) pairs of the titles that run from `chain_start` to
/// `title_end`: blocks split by `，`, titles within a block by `、`; a title
/// with no organisation of its own shares the one before it in its block.
fn chain_positions(
    doc: &Document,
    sentence: usize,
    chain_start: usize,
    title_end: usize,
    mentions: &[OrgMention],
    rules: &OfficialRules,
    orgs: &OrganisationRules,
) -> Vec<PositionFound> {
    let text = doc.sentence_text(sentence);
    let blocks = split_keep_offsets(text, chain_start, title_end, &rules.block_separators);
    // From the anchor's block leftwards, while each block is titles only.
    let mut chosen: Vec<Vec<(usize, usize)>> = Vec::new();
    for &(b_start, b_end) in blocks.iter().rev() {
        match title_items(text, b_start, b_end, rules) {
            Some(items) => chosen.push(items),
            None => break,
        }
    }
    let mut positions = Vec::new();
    for items in chosen.into_iter().rev() {
        let mut shared: Option<(String, String)> = None;
        for (s, e) in items {
            let item = strip_notes(&text[s..e], rules);
            let Some((written, info)) = rules.title_suffix(item) else { continue };
            // The item is a trimmed slice of `text[s..e]`: measure from where it starts.
            let item_start = s + text[s..e].find(item).unwrap_or(0);
            let prefix_end = item_start + item.len() - written.len();
            let mut org = org_before(doc, sentence, (item_start, prefix_end), mentions, orgs);
            if let (Some(keeps), Some((written_org, _))) = (&info.org_keeps, &org)
                && written.starts_with(keeps.as_str())
            {
                let kept = format!("{written_org}{keeps}");
                org = Some((kept.clone(), kept));
            }
            if org.is_some() {
                shared = org.clone();
            } else if item_start == prefix_end {
                org = shared.clone();
            }
            positions.push(PositionFound {
                org_canonical: org.as_ref().map(|(_, c)| c.clone()),
                org: org.map(|(o, _)| o),
                title: info.canonical.clone(),
            });
        }
    }
    positions
}

/// The organisation written in `start..end` of a sentence before a title:
/// the organisation mention that ends there, else the text itself when
/// short and free of stop words.
fn org_before(
    doc: &Document,
    sentence: usize,
    (start, end): (usize, usize),
    mentions: &[OrgMention],
    orgs: &OrganisationRules,
) -> Option<(String, String)> {
    if start >= end {
        return None;
    }
    let text = doc.sentence_text(sentence);
    let base = doc.sentences[sentence].start;
    if let Some(m) = mentions.iter().find(|m| m.end == base + end && m.start >= base + start) {
        return Some((m.surface.clone(), m.canonical.clone()));
    }
    let plain = text.get(start..end)?.trim();
    let clean_plain = plain.chars().count() <= MAX_PLAIN_ORG_CHARS
        && plain.chars().all(|c| is_han(c) || "()（）".contains(c))
        && !orgs.holds_stop_word(plain);
    clean_plain.then(|| (plain.to_string(), organisation::canonical(plain, orgs).0))
}

/// The items of a block, each ending in a title. A separator inside an
/// organisation's name (`经济和信息化委员会`) joins its parts back.
fn title_items(text: &str, start: usize, end: usize, rules: &OfficialRules) -> Option<Vec<(usize, usize)>> {
    let mut items = Vec::new();
    let mut open: Option<usize> = None;
    for (s, e) in split_keep_offsets(text, start, end, &rules.title_separators) {
        let from = open.unwrap_or(s);
        if rules.title_suffix(strip_notes(&text[from..e], rules)).is_some() {
            items.push((from, e));
            open = None;
        } else {
            open = Some(from);
        }
    }
    (open.is_none() && !items.is_empty()).then_some(items)
}

fn strip_notes<'t>(item: &'t str, rules: &OfficialRules) -> &'t str {
    let mut item = item.trim();
    for note in &rules.drop_notes {
        item = item.strip_suffix(note.as_str()).unwrap_or(item).trim_end();
    }
    item
}

/// Splits `start..end` at any of `separators`, keeping byte ranges.
fn split_keep_offsets(text: &str, start: usize, end: usize, separators: &[String]) -> Vec<(usize, usize)> {
    let mut parts = Vec::new();
    let mut from = start;
    let mut at = start;
    while at < end {
        if let Some(sep) = separators.iter().find(|s| text[at..end].starts_with(s.as_str())) {
            parts.push((from, at));
            at += sep.len();
            from = at;
        } else {
            at += char_at(text, at).len_utf8();
        }
    }
    parts.push((from, end));
    parts.into_iter().filter(|(s, e)| s < e).collect()
}

fn char_at(text: &str, at: usize) -> char {
    text[at..].chars().next().unwrap_or(' ')
}
