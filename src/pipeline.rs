//! The one place that knows every stage:
//! ingest → clean → sentences → segment → extract and normalise → records.
//!
//! [`Extractor`] turns one article into its records; [`run`] streams inputs
//! through it in parallel chunks (rayon), handing results to a sink in input
//! order, so the output is the same bytes for any number of threads and
//! memory stays flat however large the dump.

use std::collections::HashSet;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::clean::{self, CleanText};
use crate::extract::candidates::Candidates;
use crate::extract::{self, Document};
use crate::ingest::{self, Article, Input, InputError, InputFormat, JsonlReader};
use crate::record::{
    ArticleRecord, Byline, OfficialRecord, OrganisationRecord, Position, QuantityRecord, Record, Span, TargetRecord,
};
use crate::rules::{RuleError, RuleFiles, RuleSet};
use crate::segment::Segmenter;
use crate::stats::RunStats;

/// The rules and the segmenter, built once and shared by every worker.
/// (A copy of the rules per worker, so that threads do not share regex
/// caches, was measured: no gain in speed-up on two cores, more memory.)
pub struct Extractor {
    rules: RuleSet,
    segmenter: Segmenter,
}

impl Extractor {
    pub fn new(rules: RuleSet) -> Result<Extractor, RuleError> {
        let segmenter = Segmenter::new(&rules.jieba_user_dict)?;
        Ok(Extractor { rules, segmenter })
    }

