//! The event wait, `Events`: every kind of event, from the main thread and
//! a worker, stops and continues, 1000 children, hostile launches, the
//! children it must leave alone, and its timeouts. What holds on every
//! target that has it (Linux's epoll, the kqueue of macOS and FreeBSD);
//! what is one backend's own is in `events_linux.rs` and
//! `events_kqueue.rs`.

use std::time::{Duration, Instant};

use procsig::{kill, Child, Errno, Event, Events, Interest, Pid, SigSet, Signal, WaitStatus};

use crate::fork_child;
use crate::support::*;

pub const LIMIT: Duration = Duration::from_secs(20);

/// The next event other than a `SIGCHLD` (which the guards here hold, for
/// handles without a pidfd, and which is reported too); panics at LIMIT.
pub fn next(events: &mut Events, children: &mut [Option<Child>]) -> Event {
    loop {
        match events.wait(children, Some(LIMIT)).unwrap() {
            Some(Event::Signal(info)) if info.signal == Signal::CHLD => continue,
            Some(event) => return event,
            None => panic!("no event within {LIMIT:?}"),
        }
    }
}

/// `info` says `sender` sent it, where the target can tell: Linux and
/// FreeBSD read the kernel's `siginfo_t`; macOS's `sigwait` gives the
/// number only, and then says so rather than inventing a sender.
pub fn assert_sent_by(info: procsig::SigInfo, sender: Pid) {
    if cfg!(any(procsig_linux, procsig_sigtimedwait)) {
        assert!(info.detailed, "{info:?}");
        assert_eq!(info.sender, Some(sender), "{info:?}");
    } else {
        assert!(!info.detailed, "{info:?}");
        assert_eq!((info.sender, info.value, info.code), (None, None, 0));
    }
}

/// A child that exits with `code` once `release`'s write end is closed
/// everywhere; returns it and the write end.
pub fn held(code: i32) -> (Child, libc::c_int) {
    let (r, w) = pipe();
    let child = fork_child(move || {
        close(w);
        read_to_end(r);
        code
    });
    close(r);
    (child, w)
}

/// A signal, a descriptor and a child, each reported as what it is.
fn every_kind() {
    let guard = SigSet::from([Signal::USR1, Signal::CHLD]).block().unwrap();
    let mut events = Events::new(Some(&guard)).unwrap();
    let (r, w) = pipe();
    events.watch(5, r, Interest::Readable).unwrap();
    let (child, release) = held(4);
    let mut children = [None, Some(child)];
    assert_eq!(events.wait(&mut children, Some(Duration::ZERO)), Ok(None));

    kill(Pid::this(), Signal::USR1).unwrap();
    match next(&mut events, &mut children) {
        Event::Signal(info) => {
            assert_eq!(info.signal, Signal::USR1);
            assert_sent_by(info, Pid::this());
        }
        other => panic!("expected SIGUSR1, got {other:?}"),
    }

    write_all(w, b"x");
    match next(&mut events, &mut children) {
        Event::Fd { key: 5, ready } => assert!(ready.readable && !ready.hangup),
        other => panic!("expected the pipe, got {other:?}"),
    }
    assert_eq!(read_exact(r, 1), b"x");

    close(release);
    let mut sigchlds_first = 0;
    let ended = loop {
        match events.wait(&mut children, Some(LIMIT)).unwrap() {
            Some(Event::Signal(info)) if info.signal == Signal::CHLD => sigchlds_first += 1,
            Some(event) => break event,
            None => panic!("no event within {LIMIT:?}"),
        }
    };
    assert_eq!(
        ended,
        Event::Child {
            key: 1,
            status: Ok(WaitStatus::Exited(4)),
            ended: true
        }
    );
    assert!(children[1].is_none(), "the ended child's slot is emptied");
    // Linux without pidfds learns of ends from SIGCHLD; a kqueue from the
    // child's EVFILT_PROC filter, so there, as with pidfds, the SIGCHLD
    // may come first.
    if pidfds_refused() && cfg!(procsig_linux) {
        // The SIGCHLD is how the wait learned of the end: the child it
        // led to comes first (promptly, not at the next recheck).
        assert_eq!(sigchlds_first, 0, "SIGCHLD reported before its child");
    }

    close(w);
    match next(&mut events, &mut children) {
        Event::Fd { key: 5, ready } => assert!(ready.hangup, "{ready:?}"),
        other => panic!("expected the hang-up, got {other:?}"),
    }
    events.unwatch(r).unwrap();
    close(r);
    // Nothing else: the SIGCHLD (if not yet read) is all that may be left.
    while let Some(event) = events.wait(&mut children, Some(Duration::ZERO)).unwrap() {
        assert!(
            matches!(event, Event::Signal(i) if i.signal == Signal::CHLD),
            "{event:?}"
        );
    }
}

