//! [`Signal`]: a validated signal number with this platform's names.

use core::ffi::c_int;
use core::fmt;

use super::default_action::DefaultAction;
use super::signal_iter::Signals;
use super::signal_table::{self, TABLE};

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
pub struct Signal(pub(super) c_int);

// Constants, not a macro: each is one line an auditor can read.
impl Signal {
    /// `SIGHUP`: hangup of the controlling terminal.
    #[doc(alias = "SIGHUP")]
    pub const HUP: Signal = Signal(libc::SIGHUP);
    /// `SIGINT`: interrupt from the keyboard (Ctrl-C).
    #[doc(alias = "SIGINT")]
    pub const INT: Signal = Signal(libc::SIGINT);
    /// `SIGQUIT`: quit from the keyboard; dumps core.
    #[doc(alias = "SIGQUIT")]
    pub const QUIT: Signal = Signal(libc::SIGQUIT);
    /// `SIGILL`: illegal instruction.
    #[doc(alias = "SIGILL")]
    pub const ILL: Signal = Signal(libc::SIGILL);
    /// `SIGTRAP`: trace or breakpoint trap.
    #[doc(alias = "SIGTRAP")]
    pub const TRAP: Signal = Signal(libc::SIGTRAP);
    /// `SIGABRT`: `abort(3)`.
    #[doc(alias = "SIGABRT")]
    pub const ABRT: Signal = Signal(libc::SIGABRT);
    /// `SIGBUS`: bus error.
    #[doc(alias = "SIGBUS")]
    pub const BUS: Signal = Signal(libc::SIGBUS);
    /// `SIGFPE`: arithmetic exception.
    #[doc(alias = "SIGFPE")]
    pub const FPE: Signal = Signal(libc::SIGFPE);
    /// `SIGKILL`: kill; cannot be caught, blocked or ignored.
    #[doc(alias = "SIGKILL")]
    pub const KILL: Signal = Signal(libc::SIGKILL);
    /// `SIGUSR1`: user-defined signal 1.
    #[doc(alias = "SIGUSR1")]
    pub const USR1: Signal = Signal(libc::SIGUSR1);
    /// `SIGSEGV`: invalid memory reference.
    #[doc(alias = "SIGSEGV")]
    pub const SEGV: Signal = Signal(libc::SIGSEGV);
    /// `SIGUSR2`: user-defined signal 2.
    #[doc(alias = "SIGUSR2")]
    pub const USR2: Signal = Signal(libc::SIGUSR2);
    /// `SIGPIPE`: write to a pipe with no reader.
    #[doc(alias = "SIGPIPE")]
    pub const PIPE: Signal = Signal(libc::SIGPIPE);
    /// `SIGALRM`: the timer set by `alarm` expired.
    #[doc(alias = "SIGALRM")]
    pub const ALRM: Signal = Signal(libc::SIGALRM);
    /// `SIGTERM`: termination request.
    #[doc(alias = "SIGTERM")]
    pub const TERM: Signal = Signal(libc::SIGTERM);
    /// `SIGCHLD`: a child stopped, continued or ended. Ignored by default.
    #[doc(alias = "SIGCHLD")]
    pub const CHLD: Signal = Signal(libc::SIGCHLD);
    /// `SIGCONT`: continue if stopped. Otherwise ignored by default.
    #[doc(alias = "SIGCONT")]
    pub const CONT: Signal = Signal(libc::SIGCONT);
    /// `SIGSTOP`: stop; cannot be caught, blocked or ignored.
    #[doc(alias = "SIGSTOP")]
    pub const STOP: Signal = Signal(libc::SIGSTOP);
    /// `SIGTSTP`: stop typed at the terminal (Ctrl-Z).
    #[doc(alias = "SIGTSTP")]
    pub const TSTP: Signal = Signal(libc::SIGTSTP);
    /// `SIGTTIN`: terminal input for a background process.
    #[doc(alias = "SIGTTIN")]
    pub const TTIN: Signal = Signal(libc::SIGTTIN);
    /// `SIGTTOU`: terminal output for a background process.
    #[doc(alias = "SIGTTOU")]
    pub const TTOU: Signal = Signal(libc::SIGTTOU);
    /// `SIGURG`: urgent condition on a socket. Ignored by default.
    #[doc(alias = "SIGURG")]
    pub const URG: Signal = Signal(libc::SIGURG);
    /// `SIGXCPU`: CPU time limit exceeded.
    #[doc(alias = "SIGXCPU")]
    pub const XCPU: Signal = Signal(libc::SIGXCPU);
    /// `SIGXFSZ`: file size limit exceeded.
    #[doc(alias = "SIGXFSZ")]
    pub const XFSZ: Signal = Signal(libc::SIGXFSZ);
    /// `SIGVTALRM`: virtual timer expired.
    #[doc(alias = "SIGVTALRM")]
    pub const VTALRM: Signal = Signal(libc::SIGVTALRM);
    /// `SIGPROF`: profiling timer expired.
    #[doc(alias = "SIGPROF")]
    pub const PROF: Signal = Signal(libc::SIGPROF);
    /// `SIGWINCH`: terminal window size changed. Ignored by default.
    #[doc(alias = "SIGWINCH")]
    pub const WINCH: Signal = Signal(libc::SIGWINCH);
    /// `SIGIO`: I/O is possible on a descriptor.
    #[doc(alias = "SIGIO")]
    pub const IO: Signal = Signal(libc::SIGIO);
    /// `SIGSYS`: bad system call.
    #[doc(alias = "SIGSYS")]
    pub const SYS: Signal = Signal(libc::SIGSYS);
    /// `SIGSTKFLT`: stack fault on a coprocessor (Linux; unused).
    #[cfg(procsig_stkflt)]
    #[doc(alias = "SIGSTKFLT")]
    pub const STKFLT: Signal = Signal(libc::SIGSTKFLT);
    /// `SIGPWR`: power failure (Linux).
    #[cfg(procsig_table = "linux")]
    #[doc(alias = "SIGPWR")]
    pub const PWR: Signal = Signal(libc::SIGPWR);
    /// `SIGEMT`: emulator trap (BSD, macOS).
    #[cfg(procsig_table = "bsd")]
    #[doc(alias = "SIGEMT")]
    pub const EMT: Signal = Signal(libc::SIGEMT);
    /// `SIGINFO`: status request from the keyboard, Ctrl-T (BSD, macOS).
    #[cfg(procsig_table = "bsd")]
    #[doc(alias = "SIGINFO")]
    pub const INFO: Signal = Signal(libc::SIGINFO);
}

