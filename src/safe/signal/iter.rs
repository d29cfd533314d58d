//! [`Signals`]: every signal of the target, from [`Signal::all`].

use core::ffi::c_int;

use crate::safe::signal::table::TABLE;
use crate::safe::signal::Signal;

/// Iterator over every signal of the target, from [`Signal::all`].
#[derive(Clone, Debug)]
pub struct Signals {
    pub(crate) standard: usize,
    pub(crate) rt_next: c_int,
    pub(crate) rt_max: c_int,
}

impl Iterator for Signals {
    type Item = Signal;

    fn next(&mut self) -> Option<Signal> {
        if let Some(entry) = TABLE.get(self.standard) {
            self.standard += 1;
            return Some(Signal(entry.signal));
        }
        if self.rt_next <= self.rt_max {
            let sig = Signal(self.rt_next);
            self.rt_next += 1;
            return Some(sig);
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let standard = TABLE.len().saturating_sub(self.standard);
        let rt = usize::try_from(self.rt_max - self.rt_next + 1).unwrap_or(0);
        (standard + rt, Some(standard + rt))
    }
}

impl ExactSizeIterator for Signals {}
