//! A finished run's verdict in words: did the page freeze, stutter or stay live? One line
//! that leads the run's figures, a short form for the history, and a kind for tests and
//! styling (never colour alone: the words carry it). Pure.

use super::Responsiveness;

/// A frame gap under this felt live. 100 ms is the RAIL model's budget for a response
/// that feels immediate: a click answered within it does not look delayed.
pub const LIVE_GAP_MS: f64 = 100.0;

/// A frame gap from this on is a freeze, not a stutter: a quarter of a second without a
/// single frame is a stop anyone sees (the counter visibly halts), well past a hitch.
pub const FROZEN_GAP_MS: f64 = 250.0;

/// So few frames painted during a freeze that the page showed nothing new: the frame
/// that painted "running" before a main-thread job, and the one after it.
pub const NO_FRAME_COUNT: u64 = 2;

/// "12 ms" under a second, "1.9 s" from there.
pub fn duration(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{:.1} s", ms / 1000.0)
    } else {
        format!("{ms:.0} ms")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Live,
    Stuttered,
    Frozen,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Live => "live",
            Kind::Stuttered => "stuttered",
            Kind::Frozen => "frozen",
        }
    }

    pub fn of(longest_gap_ms: f64) -> Kind {
        if longest_gap_ms >= FROZEN_GAP_MS {
            Kind::Frozen
        } else if longest_gap_ms >= LIVE_GAP_MS {
            Kind::Stuttered
        } else {
            Kind::Live
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub kind: Kind,
    /// "Page frozen 1.1 s: no frame painted, your click waited 1.0 s."
    pub line: String,
    /// "frozen 1.1 s", for the history table.
    pub short: String,
}

/// The clicks' part of a frozen verdict.
fn clicks_waited(page: &Responsiveness) -> String {
    match page.input.clicks {
        0 => "a click would have waited".into(),
        1 => format!("your click waited {}", duration(page.input.max_delay_ms)),
        n => format!(
            "your {n} clicks waited up to {}",
            duration(page.input.max_delay_ms)
        ),
    }
}

fn fps(page: &Responsiveness) -> String {
    page.fps
        .map_or_else(|| "— fps".into(), |f| format!("{f:.0} fps"))
}

pub fn verdict(page: &Responsiveness) -> Verdict {
    let kind = Kind::of(page.longest_gap_ms);
    let gap = duration(page.longest_gap_ms);
    let (line, short) = match kind {
        Kind::Frozen => {
            let frames = if page.frames <= NO_FRAME_COUNT {
                "no frame painted".to_string()
            } else {
                format!("only {} frames painted in all", page.frames)
            };
            (
                format!("Page frozen {gap}: {frames}, {}.", clicks_waited(page)),
                format!("frozen {gap}"),
            )
        }
        Kind::Stuttered => (
            format!(
                "Page stayed live but stuttered: {}, longest frame gap {gap}.",
                fps(page)
            ),
            format!("stuttered, gap {gap}"),
        ),
        Kind::Live => (
            format!("Page stayed live: {}, longest frame gap {gap}.", fps(page)),
            format!("live, {}", fps(page)),
        ),
    };
    let line = if page.hidden {
        format!("{line} (The page was out of sight for part of the run: that time is left out.)")
    } else {
        line
    };
    Verdict { kind, line, short }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runs::test_runs::page;

    #[test]
    fn a_long_gap_is_a_freeze_with_the_clicks_that_waited() {
        let mut p = page();
        p.longest_gap_ms = 1100.0;
        p.frames = 2;
        p.input.clicks = 2;
        p.input.max_delay_ms = 1000.0;
        let v = verdict(&p);
        assert_eq!(v.kind, Kind::Frozen);
        assert_eq!(
            v.line,
            "Page frozen 1.1 s: no frame painted, your 2 clicks waited up to 1.0 s."
        );
        assert_eq!(v.short, "frozen 1.1 s");
    }

    #[test]
    fn a_freeze_without_clicks_says_what_a_click_would_have_done() {
        let mut p = page();
        p.longest_gap_ms = 400.0;
        p.frames = 30;
        p.input.clicks = 0;
        let v = verdict(&p);
        assert!(v.line.contains("only 30 frames"), "{}", v.line);
        assert!(v.line.contains("a click would have waited"), "{}", v.line);
    }

    #[test]
    fn short_gaps_are_live_and_name_fps_and_the_gap() {
        let v = verdict(&page());
        assert_eq!(v.kind, Kind::Live);
        assert_eq!(v.line, "Page stayed live: 60 fps, longest frame gap 17 ms.");
        assert_eq!(v.short, "live, 60 fps");
    }

    #[test]
    fn the_thresholds_sit_between_the_kinds() {
        assert_eq!(Kind::of(LIVE_GAP_MS - 1.0), Kind::Live);
        assert_eq!(Kind::of(LIVE_GAP_MS), Kind::Stuttered);
        assert_eq!(Kind::of(FROZEN_GAP_MS - 1.0), Kind::Stuttered);
        assert_eq!(Kind::of(FROZEN_GAP_MS), Kind::Frozen);
    }

    #[test]
    fn time_out_of_sight_is_said_and_unmeasured_fps_is_a_dash() {
        let mut p = page();
        p.hidden = true;
        p.fps = None;
        p.longest_gap_ms = 150.0;
        let v = verdict(&p);
        assert_eq!(v.kind, Kind::Stuttered);
        assert!(v.line.contains("— fps"), "{}", v.line);
        assert!(v.line.contains("out of sight"), "{}", v.line);
    }
}
