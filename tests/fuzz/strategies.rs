//! What the fuzzer writes into the address: text of every kind, and hostile values aimed
//! at each of the form's fields.

use offload::browser::query::urlencoded;
use offload::form::{CROSSINGS, Directive, Form, JOB_NAMES, Key};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

pub const MODE_NAMES: [&str; 11] = [
    "main",
    "async",
    "chunked",
    "worker",
    "spawn",
    "message-pool",
    "pool",
    "js-main",
    "js-worker",
    "webcrypto",
    "webcrypto-all",
];

/// Wraps a value so that any echo of it in a message is certain to show (`oracle`).
pub const MARKS: (char, char) = ('⟦', '⟧');

/// The limits' edges and a little past them, and numbers no u32 holds.
const EDGES: [u64; 24] = [
    0,
    1,
    2,
    31,
    32,
    49,
    50,
    51,
    63,
    64,
    65,
    4_095,
    4_096,
    4_097,
    9_999_999,
    10_000_000,
    10_000_001,
    100_000_000,
    268_435_455,
    268_435_456,
    268_435_457,
    4_294_967_295,
    4_294_967_296,
    u64::MAX,
];

fn text(max: usize) -> impl Strategy<Value = String> {
    vec(any::<char>(), 0..=max).prop_map(String::from_iter)
}

/// Pieces of queries: separators, percent escapes good and broken, names, Unicode.
fn query_piece() -> impl Strategy<Value = String> {
    let pieces = [
        "&", "=", "?", "+", "%", "%%", "%2", "%zz", "%00", "%FF", "%C3", "%A9", "%C3%A9", "%E2%82",
        "%26", "%3D", "%2B", "job", "n", "mode", "theme", "embed", "autorun", "1", "42", "é",
        "\u{FFFD}", " ", "\0", "<script>",
    ];
    prop_oneof![
        select(pieces.to_vec()).prop_map(String::from),
        text(8),
        "[a-zA-Z0-9%&=+?.-]{1,12}",
    ]
}

/// Any string, or one made of the query syntax's own pieces.
pub fn query_string() -> impl Strategy<Value = String> {
    prop_oneof![
        text(200),
        vec(query_piece(), 0..40).prop_map(|pieces| pieces.concat()),
    ]
}

fn number_text() -> impl Strategy<Value = String> {
    let number = prop_oneof![
        select(&EDGES[..]),
        0..=70u64,
        any::<u32>().prop_map(u64::from)
    ];
    let around = ["", " ", "  ", "0", "00", "\t", "\u{A0}", "\u{3000}", "\n"];
    (select(around.to_vec()), number, select(around.to_vec()))
        .prop_map(|(before, number, after)| format!("{before}{number}{after}"))
}

/// A value for any field: what a careless or hostile link could carry.
pub fn hostile_value() -> impl Strategy<Value = String> {
    let signs = ["+", "-", "−", "", "++", "+-"];
    let tails = [
        "", ".5", ".0", ",5", "e3", "E-2", "e+1", "/2", "%", "x", "½", "n", "_000",
    ];
    let unicode_digits = ['٠', '٣', '５', '²', '①', '߀', '𝟗', 'Ⅻ', '৪', '൧', '9', '1'];
    let words: Vec<&str> = Key::ALL
        .map(Key::name)
        .into_iter()
        .chain(Directive::ALL.iter().map(|d| d.name()))
        .chain(MODE_NAMES)
        .chain(JOB_NAMES)
        .chain(CROSSINGS)
        .chain([
            "light", "dark", "click", "panic", "true", "Fib", "POOL", " worker", "pool\0",
        ])
        .collect();
    let markup = [
        "<img src=x onerror=alert(1)>",
        "\"><script>alert(1)</script>",
        "javascript:alert(1)",
        "&amp;&lt;",
        "{{form}}",
        "%s%n%x",
    ];
    prop_oneof![
        3 => number_text(),
        2 => text(80),
        1 => (any::<char>(), 65..5_000usize).prop_map(|(c, n)| c.to_string().repeat(n)),
        1 => (1..100_000usize).prop_map(|n| "9".repeat(n)),
        1 => vec(select(unicode_digits.to_vec()), 1..8).prop_map(String::from_iter),
        2 => (select(signs.to_vec()), select(&EDGES[..]), select(tails.to_vec()))
            .prop_map(|(sign, n, tail)| format!("{sign}{n}{tail}")),
        1 => vec(query_piece(), 0..6).prop_map(|pieces| pieces.concat()),
        1 => Just(String::new()),
        2 => select(words).prop_map(String::from),
        1 => select(markup.to_vec()).prop_map(String::from),
        2 => text(20).prop_map(|t| format!("{}{t}{}", MARKS.0, MARKS.1)),
    ]
}