pub fn every_kind_on_the_main_thread() {
    every_kind();
}

/// The same from a worker thread; the main thread blocks the signals
/// first (a process-directed signal must be blocked in every thread).
pub fn every_kind_on_a_worker_thread() {
    block(&[libc::SIGUSR1, libc::SIGCHLD]);
    std::thread::spawn(every_kind).join().unwrap();
}

/// With stops asked for: a stop, a continue and the end, each once.
pub fn stops_and_continues() {
    let guard = SigSet::from(Signal::CHLD).block().unwrap();
    let mut events = Events::with_stops(&guard).unwrap();
    let (r, w) = pipe();
    let child = fork_child(move || {
        close(w);
        kill(Pid::this(), Signal::STOP).unwrap();
        read_to_end(r);
        0
    });
    close(r);
    let mut children = [Some(child)];
    let changed = |status, ended| Event::Child {
        key: 0,
        status: Ok(status),
        ended,
    };
    assert_eq!(
        next(&mut events, &mut children),
        changed(WaitStatus::Stopped(Signal::STOP), false)
    );
    children[0].as_ref().unwrap().signal(Signal::CONT).unwrap();
    assert_eq!(
        next(&mut events, &mut children),
        changed(WaitStatus::Continued, false)
    );
    close(w);
    assert_eq!(
        next(&mut events, &mut children),
        changed(WaitStatus::Exited(0), true)
    );
}

/// Refused where stops cannot be learned, and (without pidfds) where an
/// end cannot be.
pub fn refuses_what_cannot_work() {
    let usr1 = SigSet::from(Signal::USR1).block().unwrap();
    assert_eq!(Events::with_stops(&usr1).err(), Some(Errno::EINVAL));
    let chld = SigSet::from(Signal::CHLD).block().unwrap();
    unsafe {
        let mut act: libc::sigaction = std::mem::zeroed();
        act.sa_flags = libc::SA_NOCLDSTOP;
        assert_eq!(
            libc::sigaction(libc::SIGCHLD, &act, std::ptr::null_mut()),
            0
        );
    }
    assert_eq!(Events::with_stops(&chld).err(), Some(Errno::EINVAL));
    set_disposition(libc::SIGCHLD, libc::SIG_DFL);
    assert!(Events::with_stops(&chld).is_ok());

    let (child, release) = held(0);
    let mut events = Events::new(Some(&usr1)).unwrap();
    let mut children = [Some(child)];
    let got = events.wait(&mut children, Some(Duration::ZERO));
    if pidfds_refused() && cfg!(procsig_linux) {
        // Its end could only come through a SIGCHLD the guard lacks (a
        // kqueue has the child's EVFILT_PROC filter).
        assert_eq!(got, Err(Errno::EINVAL));
    } else {
        assert_eq!(got, Ok(None));
    }
    close(release);
    // A handle that reaped its child itself, left in its slot: reported as
    // gone (ECHILD), needing no SIGCHLD.
    let child = children[0].as_mut().unwrap();
    assert_eq!(child.wait_stopped(), Ok(WaitStatus::Exited(0)));
    assert_eq!(
        events.wait(&mut children, Some(Duration::ZERO)),
        Ok(Some(Event::Child {
            key: 0,
            status: Err(Errno::ECHILD),
            ended: true
        }))
    );
    assert!(children[0].is_none());
}

