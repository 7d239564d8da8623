//! Input delay: how long a click waited before the page could handle it. Where the
//! browser has the Event Timing API, the delay is `processingStart - startTime` from its
//! entries; clicks it does not report (they took under its 16 ms threshold from input to
//! paint) and browsers without it fall back to the handler's time minus `event.timeStamp`.
//! Event Timing entries arrive after the next paint, so a run collects them after it ends.

use super::observer::{self, Observer, Watch, now_ms};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Clicks and entries kept for runs still to be closed; older ones are dropped.
const KEEP: usize = 512;

/// A click as the page's own listener saw it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Click {
    /// `event.timeStamp`: when the input happened (performance.now()'s clock).
    pub at_ms: f64,
    /// Handler time minus `at_ms`.
    pub handler_delay_ms: f64,
}

/// An Event Timing entry for a click: when it happened and how long it waited.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Timing {
    pub start_ms: f64,
    pub delay_ms: f64,
}

/// Where a run's delays came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    EventTiming,
    Handler,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Source::EventTiming => "event-timing",
            Source::Handler => "handler",
        }
    }
}

/// A run's clicks: how many, the longest and the total wait.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InputFigures {
    pub clicks: u32,
    pub max_delay_ms: f64,
    pub total_delay_ms: f64,
    pub source: Source,
}

/// The clicks that happened from `start_ms` to `end_ms`, each with its Event Timing delay
/// where an entry has the same start (within 1 ms), else its handler delay.
pub fn summarize(
    clicks: &[Click],
    timings: &[Timing],
    start_ms: f64,
    end_ms: f64,
    source: Source,
) -> InputFigures {
    let mut figures = InputFigures {
        clicks: 0,
        max_delay_ms: 0.0,
        total_delay_ms: 0.0,
        source,
    };
    for click in clicks
        .iter()
        .filter(|c| (start_ms..=end_ms).contains(&c.at_ms))
    {
        let timed = timings
            .iter()
            .find(|t| (t.start_ms - click.at_ms).abs() < 1.0);
        let delay = timed
            .map_or(click.handler_delay_ms, |t| t.delay_ms)
            .max(0.0);
        figures.clicks += 1;
        figures.max_delay_ms = figures.max_delay_ms.max(delay);
        figures.total_delay_ms += delay;
    }
    figures
}

#[derive(Default)]
struct Seen {
    clicks: VecDeque<Click>,
    timings: VecDeque<Timing>,
}

fn keep<T>(queue: &mut VecDeque<T>, item: T) {
    if queue.len() == KEEP {
        queue.pop_front();
    }
    queue.push_back(item);
}

/// The page's click listener and Event Timing observer, for the life of the page.
pub struct InputDelays {
    seen: Rc<RefCell<Seen>>,
    observer: Option<Observer>,
    _listener: Option<Closure<dyn FnMut(web_sys::Event)>>,
}

impl InputDelays {
    pub fn start() -> InputDelays {
        let seen = Rc::new(RefCell::new(Seen::default()));
        let on_click = {
            let seen = seen.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                let at_ms = event.time_stamp();
                let click = Click {
                    at_ms,
                    handler_delay_ms: now_ms() - at_ms,
                };
                keep(&mut seen.borrow_mut().clicks, click);
            })
        };
        // Capture on the window: this listener runs before any of the page's own.
        let listener = web_sys::window().and_then(|w| {
            w.add_event_listener_with_callback_and_bool(
                "click",
                on_click.as_ref().unchecked_ref(),
                true,
            )
            .ok()
            .map(|_| on_click)
        });
        let watches = [
            Watch {
                entry_type: "event",
                duration_threshold: Some(16.0),
                buffered: false,
            },
            Watch {
                entry_type: "first-input",
                duration_threshold: None,
                buffered: true,
            },
        ];
        let observer = {
            let seen = seen.clone();
            observer::observe(&watches, move |entry| {
                let processing = observer::number(&entry, "processingStart");
                if entry.name() != "click" {
                    return;
                }
                if let Some(processing) = processing {
                    let start_ms = entry.start_time();
                    let timing = Timing {
                        start_ms,
                        delay_ms: processing - start_ms,
                    };
                    keep(&mut seen.borrow_mut().timings, timing);
                }
            })
        };
        InputDelays {
            seen,
            observer,
            _listener: listener,
        }
    }

    /// The delay of the latest click, as its handler saw it (for the live strip).
    pub fn last_delay_ms(&self) -> Option<f64> {
        self.seen.borrow().clicks.back().map(|c| c.handler_delay_ms)
    }

    /// The clicks from `start_ms` to `end_ms`; call once Event Timing had time to report.
    pub fn figures(&self, start_ms: f64, end_ms: f64) -> InputFigures {
        let source = match &self.observer {
            Some(observer) => {
                observer.flush();
                Source::EventTiming
            }
            None => Source::Handler,
        };
        let seen = self.seen.borrow();
        let clicks: Vec<_> = seen.clicks.iter().copied().collect();
        let timings: Vec<_> = seen.timings.iter().copied().collect();
        summarize(&clicks, &timings, start_ms, end_ms, source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_timing_wins_where_it_reported_the_click() {
        let clicks = [
            Click {
                at_ms: 100.0,
                handler_delay_ms: 1500.0,
            },
            Click {
                at_ms: 200.0,
                handler_delay_ms: 3.0,
            },
            Click {
                at_ms: 5000.0,
                handler_delay_ms: 9.0,
            },
        ];
        let timings = [Timing {
            start_ms: 100.2,
            delay_ms: 1490.0,
        }];
        let f = summarize(&clicks, &timings, 50.0, 1000.0, Source::EventTiming);
        assert_eq!(f.clicks, 2);
        assert_eq!(f.max_delay_ms, 1490.0);
        assert_eq!(f.total_delay_ms, 1493.0);
    }

    #[test]
    fn no_clicks_is_zero_not_missing() {
        let f = summarize(&[], &[], 0.0, 10.0, Source::Handler);
        assert_eq!((f.clicks, f.max_delay_ms, f.total_delay_ms), (0, 0.0, 0.0));
        assert_eq!(f.source.name(), "handler");
    }

    #[test]
    fn a_negative_delay_from_clock_skew_counts_as_zero() {
        let clicks = [Click {
            at_ms: 5.0,
            handler_delay_ms: -0.1,
        }];
        assert_eq!(
            summarize(&clicks, &[], 0.0, 10.0, Source::Handler).max_delay_ms,
            0.0
        );
    }
}
