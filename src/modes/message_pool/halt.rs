//! How a message-pool run ends early: one state that every worker's loop reads before it
//! sends anything more (a task, a copy's merge).

use crate::modes::RunError;
use std::cell::RefCell;
use std::rc::Rc;

#[derive(Default)]
enum State {
    #[default]
    Going,
    /// Stop was asked: nothing more is sent; the tasks under way are cancelled by the pool.
    Stopped,
    /// The run's first failure: a task's or a merge's, or a cancelled one's account of Stop.
    Failed(RunError),
}

/// The run's state, shared by its loops and by the pool (whose Stop sets it).
#[derive(Clone, Default)]
pub(super) struct Halt(Rc<RefCell<State>>);

impl Halt {
    /// Nothing stopped or failed the run: the loops may send the next message.
    pub(super) fn going(&self) -> bool {
        matches!(*self.0.borrow(), State::Going)
    }

    /// Stop: nothing more is sent. True if the run was going.
    pub(super) fn stop(&self) -> bool {
        let going = self.going();
        if going {
            *self.0.borrow_mut() = State::Stopped;
        }
        going
    }

    /// A message failed with `reason`. True if this is what ended the run (neither Stop nor
    /// another failure did first): its sibling tasks are then cancelled. A cancelled task's
    /// reason replaces a bare Stop, since it says how the workers stopped.
    pub(super) fn fail(&self, reason: RunError) -> bool {
        let mut state = self.0.borrow_mut();
        let first = matches!(*state, State::Going);
        if !matches!(*state, State::Failed(_)) {
            *state = State::Failed(reason);
        }
        first
    }

    /// Why the run ended early, if it did.
    pub(super) fn result(&self) -> Result<(), RunError> {
        match &*self.0.borrow() {
            State::Going => Ok(()),
            State::Stopped => Err("stopped: nothing more was sent to the workers".into()),
            State::Failed(reason) => Err(reason.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Halt;

    #[test]
    fn the_first_failure_ends_the_run_and_keeps_its_reason() {
        let halt = Halt::default();
        assert!(halt.going() && halt.result().is_ok());
        assert!(
            halt.fail("panicked".into()),
            "the first failure cancels the siblings"
        );
        assert!(
            !halt.fail("stopped 3 ms after Stop".into()),
            "a sibling's answer does not"
        );
        assert_eq!(halt.result(), Err("panicked".into()));
        assert!(!halt.stop() && !halt.going());
    }

    #[test]
    fn stop_sends_nothing_more_and_a_cancelled_task_says_how_it_stopped() {
        let halt = Halt::default();
        assert!(halt.stop());
        assert!(!halt.going());
        assert!(halt.result().unwrap_err().starts_with("stopped"));
        assert!(
            !halt.fail("stopped 4 ms after Stop; kept".into()),
            "Stop ended it first"
        );
        assert_eq!(halt.result(), Err("stopped 4 ms after Stop; kept".into()));
    }
}
