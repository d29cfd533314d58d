//! Set algebra on [`SigSet`]: union, intersection, difference, and the
//! operators `|`, `&`, `-`; plain bit arithmetic, no system call.

use core::ops::{BitAnd, BitAndAssign, BitOr, BitOrAssign, Sub, SubAssign};

use libc::sigset_t;

use crate::safe::sigset::{SigSet, Word};

impl SigSet {
    /// The signals in `self` or in `other` (C: `sigorset`).
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::{SigSet, Signal};
    ///
    /// let a = SigSet::from(Signal::USR1);
    /// let b = SigSet::from(Signal::USR2);
    /// assert_eq!(a.union(&b), SigSet::from([Signal::USR1, Signal::USR2]));
    /// assert_eq!(a | b, a.union(&b));
    /// ```
    #[doc(alias = "sigorset")]
    #[must_use]
    pub fn union(&self, other: &SigSet) -> SigSet {
        self.combine(other, |a, b| a | b)
    }

    /// The signals in both `self` and `other` (C: `sigandset`).
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::{SigSet, Signal};
    ///
    /// let a = SigSet::from([Signal::USR1, Signal::CHLD]);
    /// let b = SigSet::from([Signal::CHLD, Signal::ALRM]);
    /// assert_eq!(a.intersection(&b), SigSet::from(Signal::CHLD));
    /// assert_eq!(a & b, a.intersection(&b));
    /// ```
    #[doc(alias = "sigandset")]
    #[must_use]
    pub fn intersection(&self, other: &SigSet) -> SigSet {
        self.combine(other, |a, b| a & b)
    }

    /// The signals in `self` that are not in `other`.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::{SigSet, Signal};
    ///
    /// let a = SigSet::from([Signal::USR1, Signal::CHLD]);
    /// assert_eq!(a.difference(&SigSet::from(Signal::CHLD)), SigSet::from(Signal::USR1));
    /// assert_eq!(a - SigSet::from(Signal::CHLD), SigSet::from(Signal::USR1));
    /// ```
    #[must_use]
    pub fn difference(&self, other: &SigSet) -> SigSet {
        self.combine(other, |a, b| a & !b)
    }

    /// How many signals of this target the set holds (bits that are no
    /// signal here, such as glibc's reserved 32 and 33, are not counted).
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::{SigSet, Signal};
    ///
    /// assert_eq!(SigSet::empty().len(), 0);
    /// assert_eq!(SigSet::from([Signal::USR1, Signal::USR2]).len(), 2);
    /// assert_eq!(SigSet::full().len(), Signal::all().count());
    /// ```
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Removes every signal (C: `sigemptyset` on an existing set).
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::{SigSet, Signal};
    ///
    /// let mut set = SigSet::from(Signal::USR1);
    /// set.clear();
    /// assert!(set.is_empty());
    /// ```
    #[doc(alias = "sigemptyset")]
    pub fn clear(&mut self) {
        *self = SigSet::empty();
    }

    fn combine(&self, other: &SigSet, op: impl Fn(Word, Word) -> Word) -> SigSet {
        let mut out = *self;
        for (word, &theirs) in out.words_mut().iter_mut().zip(other.words_ref()) {
            *word = op(*word, theirs);
        }
        out
    }
}

impl BitOr for SigSet {
    type Output = SigSet;
    fn bitor(self, other: SigSet) -> SigSet {
        self.union(&other)
    }
}

impl BitAnd for SigSet {
    type Output = SigSet;
    fn bitand(self, other: SigSet) -> SigSet {
        self.intersection(&other)
    }
}

impl Sub for SigSet {
    type Output = SigSet;
    fn sub(self, other: SigSet) -> SigSet {
        self.difference(&other)
    }
}

impl BitOrAssign for SigSet {
    fn bitor_assign(&mut self, other: SigSet) {
        *self = self.union(&other);
    }
}

impl BitAndAssign for SigSet {
    fn bitand_assign(&mut self, other: SigSet) {
        *self = self.intersection(&other);
    }
}

impl SubAssign for SigSet {
    fn sub_assign(&mut self, other: SigSet) {
        *self = self.difference(&other);
    }
}

impl AsRef<sigset_t> for SigSet {
    /// The set as the raw layer's `sigset_t` (as [`SigSet::as_sigset_t`]).
    fn as_ref(&self) -> &sigset_t {
        self.as_sigset_t()
    }
}
