//! The largest sample a periodic probe sees during a run. A blocked stretch is measured
//! only when the probe runs again after it, so a run ends on the probe's next sample.

use futures_channel::oneshot;

#[derive(Default)]
pub struct RunMax {
    measuring: bool,
    max: f64,
    /// Woken by the next sample.
    next: Vec<oneshot::Sender<()>>,
}

impl RunMax {
    /// Starts a run: forgets the last run's maximum.
    pub fn begin(&mut self) {
        self.measuring = true;
        self.max = 0.0;
    }

    /// Takes a sample; returns who waits for it, to be woken once no borrow is held.
    pub fn record(&mut self, sample: f64) -> Vec<oneshot::Sender<()>> {
        if self.measuring {
            self.max = self.max.max(sample);
        }
        std::mem::take(&mut self.next)
    }

    /// Hands over who waits for the next sample without taking one: when none will come.
    pub fn waiters(&mut self) -> Vec<oneshot::Sender<()>> {
        std::mem::take(&mut self.next)
    }

    /// The maximum of the current run, or of the last one.
    pub fn max(&self) -> f64 {
        self.max
    }

    /// Resolves on the next sample. A run's end awaits it before [`RunMax::finish`].
    pub fn next_sample(&mut self) -> oneshot::Receiver<()> {
        let (sender, next) = oneshot::channel();
        self.next.push(sender);
        next
    }

    /// Ends the run; returns its maximum.
    pub fn finish(&mut self) -> f64 {
        self.measuring = false;
        self.max
    }
}

/// Wakes the waiters `record` returned.
pub fn wake(waiters: Vec<oneshot::Sender<()>>) {
    for waiter in waiters {
        let _ = waiter.send(());
    }
}
