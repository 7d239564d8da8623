//! What this page can do, read once at start-up and shown plainly to the user.

use wasm_bindgen::{JsCast, JsValue};

#[derive(Clone, Debug, PartialEq)]
pub struct Capabilities {
    /// COOP/COEP in force: the only state in which a SharedArrayBuffer may be posted to a
    /// worker, hence the only state in which the pool can start.
    pub cross_origin_isolated: bool,
    /// Whether the SharedArrayBuffer constructor exists at all.
    pub shared_array_buffer: bool,
    /// Whether a shared WebAssembly memory can be made here, as the pool's engine needs:
    /// some browsers report isolation yet withhold shared memory (WebKitGTK without
    /// `JSC_useSharedArrayBuffer`), and the pool would wait for its start deadline.
    pub shared_memory: bool,
    /// navigator.hardwareConcurrency: the upper bound for `threads`.
    pub cores: u32,
    /// Whether the page runs inside a frame (a blog post's iframe, say).
    pub framed: bool,
    /// How the page got isolated, or why not, as www/isolation.js recorded it.
    pub isolation: Isolation,
}

/// How the page got cross-origin isolated: the host's headers, or this site's service
/// worker (www/isolation-sw.js, which hosts that send no headers need).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum How {
    Headers,
    ServiceWorker,
    None,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Isolation {
    pub how: How,
    /// Why not, and what the reader can do, in plain words; None when unknown.
    pub why: Option<String>,
    /// A reload that should isolate the page is about to happen.
    pub pending: bool,
}

impl Isolation {
    /// From `globalThis.offloadIsolation` (www/isolation.js), trusting the browser's own
    /// `crossOriginIsolated` over it: a missing or malformed record cannot claim isolation.
    pub fn from_record(
        isolated: bool,
        how: Option<&str>,
        why: Option<String>,
        pending: bool,
    ) -> Self {
        let how = match (isolated, how) {
            (true, Some("service-worker")) => How::ServiceWorker,
            (true, _) => How::Headers,
            (false, _) => How::None,
        };
        let (why, pending) = if how == How::None {
            (why, pending)
        } else {
            (None, false)
        };
        Isolation { how, why, pending }
    }

    /// `data-isolation-how`, as isolation.js spells it.
    pub fn how_name(&self) -> &'static str {
        match self.how {
            How::Headers => "headers",
            How::ServiceWorker => "service-worker",
            How::None => "none",
        }
    }
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
        let isolated = isolated.is_ok_and(|v| v.is_truthy());
        let record = js_sys::Reflect::get(&global, &JsValue::from_str("offloadIsolation"))
            .ok()
            .filter(|r| r.is_object());
        let field = |name: &str| {
            record
                .as_ref()
                .and_then(|r| js_sys::Reflect::get(r, &JsValue::from_str(name)).ok())
        };
        let how = field("how").and_then(|v| v.as_string());
        let why = field("why").and_then(|v| v.as_string());
        let pending = field("pending").and_then(|v| v.as_bool()).unwrap_or(false);
        Capabilities {
            cross_origin_isolated: isolated,
            isolation: Isolation::from_record(isolated, how.as_deref(), why, pending),
            shared_array_buffer: has("SharedArrayBuffer"),
            shared_memory: has("SharedArrayBuffer") && shared_wasm_memory(),
            cores: (window.navigator().hardware_concurrency() as u32).max(1),
            framed,
        }
    }

    /// Why the page is not cross-origin isolated, in a few words; None if it is.
    pub fn not_isolated_why(&self) -> Option<String> {
        if self.cross_origin_isolated {
            return None;
        }
        Some(match &self.isolation {
            Isolation { pending: true, .. } => "it reloads once to become so".into(),
            Isolation { why: Some(why), .. } => why.clone(),
            _ => "it was served without COOP and COEP headers".into(),
        })
    }

    /// What keeps the pool from starting here, if anything.
    pub fn pool_blocker(&self) -> Option<PoolBlocker> {
        match (self.cross_origin_isolated, self.shared_memory) {
            (false, _) => Some(PoolBlocker::NotIsolated),
            (true, false) => Some(PoolBlocker::NoSharedMemory),
            (true, true) => None,
        }
    }

    /// Why the pool cannot start here, in words a reader of the page can act on.
    pub fn pool_unavailable_reason(&self) -> Option<String> {
        match self.pool_blocker()? {
            PoolBlocker::NoSharedMemory => return Some(NO_SHARED_MEMORY.into()),
            PoolBlocker::NotIsolated => {}
        }
        let why = match &self.isolation {
            Isolation { pending: true, .. } => " yet: it reloads once to become so".into(),
            Isolation { why: Some(why), .. } => format!(": {why}"),
            _ => " (it was served without COOP and COEP headers)".into(),
        };
        Some(format!(
            "the pool needs shared memory, which a browser gives only to a cross-origin isolated \
             page; this one is not{why}"
        ))
    }
}

