//! "What this run shows": two or three sentences built from the newest run's figures, and
//! the reminder that a worker is not faster, only more responsive.

use crate::lesson::{explain, not_faster};
use crate::runs::{History, Run};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub run: Option<Run>,
    pub runs: History,
}

#[function_component]
pub fn LessonNote(Props { run, runs }: &Props) -> Html {
    let sentences = run.as_ref().map(|r| explain(r, runs)).unwrap_or_default();
    html! {
        <section class="lesson-note" data-testid="lesson-note" aria-labelledby="lesson-note-title">
            <h2 id="lesson-note-title">{ "What this run shows" }</h2>
            if sentences.is_empty() {
                <p class="hint">{ "Run a job to see what it did to the page, in words. \"Run in every mode\" runs it on the main thread first, then offloaded, so you can feel the difference." }</p>
            } else {
                <p data-testid="lesson-text">{ sentences.join(" ") }</p>
            }
            <p class="not-faster" data-testid="not-faster">{ not_faster(run.as_ref(), runs) }</p>
        </section>
    }
}
