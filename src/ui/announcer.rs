//! A polite live region: a screen reader hears each finished run's verdict without the
//! reader leaving the controls. Always in the page (a region added with its text is not
//! announced), visually hidden (the same words lead the run's figures on screen).

use crate::runs::verdict::verdict;
use crate::runs::{Run, RunState};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub run: Option<Run>,
}

/// "Run 3, worker: Page stayed live: 60 fps, longest frame gap 17 ms.", or the failure.
fn announcement(run: &Run) -> Option<String> {
    let what = format!("Run {}, {}", run.id, run.plan.mode.name());
    match &run.state {
        RunState::Running => None,
        RunState::Failed(reason) => Some(format!("{what} failed: {reason}")),
        RunState::Done(_) => Some(format!("{what}: {}", verdict(&run.page?).line)),
    }
}

#[function_component]
pub fn Announcer(Props { run }: &Props) -> Html {
    let text = run.as_ref().and_then(announcement).unwrap_or_default();
    html! {
        <p class="visually-hidden" aria-live="polite" data-testid="announcer">{ text }</p>
    }
}
