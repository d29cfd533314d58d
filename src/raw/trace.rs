//! The `trace` feature: one line on standard error per raw call, as it
//! returns, in the style of `strace`:
//!
//! ```text
//! kill(4242, SIGCONT) = 0
//! waitpid(4242, WUNTRACED) = 4242 Stopped(SIGSTOP)
//! sigprocmask(SIG_BLOCK, {SIGUSR1|SIGCHLD}) = 0
//! waitid(P_PIDFD, 3, WEXITED|WNOHANG) = -1 ECHILD (no child processes)
//! ```
//!
//! Each line is formatted into a buffer on the stack (no allocation; a
//! line longer than the buffer is cut) and written with one `write(2)` to
//! descriptor 2, so lines from several processes do not interleave within
//! a line. `errno` is saved and restored around the write. Everything here
//! is async-signal-safe: `core::fmt` takes no lock and allocates nothing,
//! and `write` is on POSIX's list. Not traced: `errno_location`,
//! `sigrtmin` and `sigrtmax`, which are not system calls and which the
//! trace itself uses.
//!
//! Without the feature the [`trace!`](crate::raw) calls in the wrappers are
//! removed by `#[cfg]` before type checking: nothing of this module is in
//! the binary.

use core::ffi::c_int;
use core::fmt::{self, Display, Write};

use libc::sigset_t;

use crate::safe::{SigSet, Signal, WaitStatus};
use crate::Errno;

const LINE: usize = 512;

struct Line {
    buf: [u8; LINE],
    len: usize,
}

impl Write for Line {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let room = LINE - 1 - self.len; // keep one byte for the newline
        let take = s.len().min(room);
        if let (Some(dst), Some(src)) = (
            self.buf.get_mut(self.len..self.len + take),
            s.as_bytes().get(..take),
        ) {
            dst.copy_from_slice(src);
            self.len += take;
        }
        Ok(())
    }
}

/// Formats one line and writes it to descriptor 2.
pub(crate) fn emit(args: fmt::Arguments<'_>) {
    let mut line = Line {
        buf: [0; LINE],
        len: 0,
    };
    let _ = line.write_fmt(args);
    if let Some(end) = line.buf.get_mut(line.len) {
        *end = b'\n';
        line.len += 1;
    }
    // SAFETY: the errno location is valid for this thread; the buffer is
    // live for `len` bytes. A failed write is ignored: tracing must not
    // change what the program does.
    unsafe {
        let errno = super::errno_location();
        let saved = *errno;
        libc::write(2, line.buf.as_ptr().cast(), line.len);
        *errno = saved;
    }
}

/// `= 0`, `= 4242`, `= -1 ESRCH (no such process)`.
pub(crate) struct Ret<'a, T>(pub &'a Result<T, Errno>);

impl<T: Display> Display for Ret<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Ok(v) => write!(f, "= {v}"),
            Err(e) => match (e.name(), e.description()) {
                (Some(name), Some(text)) => write!(f, "= -1 {name} ({text})"),
                _ => write!(f, "= -1 errno {}", e.raw()),
            },
        }
    }
}

/// `()` shown as the C call's 0.
pub(crate) struct Zero;

impl Display for Zero {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("0")
    }
}

/// `Ok(())` as `Ok(Zero)`, for [`Ret`].
pub(crate) fn zero(r: &Result<(), Errno>) -> Result<Zero, Errno> {
    r.map(|()| Zero)
}

/// A signal number by name (`SIGCONT`), or the number itself.
pub(crate) struct Sig(pub c_int);

impl Display for Sig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match Signal::from_raw(self.0) {
            Some(sig) => f.write_str(sig.name()),
            None => write!(f, "{}", self.0),
        }
    }
}

/// A signal set as `{SIGUSR1|SIGCHLD}`.
pub(crate) struct Set<'a>(pub &'a sigset_t);

impl Display for Set<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("{")?;
        for (i, sig) in SigSet::from_sigset_t(*self.0).iter().enumerate() {
            if i > 0 {
                f.write_str("|")?;
            }
            f.write_str(sig.name())?;
        }
        f.write_str("}")
    }
}

/// An optional set: `NULL` when absent.
pub(crate) struct MaybeSet<'a>(pub Option<&'a sigset_t>);

impl Display for MaybeSet<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(set) => Set(set).fmt(f),
            None => f.write_str("NULL"),
        }
    }
}

/// Flag bits by name (`WNOHANG|WUNTRACED`), unknown bits in hex, `0`.
pub(crate) struct Flags<'a>(pub c_int, pub &'a [(c_int, &'a str)]);

impl Display for Flags<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        let mut first = true;
        for &(bit, name) in self.1 {
            if bit != 0 && rest & bit == bit {
                f.write_str(if first { "" } else { "|" })?;
                f.write_str(name)?;
                rest &= !bit;
                first = false;
            }
        }
        match (rest, first) {
            (0, true) => f.write_str("0"),
            (0, false) => Ok(()),
            (bits, true) => write!(f, "{bits:#x}"),
            (bits, false) => write!(f, "|{bits:#x}"),
        }
    }
}

/// The options of `waitpid`.
pub(crate) const WAITPID_FLAGS: &[(c_int, &str)] = &[
    (libc::WNOHANG, "WNOHANG"),
    (libc::WUNTRACED, "WUNTRACED"),
    (libc::WCONTINUED, "WCONTINUED"),
];

/// The options of `waitid`.
pub(crate) const WAITID_FLAGS: &[(c_int, &str)] = &[
    (libc::WEXITED, "WEXITED"),
    (libc::WSTOPPED, "WSTOPPED"),
    (libc::WCONTINUED, "WCONTINUED"),
    (libc::WNOHANG, "WNOHANG"),
    (libc::WNOWAIT, "WNOWAIT"),
];

/// `waitid`'s `idtype`.
pub(crate) struct IdType(pub libc::idtype_t);

impl Display for IdType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            libc::P_PID => f.write_str("P_PID"),
            libc::P_PGID => f.write_str("P_PGID"),
            libc::P_ALL => f.write_str("P_ALL"),
            #[cfg(target_os = "linux")]
            libc::P_PIDFD => f.write_str("P_PIDFD"),
            other => write!(f, "{other}"),
        }
    }
}

/// A wait status word decoded: `Exited(0)`, `Stopped(SIGSTOP)`.
pub(crate) struct Status(pub c_int);

impl Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match WaitStatus::from_raw(self.0) {
            WaitStatus::Exited(code) => write!(f, "Exited({code})"),
            WaitStatus::Signaled {
                signal,
                core_dumped: false,
            } => {
                write!(f, "Signaled({})", signal.name())
            }
            WaitStatus::Signaled {
                signal,
                core_dumped: true,
            } => {
                write!(f, "Signaled({}, core dumped)", signal.name())
            }
            WaitStatus::Stopped(signal) => write!(f, "Stopped({})", signal.name()),
            WaitStatus::Continued => f.write_str("Continued"),
            _ => write!(f, "Unknown({:#x})", self.0),
        }
    }
}

/// `SIG_BLOCK`, `SIG_UNBLOCK`, `SIG_SETMASK`.
pub(crate) struct How(pub c_int);

impl Display for How {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            libc::SIG_BLOCK => f.write_str("SIG_BLOCK"),
            libc::SIG_UNBLOCK => f.write_str("SIG_UNBLOCK"),
            libc::SIG_SETMASK => f.write_str("SIG_SETMASK"),
            how => write!(f, "{how}"),
        }
    }
}

#[cfg(test)]
mod tests;