/// A parameter name: mostly the page's own, sometimes near misses and junk.
fn name() -> impl Strategy<Value = String> {
    let known: Vec<&str> = Key::ALL
        .map(Key::name)
        .into_iter()
        .chain(Directive::ALL.iter().map(|d| d.name()))
        .collect();
    let misses = [
        "N",
        "Mode",
        " n",
        "n ",
        "job[]",
        "mode%00",
        "threads\0",
        "",
        "nn",
    ];
    prop_oneof![
        6 => select(known).prop_map(String::from),
        1 => select(misses.to_vec()).prop_map(String::from),
        1 => text(12),
    ]
}

/// A whole query (encoded pairs, repeats and unknown keys included, then raw junk pairs
/// as a person might paste them) and the machine's thread count (0 and absurd ones too).
pub fn hostile_query() -> impl Strategy<Value = (String, u32)> {
    let pairs = vec((name(), hostile_value()), 0..24);
    let raw = vec((name(), query_piece()), 0..4);
    let threads = prop_oneof![0..=4u32, 0..=1024u32, Just(u32::MAX)];
    (pairs, raw, any::<bool>(), threads).prop_map(|(pairs, raw, question, threads)| {
        let borrowed = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        let mut query = format!(
            "{}{}",
            if question { "?" } else { "" },
            urlencoded::serialize(borrowed)
        );
        for (name, value) in raw {
            query.push_str(&format!("&{name}={value}"));
        }
        (query, threads)
    })
}

/// A form whose numbers sit near their limits, with the products that matter (the hash's
/// total work, a sort burst's memory) and the thread count (the machine's) near theirs too.
pub fn near_limits_form() -> impl Strategy<Value = (Form, u32)> {
    let job = prop_oneof![8 => select(&JOB_NAMES[..]).prop_map(String::from), 1 => hostile_value()];
    let mode =
        prop_oneof![8 => select(&MODE_NAMES[..]).prop_map(String::from), 1 => hostile_value()];
    let crossing =
        prop_oneof![8 => select(&CROSSINGS[..]).prop_map(String::from), 1 => hostile_value()];
    let edge = (any::<bool>(), 1..=4_096u64, 1..=64u64, -1..=1i64);
    let numbers = vec(number_text(), 11);
    // A stream half the time; its queue and arrivals as words or numbers, or hostile.
    let queue = prop_oneof![2 => select(&["auto", "unbounded"][..]).prop_map(String::from), 2 => number_text(), 1 => hostile_value()];
    let arrivals = prop_oneof![4 => select(&["poisson", "even"][..]).prop_map(String::from), 1 => hostile_value()];
    let stream = (any::<bool>(), queue, arrivals);
    (job, mode, crossing, numbers, edge, 0..=64u32, stream).prop_map(
        |(
            job,
            mode,
            crossing,
            numbers,
            (on_edge, count, burst, delta),
            threads,
            (serving, queue, arrivals),
        )| {
            let mut form = Form {
                job,
                n: numbers[0].clone(),
                len: numbers[1].clone(),
                count: numbers[2].clone(),
                iterations: numbers[3].clone(),
                mode,
                threads: numbers[4].clone(),
                crossing,
                slice: numbers[5].clone(),
                burst: numbers[6].clone(),
                serve: if serving {
                    numbers[7].clone()
                } else {
                    String::new()
                },
                duration: numbers[8].clone(),
                heavy: numbers[9].clone(),
                queue,
                arrivals,
            };
            if on_edge {
                let at =
                    |limit: u64, by: u64| (limit / by).saturating_add_signed(delta).to_string();
                form.count = count.to_string();
                form.iterations = at(100_000_000, count);
                form.burst = burst.to_string();
                form.len = at(1 << 28, burst);
                form.threads = threads.saturating_add_signed(delta as i32).to_string();
            }
            (form, threads)
        },
    )
}

/// Any form the address can carry: each field up to 64 characters of anything.
pub fn any_form() -> impl Strategy<Value = Form> {
    vec(text(64), 15).prop_map(|f| Form {
        job: f[0].clone(),
        n: f[1].clone(),
        len: f[2].clone(),
        count: f[3].clone(),
        iterations: f[4].clone(),
        mode: f[5].clone(),
        threads: f[6].clone(),
        crossing: f[7].clone(),
        slice: f[8].clone(),
        burst: f[9].clone(),
        serve: f[10].clone(),
        duration: f[11].clone(),
        heavy: f[12].clone(),
        queue: f[13].clone(),
        arrivals: f[14].clone(),
    })
}
