//! [`WaitStatus`]: what `waitpid` reported about a child.

use core::ffi::c_int;
use core::fmt;

use crate::safe::signal::Signal;

/// A child's change of state, decoded from `waitpid`'s status word.
///
/// Decoded with the target's `W*` functions from the `libc` crate (pure bit
/// arithmetic, no library call), which [`from_raw`](WaitStatus::from_raw)
/// names in its documentation. Decoding is total: every one of the 2^32
/// possible words gives a value, and no word panics.
///
/// The enum is `#[non_exhaustive]`: a later version may report the ptrace
/// stops (`PTRACE_EVENT_*`, syscall stops) as variants of their own, so a
/// `match` outside this crate needs a `_` arm:
///
/// ```compile_fail
/// # use procsig::WaitStatus;
/// fn code(status: WaitStatus) -> i32 {
///     match status {
///         WaitStatus::Exited(code) => code,
///         WaitStatus::Signaled { signal, .. } => 128 + signal.as_raw(),
///         WaitStatus::Stopped(_) | WaitStatus::Continued | WaitStatus::Unknown(_) => -1,
///     } // error[E0004]: `_` not covered
/// }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WaitStatus {
    /// The child called `_exit(code)` or returned from `main`; `code` is the
    /// low 8 bits of the value it passed (0 to 255). `WIFEXITED`,
    /// `WEXITSTATUS`.
    #[doc(alias = "WIFEXITED")]
    #[doc(alias = "WEXITSTATUS")]
    Exited(i32),
    /// The child was terminated by `signal`. `core_dumped` is true when it
    /// also wrote a core dump (only for signals whose default action dumps
    /// core, and only when `RLIMIT_CORE` allowed it). `WIFSIGNALED`,
    /// `WTERMSIG`, `WCOREDUMP`.
    #[doc(alias = "WIFSIGNALED")]
    #[doc(alias = "WTERMSIG")]
    #[doc(alias = "WCOREDUMP")]
    Signaled {
        /// The signal that terminated the child.
        signal: Signal,
        /// Whether a core dump was written.
        core_dumped: bool,
    },
    /// The child was stopped by this signal; reported only with
    /// `WUNTRACED`. `WIFSTOPPED`, `WSTOPSIG`.
    #[doc(alias = "WIFSTOPPED")]
    #[doc(alias = "WSTOPSIG")]
    Stopped(Signal),
    /// The stopped child was resumed by `SIGCONT`; reported only with
    /// `WCONTINUED`. `WIFCONTINUED`.
    #[doc(alias = "WIFCONTINUED")]
    Continued,
    /// A word that no kernel reports for a child that is not being traced:
    /// bits above the low 16 set (`ptrace` event stops put them there), a
    /// signal number that is not a [`Signal`] of this target (e.g. a child
    /// killed by one of glibc's reserved signals 32 or 33), or a signal
    /// status with bits in its upper byte. Kept verbatim.
    Unknown(c_int),
}

/// What one wait reported about a child: its status, and whether the child
/// ended (and so was reaped) rather than stopped or continued. Whether it
/// ended is taken from the kernel's report, not from decoding, so a child
/// killed by a signal that is no [`Signal`] (an `Unknown` status) still
/// counts as reaped.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Report {
    pub(crate) status: WaitStatus,
    pub(crate) ended: bool,
}

impl WaitStatus {
    /// Decodes a raw status word, as `waitpid` stores it.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::{Signal, WaitStatus};
    ///
    /// assert_eq!(WaitStatus::from_raw(3 << 8), WaitStatus::Exited(3));
    /// # #[cfg(target_os = "linux")] {
    /// assert_eq!(
    ///     WaitStatus::from_raw(Signal::KILL.as_raw()),
    ///     WaitStatus::Signaled { signal: Signal::KILL, core_dumped: false }
    /// );
    /// assert_eq!(WaitStatus::from_raw(0xffff), WaitStatus::Continued);
    /// # }
    /// assert_eq!(WaitStatus::from_raw(-1), WaitStatus::Unknown(-1));
    /// ```
    pub fn from_raw(raw: c_int) -> WaitStatus {
        let unknown = WaitStatus::Unknown(raw);
        // Every kernel puts the whole status in the low 16 bits; only
        // ptrace event stops use the rest.
        if raw & !0xffff != 0 {
            return unknown;
        }
        if libc::WIFEXITED(raw) {
            // The core-dump bit with no signal is no kernel's word.
            return if raw & 0xff == 0 {
                WaitStatus::Exited(libc::WEXITSTATUS(raw))
            } else {
                unknown
            };
        }
        // Before WIFSTOPPED: on macOS a continued child is encoded as a stop
        // by SIGCONT, and libc's WIFSTOPPED there excludes it.
        if libc::WIFCONTINUED(raw) {
            return WaitStatus::Continued;
        }
        let (sig, stopped) = if libc::WIFSTOPPED(raw) {
            (libc::WSTOPSIG(raw), true)
        } else if libc::WIFSIGNALED(raw) && raw & !0xff == 0 {
            (libc::WTERMSIG(raw), false)
        } else {
            return unknown;
        };
        match Signal::from_raw(sig) {
            None => unknown,
            Some(signal) if stopped => WaitStatus::Stopped(signal),
            Some(signal) => WaitStatus::Signaled {
                signal,
                core_dumped: libc::WCOREDUMP(raw),
            },
        }
    }

