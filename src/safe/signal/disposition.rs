//! Reading and resetting what a signal does when it arrives.
//!
//! A process inherits its signal dispositions (and mask) from whoever
//! started it, and `exec` keeps `SIG_IGN`. A launcher that left `SIGCHLD`
//! ignored makes the kernel reap children itself, so `waitpid` finds
//! nothing and fails with `ECHILD`; these functions let a program see that
//! and put the default back.

use core::mem;

use crate::safe::signal::Signal;
use crate::{raw, Errno};

/// What a signal does when it is delivered.
///
/// `#[non_exhaustive]`: a later version may tell a `SA_SIGINFO` handler
/// from a plain one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Disposition {
    /// `SIG_DFL`: the signal's [default action](Signal::default_action).
    Default,
    /// `SIG_IGN`: the signal is discarded on arrival (unless it is blocked:
    /// Linux keeps a blocked one pending, so it can still be waited for).
    /// For `SIGCHLD` it also means children are reaped by the kernel.
    Ignore,
    /// A handler function is installed.
    Handler,
}

/// `sigaction(sig, NULL, &old)`—The current disposition of `sig`, without
/// changing it.
///
/// Threads: dispositions are shared by all threads of the process; another
/// thread may change this one at any time.
///
/// Async-signal-safe: yes.
///
/// System calls: `rt_sigaction`.
///
/// # Errors
/// None in practice: a [`Signal`] is always valid for `sigaction`.
///
/// # Examples
/// ```
/// use procsig::{disposition, Disposition, Signal};
///
/// // Rust's runtime ignores SIGPIPE; SIGCONT is left at its default.
/// assert_eq!(disposition(Signal::PIPE)?, Disposition::Ignore);
/// assert_eq!(disposition(Signal::CONT)?, Disposition::Default);
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/sigaction.html)
#[doc(alias = "sigaction")]
pub fn disposition(sig: Signal) -> Result<Disposition, Errno> {
    current_action(sig).map(|act| classify(&act))
}

/// `sigaction(sig, SIG_DFL, &old)`—**Changes** the disposition of `sig` to
/// its default, and returns the previous one.
///
/// With [`ignore`], one of the two facade functions that change a
/// disposition; neither installs a handler. Use it at the start of a program that depends on a default, e.g. on
/// `SIGCHLD` not being ignored, so that children stay waitable whatever the
/// launching process left behind.
///
/// Threads: changes the disposition for every thread of the process (there
/// is one per process); do it in `main` before spawning threads, or
/// coordinate with any code that installs handlers.
///
/// Async-signal-safe: yes.
///
/// System calls: `rt_sigaction`.
///
/// # Errors
/// - `EINVAL`: `sig` is `SIGKILL` or `SIGSTOP`, whose action cannot be
///   changed (it is always the default).
///
/// # Examples
/// ```
/// use procsig::{disposition, reset_disposition, Disposition, Signal};
///
/// reset_disposition(Signal::CHLD)?;
/// assert_eq!(disposition(Signal::CHLD)?, Disposition::Default);
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/sigaction.html)
#[doc(alias = "sigaction")]
pub fn reset_disposition(sig: Signal) -> Result<Disposition, Errno> {
    let default = empty_action();
    let mut old = empty_action();
    // SAFETY: installs SIG_DFL, which runs no code of ours.
    unsafe { raw::sigaction(sig.as_raw(), Some(&default), Some(&mut old))? };
    Ok(classify(&old))
}

