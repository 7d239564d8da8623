//! Traffic: the articles' experiment, a server's event loop under a stream of requests.
//! Pure arithmetic, no browser types (tested natively): when requests arrive
//! ([`arrivals`]), who waits and who is turned away ([`ledger`]), what the latencies were
//! ([`latency`]), what queueing theory predicts for them ([`theory`]) and "Sweep the load"'s
//! streams from ρ 0.25 to 1.1 ([`sweep`]). The page's side,
//! which sends, serves and times them, is `crate::modes::serve`.

pub mod arrivals;
pub mod latency;
pub mod ledger;
pub mod picture;
pub mod sweep;
pub mod theory;

pub use arrivals::{Arrival, Route, schedule};
pub use latency::{Summary, TrafficReport};
pub use ledger::{Admission, Ledger};