/// 1000 children registered at once, released together: each reported
/// once, by its key, with its own status.
pub fn a_thousand_children() {
    const N: usize = 1000;
    raise_descriptor_limit(N + 100);
    let guard = SigSet::from(Signal::CHLD).block().unwrap();
    let (r, w) = pipe();
    let mut children: Vec<Option<Child>> = (0..N)
        .map(|i| {
            Some(fork_child(move || {
                close(w);
                read_to_end(r);
                (i % 256) as i32
            }))
        })
        .collect();
    close(r);
    let mut events = Events::new(Some(&guard)).unwrap();
    assert_eq!(events.wait(&mut children, Some(Duration::ZERO)), Ok(None));
    close(w);
    let mut seen = vec![false; N];
    for _ in 0..N {
        match next(&mut events, &mut children) {
            Event::Child {
                key,
                status,
                ended: true,
            } => {
                assert!(!seen[key], "child {key} reported twice");
                seen[key] = true;
                assert_eq!(status, Ok(WaitStatus::Exited((key % 256) as i32)));
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(children.iter().all(Option::is_none));
}

fn raise_descriptor_limit(want: usize) {
    unsafe {
        let mut lim: libc::rlimit = std::mem::zeroed();
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim), 0);
        if (lim.rlim_cur as usize) < want {
            lim.rlim_cur = lim.rlim_max.min(want as libc::rlim_t);
            libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
        }
    }
}

/// Launched with SIGCHLD ignored: stops are refused (no SIGCHLD will
/// come), and a child's lost status is reported as `ECHILD`, never a hang.
pub fn hostile_sigchld_ignored() {
    set_disposition(libc::SIGCHLD, libc::SIG_IGN);
    let guard = SigSet::from(Signal::CHLD).block().unwrap();
    assert_eq!(Events::with_stops(&guard).err(), Some(Errno::ECHILD));
    let mut events = Events::new(Some(&guard)).unwrap();
    let (child, release) = held(0);
    let mut children = [Some(child)];
    close(release);
    let started = Instant::now();
    assert_eq!(
        next(&mut events, &mut children),
        Event::Child {
            key: 0,
            status: Err(Errno::ECHILD),
            ended: true
        }
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

/// Launched with every signal blocked and some already pending: the wait
/// reports the pending ones first, and children still work.
pub fn hostile_everything_blocked_and_pending() {
    block(
        &(1..=31)
            .filter(|&s| s != libc::SIGKILL && s != libc::SIGSTOP)
            .collect::<Vec<_>>(),
    );
    unsafe {
        libc::kill(libc::getpid(), libc::SIGTERM);
        libc::kill(libc::getpid(), libc::SIGUSR2);
    }
    let guard = SigSet::from([Signal::TERM, Signal::USR2, Signal::CHLD])
        .block()
        .unwrap();
    let mut events = Events::new(Some(&guard)).unwrap();
    let mut children: [Option<Child>; 0] = [];
    let mut got = Vec::new();
    for _ in 0..2 {
        match next(&mut events, &mut children) {
            Event::Signal(info) => got.push(info.signal),
            other => panic!("{other:?}"),
        }
    }
    got.sort();
    // In number order, which is the target's (SIGUSR2 is 12 on Linux, 31
    // on the BSDs and macOS).
    let mut want = [Signal::USR2, Signal::TERM];
    want.sort();
    assert_eq!(got, want);
    let (child, release) = held(9);
    let mut children = [Some(child)];
    close(release);
    assert_eq!(
        next(&mut events, &mut children),
        Event::Child {
            key: 0,
            status: Ok(WaitStatus::Exited(9)),
            ended: true
        }
    );
    // Still blocked: the guard's drop leaves what the launcher blocked.
    drop(events);
    drop(guard);
    assert!(is_member(&mask(), libc::SIGTERM));
}

/// A child of other code (`std::process::Command`) is never reaped: it
/// stays waitable after the wait reported ours.
pub fn leaves_other_childrens_statuses() {
    let guard = SigSet::from(Signal::CHLD).block().unwrap();
    let mut events = Events::new(Some(&guard)).unwrap();
    let mut theirs = std::process::Command::new("true").spawn().unwrap();
    // Ended (not reaped) before ours is released.
    await_state(theirs.id() as libc::pid_t, libc::WEXITED);
    let (child, release) = held(1);
    let mut children = [Some(child)];
    close(release);
    assert_eq!(
        next(&mut events, &mut children),
        Event::Child {
            key: 0,
            status: Ok(WaitStatus::Exited(1)),
            ended: true
        }
    );
    while events
        .wait(&mut children, Some(Duration::ZERO))
        .unwrap()
        .is_some()
    {}
    assert!(theirs.wait().unwrap().success(), "their child was reaped");
}

/// A zero timeout looks once; a short one sleeps it out; none waits until
/// something comes.
pub fn timeouts() {
    let guard = SigSet::from([Signal::USR1, Signal::CHLD]).block().unwrap();
    let mut events = Events::new(Some(&guard)).unwrap();
    let (child, release) = held(0);
    let mut children = [Some(child)];
    let started = Instant::now();
    assert_eq!(events.wait(&mut children, Some(Duration::ZERO)), Ok(None));
    assert!(started.elapsed() < Duration::from_millis(500));
    let started = Instant::now();
    assert_eq!(
        events.wait(&mut children, Some(Duration::from_millis(50))),
        Ok(None)
    );
    assert!(started.elapsed() >= Duration::from_millis(50));
    let parent = Pid::this();
    let sender = fork_child(move || {
        kill(parent, Signal::USR1).unwrap();
        0
    });
    let got = loop {
        match events.wait(&mut children, None).unwrap() {
            Some(Event::Signal(info)) if info.signal == Signal::CHLD => continue,
            got => break got,
        }
    };
    assert!(matches!(got, Some(Event::Signal(info)) if info.signal == Signal::USR1));
    sender.wait().unwrap();
    close(release);
    let ended = next(&mut events, &mut children);
    assert!(
        matches!(ended, Event::Child { ended: true, .. }),
        "{ended:?}"
    );
}

/// Writable interest, and a descriptor of the caller's that stays ready
/// does not starve the others (one report per wait, in turn).
pub fn descriptors_take_turns() {
    let mut events = Events::new(None).unwrap();
    let (r1, w1) = pipe();
    let (r2, w2) = pipe();
    events.watch(1, r1, Interest::Readable).unwrap();
    events.watch(2, r2, Interest::Readable).unwrap();
    events.watch(3, w2, Interest::Writable).unwrap();
    assert_eq!(events.watch(1, r1, Interest::Both), Err(Errno::EEXIST));
    write_all(w1, b"x");
    write_all(w2, b"y");
    let mut keys = std::collections::BTreeSet::new();
    for _ in 0..6 {
        match events.wait(&mut [], Some(LIMIT)).unwrap() {
            Some(Event::Fd { key, ready }) => {
                assert!(if key == 3 {
                    ready.writable
                } else {
                    ready.readable
                });
                keys.insert(key);
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        keys.into_iter().collect::<Vec<_>>(),
        [1, 2, 3],
        "one starved"
    );
}

/// How long the scenarios below give a wait that must report something:
/// short, so that a fix undone fails in seconds rather than at the
/// watchdog.
pub const SHORT: Duration = Duration::from_secs(5);

/// The next event within `within` other than a `SIGCHLD`; `None` at the
/// timeout.
pub fn next_within(
    events: &mut Events,
    children: &mut [Option<Child>],
    within: Duration,
) -> Option<Event> {
    let deadline = Instant::now() + within;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match events.wait(children, Some(left)).unwrap() {
            Some(Event::Signal(info)) if info.signal == Signal::CHLD => continue,
            other => return other,
        }
    }
}

/// A forked copy of a wait, used by the child that inherited it (the
/// review's t1): refused with `ECHILD`, and the parent's wait still
/// reports its child's end (with pidfds the copy shares the parent's
/// epoll instance, and its wait used to take the one-shot report).
pub fn forked_copy_is_refused() {
    let guard = SigSet::from(Signal::CHLD).block().unwrap();
    let mut events = Events::new(Some(&guard)).unwrap();
    let (r, w) = pipe();
    events.watch(3, r, Interest::Readable).unwrap();
    let (child, release) = held(7);
    let pid = child.pid().as_raw();
    let mut children = [Some(child)];
    assert_eq!(events.wait(&mut children, Some(Duration::ZERO)), Ok(None));
    close(release);
    // Ended, not reaped: its pidfd is readable before the copy waits.
    await_state(pid, libc::WEXITED);
    let copy = fork_child(|| {
        let waited = events.wait(&mut children, Some(SHORT));
        let unwatched = events.unwatch(r);
        let watched = events.watch(4, w, Interest::Writable);
        let refused = Err(Errno::ECHILD);
        if waited == Err(Errno::ECHILD) && unwatched == refused && watched == refused {
            0
        } else {
            eprintln!("the copy got {waited:?}, {unwatched:?}, {watched:?}");
            1
        }
    });
    let copy = copy.wait();
    assert_eq!(
        next_within(&mut events, &mut children, SHORT),
        Some(Event::Child {
            key: 0,
            status: Ok(WaitStatus::Exited(7)),
            ended: true
        }),
        "the parent's wait lost its child's end"
    );
    assert_eq!(copy, Ok(WaitStatus::Exited(0)), "the copy was not refused");
    // The parent's watch is still there (the copy's unwatch was refused).
    assert_eq!(events.unwatch(r), Ok(()));
    close(r);
    close(w);
}

/// Two stop-watching waits in two threads, `SIGCHLD` blocked in every
/// thread (the review's t3): the other thread's wait takes the `SIGCHLD`
/// of this thread's child's stop; the stop is still reported here, late
/// (within the once-a-second look) but not lost.
pub fn two_sigchld_readers_make_stops_late_not_lost() {
    block(&[libc::SIGCHLD]);
    let (took_tx, took_rx) = std::sync::mpsc::channel();
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    let other = std::thread::spawn(move || {
        let guard = SigSet::from(Signal::CHLD).block().unwrap();
        let mut events = Events::with_stops(&guard).unwrap();
        let got = events.wait(&mut [], Some(LIMIT)).unwrap();
        took_tx.send(got).unwrap();
        // Keeps reading SIGCHLD until the scenario is over.
        while done_rx.try_recv().is_err() {
            events
                .wait(&mut [], Some(Duration::from_millis(100)))
                .unwrap();
        }
    });
    let guard = SigSet::from(Signal::CHLD).block().unwrap();
    let mut events = Events::with_stops(&guard).unwrap();
    let (go_r, go_w) = pipe();
    let (r, w) = pipe();
    let child = fork_child(move || {
        close(go_w);
        close(w);
        read_exact(go_r, 1);
        kill(Pid::this(), Signal::STOP).unwrap();
        read_to_end(r);
        0
    });
    close(go_r);
    close(r);
    let mut children = [Some(child)];
    // Registered and looked at while it runs: nothing yet.
    assert_eq!(events.wait(&mut children, Some(Duration::ZERO)), Ok(None));
    write_all(go_w, b"x");
    let took = took_rx.recv().unwrap();
    assert!(
        matches!(took, Some(Event::Signal(info)) if info.signal == Signal::CHLD),
        "{took:?}"
    );
    let started = Instant::now();
    assert_eq!(
        next_within(&mut events, &mut children, SHORT),
        Some(Event::Child {
            key: 0,
            status: Ok(WaitStatus::Stopped(Signal::STOP)),
            ended: false
        }),
        "the stop was lost"
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    let child = children[0].as_ref().unwrap();
    child.signal(Signal::KILL).unwrap();
    close(go_w);
    close(w);
    while children[0].is_some() {
        assert!(next_within(&mut events, &mut children, SHORT).is_some());
    }
    done_tx.send(()).unwrap();
    other.join().unwrap();
}

/// `SIGCHLD`'s action changed after `with_stops` succeeded (the review's
/// t5): ignored → `ECHILD`, `SA_NOCLDSTOP` → `EINVAL`, at the next wait
/// and during one (within the once-a-second look); restored, the wait
/// works again.
pub fn sigchld_action_changed_after_with_stops() {
    let nocldstop = || unsafe {
        let mut act: libc::sigaction = std::mem::zeroed();
        act.sa_flags = libc::SA_NOCLDSTOP;
        assert_eq!(
            libc::sigaction(libc::SIGCHLD, &act, std::ptr::null_mut()),
            0
        );
    };
    block(&[libc::SIGCHLD]);
    let guard = SigSet::from(Signal::CHLD).block().unwrap();
    let mut events = Events::with_stops(&guard).unwrap();
    let (r, w) = pipe();
    let child = fork_child(move || {
        close(w);
        read_to_end(r);
        0
    });
    close(r);
    let mut children = [Some(child)];
    assert_eq!(events.wait(&mut children, Some(Duration::ZERO)), Ok(None));

    // Between waits.
    nocldstop();
    assert_eq!(
        events.wait(&mut children, Some(Duration::ZERO)),
        Err(Errno::EINVAL)
    );
    set_disposition(libc::SIGCHLD, libc::SIG_IGN);
    assert_eq!(
        events.wait(&mut children, Some(Duration::ZERO)),
        Err(Errno::ECHILD)
    );
    set_disposition(libc::SIGCHLD, libc::SIG_DFL);
    assert_eq!(events.wait(&mut children, Some(Duration::ZERO)), Ok(None));

    // During a wait: another thread changes it while this one sleeps
    // (Linux: the test finds the sleep through /proc).
    #[cfg(procsig_linux)]
    crate::events_linux::sigchld_action_changed_during_a_wait(&mut events, &mut children);
    children[0].as_ref().unwrap().signal(Signal::KILL).unwrap();
    while children[0].is_some() {
        assert!(next_within(&mut events, &mut children, SHORT).is_some());
    }
    close(w);
}

/// A child that ended (a zombie, not reaped) before any wait saw it: the
/// first wait reports it, even with a zero timeout (Linux: its pidfd is
/// readable; kqueue: the filter attached to a zombie fires at once or is
/// refused, and the first look through the handle finds the end).
pub fn child_ended_before_the_first_wait() {
    let guard = SigSet::from(Signal::CHLD).block().unwrap();
    let mut events = Events::new(Some(&guard)).unwrap();
    let child = fork_child(|| 5);
    await_state(child.pid().as_raw(), libc::WEXITED);
    let mut children = [None, None, Some(child)];
    let first = loop {
        match events.wait(&mut children, Some(Duration::ZERO)).unwrap() {
            Some(Event::Signal(info)) if info.signal == Signal::CHLD => continue,
            other => break other,
        }
    };
    assert_eq!(
        first,
        Some(Event::Child {
            key: 2,
            status: Ok(WaitStatus::Exited(5)),
            ended: true
        })
    );
    assert!(children.iter().all(Option::is_none));
}

/// Two sends of a blocked standard signal before a wait coalesce: one
/// event, and the next wait finds nothing (a kqueue's filter counted two
/// sends; the second report, if any, finds nothing pending).
pub fn coalesced_sends_are_one_event() {
    let guard = SigSet::from(Signal::USR2).block().unwrap();
    let mut events = Events::new(Some(&guard)).unwrap();
    kill(Pid::this(), Signal::USR2).unwrap();
    kill(Pid::this(), Signal::USR2).unwrap();
    match events.wait(&mut [], Some(LIMIT)).unwrap() {
        Some(Event::Signal(info)) => assert_eq!(info.signal, Signal::USR2),
        other => panic!("{other:?}"),
    }
    assert!(!is_member(&pending(), libc::SIGUSR2), "still pending");
    assert_eq!(events.wait(&mut [], Some(Duration::ZERO)), Ok(None));
    // A send after the wait was made is reported too (the filter's own).
    kill(Pid::this(), Signal::USR2).unwrap();
    assert!(matches!(
        events.wait(&mut [], Some(LIMIT)),
        Ok(Some(Event::Signal(info))) if info.signal == Signal::USR2
    ));
}

/// A pipe's write end whose readers are all gone is reported with
/// `error` (Linux: `EPOLLERR`; kqueue: `EV_EOF` on the write filter).
pub fn write_end_without_readers_is_an_error() {
    let mut events = Events::new(None).unwrap();
    let (r, w) = pipe();
    events.watch(1, w, Interest::Writable).unwrap();
    match events.wait(&mut [], Some(LIMIT)).unwrap() {
        Some(Event::Fd { key: 1, ready }) => assert!(ready.writable && !ready.error, "{ready:?}"),
        other => panic!("{other:?}"),
    }
    close(r);
    match events.wait(&mut [], Some(LIMIT)).unwrap() {
        Some(Event::Fd { key: 1, ready }) => assert!(ready.error, "{ready:?}"),
        other => panic!("{other:?}"),
    }
    events.unwatch(w).unwrap();
    close(w);
}

/// A regular file is refused (`EPERM`: always ready): epoll refuses it,
/// and the kqueue backend too (a kqueue would report it only while its
/// offset is before the end).
pub fn regular_file_is_refused() {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("events-regular-file");
    std::fs::write(&path, b"abc").unwrap();
    let file = std::fs::File::open(&path).unwrap();
    let fd = std::os::unix::io::AsRawFd::as_raw_fd(&file);
    let mut events = Events::new(None).unwrap();
    assert_eq!(events.watch(4, fd, Interest::Readable), Err(Errno::EPERM));
    let dir = std::fs::File::open(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let dir_fd = std::os::unix::io::AsRawFd::as_raw_fd(&dir);
    assert_eq!(
        events.watch(5, dir_fd, Interest::Readable),
        Err(Errno::EPERM)
    );
    // Nothing was left watched (the file, readable, would be reported).
    assert_eq!(events.wait(&mut [], Some(Duration::ZERO)), Ok(None));
    drop(file);
    std::fs::remove_file(&path).unwrap();
}
