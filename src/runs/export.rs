//! The history as JSON and as CSV, for the download buttons. A finished run is exported
//! as its `data-result` object (every figure the page measured), with its number and state
//! in front; a failed or running one with its plan and state. CSV columns are the JSON's
//! fields flattened (`lag.p99_ms`), so a figure added to `data-result` reaches both. Pure.

use super::{Run, RunState};
use serde_json::{Map, Value, json};

/// One run as an object: `id`, `state`, the job's parameters, mode, threads, times,
/// checksum and the measured figures.
pub fn record(run: &Run) -> Value {
    let mut record = Map::new();
    record.insert("id".into(), json!(run.id));
    record.insert("state".into(), json!(run.state_name()));
    let body = run.result_value().unwrap_or_else(|| {
        let mut plan = run.job_json();
        if let Value::Object(plan) = &mut plan {
            plan.insert("mode".into(), json!(run.plan.mode.name()));
            plan.insert("threads".into(), json!(run.plan.threads));
        }
        plan
    });
    if let Value::Object(body) = body {
        record.extend(body);
    }
    if let RunState::Failed(reason) = &run.state {
        record.insert("error".into(), json!(reason));
    }
    Value::Object(record)
}

/// The history, oldest first, as a JSON array.
pub fn to_json(runs: &[Run]) -> String {
    serde_json::to_string_pretty(&runs.iter().map(record).collect::<Vec<_>>()).unwrap_or_default()
}

/// `{"lag": {"p99_ms": 3}}` as `[("lag.p99_ms", 3)]`, in order.
fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(fields) => {
            for (key, value) in fields {
                let name = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&name, value, out);
            }
        }
        other => out.push((prefix.to_string(), other.clone())),
    }
}

/// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, with
/// quotes doubled.
pub fn escape(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => escape(text),
        other => escape(&other.to_string()),
    }
}

/// The history, oldest first, as CSV: one header row with every field any run has.
pub fn to_csv(runs: &[Run]) -> String {
    let rows: Vec<Vec<(String, Value)>> = runs
        .iter()
        .map(|run| {
            let mut fields = Vec::new();
            flatten("", &record(run), &mut fields);
            fields
        })
        .collect();
    let mut columns: Vec<String> = Vec::new();
    for (name, _) in rows.iter().flatten() {
        if !columns.contains(name) {
            columns.push(name.clone());
        }
    }
    let mut csv = columns
        .iter()
        .map(|c| escape(c))
        .collect::<Vec<_>>()
        .join(",");
    csv.push_str("\r\n");
    for row in &rows {
        let cells = columns.iter().map(|column| {
            row.iter()
                .find(|(name, _)| name == column)
                .map_or_else(String::new, |(_, value)| cell(value))
        });
        csv.push_str(&cells.collect::<Vec<_>>().join(","));
        csv.push_str("\r\n");
    }
    csv
}

#[cfg(test)]
mod tests {
    use super::super::test_runs::done;
    use super::*;
    use crate::form::Mode;

    #[test]
    fn csv_escapes_commas_quotes_and_line_breaks() {
        assert_eq!(escape("plain"), "plain");
        assert_eq!(escape("a,b"), "\"a,b\"");
        assert_eq!(escape("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(escape("two\nlines"), "\"two\nlines\"");
        assert_eq!(escape(""), "");
    }

    /// A stream's figures reach both exports: JSON's `traffic` object, and in CSV a column
    /// per field (`traffic.light.p99_ms`), so a reader can chart them elsewhere.
    #[test]
    fn a_streams_figures_are_exported_too() {
        use crate::form::{Arrivals, Traffic};
        use crate::traffic::ledger::Counts;
        use crate::traffic::{Summary, TrafficReport};
        let mut run = done(1, Mode::Worker, 1, 3000.0);
        run.plan.traffic = Some(Traffic {
            rate_per_s: 40,
            seconds: 3,
            heavy_percent: 20,
            arrivals: Arrivals::Even,
            queue: Some(1),
        });
        let summary = Summary {
            count: 24,
            p50_ms: 1.0,
            p95_ms: 2.0,
            p99_ms: 3.0,
            max_ms: 4.0,
        };
        run.traffic = Some(TrafficReport {
            counts: Counts {
                sent: 120,
                answered: 118,
                rejected: 2,
                ..Counts::default()
            },
            light: Some(summary),
            heavy: Some(summary),
            heavy_wait_p50_ms: Some(5.0),
            heavy_run_p50_ms: Some(60.0),
            throughput_per_s: 39.5,
            rho: Some(0.4),
            last_failure: None,
            sent_late_p50_ms: Some(3.5),
            queue_peak: 1,
            picture: Default::default(),
        });
        let json: Value = serde_json::from_str(&to_json(std::slice::from_ref(&run))).unwrap();
        assert_eq!(json[0]["traffic"]["sent"], 120);
        assert_eq!(json[0]["traffic"]["heavy"]["wait_p50_ms"], 5.0);
        let csv = to_csv(&[run]);
        let header = csv.lines().next().unwrap();
        for column in [
            "traffic.sent",
            "traffic.rejected",
            "traffic.light.p99_ms",
            "traffic.heavy.run_p50_ms",
            "traffic.rho",
        ] {
            assert!(
                header.split(',').any(|c| c == column),
                "{column} in {header}"
            );
        }
    }

    #[test]
    fn every_run_is_exported_with_its_figures() {
        let mut failed = done(2, Mode::Worker, 1, 0.0);
        failed.state = RunState::Failed("the worker died, \"badly\"".into());
        failed.page = None;
        let runs = [done(1, Mode::Pool, 2, 500.0), failed];
        let json: Value = serde_json::from_str(&to_json(&runs)).unwrap();
        assert_eq!(json.as_array().unwrap().len(), 2);
        assert_eq!(json[0]["checksum"], "sum1");
        assert_eq!(json[0]["lag"]["p99_ms"], 1.9);
        assert_eq!(json[1]["state"], "failed");
        assert_eq!(json[1]["mode"], "worker");

        let csv = to_csv(&runs);
        let lines: Vec<_> = csv.split("\r\n").collect();
        assert_eq!(
            lines.len(),
            4,
            "header, two runs, and the final line break: {csv}"
        );
        let header: Vec<_> = lines[0].split(',').collect();
        for column in [
            "id",
            "state",
            "job",
            "n",
            "mode",
            "threads",
            "ms",
            "checksum",
            "lag.p99_ms",
            "input.max_delay_ms",
            "fps",
            "hidden",
            "error",
        ] {
            assert!(header.contains(&column), "{column} in {header:?}");
        }
        let at = |line: &str, column: &str| {
            let i = header.iter().position(|c| *c == column).unwrap();
            line.split(',').nth(i).unwrap().to_string()
        };
        assert_eq!(at(lines[1], "checksum"), "sum1");
        assert_eq!(at(lines[1], "lag.p99_ms"), "1.9");
        assert!(
            lines[2].ends_with("\"the worker died, \"\"badly\"\"\""),
            "{}",
            lines[2]
        );
    }
}
