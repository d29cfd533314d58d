//! kqueue's `EVFILT_SIGNAL` (macOS; the BSDs too), the facts procsig's
//! timed signal wait on macOS stands on (`src/safe/sigset/timed/kqueue.rs`),
//! and its `EVFILT_PROC` with `NOTE_EXIT` (macOS, FreeBSD), on which
//! `Child::wait_timeout` and `wait_any` sleep there
//! (`src/safe/process/child/kqueue.rs`), and its read and write filters,
//! on which the event wait's descriptors stand (`src/safe/events/kqueue.rs`).
//! Written from the man pages and
//! the kernels' sources (XNU, FreeBSD); compiled for macOS and FreeBSD in
//! CI, nothing here can run them.

use procsig::raw;

use crate::support::*;

const USR1: libc::c_int = libc::SIGUSR1;

fn raise(sig: libc::c_int) {
    unsafe { raw::kill(raw::getpid(), sig) }.unwrap();
}

/// A new kqueue with an `EVFILT_SIGNAL` filter on `sig`.
fn watching(sig: libc::c_int) -> libc::c_int {
    let kq = unsafe { raw::kqueue() }.unwrap();
    let mut change: libc::kevent = unsafe { std::mem::zeroed() };
    change.ident = sig as libc::uintptr_t;
    change.filter = libc::EVFILT_SIGNAL;
    change.flags = libc::EV_ADD | libc::EV_CLEAR;
    unsafe { raw::kevent(kq, &[change], &mut [], None) }.unwrap();
    kq
}

/// Events ready now (a zero timeout).
fn ready(kq: libc::c_int) -> i32 {
    let zero = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    let mut out: [libc::kevent; 4] = unsafe { std::mem::zeroed() };
    unsafe { raw::kevent(kq, &[], &mut out, Some(&zero)) }.unwrap()
}

/// Blocked USR1 sent after the filter is registered → the filter fires,
/// and USR1 is still pending (the filter does not consume it); `sigwait`
/// then takes it.
pub fn fires_for_a_blocked_signal_and_leaves_it_pending() {
    block(&[USR1]);
    let kq = watching(USR1);
    assert_eq!(ready(kq), 0);
    raise(USR1);
    assert_eq!(ready(kq), 1, "the filter fired");
    assert!(is_member(&pending(), USR1), "still pending");
    assert_eq!(unsafe { raw::sigwait(&sigset(&[USR1])) }, Ok(USR1));
    assert_eq!(ready(kq), 0, "EV_CLEAR: reported once");
}

/// A signal pending *before* the filter was registered → the filter does
/// not fire: the wait must look at `sigpending` after registering.
pub fn misses_a_signal_pending_before_it() {
    block(&[USR1]);
    raise(USR1);
    let kq = watching(USR1);
    assert_eq!(ready(kq), 0, "not reported");
    assert!(is_member(&pending(), USR1));
}

/// A kqueue is not inherited by `fork`: the child's copy of the number is
/// not a kqueue.
pub fn not_inherited_by_fork() {
    let kq = watching(USR1);
    let child = spawn(move || {
        let zero = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        let r = unsafe { raw::kevent(kq, &[], &mut [], Some(&zero)) };
        i32::from(r != Err(procsig::Errno::EBADF))
    });
    reap_ok(child);
}

/// Registers `EVFILT_PROC` with `NOTE_EXIT` on `pid` in a new kqueue;
/// the kqueue, or the registration's error.
fn watching_exit(pid: libc::pid_t) -> Result<libc::c_int, procsig::Errno> {
    let kq = unsafe { raw::kqueue() }.unwrap();
    let mut change: libc::kevent = unsafe { std::mem::zeroed() };
    change.ident = pid as libc::uintptr_t;
    change.filter = libc::EVFILT_PROC;
    change.flags = libc::EV_ADD;
    change.fflags = libc::NOTE_EXIT;
    // No room for events: an error about the change is the call's error.
    match unsafe { raw::kevent(kq, &[change], &mut [], None) } {
        Ok(_) => Ok(kq),
        Err(e) => {
            unsafe { raw::close(kq) }.unwrap();
            Err(e)
        }
    }
}

