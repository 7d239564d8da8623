//! What the instruments read of a worker: each frame, whether it is busy and how far its
//! message has got (the engine's counters where it has them, else its progress reports);
//! once, what its start cost.

use super::WorkerHost;
use super::life::Life;
use crate::instruments::timeline::Sample;
use offload_jobs::progress::Progress;

/// One look at a worker, for the timeline.
#[derive(Default)]
pub struct HostSample {
    /// The message posted last, if any.
    pub id: Option<u32>,
    /// A message is pending: the worker is working on it.
    pub busy: bool,
    /// The progress of the message posted last.
    pub progress: Option<Progress>,
    /// The worker publishes counters in shared memory (the engine).
    pub counted: bool,
    /// The engine's own counters (its pool threads), when they are that message's.
    pub pool: Option<Sample>,
}

/// What starting the current worker cost, measured by the host (and, for the engine,
/// reported by it): the overheads every run in its mode sits on.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StartFigures {
    /// From posting the boot message to the `Ready` reply, in ms.
    pub start_ms: Option<f64>,
    /// The engine's median round trip of an empty pool task, in ms ([`Reply::PoolOverhead`]).
    pub empty_task_ms: Option<f64>,
    /// A worker that fetched and compiled the module itself: its own account of the start.
    pub startup: Option<offload_jobs::wire::Startup>,
}

impl WorkerHost {
    /// What starting the current worker cost; empty until it is ready.
    pub fn start_figures(&self) -> StartFigures {
        self.0.borrow().figures
    }

    pub(super) fn on_progress(&self, id: u32, progress: Progress) {
        if let Life::Ready { live, .. } | Life::Busy { live, .. } | Life::Stopping { live, .. } =
            &mut self.0.borrow_mut().life
        {
            live.reported = Some((id, progress));
        }
    }

    /// What the worker is doing now, for the timeline: busy with a message or not, and
    /// its progress, from the engine's counters where it has them, else from its reports.
    pub fn sample(&self) -> HostSample {
        let host = self.0.borrow();
        let (live, busy) = match &host.life {
            Life::Ready { live, .. } => (live, false),
            Life::Busy { live, .. } | Life::Stopping { live, .. } => (live, true),
            _ => return HostSample::default(),
        };
        let Some(id) = host.last_id else {
            return HostSample::default();
        };
        let pool = live.counters.as_ref().and_then(|c| c.read(id));
        let reported = live.reported.filter(|(reported, _)| *reported == id);
        HostSample {
            id: Some(id),
            busy,
            counted: live.counters.is_some(),
            progress: pool
                .as_ref()
                .and_then(|p| p.progress)
                .or(reported.map(|(_, p)| p)),
            pool,
        }
    }
}
