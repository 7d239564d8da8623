use super::*;
use offload_jobs::Job;

fn parse(query: &[(&str, &str)]) -> (Form, Directives) {
    Form::from_query(query.iter().copied(), 2)
}

#[test]
fn defaults_make_a_valid_plan() {
    let plan = Form::defaults(2).plan(2).unwrap();
    assert_eq!(
        plan,
        Plan {
            job: Job::Fib { n: 43 },
            mode: Mode::Worker,
            threads: 1,
            transfer: false,
            slice_ms: DEFAULT_SLICE_MS,
            burst: 1,
            traffic: None,
        }
    );
}

#[test]
fn the_query_sets_fields_and_directives() {
    let (form, directives) = parse(&[
        ("job", "hash"),
        ("count", "8"),
        ("iterations", "1000"),
        ("mode", "pool"),
        ("threads", "2"),
        ("autorun", "1"),
    ]);
    let plan = form.plan(2).unwrap();
    assert_eq!(
        plan,
        Plan {
            job: Job::Hash {
                count: 8,
                iterations: 1000
            },
            mode: Mode::Pool,
            threads: 2,
            transfer: false,
            slice_ms: DEFAULT_SLICE_MS,
            burst: 1,
            traffic: None,
        }
    );
    assert_eq!(
        directives,
        Directives {
            autorun: true,
            fault: None
        }
    );
}

/// `fault` makes the next offloaded run fail on purpose: only the test build (feature
/// `test-hooks`, `cargo xtask test`) reads it; in the released site no link can fail a
/// visitor's run, and `fault` is an unknown key like any other. Run with and without the
/// feature (`cargo test -p offload [--features test-hooks]`).
#[test]
fn only_the_test_build_reads_fault() {
    let (form, directives) = parse(&[("fault", "panic"), ("autorun", "1"), ("fault", "oom")]);
    assert_eq!(form, Form::defaults(2));
    let hooks = cfg!(feature = "test-hooks");
    let fault = hooks.then_some(Fault::Oom);
    assert_eq!(
        directives,
        Directives {
            autorun: true,
            fault
        }
    );
    assert_eq!(Directive::from_name("fault").is_some(), hooks);
}

#[test]
fn bad_values_are_named_and_only_relevant_ones_count() {
    let (form, _) = parse(&[
        ("job", "fib"),
        ("n", "<b>x</b>"),
        ("len", "oops"),
        ("mode", "main"),
    ]);
    let errors = form.plan(2).unwrap_err();
    assert_eq!(errors.len(), 1, "len is not used by fib: {errors:?}");
    assert_eq!(errors[0].key, Key::N);
    assert!(
        !errors[0].message.contains("<b>"),
        "raw input is never echoed"
    );
    let (form, _) = parse(&[("job", "nope"), ("mode", "gpu")]);
    let params: Vec<_> = form.plan(2).unwrap_err().iter().map(|e| e.key).collect();
    assert_eq!(params, [Key::Job, Key::Mode]);
}

#[test]
fn threads_are_bounded_by_the_machine_only_in_pool_mode() {
    let (form, _) = parse(&[("mode", "pool"), ("threads", "3")]);
    assert!(form.plan(2).unwrap_err()[0].message.contains("from 1 to 2"));
    assert_eq!(form.plan(4).unwrap().threads, 3);
    let (form, _) = parse(&[("mode", "worker"), ("threads", "99")]);
    assert!(form.plan(2).is_ok());
}

#[test]
fn the_query_round_trips() {
    let (form, _) = parse(&[
        ("job", "sort"),
        ("len", "12345"),
        ("mode", "main"),
        ("unknown", "x"),
    ]);
    let query = form.to_query();
    let (again, directives) = Form::from_query(query.iter().map(|&(k, v)| (k, v)), 2);
    assert_eq!(form, again);
    assert_eq!(directives, Directives::default());
}

