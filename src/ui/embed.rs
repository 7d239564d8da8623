//! The compact layout for a blog's iframe (`embed=1`): the live meters in one row, the
//! App's controls (modes as short labels), Run and Stop with the newest run's figures right
//! under them, one line on what the frame can do, and a way out to the full page.
//! No history table and no capability list: a post has little room. No "Run in every
//! mode" either: it makes seven runs, and each one's figures replace the last's here; the
//! comparison it exists for is the full page's side-by-side table, too wide for a post's
//! column, so the footer's link offers it there.

use super::capability_list::CapabilitySummary;
use super::last_run::LastRun;
use super::lesson_note::LessonNote;
use super::live_meters::LiveMeters;
use crate::browser::capabilities::Capabilities;
use crate::instruments::meters::Meters;
use crate::runs::{History, Run};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub meters: Meters,
    pub caps: Capabilities,
    pub run: Option<Run>,
    /// Every run, so the lesson can compare the newest with main's.
    pub runs: History,
    /// This set-up in the full page: the address without `embed`.
    pub full: String,
    /// The job, the mode and the notice: the App's own controls.
    pub children: Html,
    /// Run and Stop.
    pub buttons: Html,
}

#[function_component]
pub fn Embed(props: &Props) -> Html {
    html! {
        <main class="embed" data-testid="embed">
            // Screen readers navigate by headings; the post around the frame has its own.
            <h1 class="visually-hidden">{ "Offload playground" }</h1>
            <LiveMeters meters={props.meters.clone()} ran={props.run.is_some()} />
            { props.children.clone() }
            { props.buttons.clone() }
            <LastRun run={props.run.clone()} compact=true />
            // After the first run only: before it, the lesson would stand between the
            // controls and the footer with nothing yet to point at.
            if props.run.is_some() {
                <LessonNote run={props.run.clone()} runs={props.runs.clone()} />
            }
            <footer class="embed-footer">
                <CapabilitySummary caps={props.caps.clone()} />
                // A new tab: the blog reader keeps their place in the post.
                <a href={props.full.clone()} target="_blank" rel="noopener" data-testid="open-full">
                    { "Open the full playground" }
                </a>
            </footer>
        </main>
    }
}
