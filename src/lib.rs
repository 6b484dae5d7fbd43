pub mod clean;
pub mod ingest;
pub mod number;
pub mod record;
pub mod rules;
pub mod segment;
pub mod sentence;
