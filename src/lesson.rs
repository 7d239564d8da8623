//! What a finished run teaches, in two or three sentences built from its own figures ("your
//! click waited 2.4 s: the main thread was busy…"), and the one idea readers most often
//! miss: offloading buys responsiveness, not speed. Pure: the page's note renders it.

use crate::form::Mode;
use crate::runs::verdict::duration;
use crate::runs::{Responsiveness, Run, RunState};

/// Said beside the results whatever ran: a worker slower than `main` is not a failure.
pub const NOT_FASTER: &str = "Offloading is about staying responsive, not about speed: a \
    single worker takes about as long as main (a little longer, for the messages), because \
    it is one core either way. Only a pool, which splits the job over several cores, is \
    faster.";

/// A pool run at least this much quicker than `main` is called faster: under 5 % is
/// within the noise of a shared machine.
const FASTER: f64 = 1.05;

/// The newest finished `main` run of the same job, other than `run`: what "as long as
/// main" means for this job.
fn main_run_ms(run: &Run, history: &[Run]) -> Option<f64> {
    history
        .iter()
        .rev()
        .filter(|r| r.id != run.id && r.plan.mode == Mode::Main && r.plan.job == run.plan.job)
        .find_map(Run::ms)
}

/// ", against 2.1 s on main for the same job", or nothing without such a run.
fn against_main(main_ms: Option<f64>) -> String {
    main_ms.map_or_else(String::new, |m| {
        format!(", against {} on main for the same job", duration(m))
    })
}

/// The blocking modes' first sentence: the click that waited, or the one that would have.
fn blocked(page: &Responsiveness) -> String {
    if page.input.clicks > 0 {
        format!(
            "Your click waited {}: the main thread was busy with the job, and nothing else \
             could run until it ended.",
            duration(page.input.max_delay_ms)
        )
    } else {
        format!(
            "For {} the main thread ran only the job: no frame was painted and no click or \
             timer was handled (press \"click me while it runs\" next time to feel it).",
            duration(page.longest_gap_ms)
        )
    }
}

/// What stayed live while the job ran elsewhere, with the click if there was one.
fn stayed_live(page: &Responsiveness) -> String {
    let click = if page.input.clicks > 0 {
        format!(
            " and your click was handled within {}",
            duration(page.input.max_delay_ms)
        )
    } else {
        String::new()
    };
    format!(
        "What it bought is the page: its longest frame gap was {}{click}.",
        duration(page.longest_gap_ms)
    )
}

