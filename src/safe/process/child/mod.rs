//! [`Child`]: the parent's handle on one forked, not yet reaped child.
//!
//! One file per idea: the type and its accessors here; `signal.rs`, `wait.rs`
//! and `timed.rs` (targets with a timed wait) hold its methods, each one
//! `match` on how the handle reaches its child; `pidfd.rs` is that way on
//! Linux and `pid.rs` the fallback everywhere, with what it cannot know;
//! `kqueue.rs` is how the fallback's timed waits sleep on macOS and
//! FreeBSD (an `EVFILT_PROC` filter on the pid).

// The timed waits' sleep without a pidfd on macOS and FreeBSD: an
// `EVFILT_PROC` filter on the pid.
#[cfg(all(procsig_kqueue, procsig_timed_wait))]
#[allow(unsafe_code)]
pub(crate) mod kqueue;
#[allow(unsafe_code)]
mod pid;
#[cfg(procsig_pidfd)]
#[allow(unsafe_code)]
pub(crate) mod pidfd;
mod signal;
#[cfg(procsig_timed_wait)]
pub(crate) mod timed;
mod wait;
#[cfg(procsig_pidfd)]
#[allow(unsafe_code)]
pub(crate) mod waitid;

use crate::safe::pid::Pid;
#[cfg(procsig_pidfd)]
use crate::safe::process::child::pidfd::{Opened, Pidfd};

