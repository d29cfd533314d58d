//! [`Events::wait`] on a kqueue: registering the children it has not seen,
//! one `kevent` report per wait, and what each report means.

use core::ffi::c_void;
use core::time::Duration;

use super::{change, take, Events, Took, LOOK_EVERY_PASS, MAX_KEY, SPENT};
use crate::safe::events::stops_are_told;
use crate::safe::events::{look_at, Event, Ready};
use crate::safe::pid::Pid;
use crate::safe::process::child::Child;
use crate::safe::signal::Signal;
use crate::safe::sigset::keep_pending::refuse_discarded;
use crate::safe::sigset::SigSet;
use crate::safe::time::{now, timespec, Deadline};
use crate::{raw, Errno};

/// How often a wait over stops looks at its children: another reader of
/// `SIGCHLD` may have taken the one about a stop, and `SIGCHLD`'s action
/// may have changed.
const RECHECK: Duration = Duration::from_secs(1);

/// How soon a child whose `EVFILT_PROC` filter could not be attached
/// (`ESRCH`: the kernel no longer lists it as running, yet `waitpid` has
/// no status for it: it is between its exit and its zombie state, a
/// moment) is tried again.
const RETRY: Duration = Duration::from_millis(1);

/// The longest back-off between two looks at a child whose filter fired
/// but who has not ended (see [`Events::back_off`]): its end is seen at
/// most this long after it became a zombie.
const BACK_OFF_MOST: Duration = Duration::from_millis(256);

/// For how long after a signal was reported but could not be taken the
/// wait looks again every [`RETRY`]: XNU posts the report a moment before
/// it makes the signal pending; FreeBSD's zero-timeout `sigtimedwait` may
/// fail while a lower-numbered handled signal is delivered first. Later,
/// a macOS wait still looks every [`LOOK`].
const GRACE: Duration = Duration::from_millis(50);

/// For how long the looks come every [`RETRY`] after a report judged
/// stale (its signal was taken by a look before the report was read)
/// whose take found nothing (macOS): a stale one costs two or three quick
/// wakes; a new send that hit XNU's window between the report and the
/// pending bit, while a mark was left over, is still seen at once if the
/// window closes within it, else by the next [`LOOK`].
const STALE_GRACE: Duration = Duration::from_millis(3);

/// The longest one `kevent` sleeps on macOS in a wait over signals: a
/// thread-directed signal fires no filter there, so a look finds it.
const LOOK: Duration = Duration::from_secs(1);

/// The longest one `kevent` sleeps; a longer wait sleeps again.
const LONGEST_SLEEP: Duration = Duration::from_secs(24 * 60 * 60);

