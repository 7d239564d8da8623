//! The form as the user wrote it (raw text, so a bad value stays visible until fixed),
//! its round trip through the URL query, and its validation into a runnable plan.
//! Pure logic: no browser types, tested natively.

use offload_jobs::Job;
use offload_jobs::limits::{self, Limit, ParamError};
use offload_jobs::wire::Fault;

/// Where a job runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Synchronously on the page's main thread: the page freezes, on purpose.
    Main,
    /// The same job in an `async` function, awaited on the main thread: it freezes exactly
    /// like `Main`, because the work never yields.
    Async,
    /// On the main thread in slices of `slice` ms, yielding to the event loop between them.
    Chunked,
    /// In one dedicated worker running its own instance of the page's module.
    Worker,
    /// In a new worker for every run (the anti-pattern a pool avoids): pays the start-up.
    Spawn,
    /// Split into tasks across workers that share no memory; data crosses as messages.
    MessagePool,
    /// On the engine's rayon pool over shared memory, in its own worker.
    Pool,
    /// Peer: the job in plain JavaScript on the page's main thread (freezes it, like `Main`).
    JsMain,
    /// Peer: the job in plain JavaScript in a worker.
    JsWorker,
    /// Peer: WebCrypto's PBKDF2, one password at a time (each awaited before the next).
    WebCrypto,
    /// Peer: WebCrypto's PBKDF2, every password at once, awaited with `Promise.all`.
    WebCryptoAll,
}

impl Mode {
    /// Offload's own modes, then the peers (the browser's own code, for comparison).
    pub const ALL: [Mode; 11] = [
        Mode::Main,
        Mode::Async,
        Mode::Chunked,
        Mode::Worker,
        Mode::Spawn,
        Mode::MessagePool,
        Mode::Pool,
        Mode::JsMain,
        Mode::JsWorker,
        Mode::WebCrypto,
        Mode::WebCryptoAll,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Mode::Main => "main",
            Mode::Async => "async",
            Mode::Chunked => "chunked",
            Mode::Worker => "worker",
            Mode::Spawn => "spawn",
            Mode::MessagePool => "message-pool",
            Mode::Pool => "pool",
            Mode::JsMain => "js-main",
            Mode::JsWorker => "js-worker",
            Mode::WebCrypto => "webcrypto",
            Mode::WebCryptoAll => "webcrypto-all",
        }
    }

    /// A peer runs the browser's own code for the job rather than Offload's.
    pub fn is_peer(self) -> bool {
        matches!(
            self,
            Mode::JsMain | Mode::JsWorker | Mode::WebCrypto | Mode::WebCryptoAll
        )
    }

    /// The job's run blocks the page's main thread.
    pub fn blocks_main_thread(self) -> bool {
        matches!(self, Mode::Main | Mode::Async | Mode::JsMain)
    }

    fn parse(raw: &str) -> Result<Mode, ParamError> {
        Mode::ALL
            .into_iter()
            .find(|m| m.name() == raw)
            .ok_or_else(|| ParamError {
                param: "mode",
                message: format!(
                    "mode must be one of {}",
                    Mode::ALL.map(Mode::name).join(", ")
                ),
            })
    }

    /// Whether the mode runs on several threads, sized by `threads`.
    pub fn has_threads(self) -> bool {
        matches!(self, Mode::MessagePool | Mode::Pool)
    }
}

/// How a message-pool hands bulk data across: copied, or moved.
pub const CROSSINGS: [&str; 2] = ["clone", "transfer"];

/// The jobs' names, in the order the picker shows them.
pub const JOB_NAMES: [&str; 3] = ["fib", "sort", "hash"];

/// Every URL parameter the page reads, in the order it writes them back. `autorun` and the
/// test-only `fault` are read once and not written back: a reload should not run again.
pub const QUERY_KEYS: [&str; 10] = [
    "job",
    "n",
    "len",
    "count",
    "iterations",
    "mode",
    "threads",
    "crossing",
    "slice",
    "burst",
];

