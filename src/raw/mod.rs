//! Layer 1: thin `unsafe` wrappers, one per libc function.
//!
//! Each wrapper keeps the C name and the C argument types, calls `libc::name`
//! exactly once, and turns the C return convention into `Result<T, Errno>`.
//! Nothing else happens here: no retry on `EINTR`, no policy, no allocation.
//! This module is the audit surface: it is the only one in the crate that
//! names a libc function, so the list below is every libc function procsig
//! can call.
//!
//! | wrapper | libc function | convention |
//! |---|---|---|
//! | [`fork`] | `fork` | -1 and `errno` |
//! | [`kill`] | `kill` | -1 and `errno` |
//! | [`sigprocmask`] | `sigprocmask` | -1 and `errno` |
//! | [`sigwait`] | `sigwait` | error number returned (glibc); -1 and `errno` (musl) |
//! | [`alarm`] | `alarm` | cannot fail |
//! | [`waitpid`] | `waitpid` | -1 and `errno`; 0 with `WNOHANG` and nothing to report |
//! | [`_exit`] | `_exit` | does not return |
//! | [`execvp`] | `execvp` | returns only on failure: -1 and `errno` |
//! | [`getpid`], [`getppid`] | `getpid`, `getppid` | cannot fail |
//! | [`sigaction`] | `sigaction` | -1 and `errno` |
//! | `sigtimedwait`, `sigwaitinfo` | same | -1 and `errno` (targets with `procsig_sigtimedwait`) |
//! | `sigrtmin`, `sigrtmax` | `__libc_current_sigrtmin`, `__libc_current_sigrtmax` (via `libc::SIGRTMIN()`) | cannot fail (Linux, Android) |
//! | [`clock_gettime`] | `clock_gettime` | -1 and `errno` |
//! | `pidfd_open`, `pidfd_send_signal` | `syscall(SYS_pidfd_open, …)`, `syscall(SYS_pidfd_send_signal, …)` | -1 and `errno` (Linux, with `procsig_pidfd`) |
//! | `rt_sigprocmask` | `syscall(SYS_rt_sigprocmask, …)` (no C library's reserved signals stripped) | -1 and `errno` (Linux) |
//! | [`waitid`] | `waitid` | -1 and `errno`; with `WNOHANG` and nothing to report, 0 and `si_pid` 0 |
//! | [`poll`] | `poll` | -1 and `errno` |
//! | [`close`] | `close` | -1 and `errno` (the descriptor is closed even then on Linux) |
//! | [`setpgid`], [`getpgid`] | `setpgid`, `getpgid` | -1 and `errno` |
//! | [`setsid`], [`getsid`] | `setsid`, `getsid` | -1 and `errno` |
//! | [`getpgrp`] | `getpgrp` | cannot fail |
//! | [`tcgetpgrp`], [`tcsetpgrp`] | `tcgetpgrp`, `tcsetpgrp` | -1 and `errno` |
//! | `prctl` | `prctl` | -1 and `errno` (Linux) |
//! | [`sigpending`] | `sigpending` | -1 and `errno` |
//! | [`pthread_self`] | `pthread_self` | cannot fail |
//! | `pthread_main_np` | `pthread_main_np` | cannot fail (macOS) |
//! | [`raise`] | `raise` | non-zero and `errno` |
//! | `sigqueue` | `sigqueue` | -1 and `errno` (Linux) |
//! | [`pipe`], [`read`], [`write()`](fn@write) | `pipe`, `read`, `write` | -1 and `errno` |
//! | `pipe2` | `pipe2` | -1 and `errno` (every target but macOS) |
//! | [`fcntl`] | `fcntl` (`int`-argument commands) | -1 and `errno` |
//! | `signalfd` | `signalfd` | -1 and `errno` (Linux) |
//! | `epoll_create1`, `epoll_ctl`, `epoll_wait` | same | -1 and `errno` (Linux) |
//! | [`errno_location`] | `__errno_location` / `__error` / `__errno` | cannot fail |
//!
//! Every function here is `unsafe`, including the ones with no memory-safety
//! precondition of their own (`getpid`, `alarm`): the layer is uniformly
//! unsafe so that a caller who reaches past the facade sees it at the call
//! site. Each function's Safety section says what the caller really has to
//! uphold.

/// `trace!("kill({}, {}) {}", ...)`: with the `trace` feature, one line on
/// standard error as the wrapper returns (see `trace.rs`); without it,
/// nothing at all — the statement is removed before type checking.
macro_rules! trace {
    ($($arg:tt)*) => {
        #[cfg(feature = "trace")]
        $crate::raw::trace::emit(format_args!($($arg)*))
    };
}

