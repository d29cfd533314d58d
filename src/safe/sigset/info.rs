//! [`SigInfo`]: who sent a signal and what value came with it, from
//! `sigwaitinfo`, and [`queue_signal`] (Linux).
//!
//! Counting standard signals fails (they coalesce), but the sender of each
//! one that arrives is known, and a real-time signal sent with
//! [`queue_signal`] queues and carries a value: the ways README recommends
//! to learn *who* signalled and *what* they meant.

use core::ffi::c_int;
use core::time::Duration;

use crate::safe::pid::Pid;
use crate::safe::signal::Signal;
use crate::safe::sigset::mask::MaskGuard;
use crate::safe::sigset::timed::sigtimedwait_retrying;
use crate::safe::sigset::SigSet;
use crate::{raw, Errno};

// The type itself is shared with the kqueue targets' event wait.
pub use crate::safe::sigset::siginfo::SigInfo;

impl SigInfo {
    /// What a signalfd read said of one signal (the event wait): the same
    /// fields as `sigwaitinfo`'s `siginfo_t`, laid out flat.
    pub(crate) fn from_signalfd(info: &libc::signalfd_siginfo) -> Result<SigInfo, Errno> {
        let signo = c_int::try_from(info.ssi_signo).map_err(|_| Errno::EINVAL)?;
        let signal = Signal::from_raw(signo).ok_or(Errno::EINVAL)?;
        let code = info.ssi_code;
        let from_a_process = matches!(code, libc::SI_USER | libc::SI_QUEUE | libc::SI_TKILL)
            || (signal == Signal::CHLD && code > 0);
        let sender = if from_a_process {
            libc::pid_t::try_from(info.ssi_pid)
                .ok()
                .and_then(Pid::from_raw)
        } else {
            None
        };
        // `ssi_ptr` holds the whole `sigval`; a pointer's width on 32-bit
        // targets keeps its low half, as `sival_ptr` would.
        let value = (code == libc::SI_QUEUE).then_some(info.ssi_ptr as usize);
        Ok(SigInfo {
            signal,
            sender,
            value,
            code,
            detailed: true,
        })
    }
}

impl SigSet {
    /// `sigwaitinfo(self)`—[`wait`](SigSet::wait), and also who sent the
    /// signal and with what value. Retries `EINTR`.
    ///
    /// Threads, errors: as for [`wait`](SigSet::wait).
    ///
    /// Async-signal-safe: no.
    ///
    /// System calls: `rt_sigprocmask`, `rt_sigtimedwait`.
    ///
    /// System calls (set holds SIGCHLD): `rt_sigaction`, `rt_sigprocmask`,
    /// `rt_sigtimedwait`. The `rt_sigaction` reads `SIGCHLD`'s disposition
    /// (see `ECHILD` below).
    ///
    /// # Errors
    /// - `EINVAL`, `ECHILD`: as for [`wait`](SigSet::wait).
    ///
    /// ```
    /// use procsig::{kill, Pid, SigSet, Signal};
    ///
    /// let usr1 = SigSet::from(Signal::USR1);
    /// let _guard = usr1.block()?;
    /// kill(Pid::this(), Signal::USR1)?;
    /// let info = usr1.wait_info()?;
    /// assert_eq!((info.signal, info.sender, info.value), (Signal::USR1, Some(Pid::this()), None));
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[doc(alias = "sigwaitinfo")]
    #[doc(alias = "si_pid")]
    #[doc(alias = "si_value")]
    #[cfg_attr(docsrs, doc(cfg(target_os = "linux")))]
    pub fn wait_info(&self) -> Result<SigInfo, Errno> {
        wait_info_blocked(&self.checked_wait_set()?, None)?.ok_or(Errno::EAGAIN)
    }
}

impl MaskGuard {
    /// `sigwaitinfo`—[`wait`](MaskGuard::wait), and also who sent the
    /// signal and with what value. Retries `EINTR`.
    ///
    /// Async-signal-safe: no.
    ///
    /// System calls: `rt_sigtimedwait`.
    ///
    /// System calls (set holds SIGCHLD): `rt_sigaction`, `rt_sigtimedwait`.
    /// The `rt_sigaction` reads `SIGCHLD`'s disposition (see `ECHILD`
    /// below).
    ///
    /// # Errors
    /// - `EINVAL`, `ECHILD`: as for [`wait`](MaskGuard::wait).
    ///
    /// ```
    /// use procsig::{queue_signal, Pid, SigSet, Signal};
    ///
    /// let rt = Signal::rt(1).unwrap();
    /// let guard = SigSet::from(rt).block()?;
    /// queue_signal(Pid::this(), rt, 42)?;
    /// queue_signal(Pid::this(), rt, 43)?; // real-time signals queue
    /// assert_eq!(guard.wait_info()?.value, Some(42));
    /// assert_eq!(guard.wait_info()?.value, Some(43));
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[doc(alias = "sigwaitinfo")]
    #[cfg_attr(docsrs, doc(cfg(target_os = "linux")))]
    pub fn wait_info(&self) -> Result<SigInfo, Errno> {
        self.with_wait_set(|set| wait_info_blocked(set, None))?
            .ok_or(Errno::EAGAIN)
    }