/// The form's fields as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    pub job: String,
    pub n: String,
    pub len: String,
    pub count: String,
    pub iterations: String,
    pub mode: String,
    pub threads: String,
    /// `clone` or `transfer`: how a message-pool's sort hands its arrays across.
    pub crossing: String,
    /// `chunked`: the milliseconds of work between two yields to the event loop.
    pub slice: String,
    /// How many copies of the job are submitted at once.
    pub burst: String,
}

/// A valid form: what Run will do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub job: Job,
    pub mode: Mode,
    /// Threads of a pool or a message-pool; 1 for the other modes.
    pub threads: u32,
    /// A message-pool moves bulk data by transfer rather than copying it.
    pub transfer: bool,
    /// `chunked`: work between two yields, in ms (the default elsewhere, unused).
    pub slice_ms: u32,
    /// Copies of the job submitted at once (1: a single run).
    pub burst: u32,
}

/// What the URL asks beyond the form itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Directives {
    pub autorun: bool,
    pub fault: Option<Fault>,
}

/// `chunked`'s slice when the URL names none: short enough that a frame (16.7 ms at 60 Hz)
/// fits between two yields with room for painting.
pub const DEFAULT_SLICE_MS: u32 = 5;

fn keep_err(result: Result<u32, ParamError>, errors: &mut Vec<ParamError>) -> Option<u32> {
    result.map_err(|e| errors.push(e)).ok()
}

/// The `threads` limit depends on the machine, so it is built at run time.
pub fn threads_limit(max_threads: u32) -> Limit {
    Limit {
        param: "threads",
        min: 1,
        max: max_threads.max(1),
        why: "the logical cores this browser reports",
    }
}

/// A burst that can run: peers run one copy, and a sort's copies, which may run at once,
/// must each fit their array (4 bytes an element) in the sort's memory budget together.
fn check_burst(burst: u32, mode: Option<Mode>, job: Option<&Job>) -> Result<u32, ParamError> {
    let error = |message: String| ParamError {
        param: "burst",
        message,
    };
    if burst > 1 && mode.is_some_and(Mode::is_peer) {
        return Err(error(
            "burst applies to Offload's modes; peers run one copy (burst must be 1)".into(),
        ));
    }
    if let Some(&Job::Sort { len }) = job {
        let budget = limits::SORT_MEMORY_BUDGET;
        let most = (budget / (u64::from(len) * 4)).min(limits::BURST.max.into());
        if u64::from(burst) > most {
            return Err(error(format!(
                "burst must be from 1 to {most} for a sort of len {len}: the copies' arrays \
                 (burst × len × 4 bytes) must fit in 1 GiB of memory together"
            )));
        }
    }
    Ok(burst)
}

impl Form {
    /// Defaults that take one to two seconds on one core of a 2-core machine in Chromium:
    /// long enough to feel the freeze, short enough to try every mode.
    pub fn defaults(max_threads: u32) -> Form {
        Form {
            job: "fib".into(),
            n: "43".into(),
            len: "20000000".into(),
            count: "32".into(),
            iterations: "100000".into(),
            mode: "worker".into(),
            threads: max_threads.max(1).to_string(),
            crossing: "clone".into(),
            slice: DEFAULT_SLICE_MS.to_string(),
            burst: "1".into(),
        }
    }

    /// The field called `key`, if there is one.
    pub fn field_mut(&mut self, key: &str) -> Option<&mut String> {
        Some(match key {
            "job" => &mut self.job,
            "n" => &mut self.n,
            "len" => &mut self.len,
            "count" => &mut self.count,
            "iterations" => &mut self.iterations,
            "mode" => &mut self.mode,
            "threads" => &mut self.threads,
            "crossing" => &mut self.crossing,
            "slice" => &mut self.slice,
            "burst" => &mut self.burst,
            _ => return None,
        })
    }

    pub fn field(&self, key: &str) -> &str {
        match key {
            "job" => &self.job,
            "n" => &self.n,
            "len" => &self.len,
            "count" => &self.count,
            "iterations" => &self.iterations,
            "mode" => &self.mode,
            "threads" => &self.threads,
            "crossing" => &self.crossing,
            "slice" => &self.slice,
            "burst" => &self.burst,
            _ => "",
        }
    }

