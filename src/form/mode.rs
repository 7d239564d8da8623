//! Where a job runs: the modes' names as the URL and the picker spell them.

use super::{FieldError, Key};

/// Where a job runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Synchronously on the page's main thread: the page freezes, on purpose.
    Main,
    /// The same job in an `async` function, awaited on the main thread: it freezes exactly
    /// like `Main`, because the work never yields.
    Async,
    /// On the main thread in slices of `slice` ms, yielding to the event loop between them.
    Chunked,
    /// In one dedicated worker running its own instance of the page's module.
    Worker,
    /// In a new worker for every run (the anti-pattern a pool avoids): pays the start-up.
    Spawn,
    /// Split into tasks across workers that share no memory; data crosses as messages.
    MessagePool,
    /// On the engine's rayon pool over shared memory, in its own worker.
    Pool,
    /// Peer: the job in plain JavaScript on the page's main thread (freezes it, like `Main`).
    JsMain,
    /// Peer: the job in plain JavaScript in a worker.
    JsWorker,
    /// Peer: WebCrypto's PBKDF2, one password at a time (each awaited before the next).
    WebCrypto,
    /// Peer: WebCrypto's PBKDF2, every password at once, awaited with `Promise.all`.
    WebCryptoAll,
}

impl Mode {
    /// Offload's own modes, then the peers (the browser's own code, for comparison).
    pub const ALL: [Mode; 11] = [
        Mode::Main,
        Mode::Async,
        Mode::Chunked,
        Mode::Worker,
        Mode::Spawn,
        Mode::MessagePool,
        Mode::Pool,
        Mode::JsMain,
        Mode::JsWorker,
        Mode::WebCrypto,
        Mode::WebCryptoAll,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Mode::Main => "main",
            Mode::Async => "async",
            Mode::Chunked => "chunked",
            Mode::Worker => "worker",
            Mode::Spawn => "spawn",
            Mode::MessagePool => "message-pool",
            Mode::Pool => "pool",
            Mode::JsMain => "js-main",
            Mode::JsWorker => "js-worker",
            Mode::WebCrypto => "webcrypto",
            Mode::WebCryptoAll => "webcrypto-all",
        }
    }

    /// A peer runs the browser's own code for the job rather than Offload's.
    pub fn is_peer(self) -> bool {
        matches!(
            self,
            Mode::JsMain | Mode::JsWorker | Mode::WebCrypto | Mode::WebCryptoAll
        )
    }

    /// The job's run blocks the page's main thread.
    pub fn blocks_main_thread(self) -> bool {
        matches!(self, Mode::Main | Mode::Async | Mode::JsMain)
    }

    pub(super) fn parse(raw: &str) -> Result<Mode, FieldError> {
        Mode::ALL
            .into_iter()
            .find(|m| m.name() == raw)
            .ok_or_else(|| FieldError {
                key: Key::Mode,
                message: format!(
                    "mode must be one of {}",
                    Mode::ALL.map(Mode::name).join(", ")
                ),
            })
    }

    /// Whether the mode runs on several threads, sized by `threads`.
    pub fn has_threads(self) -> bool {
        matches!(self, Mode::MessagePool | Mode::Pool)
    }
}

/// Why `mode` (a peer, see `crate::peers`) cannot run `job`, or None if it can (or is no
/// peer): the browser has no code of its own for it.
pub fn unavailable_for(mode: Mode, job: &str) -> Option<&'static str> {
    match (mode, job) {
        (Mode::JsMain | Mode::JsWorker, "hash") => Some(
            "JavaScript has no PBKDF2 of its own: the browser's is WebCrypto (the webcrypto modes)",
        ),
        (Mode::WebCrypto | Mode::WebCryptoAll, "fib" | "sort") => {
            Some("WebCrypto only does cryptography: it has no Fibonacci and no sort")
        }
        _ => None,
    }
}
