//! The memory the page's workers hold, and when a worker is replaced to give it back.
//!
//! A worker's wasm memory only grows: a job that needed 1 GiB leaves its worker holding
//! 1 GiB for as long as it lives, though the allocator has freed it. Every reply carries
//! the memory's size ([`offload_jobs::wire::MEMORY_BYTES`]); after a run that grew a
//! worker past [`should_replace`]'s bound, its host terminates it and starts a fresh one.
//!
//! The engine's shared memory goes when the page's garbage collector also drops the page's
//! view of the old engine's counters (measured: the renderer kept 1.5 GiB after a 1 GiB
//! pool sort until a GC, then 416 MiB); a page-instance worker's goes at once.
//!
//! The figures live on one board per page (this thread's), which the "Memory the workers
//! hold" panel listens to; each host writes its own entry. The arithmetic is pure.

use std::cell::RefCell;
use yew::Callback;

const MIB: f64 = 1024.0 * 1024.0;

/// Below this a worker is kept, however much it grew: a worker is cheap to keep at a few
/// hundred MiB (a tab commonly holds that) and replacing it costs a new start (tens of ms
/// for a page instance, a second or more for the engine and its pool) and, for the pool,
/// the start figures the Overheads panel shows. Above it (the large sorts: 64 Mi numbers
/// hold 256 MiB) the memory is worth returning.
pub const KEEP_BELOW_BYTES: f64 = 256.0 * MIB;

/// A worker that grew to more than this many times its size when it said `Ready` has
/// grown far past its usual size, relative to builds whose start size is large.
pub const GROWTH_FACTOR: f64 = 4.0;

/// Whether a worker that held `ready_bytes` when it started and holds `now_bytes` after a
/// run should be replaced to return its memory: past both bounds, so neither a big
/// build's start size nor a small run's growth replaces it.
pub fn should_replace(ready_bytes: f64, now_bytes: f64) -> bool {
    now_bytes > KEEP_BELOW_BYTES.max(GROWTH_FACTOR * ready_bytes)
}

/// One worker's entry on the board.
#[derive(Clone, Debug, PartialEq)]
struct Entry {
    key: u32,
    group: &'static str,
    /// Its latest report; None until a started worker has reported.
    bytes: Option<f64>,
}

/// A replacement that returned memory: the size the worker had grown to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Returned {
    pub bytes: f64,
    /// How many workers of the group were replaced so, since the page loaded.
    pub count: u32,
}

/// What the panel shows for one group of workers (a mode's).
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub name: &'static str,
    /// Each live worker's memory in bytes, None while it starts.
    pub workers: Vec<Option<f64>>,
    pub returned: Option<Returned>,
}

impl Group {
    /// The group's total in bytes, once every worker reported.
    pub fn total_bytes(&self) -> Option<f64> {
        self.workers.iter().copied().sum()
    }
}

#[derive(Default)]
struct Board {
    entries: Vec<Entry>,
    returned: Vec<(&'static str, Returned)>,
    listeners: Vec<(u32, Callback<Vec<Group>>)>,
    next_listener: u32,
}

impl Board {
    /// The groups in the order their first worker appeared, each with its workers.
    fn groups(&self) -> Vec<Group> {
        let mut groups: Vec<Group> = Vec::new();
        for entry in &self.entries {
            match groups.iter_mut().find(|g| g.name == entry.group) {
                Some(group) => group.workers.push(entry.bytes),
                None => groups.push(Group {
                    name: entry.group,
                    workers: vec![entry.bytes],
                    returned: self.returned_by(entry.group),
                }),
            }
        }
        groups
    }

