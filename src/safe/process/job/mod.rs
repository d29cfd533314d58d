//! Job control: sessions, process groups and the terminal's foreground.
//!
//! A shell runs each job in a process group of its own
//! ([`ForkOptions::own_group`](crate::ForkOptions::own_group)) and gives
//! the terminal to the job it runs in the foreground
//! ([`Terminal::give_to`](crate::Terminal::give_to)): the terminal's
//! Ctrl-C and Ctrl-Z then go to that group, and only it may read the
//! terminal. When the job stops or ends
//! ([`Child::wait_changed`](crate::Child::wait_changed)), the shell takes
//! the terminal back ([`Terminal::take_back`](crate::Terminal::take_back)).
//! A daemon or a container's init leaves its parent's session and terminal
//! with [`new_session`](crate::new_session).
//!
//! One rule shapes the terminal calls: a caller in a background group of
//! the terminal's session that changes the foreground is sent `SIGTTOU`
//! (which stops it) unless it blocks or ignores `SIGTTOU`. A shell that
//! takes the terminal back is in the background by then, so
//! [`Terminal`](crate::Terminal) blocks `SIGTTOU` in the calling thread for
//! the length of each change and restores the mask before it returns.

pub(crate) mod session;
pub(crate) mod terminal;
