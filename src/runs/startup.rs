//! What starting a fresh worker cost a run (mode `spawn`), against the reused `worker`,
//! which pays its start once and nothing per run. Pure, tested natively.

use serde_json::{Value, json};

// Measured by the `spawn` mode (`modes::copies`); its JSON and words are the runs'.
pub use crate::modes::copies::WorkerStart;

impl WorkerStart {
    pub fn json(&self) -> Value {
        json!({
            "total_ms": self.total_ms,
            "script_ms": self.script_ms,
            "fetch_ms": self.fetch_ms,
            "compile_ms": self.compile_ms,
            "instantiate_ms": self.instantiate_ms,
            "worker": self.ordinal,
        })
    }

    /// "This run spent 84 ms starting its worker (script 9 ms, fetch 3 ms, compile 40 ms,
    /// instantiate 12 ms, …); mode worker reuses one worker: 0 ms per run, 39 ms once." `reused_ms` is
    /// the reused worker's start, if it was started.
    pub fn text(&self, reused_ms: Option<f64>) -> String {
        let ms = |v: Option<f64>| v.map_or_else(|| "—".into(), |v| format!("{v:.0} ms"));
        let reused = match reused_ms {
            Some(once) => format!("{once:.0} ms once"),
            None => "its start once (not started in this page yet)".into(),
        };
        format!(
            "This run spent {:.0} ms starting its worker (script {}, fetch {}, compile {}, \
             instantiate {}, the rest messaging); mode worker reuses one worker: 0 ms per run, {reused}.",
            self.total_ms,
            ms(self.script_ms),
            ms(self.fetch_ms),
            ms(self.compile_ms),
            ms(self.instantiate_ms),
        )
    }
}

/// A burst on `spawn`: every copy started a worker of its own. "Each of the 4 copies
/// started its own worker, in 70 to 120 ms; mode worker reuses one worker: 0 ms per run,
/// 39 ms once."
pub fn each_text(starts: &[WorkerStart], reused_ms: Option<f64>) -> String {
    let total = starts.iter().map(|s| s.total_ms);
    let least = total.clone().fold(f64::INFINITY, f64::min);
    let most = total.fold(0.0, f64::max);
    let reused = match reused_ms {
        Some(once) => format!("{once:.0} ms once"),
        None => "its start once (not started in this page yet)".into(),
    };
    format!(
        "Each of the {} copies started its own worker, in {least:.0} to {most:.0} ms; mode \
         worker reuses one worker: 0 ms per run, {reused}.",
        starts.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_says_the_range_of_its_workers_starts() {
        let start = |total_ms| WorkerStart {
            total_ms,
            ..WorkerStart::default()
        };
        assert_eq!(
            each_text(&[start(70.2), start(119.6), start(90.0)], Some(39.0)),
            "Each of the 3 copies started its own worker, in 70 to 120 ms; mode worker \
             reuses one worker: 0 ms per run, 39 ms once."
        );
    }

    #[test]
    fn the_sentence_compares_with_the_reused_worker() {
        let start = WorkerStart {
            total_ms: 84.4,
            script_ms: Some(9.0),
            fetch_ms: Some(3.2),
            compile_ms: Some(40.0),
            instantiate_ms: Some(12.0),
            ordinal: 3,
        };
        let text = start.text(Some(39.0));
        assert!(
            text.starts_with("This run spent 84 ms starting its worker"),
            "{text}"
        );
        assert!(text.contains("compile 40 ms"), "{text}");
        assert!(
            text.ends_with("reuses one worker: 0 ms per run, 39 ms once."),
            "{text}"
        );
        assert!(start.text(None).contains("not started in this page yet"));
        let json = start.json();
        assert_eq!(json["worker"], 3);
        assert_eq!(json["fetch_ms"], 3.2);
    }

    #[test]
    fn missing_figures_are_dashes() {
        let start = WorkerStart {
            total_ms: 50.0,
            ..WorkerStart::default()
        };
        assert!(start.text(Some(1.0)).contains("fetch —"));
        assert_eq!(start.json()["compile_ms"], Value::Null);
    }
}
