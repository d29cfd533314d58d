//! [`Terminal`]: the foreground process group of the caller's controlling
//! terminal, read and changed, with the `SIGTTOU` rule handled.

use core::ffi::c_int;

use crate::safe::pid::Pid;
use crate::safe::signal::Signal;
use crate::safe::sigset::SigSet;
use crate::{raw, Errno};

/// The caller's controlling terminal, open on a descriptor the caller owns
/// (a shell's standard input, or `/dev/tty`), for job control: which
/// process group is in the foreground, and handing it to another group and
/// back.
///
/// The foreground group is the one the terminal sends `SIGINT` (Ctrl-C),
/// `SIGQUIT` and `SIGTSTP` (Ctrl-Z) to, and the only one that may read it
/// (a background reader is stopped by `SIGTTIN`).
///
/// # Signal mask: `SIGTTOU` is blocked during each change
/// A process in a **background** group of the terminal's session that
/// changes the foreground (`tcsetpgrp`) is sent `SIGTTOU`, to its whole
/// group, instead of the change: its default action stops them all (and
/// in an orphaned group, such as a session leader's like a login shell's,
/// the call fails with `EIO` instead). A
/// shell is in the background whenever a job has the terminal, which is
/// exactly when it takes the terminal back. The kernel makes the change,
/// and sends nothing, when the caller blocks or ignores `SIGTTOU`. So
/// [`give_to`](Terminal::give_to) and [`take_back`](Terminal::take_back)
/// **block `SIGTTOU` in the calling thread for the length of the call** and
/// restore the mask before they return (a `SIGTTOU` that was blocked before
/// stays blocked). No disposition is changed, and no `SIGTTOU` is left
/// pending by the change itself. A caller that already ignores or blocks
/// `SIGTTOU` (as interactive shells often do) loses nothing.
///
/// The handle does not own the descriptor: it never closes it, and it is
/// `Copy`. It is the caller's to keep open while the handle is used.
///
/// ```
/// use procsig::{Errno, Terminal};
///
/// // Standard input may be a terminal, a pipe or closed: all are reported.
/// match Terminal::new(0).foreground() {
///     Ok(group) => println!("foreground group: {group:?}"),
///     Err(e) => assert!(e == Errno::ENOTTY || e == Errno::EBADF),
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Terminal {
    fd: c_int,
}

impl Terminal {
    /// `Terminal::new(fd)`—A handle on the terminal open on `fd`, which
    /// the caller keeps open; checks nothing (each call reports `ENOTTY` or
    /// `EBADF` where `fd` will not do: see [`foreground`](Terminal::foreground)).
    ///
    /// Threads: the handle is `Send` and `Sync`; the foreground is the
    /// terminal's, shared by every thread and process that uses it.
    ///
    /// Async-signal-safe: yes.
    ///
    /// System calls: none.
    ///
    /// # Errors
    /// None: nothing is checked here.
    ///
    /// ```
    /// use procsig::Terminal;
    ///
    /// let tty = Terminal::new(0);
    /// assert_eq!(tty.fd(), 0);
    /// ```
    pub const fn new(fd: c_int) -> Terminal {
        Terminal { fd }
    }

    /// The descriptor the handle uses.
    ///
    /// Async-signal-safe: yes.
    ///
    /// System calls: none.
    ///
    /// ```
    /// assert_eq!(procsig::Terminal::new(7).fd(), 7);
    /// ```
    pub const fn fd(&self) -> c_int {
        self.fd
    }

    /// `tcgetpgrp(fd)`—The terminal's foreground process group; `None` if
    /// it has none (its last member ended, or Linux cannot name it in the
    /// caller's pid namespace).
    ///
    /// Any process of the terminal's session may ask, from the foreground
    /// or the background: no signal is sent and no mask is touched.
    ///
    /// Threads: any thread may call it.
    ///
    /// Async-signal-safe: yes.
    ///
    /// System calls: `ioctl`.
    ///
    /// On a pseudo-terminal's master side Linux answers for the slave side:
    /// its foreground group, asked by any process (the master is nobody's
    /// controlling terminal, and no check is made), or `None` while the
    /// slave is nobody's controlling terminal either.
    ///
    /// # Errors
    /// - `EBADF`: the descriptor is not open.
    /// - `ENOTTY`: it is no terminal, or a terminal (other than a
    ///   pseudo-terminal's master side, above) that is not the caller's
    ///   controlling terminal.
    ///
    /// # References
    /// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/tcgetpgrp.html)
    /// - [Linux](https://man7.org/linux/man-pages/man3/tcgetpgrp.3.html)
    ///
    /// ```
    /// use procsig::{Errno, Terminal};
    ///
    /// let null = std::fs::File::open("/dev/null")?;
    /// # use std::os::fd::AsRawFd;
    /// assert_eq!(Terminal::new(null.as_raw_fd()).foreground(), Err(Errno::ENOTTY));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[doc(alias = "tcgetpgrp")]
    pub fn foreground(&self) -> Result<Option<Pid>, Errno> {
        // SAFETY: an integer the kernel checks; no signal is sent.
        unsafe { raw::tcgetpgrp(self.fd) }.map(Pid::from_raw)
    }

