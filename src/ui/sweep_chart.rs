//! "Sweep the load": p99 latency of `/light` and `/heavy` against the load ρ, beside
//! M/M/c's prediction for `/heavy`, and a table of the same figures. The geometry is
//! `crate::chart::sweep`'s; sizes come from the stylesheet (no style attribute: the CSP).

use crate::chart::sweep::{self, Mark};
use crate::runs::traffic::latency;
use crate::traffic::sweep::{Point, Sweep};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub sweep: Sweep,
    /// The job and its parameters, "fib n=38".
    pub job: String,
}

fn polyline(points: &[(f64, f64)]) -> String {
    points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn dots(class: &'static str, points: &[(f64, f64)]) -> Html {
    html! {
        <g class={class}>
            <polyline points={polyline(points)} />
            { for points.iter().map(|(x, y)| html! { <circle cx={format!("{x:.1}")} cy={format!("{y:.1}")} r="3.5" /> }) }
        </g>
    }
}

/// In words, for the mark's title and tests; the chart shows the number alone.
fn mark_text(mark: Mark) -> String {
    match mark {
        Mark::Rejected(n) => format!("{n} turned away"),
        Mark::QueueGrew(peak) => format!("queue grew to {peak}"),
    }
}

fn mark_number(mark: Mark) -> u32 {
    match mark {
        Mark::Rejected(n) | Mark::QueueGrew(n) => n,
    }
}

fn ms_cell(ms: Option<f64>) -> String {
    ms.map_or_else(|| "–".into(), latency)
}

fn row(sweep: &Sweep, i: usize, p: &Point) -> Html {
    let r = &p.report;
    let turned_away = match (p.rejected(), sweep.queue_grew(p)) {
        (0, true) => format!("0 (queue grew to {})", r.queue_peak),
        (n, _) => n.to_string(),
    };
    let predicted = match p.predicted_p99_ms {
        Some(ms) => latency(ms),
        None if p.rho_asked >= 1.0 => "none (ρ ≥ 1)".into(),
        None => "–".into(),
    };
    html! {
        <tr data-testid={format!("sweep-row-{i}")}>
            <th scope="row">{ format!("{:.2}", p.rho_asked) }</th>
            <td>{ format!("{}/s", p.rate_per_s) }</td>
            <td>{ r.rho.map_or("–".into(), |rho| format!("{rho:.2}")) }</td>
            <td>{ ms_cell(r.light.map(|s| s.p99_ms)) }</td>
            <td>{ ms_cell(r.heavy.map(|s| s.p99_ms)) }</td>
            <td>{ ms_cell(p.simulated_p99_ms) }</td>
            <td>{ predicted }</td>
            <td>{ ms_cell(r.heavy_wait_p50_ms) }</td>
            <td>{ turned_away }</td>
        </tr>
    }
}

#[function_component]
pub fn SweepChart(Props { sweep, job }: &Props) -> Html {
    let mode = sweep.plan().mode.name();
    let t = sweep.traffic();
    let queue = t
        .queue
        .map_or("unbounded".into(), |q| format!("at most {q} waiting"));
    let asked = format!(
        "{job} in {mode}, {} s a stream, {} % /heavy, {} arrivals, queue {queue}",
        t.seconds,
        t.heavy_percent,
        t.arrivals.name()
    );
    let model = match sweep.service_ms {
        Some(s) => format!(
            "S = {} (one /heavy job: the shorter of {} single runs in {mode}), c = {} (jobs {mode} runs at once)",
            latency(s),
            crate::traffic::sweep::MEASURE_RUNS,
            sweep.servers
        ),
        None => "S (one /heavy job's time) is being measured".into(),
    };
    let chart = sweep::plot(sweep, sweep::FRAME).map(|p| {
        let f = p.frame;
        let (x0, x1, y0, y1) = (f.left, f.width - f.right, f.top, f.height - f.bottom);
        html! {
            <figure class="sweep-chart" data-testid="sweep-chart">
                <figcaption>{ format!("p99 latency against the load ρ: {asked}") }</figcaption>
                <svg viewBox={format!("0 0 {} {}", f.width, f.height)} role="img"
                    aria-label={format!("p99 latency in ms, log scale, against load ρ, for /light and /heavy in {mode}, and the M/D/c prediction for /heavy")}>
                    { for p.y_ticks.iter().map(|&(y, ms)| html! {
                        <g class="tick">
                            <line x1={x0.to_string()} x2={x1.to_string()} y1={y.to_string()} y2={y.to_string()} />
                            <text x={(x0 - 6.0).to_string()} y={(y + 4.0).to_string()} text-anchor="end">{ sweep::decade_label(ms) }</text>
                        </g>
                    }) }
                    { for p.x_ticks.iter().map(|&(x, rho)| html! {
                        <text class="tick" x={x.to_string()} y={(y1 + 16.0).to_string()} text-anchor="middle">{ format!("{rho:.1}") }</text>
                    }) }
                    <line class="saturation" x1={p.saturation_x.to_string()} x2={p.saturation_x.to_string()} y1={y0.to_string()} y2={y1.to_string()} />
                    <text class="saturation-label" x={(p.saturation_x + 4.0).to_string()} y={(y1 - 4.0).to_string()} text-anchor="start">{ "ρ = 1" }</text>
                    <text class="axis" x={((x0 + x1) / 2.0).to_string()} y={(f.height - 4.0).to_string()} text-anchor="middle">{ "load ρ = λ·share·S / c (asked)" }</text>
                    <text class="axis" transform={format!("translate(12 {}) rotate(-90)", (y0 + y1) / 2.0)} text-anchor="middle">{ "p99 latency, ms (log scale)" }</text>
                    if !p.predicted.is_empty() {
                        <polyline class="predicted" points={polyline(&p.predicted)} />
                    }
                    { dots("series-light", &p.light) }
                    { dots("series-heavy", &p.heavy) }
                    { for p.marks.iter().map(|&(x, y, mark)| html! {
                        <g class="mark" data-mark={mark_text(mark)}>
                            <circle cx={format!("{x:.1}")} cy={format!("{y:.1}")} r="7" />
                            <title>{ mark_text(mark) }</title>
                            <text x={format!("{x:.1}")} y={format!("{:.1}", y + 19.0)} text-anchor="middle">{ mark_number(mark) }</text>
                        </g>
                    }) }
                </svg>
                <ul class="legend">
                    <li class="series-light">{ "/light p99 (measured)" }</li>
                    <li class="series-heavy">{ "/heavy p99 (measured)" }</li>
                    <li class="predicted">{ format!("/heavy: M/D/c prediction (Poisson arrivals, every job S), c = {}, with this queue and stream length, simulated", sweep.servers) }</li>
                    <li class="mark">{ "ring and number under it: requests turned away (503, queue full), or the most that waited in an unbounded queue that grew (ρ ≥ 1)" }</li>
                </ul>
            </figure>
        }
    });
    html! {
        <section class="sweep" data-testid="sweep" data-state={sweep.state_name()} data-sweep={sweep.json().to_string()}
            aria-labelledby="sweep-title">
            <h2 id="sweep-title">{ format!("Sweep the load: {job} in {mode}") }</h2>
            <p role="status" data-testid="sweep-status">{ sweep.status_text() }</p>
            <p class="hint" data-testid="sweep-model">{ format!(
                "Each stream sends requests at λ a second so that ρ = λ·share·S / c is the load asked; {model}. \
                 The dashed line is M/D/c (Poisson arrivals, every job exactly S, as these jobs nearly are), simulated with \
                 this stream's queue and length, so it answers past ρ = 1 too. The table adds M/M/c's textbook steady state \
                 (exponential job times, whose own p99 is 4.6 × S before any wait): far above, and none at ρ ≥ 1."
            ) }</p>
            { for chart }
            if !sweep.points.is_empty() {
                <div class="traffic-table">
                    <table class="traffic-latency sweep-table" data-testid="sweep-table">
                        <caption>{ "Each stream's figures: latency from each request's intended send time to its answer; ρ measured from the /heavy runs' own mean time." }</caption>
                        <thead><tr>
                            <th scope="col">{ "ρ asked" }</th><th scope="col">{ "rate sent" }</th><th scope="col">{ "ρ measured" }</th>
                            <th scope="col">{ "/light p99" }</th><th scope="col">{ "/heavy p99" }</th><th scope="col">{ "/heavy p99, M/D/c (simulated)" }</th><th scope="col">{ "/heavy p99, M/M/c" }</th>
                            <th scope="col">{ "/heavy wait p50" }</th><th scope="col">{ "turned away (503)" }</th>
                        </tr></thead>
                        <tbody>
                            { for sweep.points.iter().enumerate().map(|(i, p)| row(sweep, i, p)) }
                        </tbody>
                    </table>
                </div>
            }
        </section>
    }
}