#[test]
fn only_a_pool_that_cannot_run_falls_back_and_says_why() {
    let (mut form, _) = parse(&[("mode", "pool")]);
    assert_eq!(
        form.fall_back_from_pool(None, true),
        None,
        "isolated: stays"
    );
    assert_eq!(form.mode(), Some(Mode::Pool));
    let notice = form.fall_back_from_pool(Some("no headers"), true).unwrap();
    assert_eq!(form.mode(), Some(Mode::MessagePool));
    assert!(
        notice.contains("this frame is not (no headers)"),
        "{notice}"
    );
    let (mut form, _) = parse(&[("mode", "worker")]);
    assert_eq!(form.fall_back_from_pool(Some("no headers"), false), None);
    assert_eq!(form.mode(), Some(Mode::Worker));
}

#[test]
fn peers_round_trip_and_refuse_jobs_they_have_no_code_for() {
    for mode in ["js-main", "js-worker", "webcrypto", "webcrypto-all"] {
        let job = if mode.starts_with("js") {
            "sort"
        } else {
            "hash"
        };
        let (form, _) = parse(&[("job", job), ("mode", mode)]);
        let plan = form.plan(2).unwrap();
        assert_eq!(plan.mode.name(), mode);
        assert!(plan.mode.is_peer());
        assert_eq!(plan.threads, 1, "peers take no thread count");
        let query = form.to_query();
        let (again, _) = Form::from_query(query.iter().map(|&(k, v)| (k, v)), 2);
        assert_eq!(form, again);
    }
    let (form, _) = parse(&[("job", "fib"), ("mode", "webcrypto")]);
    let errors = form.plan(2).unwrap_err();
    assert_eq!(errors[0].key, Key::Mode);
    assert!(errors[0].message.contains("no Fibonacci"), "{errors:?}");
    let (form, _) = parse(&[("mode", "js")]);
    let message = &form.plan(2).unwrap_err()[0].message;
    assert!(
        message.contains(
            "main, async, chunked, worker, spawn, message-pool, pool, js-main, js-worker, \
             webcrypto, webcrypto-all"
        ),
        "{message}"
    );
}

#[test]
fn long_values_are_cut() {
    let long = "9".repeat(10_000);
    let (form, _) = parse(&[("n", &long)]);
    assert_eq!(form.n.len(), 64);
    assert!(form.plan(2).is_err());
}

#[test]
fn slice_counts_only_in_chunked_and_burst_everywhere() {
    let (form, _) = parse(&[("mode", "worker"), ("slice", "0")]);
    assert_eq!(form.plan(2).unwrap().slice_ms, DEFAULT_SLICE_MS);
    let (form, _) = parse(&[("mode", "chunked"), ("slice", "12")]);
    assert_eq!(form.plan(2).unwrap().slice_ms, 12);
    let (form, _) = parse(&[("mode", "chunked"), ("slice", "51")]);
    let errors = form.plan(2).unwrap_err();
    assert_eq!(errors[0].key, Key::Slice);
    assert!(
        errors[0].message.contains("from 1 to 50"),
        "{}",
        errors[0].message
    );
    let (form, _) = parse(&[("burst", "4")]);
    assert_eq!(form.plan(2).unwrap().burst, 4);
    let (form, _) = parse(&[("burst", "2"), ("job", "sort"), ("mode", "js-worker")]);
    let errors = form.plan(2).unwrap_err();
    assert!(
        errors[0].message.contains("peers run one copy"),
        "{errors:?}"
    );
    let (form, _) = parse(&[("burst", "1"), ("job", "sort"), ("mode", "js-worker")]);
    assert!(form.plan(2).is_ok());
    // 100 million elements are 400 MB: two copies fit in 1 GiB, three do not.
    let (form, _) = parse(&[("burst", "2"), ("job", "sort"), ("len", "100000000")]);
    assert_eq!(form.plan(2).unwrap().burst, 2);
    let (form, _) = parse(&[("burst", "3"), ("job", "sort"), ("len", "100000000")]);
    let errors = form.plan(2).unwrap_err();
    assert_eq!(errors[0].key, Key::Burst);
    assert!(errors[0].message.contains("from 1 to 2"), "{errors:?}");
    for bad in ["0", "65", "-1", "2.5", ""] {
        let (form, _) = parse(&[("burst", bad)]);
        let errors = form.plan(2).unwrap_err();
        assert_eq!(errors[0].key, Key::Burst, "{bad}");
    }
}

