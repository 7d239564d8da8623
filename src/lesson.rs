//! What a finished run teaches, in two or three sentences built from its own figures ("your
//! click waited 2.4 s: the main thread was busy…"), and the one idea readers most often
//! miss: offloading buys responsiveness, not speed. A fixed sentence is said only when the
//! run's own figures agree with it (issue 17). Pure: the page's note renders it.

pub mod traffic;

use crate::form::Mode;
use crate::runs::relative::{BUSY, Relative, relative, times};
use crate::runs::verdict::duration;
use crate::runs::{Responsiveness, Run, RunState};

/// Said beside the results, unless the newest run's figures contradict it.
pub const NOT_FASTER: &str = "Offloading is about staying responsive, not about speed: a \
    single worker takes about as long as main (a little longer, for the messages), because \
    it is one core either way. Only a pool, which splits the job over several cores, can be \
    faster.";

/// A one-thread offloaded run this many times main's time is more than "a little longer".
const A_LITTLE_LONGER: f64 = 1.25;

/// The newest finished `main` run of the same job and copies, other than `run`: what "as
/// long as main" means for this job.
fn main_run_ms(run: &Run, history: &[Run]) -> Option<f64> {
    history
        .iter()
        .rev()
        .filter(|r| {
            r.id != run.id
                && r.plan.mode == Mode::Main
                && r.plan.job == run.plan.job
                && r.plan.burst == run.plan.burst
        })
        .find_map(Run::ms)
}

/// Offloaded, on one thread, by Offload's own code: the runs "a single worker takes about
/// as long as main" is about. A peer runs other code (JavaScript's fib is about 3× the
/// wasm's), so its time against main's says nothing about the machine.
fn one_thread_offloaded(run: &Run) -> bool {
    let mode = run.plan.mode;
    // `spawn` pays a worker's start-up on top, which its own sentence explains.
    let other_code = mode.is_peer() || matches!(mode, Mode::Chunked | Mode::Spawn);
    !mode.blocks_main_thread() && !other_code && run.plan.threads == 1
}

/// The run the note speaks of: the newest run if it ran on one offloaded thread, else the
/// newest such run of the same job before it (after "Run in every mode" the newest is the
/// pool, and the worker's column stands beside the note).
fn one_thread_run<'a>(newest: &'a Run, history: &'a [Run]) -> Option<&'a Run> {
    let alike = |r: &&Run| r.plan.job == newest.plan.job && r.plan.burst == newest.plan.burst;
    std::iter::once(newest)
        .chain(history.iter().rev())
        .filter(alike)
        .find(|r| one_thread_offloaded(r) && r.ms().is_some())
}