/// The one event that comes within `limit` (the scenario's watchdog is
/// longer), or `None`.
fn next_event(kq: libc::c_int, limit: std::time::Duration) -> Option<libc::kevent> {
    let ts = timespec(limit);
    let mut out: [libc::kevent; 1] = unsafe { std::mem::zeroed() };
    loop {
        match unsafe { raw::kevent(kq, &[], &mut out, Some(&ts)) } {
            Ok(0) => return None,
            Ok(_) => return Some(out[0]),
            Err(procsig::Errno::EINTR) => continue,
            Err(e) => panic!("kevent: {e:?}"),
        }
    }
}

/// A child that blocks in `read` until the parent closes `w`, then exits 7.
fn child_until_closed() -> (libc::pid_t, libc::c_int) {
    let (r, w) = pipe();
    let child = spawn(move || {
        close(w);
        let mut byte = 0u8;
        let _ = unsafe { libc::read(r, (&mut byte as *mut u8).cast(), 1) };
        7
    });
    close(r);
    (child, w)
}

/// A running child's exit fires `NOTE_EXIT` (with `EV_EOF`), with
/// `SIGCHLD` blocked nowhere and at its default disposition: the filter
/// needs no signal. The child is still ours to reap afterwards.
pub fn proc_exit_fires_without_sigchld() {
    let (child, w) = child_until_closed();
    let kq = watching_exit(child).expect("a running child can be watched");
    assert_eq!(ready(kq), 0, "nothing before it exits");
    close(w);
    let event = next_event(kq, std::time::Duration::from_secs(10)).expect("NOTE_EXIT came");
    assert_eq!(event.filter, libc::EVFILT_PROC);
    // Copied out: `kevent` is packed on some targets, and `assert_eq!`
    // takes references.
    let ident = event.ident;
    assert_eq!(ident, child as libc::uintptr_t);
    assert_ne!(event.fflags & libc::NOTE_EXIT, 0, "NOTE_EXIT");
    assert_ne!(event.flags & libc::EV_EOF, 0, "EV_EOF");
    assert!(
        !is_member(&mask(), libc::SIGCHLD),
        "SIGCHLD was not blocked"
    );
    let status = reap(child);
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 7);
    assert_eq!(ready(kq), 0, "EV_ONESHOT: reported once");
}

/// A zombie: macOS refuses the filter with `ESRCH` (its `proc_find` skips
/// exiting and zombie processes); FreeBSD accepts it and reports
/// `NOTE_EXIT` at once (`pfind_any` finds zombies, and an exiting process
/// is reported at registration). Either way a wait that registers first
/// and looks with `waitpid(WNOHANG)` after never sleeps on a dead child.
pub fn proc_filter_on_a_zombie() {
    let (child, w) = child_until_closed();
    close(w);
    await_state(child, libc::WEXITED);
    let watched = watching_exit(child);
    if cfg!(target_vendor = "apple") {
        assert_eq!(watched, Err(procsig::Errno::ESRCH), "macOS: ESRCH");
    } else {
        let kq = watched.expect("FreeBSD accepts a zombie");
        let event = next_event(kq, std::time::Duration::ZERO).expect("reported at once");
        assert_ne!(event.fflags & libc::NOTE_EXIT, 0, "NOTE_EXIT");
    }
    let status = reap(child);
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 7);
}

/// A reaped child's pid (not taken again in the moment since) → `ESRCH`
/// on both.
pub fn proc_filter_on_a_reaped_pid() {
    let (child, w) = child_until_closed();
    close(w);
    reap(child);
    assert_eq!(watching_exit(child), Err(procsig::Errno::ESRCH));
}

/// Two changes in one call with no room for events: the kernel stops at
/// the first it refuses (`ESRCH` for a reaped pid) and returns that error,
/// and the change after it is never applied. Why the wait registers one
/// pid per call. (Reporting each change as an event with `EV_RECEIPT`
/// would avoid it, but an older XNU writes 0 over a receipt's error.)
pub fn proc_batch_stops_at_the_first_refused() {
    let (live, w) = child_until_closed();
    let (gone, w2) = child_until_closed();
    close(w2);
    reap(gone);
    let kq = unsafe { raw::kqueue() }.unwrap();
    let mut changes: [libc::kevent; 2] = unsafe { std::mem::zeroed() };
    for (change, pid) in changes.iter_mut().zip([gone, live]) {
        change.ident = pid as libc::uintptr_t;
        change.filter = libc::EVFILT_PROC;
        change.flags = libc::EV_ADD;
        change.fflags = libc::NOTE_EXIT;
    }
    let r = unsafe { raw::kevent(kq, &changes, &mut [], None) };
    assert_eq!(r, Err(procsig::Errno::ESRCH), "the reaped pid's error");
    close(w);
    await_state(live, libc::WEXITED);
    assert_eq!(ready(kq), 0, "the live child was never watched");
    reap(live);
}