    /// `tcsetpgrp(fd, group)`, **with `SIGTTOU` blocked in the calling
    /// thread for the call**—Makes `group` the terminal's foreground
    /// process group.
    ///
    /// `group` must be a process group of the caller's session, e.g. a
    /// job forked with [`ForkOptions::own_group`](crate::ForkOptions::own_group)
    /// ([`Child::group`](crate::Child::group)). Giving the terminal to a
    /// group from the background would stop the caller's group by
    /// `SIGTTOU`; blocking it makes the change go through instead (see
    /// [`Terminal`], "Signal mask"). The mask is restored before this
    /// returns: one `sigprocmask` call before and one after.
    ///
    /// Threads: blocks `SIGTTOU` in the calling thread only, and only
    /// during the call; other threads' masks and every disposition are
    /// left alone.
    ///
    /// Async-signal-safe: yes.
    ///
    /// System calls: `ioctl`, `rt_sigprocmask`.
    ///
    /// On a pseudo-terminal's master side Linux acts on the slave side: the
    /// call succeeds if the slave is the caller's controlling terminal.
    ///
    /// # Errors
    /// - `EBADF`: the descriptor is not open.
    /// - `ENOTTY`: it is no terminal, or not the caller's controlling
    ///   terminal (for a pseudo-terminal's master side: its slave side is
    ///   not).
    /// - `EPERM`: `group` is no process group of the caller's session.
    /// - `ESRCH`: no process group has that id.
    ///
    /// # References
    /// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/tcsetpgrp.html)
    /// - [Linux](https://man7.org/linux/man-pages/man3/tcsetpgrp.3.html)
    ///
    /// ```
    /// use procsig::{this_group, Errno, Pid, Terminal};
    ///
    /// let null = std::fs::File::open("/dev/null")?;
    /// # use std::os::fd::AsRawFd;
    /// let tty = Terminal::new(null.as_raw_fd());
    /// let me = this_group().unwrap_or(Pid::this());
    /// assert_eq!(tty.give_to(me), Err(Errno::ENOTTY)); // /dev/null is no terminal
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[doc(alias = "tcsetpgrp")]
    #[doc(alias = "SIGTTOU")]
    pub fn give_to(&self, group: Pid) -> Result<(), Errno> {
        self.set_foreground(group.as_raw())
    }

    /// `tcsetpgrp(fd, getpgrp())`, **with `SIGTTOU` blocked in the calling
    /// thread for the call**—Makes the caller's own process group the
    /// terminal's foreground again, e.g. once the job it gave the terminal
    /// to has stopped or ended.
    ///
    /// The caller is in the background at that moment, which is what the
    /// `SIGTTOU` rule is about: see [`give_to`](Terminal::give_to) and
    /// [`Terminal`], "Signal mask".
    ///
    /// Threads: as [`give_to`](Terminal::give_to).
    ///
    /// Async-signal-safe: yes.
    ///
    /// System calls: `getpgrp`, `ioctl`, `rt_sigprocmask`.
    ///
    /// # Errors
    /// - `EBADF`, `ENOTTY`: as for [`give_to`](Terminal::give_to).
    /// - `ESRCH`: the caller's group cannot be named in its pid namespace
    ///   (see [`this_group`](crate::this_group)).
    ///
    /// # References
    /// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/tcsetpgrp.html)
    ///
    /// ```
    /// use procsig::{Errno, Terminal};
    ///
    /// let null = std::fs::File::open("/dev/null")?;
    /// # use std::os::fd::AsRawFd;
    /// assert_eq!(Terminal::new(null.as_raw_fd()).take_back(), Err(Errno::ENOTTY));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[doc(alias = "tcsetpgrp")]
    pub fn take_back(&self) -> Result<(), Errno> {
        // SAFETY: `getpgrp` has no precondition. Its 0 (a group outside
        // our pid namespace) names no group: the kernel says `ESRCH`.
        let mine = unsafe { raw::getpgrp() };
        self.set_foreground(mine)
    }

    /// `tcsetpgrp` with `SIGTTOU` blocked in this thread for the call.
    fn set_foreground(&self, group: libc::pid_t) -> Result<(), Errno> {
        // Innermost by construction: made and dropped here, with no guard
        // made or dropped in between, so it needs no holds and its drop
        // unblocks exactly what it blocked (nothing, if `SIGTTOU` was
        // blocked already). Blocked, `SIGTTOU` is neither sent nor left
        // pending by the kernel's check: the change is simply made.
        let _ttou = SigSet::from(Signal::TTOU).block_scoped()?;
        // SAFETY: integers the kernel checks; with SIGTTOU blocked the call
        // cannot stop the caller's group.
        unsafe { raw::tcsetpgrp(self.fd, group) }
    }
}