impl Signal {
    /// The signal with number `sig`, if it is valid on this target.
    ///
    /// Async-signal-safe: yes.
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
    /// ```
    /// use procsig::Signal;
    ///
    /// let first = Signal::rt(0).unwrap();
    /// assert_eq!(first.name(), "SIGRTMIN");
    /// assert_eq!(Signal::rt(1).unwrap().to_string(), "SIGRTMIN+1");
    /// assert_eq!(Signal::rt(1000), None);
    /// ```
    #[cfg(procsig_rtsig)]
    pub fn rt(n: u32) -> Option<Signal> {
        let (min, _) = rt_range();
        let sig = c_int::try_from(n).ok()?.checked_add(min)?;
        Some(Signal(sig)).filter(|s| s.is_realtime())
    }

    /// Whether this is a real-time signal (`SIGRTMIN..=SIGRTMAX`).
    ///
    /// ```
    /// use procsig::Signal;
    ///
    /// assert!(!Signal::USR1.is_realtime());
    /// # #[cfg(target_os = "linux")]
    /// assert!(Signal::rt(0).unwrap().is_realtime());
    /// ```
    #[inline]
    pub fn is_realtime(self) -> bool {
        let (min, max) = rt_range();
        (min..=max).contains(&self.0)
    }

    /// The name: `"SIGCONT"`, `"SIGRTMIN+3"`.
    ///
    /// ```
    /// use procsig::Signal;
    ///
    /// assert_eq!(Signal::CHLD.name(), "SIGCHLD");
    /// ```
    #[doc(alias = "strsignal")]
    #[doc(alias = "sigabbrev_np")]
    pub fn name(self) -> &'static str {
        match signal_table::lookup(self.0) {
            Some(entry) => entry.name,
            None => rt_name(self.0),
        }
    }

    /// What the kernel does with this signal when its disposition is
    /// `SIG_DFL`. Real-time signals terminate.
    ///
    /// ```
    /// use procsig::{DefaultAction, Signal};
    ///
    /// assert_eq!(Signal::CHLD.default_action(), DefaultAction::Ignore);
    /// assert_eq!(Signal::KILL.default_action(), DefaultAction::Terminate);
    /// ```
    pub fn default_action(self) -> DefaultAction {
        signal_table::lookup(self.0).map_or(DefaultAction::Terminate, |e| e.action)
    }

    /// A one-line description, as in `man 7 signal`.
    ///
    /// ```
    /// use procsig::Signal;
    ///
    /// assert!(!Signal::PIPE.description().is_empty());
    /// ```
    pub fn description(self) -> &'static str {
        signal_table::lookup(self.0).map_or("real-time signal", |e| e.description)
    }

    /// Every signal of this target: the standard ones in the order of
    /// `man 7 signal`, then the real-time ones in number order.
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

