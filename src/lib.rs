pub mod number;
pub mod rules;
