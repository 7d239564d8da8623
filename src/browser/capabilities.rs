//! What this page can do, read once at start-up and shown plainly to the user.

use wasm_bindgen::JsValue;

#[derive(Clone, Debug, PartialEq)]
pub struct Capabilities {
    /// COOP/COEP in force: the only state in which a SharedArrayBuffer may be posted to a
    /// worker, hence the only state in which the pool can start.
    pub cross_origin_isolated: bool,
    /// Whether the SharedArrayBuffer constructor exists at all.
    pub shared_array_buffer: bool,
    /// navigator.hardwareConcurrency: the upper bound for `threads`.
    pub cores: u32,
    /// Whether the page runs inside a frame (a blog post's iframe, say).
    pub framed: bool,
}

impl Capabilities {
    pub fn detect() -> Capabilities {
        let window = web_sys::window().expect("the page runs in a window");
        let global = js_sys::global();
        let has =
            |name: &str| js_sys::Reflect::has(&global, &JsValue::from_str(name)).unwrap_or(false);
        // Read as a property: web-sys exposes no stable getter for it.
        let isolated = js_sys::Reflect::get(&global, &JsValue::from_str("crossOriginIsolated"));
        let framed = match (window.top(), window.self_()) {
            (Ok(Some(top)), this) => !js_sys::Object::is(&top, &this),
            _ => true,
        };
        Capabilities {
            cross_origin_isolated: isolated.is_ok_and(|v| v.is_truthy()),
            shared_array_buffer: has("SharedArrayBuffer"),
            cores: (window.navigator().hardware_concurrency() as u32).max(1),
            framed,
        }
    }

    /// Why the pool cannot start here, in words a reader of the page can act on.
    pub fn pool_unavailable_reason(&self) -> Option<String> {
        if self.cross_origin_isolated {
            return None;
        }
        Some(
            "the pool needs shared memory, which a browser gives only to a cross-origin isolated \
             page (served with COOP and COEP headers); this one is not"
                .into(),
        )
    }
}
