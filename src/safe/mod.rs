//! Layer 2: the safe facade over [`raw`](crate::raw).
//!
//! Everything here is re-exported at the crate root. No function in this
//! module changes the signal mask or a signal's disposition unless its name
//! and documentation say so, and then it restores it.
//!
//! Threads are normal: every function's documentation says what it assumes
//! of the other threads. The rule behind most of it: a signal sent to the
//! *process* (`kill`, `alarm`, a child's `SIGCHLD`) goes to any one thread
//! that does not block it, so a signal you mean to wait for must be blocked
//! in every thread (block it in `main`, before spawning any: threads
//! inherit the mask). [`Child`] needs none of that on Linux 5.4 and later,
//! where it waits through a pidfd.

// The event wait: Linux (epoll) and the kqueue targets (macOS, FreeBSD);
// absent elsewhere (OpenBSD, NetBSD, the macOS-like build).
#[cfg(any(procsig_linux, procsig_kqueue))]
#[allow(unsafe_code)]
#[cfg_attr(
    docsrs,
    doc(cfg(any(target_os = "linux", target_vendor = "apple", target_os = "freebsd")))
)]
pub mod events;
// Keeping descriptors off 0-2: the ordered runner's pipes (every target),
// pidfds and the event wait's (Linux).
#[allow(unsafe_code)]
mod fd;
#[allow(unsafe_code)]
pub mod ordered;
#[allow(unsafe_code)]
mod pid;
mod process;
mod signal;
mod sigset;
#[allow(unsafe_code)]
mod time;

#[cfg(any(procsig_linux, procsig_kqueue))]
pub use events::{Event, Events, Interest, Ready};
pub use process::child::Child;
pub use process::exit::exit;
pub use process::fork::ForkOptions;
pub use process::fork::{fork, Fork};
pub use process::job::session::{new_session, session_of, this_group};
pub use process::job::terminal::Terminal;
pub use process::kill::{kill, kill_group, probe, raise};
#[cfg(procsig_linux)]
pub use process::reap::{reap_all_exited, reap_one_exited, Reaped, Sweep};
#[cfg(procsig_linux)]
pub use process::subreaper::{become_subreaper, is_subreaper};
pub use signal::alarm::{alarm, cancel_alarm};
pub use signal::disposition::{disposition, ignore, reset_disposition, Disposition};
pub use sigset::mask::MaskGuard;

pub use pid::{InvalidPid, Pid};
#[cfg(procsig_timed_wait)]
pub use process::wait_any::{wait_any, Ended};
pub use process::wait_any_max::WAIT_ANY_MAX;
pub use process::wait_status::WaitStatus;
pub use signal::default_action::DefaultAction;
pub use signal::iter::Signals;
pub use signal::parse::ParseSignalError;
pub use signal::Signal;
#[cfg(procsig_linux)]
pub use sigset::info::queue_signal;
#[cfg(any(procsig_linux, procsig_kqueue))]
pub use sigset::siginfo::SigInfo;
pub use sigset::traits::SigSetIter;
pub use sigset::SigSet;