/// The parent's handle on a child created by [`fork`](crate::fork).
///
/// A `Child` never reaches a process that is not the child it was made
/// for: not after the child was reaped (by this handle, by the kernel
/// because `SIGCHLD` is ignored, or by other code's `waitpid(-1)`), and not
/// from a copy of the handle that a later `fork` put into another process.
/// Signal it with [`signal`](Child::signal); wait for it with
/// [`wait`](Child::wait), [`try_wait`](Child::try_wait),
/// [`wait_stopped`](Child::wait_stopped) or `wait_timeout`, and follow a
/// job's stops and continues too with [`wait_changed`](Child::wait_changed)
/// and [`try_wait_changed`](Child::try_wait_changed); how it reaches
/// the child on each kernel is [below](#how-it-reaches-the-child).
///
/// ```
/// use procsig::{exit, fork, Fork, Signal, WaitStatus};
///
/// // SAFETY: the child calls only async-signal-safe functions.
/// let Fork::Parent(child) = unsafe { fork() }? else {
///     // The child stops itself; the parent will kill it.
///     procsig::kill(procsig::Pid::this(), Signal::STOP).ok();
///     exit(0);
/// };
/// let mut child = child;
/// assert_eq!(child.wait_stopped()?, WaitStatus::Stopped(Signal::STOP));
/// child.signal(Signal::KILL)?;
/// assert_eq!(
///     child.wait()?,
///     WaitStatus::Signaled { signal: Signal::KILL, core_dumped: false }
/// );
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// System calls when dropped: `close`; without pidfds: none.
///
/// # Threads
/// `Child` is `Send` and `Sync`: it can be moved to, and used from, any
/// thread of the process that forked the child. Its waits take `&mut self`
/// (or `self`), so only one thread waits through a handle at a time.
///
/// # Dropping
/// Dropping a `Child` neither kills nor waits: the child keeps running, and
/// when it ends it stays a zombie until this process waits for it or exits
/// (then init reaps it). It closes the pidfd, if the handle has one. A
/// destructor cannot report an error or a status, and should not block, so
/// the choice is left to the caller, as `std::process::Child` does. Wait
/// for every child you fork.
///
/// # How it reaches the child
/// How the handle makes sure depends on what the kernel offers:
///
/// - **Linux 5.4 and later: a pidfd.** Right after `fork`, the parent opens
///   a process file descriptor for the child (`pidfd_open`) and proves it
///   names an unreaped child of its own (`waitid(P_PIDFD, …, WNOWAIT)`).
///   Signals go through it (`pidfd_send_signal`), so once the child is
///   reaped they fail with `ESRCH`, whoever has the pid by then. Waits go
///   through it (`waitid(P_PIDFD)`), and
///   [`wait_timeout`][Child::wait_timeout] is a `poll` on it: no signal is
///   consumed and no mask changed, so every wait is correct and prompt from
///   any thread, whatever the other threads block. In a process that a
///   later `fork` copied the handle into, signals still reach only the
///   child (until it is reaped) and waits fail with `ECHILD`: it is not
///   that process's child.
/// - **Otherwise** (a kernel before 5.4, other Unix systems, a seccomp
///   filter that refuses the calls, or no free file descriptor): the pid.
///   Before each signal and wait the handle checks that it is used by the
///   process that forked the child and that the kernel is not reaping
///   children itself (`SIGCHLD` ignored, or `SA_NOCLDWAIT`; else
///   `ECHILD`), and before each signal that the child is still unreaped
///   (`waitid(P_PID, …, WNOWAIT)`; else `ESRCH`). What still depends on
///   the caller there: nobody else reaps the child (no other code calls
///   `waitpid(-1)` or a wait on this pid; see [below](#without-a-pidfd-what-the-pid-cannot-tell)).
///   How [`wait_timeout`][Child::wait_timeout] sleeps there depends on
///   the target:
///   - **macOS and FreeBSD: a kqueue.** An `EVFILT_PROC` filter with
///     `NOTE_EXIT` on the pid wakes it when the child exits: like a
///     pidfd, no signal is consumed and no mask changed, so it is prompt
///     from any thread whatever the other threads block. The filter only
///     reports; the handle still reaps with `waitpid` after its checks,
///     so the pid's limits below stay.
///   - **Linux without pidfds** (and the other targets with
///     `sigtimedwait`): it waits for `SIGCHLD`, so it is prompt only if
///     `SIGCHLD` is blocked in every other thread (block it in `main`
///     before spawning threads: they inherit the mask).
///
/// [`pidfd`](Child::pidfd) tells which one a handle uses.
///
/// # Performance
/// The pidfd costs three system calls per child (`pidfd_open`, the proving
/// `waitid`, and `close` on drop) and one file descriptor per live handle.
/// Every `fork` copies the descriptor table into the new child, so forking
/// with many handles alive costs more: here about 30 µs more per fork with
/// 1000 live children (`docs/performance.md`, measured with
/// `cargo bench`). Keep at most as many
/// children alive as you need, and drop handles once reaped. A process
/// that runs out of descriptors (`EMFILE`) gets the pid fallback for the
/// children it forks meanwhile.
///
/// # Without a pidfd: what the pid cannot tell
/// The fallback's proof that the pid is still the child's is
/// `waitid(P_PID, pid, …, WNOWAIT)`, and all it proves is "some unreaped
/// child of this process has this pid". That is the child for as long as
/// nobody else reaps it. Once it is reaped behind the handle's back, its
/// pid is free, the next process this process forks may get it, and the
/// handle cannot tell that later child from its own. What the handle does:
///
/// - **It reaped the child itself** (any of its waits, or `wait_any`),
///   or found it gone: it never uses the
///   pid again. [`signal`](Child::signal) and
///   [`signal_group`](Child::signal_group) return `ESRCH`, the waits
///   `ECHILD`, and dropping it makes no system call.
/// - **The kernel reaps children** (`SIGCHLD` ignored, or a handler with
///   `SA_NOCLDWAIT`, when the child is forked or when the method is
///   called; one `sigaction` call checks each time): an ended child leaves no zombie to hold its pid, so the pid
///   may be another child's at any moment. Every method refuses:
///   `signal` and `signal_group` return `ECHILD` and send nothing, even
///   to a child that is still running; the waits return `ECHILD` at once,
///   and the handle counts the child as reaped for good (it may have ended
///   while `SIGCHLD` was ignored, whatever the disposition is later).
///   [`reset_disposition`](crate::reset_disposition) before forking
///   avoids it.
/// - **What it cannot know**: a reap that leaves no trace in the handle
///   or in the disposition at the time of the call — other code's
///   `waitpid(-1)`, `waitpid(pid)` or `waitid` taking the child, or the
///   kernel taking it while `SIGCHLD` was ignored only *between* the fork
///   and a call of the handle, or between two calls — followed by a fork of this process (from any thread or
///   library, `std::process::Command` included) that gets the same pid.
///   Then `signal` reaches that later child of ours, and the waits report,
///   and may reap, its state. A process that is not our child is never
///   reached that way (`waitid` knows our children; see above for the
///   moment between check and `kill`), and the pid must have come round
///   again first, which takes the kernel's pid counter wrapping (or a
///   privileged process choosing pids). In an init or a subreaper (Linux:
///   `become_subreaper`), an orphan re-parented to this process is one of
///   its children too, and may be the process that takes the pid; its
///   reap of every exited child (`reap_all_exited`) is such a reap behind
///   a handle's back unless the handle is passed to it.
///
/// If other code may reap children it did not fork, only a pidfd makes the
/// handle safe.
///
// The blank line above ends the paragraph, so that the link definition
// below (macOS and OpenBSD docs) is one, not more of the paragraph's text.
#[cfg_attr(
    not(procsig_timed_wait),
    doc = "[Child::wait_timeout]: https://docs.rs/procsig/latest/x86_64-unknown-linux-gnu/procsig/struct.Child.html#method.wait_timeout"
)]
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Child {
    pub(crate) pid: Pid,
    pub(crate) via: Via,
    /// Reaped (or found gone): its pid may belong to anyone now, and the
    /// handle refuses to signal or wait. A pidfd stays open until the
    /// handle is dropped, so that reaping costs no `close` on the way back.
    pub(crate) reaped: bool,
    /// Forked into a process group of its own, which it leads.
    pub(crate) leads_group: bool,
    /// The event wait (its id) whose epoll instance holds this handle's
    /// pidfd (Linux), or whose kqueue holds an `EVFILT_PROC` filter on its
    /// pid (macOS, FreeBSD); 0 for none. Where the event wait exists.
    #[cfg(any(procsig_linux, procsig_kqueue))]
    pub(crate) watched: u32,
}