/// `serve` turns Run into a stream; its fields are judged only then, each by its own key.
#[test]
fn serve_asks_for_a_stream_with_its_own_fields() {
    let (form, _) = parse(&[("mode", "pool"), ("threads", "2"), ("serve", "50")]);
    let traffic = form.plan(2).unwrap().traffic.unwrap();
    assert_eq!(
        traffic,
        Traffic {
            rate_per_s: 50,
            seconds: 10,
            heavy_percent: 20,
            arrivals: Arrivals::Poisson,
            queue: Some(4),
        },
        "queue=auto is threads², as Piscina's maxQueue"
    );
    assert_eq!(traffic.requests(), 500);
    let (form, _) = parse(&[("serve", "5"), ("queue", "unbounded"), ("arrivals", "even")]);
    let traffic = form.plan(2).unwrap().traffic.unwrap();
    assert_eq!((traffic.queue, traffic.arrivals), (None, Arrivals::Even));
    let (form, _) = parse(&[("serve", "5"), ("queue", "0")]);
    assert_eq!(form.plan(2).unwrap().traffic.unwrap().queue, Some(0));
    // Without serve, bad traffic fields block nothing: nobody is using them.
    let (form, _) = parse(&[("duration", "9999"), ("queue", "x")]);
    assert_eq!(form.plan(2).unwrap().traffic, None);
}

#[test]
fn bad_traffic_fields_are_refused_by_name_and_range() {
    let cases: [(&[(&str, &str)], Key, &str); 8] = [
        (
            &[("serve", "0")],
            Key::Serve,
            "serve must be a whole number from 1 to 1,000",
        ),
        (
            &[("serve", "1e3")],
            Key::Serve,
            "serve must be a whole number from 1 to 1,000",
        ),
        (
            &[("serve", "9"), ("duration", "61")],
            Key::Duration,
            "duration must be a whole number from 1 to 60",
        ),
        (
            &[("serve", "9"), ("heavy", "101")],
            Key::Heavy,
            "heavy must be a whole number from 0 to 100",
        ),
        (
            &[("serve", "9"), ("queue", "-1")],
            Key::Queue,
            "queue must be a whole number from 0 to 60,000 (or auto",
        ),
        (
            &[("serve", "9"), ("arrivals", "bursty")],
            Key::Arrivals,
            "arrivals must be one of poisson, even",
        ),
        (
            &[("serve", "9"), ("burst", "2")],
            Key::Burst,
            "burst must be 1 while serve is set",
        ),
        (
            &[("serve", "9"), ("job", "hash"), ("mode", "webcrypto")],
            Key::Serve,
            "serve must be empty for a peer",
        ),
    ];
    for (query, key, start) in cases {
        let errors = parse(query).0.plan(2).unwrap_err();
        assert!(
            errors
                .iter()
                .any(|e| e.key == key && e.message.starts_with(start)),
            "{query:?}: {errors:?}"
        );
    }
}

/// A link to one job stays as short as before; a traffic link carries its fields back.
#[test]
fn the_traffic_fields_reach_the_url_only_when_set() {
    let traffic = ["serve", "duration", "heavy", "queue", "arrivals"];
    let names: Vec<_> = Form::defaults(2)
        .to_query()
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert!(!names.iter().any(|n| traffic.contains(n)), "{names:?}");
    let (form, _) = parse(&[
        ("serve", "40"),
        ("duration", "30"),
        ("heavy", "5"),
        ("queue", "3"),
    ]);
    let query = form.to_query();
    let (again, _) = Form::from_query(query.iter().map(|&(k, v)| (k, v)), 2);
    assert_eq!(form, again);
    assert!(query.contains(&("duration", "30")) && query.contains(&("queue", "3")));
    assert!(
        !query.iter().any(|(k, _)| *k == "arrivals"),
        "a default stays out"
    );
}
