//! `procsig::ordered::run`'s protocol by hand against `libc`, with the same
//! guarantees, for the run the fixture makes (no time limit): the size
//! baseline for run_procsig.rs, which prints the same.
//!
//! What it gives, as the runner does (see `procsig::ordered`):
//! - Turns: each job says "done" with a record of its index in one shared
//!   pipe (atomic: at most `PIPE_BUF` bytes), then waits for its turn in a
//!   blocking `read` of a turn pipe of its own, which only the parent
//!   writes (the parent keeps its read end too, so the grant never raises
//!   `SIGPIPE`). No signal releases a job; Ctrl-Z and `fg` only pause it.
//! - Pidfds: each job's end is seen on its pidfd (opened after the fork and
//!   proven to name our unreaped child with `waitid(WNOWAIT)`), and it is
//!   reaped and killed through it: never a process that reused its pid.
//!   Without pidfds (a kernel before 5.4; probed at start with a pidfd of
//!   our own, which `waitid` must call no child), each job gets a pipe of
//!   its own for "done" and, at its end of file, its end, and is reached
//!   by pid, only after checking the kernel is not reaping children.
//! - Descriptors: every one is close-on-exec and above 2 (moved up when
//!   standard descriptors were closed at start); a job is forked only with
//!   every descriptor it needs (its pidfd's held free until the fork), and
//!   with none free, fewer jobs run at a time.
//! - Parent death: each job has `PR_SET_PDEATHSIG` = `SIGKILL` (and
//!   checks its parent did not die before asking); one waiting for its
//!   turn sees end of file when the parent is gone and exits with 1.
//! - Reaping: every job is reaped, in order; on any failure every live job
//!   is killed and reaped and every descriptor closed before returning.
#![no_std]
#![no_main]

mod common;
mod libc_child;

use libc_child::say;

use core::ffi::{c_char, c_int};

/// At most this many jobs alive at once, as in run_procsig.rs.
const SLOTS: usize = 64;
/// A job index as the shared pipe carries it.
const RECORD: usize = core::mem::size_of::<usize>();

#[derive(Clone, Copy, PartialEq)]
enum State {
    Free,
    Working,
    Done,
    Released,
    Ended,
}

/// One live job, in the parent.
#[derive(Clone, Copy)]
struct Job {
    pid: libc::pid_t,
    /// Its pidfd, or -1 (then `own` is the read end of its own pipe).
    pidfd: c_int,
    own: c_int,
    /// The parent's ends of its turn pipe, until the turn is granted.
    turn: [c_int; 2],
    index: usize,
    state: State,
    /// Ended with status 0.
    ok: bool,
}

const FREE: Job = Job {
    pid: 0,
    pidfd: -1,
    own: -1,
    turn: [-1; 2],
    index: 0,
    state: State::Free,
    ok: false,
};

#[no_mangle]
pub extern "C" fn main(argc: c_int, argv: *const *const c_char) -> c_int {
    let Some((k, work_ms)) = common::parse_args(argc, argv) else {
        say(b"usage: run-libc-pidfd [K] [--work-ms MS]\n");
        return 2;
    };
    // SAFETY: plain libc calls on valid arguments throughout.
    unsafe {
        let mut dfl: libc::sigaction = core::mem::zeroed();
        dfl.sa_sigaction = libc::SIG_DFL;
        if libc::sigaction(libc::SIGCHLD, &dfl, core::ptr::null_mut()) != 0 {
            return 2;
        }
    }
    let pidfds = pidfds_available();
    if !pidfds && auto_reaped() {
        return 1;
    }
    let shared = if pidfds {
        match pipe() {
            Ok(fds) => fds,
            Err(_) => return 1,
        }
    } else {
        [-1; 2]
    };
    let mut jobs = [FREE; SLOTS];
    let p = (k as usize).min(SLOTS);
    let jobs = &mut jobs[..p];
    let ok = drive(jobs, k, work_ms, shared);
    for job in jobs.iter_mut() {
        if matches!(job.state, State::Working | State::Done | State::Released) {
            kill(job);
            reap(job);
        }
        forget(job);
    }
    shared.into_iter().for_each(close);
    if ok {
        0
    } else {
        1
    }
}

