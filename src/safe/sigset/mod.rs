//! [`SigSet`]: a set of signals, laid out exactly as `sigset_t`.

#[allow(unsafe_code)]
pub(crate) mod holds;
#[cfg(procsig_linux)]
#[allow(unsafe_code)]
pub(crate) mod info;
#[allow(unsafe_code)]
pub(crate) mod mask;
// The type of an accepted signal's details, and its reading of a
// `siginfo_t` (a union): Linux, and the kqueue targets' event wait.
#[cfg(any(procsig_linux, procsig_kqueue))]
#[allow(unsafe_code)]
pub(crate) mod siginfo;
// Keeping a blocked signal pending: one file per kernel behaviour (the BSD
// one also under the macOS-like build switch, which runs it on Linux).
#[cfg_attr(not(procsig_discards_ignored), path = "keep_pending/linux.rs")]
#[cfg_attr(procsig_discards_ignored, path = "keep_pending/bsd.rs")]
#[allow(unsafe_code)]
pub(crate) mod keep_pending;
pub(crate) mod ops;
#[cfg(procsig_timed_wait)]
#[allow(unsafe_code)]
pub(crate) mod timed;
pub(crate) mod traits;
#[allow(unsafe_code)]
pub(crate) mod wait;
pub(crate) mod waitable;
#[allow(unsafe_code)]
pub(crate) mod words;

use libc::sigset_t;

use crate::safe::signal::Signal;
use words::position;
pub(crate) use words::{Word, SIGNALS, SIGNAL_WORDS, WORDS, WORD_BITS};

/// A set of signals.
///
/// `#[repr(transparent)]` over `sigset_t`, so [`SigSet::as_sigset_t`] hands
/// the raw layer a `&sigset_t` without a copy. Building a set is plain bit
/// arithmetic (bit `signo - 1` of an array of words, the layout of every
/// supported target's `sigset_t`), so it costs no library call, works in a
/// `const`, and cannot fail: a [`Signal`] is always a valid member.
///
/// ```
/// use procsig::{SigSet, Signal};
///
/// const CHILD_EVENTS: SigSet = SigSet::empty().with(Signal::CHLD).with(Signal::ALRM);
/// let mut set = SigSet::from([Signal::USR1, Signal::USR2]);
/// set.remove(Signal::USR2);
/// set.extend(CHILD_EVENTS.iter());
/// assert_eq!(set.iter().count(), 3);
/// assert!(set.contains(Signal::CHLD) && !set.contains(Signal::USR2));
/// ```
#[repr(transparent)]
#[derive(Clone, Copy)]
pub struct SigSet(sigset_t);

impl SigSet {
    /// The empty set.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::SigSet;
    ///
    /// assert!(SigSet::empty().is_empty());
    /// ```
    #[inline]
    #[doc(alias = "sigemptyset")]
    pub const fn empty() -> SigSet {
        SigSet::from_words([0; WORDS])
    }

    /// Every signal of this target (the ones [`Signal::all`] yields).
    ///
    /// Not `const`: the real-time range is a run-time value on Linux. Like
    /// libc's `sigfillset`, it leaves out the numbers the C library keeps
    /// for itself. Blocking it still leaves `SIGKILL` and `SIGSTOP`
    /// deliverable: the kernel ignores them in a mask, and the waits
    /// ignore them in a set, so a blocked full set can be waited on.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::{SigSet, Signal};
    ///
    /// let all = SigSet::full();
    /// assert!(all.contains(Signal::KILL) && all.contains(Signal::USR1));
    /// ```
    #[doc(alias = "sigfillset")]
    pub fn full() -> SigSet {
        Signal::all().collect()
    }

    /// This set with `sig` added. `const`, for building sets at compile
    /// time.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::{SigSet, Signal};
    ///
    /// const WAITED: SigSet = SigSet::empty().with(Signal::CHLD).with(Signal::ALRM);
    /// assert!(WAITED.contains(Signal::CHLD));
    /// ```
    #[must_use]
    #[inline]
    pub const fn with(self, sig: Signal) -> SigSet {
        let mut words = self.words();
        let (index, bit) = position(sig);
        let mut i = 0;
        // A loop rather than `words[index]`, because indexing may panic and
        // `get_mut` is not `const` on the crate's minimum Rust version.
        while i < WORDS {
            if i == index {
                #[allow(clippy::indexing_slicing)] // i < WORDS: the loop bound.
                {
                    words[i] |= bit;
                }
            }
            i += 1;
        }
        SigSet::from_words(words)
    }

