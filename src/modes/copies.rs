//! What a mode measures of the copies it ran (a burst: `burst=k`) and of the workers it
//! started for them (`spawn`): each copy's span on the page's clock, their arithmetic
//! (queue wait, makespan, the sum of the copies' own times), the checksum they must share.
//! Pure; the runs put it into JSON and words (`crate::runs::burst`, `crate::runs::startup`).

/// One copy, in ms since the burst was submitted (the page's clock).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Span {
    pub submitted_ms: f64,
    /// When its work began: on a worker, when the message was posted to it (or, for the
    /// pool, when a pool thread took it up).
    pub started_ms: f64,
    /// When its result reached the page. On the main thread that is when the whole
    /// blocking stretch ends: no copy's result can be seen or sent before then.
    pub finished_ms: f64,
}

impl Span {
    /// How long it waited for a thread: its start − its submission.
    pub fn queue_wait_ms(&self) -> f64 {
        (self.started_ms - self.submitted_ms).max(0.0)
    }
}

/// Every copy of a burst, in the order they were submitted.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Burst {
    pub spans: Vec<Span>,
    /// Each copy's own time, measured where it ran (a worker, a pool thread, the main thread).
    pub copy_ms: Vec<f64>,
    /// Mode `spawn`: each copy's worker's start-up.
    pub starts: Vec<WorkerStart>,
    /// A single run of the same job in the same mode before this one, if the history has
    /// one: "one copy alone".
    pub alone_ms: Option<f64>,
    /// The reused `worker`'s one start-up, if it was started: `spawn`'s baseline.
    pub reused_start_ms: Option<f64>,
}

impl Burst {
    pub fn copies(&self) -> usize {
        self.spans.len()
    }

    /// From the first submission to the last copy's result: what the last requester waited.
    pub fn makespan_ms(&self) -> f64 {
        let first = self
            .spans
            .iter()
            .map(|s| s.submitted_ms)
            .fold(f64::INFINITY, f64::min);
        let last = self.spans.iter().map(|s| s.finished_ms).fold(0.0, f64::max);
        if self.spans.is_empty() {
            0.0
        } else {
            (last - first).max(0.0)
        }
    }

    pub fn queue_wait_max_ms(&self) -> f64 {
        self.spans
            .iter()
            .map(Span::queue_wait_ms)
            .fold(0.0, f64::max)
    }

    pub fn queue_wait_mean_ms(&self) -> Option<f64> {
        let n = self.spans.len();
        (n > 0).then(|| self.spans.iter().map(Span::queue_wait_ms).sum::<f64>() / n as f64)
    }

    /// The copies' own times added up: the makespan of running them one after another.
    pub fn sum_of_copies_ms(&self) -> f64 {
        self.copy_ms.iter().sum()
    }

    /// Makespan ÷ the sum of the copies' own times: about 1 when they ran one after
    /// another, about 1/threads when they spread over threads.
    pub fn vs_one_after_another(&self) -> Option<f64> {
        let sum = self.sum_of_copies_ms();
        (sum > 0.0).then(|| self.makespan_ms() / sum)
    }

    /// The spread between the first and the last copy's result.
    pub fn finish_spread_ms(&self) -> f64 {
        let finished = self.spans.iter().map(|s| s.finished_ms);
        let first = finished.clone().fold(f64::INFINITY, f64::min);
        let last = finished.fold(0.0, f64::max);
        if self.spans.is_empty() {
            0.0
        } else {
            last - first
        }
    }
}

/// The burst's one checksum: every copy ran the same job, so every copy must agree.
pub fn agreed_checksum<'a>(checksums: impl IntoIterator<Item = &'a str>) -> Result<String, String> {
    let mut checksums = checksums.into_iter();
    let first = checksums.next().ok_or("the burst ran no copy")?;
    match checksums.position(|c| c != first) {
        None => Ok(first.to_string()),
        Some(i) => Err(format!(
            "the copies disagree: copy 1 gave checksum {first}, copy {} another",
            i + 2
        )),
    }
}

/// One fresh worker's start, in ms.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct WorkerStart {
    /// The page's view: from `new Worker` to its `Ready`.
    pub total_ms: f64,
    /// The worker's own view (`performance.now()` from its start): loading its script, then
    /// fetching, compiling and instantiating the module. None if it sent none.
    pub script_ms: Option<f64>,
    pub fetch_ms: Option<f64>,
    pub compile_ms: Option<f64>,
    pub instantiate_ms: Option<f64>,
    /// Which worker this was, counting every worker `spawn` started since the page loaded.
    pub ordinal: u32,
}
