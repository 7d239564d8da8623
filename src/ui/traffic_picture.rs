//! A stream in pictures: the queue and the requests in flight over the stream's time, and
//! each route's latencies as a histogram on doubling buckets. Geometry in SVG attributes
//! (the policy refuses style attributes); colours from www/style.css.

use crate::traffic::picture::{BUCKETS_MS, Picture, TracePoint};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub picture: Picture,
}

const WIDTH: f64 = 600.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 10.0;

fn step_line(
    trace: &[TracePoint],
    value: impl Fn(&TracePoint) -> u32,
    x: impl Fn(f64) -> f64,
    y: impl Fn(u32) -> f64,
) -> String {
    let mut points = Vec::new();
    let mut last: Option<u32> = None;
    for p in trace {
        let v = value(p);
        if let Some(before) = last {
            // A step: the old value up to this moment, then the new one.
            points.push(format!("{:.1},{:.1}", x(p.t_ms), y(before)));
        }
        points.push(format!("{:.1},{:.1}", x(p.t_ms), y(v)));
        last = Some(v);
    }
    points.join(" ")
}

fn bucket_label(i: usize) -> String {
    match BUCKETS_MS.get(i) {
        Some(&ms) if ms < 1000.0 => format!("{ms}"),
        Some(&ms) => format!("{} s", ms / 1000.0),
        None => "> 4 s".into(),
    }
}

fn histogram(route: &'static str, counts: &[u32]) -> Html {
    let (height, top, bottom) = (96.0, 14.0, 18.0);
    let most = counts.iter().copied().max().unwrap_or(0).max(1);
    let slot = (WIDTH - LEFT - RIGHT) / counts.len() as f64;
    let total: u32 = counts.iter().sum();
    html! {
        <figure class="traffic-histogram" data-testid={format!("histogram-{}", route.trim_start_matches('/'))}
            data-counts={counts.iter().map(u32::to_string).collect::<Vec<_>>().join(" ")}>
            <figcaption>{ format!("{route}: {total} answers by latency (ms; each bucket up to about twice the last)") }</figcaption>
            <svg viewBox={format!("0 0 {WIDTH} {height}")} role="img"
                aria-label={format!("histogram of {route} latencies on doubling buckets from 0.5 ms to over 4 s")}>
                { for counts.iter().enumerate().map(|(i, &n)| {
                    let h = (height - top - bottom) * f64::from(n) / f64::from(most);
                    let x = LEFT + slot * i as f64;
                    html! {
                        <g>
                            <rect class="bar" x={format!("{:.1}", x + 2.0)} y={format!("{:.1}", height - bottom - h)}
                                width={format!("{:.1}", slot - 4.0)} height={format!("{h:.1}")} />
                            if n > 0 {
                                <text x={format!("{:.1}", x + slot / 2.0)} y={format!("{:.1}", height - bottom - h - 3.0)} text-anchor="middle">{ n }</text>
                            }
                            <text class="bucket" x={format!("{:.1}", x + slot / 2.0)} y={format!("{:.1}", height - 4.0)} text-anchor="middle">{ bucket_label(i) }</text>
                        </g>
                    }
                }) }
            </svg>
        </figure>
    }
}

#[function_component]
pub fn TrafficPicture(Props { picture }: &Props) -> Html {
    let trace = &picture.trace;
    let (height, top, bottom) = (120.0, 8.0, 22.0);
    let end = trace.last().map_or(1.0, |p| p.t_ms.max(1.0));
    let most = trace
        .iter()
        .map(|p| p.waiting.max(p.running))
        .max()
        .unwrap_or(0)
        .max(1);
    let x = |t: f64| LEFT + (WIDTH - LEFT - RIGHT) * (t / end).clamp(0.0, 1.0);
    let y = |v: u32| height - bottom - (height - top - bottom) * f64::from(v) / f64::from(most);
    let ticks = [0.0, end / 2.0, end];
    html! {
        <div class="traffic-picture">
            if !trace.is_empty() {
                <figure class="traffic-queue" data-testid="traffic-queue"
                    data-peak-waiting={trace.iter().map(|p| p.waiting).max().unwrap_or(0).to_string()}>
                    <figcaption>{ "/heavy requests waiting in the queue and running, over the stream (ms since it started)" }</figcaption>
                    <svg viewBox={format!("0 0 {WIDTH} {height}")} role="img"
                        aria-label="requests waiting and running over the stream's time">
                        <line class="axis-line" x1={LEFT.to_string()} x2={(WIDTH - RIGHT).to_string()} y1={y(0).to_string()} y2={y(0).to_string()} />
                        <text x={(LEFT - 6.0).to_string()} y={(y(0) + 4.0).to_string()} text-anchor="end">{ "0" }</text>
                        <text x={(LEFT - 6.0).to_string()} y={(y(most) + 4.0).to_string()} text-anchor="end">{ most }</text>
                        // The first and last labels lean inwards, or the edges would cut them.
                        { for ticks.iter().zip(["start", "middle", "end"]).map(|(&t, anchor)| html! {
                            <text x={format!("{:.1}", x(t))} y={(height - 6.0).to_string()} text-anchor={anchor}>{ format!("{t:.0} ms") }</text>
                        }) }
                        <polyline class="series-running" points={step_line(trace, |p| p.running, x, y)} />
                        <polyline class="series-waiting" points={step_line(trace, |p| p.waiting, x, y)} />
                    </svg>
                    <ul class="legend">
                        <li class="series-running">{ "running" }</li>
                        <li class="series-waiting">{ "waiting in the queue" }</li>
                    </ul>
                </figure>
            }
            { histogram("/light", &picture.light) }
            { histogram("/heavy", &picture.heavy) }
        </div>
    }
}
