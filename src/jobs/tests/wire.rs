//! Every message between the page and its workers survives a round trip through JSON (the
//! shape serde-wasm-bindgen builds as JS objects), each as one key naming its variant, and a
//! message without a known variant is refused with an error that says so.

use offload_jobs::progress::PhaseTime;
use offload_jobs::tasks::Task;
use offload_jobs::wire::{Boot, CopyDone, Fault, Message, Reply, Request, Startup, ToWorker};
use offload_jobs::{Job, Outcome};
use std::fmt::Debug;
use std::marker::PhantomData;

/// The round trips of one message type, and the names its variants went by.
struct Trips<T> {
    seen: Vec<&'static str>,
    of: PhantomData<T>,
}

impl<T: Message + PartialEq + Debug> Trips<T> {
    fn new() -> Trips<T> {
        Trips {
            seen: Vec::new(),
            of: PhantomData,
        }
    }

    /// Serialises `message`, checks it is one key naming `variant`, and reads it back equal.
    fn check(&mut self, message: T, variant: &'static str) {
        let json = serde_json::to_value(&message).unwrap();
        let keys: Vec<&String> = json
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        assert_eq!(keys, [variant], "{json}");
        let back: T = serde_json::from_value(json).unwrap();
        assert_eq!(back, message);
        self.seen.push(variant);
    }

    /// Every variant was tried, and the names the type's errors list are exactly theirs.
    fn cover_every_variant(mut self) {
        self.seen.sort_unstable();
        self.seen.dedup();
        let mut listed = T::VARIANTS.to_vec();
        listed.sort_unstable();
        assert_eq!(self.seen, listed);
    }
}

fn outcome() -> Outcome {
    Outcome {
        checksum: "0123456789abcdef".into(),
    }
}

fn phases() -> Vec<PhaseTime> {
    vec![PhaseTime {
        name: "generate".into(),
        ms: 1.5,
    }]
}

#[test]
fn every_boot_round_trips_under_its_name() {
    let mut trips = Trips::new();
    let glue = "./offload.js".to_string();
    trips.check(Boot::PageInstance { glue: glue.clone() }, "page_instance");
    trips.check(Boot::Engine { threads: 4 }, "engine");
    let wasm = "./offload_bg.wasm".to_string();
    trips.check(Boot::Standalone { glue, wasm }, "standalone");
    trips.cover_every_variant();
}

#[test]
fn every_message_to_a_worker_round_trips_under_its_name() {
    let mut trips = Trips::new();
    let job = Job::Hash {
        count: 8,
        iterations: 1000,
    };
    let request = Request {
        id: 7,
        job: job.clone(),
        fault: Some(Fault::Oom),
    };
    trips.check(ToWorker::Run(request), "run");
    let copies = 3;
    trips.check(
        ToWorker::Copies {
            id: 1,
            job: job.clone(),
            copies,
        },
        "copies",
    );
    trips.check(ToWorker::Cancel { id: 2 }, "cancel");
    for task in [
        Task::FibSubtree { n: 30 },
        Task::HashBatch {
            first: 4,
            count: 2,
            iterations: 1000,
        },
        Task::SortChunk { start: 0, len: 9 },
    ] {
        let fault = Some(Fault::Panic);
        trips.check(
            ToWorker::Task {
                id: 3,
                task,
                transfer: true,
                fault,
            },
            "task",
        );
    }
    trips.check(ToWorker::Merge { id: 4 }, "merge");
    trips.check(ToWorker::JsJob { id: 5, job }, "js_job");
    trips.check(ToWorker::Ping { id: 6 }, "ping");
    trips.cover_every_variant();
}

