//! The server's books: which `/heavy` requests run, which wait in the bounded queue,
//! which are turned away, and that none is lost: at every moment
//! sent = answered + rejected + stopped + running + waiting, and once the stream has
//! ended and drained, sent = answered + rejected + stopped.

use std::collections::VecDeque;

/// What became of a `/heavy` request on arrival.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Admission {
    /// A place to run was free: run it now.
    Run,
    /// Every place was taken: it waits its turn.
    Queued,
    /// The queue was full: answered 503 at once.
    Rejected,
}

/// Counts of what happened to the requests, for the report and the conservation law.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub sent: u32,
    /// Answered with a response: every `/light`, and each `/heavy` that ran to its end,
    /// `failed` of them with an error (its worker died: a 500).
    pub answered: u32,
    pub failed: u32,
    pub rejected: u32,
    /// Queued or running when Stop ended the stream: answered "stopped".
    pub stopped: u32,
}

/// `/heavy` requests by index, with at most `capacity` running at once and at most
/// `queue_bound` waiting (None: unbounded).
#[derive(Debug)]
pub struct Ledger {
    capacity: u32,
    queue_bound: Option<u32>,
    waiting: VecDeque<u32>,
    /// The most that waited at once: past saturation an unbounded queue only grows.
    peak_waiting: u32,
    running: u32,
    counts: Counts,
}

impl Ledger {
    pub fn new(capacity: u32, queue_bound: Option<u32>) -> Ledger {
        Ledger {
            capacity: capacity.max(1),
            queue_bound,
            waiting: VecDeque::new(),
            peak_waiting: 0,
            running: 0,
            counts: Counts::default(),
        }
    }

    /// A `/light` request, answered on the spot by the caller.
    pub fn light(&mut self) {
        self.counts.sent += 1;
        self.counts.answered += 1;
    }

    /// A `/heavy` request `id` arrives.
    pub fn heavy(&mut self, id: u32) -> Admission {
        self.counts.sent += 1;
        if self.running < self.capacity {
            self.running += 1;
            Admission::Run
        } else if self
            .queue_bound
            .is_none_or(|bound| (self.waiting.len() as u32) < bound)
        {
            self.waiting.push_back(id);
            self.peak_waiting = self.peak_waiting.max(self.waiting.len() as u32);
            Admission::Queued
        } else {
            self.counts.rejected += 1;
            Admission::Rejected
        }
    }

    /// A running request ended (`ok`: answered, else failed or, with `stopped`, ended by
    /// Stop); returns the waiting request that takes its place, if any.
    pub fn ended(&mut self, outcome: Ended) -> Option<u32> {
        debug_assert!(self.running > 0, "a request ended that was not running");
        self.running = self.running.saturating_sub(1);
        match outcome {
            Ended::Answered => self.counts.answered += 1,
            Ended::Failed => {
                self.counts.answered += 1;
                self.counts.failed += 1;
            }
            Ended::Stopped => self.counts.stopped += 1,
        }
        let next = self.waiting.pop_front()?;
        self.running += 1;
        Some(next)
    }

    /// Stop: every waiting request is answered "stopped" (returned, oldest first); the
    /// running ones end through [`Ledger::ended`] as their modes stop them.
    pub fn stop(&mut self) -> Vec<u32> {
        let dropped: Vec<u32> = self.waiting.drain(..).collect();
        self.counts.stopped += dropped.len() as u32;
        dropped
    }

    pub fn counts(&self) -> Counts {
        self.counts
    }

    pub fn waiting(&self) -> u32 {
        self.waiting.len() as u32
    }

    /// The most requests that waited at once so far.
    pub fn peak_waiting(&self) -> u32 {
        self.peak_waiting
    }

    pub fn running(&self) -> u32 {
        self.running
    }

    /// Nothing running or waiting.
    pub fn drained(&self) -> bool {
        self.running == 0 && self.waiting.is_empty()
    }

    /// No request lost: what was sent is accounted for, in flight included.
    pub fn balances(&self) -> bool {
        let c = self.counts;
        c.sent == c.answered + c.rejected + c.stopped + self.running + self.waiting()
    }
}

/// How a running `/heavy` request ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    Answered,
    Failed,
    Stopped,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::{RngCore, SeedableRng};

    #[test]
    fn a_full_queue_turns_requests_away_and_a_free_place_takes_the_oldest() {
        let mut ledger = Ledger::new(1, Some(2));
        assert_eq!(ledger.heavy(0), Admission::Run);
        assert_eq!(ledger.heavy(1), Admission::Queued);
        assert_eq!(ledger.heavy(2), Admission::Queued);
        assert_eq!(ledger.heavy(3), Admission::Rejected);
        assert_eq!(ledger.peak_waiting(), 2);
        ledger.light();
        assert_eq!(ledger.ended(Ended::Answered), Some(1));
        assert_eq!(ledger.ended(Ended::Failed), Some(2));
        assert_eq!(ledger.ended(Ended::Answered), None);
        assert!(ledger.drained());
        let c = ledger.counts();
        assert_eq!(
            (c.sent, c.answered, c.failed, c.rejected, c.stopped),
            (5, 4, 1, 1, 0)
        );
    }

    #[test]
    fn queue_zero_runs_only_what_finds_a_free_place_and_unbounded_never_rejects() {
        let mut ledger = Ledger::new(2, Some(0));
        assert_eq!(ledger.heavy(0), Admission::Run);
        assert_eq!(ledger.heavy(1), Admission::Run);
        assert_eq!(ledger.heavy(2), Admission::Rejected);
        let mut ledger = Ledger::new(1, None);
        assert!(
            (0..10_000)
                .skip(1)
                .all(|i| ledger.heavy(i) != Admission::Rejected)
        );
    }

    /// Any mix of arrivals, ends and a Stop keeps every request accounted for, and once
    /// drained, sent = answered + rejected + stopped.
    #[test]
    fn no_request_is_ever_lost() {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(18);
        for round in 0..200 {
            let mut ledger =
                Ledger::new(1 + round % 4, [None, Some(0), Some(3)][round as usize % 3]);
            let mut id = 0;
            for _ in 0..300 {
                match rng.next_u32() % 5 {
                    0 => ledger.light(),
                    1 | 2 => {
                        ledger.heavy(id);
                        id += 1;
                    }
                    _ if ledger.running() > 0 => {
                        let how = [Ended::Answered, Ended::Failed][rng.next_u32() as usize % 2];
                        ledger.ended(how);
                    }
                    _ => {}
                }
                assert!(ledger.balances(), "round {round}: {ledger:?}");
            }
            ledger.stop();
            while ledger.running() > 0 {
                assert_eq!(
                    ledger.ended(Ended::Stopped),
                    None,
                    "nothing waits after Stop"
                );
            }
            let c = ledger.counts();
            assert!(ledger.drained());
            assert_eq!(
                c.sent,
                c.answered + c.rejected + c.stopped,
                "round {round}: {c:?}"
            );
        }
    }
}