/// Runs jobs `0..k`, at most `jobs.len()` at a time, and reaps them in
/// order: whether every one exited with 0.
fn drive(jobs: &mut [Job], k: u32, work_ms: u32, shared: [c_int; 2]) -> bool {
    let k = k as usize;
    let (mut next, mut head, mut ok) = (0, 0, true);
    while head < k {
        while next < k {
            let Some(free) = jobs.iter().position(|j| j.state == State::Free) else {
                break;
            };
            let Some(job) = jobs.get_mut(free) else { break };
            match start(job, shared, next, (k - next) as u32 * work_ms) {
                Ok(()) => next += 1,
                // No descriptor: fewer jobs at a time, until one is done.
                Err(Failed::NoDescriptor) if next > head => break,
                Err(_) => return false,
            }
        }
        let Some(h) = jobs
            .iter()
            .position(|j| j.state != State::Free && j.index == head)
        else {
            return false;
        };
        let Some(job) = jobs.get_mut(h) else {
            return false;
        };
        match job.state {
            State::Done => {
                let written =
                    retry(|| unsafe { libc::write(job.turn[1], [1u8].as_ptr().cast(), 1) });
                job.turn.into_iter().for_each(close);
                job.turn = [-1; 2];
                if written < 0 {
                    return false;
                }
                job.state = State::Released;
            }
            State::Ended => {
                ok &= job.ok;
                *job = FREE;
                head += 1;
            }
            _ => {
                if !wait_for_head(jobs, shared[0], h) {
                    return false;
                }
            }
        }
    }
    ok
}

/// Why [`start`] started no job.
#[derive(PartialEq)]
enum Failed {
    /// Nothing forked, nothing left open: a descriptor it needs is not
    /// free (`EMFILE`, `ENFILE`).
    NoDescriptor,
    /// Anything else (the run ends).
    Other,
}

fn failed(errno: c_int) -> Failed {
    match errno {
        libc::EMFILE | libc::ENFILE => Failed::NoDescriptor,
        _ => Failed::Other,
    }
}

/// Forks job `i` into `job`, with every descriptor it needs.
fn start(job: &mut Job, shared: [c_int; 2], i: usize, work_ms: u32) -> Result<(), Failed> {
    let turn = pipe().map_err(failed)?;
    let rest = if shared[0] >= 0 {
        // A descriptor held free for the pidfd, above 2.
        // SAFETY: F_DUPFD_CLOEXEC on our own descriptor.
        let spare = unsafe { libc::fcntl(turn[0], libc::F_DUPFD_CLOEXEC, 3) };
        if spare < 0 {
            Err(errno())
        } else {
            Ok(([-1; 2], spare))
        }
    } else {
        pipe().map(|own| (own, -1))
    };
    let (own, spare) = match rest {
        Ok(fds) => fds,
        Err(e) => {
            turn.into_iter().for_each(close);
            return Err(failed(e));
        }
    };
    close(spare);
    // SAFETY: single-threaded; the child ends with `_exit`.
    let parent = unsafe { libc::getpid() };
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        own.into_iter().chain(turn).for_each(close);
        return Err(Failed::Other);
    }
    if pid == 0 {
        child(parent, own, shared, turn, i, work_ms);
    }
    close(own[1]);
    *job = Job {
        pid,
        pidfd: -1,
        own: own[0],
        turn,
        index: i,
        state: State::Working,
        ok: false,
    };
    if own[0] < 0 {
        job.pidfd = open_pidfd(pid);
        if job.pidfd < 0 {
            // Gone and reaped by someone else (its status is lost), ended
            // (reaped now), or no descriptor (killed and reaped, and the
            // run ends: it was forked, and must not be started again).
            let mut info = zeroed_info();
            let options = libc::WEXITED | libc::WNOHANG;
            // SAFETY: `info` is live; our own child, not yet reaped by us.
            let r = unsafe { libc::waitid(libc::P_PID, pid as libc::id_t, &mut info, options) };
            if r == 0 && unsafe { info.si_pid() } == 0 {
                kill(job);
                reap(job);
                forget(job);
                *job = FREE;
                return Err(Failed::Other);
            }
            forget(job);
            job.state = State::Ended;
            job.ok = r == 0 && exited_zero(&info);
        }
    }
    Ok(())
}