#[test]
fn every_reply_round_trips_under_its_name() {
    let mut trips = Trips::new();
    let startup = Some(Startup {
        script_ms: 1.0,
        fetch_ms: 2.0,
        compile_ms: 3.0,
        instantiate_ms: 4.0,
    });
    trips.check(
        Reply::Ready {
            threads: 2,
            startup,
        },
        "ready",
    );
    trips.check(
        Reply::Ready {
            threads: 1,
            startup: None,
        },
        "ready",
    );
    let (id, compute_ms) = (9, 12.5);
    let done = Reply::Done {
        id,
        outcome: outcome(),
        compute_ms,
        phases: phases(),
    };
    trips.check(done, "done");
    let copy = CopyDone {
        outcome: outcome(),
        started_ms: 0.5,
        finished_ms: 10.0,
        phases: phases(),
    };
    trips.check(
        Reply::CopiesDone {
            id,
            copies: vec![copy],
        },
        "copiesdone",
    );
    let value = Some(832_040);
    trips.check(
        Reply::TaskDone {
            id,
            value,
            compute_ms,
            phases: phases(),
        },
        "taskdone",
    );
    trips.check(
        Reply::Progress {
            id,
            done: 3,
            total: 10,
        },
        "progress",
    );
    trips.check(Reply::Stopped { id }, "stopped");
    let reason = "n must be from 1 to 47".to_string();
    trips.check(
        Reply::Refused {
            id,
            reason: reason.clone(),
        },
        "refused",
    );
    trips.check(Reply::Crashed { reason }, "crashed");
    trips.check(Reply::Pong { id }, "pong");
    trips.check(Reply::PoolOverhead { empty_task_ms: 0.1 }, "pooloverhead");
    trips.cover_every_variant();
}

#[test]
fn jobs_and_tasks_are_tagged_by_their_name() {
    let job = serde_json::to_string(&Job::Fib { n: 41 }).unwrap();
    assert_eq!(job, r#"{"fib":{"n":41}}"#);
    let task = serde_json::to_string(&Task::SortChunk { start: 0, len: 9 }).unwrap();
    assert_eq!(task, r#"{"sort_chunk":{"start":0,"len":9}}"#);
}

/// The error's text as a receiver words it (the page shows it as the run's failure).
fn refusal<T: Message + Debug>(json: &str) -> String {
    serde_json::from_str::<T>(json)
        .map_err(T::unreadable)
        .unwrap_err()
}

#[test]
fn a_message_with_an_unknown_name_is_refused_naming_it() {
    // The old shapes, told apart by their fields, are no longer read as anything.
    let unknown = refusal::<ToWorker>(r#"{"id":1,"job":{"fib":{"n":30}},"fault":null}"#);
    assert!(
        unknown.starts_with("unreadable request: unknown variant `id`"),
        "{unknown}"
    );
    let unknown = refusal::<ToWorker>(r#"{"cancel_all":{"id":1}}"#);
    assert!(
        unknown.contains("unknown variant `cancel_all`"),
        "{unknown}"
    );
    let unknown = refusal::<Reply>(r#"{"kind":"done","id":1}"#);
    assert!(
        unknown.starts_with("unreadable reply: unknown variant `kind`"),
        "{unknown}"
    );
    let unknown = refusal::<Boot>(r#"{"boot":"engine","threads":2}"#);
    assert!(
        unknown.starts_with("unreadable start-up message: unknown variant `boot`"),
        "{unknown}"
    );
    let unknown = serde_json::from_str::<Job>(r#"{"job":"fib","n":30}"#).unwrap_err();
    assert!(
        unknown.to_string().contains("unknown variant `job`"),
        "{unknown}"
    );
}

#[test]
fn a_message_without_a_name_is_refused_saying_what_a_message_is() {
    for missing in ["{}", "null", "7", "[]", r#""""#] {
        let error = refusal::<ToWorker>(missing);
        assert!(
            error.starts_with("unreadable request: "),
            "{missing}: {error}"
        );
        assert!(
            error.ends_with(
                "(expected an object of one key naming its variant: run, copies, cancel, \
                 task, merge, js_job, ping)"
            ),
            "{missing}: {error}"
        );
    }
    // Two keys (a receiver that forgot to set aside what travels beside the value).
    let error = refusal::<Reply>(r#"{"pong":{"id":1},"memory_bytes":65536}"#);
    assert!(error.starts_with("unreadable reply: "), "{error}");
}