/// A read or write filter on descriptor `fd` (no `udata`) with `flags`,
/// alone in its call; the call's result.
fn fd_change(
    kq: libc::c_int,
    fd: libc::c_int,
    filter: i16,
    flags: u16,
) -> Result<(), procsig::Errno> {
    let mut change: libc::kevent = unsafe { std::mem::zeroed() };
    change.ident = fd as libc::uintptr_t;
    change.filter = filter;
    change.flags = flags;
    unsafe { raw::kevent(kq, &[change], &mut [], None) }.map(|_| ())
}

/// What the event wait's `watch` and `unwatch` stand on
/// (`src/safe/events/kqueue.rs`): `EV_ENABLE` of a filter that does not
/// exist fails with `ENOENT` and of one that does changes nothing;
/// `EV_DELETE` of a missing one is `ENOENT`; a closed descriptor is
/// `EBADF`; closing a descriptor drops its filters.
pub fn descriptor_filters_enable_delete_close() {
    let kq = unsafe { raw::kqueue() }.unwrap();
    let (r, w) = pipe();
    let ro = libc::EVFILT_READ;
    assert_eq!(
        fd_change(kq, r, ro, libc::EV_ENABLE),
        Err(procsig::Errno::ENOENT)
    );
    assert_eq!(fd_change(kq, r, ro, libc::EV_ADD), Ok(()));
    assert_eq!(fd_change(kq, r, ro, libc::EV_ENABLE), Ok(()));
    assert_eq!(ready(kq), 0, "enabling changed nothing: no data yet");
    assert_eq!(
        fd_change(kq, r, libc::EVFILT_WRITE, libc::EV_DELETE),
        Err(procsig::Errno::ENOENT)
    );
    assert_eq!(fd_change(kq, r, ro, libc::EV_DELETE), Ok(()));
    assert_eq!(
        fd_change(kq, r, ro, libc::EV_DELETE),
        Err(procsig::Errno::ENOENT)
    );
    // Closing drops the filter: the number, opened again, has none.
    assert_eq!(fd_change(kq, r, ro, libc::EV_ADD), Ok(()));
    close(r);
    assert_eq!(
        fd_change(kq, r, ro, libc::EV_ENABLE),
        Err(procsig::Errno::EBADF)
    );
    let (r2, w2) = pipe();
    if r2 == r {
        assert_eq!(
            fd_change(kq, r2, ro, libc::EV_ENABLE),
            Err(procsig::Errno::ENOENT)
        );
    }
    close(r2);
    close(w2);
    close(w);
    close(kq);
}

/// A read filter stays level-triggered (no `EV_CLEAR`): reported again by
/// every `kevent` while data is there, and each report goes to the back
/// of the queue, so two ready descriptors take turns with one event per
/// call (the event wait reports one per wait and promises no starvation).
pub fn level_triggered_filters_take_turns() {
    let kq = unsafe { raw::kqueue() }.unwrap();
    let (r1, w1) = pipe();
    let (r2, w2) = pipe();
    assert_eq!(fd_change(kq, r1, libc::EVFILT_READ, libc::EV_ADD), Ok(()));
    assert_eq!(fd_change(kq, r2, libc::EVFILT_READ, libc::EV_ADD), Ok(()));
    write_all(w1, b"x");
    write_all(w2, b"y");
    let zero = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    let mut seen = Vec::new();
    for _ in 0..4 {
        let mut one: [libc::kevent; 1] = unsafe { std::mem::zeroed() };
        assert_eq!(
            unsafe { raw::kevent(kq, &[], &mut one, Some(&zero)) },
            Ok(1)
        );
        seen.push(one[0].ident as libc::c_int);
    }
    assert!(seen.contains(&r1) && seen.contains(&r2), "{seen:?}");
    assert_ne!(seen[0], seen[1], "the first reported went to the back");
    for fd in [r1, w1, r2, w2, kq] {
        close(fd);
    }
}