/// `sigaction(sig, SIG_IGN)`—Makes `sig` discarded on arrival, for every
/// thread; returns what it did before.
///
/// `SIG_IGN` survives `exec`, so a program started afterwards ignores the
/// signal too (that is how `nohup` works); reset it in a forked child
/// before `exec` if the new program should not. A signal that is *blocked*
/// is still kept pending on Linux, so it can be waited for; setting
/// `SIG_IGN` discards the instances pending now. Ignoring `SIGCHLD` makes the
/// kernel reap children itself: their statuses can no longer be waited for.
///
/// Threads: changes the disposition for every thread of the process.
///
/// Async-signal-safe: yes.
///
/// System calls: `rt_sigaction`.
///
/// # Errors
/// - `EINVAL`: `sig` is `SIGKILL` or `SIGSTOP`, which cannot be ignored.
///
/// # Examples
/// ```
/// use procsig::{disposition, ignore, reset_disposition, Disposition, Errno, Signal};
///
/// assert_eq!(ignore(Signal::TTOU)?, Disposition::Default);
/// assert_eq!(disposition(Signal::TTOU)?, Disposition::Ignore);
/// reset_disposition(Signal::TTOU)?;
/// assert_eq!(ignore(Signal::KILL), Err(Errno::EINVAL));
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/sigaction.html)
#[doc(alias = "SIG_IGN")]
#[doc(alias = "signal")]
pub fn ignore(sig: Signal) -> Result<Disposition, Errno> {
    let mut ignore = empty_action();
    ignore.sa_sigaction = libc::SIG_IGN;
    let mut old = empty_action();
    // SAFETY: installs SIG_IGN, which runs no code of ours.
    unsafe { raw::sigaction(sig.as_raw(), Some(&ignore), Some(&mut old))? };
    Ok(classify(&old))
}

/// The installed action of `sig`, unchanged.
pub(crate) fn current_action(sig: Signal) -> Result<libc::sigaction, Errno> {
    let mut old = empty_action();
    // SAFETY: no new action is installed.
    unsafe { raw::sigaction(sig.as_raw(), None, Some(&mut old))? };
    Ok(old)
}

/// Whether children of this process are reaped by the kernel (`SIGCHLD`
/// ignored, or `SA_NOCLDWAIT`): their statuses cannot be waited for, and
/// with `SIG_IGN` no `SIGCHLD` is even sent. The pid fallback of
/// [`Child`](crate::Child) cannot trust a pid then (see there).
pub(crate) fn children_auto_reaped() -> Result<bool, Errno> {
    // Read in place rather than through `current_action`: the pid fallback
    // of `Child` calls this on every signal and wait, and returning the
    // whole `sigaction` by value costs the minimal binaries bytes.
    let mut act = empty_action();
    // SAFETY: no new action is installed.
    unsafe { raw::sigaction(Signal::CHLD.as_raw(), None, Some(&mut act))? };
    Ok(act.sa_sigaction == libc::SIG_IGN || act.sa_flags & libc::SA_NOCLDWAIT != 0)
}

/// `SIG_DFL`, no flags, empty mask.
pub(crate) fn empty_action() -> libc::sigaction {
    // SAFETY: `sigaction` is plain data; all zeros is SIG_DFL (0), no
    // flags and an empty mask on every supported target.
    unsafe { mem::zeroed() }
}

fn classify(act: &libc::sigaction) -> Disposition {
    match act.sa_sigaction {
        libc::SIG_DFL => Disposition::Default,
        libc::SIG_IGN => Disposition::Ignore,
        _ => Disposition::Handler,
    }
}

/// The no-op handler installed where a blocked, default-ignored signal
/// would otherwise be discarded (BSD, macOS).
#[cfg(procsig_discards_ignored)]
pub(crate) extern "C" fn ignore_but_keep(_: core::ffi::c_int) {}

/// Installs [`ignore_but_keep`] for `sig`.
#[cfg(procsig_discards_ignored)]
pub(crate) fn install_noop(sig: Signal) -> Result<(), Errno> {
    let mut act = empty_action();
    act.sa_sigaction = ignore_but_keep as extern "C" fn(core::ffi::c_int) as libc::sighandler_t;
    // SAFETY: the handler does nothing, so it is async-signal-safe, and it
    // is a `'static` function.
    unsafe { raw::sigaction(sig.as_raw(), Some(&act), None) }
}

/// Whether `sig`'s handler is still [`ignore_but_keep`], the one `block`
/// installs (not one the program has installed since).
#[cfg(procsig_discards_ignored)]
pub(crate) fn noop_installed(sig: Signal) -> bool {
    let ours = ignore_but_keep as extern "C" fn(core::ffi::c_int) as libc::sighandler_t;
    matches!(current_action(sig), Ok(act) if act.sa_sigaction == ours)
}

/// Puts `SIG_DFL` back for `sig`.
#[cfg(procsig_discards_ignored)]
pub(crate) fn install_default(sig: Signal) -> Result<(), Errno> {
    // SAFETY: SIG_DFL runs no code of ours.
    unsafe { raw::sigaction(sig.as_raw(), Some(&empty_action()), None) }
}
