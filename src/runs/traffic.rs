//! A traffic stream's report as the page exports it (`data-result`'s `traffic`, the JSON
//! and CSV exports) and in words.

use crate::form::Traffic;
use crate::traffic::{Summary, TrafficReport};
use serde_json::{Value, json};

fn summary_json(summary: Option<Summary>) -> Value {
    summary.map_or(Value::Null, |s| {
        json!({
            "count": s.count,
            "p50_ms": s.p50_ms,
            "p95_ms": s.p95_ms,
            "p99_ms": s.p99_ms,
            "max_ms": s.max_ms,
        })
    })
}

/// `{"traffic": {...}}`: what was asked (rate, seconds, share, queue, arrivals) beside what
/// happened; `sent = answered + rejected + stopped` holds in it.
pub fn json(asked: &Traffic, report: &TrafficReport) -> Value {
    let c = report.counts;
    let mut heavy = summary_json(report.heavy);
    if let Value::Object(fields) = &mut heavy {
        fields.insert("wait_p50_ms".into(), json!(report.heavy_wait_p50_ms));
        fields.insert("run_p50_ms".into(), json!(report.heavy_run_p50_ms));
    }
    json!({
        "traffic": {
            "rate_per_s": asked.rate_per_s,
            "seconds": asked.seconds,
            "heavy_percent": asked.heavy_percent,
            "arrivals": asked.arrivals.name(),
            "queue": asked.queue,
            "sent": c.sent,
            "answered": c.answered,
            "failed": c.failed,
            "rejected": c.rejected,
            "stopped": c.stopped,
            "light": summary_json(report.light),
            "heavy": heavy,
            "throughput_per_s": report.throughput_per_s,
            "sent_late_p50_ms": report.sent_late_p50_ms,
            "rho": report.rho,
            "queue_peak": report.queue_peak,
        }
    })
}

/// "12 ms" below 10 s, "12.3 s" above; "0.41 ms" for sub-millisecond latencies, which a
/// live main thread answers in.
pub fn latency(ms: f64) -> String {
    match ms {
        _ if ms < 1.0 => format!("{ms:.2} ms"),
        _ if ms < 10_000.0 => format!("{ms:.0} ms"),
        _ => format!("{:.1} s", ms / 1000.0),
    }
}

/// The stream's verdict, from its figures: how long `/light` waited at worst and at p99,
/// and what `/heavy` met.
pub fn verdict(mode: &str, report: &TrafficReport) -> String {
    let c = report.counts;
    let light = match report.light {
        Some(l) => format!(
            "In {mode}, a /light request waited up to {} (p99 {}, median {})",
            latency(l.max_ms),
            latency(l.p99_ms),
            latency(l.p50_ms)
        ),
        None => format!("In {mode}, no /light request was sent"),
    };
    let heavy = match report.heavy {
        Some(h) => format!("; /heavy answered in p99 {}", latency(h.p99_ms)),
        None => String::new(),
    };
    let turned_away = match c.rejected {
        0 => String::new(),
        1 => ", and 1 request was turned away (503) when the queue was full".into(),
        n => format!(", and {n} requests were turned away (503) when the queue was full"),
    };
    format!("{light}{heavy}{turned_away}.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::traffic::ledger::Counts;

    fn report(light_max: f64, rejected: u32) -> TrafficReport {
        let summary = |max_ms| Summary {
            count: 10,
            p50_ms: 0.3,
            p95_ms: 1.0,
            p99_ms: max_ms / 2.0,
            max_ms,
        };
        TrafficReport {
            counts: Counts {
                sent: 20,
                answered: 20 - rejected,
                rejected,
                ..Counts::default()
            },
            light: Some(summary(light_max)),
            heavy: Some(summary(400.0)),
            heavy_wait_p50_ms: Some(3.0),
            heavy_run_p50_ms: Some(150.0),
            throughput_per_s: 19.5,
            rho: Some(0.6),
            last_failure: None,
            sent_late_p50_ms: Some(2.0),
            queue_peak: 3,
            picture: Default::default(),
        }
    }

    #[test]
    fn the_verdict_reads_the_figures() {
        assert_eq!(
            verdict("main", &report(1900.0, 0)),
            "In main, a /light request waited up to 1900 ms (p99 950 ms, median 0.30 ms); /heavy answered in p99 200 ms."
        );
        assert!(
            verdict("pool", &report(0.8, 12))
                .ends_with("and 12 requests were turned away (503) when the queue was full.")
        );
    }

    #[test]
    fn the_json_holds_the_conservation_law_and_the_heavy_split() {
        let asked = Traffic {
            rate_per_s: 20,
            seconds: 1,
            heavy_percent: 50,
            arrivals: crate::form::Arrivals::Even,
            queue: Some(4),
        };
        let value = json(&asked, &report(2.0, 3));
        let t = &value["traffic"];
        assert_eq!(t["sent"], 20);
        assert_eq!(
            t["answered"].as_u64().unwrap()
                + t["rejected"].as_u64().unwrap()
                + t["stopped"].as_u64().unwrap(),
            20
        );
        assert_eq!(t["heavy"]["wait_p50_ms"], 3.0);
        assert_eq!(t["heavy"]["run_p50_ms"], 150.0);
        assert_eq!(t["light"]["p99_ms"], 1.0);
        assert_eq!(
            (t["queue"].clone(), t["arrivals"].clone()),
            (json!(4), json!("even"))
        );
    }
}
