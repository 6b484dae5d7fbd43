//! The number grammar on any string: no panic, and a value it reads is
//! finite and its range, if any, is ordered.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(n) = cqextract::number::parse_number(text)
        && let Some(max) = n.value_max
    {
        assert!(n.value.abs() <= max.abs() || n.value.is_sign_negative(), "{text}: {n:?}");
    }
});
