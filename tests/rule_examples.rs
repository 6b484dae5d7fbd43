//! Every rule's examples and counter-examples, through the extractors.

use cqextract::check::check_examples;

use crate::util::extractor;

#[test]
fn every_rule_example_holds() {
    let failures = check_examples(extractor());
    let listed: Vec<String> = failures.iter().map(ToString::to_string).collect();
    assert!(failures.is_empty(), "{} example(s) failed:\n{}", failures.len(), listed.join("\n"));
}
