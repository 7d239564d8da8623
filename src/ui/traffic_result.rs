//! A served stream's figures: the verdict, latency per route as a load tester reports
//! them, and where every request went.

use crate::runs::traffic::{latency, verdict};
use crate::traffic::{Summary, TrafficReport};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub mode: &'static str,
    pub report: TrafficReport,
    /// In the embed: no pictures (the full page has them; a blog post's frame stays short).
    #[prop_or_default]
    pub compact: bool,
}

fn row(route: &'static str, summary: Option<Summary>) -> Html {
    let cell = |ms: Option<f64>| ms.map_or_else(|| "–".to_string(), latency);
    html! {
        <tr data-testid={format!("traffic-{}", route.trim_start_matches('/'))}>
            <th scope="row">{ route }</th>
            <td>{ summary.map_or(0, |s| s.count) }</td>
            <td>{ cell(summary.map(|s| s.p50_ms)) }</td>
            <td>{ cell(summary.map(|s| s.p95_ms)) }</td>
            <td>{ cell(summary.map(|s| s.p99_ms)) }</td>
            <td>{ cell(summary.map(|s| s.max_ms)) }</td>
        </tr>
    }
}

#[function_component]
pub fn TrafficResult(
    Props {
        mode,
        report,
        compact,
    }: &Props,
) -> Html {
    let c = report.counts;
    let split = match (report.heavy_wait_p50_ms, report.heavy_run_p50_ms) {
        (Some(wait), Some(run)) => format!(
            "A /heavy request waited a median {} (for the event loop, then in the queue), then ran {}; \
             /light is answered on the main thread at once, once the loop gets to it.",
            latency(wait),
            latency(run)
        ),
        _ => "/light is answered on the main thread at once, once the loop gets to it.".into(),
    };
    let failed = match (c.failed, &report.last_failure) {
        (0, _) => String::new(),
        (n, Some(why)) => format!(" ({n} with an error: {why})"),
        (n, None) => format!(" ({n} with an error)"),
    };
    html! {
        <div class="traffic-result" data-testid="traffic-result">
            <p class="traffic-verdict" data-testid="traffic-verdict">{ verdict(mode, report) }</p>
            <div class="traffic-table">
                <table class="traffic-latency">
                    <caption>{ "Latency from each request's intended send time to its answer, as wrk2 and autocannon -R count it: a stalled loop cannot hide its delay." }</caption>
                    <thead><tr><th scope="col">{ "route" }</th><th scope="col">{ "answered" }</th><th scope="col">{ "p50" }</th>
                        <th scope="col">{ "p95" }</th><th scope="col">{ "p99" }</th><th scope="col">{ "max" }</th></tr></thead>
                    <tbody>
                        { row("/light", report.light) }
                        { row("/heavy", report.heavy) }
                    </tbody>
                </table>
            </div>
            <p data-testid="traffic-split">{ split }</p>
            if !*compact {
                <super::traffic_picture::TrafficPicture picture={report.picture.clone()} />
            }
            <p data-testid="traffic-counts">
                { format!(
                    "Sent {} = answered {}{failed} + turned away {} (503, queue full) + stopped {}. {:.1} answers a second; load ρ {}.",
                    c.sent, c.answered, c.rejected, c.stopped, report.throughput_per_s,
                    report.rho.map_or("–".into(), |r| format!("{r:.2} (/heavy arrivals a second × their run time ÷ jobs at once; past 1 the queue grows)")),
                ) }
            </p>
            if let Some(late) = report.sent_late_p50_ms {
                <p class="hint" data-testid="traffic-floor">{ format!(
                    "The clients' own timers sent requests a median {} after their time (a browser delays nested timers up to 4 ms): \
                     every latency above includes that, in every mode alike.", latency(late)
                ) }</p>
            }
        </div>
    }
}
