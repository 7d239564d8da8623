//! The page's runs as one handle the App changes and its components share.
//!
//! Cloning a `History` copies a pointer, and two handles compare equal until one of them
//! changes: the App re-renders on every message, and with a `Vec<Run>` each render deep-
//! copied and deep-compared the whole history four times (history table, chart, lesson,
//! exports), a cost that grew by the run. Now a render that changes no run costs nothing
//! per run, and the components that show the history re-render only when it changes.

use super::Run;
use std::ops::Deref;
use std::rc::Rc;

#[derive(Clone, Debug, Default)]
pub struct History {
    runs: Rc<Vec<Run>>,
    /// Bumped by every change: `Rc::make_mut` changes in place when no component holds
    /// a copy yet, so the pointer alone cannot tell a changed history from the same one.
    generation: u64,
}

impl PartialEq for History {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation && Rc::ptr_eq(&self.runs, &other.runs)
    }
}

impl Deref for History {
    type Target = [Run];

    fn deref(&self) -> &[Run] {
        &self.runs
    }
}

impl History {
    pub fn push(&mut self, run: Run) {
        self.change().push(run);
    }

    /// Changes run `id` (absent: nothing happens, nothing counts as changed).
    pub fn update(&mut self, id: u32, change: impl FnOnce(&mut Run)) {
        if let Some(index) = self.runs.iter().position(|r| r.id == id) {
            change(&mut self.change()[index]);
        }
    }

    /// The runs, to change: copies them first if a component still holds the old ones
    /// (once per change, not per render).
    fn change(&mut self) -> &mut Vec<Run> {
        self.generation += 1;
        Rc::make_mut(&mut self.runs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::Mode;
    use crate::runs::RunState;
    use crate::runs::test_runs::done;

    fn run(id: u32) -> Run {
        Run {
            state: RunState::Running,
            ..done(id, Mode::Worker, 1, 10.0)
        }
    }

    #[test]
    fn a_copy_equals_its_original_until_either_changes() {
        let mut history = History::default();
        history.push(run(1));
        let shown = history.clone();
        assert_eq!(shown, history);
        history.update(1, |r| r.state = RunState::Failed("stopped".into()));
        assert_ne!(shown, history, "a change is seen");
        assert_eq!(
            shown[0].state,
            RunState::Running,
            "the copy a component holds is untouched"
        );
        assert_eq!(history[0].state, RunState::Failed("stopped".into()));
    }

    #[test]
    fn a_change_made_in_place_is_seen_too() {
        let mut history = History::default();
        history.push(run(1));
        let before = history.generation;
        // No copy held: `make_mut` changes the same allocation.
        history.push(run(2));
        assert_eq!(history.len(), 2);
        assert_ne!(history.generation, before);
    }

    #[test]
    fn updating_an_absent_run_changes_nothing() {
        let mut history = History::default();
        history.push(run(1));
        let shown = history.clone();
        history.update(7, |r| r.id = 99);
        assert_eq!(shown, history);
    }
}
