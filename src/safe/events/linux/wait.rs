//! [`Events::wait`]: the one wait, and how each epoll report becomes an
//! [`Event`].

use core::ffi::c_int;
use core::time::Duration;

use libc::epoll_event;

use super::{Events, CHILD, KIND, MAX_KEY, SIGNALS};
use crate::safe::events::stops_are_told;
use crate::safe::events::{look_at, Event, Ready};
use crate::safe::process::child::Child;
use crate::safe::signal::Signal;
use crate::safe::sigset::info::SigInfo;
use crate::safe::time::{now, poll_ms, Deadline};
use crate::{raw, Errno};

/// How often a wait looks at its children when `SIGCHLD` may not tell it
/// everything: over children without a pidfd (`SIGCHLD` ignored by another
/// thread meanwhile means no `SIGCHLD` comes, and only a look can tell, as
/// `wait_any` does), and over stops (another reader of `SIGCHLD` may have
/// taken the one about a stop; `SIGCHLD`'s action may have changed).
const RECHECK: Duration = Duration::from_secs(1);

impl Events<'_> {
    /// Waits at most `timeout` (`None`: for as long as it takes) for the
    /// next event: a signal of the guard's set, a state change of a child
    /// in `children` (its key is its index), or a watched descriptor being
    /// ready; `None` if the time ran out.
    ///
    /// Each call returns one event. A child that ended is reaped through
    /// its handle and its slot emptied; a stop or a continue (with
    /// [`with_stops`](Events::with_stops)) leaves the handle in its slot.
    /// Only the collection's children are ever waited for. A child whose
    /// handle has no pidfd is learned of through `SIGCHLD`, so `SIGCHLD`
    /// must then be in the guard (else `EINVAL`), and the wait looks at
    /// such children at least once a second. A wait over stops looks at
    /// every child at least once a second too, and checks `SIGCHLD`'s
    /// action then and at its start (see
    /// [`with_stops`](Events::with_stops)). `EINTR` is retried with the
    /// time left recomputed (millisecond resolution, rounded up).
    ///
    /// Threads: see the module, [`events`](crate::events). The guard's signals are
    /// taken only by this wait if they are blocked in every thread.
    ///
    /// Async-signal-safe: no.
    ///
    /// System calls: `epoll_ctl`, `epoll_wait`, `getpid`; without pidfds:
    /// `epoll_wait`, `getpid`, `rt_sigaction`, `waitid`. (The time runs
    /// out; the first wait registers the children's pidfds, and, without
    /// pidfds, looks at each child through its handle. The `getpid` checks
    /// that the caller is the process that made the wait.)
    ///
    /// System calls (zero timeout): `epoll_ctl`, `epoll_wait`, `getpid`;
    /// without pidfds: `epoll_wait`, `getpid`, `rt_sigaction`, `waitid`. It
    /// looks once and never sleeps.
    ///
    /// System calls (no timeout): `close`, `epoll_ctl`, `epoll_wait`,
    /// `getpid`, `waitid`; without pidfds: `epoll_wait`, `getpid`, `read`,
    /// `rt_sigaction`, `waitid`. It sleeps until a child ends, then reaps
    /// it (the `close` is its pidfd: its handle is dropped); without
    /// pidfds the `SIGCHLD` is read from the signalfd first.
    ///
    /// System calls (interrupted): `close`, `epoll_ctl`, `epoll_wait`,
    /// `getpid`, `waitid`; without pidfds: `epoll_wait`, `getpid`, `read`,
    /// `rt_sigaction`, `waitid`. A handled signal cuts the sleep short; it
    /// sleeps again for the time left, with no other call.
    ///
    /// System calls (stops): `epoll_ctl`, `epoll_wait`, `getpid`,
    /// `rt_sigaction`, `waitid`; without pidfds: `epoll_wait`, `getpid`,
    /// `rt_sigaction`, `waitid`. A wait made by [`with_stops`](Events::with_stops)
    /// whose time runs out: the `rt_sigaction` reads `SIGCHLD`'s action at
    /// its start, the first wait looks at each child (`waitid`).
    ///
    /// # Errors
    /// - `EINVAL`: a child in `children` has no pidfd and `SIGCHLD` is not
    ///   in the guard's set, or a key is above 2³⁰ - 1; or, for a wait
    ///   over stops, `SIGCHLD`'s action has `SA_NOCLDSTOP` now.
    /// - `ECHILD`: called in a forked copy of the wait (see "Fork" on
    ///   [`Events`]); or, for a wait over stops, `SIGCHLD` is ignored now
    ///   (or `SA_NOCLDWAIT`).
    /// - `ENOMEM`, `ENOSPC`: the kernel's limits on watches, registering a
    ///   child.
    ///
    /// ```
    /// use procsig::{exit, fork, Event, Events, Fork, SigSet, Signal, WaitStatus};
    /// use std::time::Duration;
    ///
    /// let guard = SigSet::from(Signal::CHLD).block()?; // for handles without a pidfd
    /// let mut events = Events::new(Some(&guard))?;
    /// let mut children: [Option<procsig::Child>; 3] = Default::default();
    /// for (i, slot) in children.iter_mut().enumerate() {
    ///     // SAFETY: the children call only `exit`.
    ///     match unsafe { fork() }? {
    ///         Fork::Child => exit(i as i32),
    ///         Fork::Parent(child) => *slot = Some(child),
    ///     }
    /// }
    /// let mut codes = Vec::new();
    /// while children.iter().any(Option::is_some) {
    ///     match events.wait(&mut children, Some(Duration::from_secs(60)))? {
    ///         Some(Event::Child { key, status, ended: true }) => codes.push((key, status?)),
    ///         Some(_) => {} // SIGCHLD
    ///         None => panic!("timed out"),
    ///     }
    /// }
    /// codes.sort_by_key(|&(key, _)| key);
    /// assert_eq!(codes, [0, 1, 2].map(|i| (i, WaitStatus::Exited(i as i32))));
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[doc(alias = "epoll_wait")]
    #[doc(alias = "signalfd")]
    #[doc(alias = "waitid")]
    pub fn wait(
        &mut self,
        children: &mut [Option<Child>],
        timeout: Option<Duration>,
    ) -> Result<Option<Event>, Errno> {
        self.in_owner()?;
        let deadline = timeout.map(Deadline::after).transpose()?;
        let pidless = self.register(children)?;
        if pidless && !self.chld {
            return Err(Errno::EINVAL);
        }
        if self.stops {
            stops_are_told()?;
        }
        // Whether SIGCHLD alone may not tell of everything: then the
        // children are looked at at least once every RECHECK, across waits.
        let looks = pidless || self.stops;
        loop {
            let mut look_in = None;
            if looks {
                let t = now()?;
                if t >= self.look_at {
                    self.scan = true;
                }
                if self.scan {
                    self.look_at = t.saturating_add(RECHECK);
                }
                look_in = Some(self.look_at.saturating_sub(t));
            }
            if self.scan {
                if let Some(event) = self.scan_children(children)? {
                    return Ok(Some(event));
                }
                self.scan = false;
            }
            if let Some(info) = self.sigchld.take() {
                return Ok(Some(Event::Signal(info)));
            }
            let left = deadline.map(Deadline::remaining).transpose()?;
            let slice = match (left, look_in) {
                (Some(left), Some(look_in)) => Some(left.min(look_in)),
                (left, None) => left,
                (None, look_in) => look_in,
            };
            let mut report = [epoll_event { events: 0, u64: 0 }];
            // SAFETY: a live one-element buffer; the instance is ours.
            match unsafe { raw::epoll_wait(self.epoll.0, &mut report, poll_ms(slice)) } {
                Ok(0) => {
                    if left.is_some_and(|left| left.is_zero()) {
                        return Ok(None);
                    }
                    // A look is due (the loop's top sees it): SIGCHLD's
                    // action may have changed while this wait slept.
                    if self.stops {
                        stops_are_told()?;
                    }
                }
                Ok(_) => {
                    let [report] = report;
                    if let Some(event) = self.take(report, children, pidless)? {
                        return Ok(Some(event));
                    }
                }
                // Slept again for the time left, recomputed above.
                Err(Errno::EINTR) => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Registers the pidfds of the children this wait has not seen; whether
    /// any child has no pidfd (learned of through `SIGCHLD` only).
    fn register(&mut self, children: &mut [Option<Child>]) -> Result<bool, Errno> {
        if children.len() > MAX_KEY + 1 {
            return Err(Errno::EINVAL);
        }
        let mut pidless = false;
        for (key, child) in children.iter_mut().enumerate() {
            let Some(child) = child else { continue };
            match child.pidfd() {
                Some(fd) if child.watched != self.id => {
                    let data = child_data(key, fd);
                    let events = (libc::EPOLLIN | libc::EPOLLONESHOT) as u32;
                    match self.arm(libc::EPOLL_CTL_ADD, fd, events, data) {
                        // Registered before under another key (moved).
                        Err(Errno::EEXIST) => self.arm(libc::EPOLL_CTL_MOD, fd, events, data)?,
                        other => other?,
                    }
                    child.watched = self.id;
                }
                Some(_) => {}
                // Reaped already (by its own wait): reported as gone by the
                // next look, which needs no SIGCHLD.
                None if child.reaped => self.scan = true,
                None => pidless = true,
            }
        }
        Ok(pidless)
    }

    /// What one epoll report means. `None`: nothing to report after all
    /// (a signal another thread took first, a stale child registration,
    /// a `SIGCHLD` whose children are looked at next).
    fn take(
        &mut self,
        report: epoll_event,
        children: &mut [Option<Child>],
        pidless: bool,
    ) -> Result<Option<Event>, Errno> {
        // Copied out: the struct is packed on x86_64.
        let (data, flags) = (report.u64, report.events);
        match data & KIND {
            SIGNALS => {
                let Some(info) = self.read_signal()? else {
                    return Ok(None);
                };
                if info.signal == Signal::CHLD && (self.stops || pidless) {
                    // Its children first, then the signal itself.
                    self.scan = true;
                    self.sigchld = Some(info);
                    return Ok(None);
                }
                Ok(Some(Event::Signal(info)))
            }
            CHILD => {
                let key = ((data >> 32) & MAX_KEY as u64) as usize;
                let fd = (data & 0xffff_ffff) as c_int;
                // The slot the child was registered in, or where it moved;
                // none if the handle is gone (a registration outliving its
                // descriptor in a forked copy, reported once).
                let here = |slot: &Option<Child>| slot.as_ref().and_then(Child::pidfd) == Some(fd);
                let found = match children.get(key) {
                    Some(slot) if here(slot) => Some(key),
                    _ => children.iter().position(here),
                };
                let Some(key) = found else { return Ok(None) };
                let event = look_at(children, key, self.stops);
                if !matches!(event, Ok(Some(Event::Child { ended: true, .. }))) {
                    // Not ended after all (a stop reported first), or an
                    // error: arm the one-shot registration again, under
                    // the right key, so that the end is not missed.
                    let events = (libc::EPOLLIN | libc::EPOLLONESHOT) as u32;
                    self.arm(libc::EPOLL_CTL_MOD, fd, events, child_data(key, fd))?;
                }
                event
            }
            _ => Ok(Some(Event::Fd {
                key: (data & 0xffff_ffff) as usize,
                ready: Ready {
                    readable: flags & libc::EPOLLIN as u32 != 0,
                    writable: flags & libc::EPOLLOUT as u32 != 0,
                    hangup: flags & (libc::EPOLLHUP | libc::EPOLLRDHUP) as u32 != 0,
                    error: flags & libc::EPOLLERR as u32 != 0,
                },
            })),
        }
    }

    /// Looks at the children a `SIGCHLD` may be about (all of them with
    /// stops; otherwise those without a pidfd), in index order; the first
    /// that has something to report.
    fn scan_children(&mut self, children: &mut [Option<Child>]) -> Result<Option<Event>, Errno> {
        for key in 0..children.len() {
            let worth = match children.get(key) {
                Some(Some(child)) => self.stops || child.pidfd().is_none(),
                _ => false,
            };
            if worth {
                if let Some(event) = look_at(children, key, self.stops)? {
                    return Ok(Some(event));
                }
            }
        }
        Ok(None)
    }

    /// One record from the signalfd; `None` if another reader (a
    /// `sigwait` in another thread) took the signal first.
    fn read_signal(&self) -> Result<Option<SigInfo>, Errno> {
        let Some(fd) = &self.signals else {
            return Ok(None);
        };
        // SAFETY: plain data, valid all zeros.
        let mut record: libc::signalfd_siginfo = unsafe { core::mem::zeroed() };
        let size = core::mem::size_of::<libc::signalfd_siginfo>();
        // SAFETY: the bytes of a live, plain-data record, which the kernel
        // fills whole (a signalfd reads whole records only).
        let bytes = unsafe {
            core::slice::from_raw_parts_mut(
                (&mut record as *mut libc::signalfd_siginfo).cast(),
                size,
            )
        };
        loop {
            // SAFETY: our signalfd, and a buffer of one record.
            match unsafe { raw::read(fd.0, bytes) } {
                Ok(n) if n == size => return SigInfo::from_signalfd(&record).map(Some),
                Ok(_) | Err(Errno::EAGAIN) => return Ok(None),
                Err(Errno::EINTR) => continue,
                Err(e) => return Err(e),
            }
        }
    }
}

/// A child's registration data: [`CHILD`], its key and its pidfd.
fn child_data(key: usize, fd: c_int) -> u64 {
    // Keys fit 30 bits (`register` checks); a descriptor is never negative.
    CHILD | ((key as u64 & MAX_KEY as u64) << 32) | (fd as u32 as u64)
}