#[cfg(procsig_rtsig)]
#[inline]
pub(super) fn rt_range() -> (c_int, c_int) {
    // SAFETY: reads a value the C library fixed at start-up.
    #[allow(unsafe_code)]
    let min = unsafe { crate::raw::sigrtmin() };
    (min, SIGRTMAX)
}

/// `SIGRTMAX` is the kernel's `_NSIG - 1`, fixed per architecture (the C
/// library's `SIGRTMAX()` returns the same constant), so it needs no call.
/// `SIGRTMIN` does: each C library reserves a different number of signals.
#[cfg(all(procsig_rtsig, not(procsig_rtmax_127)))]
const SIGRTMAX: c_int = 64;

/// `SIGRTMAX` on MIPS, whose kernel has 128 signals.
#[cfg(all(procsig_rtsig, procsig_rtmax_127))]
const SIGRTMAX: c_int = 127;

/// An empty range: no real-time signals on this target.
#[cfg(not(procsig_rtsig))]
pub(super) fn rt_range() -> (c_int, c_int) {
    (1, 0)
}

/// Names for `SIGRTMIN+n`. Linux has at most 33 (`SIGRTMIN` can be as low
/// as the kernel's 32 and `SIGRTMAX` is 64), so the list is complete there.
const RT_NAMES: [&str; 33] = [
    "SIGRTMIN",
    "SIGRTMIN+1",
    "SIGRTMIN+2",
    "SIGRTMIN+3",
    "SIGRTMIN+4",
    "SIGRTMIN+5",
    "SIGRTMIN+6",
    "SIGRTMIN+7",
    "SIGRTMIN+8",
    "SIGRTMIN+9",
    "SIGRTMIN+10",
    "SIGRTMIN+11",
    "SIGRTMIN+12",
    "SIGRTMIN+13",
    "SIGRTMIN+14",
    "SIGRTMIN+15",
    "SIGRTMIN+16",
    "SIGRTMIN+17",
    "SIGRTMIN+18",
    "SIGRTMIN+19",
    "SIGRTMIN+20",
    "SIGRTMIN+21",
    "SIGRTMIN+22",
    "SIGRTMIN+23",
    "SIGRTMIN+24",
    "SIGRTMIN+25",
    "SIGRTMIN+26",
    "SIGRTMIN+27",
    "SIGRTMIN+28",
    "SIGRTMIN+29",
    "SIGRTMIN+30",
    "SIGRTMIN+31",
    "SIGRTMIN+32",
];

