//! The form as the user wrote it (raw text, so a bad value stays visible until fixed),
//! its round trip through the URL query, and its validation into a runnable plan.
//! Pure logic: no browser types, tested natively.

mod key;
mod mode;
mod plan;
#[cfg(test)]
mod tests;
mod traffic;

pub use key::{Directive, FieldError, Key};
pub use mode::{Mode, unavailable_for};
pub use plan::{Plan, threads_limit};
pub use traffic::{Arrivals, Traffic};

use offload_jobs::wire::Fault;

/// How a message-pool hands bulk data across: copied, or moved.
pub const CROSSINGS: [&str; 2] = ["clone", "transfer"];

/// The jobs' names, in the order the picker shows them.
pub const JOB_NAMES: [&str; 3] = ["fib", "sort", "hash"];

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
    /// Traffic: requests a second; empty, Run runs one job (src/form/traffic.rs).
    pub serve: String,
    /// Traffic: seconds the stream lasts.
    pub duration: String,
    /// Traffic: the percentage of requests that are `/heavy`.
    pub heavy: String,
    /// Traffic: `auto`, `unbounded`, or the most `/heavy` requests that may wait.
    pub queue: String,
    /// Traffic: `poisson` or `even`.
    pub arrivals: String,
}

/// What the URL asks beyond the form itself, read once: a reload should not run again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Directives {
    pub autorun: bool,
    /// Always None in the released site: only the test build reads `fault`.
    pub fault: Option<Fault>,
}

/// `chunked`'s slice when the URL names none: short enough that a frame (16.7 ms at 60 Hz)
/// fits between two yields with room for painting.
pub const DEFAULT_SLICE_MS: u32 = 5;

/// A value longer than this is cut when read from the URL: a pasted megabyte should not
/// become a megabyte-wide input.
pub const MAX_VALUE_CHARS: usize = 64;

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
            serve: String::new(),
            duration: "10".into(),
            heavy: "20".into(),
            queue: "auto".into(),
            arrivals: "poisson".into(),
        }
    }

    pub fn field_mut(&mut self, key: Key) -> &mut String {
        match key {
            Key::Job => &mut self.job,
            Key::N => &mut self.n,
            Key::Len => &mut self.len,
            Key::Count => &mut self.count,
            Key::Iterations => &mut self.iterations,
            Key::Mode => &mut self.mode,
            Key::Threads => &mut self.threads,
            Key::Crossing => &mut self.crossing,
            Key::Slice => &mut self.slice,
            Key::Burst => &mut self.burst,
            Key::Serve => &mut self.serve,
            Key::Duration => &mut self.duration,
            Key::Heavy => &mut self.heavy,
            Key::Queue => &mut self.queue,
            Key::Arrivals => &mut self.arrivals,
        }
    }

    pub fn field(&self, key: Key) -> &str {
        match key {
            Key::Job => &self.job,
            Key::N => &self.n,
            Key::Len => &self.len,
            Key::Count => &self.count,
            Key::Iterations => &self.iterations,
            Key::Mode => &self.mode,
            Key::Threads => &self.threads,
            Key::Crossing => &self.crossing,
            Key::Slice => &self.slice,
            Key::Burst => &self.burst,
            Key::Serve => &self.serve,
            Key::Duration => &self.duration,
            Key::Heavy => &self.heavy,
            Key::Queue => &self.queue,
            Key::Arrivals => &self.arrivals,
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
        for (name, value) in pairs {
            if let Some(key) = Key::from_name(name) {
                *form.field_mut(key) = value.chars().take(MAX_VALUE_CHARS).collect();
                continue;
            }
            match Directive::from_name(name) {
                Some(Directive::Autorun) => directives.autorun = value == "1",
                #[cfg(feature = "test-hooks")]
                Some(Directive::Fault) => directives.fault = Fault::from_directive(value),
                _ => {}
            }
        }
        (form, directives)
    }

    /// The pairs to write back into the URL: every field, in [`Key::ALL`]'s order, but the
    /// traffic fields (`serve` and those only a stream reads) only where they differ from
    /// their defaults, so a link to one job stays as short as before; a key left out reads
    /// back as its default, so the address still carries the whole form.
    pub fn to_query(&self) -> Vec<(&'static str, &str)> {
        let defaults = Form::defaults(1);
        Key::ALL
            .into_iter()
            .filter(|&key| {
                let traffic = key == Key::Serve || Key::TRAFFIC.contains(&key);
                !traffic || self.field(key) != defaults.field(key)
            })
            .map(|key| (key.name(), self.field(key)))
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
}
