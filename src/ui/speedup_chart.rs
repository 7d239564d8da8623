//! A small SVG chart: wall time against threads for the newest run's job and parameters,
//! one line per threaded mode, and the ideal T1/N. The geometry is `crate::chart`'s.

use crate::chart::{self, Frame};
use crate::form::Mode;
use crate::runs::History;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub runs: History,
}

fn class_of(mode: Mode) -> &'static str {
    match mode {
        Mode::Pool => "series-pool",
        _ => "series-message-pool",
    }
}

fn polyline(points: &[(f64, f64)]) -> String {
    points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[function_component]
pub fn SpeedupChart(Props { runs }: &Props) -> Html {
    let Some(last) = runs.last() else {
        return html! {};
    };
    let series = chart::series_from(runs, &last.plan.job);
    let Some(plot) = chart::plot(&series, Frame::DEFAULT) else {
        return html! {};
    };
    let f = plot.frame;
    let what = format!("{} {}", last.plan.job.name(), last.params_text());
    let ideal = plot
        .ideal_from
        .map(|(mode, t1)| format!("ideal T1/N, T1 = {} on 1 thread, {t1:.0} ms", mode.name()));
    html! {
        <figure class="speedup-chart" data-testid="speedup-chart">
            <figcaption>{ format!("Wall time against threads: {what} (best run at each count)") }</figcaption>
            <svg viewBox={format!("0 0 {} {}", f.width, f.height)} role="img"
                aria-label={format!("wall time in ms against threads for {what}")}>
                { for plot.y_ticks.iter().map(|&(y, ms)| html! {
                    <g class="tick">
                        <line x1={f.left.to_string()} x2={(f.width - f.right).to_string()} y1={y.to_string()} y2={y.to_string()} />
                        <text x={(f.left - 6.0).to_string()} y={(y + 4.0).to_string()} text-anchor="end">{ format!("{ms:.0}") }</text>
                    </g>
                }) }
                { for plot.x_ticks.iter().map(|&(x, threads)| html! {
                    <text class="tick" x={x.to_string()} y={(f.height - f.bottom + 16.0).to_string()} text-anchor="middle">{ threads }</text>
                }) }
                <text class="axis" x={((f.left + f.width - f.right) / 2.0).to_string()} y={(f.height - 4.0).to_string()} text-anchor="middle">{ "threads" }</text>
                <text class="axis" transform={format!("translate(12 {}) rotate(-90)", (f.top + f.height - f.bottom) / 2.0)} text-anchor="middle">{ "wall time, ms" }</text>
                if !plot.ideal.is_empty() {
                    <polyline class="ideal" points={polyline(&plot.ideal)} />
                }
                { for plot.series.iter().map(|(mode, points)| html! {
                    <g class={class_of(*mode)} data-mode={mode.name()}>
                        <polyline points={polyline(points)} />
                        { for points.iter().map(|(x, y)| html! { <circle cx={x.to_string()} cy={y.to_string()} r="3.5" /> }) }
                    </g>
                }) }
            </svg>
            <ul class="legend">
                { for plot.series.iter().map(|(mode, _)| html! { <li class={class_of(*mode)}>{ mode.name() }</li> }) }
                if let Some(ideal) = ideal {
                    <li class="ideal">{ ideal }</li>
                } else {
                    <li class="ideal">{ "ideal line: needs a run on 1 thread" }</li>
                }
            </ul>
        </figure>
    }
}
