//! Traffic (`serve=`): Run serves a stream of requests instead of one job, as the
//! articles' server does: `/heavy` runs the chosen job in the chosen mode, `/light` is a
//! tiny handler on the page's main thread (the homepage everyone else is waiting for).

use super::{FieldError, Key};
use offload_jobs::limits;

/// How requests are spaced in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrivals {
    /// Independent arrivals at the rate (exponential gaps from a fixed seed): bunches and
    /// lulls, as real visitors come. Queueing theory's "M".
    Poisson,
    /// One every 1/rate seconds exactly: the kindest load a server can get.
    Even,
}

impl Arrivals {
    pub const NAMES: [&str; 2] = ["poisson", "even"];

    pub fn name(self) -> &'static str {
        match self {
            Arrivals::Poisson => "poisson",
            Arrivals::Even => "even",
        }
    }
}

/// A stream to serve: what `serve`, `duration`, `heavy`, `queue` and `arrivals` ask.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Traffic {
    pub rate_per_s: u32,
    pub seconds: u32,
    /// The share of requests that are `/heavy`, in percent.
    pub heavy_percent: u32,
    pub arrivals: Arrivals,
    /// The most `/heavy` requests waiting for a thread; None: unbounded. A request that
    /// finds it full is answered 503 at once (Piscina's `maxQueue`).
    pub queue: Option<u32>,
}

impl Traffic {
    /// How many requests the stream sends: at most 1,000 a second for 60 s.
    pub fn requests(&self) -> u32 {
        self.rate_per_s * self.seconds
    }
}

/// The traffic fields as text (empty `serve`: Run runs one job, not a stream).
pub struct TrafficFields<'a> {
    pub serve: &'a str,
    pub duration: &'a str,
    pub heavy: &'a str,
    pub queue: &'a str,
    pub arrivals: &'a str,
}

/// The stream the fields ask for, None when `serve` is empty, or each field's problem.
/// `threads` sizes `queue=auto`: threads², as Piscina's `maxQueue: 'auto'` is.
pub fn parse(fields: &TrafficFields, threads: u32) -> Result<Option<Traffic>, Vec<FieldError>> {
    if fields.serve.trim().is_empty() {
        return Ok(None);
    }
    let mut errors = Vec::new();
    let mut keep = |key: Key, result: Result<u32, limits::ParamError>| {
        result
            .map_err(|e| {
                errors.push(FieldError {
                    key,
                    message: e.message,
                })
            })
            .ok()
    };
    let rate = keep(Key::Serve, limits::SERVE_RATE.parse(fields.serve));
    let seconds = keep(Key::Duration, limits::SERVE_SECONDS.parse(fields.duration));
    let heavy = keep(Key::Heavy, limits::HEAVY_PERCENT.parse(fields.heavy));
    let queue = match fields.queue.trim() {
        "auto" => Some(Some(threads.saturating_mul(threads))),
        "unbounded" => Some(None),
        number => keep(Key::Queue, limits::QUEUE_LEN.parse(number)).map(Some),
    };
    let arrivals = match fields.arrivals.trim() {
        "poisson" => Some(Arrivals::Poisson),
        "even" => Some(Arrivals::Even),
        _ => {
            let message = format!("arrivals must be one of {}", Arrivals::NAMES.join(", "));
            errors.push(FieldError {
                key: Key::Arrivals,
                message,
            });
            None
        }
    };
    match (rate, seconds, heavy, queue, arrivals) {
        (Some(rate_per_s), Some(seconds), Some(heavy_percent), Some(queue), Some(arrivals))
            if errors.is_empty() =>
        {
            Ok(Some(Traffic {
                rate_per_s,
                seconds,
                heavy_percent,
                arrivals,
                queue,
            }))
        }
        _ => Err(errors),
    }
}
