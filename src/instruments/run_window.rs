//! A run as the meters see it: from its start to the probes' closing samples, minus any
//! time the page was out of sight (a hidden tab or a frame out of view: no frames are painted then, and that is not the run's doing).
//! Pure: times are milliseconds on one clock (performance.now()).

/// The frames a run painted against those the screen would have shown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FrameFigures {
    /// Frames per second over the visible part of the run; None if none of it was visible.
    pub fps: Option<f64>,
    /// Frames expected at the measured refresh interval minus frames painted, never below 0.
    pub dropped: Option<u64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RunWindow {
    pub start_ms: f64,
    frames_at_start: u64,
    hidden_ms: f64,
    hidden_since: Option<f64>,
    /// The tab was hidden at some point during the run.
    pub overlapped_hidden: bool,
}

impl RunWindow {
    pub fn begin(now_ms: f64, frames: u64, hidden: bool) -> RunWindow {
        RunWindow {
            start_ms: now_ms,
            frames_at_start: frames,
            hidden_ms: 0.0,
            hidden_since: hidden.then_some(now_ms),
            overlapped_hidden: hidden,
        }
    }

    pub fn hide(&mut self, now_ms: f64) {
        self.overlapped_hidden = true;
        self.hidden_since.get_or_insert(now_ms);
    }

    pub fn show(&mut self, now_ms: f64) {
        if let Some(since) = self.hidden_since.take() {
            self.hidden_ms += (now_ms - since).max(0.0);
        }
    }

    /// Visible time from the start to `now_ms`.
    pub fn visible_ms(&self, now_ms: f64) -> f64 {
        let hidden_now = self
            .hidden_since
            .map_or(0.0, |since| (now_ms - since).max(0.0));
        (now_ms - self.start_ms - self.hidden_ms - hidden_now).max(0.0)
    }

    pub fn frames_painted(&self, frames_now: u64) -> u64 {
        frames_now.saturating_sub(self.frames_at_start)
    }

    /// fps and dropped frames at `now_ms`, given the screen's refresh interval.
    pub fn frame_figures(&self, now_ms: f64, frames_now: u64, refresh_ms: f64) -> FrameFigures {
        let visible = self.visible_ms(now_ms);
        let painted = self.frames_painted(frames_now);
        if visible <= 0.0 {
            return FrameFigures {
                fps: None,
                dropped: None,
            };
        }
        let expected = if refresh_ms > 0.0 {
            (visible / refresh_ms).floor() as u64
        } else {
            0
        };
        FrameFigures {
            fps: Some(painted as f64 * 1e3 / visible),
            dropped: Some(expected.saturating_sub(painted)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_smooth_run_drops_nothing_and_a_blocked_one_drops_its_length() {
        let run = RunWindow::begin(1000.0, 50, false);
        let smooth = run.frame_figures(2000.0, 110, 1000.0 / 60.0);
        assert_eq!(smooth.dropped, Some(0));
        assert!((smooth.fps.unwrap() - 60.0).abs() < 1e-9);
        let blocked = run.frame_figures(2500.0, 52, 1000.0 / 60.0);
        assert_eq!(blocked.dropped, Some(88));
    }

    #[test]
    fn hidden_time_is_not_the_runs() {
        let mut run = RunWindow::begin(0.0, 0, false);
        run.hide(1000.0);
        run.hide(1500.0);
        run.show(5000.0);
        assert!(run.overlapped_hidden);
        assert_eq!(run.visible_ms(6000.0), 2000.0);
        assert_eq!(
            run.frame_figures(6000.0, 120, 1000.0 / 60.0).dropped,
            Some(0)
        );
        // Still hidden at the end: the hidden part so far is left out too.
        let mut run = RunWindow::begin(0.0, 0, false);
        run.hide(400.0);
        assert_eq!(run.visible_ms(9000.0), 400.0);
    }

    #[test]
    fn a_run_hidden_throughout_has_no_frame_figures() {
        let run = RunWindow::begin(0.0, 10, true);
        assert!(run.overlapped_hidden);
        assert_eq!(
            run.frame_figures(500.0, 10, 16.7),
            FrameFigures {
                fps: None,
                dropped: None
            }
        );
    }
}
