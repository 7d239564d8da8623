//! The live strip at the top: the frame counter, the CSS animation, the event-loop lag and
//! the click counter. Yew renders it once; the meters then write each reading straight into
//! the few texts that change (`meter_text`), so an idle frame costs one text node, not a
//! render of the strip (and so nothing at all while the main thread is busy).

use super::click_counter::ClickCounter;
use super::compositor_spinner::CompositorSpinner;
use super::frame_counter::FrameCounter;
use super::loop_lag_meter::LoopLagMeter;
use super::meter_text::{MeterText, SLOTS, Slot};
use crate::instruments::meters::{Meters, Reading};
use crate::instruments::observer::now_ms;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub meters: Meters,
    /// A run has started since the page loaded: before that, per-run figures are "—".
    pub ran: bool,
}

/// The elements whose text changes, in `Slot` order; the components put them in place.
#[derive(Clone, Default, PartialEq)]
pub struct Slots(pub [NodeRef; SLOTS]);

impl Slots {
    pub fn get(&self, slot: Slot) -> NodeRef {
        self.0[slot as usize].clone()
    }
}

#[function_component]
pub fn LiveMeters(Props { meters, ran }: &Props) -> Html {
    let slots = use_memo((), |_| Slots::default());
    // Read by the painter on each reading: a render only changes the cell.
    let had_run = use_memo((), |_| Rc::new(Cell::new(*ran)));
    had_run.set(*ran);
    {
        let (slots, had_run) = ((*slots).clone(), (*had_run).clone());
        use_effect_with(meters.clone(), move |meters| {
            let text = RefCell::new(MeterText::default());
            let paint = move |reading: &Reading| {
                let changes = text.borrow_mut().changes(reading, had_run.get(), now_ms());
                for (slot, value) in changes {
                    if let Some(element) = slots.get(slot).get() {
                        element.set_text_content(Some(&value));
                    }
                }
            };
            paint(&meters.read());
            meters.subscribe(Callback::from(move |reading: Reading| paint(&reading)));
            let meters = meters.clone();
            move || meters.unsubscribe()
        });
    }
    html! {
        <section class="live">
            <FrameCounter slots={(*slots).clone()} />
            <CompositorSpinner />
            <LoopLagMeter slots={(*slots).clone()} />
            <ClickCounter slots={(*slots).clone()} />
        </section>
    }
}
