//! What a run did to the page, as the meters close it (`meters.rs`): frames, gaps, lag,
//! clicks, long frames. The runs keep it with each run and say it in words (`crate::runs`).

use super::histogram::Summary;
use super::input_delay::InputFigures;
use super::long_frames::LongFrameFigures;

/// What a run did to the page, measured on the page.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Responsiveness {
    /// Longest gap between two frames (closed by the first frame after the run).
    pub longest_gap_ms: f64,
    /// Frames painted while it ran: near zero when the main thread was blocked.
    pub frames: u64,
    /// Largest event-loop lag: how late a 20 ms timer fired at worst.
    pub loop_lag_ms: f64,
    /// The lag samples taken during the run (none while the tab was hidden).
    pub lag: Option<Summary>,
    /// Clicks made during the run and how long they waited to be handled.
    pub input: InputFigures,
    /// Frames per second over the visible part of the run.
    pub fps: Option<f64>,
    /// Frames the screen would have shown minus those painted.
    pub frames_dropped: Option<u64>,
    /// None where the browser does not report Long Animation Frames.
    pub long_frames: Option<LongFrameFigures>,
    /// The page was out of sight (a hidden tab, or a frame scrolled out of view) during
    /// the run: its frame figures leave that time out.
    pub hidden: bool,
}