/// A regular file's read filter is ready only while the offset is before
/// the end: at the end it is never ready, so a wait for more input there
/// would sleep forever (why the event wait refuses regular files with
/// `EPERM`, as epoll does).
pub fn regular_file_at_its_end_is_not_ready() {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("kqueue-regular-file");
    std::fs::write(&path, b"ab").unwrap();
    let file = std::fs::File::open(&path).unwrap();
    let fd = std::os::unix::io::AsRawFd::as_raw_fd(&file);
    let kq = unsafe { raw::kqueue() }.unwrap();
    assert_eq!(fd_change(kq, fd, libc::EVFILT_READ, libc::EV_ADD), Ok(()));
    assert_eq!(ready(kq), 1, "two bytes to read");
    assert_eq!(read_exact(fd, 2), b"ab");
    assert_eq!(ready(kq), 0, "at the end: not ready");
    close(kq);
    drop(file);
    std::fs::remove_file(&path).unwrap();
}

/// Issue 21, finding 1. A process-directed signal that every thread blocks
/// is pending where `sigpending` shows it: on XNU only on the main thread
/// (`get_signalthread` finds no thread that does not block it, so
/// `get_signalact` picks the task's first thread, and `sigpending` reads
/// the caller's `uu_siglist` only); on FreeBSD on every thread
/// (`sigpending` is the process's queue and the thread's). Why procsig's
/// macOS signal waits refuse to run off the main thread.
pub fn process_signal_seen_by_sigpending_where() {
    block(&[USR1]);
    let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();
    let worker = std::thread::spawn(move || {
        go_rx.recv().unwrap();
        is_member(&pending(), USR1)
    });
    raise(USR1);
    go_tx.send(()).unwrap();
    let worker_sees = worker.join().unwrap();
    assert!(is_member(&pending(), USR1), "the main thread sees it");
    if cfg!(target_vendor = "apple") {
        assert!(!worker_sees, "XNU: not on the worker's list");
    } else {
        assert!(worker_sees, "FreeBSD: the process's queue");
    }
    assert_eq!(unsafe { raw::sigwait(&sigset(&[USR1])) }, Ok(USR1));
}

/// Issue 21, finding 3. A thread-directed signal (`pthread_kill`; macOS's
/// `raise` too) is pending for the thread, but XNU fires no
/// `EVFILT_SIGNAL` filter for it (`psignal_internal` posts the knote only
/// without `PSIG_THREAD`); FreeBSD's `tdsendsignal` fires it for every
/// send. Why the macOS waits look at `sigpending` before each sleep and
/// sleep at most a second.
pub fn thread_directed_signal_and_the_filter() {
    block(&[USR1]);
    let kq = watching(USR1);
    assert_eq!(unsafe { libc::pthread_kill(libc::pthread_self(), USR1) }, 0);
    assert!(is_member(&pending(), USR1), "pending for this thread");
    if cfg!(target_vendor = "apple") {
        assert_eq!(ready(kq), 0, "XNU: no knote for a thread's signal");
    } else {
        assert_eq!(ready(kq), 1, "FreeBSD: the filter fired");
    }
    assert_eq!(unsafe { raw::sigwait(&sigset(&[USR1])) }, Ok(USR1));
}

/// Issue 21, finding 5 (FreeBSD). A child that is exiting (`P_WEXIT`) but
/// not yet a zombie, here for seconds (its exit's `close` lingers on a
/// full TCP connection): a filter attached to it fires at once
/// (`filt_procattach`), while `waitpid(WNOHANG)` still finds nothing. So
/// a wait that re-attached at once after such a report would spin; the
/// event wait backs off a millisecond instead.
#[cfg(target_os = "freebsd")]
pub fn proc_filter_on_an_exiting_child_fires_at_once() {
    let (listener, addr) = silent_listener();
    let child = spawn(move || {
        fill_and_linger(&addr, 5);
        0
    });
    await_exiting(child);
    let mut status = 0;
    assert_eq!(
        unsafe { libc::waitpid(child, &mut status, libc::WNOHANG) },
        0,
        "exiting, not yet a zombie"
    );
    let kq = watching_exit(child).expect("an exiting child can be watched");
    let event = next_event(kq, std::time::Duration::ZERO).expect("reported at once");
    assert_ne!(event.fflags & libc::NOTE_EXIT, 0, "NOTE_EXIT");
    let status = reap(child);
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0);
    close(listener);
}
