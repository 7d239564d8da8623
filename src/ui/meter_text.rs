//! What the live strip's changing texts say, and when each is written.
//!
//! The strip is rendered once by yew; after that every reading goes through `MeterText`,
//! which writes straight into the few text nodes that change, and only when their text
//! changed. The frame count is written on every frame (that it advances is the lesson);
//! the figures beside it at most every `DETAIL_MS`, the rate a reader can follow, and at
//! once when a run begins or ends. Re-rendering the strip through yew on every frame,
//! with the layout it set off, cost an idle page a fifth of a core (issue 16).

use crate::instruments::meters::Reading;
use crate::runs::verdict::duration;

/// How often the figures beside the frame count are rewritten.
pub const DETAIL_MS: f64 = 250.0;

/// The texts that change, in `Slot` order.
pub const SLOTS: usize = 6;

/// Which text: the index of each in `texts` and in the strip's `NodeRef`s.
#[derive(Clone, Copy)]
pub enum Slot {
    Frames,
    Fps,
    Gap,
    Lag,
    LagPercentiles,
    ClickWait,
}

/// Every changing text of the strip for `reading`; `ran`: a run has started since load.
pub fn texts(reading: &Reading, ran: bool) -> [String; SLOTS] {
    let gap = match (reading.running, ran) {
        (true, _) => format!(
            "longest frame gap {:.0} ms this run",
            reading.longest_gap_ms
        ),
        (false, true) => format!(
            "longest frame gap {:.0} ms in the last run",
            reading.longest_gap_ms
        ),
        (false, false) => "longest frame gap — (no run yet)".into(),
    };
    let scope = if reading.running {
        "this run"
    } else {
        "since page load"
    };
    let percentiles = match reading.lag {
        Some(l) => format!(
            "p50 {:.1} · p99 {:.1} · max {:.0} ms {scope}",
            l.p50_ms, l.p99_ms, l.max_ms
        ),
        None => format!("p50 — · p99 — · max — {scope}"),
    };
    // Every click on the page is timed (Run's too), while the counter beside this text
    // counts only its own: "your last click" beside "clicked 0 times" read as a
    // contradiction (issue 17), so the sentence says which click it was.
    let click_wait = reading.last_click_delay_ms.map_or_else(
        || "No click yet.".to_string(),
        |ms| {
            format!(
                "The page's last click (any button, Run's too) waited {} to be handled.",
                duration(ms)
            )
        },
    );
    [
        reading.frames.to_string(),
        // Short: it sits in one row of meters in the embed; the hint says what is smooth.
        format!("{} fps now", reading.fps),
        gap,
        format!("{:.0} ms", reading.lag_ms),
        percentiles,
        click_wait,
    ]
}

/// Decides, reading by reading, which texts to write; remembers what each shows.
#[derive(Default)]
pub struct MeterText {
    shown: [String; SLOTS],
    /// When the figures beside the frame count were last written, and in what state.
    detail: Option<(f64, bool, bool)>,
}

impl MeterText {
    /// The slots whose text must change for `reading` at `now_ms`, with their new text.
    pub fn changes(&mut self, reading: &Reading, ran: bool, now_ms: f64) -> Vec<(Slot, String)> {
        let due = match self.detail {
            None => true,
            Some((at, was_running, had_run)) => {
                was_running != reading.running || had_run != ran || now_ms - at >= DETAIL_MS
            }
        };
        if !due {
            // Between details the frame count alone: nothing else is even formatted.
            let frames = reading.frames.to_string();
            if self.shown[Slot::Frames as usize] == frames {
                return Vec::new();
            }
            self.shown[Slot::Frames as usize] = frames.clone();
            return vec![(Slot::Frames, frames)];
        }
        self.detail = Some((now_ms, reading.running, ran));
        let all = texts(reading, ran);
        let slots = [
            Slot::Frames,
            Slot::Fps,
            Slot::Gap,
            Slot::Lag,
            Slot::LagPercentiles,
            Slot::ClickWait,
        ];
        let mut changes = Vec::new();
        for (slot, text) in slots.into_iter().zip(all) {
            if self.shown[slot as usize] != text {
                self.shown[slot as usize] = text.clone();
                changes.push((slot, text));
            }
        }
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(frames: u64, fps: u32, running: bool) -> Reading {
        Reading {
            frames,
            fps,
            running,
            ..Reading::default()
        }
    }

    fn slots_of(changes: &[(Slot, String)]) -> Vec<usize> {
        changes.iter().map(|(s, _)| *s as usize).collect()
    }

    #[test]
    fn the_first_reading_writes_every_text() {
        let changes = MeterText::default().changes(&reading(1, 60, false), false, 0.0);
        assert_eq!(slots_of(&changes), [0, 1, 2, 3, 4, 5]);
        assert_eq!(changes[2].1, "longest frame gap — (no run yet)");
        assert_eq!(changes[5].1, "No click yet.");
    }

    #[test]
    fn the_click_wait_says_it_counts_every_click_on_the_page() {
        let mut clicked = reading(1, 60, false);
        clicked.last_click_delay_ms = Some(4.0);
        let said = &texts(&clicked, true)[Slot::ClickWait as usize];
        // Beside "clicked 0 times", "your last click" read as the counter's.
        assert!(!said.starts_with("Your last click"), "{said}");
        assert_eq!(
            said,
            "The page's last click (any button, Run's too) waited 4 ms to be handled."
        );
    }

    #[test]
    fn between_details_only_the_frame_count_is_written() {
        let mut text = MeterText::default();
        text.changes(&reading(1, 60, false), false, 0.0);
        let next = text.changes(&reading(2, 59, false), false, 16.7);
        assert_eq!(slots_of(&next), [Slot::Frames as usize]);
        assert_eq!(next[0].1, "2");
        // The fps changed meanwhile: written once the detail is due.
        let due = text.changes(&reading(15, 59, false), false, DETAIL_MS + 1.0);
        assert_eq!(slots_of(&due), [Slot::Frames as usize, Slot::Fps as usize]);
    }

    #[test]
    fn an_unchanged_text_is_not_written_again() {
        let mut text = MeterText::default();
        text.changes(&reading(7, 60, false), false, 0.0);
        assert!(
            text.changes(&reading(7, 60, false), false, 1000.0)
                .is_empty()
        );
    }

    #[test]
    fn a_run_beginning_or_ending_writes_the_figures_at_once() {
        let mut text = MeterText::default();
        text.changes(&reading(1, 60, false), false, 0.0);
        let begun = text.changes(&reading(2, 60, true), true, 10.0);
        let gap = begun.iter().find(|(s, _)| matches!(s, Slot::Gap)).unwrap();
        assert_eq!(gap.1, "longest frame gap 0 ms this run");
        let ended = text.changes(&reading(3, 60, false), true, 20.0);
        let gap = ended.iter().find(|(s, _)| matches!(s, Slot::Gap)).unwrap();
        assert_eq!(gap.1, "longest frame gap 0 ms in the last run");
    }
}
