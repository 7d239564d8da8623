//! Native tests of the message-pool's tasks: split → run each task → combine gives exactly
//! the sequential checksum, the tasks cover the job once, and workers refuse bad tasks.

use offload_jobs::tasks::{self, Task, TaskOutput};
use offload_jobs::{Job, Outcome, digest::CHUNK, sort};

const WORKERS: [u32; 5] = [1, 2, 3, 7, 16];

/// What the page will do: run every task (here in order, on one thread) and combine.
fn run_all(job: &Job, split: &[Task]) -> Outcome {
    let outputs: Vec<TaskOutput> = split
        .iter()
        .map(|task| {
            task.check().unwrap_or_else(|e| panic!("{task:?}: {e}"));
            task.run()
        })
        .collect();
    match job {
        Job::Fib { .. } => tasks::combine_fib(outputs.iter().map(|o| match o {
            TaskOutput::Fib(v) => *v,
            other => panic!("fib task gave {other:?}"),
        })),
        Job::Hash { .. } => tasks::combine_keys(outputs.iter().map(|o| match o {
            TaskOutput::Keys(k) => k.as_slice(),
            other => panic!("hash task gave {other:?}"),
        })),
        Job::Sort { .. } => {
            let slices: Vec<&[u32]> = outputs
                .iter()
                .map(|o| match o {
                    TaskOutput::Sorted(s) => s.as_slice(),
                    other => panic!("sort task gave {other:?}"),
                })
                .collect();
            tasks::merge_checksum(&slices)
        }
    }
}

/// Reference values for fib tests, computed once per n by the naive recursion.
fn fib_value(n: u32) -> u64 {
    let (mut a, mut b) = (0u64, 1u64);
    for _ in 0..n {
        (a, b) = (b, a + b);
    }
    a
}

#[test]
fn fib_split_run_combine_equals_sequential() {
    for n in [1, 2, 20, 21, 22, 23, 30, 32] {
        let job = Job::Fib { n };
        let expected = Outcome {
            checksum: fib_value(n).to_string(),
        };
        for workers in WORKERS {
            let split = tasks::split(&job, workers);
            assert_eq!(run_all(&job, &split), expected, "fib({n}) on {workers}");
        }
    }
    // And against the job itself, where that is quick in debug.
    let job = Job::Fib { n: 25 };
    assert_eq!(run_all(&job, &tasks::split(&job, 3)), job.run_sequential());
}

#[test]
fn fib_split_is_leaf_occurrences_of_the_naive_tree() {
    let leaves = |job: &Job, workers| -> Vec<u32> {
        tasks::split(job, workers)
            .into_iter()
            .map(|t| match t {
                Task::FibSubtree { n } => n,
                other => panic!("{other:?}"),
            })
            .collect()
    };
    // Small n: one task, the whole recursion.
    for n in [1, 2, 20, 22] {
        assert_eq!(leaves(&Job::Fib { n }, 16), vec![n]);
    }
    for n in [23, 30, 32, 40, 50] {
        for workers in WORKERS {
            let leaves = leaves(&Job::Fib { n }, workers);
            // Every leaf occurrence is a task: the naive calls add up to the same as fib(n)'s.
            let calls = |m: u32| 2 * fib_value(m + 1) - 1;
            let inner = leaves.len() as u64 - 1; // a full binary tree
            assert_eq!(
                leaves.iter().map(|&m| calls(m)).sum::<u64>() + inner,
                calls(n),
                "fib({n}) on {workers}: the tasks do all the naive calls"
            );
            assert_eq!(
                leaves.iter().map(|&m| fib_value(m)).sum::<u64>(),
                fib_value(n)
            );
            // Never split at or below the cutoff; leaves within one step of each other.
            let (lo, hi) = (leaves.iter().min().unwrap(), leaves.iter().max().unwrap());
            assert!(*lo >= 19 && hi - lo <= 1, "fib({n}) leaves {lo}..={hi}");
            // Enough tasks per worker, unless the cutoff stops the split first.
            let per_worker = leaves.len() as f64 / f64::from(workers);
            assert!(
                per_worker <= 16.0,
                "fib({n}) on {workers}: {per_worker} per worker"
            );
            assert!(
                per_worker >= 8.0 || *hi == 20,
                "fib({n}) on {workers}: {per_worker} per worker"
            );
        }
    }
}

