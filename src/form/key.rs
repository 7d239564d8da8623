//! The URL's parameter names, once: a form field is a [`Key`], anything else the page
//! reads from the URL is a [`Directive`]. Nothing else spells a parameter's name.

/// A form field: edited by a control, checked by [`super::Form::plan`], and written back
/// into the URL on every change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    Job,
    N,
    Len,
    Count,
    Iterations,
    Mode,
    Threads,
    Crossing,
    Slice,
    Burst,
    /// Traffic: requests a second (empty: Run runs one job, not a stream).
    Serve,
    Duration,
    Heavy,
    Queue,
    Arrivals,
}

impl Key {
    /// Every field, in the order the URL lists them.
    pub const ALL: [Key; 15] = [
        Key::Job,
        Key::N,
        Key::Len,
        Key::Count,
        Key::Iterations,
        Key::Mode,
        Key::Threads,
        Key::Crossing,
        Key::Slice,
        Key::Burst,
        Key::Serve,
        Key::Duration,
        Key::Heavy,
        Key::Queue,
        Key::Arrivals,
    ];

    /// The fields that matter only while `serve` is set: left out of the URL otherwise.
    pub const TRAFFIC: [Key; 4] = [Key::Duration, Key::Heavy, Key::Queue, Key::Arrivals];

    /// The name in the URL, in `data-testid`s (`field-n`, `error-n`) and in messages.
    pub const fn name(self) -> &'static str {
        match self {
            Key::Job => "job",
            Key::N => "n",
            Key::Len => "len",
            Key::Count => "count",
            Key::Iterations => "iterations",
            Key::Mode => "mode",
            Key::Threads => "threads",
            Key::Crossing => "crossing",
            Key::Slice => "slice",
            Key::Burst => "burst",
            Key::Serve => "serve",
            Key::Duration => "duration",
            Key::Heavy => "heavy",
            Key::Queue => "queue",
            Key::Arrivals => "arrivals",
        }
    }

    pub fn from_name(name: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|key| key.name() == name)
    }
}

/// A URL parameter that is not a form field: read once at start-up, never edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Directive {
    /// `autorun=1`: run once when the chosen mode is ready; dropped from the address.
    Autorun,
    /// `fault=panic|oom`: the next offloaded run dies; dropped from the address. Only in the
    /// test build (feature `test-hooks`): elsewhere no link may fail a visitor's run, and
    /// `fault` is an unknown key.
    #[cfg(feature = "test-hooks")]
    Fault,
    /// `embed=1`: the compact layout for a blog's iframe (src/presentation.rs).
    Embed,
    /// `theme=light|dark` (src/presentation.rs).
    Theme,
    /// `coi=0`: read by www/isolation.js before the page starts, never by Rust.
    Coi,
    /// `load=click`: a static preview until the reader asks for the playground (read first
    /// by www/click-to-load.js; src/presentation.rs names a bad value).
    Load,
}

impl Directive {
    pub const ALL: &[Directive] = &[
        Directive::Autorun,
        #[cfg(feature = "test-hooks")]
        Directive::Fault,
        Directive::Embed,
        Directive::Theme,
        Directive::Coi,
        Directive::Load,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            Directive::Autorun => "autorun",
            #[cfg(feature = "test-hooks")]
            Directive::Fault => "fault",
            Directive::Embed => "embed",
            Directive::Theme => "theme",
            Directive::Coi => "coi",
            Directive::Load => "load",
        }
    }

    pub fn from_name(name: &str) -> Option<Directive> {
        Directive::ALL.iter().copied().find(|d| d.name() == name)
    }

    /// Kept in the address when the page rewrites it: how the page is shown (a reload of a
    /// click-to-load embed shows its preview again), and `coi` (without it a reload would
    /// register the isolation service worker again).
    pub fn is_kept(self) -> bool {
        matches!(
            self,
            Directive::Embed | Directive::Theme | Directive::Coi | Directive::Load
        )
    }
}

/// A field's value that cannot run, with the message shown beside that field: it names
/// the field and what it may be, never the value itself (it could be anything from a URL).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub key: Key,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use offload_jobs::limits;

    #[test]
    fn names_are_distinct_and_read_back() {
        let mut names: Vec<_> = Key::ALL.map(Key::name).to_vec();
        names.extend(Directive::ALL.iter().map(|d| d.name()));
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "a name means one thing");
        for key in Key::ALL {
            assert_eq!(Key::from_name(key.name()), Some(key));
            assert_eq!(Directive::from_name(key.name()), None);
        }
        for &directive in Directive::ALL {
            assert_eq!(Directive::from_name(directive.name()), Some(directive));
        }
        assert_eq!(Key::from_name("N"), None, "names are exact");
    }

    /// The limits' messages name their parameter as the URL does.
    #[test]
    fn the_limits_speak_of_the_keys() {
        for (limit, key) in [
            (limits::FIB_N, Key::N),
            (limits::SORT_LEN, Key::Len),
            (limits::HASH_COUNT, Key::Count),
            (limits::HASH_ITERATIONS, Key::Iterations),
            (limits::SLICE_MS, Key::Slice),
            (limits::BURST, Key::Burst),
            (limits::SERVE_RATE, Key::Serve),
            (limits::SERVE_SECONDS, Key::Duration),
            (limits::HEAVY_PERCENT, Key::Heavy),
            (limits::QUEUE_LEN, Key::Queue),
            (super::super::threads_limit(4), Key::Threads),
        ] {
            assert_eq!(limit.param, key.name());
        }
        let total = limits::check_hash_total(u32::MAX, u32::MAX).unwrap_err();
        assert_eq!(total.param, Key::Iterations.name());
    }
}