    /// Whether the child exited with status 0.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::WaitStatus;
    ///
    /// assert!(WaitStatus::Exited(0).success());
    /// assert!(!WaitStatus::Exited(1).success());
    /// ```
    pub fn success(self) -> bool {
        self == WaitStatus::Exited(0)
    }

    /// The exit code, if the child exited.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::{Signal, WaitStatus};
    ///
    /// assert_eq!(WaitStatus::Exited(3).code(), Some(3));
    /// assert_eq!(WaitStatus::Stopped(Signal::STOP).code(), None);
    /// ```
    #[doc(alias = "WEXITSTATUS")]
    pub fn code(self) -> Option<i32> {
        match self {
            WaitStatus::Exited(code) => Some(code),
            _ => None,
        }
    }

    /// The signal that killed or stopped the child, if one did.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::{Signal, WaitStatus};
    ///
    /// let killed = WaitStatus::Signaled { signal: Signal::TERM, core_dumped: false };
    /// assert_eq!(killed.signal(), Some(Signal::TERM));
    /// assert_eq!(WaitStatus::Stopped(Signal::STOP).signal(), Some(Signal::STOP));
    /// assert_eq!(WaitStatus::Exited(0).signal(), None);
    /// ```
    #[doc(alias = "WTERMSIG")]
    #[doc(alias = "WSTOPSIG")]
    pub fn signal(self) -> Option<Signal> {
        match self {
            WaitStatus::Signaled { signal, .. } | WaitStatus::Stopped(signal) => Some(signal),
            _ => None,
        }
    }

    /// Whether the child was killed and wrote a core dump.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::{Signal, WaitStatus};
    ///
    /// let dumped = WaitStatus::Signaled { signal: Signal::SEGV, core_dumped: true };
    /// assert!(dumped.core_dumped());
    /// assert!(!WaitStatus::Exited(0).core_dumped());
    /// ```
    #[doc(alias = "WCOREDUMP")]
    pub fn core_dumped(self) -> bool {
        matches!(
            self,
            WaitStatus::Signaled {
                core_dumped: true,
                ..
            }
        )
    }

    /// The status word `waitpid` stores for this status: the inverse of
    /// [`from_raw`](WaitStatus::from_raw) (on Linux's and the BSDs'
    /// encoding; `Exited` keeps the low 8 bits of its code).
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::{Signal, WaitStatus};
    ///
    /// for status in [
    ///     WaitStatus::Exited(3),
    ///     WaitStatus::Signaled { signal: Signal::KILL, core_dumped: false },
    ///     WaitStatus::Stopped(Signal::STOP),
    /// ] {
    ///     assert_eq!(WaitStatus::from_raw(status.into_raw()), status);
    /// }
    /// ```
    pub fn into_raw(self) -> c_int {
        match self {
            WaitStatus::Exited(code) => (code & 0xff) << 8,
            WaitStatus::Signaled {
                signal,
                core_dumped,
            } => signal.as_raw() | if core_dumped { 0x80 } else { 0 },
            WaitStatus::Stopped(signal) => (signal.as_raw() << 8) | 0x7f,
            WaitStatus::Continued => CONTINUED,
            WaitStatus::Unknown(raw) => raw,
        }
    }
}

/// The word of a continued child: Linux's `0xffff`; the BSDs' and Apple's
/// stop-by-`SIGCONT` encoding.
#[cfg(procsig_family = "linux")]
const CONTINUED: c_int = 0xffff;
#[cfg(procsig_family = "bsd")]
const CONTINUED: c_int = (libc::SIGCONT << 8) | 0x7f;

#[cfg(feature = "std")]
impl From<WaitStatus> for std::process::ExitStatus {
    /// The same status as std sees it: `ExitStatusExt::from_raw` of
    /// [`WaitStatus::into_raw`].
    fn from(status: WaitStatus) -> std::process::ExitStatus {
        std::os::unix::process::ExitStatusExt::from_raw(status.into_raw())
    }
}

#[cfg(feature = "std")]
impl From<std::process::ExitStatus> for WaitStatus {
    /// Decodes std's status word: a `std::process::Child`'s status in
    /// procsig's terms.
    ///
    /// ```
    /// use procsig::WaitStatus;
    ///
    /// let status = std::process::Command::new("false").status().unwrap();
    /// assert_eq!(WaitStatus::from(status), WaitStatus::Exited(1));
    /// ```
    fn from(status: std::process::ExitStatus) -> WaitStatus {
        WaitStatus::from_raw(std::os::unix::process::ExitStatusExt::into_raw(status))
    }
}

impl fmt::Display for WaitStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            WaitStatus::Exited(code) => write!(f, "exited with status {code}"),
            WaitStatus::Signaled {
                signal,
                core_dumped,
            } => {
                write!(f, "killed by {signal}")?;
                if core_dumped {
                    f.write_str(" (core dumped)")?;
                }
                Ok(())
            }
            WaitStatus::Stopped(signal) => write!(f, "stopped by {signal}"),
            WaitStatus::Continued => f.write_str("continued"),
            WaitStatus::Unknown(raw) => write!(f, "unknown wait status {raw:#x}"),
        }
    }
}
