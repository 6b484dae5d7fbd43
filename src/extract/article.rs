//! Article metadata: title, publication date and bylines.

use super::Document;
use crate::clean::is_han;
use crate::rules::{ArticleRules, OfficialRules};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Metadata {
    pub title: Option<String>,
    pub date: Option<String>,
    pub bylines: Vec<(String, String)>,
}

/// Metadata given by the input (JSONL fields) wins over what the text says.
pub fn find(
    doc: &Document,
    given_title: Option<&str>,
    given_date: Option<&str>,
    rules: &ArticleRules,
    names: &OfficialRules,
) -> Metadata {
    let lines: Vec<&str> = doc.text().lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    Metadata {
        title: given_title.map(|t| t.trim().to_string()).or_else(|| title(doc, &lines, rules, names)),
        date: given_date.and_then(|d| date_in(d, rules)).or_else(|| {
            lines.iter().filter(|l| is_date_line(l, rules)).find_map(|l| date_in(l, rules))
        }),
        bylines: bylines(doc.text(), rules, names),
    }
}

fn title(doc: &Document, lines: &[&str], rules: &ArticleRules, names: &OfficialRules) -> Option<String> {
    let original = lines.iter().find_map(|l| rules.original_title_prefixes.iter().find_map(|p| l.strip_prefix(p.as_str())));
    if let Some(t) = original.map(str::trim).filter(|t| !t.is_empty()) {
        return Some(t.to_string());
    }
    let text = doc.text();
    if let Some(&(start, end, _)) = doc.clean.headings.iter().min_by_key(|&&(start, _, level)| (level, start)) {
        return Some(text[start..end].trim().to_string());
    }
    // The first short line before the body that is no byline, caption,
    // metadata line (`来源:…|2021-03-31`) or sentence (a headline has no commas).
    lines
        .iter()
        .take_while(|l| l.chars().count() <= rules.title_max_chars)
        .find(|l| {
            l.chars().count() >= 4
                && !rules.not_title_prefixes.iter().any(|p| l.starts_with(p.as_str()))
                && !is_date_line(l, rules)
                && !l.ends_with(['。', '！', '？', '；', ':', '：', '摄'])
                && !l.contains(['，', '。', ','])
                && bylines(l, rules, names).is_empty()
        })
        .map(|l| l.to_string())
}

fn is_date_line(line: &str, rules: &ArticleRules) -> bool {
    rules.date_line_prefixes.iter().any(|p| line.starts_with(p.as_str()))
        || line.chars().all(|c| c.is_ascii_digit() || " -/.:年月日时分".contains(c))
}

/// The first date in `text`, as `YYYY-MM-DD`.
fn date_in(text: &str, rules: &ArticleRules) -> Option<String> {
    rules.dates.iter().flat_map(|d| d.captures(text)).find_map(|c| {
        let year: u32 = c.name("year")?.as_str().parse().ok()?;
        let month: u32 = c.name("month")?.as_str().parse().ok()?;
        let day: u32 = c.name("day")?.as_str().parse().ok()?;
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then(|| format!("{year:04}-{month:02}-{day:02}"))
    })
}

/// Reporters, photographers and hosts named on byline lines. A byline
/// lies within one line, so the whole text is searched at once.
fn bylines(text: &str, rules: &ArticleRules, names: &OfficialRules) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for caps in rules.bylines.iter().flat_map(|b| b.captures(text)) {
        let (Some(role), Some(list)) = (caps.name("role"), caps.name("names")) else { continue };
        // A name must end the run: `记者看到` is no byline.
        if text[list.end()..].chars().next().is_some_and(is_han) {
            continue;
        }
        let photo = caps.name("photo").is_some();
        let mut current = rules.role(role.as_str());
        for token in list.as_str().split([' ', '\t', '、', ',', '，']).filter(|t| !t.is_empty()) {
            if let Some(r) = rules.role(token) {
                current = Some(r);
                continue;
            }
            let is_name = names.surname_of(token).is_some() && (2..=4).contains(&token.chars().count());
            if let (true, Some(r)) = (is_name, current) {
                let role = if photo { "photographer" } else { r };
                let entry = (token.to_string(), role.to_string());
                if !out.contains(&entry) {
                    out.push(entry);
                }
            }
        }
    }
    out
}
