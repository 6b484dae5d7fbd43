//! Finding inputs and reading them into articles.
//!
//! An input is a `.txt`/`.md` file (one article) or a `.jsonl` dump (one
//! article a line: `{"id", "title"?, "date"?, "text"}`). Text is decoded as
//! UTF-8 (with or without BOM) or GB18030. Anything that cannot be read or
//! decoded becomes an [`InputError`] naming the file (and line), never a
//! panic and never a silent skip.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use walkdir::WalkDir;

/// One article, decoded, before any cleaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// The path relative to the input root without extension, or the `id`
    /// of a JSONL line.
    pub id: String,
    /// Where it came from (`dump.jsonl:12` for a JSONL line).
    pub path: String,
    /// The text as decoded: every span points into it.
    pub source: String,
    pub encoding: &'static str,
    /// Metadata given by the input itself (JSONL fields).
    pub title: Option<String>,
    pub date: Option<String>,
}

impl Article {
    /// An article given as text in memory (a line to `parse`, a rule
    /// example, a test), with no metadata.
    pub fn from_text(id: &str, text: &str) -> Article {
        Article { id: id.to_string(), path: id.to_string(), source: text.to_string(), encoding: "UTF-8", title: None, date: None }
    }
}

/// An input that could not be read, or one line of it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[error("{path}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct InputError {
    pub path: String,
    pub line: Option<usize>,
    pub message: String,
}

impl InputError {
    pub fn new(path: &Path, line: Option<usize>, message: impl Into<String>) -> InputError {
        InputError { path: path.display().to_string(), line, message: message.into() }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// A `.txt` or `.md` file: one article.
    Text,
    /// A `.jsonl` dump: one article a line.
    Jsonl,
}

/// A file to read, with the root its article id is relative to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    /// Shared by every input found under one path: a dump of 100,000 files
    /// keeps one copy.
    pub root: Arc<Path>,
    pub format: InputFormat,
}

fn format_of(path: &Path) -> Option<InputFormat> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "txt" | "md" => Some(InputFormat::Text),
        "jsonl" => Some(InputFormat::Jsonl),
        _ => None,
    }
}

/// Every input under `paths`, folders walked in sorted order, plus an error
/// for each path or entry that could not be walked (a missing path, a
/// folder without permission, a symlink loop). A file named directly is
/// read whatever its extension; in a walked folder a `README.md` is the
/// folder's documentation, not an article.
pub fn discover(paths: &[PathBuf]) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_file() {
            let root: Arc<Path> = Arc::from(path.parent().unwrap_or(Path::new("")));
            inputs.push(Input { path: path.clone(), root, format: format_of(path).unwrap_or(InputFormat::Text) });
            continue;
        }
        if !path.exists() {
            errors.push(InputError::new(path, None, "no such file or folder"));
            continue;
        }
        let root: Arc<Path> = Arc::from(path.as_path());
        for entry in WalkDir::new(path).follow_links(true).sort_by_file_name() {
            match entry {
                Ok(entry) if entry.file_type().is_file() && !is_readme(entry.path()) => {
                    if let Some(format) = format_of(entry.path()) {
                        inputs.push(Input { path: entry.into_path(), root: Arc::clone(&root), format });
                    }
                }
                Ok(_) => {}
                Err(err) => {
                    let at = err.path().map(Path::to_path_buf).unwrap_or_else(|| path.clone());
                    let message = if err.loop_ancestor().is_some() {
                        "symbolic link loop".to_string()
                    } else {
                        err.io_error().map(|e| e.to_string()).unwrap_or_else(|| err.to_string())
                    };
                    errors.push(InputError::new(&at, None, message));
                }
            }
        }
    }
    (inputs, errors)
}

fn is_readme(path: &Path) -> bool {
    path.file_stem().and_then(|s| s.to_str()).is_some_and(|s| s.eq_ignore_ascii_case("readme"))
}

/// Decodes bytes as UTF-8 (BOM or not) or GB18030, refusing binary data and
/// broken UTF-8 with the byte offset of the fault.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return simdutf8::compat::from_utf8(rest)
            .map(|s| (s.to_string(), "UTF-8"))
            .map_err(|e| format!("invalid UTF-8 at byte {}", e.valid_up_to() + 3));
    }
    if let Some(nul) = bytes.iter().take(8192).position(|&b| b == 0) {
        return Err(format!("binary data (NUL byte at offset {nul}), not text"));
    }
    match simdutf8::compat::from_utf8(bytes) {
        Ok(text) => Ok((text.to_string(), "UTF-8")),
        Err(err) => {
            let valid = &bytes[..err.valid_up_to()];
            // Multi-byte UTF-8 before the fault means a UTF-8 file that is
            // broken, not a file in another encoding.
            if valid.iter().any(|&b| b >= 0x80) {
                let what = if err.error_len().is_none() { "truncated UTF-8 character" } else { "invalid UTF-8" };
                return Err(format!("{what} at byte {}", err.valid_up_to()));
            }
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                return Err(format!("neither UTF-8 nor GB18030 (first bad byte near offset {})", err.valid_up_to()));
            }
            Ok((text.into_owned(), "GB18030"))
        }
    }
}

