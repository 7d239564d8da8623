//! Long Animation Frames (`long-animation-frame` entries, Chromium 123+): frames that took
//! over 50 ms from their first task to their paint, with how long they blocked input
//! (`blockingDuration`). Browsers without them say so instead of reporting zero.

use super::observer::{self, Observer, Watch};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

const KEEP: usize = 512;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LongFrame {
    pub start_ms: f64,
    pub blocking_ms: f64,
}

/// A run's long animation frames: how many, and their blocking time added up.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LongFrameFigures {
    pub count: u32,
    pub blocking_ms: f64,
}

/// The frames that started from `start_ms` to `end_ms`.
pub fn summarize(frames: &[LongFrame], start_ms: f64, end_ms: f64) -> LongFrameFigures {
    frames
        .iter()
        .filter(|f| (start_ms..=end_ms).contains(&f.start_ms))
        .fold(LongFrameFigures::default(), |sum, f| LongFrameFigures {
            count: sum.count + 1,
            blocking_ms: sum.blocking_ms + f.blocking_ms.max(0.0),
        })
}

/// The observer, where the browser has the entry type.
pub struct LongFrames {
    seen: Rc<RefCell<VecDeque<LongFrame>>>,
    observer: Option<Observer>,
}

impl LongFrames {
    pub fn start() -> LongFrames {
        let seen = Rc::new(RefCell::new(VecDeque::new()));
        let watch = Watch {
            entry_type: "long-animation-frame",
            duration_threshold: None,
            buffered: false,
        };
        let observer = {
            let seen = seen.clone();
            observer::observe(&[watch], move |entry| {
                let frame = LongFrame {
                    start_ms: entry.start_time(),
                    blocking_ms: observer::number(&entry, "blockingDuration").unwrap_or(0.0),
                };
                let mut seen = seen.borrow_mut();
                if seen.len() == KEEP {
                    seen.pop_front();
                }
                seen.push_back(frame);
            })
        };
        LongFrames { seen, observer }
    }

    /// The run's figures, or None where the browser does not report long frames.
    pub fn figures(&self, start_ms: f64, end_ms: f64) -> Option<LongFrameFigures> {
        let observer = self.observer.as_ref()?;
        observer.flush();
        let seen: Vec<_> = self.seen.borrow().iter().copied().collect();
        Some(summarize(&seen, start_ms, end_ms))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_adds_up_the_frames_inside_the_run() {
        let frames = [
            LongFrame {
                start_ms: 10.0,
                blocking_ms: 100.0,
            },
            LongFrame {
                start_ms: 60.0,
                blocking_ms: 1450.0,
            },
            LongFrame {
                start_ms: 70.0,
                blocking_ms: 0.0,
            },
            LongFrame {
                start_ms: 3000.0,
                blocking_ms: 80.0,
            },
        ];
        let f = summarize(&frames, 50.0, 2000.0);
        assert_eq!(
            f,
            LongFrameFigures {
                count: 2,
                blocking_ms: 1450.0
            }
        );
        assert_eq!(summarize(&[], 0.0, 1.0), LongFrameFigures::default());
    }
}
