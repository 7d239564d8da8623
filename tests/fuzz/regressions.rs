//! Cases the properties in this directory once failed on, kept by name.

use offload::form::{Form, Key};

fn plan_errors(query: &[(&str, &str)]) -> Vec<offload::form::FieldError> {
    let (form, _) = Form::from_query(query.iter().copied(), 2);
    form.plan(2).unwrap_err()
}

/// A peer asked for a job it has no code for was refused as "webcrypto cannot run fib: …"
/// alone, which named neither the field nor what it may be.
#[test]
fn a_peer_without_the_job_is_refused_naming_mode_and_its_choices() {
    let errors = plan_errors(&[("job", "fib"), ("mode", "webcrypto")]);
    assert_eq!(errors[0].key, Key::Mode);
    let message = &errors[0].message;
    assert!(
        message.starts_with("webcrypto cannot run fib: "),
        "{message}"
    );
    let choices = message.split_once("; mode must be one of ").unwrap().1;
    assert!(choices.starts_with("main, async, "), "{message}");
    assert!(
        !choices.contains("webcrypto"),
        "not a choice for fib: {message}"
    );
}

/// A bad `crossing` with a message-pool fib kept Run disabled while the page showed no
/// error: the toggle (and its error) appears for a sort only (found by
/// tests/e2e/hostile-input). Crossing is read for a message-pool's sort only.
#[test]
fn a_bad_crossing_counts_only_where_the_toggle_is_shown() {
    let fib = [
        ("job", "fib"),
        ("n", "20"),
        ("mode", "message-pool"),
        ("crossing", "<b>"),
    ];
    let (form, _) = Form::from_query(fib.iter().copied(), 2);
    assert!(form.plan(2).is_ok());
    let sort = [
        ("job", "sort"),
        ("len", "1000"),
        ("mode", "message-pool"),
        ("crossing", "<b>"),
    ];
    let errors = plan_errors(&sort);
    assert_eq!(errors[0].key, Key::Crossing);
    assert!(
        errors[0]
            .message
            .starts_with("crossing must be one of clone, transfer")
    );
}
