//! [`SigSet`]'s standard traits and its iterator.

use core::fmt;

use crate::safe::signal::Signal;
use crate::safe::sigset::{SigSet, WORDS, WORD_BITS};

impl SigSet {
    /// The signals in the set, in number order.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::{SigSet, Signal};
    ///
    /// let set = SigSet::from([Signal::USR2, Signal::HUP]);
    /// assert_eq!(set.iter().collect::<Vec<_>>(), [Signal::HUP, Signal::USR2]); // in number order
    /// ```
    pub fn iter(&self) -> SigSetIter<'_> {
        SigSetIter { set: self, next: 1 }
    }
}

impl Default for SigSet {
    fn default() -> SigSet {
        SigSet::empty()
    }
}

impl PartialEq for SigSet {
    fn eq(&self, other: &SigSet) -> bool {
        self.words_ref() == other.words_ref()
    }
}

impl Eq for SigSet {}

impl core::hash::Hash for SigSet {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.words_ref().hash(state);
    }
}

impl fmt::Debug for SigSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl FromIterator<Signal> for SigSet {
    fn from_iter<I: IntoIterator<Item = Signal>>(iter: I) -> SigSet {
        let mut set = SigSet::empty();
        set.extend(iter);
        set
    }
}

impl Extend<Signal> for SigSet {
    fn extend<I: IntoIterator<Item = Signal>>(&mut self, iter: I) {
        for sig in iter {
            self.insert(sig);
        }
    }
}

impl<const N: usize> From<[Signal; N]> for SigSet {
    fn from(signals: [Signal; N]) -> SigSet {
        signals.into_iter().collect()
    }
}

impl From<Signal> for SigSet {
    fn from(sig: Signal) -> SigSet {
        SigSet::empty().with(sig)
    }
}

impl<'a> IntoIterator for &'a SigSet {
    type Item = Signal;
    type IntoIter = SigSetIter<'a>;

    fn into_iter(self) -> SigSetIter<'a> {
        self.iter()
    }
}

/// Iterator over the signals in a [`SigSet`], from [`SigSet::iter`].
#[derive(Clone, Debug)]
pub struct SigSetIter<'a> {
    set: &'a SigSet,
    next: core::ffi::c_int,
}

impl Iterator for SigSetIter<'_> {
    type Item = Signal;

    fn next(&mut self) -> Option<Signal> {
        let last = core::ffi::c_int::try_from(WORDS * WORD_BITS).unwrap_or(core::ffi::c_int::MAX);
        while self.next <= last {
            let raw = self.next;
            self.next += 1;
            if let Some(sig) = Signal::from_raw(raw) {
                if self.set.contains(sig) {
                    return Some(sig);
                }
            }
        }
        None
    }
}