    /// Reads the query's pairs over the defaults. Unknown keys are ignored; values are
    /// kept as text (never markup) and judged by [`Form::plan`].
    pub fn from_query<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        max_threads: u32,
    ) -> (Form, Directives) {
        let mut form = Form::defaults(max_threads);
        let mut directives = Directives::default();
        for (key, value) in pairs {
            match key {
                "autorun" => directives.autorun = value == "1",
                "fault" => directives.fault = Fault::from_directive(value),
                _ => {
                    if let Some(field) = form.field_mut(key) {
                        // A pasted megabyte should not become a megabyte-wide input.
                        *field = value.chars().take(64).collect();
                    }
                }
            }
        }
        (form, directives)
    }

    /// The pairs to write back into the URL.
    pub fn to_query(&self) -> Vec<(&'static str, &str)> {
        QUERY_KEYS
            .iter()
            .map(|&key| (key, self.field(key)))
            .collect()
    }

    /// The mode, if the text names one (the picker works even while a job field is wrong).
    pub fn mode(&self) -> Option<Mode> {
        Mode::parse(&self.mode).ok()
    }

    /// A link asked for `pool` on a page that is not cross-origin isolated (`not_isolated`
    /// says why): choose `message-pool`, which needs no shared memory, and return the notice
    /// that says so. Called once, at start-up: the page never switches modes silently.
    pub fn fall_back_from_pool(
        &mut self,
        not_isolated: Option<&str>,
        framed: bool,
    ) -> Option<String> {
        let why = not_isolated.filter(|_| self.mode() == Some(Mode::Pool))?;
        self.mode = Mode::MessagePool.name().into();
        let page = if framed { "frame" } else { "page" };
        Some(format!(
            "The pool needs a cross-origin isolated page, which this {page} is not ({why}); \
             running on message-pool instead, which needs no shared memory."
        ))
    }

    /// Every problem with the fields that the chosen job and mode use, or the plan.
    pub fn plan(&self, max_threads: u32) -> Result<Plan, Vec<ParamError>> {
        let mut errors = Vec::new();
        let mut keep = |result: Result<u32, ParamError>| result.map_err(|e| errors.push(e)).ok();
        let job = match self.job.as_str() {
            "fib" => keep(limits::FIB_N.parse(&self.n)).map(|n| Job::Fib { n }),
            "sort" => keep(limits::SORT_LEN.parse(&self.len)).map(|len| Job::Sort { len }),
            "hash" => {
                let count = keep(limits::HASH_COUNT.parse(&self.count));
                let iterations = keep(limits::HASH_ITERATIONS.parse(&self.iterations));
                match (count, iterations) {
                    (Some(count), Some(iterations)) => {
                        keep(limits::check_hash_total(count, iterations).map(|()| iterations))
                            .map(|iterations| Job::Hash { count, iterations })
                    }
                    _ => None,
                }
            }
            _ => {
                let message = "job must be one of fib, sort, hash".into();
                errors.push(ParamError {
                    param: "job",
                    message,
                });
                None
            }
        };
        let mode = Mode::parse(&self.mode).map_err(|e| errors.push(e)).ok();
        // A peer exists for some jobs only; the picker shows the others disabled.
        if let Some(why) = mode.and_then(|m| crate::peers::unavailable_for(m, &self.job)) {
            let mode = self.mode.as_str();
            errors.push(ParamError {
                param: "mode",
                message: format!("{mode} cannot run {}: {why}", self.job),
            });
        }
        let threads = match mode {
            Some(mode) if mode.has_threads() => threads_limit(max_threads)
                .parse(&self.threads)
                .map_err(|e| errors.push(e))
                .ok(),
            _ => Some(1),
        };
        // Only a message-pool reads `crossing`; elsewhere nothing crosses in bulk.
        let transfer = match self.crossing.as_str() {
            _ if mode != Some(Mode::MessagePool) => false,
            "clone" => false,
            "transfer" => true,
            _ => {
                errors.push(ParamError {
                    param: "crossing",
                    message: "crossing must be one of clone, transfer".into(),
                });
                false
            }
        };
        // Only `chunked` slices its work; elsewhere a bad slice must not block Run.
        let slice_ms = match mode {
            Some(Mode::Chunked) => keep_err(limits::SLICE_MS.parse(&self.slice), &mut errors),
            _ => Some(DEFAULT_SLICE_MS),
        };
        let burst = keep_err(limits::BURST.parse(&self.burst), &mut errors)
            .and_then(|burst| keep_err(check_burst(burst, mode, job.as_ref()), &mut errors));
        match (job, mode, threads, slice_ms, burst) {
            (Some(job), Some(mode), Some(threads), Some(slice_ms), Some(burst))
                if errors.is_empty() =>
            {
                Ok(Plan {
                    job,
                    mode,
                    threads,
                    transfer,
                    slice_ms,
                    burst,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &[(&str, &str)]) -> (Form, Directives) {
        Form::from_query(query.iter().copied(), 2)
    }

    #[test]
    fn defaults_make_a_valid_plan() {
        let plan = Form::defaults(2).plan(2).unwrap();
        assert_eq!(
            plan,
            Plan {
                job: Job::Fib { n: 43 },
                mode: Mode::Worker,
                threads: 1,
                transfer: false,
                slice_ms: DEFAULT_SLICE_MS,
                burst: 1,
            }
        );
    }

    #[test]
    fn the_query_sets_fields_and_directives() {
        let (form, directives) = parse(&[
            ("job", "hash"),
            ("count", "8"),
            ("iterations", "1000"),
            ("mode", "pool"),
            ("threads", "2"),
            ("autorun", "1"),
            ("fault", "panic"),
        ]);
        let plan = form.plan(2).unwrap();
        assert_eq!(
            plan,
            Plan {
                job: Job::Hash {
                    count: 8,
                    iterations: 1000
                },
                mode: Mode::Pool,
                threads: 2,
                transfer: false,
                slice_ms: DEFAULT_SLICE_MS,
                burst: 1,
            }
        );
        assert_eq!(
            directives,
            Directives {
                autorun: true,
                fault: Some(Fault::Panic)
            }
        );
    }

    #[test]
    fn bad_values_are_named_and_only_relevant_ones_count() {
        let (form, _) = parse(&[
            ("job", "fib"),
            ("n", "<b>x</b>"),
            ("len", "oops"),
            ("mode", "main"),
        ]);
        let errors = form.plan(2).unwrap_err();
        assert_eq!(errors.len(), 1, "len is not used by fib: {errors:?}");
        assert_eq!(errors[0].param, "n");
        assert!(
            !errors[0].message.contains("<b>"),
            "raw input is never echoed"
        );
        let (form, _) = parse(&[("job", "nope"), ("mode", "gpu")]);
        let params: Vec<_> = form.plan(2).unwrap_err().iter().map(|e| e.param).collect();
        assert_eq!(params, ["job", "mode"]);
    }

    #[test]
    fn threads_are_bounded_by_the_machine_only_in_pool_mode() {
        let (form, _) = parse(&[("mode", "pool"), ("threads", "3")]);
        assert!(form.plan(2).unwrap_err()[0].message.contains("from 1 to 2"));
        assert_eq!(form.plan(4).unwrap().threads, 3);
        let (form, _) = parse(&[("mode", "worker"), ("threads", "99")]);
        assert!(form.plan(2).is_ok());
    }

    #[test]
    fn the_query_round_trips() {
        let (form, _) = parse(&[
            ("job", "sort"),
            ("len", "12345"),
            ("mode", "main"),
            ("unknown", "x"),
        ]);
        let query = form.to_query();
        let (again, directives) = Form::from_query(query.iter().map(|&(k, v)| (k, v)), 2);
        assert_eq!(form, again);
        assert_eq!(directives, Directives::default());
    }

    #[test]
    fn only_a_pool_that_cannot_run_falls_back_and_says_why() {
        let (mut form, _) = parse(&[("mode", "pool")]);
        assert_eq!(
            form.fall_back_from_pool(None, true),
            None,
            "isolated: stays"
        );
        assert_eq!(form.mode(), Some(Mode::Pool));
        let notice = form.fall_back_from_pool(Some("no headers"), true).unwrap();
        assert_eq!(form.mode(), Some(Mode::MessagePool));
        assert!(
            notice.contains("this frame is not (no headers)"),
            "{notice}"
        );
        let (mut form, _) = parse(&[("mode", "worker")]);
        assert_eq!(form.fall_back_from_pool(Some("no headers"), false), None);
        assert_eq!(form.mode(), Some(Mode::Worker));
    }

    #[test]
    fn peers_round_trip_and_refuse_jobs_they_have_no_code_for() {
        for mode in ["js-main", "js-worker", "webcrypto", "webcrypto-all"] {
            let job = if mode.starts_with("js") {
                "sort"
            } else {
                "hash"
            };
            let (form, _) = parse(&[("job", job), ("mode", mode)]);
            let plan = form.plan(2).unwrap();
            assert_eq!(plan.mode.name(), mode);
            assert!(plan.mode.is_peer());
            assert_eq!(plan.threads, 1, "peers take no thread count");
            let query = form.to_query();
            let (again, _) = Form::from_query(query.iter().map(|&(k, v)| (k, v)), 2);
            assert_eq!(form, again);
        }
        let (form, _) = parse(&[("job", "fib"), ("mode", "webcrypto")]);
        let errors = form.plan(2).unwrap_err();
        assert_eq!(errors[0].param, "mode");
        assert!(errors[0].message.contains("no Fibonacci"), "{errors:?}");
        let (form, _) = parse(&[("mode", "js")]);
        let message = &form.plan(2).unwrap_err()[0].message;
        assert!(
            message.contains(
                "main, async, chunked, worker, spawn, message-pool, pool, js-main, js-worker, \
                 webcrypto, webcrypto-all"
            ),
            "{message}"
        );
    }

    #[test]
    fn long_values_are_cut() {
        let long = "9".repeat(10_000);
        let (form, _) = parse(&[("n", &long)]);
        assert_eq!(form.n.len(), 64);
        assert!(form.plan(2).is_err());
    }

    #[test]
    fn slice_counts_only_in_chunked_and_burst_everywhere() {
        let (form, _) = parse(&[("mode", "worker"), ("slice", "0")]);
        assert_eq!(form.plan(2).unwrap().slice_ms, DEFAULT_SLICE_MS);
        let (form, _) = parse(&[("mode", "chunked"), ("slice", "12")]);
        assert_eq!(form.plan(2).unwrap().slice_ms, 12);
        let (form, _) = parse(&[("mode", "chunked"), ("slice", "51")]);
        let errors = form.plan(2).unwrap_err();
        assert_eq!(errors[0].param, "slice");
        assert!(
            errors[0].message.contains("from 1 to 50"),
            "{}",
            errors[0].message
        );
        let (form, _) = parse(&[("burst", "4")]);
        assert_eq!(form.plan(2).unwrap().burst, 4);
        let (form, _) = parse(&[("burst", "2"), ("job", "sort"), ("mode", "js-worker")]);
        let errors = form.plan(2).unwrap_err();
        assert!(
            errors[0].message.contains("peers run one copy"),
            "{errors:?}"
        );
        let (form, _) = parse(&[("burst", "1"), ("job", "sort"), ("mode", "js-worker")]);
        assert!(form.plan(2).is_ok());
        // 100 million elements are 400 MB: two copies fit in 1 GiB, three do not.
        let (form, _) = parse(&[("burst", "2"), ("job", "sort"), ("len", "100000000")]);
        assert_eq!(form.plan(2).unwrap().burst, 2);
        let (form, _) = parse(&[("burst", "3"), ("job", "sort"), ("len", "100000000")]);
        let errors = form.plan(2).unwrap_err();
        assert_eq!(errors[0].param, "burst");
        assert!(errors[0].message.contains("from 1 to 2"), "{errors:?}");
        for bad in ["0", "65", "-1", "2.5", ""] {
            let (form, _) = parse(&[("burst", bad)]);
            let errors = form.plan(2).unwrap_err();
            assert_eq!(errors[0].param, "burst", "{bad}");
        }
    }
}