impl Events<'_> {
    /// Waits at most `timeout` (`None`: for as long as it takes) for the
    /// next event: a signal of the guard's set, a state change of a child
    /// in `children` (its key is its index), or a watched descriptor being
    /// ready; `None` if the time ran out.
    ///
    /// Each call returns one event. A child that ended is reaped through
    /// its handle and its slot emptied; a stop or a continue (with
    /// [`with_stops`](Events::with_stops)) leaves the handle in its slot.
    /// Only the collection's children are ever waited for.
    ///
    /// A child's end wakes the wait through an `EVFILT_PROC` filter on its
    /// pid (`NOTE_EXIT`), which the first wait that sees the child
    /// attaches; that wait then looks at the child once (a `waitpid` with
    /// `WNOHANG`), for an end that came before the filter. No `SIGCHLD` is
    /// needed for ends, whatever the other threads block. A wait over
    /// stops looks at every child at least once a second, and checks
    /// `SIGCHLD`'s action then and at its start (see
    /// [`with_stops`](Events::with_stops)). `EINTR` is retried with the
    /// time left recomputed (microsecond resolution).
    ///
    /// Threads: see the module, [`events`](crate::events). The guard's signals are
    /// taken only by this wait if they are blocked in every thread. On
    /// macOS, which has no `sigtimedwait`, a signal is taken by `sigwait`
    /// after `sigpending` said it is pending; another thread that takes
    /// it between the two (its own `sigwait`, or an event wait over the
    /// same signal) leaves this wait asleep in `sigwait` until the next
    /// signal of the same number, **whatever the timeout**: on macOS, let
    /// one thread only wait for each signal. (FreeBSD takes it with a
    /// zero-timeout `sigtimedwait`, which cannot sleep.) A macOS wait
    /// over signals exists on the main thread only ([`new`](Events::new)),
    /// looks at `sigpending` before every sleep, and sleeps at most a
    /// second: XNU fires no filter for a thread-directed signal
    /// (`pthread_kill`, `raise`). A reported signal that cannot be taken
    /// yet (see the module) is looked for again every millisecond for
    /// 50 ms. A child whose filter fired but who is not yet a zombie is
    /// looked at again after a millisecond, then 2, 4, … up to 256 ms
    /// while it stays so (a child stuck in its exit is seen ended at most
    /// 256 ms after it became a zombie), however often the kernel reports
    /// it; and a report that comes to nothing ends a wait whose time is
    /// up, so `Some(Duration::ZERO)` returns at once.
    ///
    /// Async-signal-safe: no.
    ///
    /// System calls: `clock_gettime`, `getpid`, `kevent`, `waitpid`. (The
    /// time runs out; the first wait attaches each child's filter and
    /// looks at it.) Signals in the guard's set add, on the first wait,
    /// `sigtimedwait` (FreeBSD) or `sigpending` (macOS): what was pending
    /// before the filters; on macOS a `sigpending` on every wait; and a
    /// `sigaction` read per signal of the set (none for `SIGCONT` on
    /// macOS) at the start, after each slice that timed out, and when a
    /// signal's report finds nothing to take.
    ///
    /// # Errors
    /// - `EINVAL`: a key is above 2³⁰ - 1; or, for a wait over stops,
    ///   `SIGCHLD`'s action has `SA_NOCLDSTOP` now; or a signal of the
    ///   guard's set is at `SIG_IGN` now, or ignored by default and at
    ///   `SIG_DFL` now (BSD would discard it; see [`new`](Events::new)).
    /// - `ECHILD`: called in a forked copy of the wait (see "Fork" on
    ///   [`Events`]); or, for a wait over stops, `SIGCHLD` is ignored now
    ///   (or `SA_NOCLDWAIT`).
    /// - `ENOMEM`: the kernel's limits on filters, registering a child.
    ///
    /// ```
    /// use procsig::{exit, fork, Event, Events, Fork, SigSet, Signal, WaitStatus};
    /// use std::time::Duration;
    ///
    /// let mut events = Events::new(None)?; // ends need no SIGCHLD here
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
    ///         Some(_) => {}
    ///         None => panic!("timed out"),
    ///     }
    /// }
    /// codes.sort_by_key(|&(key, _)| key);
    /// assert_eq!(codes, [0, 1, 2].map(|i| (i, WaitStatus::Exited(i as i32))));
    /// # Ok::<(), procsig::Errno>(())
    /// ```
    #[doc(alias = "kevent")]
    #[doc(alias = "EVFILT_PROC")]
    #[doc(alias = "NOTE_EXIT")]
    pub fn wait(
        &mut self,
        children: &mut [Option<Child>],
        timeout: Option<Duration>,
    ) -> Result<Option<Event>, Errno> {
        self.in_owner()?;
        if children.len() > MAX_KEY + 1 {
            return Err(Errno::EINVAL);
        }
        let deadline = timeout.map(Deadline::after).transpose()?;
        if self.stops {
            stops_are_told()?;
        }
        refuse_discarded(&self.signals)?;
        loop {
            let unsettled = match self.register(children)? {
                Registered::Event(event) => return Ok(Some(self.settle(event))),
                Registered::All => false,
                Registered::Unsettled => true,
            };
            let mut look_in = None;
            if self.stops {
                let t = now()?;
                if t >= self.look_at {
                    self.scan = true;
                }
                if self.scan {
                    self.look_at = t.saturating_add(RECHECK);
                }
                look_in = Some(self.look_at.saturating_sub(t));
                if self.scan {
                    if let Some(event) = self.scan_children(children)? {
                        return Ok(Some(self.settle(event)));
                    }
                    self.scan = false;
                }
            }
            if let Some(info) = self.sigchld.take() {
                return Ok(Some(Event::Signal(info)));
            }
            if self.pending {
                match take::take_one(&self.signals)? {
                    Took::Signal(info) => {
                        self.taken_early.insert(info.signal);
                        if let Some(event) = self.signal_event(info) {
                            return Ok(Some(event));
                        }
                        continue;
                    }
                    // Pending but not taken (FreeBSD): again soon.
                    Took::Pending => self.soon_for(GRACE)?,
                    Took::Nothing => self.pending = LOOK_EVERY_PASS,
                }
            }
            let mut cap = |most: Duration| {
                look_in = Some(look_in.map_or(most, |t: Duration| t.min(most)));
            };
            if unsettled {
                // A child spent without an end: looked at again when its
                // back-off is over.
                cap(self.reattach_at.saturating_sub(now()?));
            }
            if !self.soon_until.is_zero() {
                if now()? < self.soon_until {
                    cap(RETRY);
                } else {
                    self.soon_until = Duration::ZERO;
                }
            }
            if LOOK_EVERY_PASS && !self.signals.is_empty() {
                cap(LOOK);
            }
            let left = deadline.map(Deadline::remaining).transpose()?;
            let slice = match (left, look_in) {
                (Some(left), Some(look_in)) => Some(left.min(look_in)),
                (left, None) => left,
                (None, look_in) => look_in,
            };
            let ts = slice.map(|s| timespec(s.min(LONGEST_SLEEP)));
            // SAFETY: `kevent` is plain data; all zeroes is valid.
            let mut report: [libc::kevent; 1] = unsafe { core::mem::zeroed() };
            // SAFETY: our kqueue, a live one-element buffer, a live timeout.
            match unsafe { raw::kevent(self.kq, &[], &mut report, ts.as_ref()) } {
                Ok(0) => {
                    // Nothing queued: a report about a signal a look took
                    // is queued before that look (XNU posts it first), so
                    // every mark left is one with no report to come.
                    self.taken_early = SigSet::empty();
                    if left.is_some_and(|left| left.is_zero()) {
                        return Ok(None);
                    }
                    // A look may be due (the loop's top sees it): SIGCHLD's
                    // action, or another signal's, may have changed while
                    // this wait slept.
                    if self.stops {
                        stops_are_told()?;
                    }
                    refuse_discarded(&self.signals)?;
                }
                Ok(_) => {
                    let [report] = report;
                    if let Some(event) = self.take(&report, children)? {
                        return Ok(Some(self.settle(event)));
                    }
                    // A report that came to nothing: the time may be up
                    // all the same (a stream of such reports must not
                    // keep the wait past it).
                    if let Some(deadline) = deadline {
                        if deadline.remaining()?.is_zero() {
                            return Ok(None);
                        }
                    }
                }
                // Slept again for the time left, recomputed above.
                Err(Errno::EINTR) => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Attaches an `EVFILT_PROC` filter to each child this wait has not
    /// seen, and looks at it once (it may have ended before the filter);
    /// the first that has something to report, else whether every child
    /// is settled (has its filter, or was reported).
    fn register(&mut self, children: &mut [Option<Child>]) -> Result<Registered, Errno> {
        let mut settled = true;
        // A child whose filter could not be attached and who has not ended.
        let mut refused = false;
        // The time, read once, if a spent filter asks for it.
        let mut time = None;
        for key in 0..children.len() {
            let Some(Some(child)) = children.get_mut(key) else {
                continue;
            };
            if child.reaped {
                // Reaped already, by its own wait (perhaps after its filter
                // was attached; that filter's report is then no longer
                // its): reported as gone, with no process to attach to.
                if let Some(event) = look_at(children, key, self.stops)? {
                    return Ok(Registered::Event(event));
                }
                continue;
            }
            if child.watched == self.id {
                continue;
            }
            if child.watched == SPENT {
                // Its filter fired and the look found no end: attached
                // and looked at again after a back-off, not at once
                // (FreeBSD fires a filter on an exiting child at once).
                let t = match time {
                    Some(t) => t,
                    None => *time.insert(now()?),
                };
                if t < self.reattach_at {
                    settled = false;
                    continue;
                }
            }
            let attached = self.attach(child.pid, key);
            let has_filter = match attached {
                Ok(()) => {
                    child.watched = self.id;
                    true
                }
                // Gone, or between its exit and its zombie state (macOS
                // refuses a filter then): the look settles it, or it is
                // tried again soon.
                Err(Errno::ESRCH) => false,
                Err(e) => return Err(e),
            };
            if let Some(event) = look_at(children, key, self.stops)? {
                return Ok(Registered::Event(event));
            }
            if !has_filter {
                // Exiting, not yet a zombie (macOS refuses a filter then):
                // tried again after the back-off.
                if let Some(Some(child)) = children.get_mut(key) {
                    child.watched = SPENT;
                }
                refused = true;
            }
            settled &= has_filter;
        }
        if refused {
            self.back_off()?;
        }
        Ok(if settled {
            Registered::All
        } else {
            Registered::Unsettled
        })
    }

    /// `kevent(EV_ADD | EV_ONESHOT, EVFILT_PROC, NOTE_EXIT)` on `pid`, with
    /// `key` in `udata`.
    fn attach(&self, pid: Pid, key: usize) -> Result<(), Errno> {
        // A pid is positive: the cast is exact.
        let mut proc_exit = change(
            pid.as_raw() as libc::uintptr_t,
            libc::EVFILT_PROC,
            libc::NOTE_EXIT,
        );
        proc_exit.flags = libc::EV_ADD | libc::EV_ONESHOT;
        proc_exit.udata = key as *mut c_void;
        // SAFETY: our kqueue; a process filter whose `udata` is a key,
        // never dereferenced.
        unsafe { raw::kevent(self.kq, &[proc_exit], &mut [], None) }.map(|_| ())
    }

    /// What one `kevent` report means. `None`: nothing to report after all
    /// (a signal another thread took first, a filter of a handle that is
    /// gone, a `SIGCHLD` whose children are looked at next).
    fn take(
        &mut self,
        report: &libc::kevent,
        children: &mut [Option<Child>],
    ) -> Result<Option<Event>, Errno> {
        match report.filter {
            libc::EVFILT_SIGNAL => {
                let signal = c_int_of(report.ident).and_then(Signal::from_raw);
                let Some(signal) = signal.filter(|&s| self.signals.contains(s)) else {
                    return Ok(None);
                };
                // A report counts the sends since the last one (EV_CLEAR):
                // one send whose signal the look before a sleep took
                // already is stale.
                let stale = self.taken_early.remove(signal) && report.data <= 1;
                let mut only = SigSet::empty();
                only.insert(signal);
                match take::take_one(&only)? {
                    Took::Signal(info) => Ok(self.signal_event(info)),
                    // FreeBSD: pending, not taken. Again soon, for a
                    // while: never dropped.
                    Took::Pending => {
                        self.soon_for(GRACE)?;
                        Ok(None)
                    }
                    // macOS: perhaps not pending yet (XNU reports before
                    // it makes it pending): looked for again soon, for a
                    // while (and every second after that). FreeBSD: not
                    // pending (taken, or coalesced): nothing.
                    //
                    // Either way, the dispositions are read again: a
                    // report whose signal is gone may be one the kernel
                    // discarded (put back at `SIG_DFL` or `SIG_IGN` since
                    // the last check), and a FreeBSD wait with no slices
                    // would otherwise sleep on (up to a day per sleep).
                    Took::Nothing => {
                        refuse_discarded(&self.signals)?;
                        if LOOK_EVERY_PASS {
                            if stale {
                                // Most likely stale; but the mark may be
                                // left over from a signal that had no
                                // report (pending before the filters, or
                                // thread-directed), and this a new send
                                // not pending yet: a few quick looks.
                                self.soon_for(STALE_GRACE)?;
                            } else {
                                self.soon_for(GRACE)?;
                            }
                        }
                        Ok(None)
                    }
                }
            }
            libc::EVFILT_PROC => {
                let pid = c_int_of(report.ident).and_then(Pid::from_raw);
                let Some(pid) = pid else { return Ok(None) };
                let key = report.udata as usize;
                // The slot the child was registered in, or where it moved;
                // none if its handle is gone.
                let here = |slot: &Option<Child>| slot.as_ref().is_some_and(|c| c.holds(pid));
                let found = match children.get(key) {
                    Some(slot) if here(slot) => Some(key),
                    _ => children.iter().position(here),
                };
                let Some(key) = found else { return Ok(None) };
                let event = look_at(children, key, self.stops)?;
                if !matches!(event, Some(Event::Child { ended: true, .. })) {
                    // The one-shot filter is spent but the child did not
                    // end (still exiting, not yet a zombie; a stop
                    // reported first; or a filter about an earlier process
                    // with this pid): attach another, and look, after a
                    // back-off. At once would spin on FreeBSD, which fires
                    // a filter attached to an exiting process at once.
                    if let Some(Some(child)) = children.get_mut(key) {
                        child.watched = SPENT;
                        self.back_off()?;
                    }
                }
                Ok(event)
            }
            libc::EVFILT_READ | libc::EVFILT_WRITE => {
                let read = report.filter == libc::EVFILT_READ;
                let eof = report.flags & libc::EV_EOF != 0;
                Ok(Some(Event::Fd {
                    key: report.udata as usize,
                    ready: Ready {
                        readable: read,
                        writable: !read && !eof,
                        // A read filter's end of file: the writers are
                        // gone (a pipe), or the peer shut down (a socket).
                        hangup: read && eof,
                        // A write filter's end of file: the readers are
                        // gone, as epoll's EPOLLERR on a pipe.
                        error: report.flags & libc::EV_ERROR != 0 || (!read && eof),
                    },
                }))
            }
            _ => Ok(None),
        }
    }

    /// Looks at the pending signals before each sleep, and sleeps at most
    /// [`RETRY`], for the next `grace` ([`GRACE`] or [`STALE_GRACE`]; a
    /// longer one already running is kept): a reported signal could not
    /// be taken yet.
    fn soon_for(&mut self, grace: Duration) -> Result<(), Errno> {
        self.pending = true;
        self.soon_until = self.soon_until.max(now()?.saturating_add(grace));
        Ok(())
    }

    /// A child spent without an end: the next look at the spent children
    /// comes after [`RETRY`], twice as long after each such one in a row,
    /// up to [`BACK_OFF_MOST`]. A child stuck in its exit (closing a file
    /// on a dead NFS mount, a lingering socket) would otherwise be looked
    /// at every millisecond for as long as it is stuck.
    fn back_off(&mut self) -> Result<(), Errno> {
        self.back_off = if self.back_off.is_zero() {
            RETRY
        } else {
            self.back_off.saturating_mul(2).min(BACK_OFF_MOST)
        };
        self.reattach_at = now()?.saturating_add(self.back_off);
        Ok(())
    }

    /// An event the wait returns: a child's end restarts the back-off.
    fn settle(&mut self, event: Event) -> Event {
        if matches!(event, Event::Child { ended: true, .. }) {
            self.back_off = Duration::ZERO;
        }
        event
    }

    /// A taken signal as an event: `SIGCHLD` in a wait over stops is held
    /// back (`None`) until the children are looked at.
    fn signal_event(&mut self, info: crate::SigInfo) -> Option<Event> {
        if info.signal == Signal::CHLD && self.stops {
            self.scan = true;
            self.sigchld = Some(info);
            return None;
        }
        Some(Event::Signal(info))
    }

    /// Looks at every child (a `SIGCHLD` or the once-a-second look of a
    /// wait over stops), in index order; the first that has something to
    /// report.
    fn scan_children(&mut self, children: &mut [Option<Child>]) -> Result<Option<Event>, Errno> {
        for key in 0..children.len() {
            if let Some(event) = look_at(children, key, self.stops)? {
                return Ok(Some(event));
            }
        }
        Ok(None)
    }
}

/// What [`Events::register`] found.
enum Registered {
    /// A child to report (it ended before its filter, or is gone).
    Event(Event),
    /// Every child has its filter.
    All,
    /// A child's filter could not be attached yet.
    Unsettled,
}

/// A kqueue `ident` that names a signal or a pid.
fn c_int_of(ident: libc::uintptr_t) -> Option<core::ffi::c_int> {
    core::ffi::c_int::try_from(ident).ok()
}