/// Reads a text input as one article.
pub fn read_text(input: &Input) -> Result<Article, InputError> {
    let mut bytes = Vec::new();
    File::open(&input.path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(|e| InputError::new(&input.path, None, format!("cannot read: {e}")))?;
    let (source, encoding) = decode(&bytes).map_err(|m| InputError::new(&input.path, None, m))?;
    if source.trim().is_empty() {
        let what = if source.is_empty() { "empty file" } else { "file holds only white space" };
        return Err(InputError::new(&input.path, None, format!("{what}: no article")));
    }
    Ok(Article {
        id: article_id(&input.path, &input.root),
        path: input.path.display().to_string(),
        source,
        encoding,
        title: None,
        date: None,
    })
}

/// `corpus/2024/a.txt` under root `corpus` → `2024/a`.
fn article_id(path: &Path, root: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let without_ext = relative.with_extension("");
    without_ext.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

#[derive(Deserialize)]
struct JsonlLine {
    id: Option<serde_json::Value>,
    title: Option<String>,
    date: Option<String>,
    text: Option<String>,
}

/// The lines of a JSONL dump, read lazily so a dump of any size streams.
pub struct JsonlReader {
    path: PathBuf,
    reader: BufReader<File>,
    /// The bytes of the line being read, kept to reuse its allocation.
    line: Vec<u8>,
    line_no: usize,
    /// A read failed: the error is reported once and the file left, as a
    /// device that failed once may fail on every read after.
    stopped: bool,
}

impl JsonlReader {
    pub fn open(input: &Input) -> Result<JsonlReader, InputError> {
        let file = File::open(&input.path).map_err(|e| InputError::new(&input.path, None, format!("cannot read: {e}")))?;
        Ok(JsonlReader { path: input.path.clone(), reader: BufReader::new(file), line: Vec::new(), line_no: 0, stopped: false })
    }
}

impl Iterator for JsonlReader {
    type Item = Result<Article, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.stopped {
            self.line.clear();
            let read = self.reader.read_until(b'\n', &mut self.line);
            self.line_no += 1;
            let at = Some(self.line_no);
            match read {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    self.stopped = true;
                    return Some(Err(InputError::new(&self.path, at, format!("cannot read line: {e}; the rest of the file is skipped"))));
                }
            }
            let bytes = self.line.strip_suffix(b"\n").unwrap_or(&self.line);
            let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
            let line = match simdutf8::compat::from_utf8(bytes) {
                Ok(line) => line,
                Err(e) => return Some(Err(InputError::new(&self.path, at, format!("invalid UTF-8 at byte {} of the line", e.valid_up_to())))),
            };
            let line = line.strip_prefix('\u{feff}').unwrap_or(line);
            if line.trim().is_empty() {
                continue;
            }
            return Some(self.parse_line(line, self.line_no));
        }
        None
    }
}

impl JsonlReader {
    fn parse_line(&self, line: &str, line_no: usize) -> Result<Article, InputError> {
        let error = |m: String| InputError::new(&self.path, Some(line_no), m);
        let parsed: JsonlLine = serde_json::from_str(line).map_err(|e| error(format!("malformed JSON: {e}")))?;
        let text = parsed.text.ok_or_else(|| error("line has no `text` field".into()))?;
        if text.trim().is_empty() {
            return Err(error("`text` is empty: no article".into()));
        }
        let id = match parsed.id {
            Some(serde_json::Value::String(s)) if !s.is_empty() => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            Some(_) => return Err(error("`id` must be a non-empty string or a number".into())),
            None => return Err(error("line has no `id` field".into())),
        };
        Ok(Article {
            id,
            path: format!("{}:{line_no}", self.path.display()),
            source: text,
            encoding: "UTF-8",
            title: parsed.title.filter(|t| !t.trim().is_empty()),
            date: parsed.date.filter(|d| !d.trim().is_empty()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_bom_and_gb18030() {
        assert_eq!(decode("重庆".as_bytes()).unwrap(), ("重庆".to_string(), "UTF-8"));
        assert_eq!(decode(b"\xEF\xBB\xBFabc").unwrap(), ("abc".to_string(), "UTF-8"));
        let (gb, _, _) = encoding_rs::GB18030.encode("重庆日报记者");
        assert_eq!(decode(&gb).unwrap(), ("重庆日报记者".to_string(), "GB18030"));
    }

    #[test]
    fn refuses_binary_and_truncated_utf8() {
        assert!(decode(b"\x89PNG\r\n\x1a\n\0\0\0").unwrap_err().contains("binary"));
        let mut bytes = "重庆市科技局".as_bytes().to_vec();
        bytes.truncate(bytes.len() - 1);
        assert_eq!(decode(&bytes).unwrap_err(), "truncated UTF-8 character at byte 15");
    }

    #[cfg(unix)]
    #[test]
    fn a_failed_read_is_reported_once_and_the_file_left() {
        // A folder opens as a file on Unix; every read of it fails.
        let dir = tempfile::tempdir().unwrap();
        let input = Input { path: dir.path().to_path_buf(), root: Arc::from(dir.path()), format: InputFormat::Jsonl };
        let read: Vec<_> = JsonlReader::open(&input).unwrap().take(3).collect();
        assert_eq!(read.len(), 1);
        let error = read[0].as_ref().unwrap_err();
        assert!(error.message.starts_with("cannot read line") && error.message.ends_with("the rest of the file is skipped"), "{}", error.message);
    }

    #[test]
    fn ids_are_relative_without_extension() {
        assert_eq!(article_id(Path::new("corpus/2024/a.txt"), Path::new("corpus")), "2024/a");
        assert_eq!(article_id(Path::new("a.md"), Path::new("")), "a");
    }
}
