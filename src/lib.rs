//! cqextract: normalised records from Chinese news articles.
//!
//! Data flows one way, one module a stage:
//! [`ingest`] → [`clean`] → [`sentence`] → [`segment`] → [`extract`] → [`record`] → [`output`];
//! [`pipeline`] is the only module that knows them all.
//!
//! ```
//! use cqextract::{ingest::Article, pipeline::Extractor, record::Record, rules::RuleSet};
//!
//! let extractor = Extractor::new(RuleSet::embedded().unwrap()).unwrap();
//! let article = Article::from_text("a", "截至目前,全市研发人员16.07万人。");
//! let records = extractor.extract(&article);
//! let Record::Quantity(q) = &records[1] else { panic!() };
//! assert_eq!((q.value.to_string().as_str(), q.unit.as_deref()), ("160700", Some("人")));
//! assert_eq!(q.metric.as_deref(), Some("全市研发人员"));
//! ```

pub mod check;
pub mod clean;
pub mod cli;
pub mod commands;
pub mod eval;
pub mod extract;
pub mod ingest;
pub mod number;
pub mod output;
pub mod pipeline;
pub mod record;
pub mod rules;
pub mod segment;
pub mod sentence;
pub mod stats;
