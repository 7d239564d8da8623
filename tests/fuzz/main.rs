//! Hostile URLs, fuzzed natively with proptest: the query string's parser, the form read
//! from it, its validation into a `Plan`, the URL round trip and the presentation
//! directives. Zero panics; every refusal names its field and what the field may be, and
//! never repeats the value; every plan is within the limits.
//!
//! `OFFLOAD_FUZZ_CASES` is the number of cases in all, shared by the properties (default
//! [`DEFAULT_CASES`]: a few seconds in `cargo test`); `cargo xtask fuzz` runs a million.
//! Each property prints `fuzz: <name>: <n> cases, <k> failures, <s> s`, which xtask sums.

mod oracle;
mod regressions;
mod strategies;

use offload::browser::query::urlencoded;
use offload::form::{Directive, Form, Key, Mode};
use offload::presentation::{Presentation, Theme};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::cell::Cell;
use std::time::Instant;

const DEFAULT_CASES: u32 = 8_000;
const PROPERTIES: u32 = 4;

/// Runs `test` on `cases() / PROPERTIES` values of `strategy` and prints what ran.
fn fuzz<S: Strategy>(
    name: &str,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let total = std::env::var("OFFLOAD_FUZZ_CASES")
        .ok()
        .and_then(|cases| cases.trim().parse::<u32>().ok())
        .unwrap_or(DEFAULT_CASES);
    let config = Config {
        cases: total.div_ceil(PROPERTIES).max(1),
        // Regressions are kept as named tests (tests/fuzz/regressions.rs), not files.
        failure_persistence: None,
        ..Config::default()
    };
    let ran = Cell::new(0u64);
    let started = Instant::now();
    let result = TestRunner::new(config).run(&strategy, |value| {
        ran.set(ran.get() + 1);
        test(value)
    });
    let failures = u32::from(result.is_err());
    println!(
        "fuzz: {name}: {} cases, {failures} failures, {:.2} s",
        ran.get(),
        started.elapsed().as_secs_f64()
    );
    if let Err(error) = result {
        panic!("{name}: {error}");
    }
}

/// Any text at all, parsed: no panic, and what it reads is written and read back unchanged.
#[test]
fn any_query_string_parses_and_round_trips() {
    fuzz("query-string", strategies::query_string(), |query| {
        let pairs = urlencoded::parse(&query);
        let borrowed = || pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        let again = urlencoded::parse(&urlencoded::serialize(borrowed()));
        prop_assert_eq!(&again, &pairs);
        // Whatever the pairs, reading them never panics.
        let (form, _) = Form::from_query(borrowed(), 2);
        let _ = form.plan(2);
        let _ = Presentation::from_query(borrowed());
        Ok(())
    });
}

/// Hostile pairs for every key, repeated, unknown, Unicode, huge: each refusal under its
/// key, naming the key and its range, never echoing the value; plans within the limits.
#[test]
fn hostile_queries_are_refused_by_name_or_planned_within_limits() {
    fuzz(
        "hostile-query",
        strategies::hostile_query(),
        |(query, max_threads)| {
            let pairs = urlencoded::parse(&query);
            let borrowed = || pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()));
            let (form, directives) = Form::from_query(borrowed(), max_threads);
            for key in Key::ALL {
                let last = pairs.iter().rev().find(|(name, _)| name == key.name());
                if let Some((_, value)) = last {
                    let cut: String = value.chars().take(offload::form::MAX_VALUE_CHARS).collect();
                    prop_assert_eq!(
                        form.field(key),
                        cut.as_str(),
                        "the last {} wins",
                        key.name()
                    );
                }
            }
            let autorun = pairs
                .iter()
                .rev()
                .find(|(n, _)| n == Directive::Autorun.name());
            prop_assert_eq!(directives.autorun, autorun.is_some_and(|(_, v)| v == "1"));
            oracle::check_plan(&form, max_threads)?;
            check_round_trip(&form)?;
            check_presentation(&pairs)
        },
    );
}

/// Fields near their limits (and just past them), with every mode and job: the page's
/// verdict agrees with an independent reading of the limits, value for value.
#[test]
fn forms_near_the_limits_agree_with_the_limits() {
    fuzz(
        "near-limits",
        strategies::near_limits_form(),
        |(form, max_threads)| {
            oracle::check_plan(&form, max_threads)?;
            check_round_trip(&form)
        },
    );
}

/// Any form the URL can carry (each field up to 64 characters of anything) is written into
/// the address and read back the same, with no directive appearing from nowhere.
#[test]
fn any_form_round_trips_through_the_url() {
    fuzz("round-trip", strategies::any_form(), |form| {
        check_round_trip(&form)
    });
}

/// The address carries the form back, each field cut to what a URL may bring in.
fn check_round_trip(form: &Form) -> Result<(), TestCaseError> {
    let query = urlencoded::serialize(form.to_query());
    let pairs = urlencoded::parse(&format!("?{query}"));
    let borrowed = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let (again, directives) = Form::from_query(borrowed, 2);
    let mut cut = form.clone();
    for key in Key::ALL {
        let field = cut.field_mut(key);
        *field = field.chars().take(offload::form::MAX_VALUE_CHARS).collect();
    }
    prop_assert_eq!(&again, &cut);
    prop_assert_eq!(directives, Default::default());
    Ok(())
}

fn check_presentation(pairs: &[(String, String)]) -> Result<(), TestCaseError> {
    let p = Presentation::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let last = |d: Directive| pairs.iter().rev().find(|(n, _)| n == d.name());
    prop_assert_eq!(
        p.embed,
        last(Directive::Embed).is_some_and(|(_, v)| v == "1")
    );
    let themes: Vec<_> = pairs.iter().filter(|(n, _)| n == "theme").collect();
    let bad = themes.iter().any(|(_, v)| v != "light" && v != "dark");
    let error_of = |param: &str| {
        p.errors
            .iter()
            .filter(|e| e.param == param)
            .collect::<Vec<_>>()
    };
    prop_assert_eq!(error_of("theme").len(), usize::from(bad));
    if let Some(error) = error_of("theme").first() {
        prop_assert!(
            error
                .message
                .starts_with("theme must be one of light, dark")
        );
        // One message whatever the value: nothing of it can be echoed.
        let neutral = Presentation::from_query([("theme", "\u{1}")]).errors;
        prop_assert_eq!(&error.message, &neutral[0].message);
    }
    let bad_load = pairs.iter().any(|(n, v)| n == "load" && v != "click");
    prop_assert_eq!(error_of("load").len(), usize::from(bad_load));
    if let Some(error) = error_of("load").first() {
        let neutral = Presentation::from_query([("load", "\u{1}")]).errors;
        prop_assert_eq!(&error.message, &neutral[0].message);
    }
    prop_assert_eq!(
        p.errors.len(),
        error_of("theme").len() + error_of("load").len()
    );
    let expected = match themes
        .iter()
        .rev()
        .find(|(_, v)| v == "light" || v == "dark")
    {
        Some((_, v)) if v == "light" => Theme::Light,
        Some(_) => Theme::Dark,
        None => Theme::Auto,
    };
    prop_assert_eq!(p.theme, expected);
    Ok(())
}

/// Every mode name parses back to its mode (the strategies build on them).
#[test]
fn the_strategies_know_every_name() {
    assert_eq!(strategies::MODE_NAMES.len(), Mode::ALL.len());
    for (name, mode) in strategies::MODE_NAMES.iter().zip(Mode::ALL) {
        assert_eq!(*name, mode.name());
    }
}