mod alarm;
mod clock_gettime;
mod close;
pub(crate) mod cvt;
#[cfg(procsig_linux)]
mod epoll_create1;
#[cfg(procsig_linux)]
mod epoll_ctl;
#[cfg(procsig_linux)]
mod epoll_wait;
mod errno_location;
mod execvp;
mod exit;
mod fcntl;
mod fork;
mod getpgid;
mod getpgrp;
mod getpid;
mod getppid;
mod getsid;
// The event wait on a kqueue: regular files and directories refused.
#[cfg(procsig_kqueue)]
mod fstat;
#[cfg(procsig_kqueue)]
mod kevent;
mod kill;
#[cfg(procsig_kqueue)]
mod kqueue;
#[cfg(procsig_pidfd)]
mod pidfd_open;
#[cfg(procsig_pidfd)]
mod pidfd_send_signal;
mod pipe;
#[cfg(not(target_vendor = "apple"))]
mod pipe2;
mod poll;
#[cfg(procsig_linux)]
mod prctl;
#[cfg(procsig_procctl)]
mod procctl;
// macOS: a signal wait that looks with `sigpending` runs on the main
// thread only (see the file).
#[cfg(target_vendor = "apple")]
mod pthread_main_np;
mod pthread_self;
mod raise;
mod read;
#[cfg(procsig_linux)]
mod rt_sigprocmask;
mod setpgid;
mod setsid;
mod sigaction;
#[cfg(procsig_linux)]
mod signalfd;
mod sigpending;
mod sigprocmask;
#[cfg(procsig_linux)]
mod sigqueue;
#[cfg(procsig_rtsig)]
mod sigrt;
#[cfg(procsig_sigtimedwait)]
mod sigtimedwait;
mod sigwait;
#[cfg(procsig_sigtimedwait)]
mod sigwaitinfo;
mod tcgetpgrp;
mod tcsetpgrp;
#[cfg(feature = "trace")]
pub(crate) mod trace;
mod waitid;
mod waitpid;
mod write;

pub use alarm::alarm;
pub use clock_gettime::clock_gettime;
pub use close::close;
#[cfg(procsig_linux)]
pub use epoll_create1::epoll_create1;
#[cfg(procsig_linux)]
pub use epoll_ctl::epoll_ctl;
#[cfg(procsig_linux)]
pub use epoll_wait::epoll_wait;
pub use errno_location::errno_location;
pub use execvp::execvp;
pub use exit::_exit;
pub use fcntl::fcntl;
pub use fork::fork;
#[cfg(procsig_kqueue)]
pub use fstat::fstat;
pub use getpgid::getpgid;
pub use getpgrp::getpgrp;
pub use getpid::getpid;
pub use getppid::getppid;
pub use getsid::getsid;
#[cfg(procsig_kqueue)]
pub use kevent::kevent;
pub use kill::kill;
#[cfg(procsig_kqueue)]
pub use kqueue::kqueue;
#[cfg(procsig_pidfd)]
pub use pidfd_open::pidfd_open;
#[cfg(procsig_pidfd)]
pub use pidfd_send_signal::pidfd_send_signal;
pub use pipe::pipe;
#[cfg(not(target_vendor = "apple"))]
pub use pipe2::pipe2;
pub use poll::poll;
#[cfg(procsig_linux)]
pub use prctl::prctl;
#[cfg(procsig_procctl)]
pub use procctl::procctl;
#[cfg(target_vendor = "apple")]
pub use pthread_main_np::pthread_main_np;
pub use pthread_self::pthread_self;
pub use raise::raise;
pub use read::read;
#[cfg(procsig_linux)]
pub use rt_sigprocmask::rt_sigprocmask;
pub use setpgid::setpgid;
pub use setsid::setsid;
pub use sigaction::sigaction;
#[cfg(procsig_linux)]
pub use signalfd::signalfd;
pub use sigpending::sigpending;
pub use sigprocmask::sigprocmask;
#[cfg(procsig_linux)]
pub use sigqueue::sigqueue;
#[cfg(procsig_rtsig)]
pub use sigrt::{sigrtmax, sigrtmin};
#[cfg(procsig_sigtimedwait)]
pub use sigtimedwait::sigtimedwait;
pub use sigwait::sigwait;
#[cfg(procsig_sigtimedwait)]
pub use sigwaitinfo::sigwaitinfo;
pub use tcgetpgrp::tcgetpgrp;
pub use tcsetpgrp::tcsetpgrp;
pub use waitid::waitid;
pub use waitpid::waitpid;
pub use write::write;