/// The "not faster" note under the newest run: the general sentence while the run's figures
/// agree with it (or say nothing against it); else what they do say.
pub fn not_faster(run: Option<&Run>, history: &[Run]) -> String {
    if run.is_some_and(|r| r.plan.traffic.is_some()) {
        return traffic::LATENCY_NOT_SPEED.into();
    }
    let Some(run) = run.and_then(|newest| one_thread_run(newest, history)) else {
        return NOT_FASTER.into();
    };
    let (Some(wall_ms), Some(main_ms)) = (run.ms(), main_run_ms(run, history)) else {
        return NOT_FASTER.into();
    };
    let ratio = wall_ms / main_ms;
    let mode = run.plan.mode.name();
    if ratio >= BUSY {
        format!(
            "This {mode} run took {} against {} on main: {} as long, far more than its messages \
             cost. One thread does the same work wherever it runs, so the machine was busy with \
             something else and these times are unreliable: run both again to compare.",
            duration(wall_ms),
            duration(main_ms),
            times(ratio)
        )
    } else if ratio * A_LITTLE_LONGER < 1.0 {
        format!(
            "Offloading is about staying responsive, not about speed: one thread is one core \
             wherever it runs, so this {mode} run's {} against main's {} came from the \
             machine, not from the worker (a page's first run is slower while the browser \
             optimises the code; a core can be busy). Only a pool, which splits the job over \
             several cores, can be faster.",
            duration(wall_ms),
            duration(main_ms)
        )
    } else if ratio > A_LITTLE_LONGER {
        format!(
            "Offloading is about staying responsive, not about speed: one thread is one core \
             wherever it runs, and this {mode} run took {} main's time (its messages, and \
             perhaps a busy core). Only a pool, which splits the job over several cores, can \
             be faster.",
            times(ratio)
        )
    } else {
        NOT_FASTER.into()
    }
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

/// A pool's first sentence: faster than main only when it was ("a pool is the one way to
/// be faster" beside a pool that was not would contradict the figures beside it).
fn split_sentence(threads: u32, took: &str, wall_ms: f64, main: Option<f64>) -> String {
    let on = if threads == 1 {
        "On 1 thread".to_string()
    } else {
        format!("Split over {threads} threads")
    };
    let Some(m) = main else {
        return format!(
            "{on} the job took {took}; run it on main too to see whether the pool was faster."
        );
    };
    let main_ms = duration(m);
    match relative(m, wall_ms) {
        Relative::Faster(r) if threads > 1 => format!(
            "{on} the job took {took}, {} faster than main's {main_ms}: a pool is the one way \
             here to be faster as well as live, because it uses several cores.",
            times(r)
        ),
        Relative::Faster(r) => format!(
            "{on} the job took {took}, {} faster than main's {main_ms}: one thread is one \
             core either way, so the machine's load differed between the runs.",
            times(r)
        ),
        Relative::AboutAsLong => format!(
            "{on} the job took {took}, about as long as main's {main_ms} this time: splitting \
             and gathering cost time, and the cores may have been busy with something else."
        ),
        Relative::Slower(r) if r >= BUSY => format!(
            "{on} the job took {took}, {} slower than main's {main_ms}: the machine was busy \
             with something else, so these times are unreliable; run both again to compare.",
            times(r)
        ),
        Relative::Slower(r) => format!(
            "{on} the job took {took}, {} slower than main's {main_ms} this time: splitting \
             and gathering cost time, and the cores may have been busy with something else.",
            times(r)
        ),
    }
}

/// The sentences for a finished run; none for a run that is going or failed.
pub fn explain(run: &Run, history: &[Run]) -> Vec<String> {
    let (RunState::Done(_), Some(page)) = (&run.state, run.page) else {
        return Vec::new();
    };
    if let Some(report) = &run.traffic {
        return traffic::explain(run, report, history);
    }
    let Some(wall_ms) = run.ms() else {
        return Vec::new();
    };
    let took = duration(wall_ms);
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
            let first = match main {
                Some(m) if m / wall_ms >= A_LITTLE_LONGER => format!(
                    "The job took {took} in one worker, {} faster than main's {} for the same \
                     job: one core either way, so that difference came from the machine, not \
                     from the worker.",
                    times(m / wall_ms),
                    duration(m)
                ),
                Some(m) if wall_ms / m >= BUSY => format!(
                    "The job took {took} in one worker, {} main's {} for the same job.",
                    times(wall_ms / m),
                    duration(m)
                ),
                _ => format!(
                    "The job took {took} in one worker{}: a worker is not faster, it is one \
                     core like the main thread, plus messages.",
                    against_main(main)
                ),
            };
            let mut text = vec![first, stayed_live(&page)];
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
            let threads = run.plan.threads;
            let mut text = vec![
                split_sentence(threads, &took, wall_ms, main),
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
            text[0].contains("2.0× faster than main's 2.0 s"),
            "{}",
            text[0]
        );
        let slower = vec![
            done(1, Mode::Main, 1, 2000.0),
            done(2, Mode::Pool, 2, 2100.0),
        ];
        let text = explain(&slower[1], &slower);
        assert!(
            text[0].contains("1.05× slower than main's 2.0 s this time"),
            "{}",
            text[0]
        );
        let alone = explain(&history[1], &history[1..]);
        assert!(!alone[0].contains("faster than main"), "{}", alone[0]);
    }

    #[test]
    fn a_pool_no_faster_than_main_is_not_called_the_way_to_be_faster() {
        // Issue 17: "no faster than main's 425 ms this time: a pool is the one way here to
        // be faster".
        for pool_ms in [430.0, 600.0, 900.0] {
            let history = vec![
                done(1, Mode::Main, 1, 425.0),
                done(2, Mode::Pool, 2, pool_ms),
            ];
            let text = explain(&history[1], &history).join(" ");
            assert!(!text.contains("one way here to be faster"), "{text}");
        }
        let busy = vec![
            done(1, Mode::Main, 1, 425.0),
            done(2, Mode::MessagePool, 2, 900.0),
        ];
        let text = explain(&busy[1], &busy);
        assert!(
            text[0].contains("2.1× slower than main's 425 ms: the machine was busy"),
            "{}",
            text[0]
        );
    }

    #[test]
    fn a_worker_far_slower_than_main_is_said_to_be_on_a_busy_machine() {
        // Issue 17: the bold "a single worker takes about as long as main" under a worker
        // at 887 ms against main's 425.
        let history = vec![
            done(1, Mode::Main, 1, 425.0),
            done(2, Mode::Worker, 1, 887.0),
        ];
        let note = not_faster(history.last(), &history);
        assert!(!note.contains("about as long as main"), "{note}");
        assert!(
            note.contains("887 ms against 425 ms on main: 2.1× as long"),
            "{note}"
        );
        assert!(
            note.contains("busy") && note.contains("unreliable"),
            "{note}"
        );
        let text = explain(&history[1], &history);
        assert!(!text[0].contains("plus messages"), "{}", text[0]);
        assert!(text[0].contains("2.1× main's 425 ms"), "{}", text[0]);
    }

    #[test]
    fn a_worker_much_faster_than_main_is_not_said_to_be_not_faster() {
        // Seen: main's first run of the page 633 ms, then a worker 483 ms, under "a worker
        // is not faster" and "a single worker takes about as long as main".
        let history = vec![
            done(1, Mode::Main, 1, 633.0),
            done(2, Mode::Worker, 1, 483.0),
        ];
        let text = explain(&history[1], &history);
        assert!(!text[0].contains("not faster"), "{}", text[0]);
        assert!(
            text[0].contains("1.31× faster than main's 633 ms"),
            "{}",
            text[0]
        );
        let note = not_faster(history.last(), &history);
        assert!(!note.contains("about as long as main"), "{note}");
        assert!(
            note.contains("483 ms against main's 633 ms came from the machine"),
            "{note}"
        );
    }

    #[test]
    fn after_every_mode_the_note_speaks_of_the_worker_beside_it() {
        // Issue 17: the sequence ends on the pool; the worker's 887 ms against main's 425
        // stands in the comparison above the note.
        let history = vec![
            done(1, Mode::Main, 1, 425.0),
            done(2, Mode::Worker, 1, 887.0),
            done(3, Mode::Spawn, 1, 990.0),
            done(4, Mode::Pool, 2, 300.0),
        ];
        let note = not_faster(history.last(), &history);
        assert!(
            note.contains("This worker run took 887 ms against 425 ms"),
            "{note}"
        );
    }

    #[test]
    fn the_general_note_stands_where_the_figures_agree_or_say_nothing() {
        assert_eq!(not_faster(None, &[]), NOT_FASTER);
        let history = vec![
            done(1, Mode::Main, 1, 500.0),
            done(2, Mode::Worker, 1, 560.0),
            done(3, Mode::Pool, 2, 300.0),
        ];
        assert_eq!(not_faster(Some(&history[1]), &history), NOT_FASTER);
        // Only one-thread offloaded runs of Offload's code are what the sentence speaks of.
        assert_eq!(not_faster(Some(&history[2]), &history), NOT_FASTER);
        let peer = vec![
            done(1, Mode::Main, 1, 500.0),
            done(2, Mode::JsWorker, 1, 1500.0),
        ];
        assert_eq!(not_faster(peer.last(), &peer), NOT_FASTER);
        assert_eq!(not_faster(Some(&history[0]), &history), NOT_FASTER);
        let longer = vec![done(1, Mode::Main, 1, 500.0), done(2, Mode::Pool, 1, 690.0)];
        let note = not_faster(longer.last(), &longer);
        assert!(
            note.contains("this pool run took 1.38× main's time"),
            "{note}"
        );
        assert!(!note.contains("about as long as main"), "{note}");
    }

    #[test]
    fn a_run_not_done_has_nothing_to_explain() {
        let mut run = done(1, Mode::Worker, 1, 10.0);
        run.state = RunState::Failed("gone".into());
        assert!(explain(&run, &[]).is_empty());
    }
}
