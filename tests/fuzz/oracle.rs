//! What the limits allow, read again here independently of src/form, and what every
//! refusal must say.

use crate::strategies::MARKS;
use offload::form::{Arrivals, DEFAULT_SLICE_MS, FieldError, Form, Key, Mode, Plan, Traffic};
use offload_jobs::{Job, limits};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

pub fn has_marker(text: &str) -> bool {
    text.contains(MARKS.0) || text.contains(MARKS.1)
}

/// The limits' reading of a number: ASCII digits once trimmed (too many is too large).
fn number(raw: &str) -> Option<u64> {
    let text = raw.trim();
    let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| text.parse().unwrap_or(u64::MAX))
}

fn within(raw: &str, min: u32, max: u32) -> Option<u32> {
    let value = number(raw)?;
    (u64::from(min)..=u64::from(max))
        .contains(&value)
        .then_some(value as u32)
}

/// The one plan the limits allow for `form`, or None if any field it uses is wrong.
fn allowed(form: &Form, max_threads: u32) -> Option<Plan> {
    let job = match form.job.as_str() {
        "fib" => Job::Fib {
            n: within(&form.n, 1, 50)?,
        },
        "sort" => Job::Sort {
            len: within(&form.len, 1, 1 << 28)?,
        },
        "hash" => {
            let count = within(&form.count, 1, 4_096)?;
            let iterations = within(&form.iterations, 1, 10_000_000)?;
            if u64::from(count) * u64::from(iterations) > 100_000_000 {
                return None;
            }
            Job::Hash { count, iterations }
        }
        _ => return None,
    };
    let mode = Mode::ALL.into_iter().find(|m| m.name() == form.mode)?;
    let peer_without_code = matches!(
        (mode, form.job.as_str()),
        (Mode::JsMain | Mode::JsWorker, "hash")
            | (Mode::WebCrypto | Mode::WebCryptoAll, "fib" | "sort")
    );
    if peer_without_code {
        return None;
    }
    let threads = match mode {
        Mode::Pool | Mode::MessagePool => within(&form.threads, 1, max_threads.max(1))?,
        _ => 1,
    };
    let transfer = match (mode, form.crossing.as_str()) {
        (Mode::MessagePool, _) if form.job != "sort" => false,
        (Mode::MessagePool, "clone") => false,
        (Mode::MessagePool, "transfer") => true,
        (Mode::MessagePool, _) => return None,
        _ => false,
    };
    let slice_ms = match mode {
        Mode::Chunked => within(&form.slice, 1, 50)?,
        _ => DEFAULT_SLICE_MS,
    };
    let burst = within(&form.burst, 1, 64)?;
    if burst > 1 && mode.is_peer() {
        return None;
    }
    if let Job::Sort { len } = job
        && u64::from(burst) * u64::from(len) * 4 > limits::SORT_MEMORY_BUDGET
    {
        return None;
    }
    let traffic = match form.serve.trim() {
        "" => None,
        serve => {
            let rate_per_s = within(serve, 1, 1_000)?;
            let seconds = within(&form.duration, 1, 60)?;
            let heavy_percent = within(&form.heavy, 0, 100)?;
            let queue = match form.queue.trim() {
                "auto" => Some(threads * threads),
                "unbounded" => None,
                number => Some(within(number, 0, 60_000)?),
            };
            let arrivals = match form.arrivals.trim() {
                "poisson" => Arrivals::Poisson,
                "even" => Arrivals::Even,
                _ => return None,
            };
            // A stream sends its own requests, to Offload's modes.
            if mode.is_peer() || burst > 1 {
                return None;
            }
            Some(Traffic {
                rate_per_s,
                seconds,
                heavy_percent,
                arrivals,
                queue,
            })
        }
    };
    Some(Plan {
        job,
        mode,
        threads,
        transfer,
        slice_ms,
        burst,
        traffic,
    })
}

/// The page's verdict on `form` is the limits' verdict; a refusal is said well.
pub fn check_plan(form: &Form, max_threads: u32) -> Result<(), TestCaseError> {
    let verdict = form.plan(max_threads);
    match (&verdict, allowed(form, max_threads)) {
        (Ok(plan), Some(allowed)) => prop_assert_eq!(plan, &allowed),
        (Err(errors), None) => {
            prop_assert!(!errors.is_empty());
            for error in errors {
                check_refusal(form, max_threads, error)?;
            }
        }
        (_, allowed) => prop_assert!(
            false,
            "the page says {verdict:?}, the limits {allowed:?}, for {form:?} on {max_threads} threads"
        ),
    }
    Ok(())
}

/// The fields the chosen job and mode read (a bad value elsewhere must not block Run).
fn used(form: &Form, key: Key) -> bool {
    let mode = Mode::ALL.into_iter().find(|m| m.name() == form.mode);
    match key {
        Key::Job | Key::Mode | Key::Burst => true,
        Key::N => form.job == "fib",
        Key::Len => form.job == "sort",
        Key::Count | Key::Iterations => form.job == "hash",
        Key::Threads => matches!(mode, Some(Mode::Pool | Mode::MessagePool)),
        Key::Crossing => mode == Some(Mode::MessagePool) && form.job == "sort",
        Key::Slice => mode == Some(Mode::Chunked),
        Key::Serve => true,
        Key::Duration | Key::Heavy | Key::Queue | Key::Arrivals => !form.serve.trim().is_empty(),
    }
}

/// "<key> must be <range>…": the field and what it may be; never the value, except the
/// number the limits read from it ("51 is out of range").
fn check_refusal(form: &Form, max_threads: u32, error: &FieldError) -> Result<(), TestCaseError> {
    let (key, message) = (error.key, error.message.as_str());
    prop_assert!(
        used(form, key),
        "{key:?} is not used by {form:?}: {message}"
    );
    let said = format!("{} must be ", key.name());
    let range = message.split_once(&said).map(|(_, range)| range);
    prop_assert!(
        range.is_some_and(|r| [
            "a whole number from ",
            "from ",
            "one of ",
            "1)",
            "1 while",
            "empty for",
            "at most "
        ]
        .iter()
        .any(|start| r.starts_with(start))),
        "{key:?}: {message}"
    );
    prop_assert!(!has_marker(message), "{key:?} echoed its value: {message}");
    let raw = form.field(key);
    if number(raw).is_none() && message.contains(raw) {
        // Text the message holds anyway (a mode's own name, a word of the template) is not
        // an echo: the message for a value that is surely not in it must hold it too.
        let mut neutral = form.clone();
        *neutral.field_mut(key) = "\u{1}".into();
        let errors = neutral.plan(max_threads).err().unwrap_or_default();
        let again = errors
            .iter()
            .find(|e| e.key == key)
            .map(|e| e.message.as_str());
        prop_assert!(
            again.is_some_and(|m| m.contains(raw)),
            "{key:?} echoed {raw:?}: {message}"
        );
    }
    Ok(())
}