/// How a [`Child`] reaches its process.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) enum Via {
    /// A pidfd: immune to pid reuse, usable from any thread.
    #[cfg(procsig_pidfd)]
    Pidfd(Pidfd),
    /// The pid alone, which only the process that forked the child
    /// (`owner`) may trust, and only while the child is unreaped.
    ///
    /// `owner` is `None` for a child forked while the kernel reaped
    /// children (`SIGCHLD` ignored or `SA_NOCLDWAIT`): its pid is never
    /// trusted, whatever the disposition is later.
    Pid { owner: Option<Pid> },
}

impl Child {
    /// The handle on `pid`, which the calling process has just forked.
    pub(crate) fn adopt(pid: Pid, leads_group: bool) -> Child {
        #[cfg(procsig_pidfd)]
        match Pidfd::open_child(pid) {
            Opened::Pidfd(fd) => {
                return Child {
                    pid,
                    via: Via::Pidfd(fd),
                    reaped: false,
                    leads_group,
                    #[cfg(any(procsig_linux, procsig_kqueue))]
                    watched: 0,
                }
            }
            Opened::Gone => {
                return Child {
                    pid,
                    via: Via::Pid { owner: None },
                    reaped: true,
                    leads_group,
                    #[cfg(any(procsig_linux, procsig_kqueue))]
                    watched: 0,
                }
            }
            Opened::Unavailable => {}
        }
        Child {
            pid,
            // While the kernel reaps children (SIGCHLD ignored or
            // SA_NOCLDWAIT) the child may be gone, and its pid another
            // child's, by the time the handle is used, whatever the
            // disposition is then: the pid is never trusted.
            via: Via::Pid {
                owner: pid::trusted_owner(),
            },
            reaped: false,
            leads_group,
            #[cfg(any(procsig_linux, procsig_kqueue))]
            watched: 0,
        }
    }

    /// Whether this handle holds the unreaped child `pid`: never once it
    /// has reaped its child (or found it gone), whoever has the pid now.
    #[cfg(any(procsig_linux, procsig_kqueue))]
    pub(crate) fn holds(&self, pid: Pid) -> bool {
        !self.reaped && self.pid == pid
    }

    /// The child's pid.
    ///
    /// Only a number: after the child is reaped it may name another
    /// process. Signal the child with [`signal`](Child::signal), not with
    /// [`kill`](crate::kill) on this pid.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::{exit, fork, Fork, Pid};
    ///
    /// // SAFETY: the child calls only `exit`.
    /// let Fork::Parent(child) = unsafe { fork() }? else { exit(0) };
    /// assert_ne!(child.pid(), Pid::this());
    /// child.wait()?;
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    pub fn pid(&self) -> Pid {
        self.pid
    }

    /// The pidfd through which this handle reaches its child (Linux 5.4 and
    /// later), e.g. to `poll` or `epoll` it beside other descriptors: it
    /// becomes readable when the child ends. `None` for the pid fallback
    /// described on [`Child`], and once the child has been reaped.
    ///
    /// The handle owns the descriptor: do not close it, and do not use it
    /// after the handle is dropped or has reaped the child.
    ///
    /// System calls: none.
    ///
    /// ```
    /// # #[cfg(procsig_timed_wait)] {
    /// use procsig::{exit, fork, Fork};
    ///
    /// // SAFETY: the child calls only `exit`.
    /// let Fork::Parent(mut child) = unsafe { fork() }? else { exit(0) };
    /// # #[cfg(procsig_pidfd)]
    /// if let Some(fd) = child.pidfd() {
    ///     assert!(fd >= 0); // poll it for POLLIN: readable once the child ends
    /// }
    /// child.wait_timeout(std::time::Duration::from_secs(60))?;
    /// assert_eq!(child.pidfd(), None); // reaped
    /// # }
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    pub fn pidfd(&self) -> Option<core::ffi::c_int> {
        match &self.via {
            #[cfg(procsig_pidfd)]
            Via::Pidfd(fd) if !self.reaped => Some(fd.as_raw()),
            _ => None,
        }
    }

    /// The process group the child leads, if it was forked into its own
    /// ([`ForkOptions::own_group`](crate::ForkOptions::own_group)); its id
    /// is the child's pid.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::{exit, fork, Fork, ForkOptions};
    ///
    /// // SAFETY: the children call only `exit`.
    /// let Fork::Parent(plain) = unsafe { fork() }? else { exit(0) };
    /// assert_eq!(plain.group(), None);
    /// let Fork::Parent(leader) = unsafe { ForkOptions::new().own_group().fork() }? else { exit(0) };
    /// assert_eq!(leader.group(), Some(leader.pid()));
    /// plain.wait()?;
    /// leader.wait()?;
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[doc(alias = "getpgid")]
    pub fn group(&self) -> Option<Pid> {
        self.leads_group.then_some(self.pid)
    }
}