/// The job's side: the death signal, its work, "done", its turn, its line.
fn child(
    parent: libc::pid_t,
    own: [c_int; 2],
    shared: [c_int; 2],
    turn: [c_int; 2],
    i: usize,
    work_ms: u32,
) -> ! {
    // SAFETY: plain libc calls; every way out is `_exit`.
    unsafe {
        if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL as libc::c_ulong) != 0 {
            libc::_exit(127);
        }
        if libc::getppid() != parent {
            libc::kill(libc::getpid(), libc::SIGKILL);
            libc::_exit(128 + libc::SIGKILL);
        }
        close(own[0]);
        close(shared[0]);
        close(turn[1]);
        let ts = libc::timespec {
            tv_sec: (work_ms / 1000) as _,
            tv_nsec: ((work_ms % 1000) * 1_000_000) as _,
        };
        libc::nanosleep(&ts, core::ptr::null_mut());
        let record = i.to_ne_bytes();
        let (fd, len) = if own[1] >= 0 {
            (own[1], 1)
        } else {
            (shared[1], RECORD)
        };
        if retry(|| libc::write(fd, record.as_ptr().cast(), len)) < 0 {
            libc::_exit(if errno() == libc::EPIPE { 1 } else { 3 });
        }
        let mut byte = 0u8;
        match retry(|| libc::read(turn[0], (&mut byte as *mut u8).cast(), 1)) {
            0 => libc::_exit(1),
            n if n < 0 => libc::_exit(3),
            _ => {}
        }
        let mut buf = [0u8; 32];
        say(common::done_line(i as u32, &mut buf));
        libc::_exit(0)
    }
}

/// Waits for the head job's next event ("done", or its end) and takes
/// note; what later jobs say waits in the pipes until their turn.
fn wait_for_head(jobs: &mut [Job], shared: c_int, h: usize) -> bool {
    let Some(head) = jobs.get(h) else {
        return false;
    };
    let end = if head.own >= 0 { head.own } else { head.pidfd };
    let [said, ended] = ready([shared, end], -1);
    if said == Some(false) && ended == Some(false) {
        // EINTR: look again.
        return true;
    }
    let (Some(said), Some(ended)) = (said, ended) else {
        return false;
    };
    if said && !drain(jobs, shared) {
        return false;
    }
    let Some(job) = jobs.get_mut(h) else {
        return false;
    };
    if !ended {
        return true;
    }
    if job.own >= 0 {
        let mut byte = 0u8;
        // SAFETY: our own descriptor, a one-byte buffer.
        let n = unsafe { libc::read(job.own, (&mut byte as *mut u8).cast(), 1) };
        match n {
            1 if job.state == State::Working => job.state = State::Done,
            1 => {}
            0 => {
                reap(job);
                forget(job);
            }
            _ => return matches!(errno(), libc::EINTR | libc::EAGAIN),
        }
        return true;
    }
    reap(job);
    forget(job);
    true
}

/// Reads every record waiting in the shared pipe; marks those jobs done.
fn drain(jobs: &mut [Job], shared: c_int) -> bool {
    let mut buf = [0u8; 64 * RECORD];
    loop {
        // SAFETY: our own descriptor, a live buffer.
        let n = unsafe { libc::read(shared, buf.as_mut_ptr().cast(), buf.len()) };
        if n < 0 {
            match errno() {
                libc::EINTR => continue,
                libc::EAGAIN => return true,
                _ => return false,
            }
        }
        let n = n as usize;
        for record in buf.get(..n).unwrap_or_default().chunks_exact(RECORD) {
            let mut bytes = [0u8; RECORD];
            bytes.copy_from_slice(record);
            let index = usize::from_ne_bytes(bytes);
            if let Some(job) = jobs
                .iter_mut()
                .find(|j| j.state == State::Working && j.index == index)
            {
                job.state = State::Done;
            }
        }
        if n < buf.len() || ready([shared, -1], 0)[0] != Some(true) {
            return true;
        }
    }
}

/// Which of `fds` (-1: none) are readable within `ms`; all `Some(false)`
/// on EINTR, all `None` on another error.
fn ready(fds: [c_int; 2], ms: c_int) -> [Option<bool>; 2] {
    let mut table = fds.map(|fd| libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    });
    // SAFETY: a live table.
    if unsafe { libc::poll(table.as_mut_ptr(), 2, ms) } < 0 {
        return [(errno() == libc::EINTR).then_some(false); 2];
    }
    table.map(|p| Some(p.revents != 0))
}

/// Waits for the job's end (blocking, EINTR retried) and notes how it
/// ended: lost (`ECHILD`) counts as a failure.
fn reap(job: &mut Job) {
    let mut info = zeroed_info();
    let (idtype, id) = if job.pidfd >= 0 {
        (libc::P_PIDFD, job.pidfd as libc::id_t)
    } else if auto_reaped() {
        // Its pid may be another process's by now.
        job.state = State::Ended;
        job.ok = false;
        return;
    } else {
        (libc::P_PID, job.pid as libc::id_t)
    };
    // SAFETY: `info` is live.
    let r = retry(|| unsafe { libc::waitid(idtype, id, &mut info, libc::WEXITED) } as isize);
    job.state = State::Ended;
    job.ok = r == 0 && exited_zero(&info);
}