    /// Adds `sig`; returns whether it was absent.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::{SigSet, Signal};
    ///
    /// let mut set = SigSet::empty();
    /// assert!(set.insert(Signal::USR1));
    /// assert!(!set.insert(Signal::USR1)); // already there
    /// ```
    #[inline]
    #[doc(alias = "sigaddset")]
    pub fn insert(&mut self, sig: Signal) -> bool {
        let (index, bit) = position(sig);
        match self.words_mut().get_mut(index) {
            Some(word) => {
                let absent = *word & bit == 0;
                *word |= bit;
                absent
            }
            None => false,
        }
    }

    /// Removes `sig`; returns whether it was present.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::{SigSet, Signal};
    ///
    /// let mut set = SigSet::from(Signal::USR1);
    /// assert!(set.remove(Signal::USR1));
    /// assert!(!set.remove(Signal::USR1));
    /// ```
    #[inline]
    #[doc(alias = "sigdelset")]
    pub fn remove(&mut self, sig: Signal) -> bool {
        let (index, bit) = position(sig);
        match self.words_mut().get_mut(index) {
            Some(word) => {
                let present = *word & bit != 0;
                *word &= !bit;
                present
            }
            None => false,
        }
    }

    /// Whether `sig` is in the set.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::{SigSet, Signal};
    ///
    /// assert!(SigSet::from(Signal::HUP).contains(Signal::HUP));
    /// assert!(!SigSet::from(Signal::HUP).contains(Signal::INT));
    /// ```
    #[inline]
    #[doc(alias = "sigismember")]
    pub fn contains(&self, sig: Signal) -> bool {
        let (index, bit) = position(sig);
        self.words_ref().get(index).is_some_and(|w| w & bit != 0)
    }

    /// Whether the set has no signal (no bit set).
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::{SigSet, Signal};
    ///
    /// assert!(SigSet::empty().is_empty());
    /// assert!(!SigSet::from(Signal::INT).is_empty());
    /// ```
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.words_ref().iter().all(|&w| w == 0)
    }

    /// Whether every signal of this set is also in `other`.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::{SigSet, Signal};
    ///
    /// let small = SigSet::from(Signal::USR1);
    /// assert!(small.is_subset(&SigSet::from([Signal::USR1, Signal::USR2])));
    /// assert!(!SigSet::full().is_subset(&small));
    /// ```
    #[inline]
    pub fn is_subset(&self, other: &SigSet) -> bool {
        let (mine, theirs) = (self.words_ref(), other.words_ref());
        mine.iter().zip(theirs.iter()).all(|(&a, &b)| a & !b == 0)
    }

    /// The set as the raw layer's `sigset_t`.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::{SigSet, Signal};
    ///
    /// let set = SigSet::from(Signal::USR1);
    /// // SAFETY: a valid sigset_t, read only.
    /// assert_eq!(unsafe { libc::sigismember(set.as_sigset_t(), libc::SIGUSR1) }, 1);
    /// ```
    #[inline]
    pub const fn as_sigset_t(&self) -> &sigset_t {
        &self.0
    }

    /// The set as a mutable `sigset_t`, for the raw layer to fill.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::{SigSet, Signal};
    ///
    /// let mut set = SigSet::empty();
    /// // SAFETY: a valid sigset_t for libc to fill.
    /// unsafe { libc::sigaddset(set.as_mut_sigset_t(), libc::SIGUSR2) };
    /// assert!(set.contains(Signal::USR2));
    /// ```
    #[inline]
    pub fn as_mut_sigset_t(&mut self) -> &mut sigset_t {
        &mut self.0
    }

    /// A set from a raw `sigset_t`, e.g. one filled by
    /// [`raw::sigprocmask`](crate::raw::sigprocmask). Bits that are not
    /// signals of this target are kept (they take part in equality) but
    /// never yielded by
    /// [`iter`](SigSet::iter).
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::{SigSet, Signal};
    ///
    /// // SAFETY: an all-zero sigset_t is the empty set; libc fills it.
    /// let mut raw: libc::sigset_t = unsafe { std::mem::zeroed() };
    /// unsafe { libc::sigaddset(&mut raw, libc::SIGHUP) };
    /// assert_eq!(SigSet::from_sigset_t(raw), SigSet::from(Signal::HUP));
    /// ```
    #[inline]
    pub const fn from_sigset_t(set: sigset_t) -> SigSet {
        SigSet(set)
    }
}

// The tests compare with libc's own set functions.
#[cfg(test)]
#[allow(unsafe_code)]
mod tests;