fn rt_name(sig: c_int) -> &'static str {
    let (min, _) = rt_range();
    usize::try_from(sig - min)
        .ok()
        .and_then(|n| RT_NAMES.get(n).copied())
        .unwrap_or("SIGRT?")
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

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use crate::ParseSignalError;
    use std::string::ToString;

    #[test]
    fn every_table_row_round_trips_through_number_and_name() {
        for sig in Signal::all() {
            assert_eq!(Signal::from_raw(sig.as_raw()), Some(sig));
            assert_eq!(sig.name().parse::<Signal>(), Ok(sig), "{}", sig.name());
            assert_eq!(sig.to_string(), sig.name());
            let bare = sig.name().trim_start_matches("SIG").to_ascii_lowercase();
            assert_eq!(bare.parse::<Signal>(), Ok(sig), "{bare}");
        }
    }

    #[test]
    fn numbers_are_distinct() {
        let mut seen = std::vec::Vec::new();
        for sig in Signal::all() {
            assert!(!seen.contains(&sig.as_raw()), "{sig:?} repeated");
            seen.push(sig.as_raw());
        }
        assert_eq!(seen.len(), Signal::all().len());
    }

    #[test]
    fn invalid_numbers_and_names_are_refused() {
        for n in [0, -1, 65, 2000, c_int::MAX, c_int::MIN] {
            assert_eq!(Signal::from_raw(n), None, "{n}");
        }
        for s in [
            "",
            "SIG",
            "SIGFOO",
            "CONTX",
            "SIGRTMIN+",
            "RTMIN+-1",
            "RTMAX-+1",
            "0",
        ] {
            assert_eq!(s.parse::<Signal>(), Err(ParseSignalError), "{s:?}");
        }
    }

    #[test]
    fn names_parse_in_any_case_with_or_without_sig() {
        for s in ["SIGCONT", "CONT", "cont", "sigCont"] {
            assert_eq!(s.parse::<Signal>(), Ok(Signal::CONT));
        }
        assert_eq!("IOT".parse::<Signal>(), Ok(Signal::ABRT));
        assert_eq!("9".parse::<Signal>(), Ok(Signal::KILL));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn linux_numbers_are_not_the_blog_posts_bsd_numbers() {
        assert_eq!(Signal::CONT.as_raw(), 18);
        assert_eq!(Signal::USR1.as_raw(), 10);
        assert_eq!(Signal::CHLD.as_raw(), 17);
        assert_eq!(Signal::CONT.default_action(), DefaultAction::Continue);
        assert_eq!(Signal::QUIT.default_action(), DefaultAction::Core);
        assert_eq!(Signal::all().filter(|s| !s.is_realtime()).count(), 31);
        // glibc keeps 32 and 33 for itself: they are not application signals.
        assert_eq!(Signal::from_raw(32), None);
        assert_eq!(Signal::from_raw(33), None);
    }

    #[cfg(procsig_rtsig)]
    #[test]
    fn rtmax_constant_is_the_c_librarys() {
        assert_eq!(SIGRTMAX, libc::SIGRTMAX());
        // SAFETY: no precondition.
        assert_eq!(SIGRTMAX, unsafe { crate::raw::sigrtmax() });
    }

    #[cfg(procsig_rtsig)]
    #[test]
    fn realtime_names_and_bounds() {
        let max = Signal::all().last().unwrap();
        assert_eq!("SIGRTMAX".parse::<Signal>(), Ok(max));
        assert_eq!(
            "rtmax-1".parse::<Signal>().unwrap().as_raw(),
            max.as_raw() - 1
        );
        assert_eq!("SIGRTMIN+2".parse::<Signal>(), Ok(Signal::rt(2).unwrap()));
        assert_eq!(Signal::rt(2).unwrap().description(), "real-time signal");
        assert!(Signal::rt(0).unwrap().is_realtime());
        assert!(!Signal::USR1.is_realtime());
        let count = u32::try_from(Signal::all().filter(|s| s.is_realtime()).count()).unwrap();
        assert_eq!(Signal::rt(count), None);
        assert_eq!(Signal::rt(count - 1), Some(max));
    }
}