    /// Compiles the rule files and builds the segmenter at the same time,
    /// on two threads: the dictionary is three quarters of start-up.
    pub fn load(files: &RuleFiles) -> Result<Extractor, RuleError> {
        let (rules, segmenter) = rayon::join(|| RuleSet::load(files), || Segmenter::new(files.text("jieba_user.txt")));
        Ok(Extractor { rules: rules?, segmenter: segmenter? })
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    pub fn segmenter(&self) -> &Segmenter {
        &self.segmenter
    }

    /// Every record of one article: the article record first, then its
    /// quantities, targets, officials and organisations.
    pub fn extract(&self, article: &Article) -> Vec<Record> {
        self.extract_batch(&[article]).pop().unwrap_or_default()
    }

    /// The records of each article of a batch, in order. The stages run
    /// one after another over the whole batch, not article after article:
    /// each stage's automata then stay in the processor's cache across the
    /// batch (measured: a one-thread run 5–10 % faster at 16 articles a
    /// batch than at one; 8 and 16 simulate the same cache misses).
    pub fn extract_batch(&self, articles: &[&Article]) -> Vec<Vec<Record>> {
        let rules = &self.rules;
        let cleaned: Vec<CleanText> = articles.iter().map(|a| clean::clean(&a.source, &self.segmenter)).collect();
        let docs: Vec<Document> = cleaned.iter().map(|c| Document::new(c, &self.segmenter)).collect();
        let metas: Vec<_> = docs
            .iter()
            .zip(articles)
            .map(|(doc, a)| extract::article::find(doc, a.title.as_deref(), a.date.as_deref(), &rules.article, &rules.official))
            .collect();
        let candidates: Vec<Candidates> =
            docs.iter().map(|doc| Candidates::find(doc.text(), &rules.candidates, &rules.organisation.suffix_rule)).collect();
        let quantities: Vec<_> =
            docs.iter().zip(&candidates).map(|(doc, c)| extract::quantity::find(doc, &c.required, &rules.quantity)).collect();
        let targets: Vec<_> = docs.iter().zip(&quantities).map(|(doc, q)| extract::target::find(doc, q, &rules.target)).collect();
        let organisations: Vec<_> =
            docs.iter().zip(&candidates).map(|(doc, c)| extract::organisation::find(doc, c, &rules.organisation)).collect();
        let officials: Vec<_> = docs
            .iter()
            .zip(&candidates)
            .zip(&organisations)
            .map(|((doc, c), orgs)| extract::official::find(doc, &c.title_starts, orgs, &rules.official, &rules.organisation))
            .collect();
        let found = metas.into_iter().zip(quantities).zip(targets).zip(organisations).zip(officials);
        articles
            .iter()
            .zip(&docs)
            .zip(found)
            .map(|((article, doc), ((((meta, quantities), targets), organisations), officials))| {
                records_of(article, doc, meta, &quantities, &targets, organisations, officials)
            })
            .collect()
    }
}

/// An article's findings as records.
fn records_of(
    article: &Article,
    doc: &Document,
    meta: extract::article::Metadata,
    quantities: &[extract::quantity::Found],
    targets: &[extract::target::Target],
    organisations: Vec<extract::organisation::OrgMention>,
    officials: Vec<extract::official::Official>,
) -> Vec<Record> {
    let clean = doc.clean;
    let id = &article.id;
    let mut records = Vec::with_capacity(1 + quantities.len() + targets.len() + officials.len() + organisations.len());
    records.push(Record::Article(ArticleRecord {
        article: id.clone(),
        path: article.path.clone(),
        title: meta.title,
        date: meta.date,
        bylines: meta.bylines.into_iter().map(|(name, role)| Byline { name, role }).collect(),
        encoding: article.encoding.to_string(),
        chars: clean.text.chars().count(),
        sentences: doc.sentences.len(),
    }));
    for found in quantities {
        let base = doc.sentences[found.sentence].start;
        let q = &found.quantity;
        records.push(Record::Quantity(QuantityRecord {
            article: id.clone(),
            span: clean.source_span(base + q.start, base + q.end),
            text: clean.text[base + q.start..base + q.end].to_string(),
            value: q.value,
            value_max: q.value_max,
            unit: q.unit.map(str::to_string),
            unit_kind: q.unit_kind.to_string(),
            qualifier: q.qualifier.to_string(),
            metric: found.metric.clone(),
            sentence: doc.sentence_text(found.sentence).to_string(),
        }));
    }
    for t in targets {
        let q = t.quantity.and_then(|i| quantities.get(i)).map(|f| &f.quantity);
        records.push(Record::Target(TargetRecord {
            article: id.clone(),
            span: clean.source_span(t.start, t.end),
            text: clean.text[t.start..t.end].to_string(),
            metric: t.metric.clone(),
            comparator: t.comparator.clone(),
            value: q.map(|q| q.value),
            value_max: q.and_then(|q| q.value_max),
            unit: q.and_then(|q| q.unit.map(str::to_string)),
            unit_kind: q.map(|q| q.unit_kind.to_string()),
            deadline: t.deadline,
            horizon_years: t.horizon_years,
            sentence: doc.sentence_text(t.sentence).to_string(),
        }));
    }
    for o in officials {
        records.push(Record::Official(OfficialRecord {
            article: id.clone(),
            span: clean.source_span(o.start, o.end),
            name: o.name,
            positions: o
                .positions
                .into_iter()
                .map(|p| Position { org: p.org, org_canonical: p.org_canonical, title: p.title })
                .collect(),
            mentions: o.mentions,
        }));
    }
    records.extend(group_organisations(id, clean, organisations).into_iter().map(Record::Organisation));
    records
}

impl Extractor {
    /// The quantities of one line of text (`cqextract parse`); with
    /// `numbers`, bare numbers without a unit as well (unit null).
    pub fn parse_line(&self, id: &str, line: &str, numbers: bool) -> Vec<QuantityRecord> {
        let article = Article::from_text(id, line);
        let mut quantities: Vec<QuantityRecord> = self
            .extract(&article)
            .into_iter()
            .filter_map(|r| if let Record::Quantity(q) = r { Some(q) } else { None })
            .collect();
        if numbers {
            let clean = clean::clean(line, &self.segmenter);
            for q in extract::quantity::find_with_numbers(&clean.text, &self.rules.quantity) {
                let span = clean.source_span(q.start, q.end);
                if q.unit.is_some() || quantities.iter().any(|k| k.span[0] < span[1] && span[0] < k.span[1]) {
                    continue;
                }
                // A numeral inside a word is no number: `一切`, `统一`.
                if self.segmenter.inside_word(&clean.text, q.start, q.end) {
                    continue;
                }
                quantities.push(QuantityRecord {
                    article: id.to_string(),
                    span,
                    text: clean.text[q.start..q.end].to_string(),
                    value: q.value,
                    value_max: q.value_max,
                    unit: None,
                    unit_kind: q.unit_kind.to_string(),
                    qualifier: q.qualifier.to_string(),
                    metric: None,
                    sentence: line.to_string(),
                });
            }
            quantities.sort_by_key(|q| q.span);
        }
        quantities
    }
}

/// One record per canonical organisation, in order of first mention.
fn group_organisations(id: &str, clean: &CleanText, mentions: Vec<extract::organisation::OrgMention>) -> Vec<OrganisationRecord> {
    let mut records: Vec<OrganisationRecord> = Vec::new();
    // Where each canonical name's record is; a name is copied only for a new one.
    let mut by_name: FxHashMap<String, usize> = FxHashMap::default();
    for m in mentions {
        let span: Span = clean.source_span(m.start, m.end);
        let at = *by_name.entry(m.canonical).or_insert_with_key(|name| {
            let org_type = m.org_type;
            records.push(OrganisationRecord { article: id.to_string(), name: name.clone(), org_type, aliases: Vec::new(), spans: Vec::new() });
            records.len() - 1
        });
        let record = &mut records[at];
        if !record.aliases.contains(&m.surface) {
            record.aliases.push(m.surface);
        }
        record.spans.push(span);
    }
    records
}

/// What happened to one article or input, in input order.
#[derive(Debug)]
pub enum Outcome {
    Article { id: String, bytes: usize, records: Vec<Record> },
    Failed(InputError),
}

/// Articles processed together: enough to keep two cores busy, few enough
/// to keep memory flat with two chunks alive at once (one extracted while
/// the one before is written). Measured on a 1 GB dump: 256 → 95.4 MiB peak
/// RSS, 128 → 84.6 MiB, the same two-thread speed-up.
const CHUNK: usize = 128;

/// Streams `inputs` through the extractor on the current rayon pool and
/// hands every outcome to `sink` in input order. Duplicate article ids are
/// reported as errors and their later copies skipped.
pub fn run(inputs: &[Input], extractor: &Extractor, sink: &mut (dyn FnMut(Outcome) + Send)) -> RunStats {
    let mut stats = RunStats { inputs_found: inputs.len(), ..RunStats::default() };
    let mut seen: HashSet<String> = HashSet::new();
    let mut deliver = |outcome: Outcome, stats: &mut RunStats| {
        let outcome = match outcome {
            Outcome::Article { id, .. } if !seen.insert(id.clone()) => {
                Outcome::Failed(InputError { path: id.clone(), line: None, message: format!("duplicate article id `{id}`: later copy skipped") })
            }
            other => other,
        };
        stats.count(&outcome);
        sink(outcome);
    };
    let mut rest = inputs;
    while let Some(first) = rest.first() {
        if first.format == InputFormat::Jsonl {
            match JsonlReader::open(first) {
                Ok(mut reader) => {
                    stats.inputs_processed += 1;
                    let chunks = std::iter::from_fn(|| {
                        let chunk: Vec<Result<Article, InputError>> = reader.by_ref().take(CHUNK).collect();
                        (!chunk.is_empty()).then_some(chunk)
                    });
                    overlapped(chunks, &|batch| outcomes_of(batch, extractor), &mut |outcome| deliver(outcome, &mut stats));
                }
                Err(e) => {
                    stats.inputs_failed += 1;
                    deliver(Outcome::Failed(e), &mut stats);
                }
            }
            rest = &rest[1..];
        } else {
            let texts = rest.iter().take_while(|i| i.format == InputFormat::Text).count();
            let chunks = rest[..texts].chunks(CHUNK).map(|chunk| chunk.iter().collect::<Vec<&Input>>());
            let read_and_extract = |batch: Vec<&Input>| outcomes_of(batch.into_iter().map(ingest::read_text).collect(), extractor);
            overlapped(chunks, &read_and_extract, &mut |outcome| {
                match outcome {
                    Outcome::Failed(_) => stats.inputs_failed += 1,
                    Outcome::Article { .. } => stats.inputs_processed += 1,
                }
                deliver(outcome, &mut stats);
            });
            rest = &rest[texts..];
        }
    }
    stats
}

/// Articles of a chunk extracted together, stage after stage (see
/// [`Extractor::extract_batch`]); a chunk holds sixteen batches, so both
/// cores stay busy to its end: two threads kept 190–194 % of a core busy
/// at 8, 182–185 % at 16 (at 32 the second core idled).
const BATCH: usize = 8;

/// Extracts chunk after chunk in parallel while the previous chunk's
/// outcomes are delivered and the next chunk is read: reading and writing
/// are serial, and without the overlap the second core waits for them.
fn overlapped<T: Send>(
    mut chunks: impl Iterator<Item = Vec<T>> + Send,
    extract: &(dyn Fn(Vec<T>) -> Vec<Outcome> + Sync),
    deliver: &mut (dyn FnMut(Outcome) + Send),
) {
    let mut current = chunks.next();
    let mut done: Vec<Outcome> = Vec::new();
    while let Some(chunk) = current {
        let previous = std::mem::take(&mut done);
        let (outcomes, next) = rayon::join(
            || chunk.into_par_iter().chunks(BATCH).flat_map_iter(extract).collect::<Vec<Outcome>>(),
            || {
                previous.into_iter().for_each(&mut *deliver);
                chunks.next()
            },
        );
        done = outcomes;
        current = next;
    }
    done.into_iter().for_each(deliver);
}

/// The articles read are extracted as one batch; one that could not be
/// read is a failure, in its place.
fn outcomes_of(reads: Vec<Result<Article, InputError>>, extractor: &Extractor) -> Vec<Outcome> {
    let records = {
        let articles: Vec<&Article> = reads.iter().filter_map(|read| read.as_ref().ok()).collect();
        extractor.extract_batch(&articles)
    };
    let mut records = records.into_iter();
    reads
        .into_iter()
        .map(|read| match read {
            Ok(article) => Outcome::Article { bytes: article.source.len(), records: records.next().unwrap_or_default(), id: article.id },
            Err(e) => Outcome::Failed(e),
        })
        .collect()
}