/// What keeps the pool from starting.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PoolBlocker {
    /// No COOP/COEP (or Document-Isolation-Policy): no browser shares memory then.
    NotIsolated,
    /// Isolated, yet no SharedArrayBuffer or no shared WebAssembly memory.
    NoSharedMemory,
}

const NO_SHARED_MEMORY: &str = "this browser has no SharedArrayBuffer here, though the page is \
     cross-origin isolated: the pool needs shared memory; message-pool does not";

/// What the page says when a link asked for the pool and shared memory is missing.
pub fn no_shared_memory_notice() -> String {
    "The pool cannot start: this browser has no SharedArrayBuffer here, though the page is \
     cross-origin isolated. Running on message-pool instead, which needs no shared memory \
     (its workers copy their data)."
        .into()
}

/// Whether a shared WebAssembly memory can be made and really is shared: what the
/// engine's module imports. Cheap (one 64 KiB page), read once at start-up.
fn shared_wasm_memory() -> bool {
    let descriptor = js_sys::Object::new();
    let set = |key: &str, value: JsValue| {
        js_sys::Reflect::set(&descriptor, &JsValue::from_str(key), &value).is_ok()
    };
    if !(set("initial", 1.into()) && set("maximum", 1.into()) && set("shared", true.into())) {
        return false;
    }
    js_sys::WebAssembly::Memory::new(&descriptor)
        .map(|memory| {
            memory
                .buffer()
                .is_instance_of::<js_sys::SharedArrayBuffer>()
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caps(isolated: bool, shared_memory: bool) -> Capabilities {
        Capabilities {
            cross_origin_isolated: isolated,
            shared_array_buffer: shared_memory,
            shared_memory,
            cores: 2,
            framed: false,
            isolation: Isolation::from_record(isolated, None, None, false),
        }
    }

    #[test]
    fn the_pool_needs_isolation_and_shared_memory() {
        assert_eq!(caps(true, true).pool_blocker(), None);
        assert_eq!(caps(true, true).pool_unavailable_reason(), None);
        // WebKitGTK without JSC_useSharedArrayBuffer: isolated, yet no shared memory.
        let webkit = caps(true, false);
        assert_eq!(webkit.pool_blocker(), Some(PoolBlocker::NoSharedMemory));
        let reason = webkit.pool_unavailable_reason().unwrap();
        assert!(
            reason.contains("no SharedArrayBuffer here, though the page is cross-origin isolated"),
            "{reason}"
        );
        assert!(reason.contains("message-pool does not"), "{reason}");
        assert_eq!(webkit.not_isolated_why(), None);
        // Not isolated: that reason first, whatever the constructor says.
        for shared in [true, false] {
            let plain = caps(false, shared);
            assert_eq!(plain.pool_blocker(), Some(PoolBlocker::NotIsolated));
            assert!(
                plain
                    .pool_unavailable_reason()
                    .unwrap()
                    .contains("cross-origin isolated page; this one is not")
            );
        }
        assert!(no_shared_memory_notice().contains("Running on message-pool instead"));
    }

    #[test]
    fn the_browser_has_the_last_word() {
        let sw = |isolated| Isolation::from_record(isolated, Some("service-worker"), None, false);
        assert_eq!(sw(true).how, How::ServiceWorker);
        assert_eq!(sw(false).how, How::None);
        let none = Isolation::from_record(true, Some("none"), Some("x".into()), true);
        assert_eq!(
            (none.how, none.why, none.pending),
            (How::Headers, None, false)
        );
        assert_eq!(
            Isolation::from_record(true, None, None, false).how,
            How::Headers
        );
        let off = Isolation::from_record(false, None, Some("off".into()), false);
        assert_eq!((off.how_name(), off.why.as_deref()), ("none", Some("off")));
    }
}
