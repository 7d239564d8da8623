//! Offload's page: a yew front end that runs CPU-heavy jobs on the main thread (freezing
//! the page on purpose), in one worker, or on the engine's rayon pool, and measures what
//! each does to the page. See ARCHITECTURE.md for the map.

pub mod browser;
pub mod chart;
pub mod embed_code;
pub mod form;
pub mod inside_worker;
pub mod instruments;
pub mod lesson;
pub mod modes;
pub mod peers;
pub mod presentation;
pub mod runs;
pub mod traffic;
mod ui;
pub mod workers;

use wasm_bindgen::prelude::*;

/// Runs whenever the module is instantiated: in the page, and again in the `worker`
/// mode's worker, which instantiates the same module and has no window and no UI.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        if let Some(loading) = document.get_element_by_id("loading") {
            loading.remove();
        }
        yew::Renderer::<ui::App>::new().render();
    }
}