/// The sentences for a finished run; none for a run that is going or failed.
pub fn explain(run: &Run, history: &[Run]) -> Vec<String> {
    let (RunState::Done(finished), Some(page)) = (&run.state, run.page) else {
        return Vec::new();
    };
    let took = duration(finished.ms);
    let main = main_run_ms(run, history);
    let mode = run.plan.mode;
    match mode {
        Mode::Main | Mode::Async | Mode::JsMain => {
            let why = match mode {
                Mode::Async => {
                    "Making it async changed nothing: the work never awaits anything pending, \
                     so it never hands the event loop a turn."
                }
                Mode::JsMain => {
                    "Plain JavaScript blocks the same way: what freezes the page is where the \
                     work runs, not its language."
                }
                _ => {
                    "The CSS animation beside the frame counter may have kept moving: the \
                     compositor runs it off the main thread, which is why a spinner can look \
                     alive on a frozen page."
                }
            };
            vec![blocked(&page), why.into()]
        }
        Mode::Chunked => vec![
            format!(
                "The job ran on the main thread in slices of {} ms, yielding to the event loop \
                 between them, so frames kept coming (longest gap {}).",
                run.plan.slice_ms,
                duration(page.longest_gap_ms)
            ),
            format!(
                "It took {took}{}: the yields are what staying live costs when the work \
                 stays on the main thread.",
                against_main(main)
            ),
        ],
        Mode::Worker | Mode::Spawn | Mode::JsWorker => {
            let mut text = vec![
                format!(
                    "The job took {took} in one worker{}: a worker is not faster, it is one \
                     core like the main thread, plus messages.",
                    against_main(main)
                ),
                stayed_live(&page),
            ];
            if mode == Mode::Spawn {
                text.push(
                    "A new worker for every run also pays its start-up (fetch, compile, \
                     instantiate), which a reused worker pays once."
                        .into(),
                );
            }
            text
        }
        Mode::MessagePool | Mode::Pool => {
            let speedup = match main {
                Some(m) if m / finished.ms >= FASTER => {
                    format!(
                        ", {:.2}× faster than main's {}",
                        m / finished.ms,
                        duration(m)
                    )
                }
                Some(m) => format!(
                    ", no faster than main's {} this time (splitting and gathering cost \
                     time, and the cores may have been busy with something else)",
                    duration(m)
                ),
                None => String::new(),
            };
            let mut text = vec![
                format!(
                    "Split over {} threads the job took {took}{speedup}: a pool is the one way \
                     here to be faster as well as live, because it uses several cores.",
                    run.plan.threads
                ),
                stayed_live(&page),
            ];
            if mode == Mode::MessagePool {
                text.push(
                    "Its workers share no memory, so every input and result crossed as a \
                     message (see what crossed above)."
                        .into(),
                );
            }
            text
        }
        Mode::WebCrypto | Mode::WebCryptoAll => {
            vec![crate::peers::lesson(mode).into(), stayed_live(&page)]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runs::test_runs::done;

    #[test]
    fn main_names_the_click_that_waited() {
        let mut run = done(1, Mode::Main, 1, 2400.0);
        let page = run.page.as_mut().unwrap();
        page.input.max_delay_ms = 2400.0;
        let text = explain(&run, &[]);
        assert!(text[0].starts_with("Your click waited 2.4 s: the main thread was busy"));
        assert_eq!(text.len(), 2);
    }

    #[test]
    fn main_without_a_click_says_how_long_nothing_ran() {
        let mut run = done(1, Mode::Async, 1, 1100.0);
        let page = run.page.as_mut().unwrap();
        page.input.clicks = 0;
        page.longest_gap_ms = 1100.0;
        let text = explain(&run, &[]);
        assert!(text[0].starts_with("For 1.1 s the main thread ran only the job"));
        assert!(text[1].contains("async changed nothing"));
    }

    #[test]
    fn a_worker_is_compared_with_main_and_said_not_to_be_faster() {
        let history = vec![
            done(1, Mode::Main, 1, 2000.0),
            done(2, Mode::Worker, 1, 2100.0),
        ];
        let text = explain(&history[1], &history);
        assert!(
            text[0].contains("took 2.1 s in one worker, against 2.0 s on main"),
            "{}",
            text[0]
        );
        assert!(text[0].contains("not faster"));
        assert!(
            text[1].contains("longest frame gap was 17 ms"),
            "{}",
            text[1]
        );
    }

    #[test]
    fn a_pool_gives_its_speedup_over_main_only_when_main_ran() {
        let history = vec![
            done(1, Mode::Main, 1, 2000.0),
            done(2, Mode::Pool, 2, 1000.0),
        ];
        let text = explain(&history[1], &history);
        assert!(
            text[0].contains("2.00× faster than main's 2.0 s"),
            "{}",
            text[0]
        );
        let slower = vec![
            done(1, Mode::Main, 1, 2000.0),
            done(2, Mode::Pool, 2, 2100.0),
        ];
        let text = explain(&slower[1], &slower);
        assert!(
            text[0].contains("no faster than main's 2.0 s"),
            "{}",
            text[0]
        );
        let alone = explain(&history[1], &history[1..]);
        assert!(!alone[0].contains("faster than main"), "{}", alone[0]);
    }

    #[test]
    fn a_run_not_done_has_nothing_to_explain() {
        let mut run = done(1, Mode::Worker, 1, 10.0);
        run.state = RunState::Failed("gone".into());
        assert!(explain(&run, &[]).is_empty());
    }
}
