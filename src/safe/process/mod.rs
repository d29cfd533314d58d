//! Processes: [`fork`](crate::fork) and [`ForkOptions`](crate::ForkOptions),
//! [`exit`](crate::exit), [`kill`](crate::kill) and its relatives, the
//! [`Child`](crate::Child) handle, [`WaitStatus`](crate::WaitStatus) and
//! waiting for many children at once; job control (sessions, groups, the
//! terminal's foreground); on Linux, becoming a subreaper and reaping every
//! exited child, as an init does.

#[allow(unsafe_code)]
pub(crate) mod child;
// The parent-death signal: one file per kernel call (none on macOS).
#[cfg_attr(procsig_linux, path = "death_signal/linux.rs")]
#[cfg_attr(procsig_procctl, path = "death_signal/freebsd.rs")]
#[cfg_attr(
    not(any(procsig_linux, procsig_procctl)),
    path = "death_signal/none.rs"
)]
#[allow(unsafe_code)]
mod death_signal;
#[allow(unsafe_code)]
pub(crate) mod exit;
#[allow(unsafe_code)]
pub(crate) mod fork;
#[allow(unsafe_code)]
pub(crate) mod job;
#[allow(unsafe_code)]
pub(crate) mod kill;
#[cfg(procsig_linux)]
pub(crate) mod reap;
#[cfg(procsig_linux)]
#[allow(unsafe_code)]
pub(crate) mod subreaper;
#[cfg(procsig_timed_wait)]
#[allow(unsafe_code)]
pub(crate) mod wait_any;
pub(crate) mod wait_any_max;
pub(crate) mod wait_status;