    fn returned_by(&self, group: &str) -> Option<Returned> {
        self.returned
            .iter()
            .find(|(g, _)| *g == group)
            .map(|(_, r)| *r)
    }
}

thread_local! {
    static BOARD: RefCell<Board> = RefCell::default();
}

/// Changes the board, then tells every listener (after the borrow: a listener may read it).
fn update(change: impl FnOnce(&mut Board)) {
    let (groups, listeners) = BOARD.with(|board| {
        let mut board = board.borrow_mut();
        change(&mut board);
        let listeners: Vec<_> = board.listeners.iter().map(|(_, l)| l.clone()).collect();
        (board.groups(), listeners)
    });
    for listener in listeners {
        listener.emit(groups.clone());
    }
}

/// Worker `key` of `group` has started (None) or reported its memory's size.
pub fn report(key: u32, group: &'static str, bytes: Option<f64>) {
    update(
        |board| match board.entries.iter_mut().find(|e| e.key == key) {
            Some(entry) if entry.bytes == bytes => {}
            Some(entry) => entry.bytes = bytes,
            None => board.entries.push(Entry { key, group, bytes }),
        },
    );
}

/// Worker `key` was replaced after it grew to `bytes`: its entry waits for the new one.
pub fn replaced(key: u32, group: &'static str, bytes: f64) {
    update(|board| {
        let count = board.returned_by(group).map_or(0, |r| r.count) + 1;
        board.returned.retain(|(g, _)| *g != group);
        board.returned.push((group, Returned { bytes, count }));
        if let Some(entry) = board.entries.iter_mut().find(|e| e.key == key) {
            entry.bytes = None;
        }
    });
}

/// Worker `key` is gone (shut down, failed to start, or its host dropped).
pub fn gone(key: u32) {
    let present = BOARD.with(|board| board.borrow().entries.iter().any(|e| e.key == key));
    if present {
        update(|board| board.entries.retain(|e| e.key != key));
    }
}

/// Calls `listener` with the groups now and on every change, until [`unlisten`] with the
/// returned id.
pub fn listen(listener: Callback<Vec<Group>>) -> u32 {
    let (id, groups) = BOARD.with(|board| {
        let mut board = board.borrow_mut();
        board.next_listener += 1;
        let id = board.next_listener;
        board.listeners.push((id, listener.clone()));
        (id, board.groups())
    });
    listener.emit(groups);
    id
}

pub fn unlisten(id: u32) {
    BOARD.with(|board| board.borrow_mut().listeners.retain(|(l, _)| *l != id));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_worker_is_replaced_only_past_both_bounds() {
        let ready = 2.0 * MIB;
        assert!(!should_replace(ready, 40.0 * MIB), "a default run's growth");
        assert!(
            !should_replace(ready, KEEP_BELOW_BYTES),
            "at the bound itself"
        );
        assert!(should_replace(ready, KEEP_BELOW_BYTES + 1.0));
        assert!(should_replace(ready, 1100.0 * MIB), "after a 1 GiB sort");
        // A build that starts big is judged against its own start.
        assert!(!should_replace(100.0 * MIB, 390.0 * MIB));
        assert!(should_replace(100.0 * MIB, 410.0 * MIB));
    }

    #[test]
    fn the_board_groups_workers_and_remembers_what_was_returned() {
        report(1, "message-pool", None);
        report(2, "message-pool", Some(3.0 * MIB));
        report(3, "pool", Some(20.0 * MIB));
        let groups = BOARD.with(|b| b.borrow().groups());
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].workers, vec![None, Some(3.0 * MIB)]);
        assert_eq!(groups[0].total_bytes(), None, "one worker has not reported");
        assert_eq!(groups[1].total_bytes(), Some(20.0 * MIB));
        replaced(3, "pool", 1500.0 * MIB);
        replaced(3, "pool", 1200.0 * MIB);
        let pool = BOARD.with(|b| b.borrow().groups()).remove(1);
        assert_eq!(pool.workers, vec![None]);
        let returned = pool.returned.unwrap();
        assert_eq!((returned.bytes, returned.count), (1200.0 * MIB, 2));
        gone(1);
        gone(2);
        let groups = BOARD.with(|b| b.borrow().groups());
        assert_eq!(
            groups.iter().map(|g| g.name).collect::<Vec<_>>(),
            vec!["pool"]
        );
    }
}
