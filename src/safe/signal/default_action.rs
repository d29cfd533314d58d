//! [`DefaultAction`]: what a signal does to a process whose disposition
//! for it is `SIG_DFL`.

use core::fmt;

/// What the kernel does with a signal whose disposition is `SIG_DFL`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DefaultAction {
    /// The process is terminated.
    Terminate,
    /// The process is terminated and dumps core (if `RLIMIT_CORE` allows).
    Core,
    /// The signal is discarded. (Blocked, it stays pending on Linux, so it
    /// can still be waited for.)
    Ignore,
    /// The process is stopped.
    Stop,
    /// The process is continued if it was stopped; otherwise discarded.
    Continue,
}

impl fmt::Display for DefaultAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            DefaultAction::Terminate => "terminate",
            DefaultAction::Core => "core dump",
            DefaultAction::Ignore => "ignore",
            DefaultAction::Stop => "stop",
            DefaultAction::Continue => "continue",
        })
    }
}
