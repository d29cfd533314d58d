//! [`Signal`]: a validated signal number with this platform's names.

#[allow(unsafe_code)]
pub(crate) mod alarm;
pub(crate) mod consts;
pub(crate) mod default_action;
#[allow(unsafe_code)]
pub(crate) mod disposition;
pub(crate) mod iter;
pub(crate) mod parse;
pub(crate) mod rt;
pub(crate) mod table;

// This platform's table: one file per target family (build.rs sets
// `procsig_family`).
#[cfg_attr(procsig_family = "linux", path = "linux.rs")]
#[cfg_attr(procsig_family = "bsd", path = "bsd.rs")]
mod platform;

use core::ffi::c_int;
use core::fmt;

use crate::safe::signal::default_action::DefaultAction;
use crate::safe::signal::rt::{rt_name, rt_range};
use table::{ACTIONS, DESCRIPTIONS, NAMES, SIGNALS};

pub(crate) use platform::{ALIASES, TABLE};

/// A signal number that is valid on this target.
///
/// Valid means: one of the target's standard signals (the constants below,
/// which take their numbers from the `libc` crate, so `Signal::CONT` is 18
/// on Linux and 19 on macOS), or a real-time signal in
/// `SIGRTMIN..=SIGRTMAX` on targets that have them. Signal 0 (which `kill`
/// uses to probe), numbers past the last signal, and on Linux the numbers
/// the C library reserves for itself (glibc 32 and 33, musl 32 to 34) are
/// not signals: [`Signal::from_raw`] refuses them, so a `Signal` can always
/// be sent, blocked and waited for.
///
/// ```
/// use procsig::Signal;
///
/// assert_eq!(Signal::from_raw(Signal::TERM.as_raw()), Some(Signal::TERM));
/// assert_eq!(Signal::from_raw(0), None);
/// assert_eq!(Signal::from_raw(2000), None);
/// assert_eq!("SIGusr1".parse::<Signal>(), Ok(Signal::USR1));
/// assert_eq!(Signal::HUP.to_string(), "SIGHUP");
/// ```
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Signal(pub(crate) c_int);

impl Signal {
    /// The signal with number `sig`, if it is valid on this target.
    ///
    /// Async-signal-safe: yes.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::Signal;
    ///
    /// assert_eq!(Signal::from_raw(libc::SIGCONT), Some(Signal::CONT));
    /// assert_eq!(Signal::from_raw(0), None);
    /// assert_eq!(Signal::from_raw(2000), None);
    /// ```
    #[inline]
    pub fn from_raw(sig: c_int) -> Option<Signal> {
        let candidate = Signal(sig);
        if is_standard(sig) || candidate.is_realtime() {
            Some(candidate)
        } else {
            None
        }
    }

    /// The signal's number.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::Signal;
    ///
    /// assert_eq!(Signal::USR1.as_raw(), libc::SIGUSR1);
    /// ```
    #[inline]
    pub const fn as_raw(self) -> c_int {
        self.0
    }

    /// The real-time signal `SIGRTMIN + n`, if it is at most `SIGRTMAX`.
    ///
    /// Real-time signals queue: each one sent is delivered once, unlike the
    /// standard signals, which coalesce while pending. That makes them the
    /// signals to count with. `SIGRTMIN` is a run-time value (34 with glibc,
    /// 35 with musl), so this is a function, not a constant.
    ///
    /// Async-signal-safe: yes.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::Signal;
    ///
    /// let first = Signal::rt(0).unwrap();
    /// assert_eq!(first.name(), "SIGRTMIN");
    /// assert_eq!(Signal::rt(1).unwrap().to_string(), "SIGRTMIN+1");
    /// assert_eq!(Signal::rt(1000), None);
    /// ```
    #[cfg(procsig_rtsig)]
    #[cfg_attr(docsrs, doc(cfg(any(target_os = "linux", target_os = "android"))))]
    pub fn rt(n: u32) -> Option<Signal> {
        let (min, _) = rt_range();
        let sig = c_int::try_from(n).ok()?.checked_add(min)?;
        Some(Signal(sig)).filter(|s| s.is_realtime())
    }

    /// Whether this is a real-time signal (`SIGRTMIN..=SIGRTMAX`).
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::Signal;
    ///
    /// assert!(!Signal::USR1.is_realtime());
    /// # #[cfg(procsig_rtsig)]
    /// assert!(Signal::rt(0).unwrap().is_realtime());
    /// ```
    #[inline]
    pub fn is_realtime(self) -> bool {
        let (min, max) = rt_range();
        (min..=max).contains(&self.0)
    }

    /// The name: `"SIGCONT"`, `"SIGRTMIN+3"`.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::Signal;
    ///
    /// assert_eq!(Signal::CHLD.name(), "SIGCHLD");
    /// ```
    #[doc(alias = "strsignal")]
    #[doc(alias = "sigabbrev_np")]
    pub fn name(self) -> &'static str {
        match lookup(self.0).and_then(|i| NAMES.get(i)) {
            Some(name) => name,
            None => rt_name(self.0),
        }
    }

    /// What the kernel does with this signal when its disposition is
    /// `SIG_DFL`. Real-time signals terminate.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::{DefaultAction, Signal};
    ///
    /// assert_eq!(Signal::CHLD.default_action(), DefaultAction::Ignore);
    /// assert_eq!(Signal::KILL.default_action(), DefaultAction::Terminate);
    /// ```
    pub fn default_action(self) -> DefaultAction {
        lookup(self.0)
            .and_then(|i| ACTIONS.get(i).copied())
            .unwrap_or(DefaultAction::Terminate)
    }

    /// A one-line description, as in `man 7 signal`.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::Signal;
    ///
    /// assert!(!Signal::PIPE.description().is_empty());
    /// ```
    pub fn description(self) -> &'static str {
        lookup(self.0)
            .and_then(|i| DESCRIPTIONS.get(i))
            .unwrap_or("real-time signal")
    }
}

/// Bit `n - 1` is set for each standard signal `n` of the table: a
/// membership test without searching the table, for the hot path of every
/// wait. Standard signals are below 65 on every supported target.
const STANDARD: u64 = {
    let mut bits = 0u64;
    let mut i = 0;
    while i < TABLE.len() {
        // Evaluated at compile time: an index out of bounds, or a signal
        // number out of range, would fail the build, not panic.
        #[allow(clippy::indexing_slicing)]
        let n = TABLE[i].signal;
        bits |= 1 << (n - 1);
        i += 1;
    }
    bits
};

#[inline]
fn is_standard(sig: c_int) -> bool {
    (1..=64).contains(&sig) && STANDARD & (1 << (sig - 1)) != 0
}

impl fmt::Display for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl fmt::Debug for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signal({} = {})", self.name(), self.0)
    }
}

/// Where a standard signal is in the table (its row in `table`'s packed
/// columns).
pub(crate) fn lookup(signo: c_int) -> Option<usize> {
    SIGNALS.iter().position(|&s| s == signo)
}

#[cfg(test)]
mod tests;