    /// `sigtimedwait`—[`wait_info`](MaskGuard::wait_info) with a timeout:
    /// `None` if no signal came in time.
    ///
    /// Async-signal-safe: no.
    ///
    /// System calls: `rt_sigtimedwait`.
    ///
    /// System calls (set holds SIGCHLD): `rt_sigaction`, `rt_sigtimedwait`.
    /// The `rt_sigaction` reads `SIGCHLD`'s disposition (see `ECHILD`
    /// below).
    ///
    /// # Errors
    /// - `EINVAL`, `ECHILD`: as for [`wait`](MaskGuard::wait).
    ///
    /// ```
    /// use procsig::{SigSet, Signal};
    /// use std::time::Duration;
    ///
    /// let guard = SigSet::from(Signal::USR2).block()?;
    /// assert_eq!(guard.wait_info_timeout(Duration::from_millis(5))?, None);
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[doc(alias = "sigtimedwait")]
    #[cfg_attr(docsrs, doc(cfg(target_os = "linux")))]
    pub fn wait_info_timeout(&self, timeout: Duration) -> Result<Option<SigInfo>, Errno> {
        self.with_wait_set(|set| wait_info_blocked(set, Some(timeout)))
    }
}

/// `sigwaitinfo` (no timeout) or `sigtimedwait` on a set the caller knows
/// is blocked, retrying `EINTR` (with the time left).
fn wait_info_blocked(set: &SigSet, timeout: Option<Duration>) -> Result<Option<SigInfo>, Errno> {
    // SAFETY: `siginfo_t` is plain data, valid all zeros.
    let mut info: libc::siginfo_t = unsafe { core::mem::zeroed() };
    match timeout {
        Some(t) => {
            if sigtimedwait_retrying(set, t, Some(&mut info))?.is_none() {
                return Ok(None);
            }
        }
        None => loop {
            // SAFETY: the set is blocked (the caller's proof); `info` is live.
            match unsafe { raw::sigwaitinfo(set.as_sigset_t(), Some(&mut info)) } {
                Ok(_) => break,
                Err(Errno::EINTR) => continue,
                Err(e) => return Err(e),
            }
        },
    }
    SigInfo::from_siginfo(&info).map(Some)
}

/// `sigqueue(pid, sig, value)`—Sends `sig` with `value` to the one process
/// `pid` (Linux).
///
/// The receiver's [`wait_info`](MaskGuard::wait_info) sees the value and
/// the sender. A real-time signal ([`Signal::rt`]) sent this way queues: N
/// sends are N deliveries, so it can be counted, unlike a standard one.
///
/// Threads: process-directed, like [`kill`](crate::kill).
///
/// Async-signal-safe: yes.
///
/// System calls: `getpid`, `getuid`, `rt_sigqueueinfo`. glibc makes the
/// first two, to fill in the sender's `si_pid` and `si_uid`.
///
/// # Errors
/// - `EAGAIN`: the receiver's queue is full (`RLIMIT_SIGPENDING`).
/// - `ESRCH`, `EPERM`: as for [`kill`](crate::kill).
///
/// ```
/// use procsig::{queue_signal, Pid, SigSet, Signal};
///
/// let guard = SigSet::from(Signal::USR1).block()?;
/// queue_signal(Pid::this(), Signal::USR1, 0xbeef)?;
/// let info = guard.wait_info()?;
/// assert_eq!((info.sender, info.value), (Some(Pid::this()), Some(0xbeef)));
/// # Ok::<(), procsig::Errno>(())
/// ```
#[doc(alias = "sigqueue")]
#[cfg_attr(docsrs, doc(cfg(target_os = "linux")))]
pub fn queue_signal(pid: Pid, sig: Signal, value: usize) -> Result<(), Errno> {
    let value = libc::sigval {
        sival_ptr: value as *mut core::ffi::c_void,
    };
    // SAFETY: one process; the value is plain data to the receiver.
    unsafe { raw::sigqueue(pid.as_raw(), sig.as_raw(), value) }
}
