//! How one wall time compares with another, in words the figures back (issue 17): a run
//! 2.2 times as long as its baseline is "2.2× slower", never "×0.46". Pure.

/// Within this ratio either way two times are "about as long": under 5 % is the noise of
/// a shared machine.
pub const SAME: f64 = 1.05;

/// A one-thread offloaded run this many times as long as `main`'s is not explained by its
/// messages (measured: a worker 6–25 % over main on a quiet machine, 1.5× for the first
/// run in a new worker), so the machine was busy and the times say little.
pub const BUSY: f64 = 1.5;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Relative {
    /// The run took `ratio` times less time than the baseline (`ratio` ≥ [`SAME`]).
    Faster(f64),
    /// Within [`SAME`] either way.
    AboutAsLong,
    /// The run took `ratio` times the baseline's time (`ratio` ≥ [`SAME`]).
    Slower(f64),
}

/// This run's `ms` against a baseline's `base_ms`.
pub fn relative(base_ms: f64, ms: f64) -> Relative {
    if ms <= 0.0 || base_ms <= 0.0 {
        return Relative::AboutAsLong;
    }
    let faster = base_ms / ms;
    if faster >= SAME {
        Relative::Faster(faster)
    } else if 1.0 / faster >= SAME {
        Relative::Slower(1.0 / faster)
    } else {
        Relative::AboutAsLong
    }
}

/// "1.80×", "2.2×": two decimals under 2, where they matter, one from there.
pub fn times(ratio: f64) -> String {
    if ratio < 2.0 {
        format!("{ratio:.2}×")
    } else {
        format!("{ratio:.1}×")
    }
}

impl Relative {
    /// "1.80× faster than", "2.2× slower than", "about as fast as": `what` follows it.
    pub fn than(self) -> String {
        match self {
            Relative::Faster(r) => format!("{} faster than", times(r)),
            Relative::AboutAsLong => "about as fast as".into(),
            Relative::Slower(r) => format!("{} slower than", times(r)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slower_run_is_called_slower_by_how_many_times() {
        // Issue 17: "speed-up ×0.46 vs main" for a run 2.2× slower.
        assert_eq!(relative(425.0, 935.0).than(), "2.2× slower than");
        assert_eq!(relative(1000.0, 1150.0).than(), "1.15× slower than");
    }

    #[test]
    fn a_faster_run_and_the_noise_between() {
        assert_eq!(relative(1800.0, 1000.0).than(), "1.80× faster than");
        assert_eq!(relative(3000.0, 1000.0).than(), "3.0× faster than");
        assert_eq!(relative(1000.0, 1030.0).than(), "about as fast as");
        assert_eq!(relative(1030.0, 1000.0).than(), "about as fast as");
        assert_eq!(relative(1000.0, 0.0), Relative::AboutAsLong);
    }
}
