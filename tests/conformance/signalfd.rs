//! CONFORMANCE.md, "signalfd and the event wait (Linux)": the kernel facts
//! procsig's event wait stands on, through the raw wrappers.

use procsig::raw;

use crate::support::*;

const RECORD: usize = std::mem::size_of::<libc::signalfd_siginfo>();

/// A close-on-exec, non-blocking signalfd over `sigs`.
fn signalfd(sigs: &[libc::c_int]) -> libc::c_int {
    let set = sigset(sigs);
    let fd = unsafe { raw::signalfd(-1, &set, libc::SFD_CLOEXEC | libc::SFD_NONBLOCK) }
        .expect("signalfd");
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFD) };
    assert_ne!(flags & libc::FD_CLOEXEC, 0, "not close-on-exec");
    fd
}

/// Whether `fd` is readable at once.
fn readable(fd: libc::c_int) -> bool {
    let mut fds = [libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    }];
    unsafe { raw::poll(&mut fds, 0) }.unwrap() == 1 && fds[0].revents & libc::POLLIN != 0
}

/// One record's signal number, or `None` (EAGAIN: nothing pending).
fn read_one(fd: libc::c_int) -> Option<libc::c_int> {
    let mut info: libc::signalfd_siginfo = unsafe { std::mem::zeroed() };
    let bytes = unsafe {
        std::slice::from_raw_parts_mut((&mut info as *mut libc::signalfd_siginfo).cast(), RECORD)
    };
    match unsafe { raw::read(fd, bytes) } {
        Ok(n) => {
            assert_eq!(n, RECORD, "a signalfd reads whole records");
            Some(info.ssi_signo as libc::c_int)
        }
        Err(e) => {
            assert_eq!(e, procsig::Errno::EAGAIN);
            None
        }
    }
}

fn send(sig: libc::c_int) {
    assert_eq!(unsafe { libc::kill(libc::getpid(), sig) }, 0);
}

/// Blocked set → readable while one is pending; each read dequeues one.
pub fn readable_when_pending_and_read_dequeues() {
    block(&[libc::SIGUSR1, libc::SIGUSR2]);
    let fd = signalfd(&[libc::SIGUSR1, libc::SIGUSR2]);
    assert!(!readable(fd), "readable with nothing pending");
    send(libc::SIGUSR2);
    send(libc::SIGUSR1);
    assert!(readable(fd));
    // Lowest number first, like sigwaitinfo.
    assert_eq!(read_one(fd), Some(libc::SIGUSR1));
    assert!(
        !is_member(&pending(), libc::SIGUSR1),
        "read did not dequeue"
    );
    assert!(is_member(&pending(), libc::SIGUSR2));
    assert_eq!(read_one(fd), Some(libc::SIGUSR2));
    assert!(!readable(fd));
    assert_eq!(read_one(fd), None);
    close(fd);
}

/// Three SIGUSR1 before a read → one record; three SIGRTMIN → three.
pub fn standard_coalesce_realtime_queue() {
    let rt = libc::SIGRTMIN();
    block(&[libc::SIGUSR1, rt]);
    let fd = signalfd(&[libc::SIGUSR1, rt]);
    for _ in 0..3 {
        send(libc::SIGUSR1);
        send(rt);
    }
    let mut got = Vec::new();
    while let Some(sig) = read_one(fd) {
        got.push(sig);
    }
    assert_eq!(got, [libc::SIGUSR1, rt, rt, rt]);
    close(fd);
}

static HANDLED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
extern "C" fn count(_: libc::c_int) {
    HANDLED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
}

/// A signal of the set that is not blocked is delivered (its handler
/// runs) and never reaches the signalfd.
pub fn unblocked_signal_never_reaches_it() {
    set_disposition(
        libc::SIGUSR1,
        count as extern "C" fn(libc::c_int) as libc::sighandler_t,
    );
    let fd = signalfd(&[libc::SIGUSR1]);
    send(libc::SIGUSR1); // delivered before kill returns: it is unblocked
    assert_eq!(HANDLED.load(std::sync::atomic::Ordering::SeqCst), 1);
    assert!(!readable(fd));
    assert_eq!(read_one(fd), None);
    close(fd);
}

/// After fork the child's copy reads the child's own pending signals, not
/// the parent's.
pub fn after_fork_reads_the_childs_own() {
    block(&[libc::SIGUSR1, libc::SIGUSR2]);
    let fd = signalfd(&[libc::SIGUSR1, libc::SIGUSR2]);
    send(libc::SIGUSR1); // the parent's
    let child = spawn(move || {
        assert!(
            !readable(fd),
            "the parent's pending signal shows in the child"
        );
        send(libc::SIGUSR2);
        assert_eq!(read_one(fd), Some(libc::SIGUSR2));
        assert_eq!(read_one(fd), None);
        0
    });
    reap_ok(child);
    assert_eq!(read_one(fd), Some(libc::SIGUSR1));
    assert_eq!(read_one(fd), None, "the child's signal shows in the parent");
    close(fd);
}

/// A pidfd is readable when its process ends, not when it stops or
/// continues; `waitid(P_PIDFD, WSTOPPED | WNOHANG)` reports a stop once,
/// `WCONTINUED` a continue once.
pub fn pidfd_stop_continue_reported_once() {
    let (r, w) = pipe();
    let pid = spawn(move || {
        close(w);
        read_to_end(r);
        0
    });
    close(r);
    let fd = unsafe { raw::pidfd_open(pid, 0) }.unwrap();
    let pidfd_readable = || readable(fd);
    let report = |options: libc::c_int| -> Option<libc::c_int> {
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        unsafe {
            raw::waitid(
                libc::P_PIDFD,
                fd as libc::id_t,
                &mut info,
                options | libc::WNOHANG,
            )
        }
        .unwrap();
        (unsafe { info.si_pid() } != 0).then_some(info.si_code)
    };
    unsafe { libc::kill(pid, libc::SIGSTOP) };
    await_state(pid, libc::WSTOPPED);
    assert!(!pidfd_readable(), "readable while stopped");
    assert_eq!(report(libc::WSTOPPED), Some(libc::CLD_STOPPED));
    assert_eq!(report(libc::WSTOPPED), None, "a stop is reported once");
    unsafe { libc::kill(pid, libc::SIGCONT) };
    await_state(pid, libc::WCONTINUED);
    assert!(!pidfd_readable(), "readable once continued");
    assert_eq!(report(libc::WCONTINUED), Some(libc::CLD_CONTINUED));
    assert_eq!(
        report(libc::WCONTINUED),
        None,
        "a continue is reported once"
    );
    close(w);
    await_state(pid, libc::WEXITED);
    assert!(pidfd_readable(), "not readable once ended");
    assert_eq!(report(libc::WEXITED), Some(libc::CLD_EXITED));
    close(fd);
}