#[test]
fn sort_split_run_merge_equals_sequential() {
    for len in [1, 1000, 65_536, 65_537, 300_000, 1_000_003] {
        let job = Job::Sort { len };
        let expected = job.run_sequential();
        for workers in WORKERS {
            let split = tasks::split(&job, workers);
            assert_eq!(run_all(&job, &split), expected, "sort {len} on {workers}");
        }
    }
}

#[test]
fn sort_tasks_cover_the_input_once_on_chunk_boundaries() {
    for len in [1, 1000, 65_536, 65_537, 300_000, 1_000_003, 268_435_456] {
        let chunks = (len as usize).div_ceil(CHUNK);
        for workers in WORKERS.into_iter().chain([0, 5000]) {
            let split = tasks::split(&Job::Sort { len }, workers);
            assert_eq!(split.len(), chunks.min(workers.max(1) as usize));
            let mut end = 0u32;
            for task in &split {
                task.check().unwrap();
                let Task::SortChunk { start, len } = *task else {
                    panic!("{task:?}")
                };
                assert_eq!(start, end, "contiguous, in order");
                assert!(len > 0 && (start as usize).is_multiple_of(CHUNK));
                end = start + len;
            }
            assert_eq!(end, len);
        }
    }
    // A worker's slice is exactly that slice of the whole input.
    let whole = sort::generate(300_000);
    assert_eq!(
        sort::generate_range(2 * CHUNK, 50_000),
        whole[2 * CHUNK..][..50_000]
    );
    assert_eq!(
        sort::generate_range(4 * CHUNK, 300_000 - 4 * CHUNK),
        whole[4 * CHUNK..]
    );
}

/// A small deterministic shuffle (xorshift), enough to reorder a handful of slices.
fn shuffle<T>(items: &mut [T], mut seed: u64) {
    for i in (1..items.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        items.swap(i, (seed % (i as u64 + 1)) as usize);
    }
}

#[test]
fn merge_does_not_depend_on_the_order_of_slices() {
    let job = Job::Sort { len: 300_000 }; // five slices, the last one partial
    let expected = job.run_sequential();
    let outputs: Vec<Vec<u32>> = tasks::split(&job, 16)
        .iter()
        .map(|t| match t.run() {
            TaskOutput::Sorted(s) => s,
            other => panic!("{other:?}"),
        })
        .collect();
    let mut slices: Vec<&[u32]> = outputs.iter().map(Vec::as_slice).collect();
    for seed in 1..=8 {
        shuffle(&mut slices, seed * 0x9E37_79B9);
        assert_eq!(tasks::merge_checksum(&slices), expected, "seed {seed}");
    }
    // Slices of any sizes, not only split's, and with empty ones and duplicates between them.
    let mut all = sort::generate(1000);
    all.sort_unstable();
    let reference = tasks::merge_checksum(&[&all]);
    assert_eq!(reference, Job::Sort { len: 1000 }.run_sequential());
    let (mut a, mut b): (Vec<u32>, Vec<u32>) = all.iter().partition(|&&x| x % 3 == 0);
    a.sort_unstable();
    b.sort_unstable();
    assert_eq!(tasks::merge_checksum(&[&b, &[], &a]), reference);
    // Many slices of uneven sizes (more than a power of two), dealt from the input.
    let mut dealt = vec![Vec::new(); 33];
    for (i, &x) in sort::generate(1000).iter().enumerate() {
        dealt[i * i % 33].push(x);
    }
    dealt.iter_mut().for_each(|s| s.sort_unstable());
    let dealt: Vec<&[u32]> = dealt.iter().map(Vec::as_slice).collect();
    assert_eq!(tasks::merge_checksum(&dealt), reference);
    let dup = [5u32, 5, 7];
    assert_eq!(
        tasks::merge_checksum(&[&dup[..2], &dup[1..]]),
        tasks::merge_checksum(&[&[5, 5, 5, 7]])
    );
    assert_eq!(
        tasks::merge_checksum(&[]),
        Job::Sort { len: 0 }.run_sequential()
    );
}

