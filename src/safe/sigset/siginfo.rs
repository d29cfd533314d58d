//! [`SigInfo`]: a signal that was accepted, and what the kernel said of
//! it. Shared by the targets that report one: Linux (`sigwaitinfo`, the
//! event wait's signalfd) and the kqueue targets' event wait (FreeBSD's
//! `sigtimedwait`; macOS's `sigwait`, which tells the number only).

use core::ffi::c_int;

use crate::safe::pid::Pid;
use crate::safe::signal::Signal;

/// A signal that was accepted (by `wait_info` on Linux, or by the event
/// wait, [`Event::Signal`](crate::Event::Signal)), and what the kernel
/// said of it.
///
/// What is known depends on the call that accepted it:
/// - Linux (`sigwaitinfo`, a signalfd) and FreeBSD (`sigtimedwait`): the
///   kernel's `siginfo_t`, so `sender`, `value` and `code` are its word,
///   and `detailed` is `true`.
/// - macOS, which has no `sigtimedwait` or `sigwaitinfo`: the event wait
///   takes the signal with `sigwait`, which gives the number only. Then
///   `detailed` is `false`, and `sender` and `value` are `None` and `code`
///   is 0, which there mean *unknown*, not "sent by the kernel".
///
/// `#[non_exhaustive]`: more `siginfo_t` fields (`si_uid`, `si_status`)
/// may be added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[cfg_attr(
    docsrs,
    doc(cfg(any(target_os = "linux", target_vendor = "apple", target_os = "freebsd")))
)]
pub struct SigInfo {
    /// The signal.
    pub signal: Signal,
    /// The process that sent it (with `kill`, `queue_signal`, `raise`,
    /// or, for `SIGCHLD`, the child that changed state); `None` when the
    /// kernel sent it for its own reasons (a timer, a fault), or when it is
    /// not known (`detailed` is `false`).
    pub sender: Option<Pid>,
    /// The value given to `queue_signal` or `sigqueue` (`si_code`
    /// `SI_QUEUE`); `None` for a signal sent any other way, or when it is
    /// not known (`detailed` is `false`).
    pub value: Option<usize>,
    /// `si_code`: how it was sent (`SI_USER` for `kill`, `SI_QUEUE` for
    /// `queue_signal`, `SI_TKILL` for a thread-directed one on some Linux
    /// kernels, `SI_LWP` on FreeBSD, `CLD_EXITED` and the like for
    /// `SIGCHLD`, …). The values are the target's own (`SI_USER` is 0 on
    /// Linux, `0x10001` on FreeBSD). 0 when it is not known (`detailed` is
    /// `false`).
    pub code: c_int,
    /// Whether the kernel's `siginfo_t` was read: `true` on Linux and
    /// FreeBSD; `false` on macOS, where only the number is known.
    pub detailed: bool,
}

/// The `si_code` values that name a sending process: `kill`, `sigqueue`,
/// and a thread-directed send (Linux's `tgkill`, `SI_TKILL`). The `libc`
/// crate does not define FreeBSD's (`<sys/signal.h>`; `thr_kill` is
/// `SI_LWP` there), the one kqueue target with a `siginfo_t` to read.
#[cfg(procsig_linux)]
use libc::{SI_QUEUE, SI_TKILL as SI_THREAD, SI_USER};
#[cfg(all(procsig_kqueue, procsig_sigtimedwait, not(procsig_linux)))]
const SI_USER: c_int = 0x10001;
#[cfg(all(procsig_kqueue, procsig_sigtimedwait, not(procsig_linux)))]
const SI_QUEUE: c_int = 0x10002;
#[cfg(all(procsig_kqueue, procsig_sigtimedwait, not(procsig_linux)))]
const SI_THREAD: c_int = 0x10007;

#[cfg(any(procsig_linux, all(procsig_kqueue, procsig_sigtimedwait)))]
impl SigInfo {
    /// What the kernel's `siginfo_t` says of one signal (`sigwaitinfo`,
    /// `sigtimedwait`): the sender for a signal a process sent (or a
    /// child's `SIGCHLD`, whose codes are `CLD_EXITED` (1) to
    /// `CLD_CONTINUED` (6)), the value for one sent with `sigqueue`.
    pub(crate) fn from_siginfo(info: &libc::siginfo_t) -> Result<SigInfo, crate::Errno> {
        let signal = Signal::from_raw(info.si_signo).ok_or(crate::Errno::EINVAL)?;
        let code = info.si_code;
        let from_a_process =
            matches!(code, SI_USER | SI_QUEUE | SI_THREAD) || (signal == Signal::CHLD && code > 0);
        let sender = if from_a_process {
            // SAFETY: for these codes the kernel fills `si_pid`: the member
            // read is the valid one.
            Pid::from_raw(unsafe { info.si_pid() })
        } else {
            None
        };
        let value = (code == SI_QUEUE).then(|| {
            // SAFETY: for SI_QUEUE the kernel fills `si_value`.
            unsafe { info.si_value() }.sival_ptr as usize
        });
        Ok(SigInfo {
            signal,
            sender,
            value,
            code,
            detailed: true,
        })
    }
}

impl SigInfo {
    /// A signal of which only the number is known (macOS's `sigwait`).
    #[cfg(all(procsig_kqueue, not(procsig_sigtimedwait)))]
    pub(crate) fn number_only(signal: Signal) -> SigInfo {
        SigInfo {
            signal,
            sender: None,
            value: None,
            code: 0,
            detailed: false,
        }
    }
}
