//! [`Signals`]: every signal of the target, from [`Signal::all`].

use core::ffi::c_int;

use crate::safe::signal::rt::rt_range;
use crate::safe::signal::table::SIGNALS;
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
        if let Some(&signal) = SIGNALS.get(self.standard) {
            self.standard += 1;
            return Some(Signal(signal));
        }
        if self.rt_next <= self.rt_max {
            let sig = Signal(self.rt_next);
            self.rt_next += 1;
            return Some(sig);
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let standard = SIGNALS.len().saturating_sub(self.standard);
        let rt = usize::try_from(self.rt_max - self.rt_next + 1).unwrap_or(0);
        (standard + rt, Some(standard + rt))
    }
}

impl ExactSizeIterator for Signals {}

// `all` lives beside the iterator it makes, so that `Signal` itself needs
// nothing from this file.
impl Signal {
    /// Every signal of this target: the standard ones in the order of
    /// `man 7 signal`, then the real-time ones in number order.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::Signal;
    ///
    /// for sig in Signal::all().take(3) {
    ///     println!("{:>2} {:<8} {:<9} {}", sig.as_raw(), sig, sig.default_action(), sig.description());
    /// }
    /// assert!(Signal::all().any(|s| s == Signal::CONT));
    /// ```
    pub fn all() -> Signals {
        let (rt_next, rt_max) = rt_range();
        Signals {
            standard: 0,
            rt_next,
            rt_max,
        }
    }
}