/// `SIGKILL` through the pidfd, or the pid while the kernel is not
/// reaping children (the job is unreaped: its pid is still its own).
fn kill(job: &Job) {
    // SAFETY: plain system calls on our own child.
    unsafe {
        if job.pidfd >= 0 {
            libc::syscall(libc::SYS_pidfd_send_signal, job.pidfd, libc::SIGKILL, 0, 0);
        } else if !auto_reaped() {
            libc::kill(job.pid, libc::SIGKILL);
        }
    }
}

/// Closes what the job holds in the parent.
fn forget(job: &mut Job) {
    close(job.pidfd);
    close(job.own);
    job.turn.into_iter().for_each(close);
    job.pidfd = -1;
    job.own = -1;
    job.turn = [-1; 2];
}

fn exited_zero(info: &libc::siginfo_t) -> bool {
    // SAFETY: filled in by a successful `waitid`.
    info.si_code == libc::CLD_EXITED && unsafe { info.si_status() } == 0
}

/// A pidfd for our child `pid`, proven to name it and above 2, or -1.
fn open_pidfd(pid: libc::pid_t) -> c_int {
    // SAFETY: plain system calls on valid arguments.
    unsafe {
        let fd = libc::syscall(libc::SYS_pidfd_open, pid, 0) as c_int;
        if fd < 0 {
            return -1;
        }
        let mut info = zeroed_info();
        let options = libc::WEXITED | libc::WNOHANG | libc::WNOWAIT;
        if libc::waitid(libc::P_PIDFD, fd as libc::id_t, &mut info, options) != 0 {
            close(fd);
            return -1;
        }
        above_stdio(fd).unwrap_or(-1)
    }
}

/// Whether pidfds work with `waitid` (Linux 5.4+): ours must be no child.
fn pidfds_available() -> bool {
    // SAFETY: plain system calls on valid arguments.
    unsafe {
        let fd = libc::syscall(libc::SYS_pidfd_open, libc::getpid(), 0) as c_int;
        if fd < 0 {
            return false;
        }
        let mut info = zeroed_info();
        let r = libc::waitid(
            libc::P_PIDFD,
            fd as libc::id_t,
            &mut info,
            libc::WEXITED | libc::WNOHANG,
        );
        let e = errno();
        close(fd);
        r != 0 && e == libc::ECHILD
    }
}

/// Whether the kernel reaps our children itself (SIGCHLD ignored, or
/// `SA_NOCLDWAIT`): then a pid is never to be trusted.
fn auto_reaped() -> bool {
    // SAFETY: reads the disposition into a live struct.
    unsafe {
        let mut old: libc::sigaction = core::mem::zeroed();
        libc::sigaction(libc::SIGCHLD, core::ptr::null(), &mut old) != 0
            || old.sa_sigaction == libc::SIG_IGN
            || old.sa_flags & libc::SA_NOCLDWAIT != 0
    }
}

/// A close-on-exec pipe, both ends above 2.
fn pipe() -> Result<[c_int; 2], c_int> {
    let mut fds = [-1; 2];
    // SAFETY: a live two-int array.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(errno());
    }
    let read = above_stdio(fds[0]).inspect_err(|_| close(fds[1]))?;
    let write = above_stdio(fds[1]).inspect_err(|_| close(read))?;
    Ok([read, write])
}

/// `fd` itself, or a close-on-exec copy above 2 if it is 0, 1 or 2.
fn above_stdio(fd: c_int) -> Result<c_int, c_int> {
    if fd > 2 {
        return Ok(fd);
    }
    // SAFETY: our own descriptor.
    let moved = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 3) };
    let e = errno();
    close(fd);
    if moved < 0 {
        Err(e)
    } else {
        Ok(moved)
    }
}

fn close(fd: c_int) {
    if fd >= 0 {
        // SAFETY: a descriptor we own, closed once.
        unsafe { libc::close(fd) };
    }
}

fn zeroed_info() -> libc::siginfo_t {
    // SAFETY: plain data, valid all zeros.
    unsafe { core::mem::zeroed() }
}

fn errno() -> c_int {
    // SAFETY: this thread's errno.
    unsafe { *libc::__errno_location() }
}

/// `f()` again while it fails with `EINTR`.
fn retry(mut f: impl FnMut() -> isize) -> isize {
    loop {
        let r = f();
        if r >= 0 || errno() != libc::EINTR {
            return r;
        }
    }
}
