//! This platform's `man 7 signal` table: each standard signal's name,
//! default action and a one-line description.
//!
//! The numbers come from the `libc` crate's constants for the target, never
//! from this file, so the table is right for the target it is built for.
//! The blog post this crate grew from printed BSD's table; on Linux
//! `SIGCONT` is 18 (not 19), `SIGUSR1` is 10 (not 30), and there is no
//! `SIGEMT` or `SIGINFO`.

use core::ffi::c_int;

use crate::safe::signal::default_action::DefaultAction;

/// One row of the table.
pub(crate) struct Entry {
    /// The signal number, from the `libc` crate's constant.
    pub(crate) signal: c_int,
    pub(crate) name: &'static str,
    pub(crate) action: DefaultAction,
    pub(crate) description: &'static str,
}

pub(crate) const fn row(
    signal: c_int,
    name: &'static str,
    action: DefaultAction,
    description: &'static str,
) -> Entry {
    Entry {
        signal,
        name,
        action,
        description,
    }
}
