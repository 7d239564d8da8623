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

    /// Why the pool cannot start here, in words a reader of the page can act on.
    pub fn pool_unavailable_reason(&self) -> Option<String> {
        if self.cross_origin_isolated {
            return None;
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

#[cfg(test)]
mod tests {
    use super::*;

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
