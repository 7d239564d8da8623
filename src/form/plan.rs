//! The form checked into a [`Plan`]: every field the chosen job and mode use, each
//! problem under its field's key.

use super::traffic::{self, Traffic, TrafficFields};
use super::{CROSSINGS, DEFAULT_SLICE_MS, FieldError, Form, JOB_NAMES, Key, Mode};
use offload_jobs::Job;
use offload_jobs::limits::{self, Limit, ParamError};

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
    /// A stream of requests to serve instead of one run (`serve=`); its `/heavy` requests
    /// run `job` in `mode`.
    pub traffic: Option<Traffic>,
}

/// The problems found so far while checking a form, each under its field's key.
#[derive(Default)]
struct Errors(Vec<FieldError>);

impl Errors {
    fn push(&mut self, key: Key, message: String) {
        self.0.push(FieldError { key, message });
    }

    /// The value, or None with the limit's message kept under `key`.
    fn keep(&mut self, key: Key, result: Result<u32, ParamError>) -> Option<u32> {
        result.map_err(|e| self.push(key, e.message)).ok()
    }
}

/// The `threads` limit depends on the machine, so it is built at run time.
pub fn threads_limit(max_threads: u32) -> Limit {
    Limit {
        param: Key::Threads.name(),
        min: 1,
        max: max_threads.max(1),
        why: "the logical cores this browser reports",
    }
}

/// A burst that can run: peers run one copy, and a sort's copies, which may run at once,
/// must each fit their array (4 bytes an element) in the sort's memory budget together.
fn check_burst(burst: u32, mode: Option<Mode>, job: Option<&Job>) -> Result<u32, ParamError> {
    let error = |message: String| ParamError {
        param: Key::Burst.name(),
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
    pub fn plan(&self, max_threads: u32) -> Result<Plan, Vec<FieldError>> {
        let mut errors = Errors::default();
        let job = self.job(&mut errors);
        let mode = Mode::parse(&self.mode).map_err(|e| errors.0.push(e)).ok();
        // A peer exists for some jobs only; the picker shows the others disabled.
        if let Some(why) = mode.and_then(|m| super::unavailable_for(m, &self.job)) {
            let able: Vec<_> = Mode::ALL
                .into_iter()
                .filter(|&m| super::unavailable_for(m, &self.job).is_none())
                .map(Mode::name)
                .collect();
            // Both names are known ones here (parsed, or matched by `unavailable_for`).
            let (mode, job) = (self.mode.as_str(), self.job.as_str());
            let able = able.join(", ");
            errors.push(
                Key::Mode,
                format!("{mode} cannot run {job}: {why}; mode must be one of {able} for {job}"),
            );
        }
        let threads = match mode {
            Some(mode) if mode.has_threads() => errors.keep(
                Key::Threads,
                threads_limit(max_threads).parse(&self.threads),
            ),
            _ => Some(1),
        };
        // Only a message-pool's sort reads `crossing`: elsewhere nothing crosses in bulk,
        // and the toggle (with its error) is shown for that pair only, so a bad value must
        // not block Run where nobody can see why.
        let transfer = match self.crossing.as_str() {
            _ if mode != Some(Mode::MessagePool) || self.job != "sort" => false,
            "clone" => false,
            "transfer" => true,
            _ => {
                let message = format!("crossing must be one of {}", CROSSINGS.join(", "));
                errors.push(Key::Crossing, message);
                false
            }
        };
        // Only `chunked` slices its work; elsewhere a bad slice must not block Run.
        let slice_ms = match mode {
            Some(Mode::Chunked) => errors.keep(Key::Slice, limits::SLICE_MS.parse(&self.slice)),
            _ => Some(DEFAULT_SLICE_MS),
        };
        let burst = errors
            .keep(Key::Burst, limits::BURST.parse(&self.burst))
            .and_then(|burst| errors.keep(Key::Burst, check_burst(burst, mode, job.as_ref())));
        let traffic = self.traffic(&mut errors, mode, threads.unwrap_or(1), burst);
        match (job, mode, threads, slice_ms, burst, traffic) {
            (Some(job), Some(mode), Some(threads), Some(slice_ms), Some(burst), Some(traffic))
                if errors.0.is_empty() =>
            {
                Ok(Plan {
                    job,
                    mode,
                    threads,
                    transfer,
                    slice_ms,
                    burst,
                    traffic,
                })
            }
            _ => Err(errors.0),
        }
    }

    /// The stream to serve (Some(None): none asked), or None with its problems in
    /// `errors`. A stream sends its own requests, so it takes no burst, and it serves
    /// Offload's modes, not the peers (which run one job, for comparison).
    fn traffic(
        &self,
        errors: &mut Errors,
        mode: Option<Mode>,
        threads: u32,
        burst: Option<u32>,
    ) -> Option<Option<Traffic>> {
        let fields = TrafficFields {
            serve: &self.serve,
            duration: &self.duration,
            heavy: &self.heavy,
            queue: &self.queue,
            arrivals: &self.arrivals,
        };
        let traffic = traffic::parse(&fields, threads)
            .map_err(|found| errors.0.extend(found))
            .ok()?;
        if traffic.is_some() && mode.is_some_and(Mode::is_peer) {
            let message = "serve must be empty for a peer: a stream serves Offload's modes \
                           (main to pool), and a peer runs one job";
            errors.push(Key::Serve, message.into());
            return None;
        }
        if traffic.is_some() && burst.is_some_and(|b| b > 1) {
            let message = "burst must be 1 while serve is set: the stream sends its own requests";
            errors.push(Key::Burst, message.into());
            return None;
        }
        Some(traffic)
    }

    /// The job with its parameters, or None with their problems in `errors`.
    fn job(&self, errors: &mut Errors) -> Option<Job> {
        match self.job.as_str() {
            "fib" => errors
                .keep(Key::N, limits::FIB_N.parse(&self.n))
                .map(|n| Job::Fib { n }),
            "sort" => errors
                .keep(Key::Len, limits::SORT_LEN.parse(&self.len))
                .map(|len| Job::Sort { len }),
            "hash" => {
                let count = errors.keep(Key::Count, limits::HASH_COUNT.parse(&self.count));
                let iterations = errors.keep(
                    Key::Iterations,
                    limits::HASH_ITERATIONS.parse(&self.iterations),
                );
                let (count, iterations) = (count?, iterations?);
                let total = limits::check_hash_total(count, iterations).map(|()| iterations);
                errors
                    .keep(Key::Iterations, total)
                    .map(|iterations| Job::Hash { count, iterations })
            }
            _ => {
                let message = format!("job must be one of {}", JOB_NAMES.join(", "));
                errors.push(Key::Job, message);
                None
            }
        }
    }
}