#[test]
#[should_panic(expected = "not ascending")]
fn merge_panics_on_an_unsorted_slice() {
    tasks::merge_checksum(&[&[1, 2, 3], &[4, 6, 5]]);
}

#[test]
fn hash_split_run_combine_equals_sequential() {
    for count in [1, 5, 17] {
        let job = Job::Hash {
            count,
            iterations: 3,
        };
        let expected = job.run_sequential();
        for workers in WORKERS {
            let split = tasks::split(&job, workers);
            assert_eq!(run_all(&job, &split), expected, "hash {count} on {workers}");
        }
    }
}

#[test]
fn hash_batches_cover_every_password_once_in_order() {
    for count in [1, 5, 17, 4096] {
        for workers in WORKERS.into_iter().chain([0, 5000]) {
            let split = tasks::split(
                &Job::Hash {
                    count,
                    iterations: 7,
                },
                workers,
            );
            // A few batches per worker, each of at least a pair (a batch of one wastes a lane).
            let wanted = (4 * workers.max(1)).min((count / 2).max(1));
            assert_eq!(split.len() as u32, wanted, "{count} on {workers}");
            let mut next = 0;
            for task in split {
                let Task::HashBatch {
                    first,
                    count: n,
                    iterations,
                } = task
                else {
                    panic!("{task:?}")
                };
                assert_eq!((first, iterations), (next, 7));
                assert!(n >= 2.min(count), "{count} on {workers}: a batch of {n}");
                next += n;
            }
            assert_eq!(next, count);
        }
    }
}

#[test]
fn zero_workers_is_one() {
    for job in [
        Job::Fib { n: 30 },
        Job::Sort { len: 300_000 },
        Job::Hash {
            count: 17,
            iterations: 2,
        },
    ] {
        assert_eq!(tasks::split(&job, 0), tasks::split(&job, 1), "{job:?}");
    }
}

#[test]
fn check_refuses_tasks_out_of_range_and_names_the_field() {
    let refused = [
        (Task::FibSubtree { n: 0 }, "n"),
        (Task::FibSubtree { n: 51 }, "n"),
        (Task::SortChunk { start: 0, len: 0 }, "len"),
        (
            Task::SortChunk {
                start: 0,
                len: 268_435_457,
            },
            "len",
        ),
        (Task::SortChunk { start: 1, len: 10 }, "start"),
        (
            Task::SortChunk {
                start: 268_435_456,
                len: 1,
            },
            "start",
        ),
        (
            Task::SortChunk {
                start: u32::MAX - 65_535,
                len: 268_435_456,
            },
            "start",
        ),
        (
            Task::HashBatch {
                first: 0,
                count: 0,
                iterations: 1,
            },
            "count",
        ),
        (
            Task::HashBatch {
                first: 0,
                count: 1,
                iterations: 0,
            },
            "iterations",
        ),
        (
            Task::HashBatch {
                first: 0,
                count: 4096,
                iterations: 1_000_000,
            },
            "iterations",
        ),
        (
            Task::HashBatch {
                first: 4095,
                count: 2,
                iterations: 1,
            },
            "first",
        ),
        (
            Task::HashBatch {
                first: u32::MAX,
                count: 1,
                iterations: 1,
            },
            "first",
        ),
    ];
    for (task, field) in refused {
        let err = task
            .check()
            .expect_err(&format!("{task:?} should be refused"));
        assert_eq!(err.param, field, "{task:?}: {err}");
        assert!(
            err.message.contains(field),
            "{task:?}: the message names {field}: {err}"
        );
    }
    for task in [
        Task::FibSubtree { n: 50 },
        Task::SortChunk {
            start: 268_435_456 - 65_536,
            len: 65_536,
        },
        Task::HashBatch {
            first: 4095,
            count: 1,
            iterations: 10_000_000,
        },
    ] {
        assert_eq!(task.check(), Ok(()), "{task:?}");
    }
}

#[test]
fn tasks_cross_as_tagged_messages() {
    let task = Task::HashBatch {
        first: 4,
        count: 2,
        iterations: 9,
    };
    let json = serde_json::to_string(&task).unwrap();
    assert_eq!(
        json,
        r#"{"hash_batch":{"first":4,"count":2,"iterations":9}}"#
    );
    assert_eq!(serde_json::from_str::<Task>(&json).unwrap(), task);
}
