//! What each parameter may be, and why: limits follow from what fits in a wasm32 module's
//! memory and from what finishes while someone is still watching.

use std::fmt;

/// An inclusive range of whole numbers for one named parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    /// The parameter's name, as the URL and the form spell it.
    pub param: &'static str,
    pub min: u32,
    pub max: u32,
    /// Where the maximum comes from, said to the user beside the range.
    pub why: &'static str,
}

/// A parameter that is not a whole number in its range, with a message naming both.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError {
    pub param: &'static str,
    pub message: String,
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParamError {}

/// fib(42) took 0.69 to 0.83 s in wasm in Chromium on this project's 2-core machines, and
/// each step up multiplies the time by 1.6: fib(50) is 32 to 39 s on one core, the most
/// worth waiting for.
pub const FIB_N: Limit = Limit {
    param: "n",
    min: 1,
    max: 50,
    why: "fib(50) takes over 30 s on one core",
};

/// Bytes the sort's data may take: wasm32 memory ends at 4 GiB and the engine declares
/// 2 GiB, of which the pool's stacks and the allocator's slack need a share. The sort
/// works in place; only the pool's form takes a second array, and only for sorts of up to
/// 128 Mi numbers (`radix::parallel::SCRATCH_MAX_LEN`), so data and scratch stay in 1 GiB.
pub const SORT_MEMORY_BUDGET: u64 = 1 << 30;

pub const SORT_LEN: Limit = Limit {
    param: "len",
    min: 1,
    max: (SORT_MEMORY_BUDGET / 4) as u32,
    why: "4 bytes each must fit in 1 GiB of the module's memory",
};

pub const HASH_COUNT: Limit = Limit {
    param: "count",
    min: 1,
    max: 4096,
    why: "one key is kept per password",
};

pub const HASH_ITERATIONS: Limit = Limit {
    param: "iterations",
    min: 1,
    max: 10_000_000,
    why: "10 million iterations take several seconds per password",
};

/// `chunked`'s slice: the work done between two yields to the event loop. Past 50 ms a
/// slice is a long task of its own (the browser's threshold), and the page stutters.
pub const SLICE_MS: Limit = Limit {
    param: "slice",
    min: 1,
    max: 50,
    why: "a slice over 50 ms is a long task that the page feels",
};

/// Copies of a job submitted at once, as requests reach a server at once.
pub const BURST: Limit = Limit {
    param: "burst",
    min: 1,
    max: 64,
    why: "64 copies at once are already a long queue on any machine",
};

/// Traffic (`serve`): requests a second sent to the page. A `/light` request costs the
/// main thread a few microseconds, so 1,000 a second leave it mostly idle while it keeps
/// up; more would measure the messaging, not the event loop.
pub const SERVE_RATE: Limit = Limit {
    param: "serve",
    min: 1,
    max: 1000,
    why: "requests per second; past 1,000 the messages themselves are the load",
};

/// Traffic: how long the stream lasts, in seconds.
pub const SERVE_SECONDS: Limit = Limit {
    param: "duration",
    min: 1,
    max: 60,
    why: "seconds; a minute of requests is 60,000 at most, each one kept and measured",
};

/// Traffic: the share of requests that are `/heavy`, in percent.
pub const HEAVY_PERCENT: Limit = Limit {
    param: "heavy",
    min: 0,
    max: 100,
    why: "a percentage of the requests",
};

/// Traffic: the most `/heavy` requests that may wait for a thread (Piscina's `maxQueue`).
pub const QUEUE_LEN: Limit = Limit {
    param: "queue",
    min: 0,
    max: 60_000,
    why: "or auto, threads squared as Piscina's maxQueue, or unbounded",
};

/// count × iterations: past this a hash job runs for minutes on one core.
pub const HASH_TOTAL_ITERATIONS: u64 = 100_000_000;

impl Limit {
    /// Ok when `value` is in range; otherwise the message the page shows beside the field.
    pub fn check(&self, value: u64) -> Result<(), ParamError> {
        if (u64::from(self.min)..=u64::from(self.max)).contains(&value) {
            Ok(())
        } else {
            Err(self.error(&format!("{value} is out of range")))
        }
    }

    /// Parses a URL or form value: ASCII digits only (no sign, no exponent), then the range.
    pub fn parse(&self, raw: &str) -> Result<u32, ParamError> {
        let text = raw.trim();
        if text.is_empty() {
            return Err(self.error("it is empty"));
        }
        if !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(self.error("it is not a whole number"));
        }
        // Too many digits for u64 is out of range too, not a different kind of mistake.
        let value = text.parse::<u64>().unwrap_or(u64::MAX);
        self.check(value)?;
        Ok(value as u32)
    }

    /// "n must be a whole number from 1 to 50 (…); it is empty": the parameter, the
    /// range and the reason, never the raw input (it could be anything from a URL).
    fn error(&self, problem: &str) -> ParamError {
        let message = format!(
            "{} must be a whole number from {} to {} ({}); {problem}",
            self.param,
            group(self.min.into()),
            group(self.max.into()),
            self.why
        );
        ParamError {
            param: self.param,
            message,
        }
    }
}

/// Checks the hash job's total work, which neither field bounds alone.
pub fn check_hash_total(count: u32, iterations: u32) -> Result<(), ParamError> {
    let total = u64::from(count) * u64::from(iterations);
    if total <= HASH_TOTAL_ITERATIONS {
        return Ok(());
    }
    let message = format!(
        "count × iterations must be at most {} (minutes of work on one core past that); it is {}",
        group(HASH_TOTAL_ITERATIONS),
        group(total)
    );
    Err(ParamError {
        param: "iterations",
        message,
    })
}

/// 268435456 -> "268,435,456": limits are read by people.
pub fn group(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
