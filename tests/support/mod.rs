//! A test harness for scenarios that fork and signal.
//!
//! Why not libtest: it runs every test on its own thread, and a
//! process-directed signal (`kill`, `alarm`, a child's `SIGCHLD`) goes to any
//! thread that does not block it, so one test steals another's signals, and
//! a child forked from a multithreaded process may deadlock on a lock
//! another thread held. This harness is a `harness = false` test binary: its
//! `main` is the only thread, and every scenario runs in its own forked
//! child, in its own process group, starting with an empty signal mask and
//! `SIGPIPE` at its default. The parent waits for that exact pid, and a
//! watchdog kills the scenario's group if it outlives its time limit, so a
//! bug fails the test instead of hanging CI.
//!
//! Scenarios run several at a time (they are separate processes, so they
//! cannot disturb each other's masks and signals); each one's stdout and
//! stderr go to its own memory file and are printed only if it fails.
//!
//! Arguments: a substring filter, `--exact`, and `--list`, as libtest
//! takes them; other flags are ignored.
#![allow(dead_code)] // each test binary uses a different part of it

use std::ffi::c_int;
use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::time::{Duration, Instant};

use libc::pid_t;

#[cfg(target_os = "linux")]
pub mod bpf;

/// One forked test.
#[derive(Clone, Copy)]
pub struct Scenario {
    pub name: &'static str,
    pub run: fn(),
    /// Watchdog: the scenario is killed and fails after this long.
    pub limit: Duration,
    /// Runs in the scenario's process before `run` (e.g. a seccomp filter
    /// that makes the kernel look older).
    pub setup: Option<fn()>,
}

/// A scenario with the default 30 s watchdog (generous: CI machines are
/// shared and slow; a passing scenario takes milliseconds to a few seconds).
pub const fn scenario(name: &'static str, run: fn()) -> Scenario {
    Scenario {
        name,
        run,
        limit: Duration::from_secs(30),
        setup: None,
    }
}

#[cfg(target_os = "linux")]
/// Each scenario again, named `no_pidfd::NAME`, in a process where
/// `pidfd_open` fails with `ENOSYS` as on a kernel before 5.3 (see
/// [`refuse_pidfds`]): procsig's `Child` must then take its fallback, and
/// every promise must still hold under the fallback's documented
/// preconditions.
pub fn without_pidfds(scenarios: &[Scenario]) -> Vec<Scenario> {
    scenarios
        .iter()
        .map(|s| Scenario {
            name: Box::leak(format!("no_pidfd::{}", s.name).into_boxed_str()),
            setup: Some(refuse_pidfds),
            ..*s
        })
        .collect()
}

const PARALLEL: usize = 8;

struct Running<'a> {
    scenario: &'a Scenario,
    pid: pid_t,
    output: c_int,
    deadline: Instant,
}

/// Runs the scenarios the command line selects and exits 0 if all passed.
pub fn main(scenarios: &[Scenario]) -> ! {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let exact = args.iter().any(|a| a == "--exact");
    let filter = args.iter().find(|a| !a.starts_with('-'));
    let selected: Vec<&Scenario> = scenarios
        .iter()
        .filter(|s| match filter {
            Some(f) if exact => s.name == f.as_str(),
            Some(f) => s.name.contains(f.as_str()),
            None => true,
        })
        .collect();
    if args.iter().any(|a| a == "--list") {
        for s in &selected {
            println!("{}: test", s.name);
        }
        std::process::exit(0);
    }

    let started = Instant::now();
    println!("\nrunning {} tests", selected.len());
    // SIGCHLD blocked here so that `sigtimedwait` can wait for any scenario
    // to end without a handler; Linux keeps a blocked SIGCHLD pending even
    // though its default action is to ignore it.
    let chld = sigset(&[libc::SIGCHLD]);
    check(unsafe { libc::sigprocmask(libc::SIG_BLOCK, &chld, std::ptr::null_mut()) });

    let mut queue = selected.iter();
    let mut running: Vec<Running> = Vec::new();
    let mut failed: Vec<&str> = Vec::new();
    let mut skipped = 0;
    loop {
        while running.len() < PARALLEL {
            let Some(s) = queue.next() else { break };
            running.push(start(s));
        }
        if running.is_empty() {
            break;
        }
        let mut i = 0;
        while i < running.len() {
            let r = &running[i];
            let mut status = 0;
            let done = unsafe { libc::waitpid(r.pid, &mut status, libc::WNOHANG) };
            let verdict = if done == r.pid {
                Some(
                    if libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0 {
                        Ok(())
                    } else if libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == SKIPPED {
                        skipped += 1;
                        Err(SKIPPED_VERDICT.to_string())
                    } else {
                        Err(describe(status))
                    },
                )
            } else if Instant::now() >= r.deadline {
                unsafe {
                    libc::kill(-r.pid, libc::SIGKILL);
                    libc::kill(r.pid, libc::SIGKILL);
                    libc::waitpid(r.pid, &mut status, 0);
                }
                Some(Err(format!(
                    "watchdog: still running after {:?}",
                    r.scenario.limit
                )))
            } else {
                None
            };
            match verdict {
                None => i += 1,
                Some(verdict) => {
                    let r = running.swap_remove(i);
                    report(&r, verdict, &mut failed);
                }
            }
        }
        if let Some(next) = running.iter().map(|r| r.deadline).min() {
            let wait = next.saturating_duration_since(Instant::now());
            let timeout = timespec(wait);
            // Wakes when any child changes state (or on the next deadline).
            sleep_for_sigchld(&chld, &timeout);
        }
    }

    let passed = selected.len() - failed.len() - skipped;
    if !failed.is_empty() {
        println!("\nfailures:");
        for name in &failed {
            println!("    {name}");
        }
    }
    println!(
        "\ntest result: {}. {} passed; {} failed; {} ignored; 0 measured; {} filtered out; \
         finished in {:.2}s\n",
        if failed.is_empty() { "ok" } else { "FAILED" },
        passed,
        failed.len(),
        skipped,
        scenarios.len() - selected.len(),
        started.elapsed().as_secs_f64()
    );
    std::process::exit(if failed.is_empty() { 0 } else { 101 });
}

/// An anonymous file for a scenario's output.
#[cfg(target_os = "linux")]
fn output_file() -> c_int {
    unsafe { libc::memfd_create(c"scenario-output".as_ptr(), libc::MFD_CLOEXEC) }
}

/// Elsewhere (no `memfd_create`): a temporary file, unlinked at once.
#[cfg(not(target_os = "linux"))]
fn output_file() -> c_int {
    use std::os::fd::IntoRawFd;
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let path = std::env::temp_dir().join(format!("procsig-scenario-{}-{n}", std::process::id()));
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path);
    let _ = std::fs::remove_file(&path);
    file.map_or(-1, IntoRawFd::into_raw_fd)
}

fn start(s: &Scenario) -> Running<'_> {
    let output = output_file();
    check(output);
    std::io::stdout().flush().ok();
    let pid = unsafe { libc::fork() };
    check(pid);
    if pid == 0 {
        // The scenario process: single-threaded (only the forking thread is
        // copied), with a clean signal state.
        unsafe {
            libc::setpgid(0, 0);
            libc::dup2(output, 1);
            libc::dup2(output, 2);
            let empty = sigset(&[]);
            libc::sigprocmask(libc::SIG_SETMASK, &empty, std::ptr::null_mut());
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
        if let Some(setup) = s.setup {
            setup();
        }
        let ok = panic::catch_unwind(AssertUnwindSafe(s.run)).is_ok();
        std::io::stdout().flush().ok();
        unsafe { libc::_exit(if ok { 0 } else { 101 }) };
    }
    // Also from the parent, so the group exists before the watchdog may
    // need it (whichever runs first wins; the other gets EACCES or Ok).
    unsafe { libc::setpgid(pid, pid) };
    Running {
        scenario: s,
        pid,
        output,
        deadline: Instant::now() + s.limit,
    }
}

fn report(r: &Running, verdict: Result<(), String>, failed: &mut Vec<&'static str>) {
    match verdict {
        Ok(()) => println!("test {} ... ok", r.scenario.name),
        Err(why) if why == SKIPPED_VERDICT => {
            let mut buf = [0u8; 512];
            let n = unsafe { libc::pread(r.output, buf.as_mut_ptr().cast(), buf.len(), 0) };
            let said = String::from_utf8_lossy(buf.get(..n.max(0) as usize).unwrap_or(&[]))
                .trim()
                .replace('\n', "; ");
            println!("test {} ... SKIPPED: {said}", r.scenario.name);
        }
        Err(why) => {
            println!("test {} ... FAILED ({why})", r.scenario.name);
            let mut buf = vec![0u8; 64 * 1024];
            let n = unsafe { libc::pread(r.output, buf.as_mut_ptr().cast(), buf.len(), 0) };
            if n > 0 {
                println!("---- {} output ----", r.scenario.name);
                println!("{}", String::from_utf8_lossy(&buf[..n as usize]));
            }
            failed.push(r.scenario.name);
        }
    }
    unsafe { libc::close(r.output) };
}

/// The exit status of a scenario that could not check what it is for (see
/// [`skip`]); automake's, which test tools read as "skipped".
pub const SKIPPED: c_int = 77;
const SKIPPED_VERDICT: &str = "skipped";

/// Ends the scenario as skipped: the harness prints `SKIPPED: why` on the
/// scenario's own result line and counts it as ignored, never as passed.
/// Call it from the scenario's process (not from a child it forked).
pub fn skip(why: &str) -> ! {
    print!("{why}");
    std::io::stdout().flush().ok();
    unsafe { libc::_exit(SKIPPED) };
}

fn describe(status: c_int) -> String {
    if libc::WIFEXITED(status) {
        format!("exit status {}", libc::WEXITSTATUS(status))
    } else if libc::WIFSIGNALED(status) {
        format!("killed by signal {}", libc::WTERMSIG(status))
    } else {
        format!("wait status {status:#x}")
    }
}

fn check(ret: c_int) {
    if ret == -1 {
        panic!("harness: {}", std::io::Error::last_os_error());
    }
}

// ---- helpers for scenarios (plain libc: the calls under test go through
// procsig, the scaffolding around them does not) ----

/// A `sigset_t` holding exactly `sigs`.
pub fn sigset(sigs: &[c_int]) -> libc::sigset_t {
    unsafe {
        let mut set = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for &s in sigs {
            assert_eq!(libc::sigaddset(&mut set, s), 0, "sigaddset({s})");
        }
        set
    }
}

/// Blocks `sigs` in the calling (only) thread.
pub fn block(sigs: &[c_int]) {
    let set = sigset(sigs);
    assert_eq!(
        unsafe { libc::sigprocmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) },
        0
    );
}

/// The calling thread's mask.
pub fn mask() -> libc::sigset_t {
    let mut old = sigset(&[]);
    assert_eq!(
        unsafe { libc::sigprocmask(libc::SIG_BLOCK, std::ptr::null(), &mut old) },
        0
    );
    old
}

/// The signals pending for the calling thread or process.
pub fn pending() -> libc::sigset_t {
    let mut set = sigset(&[]);
    assert_eq!(unsafe { libc::sigpending(&mut set) }, 0);
    set
}

pub fn is_member(set: &libc::sigset_t, sig: c_int) -> bool {
    unsafe { libc::sigismember(set, sig) == 1 }
}

/// Members of `set` among signals 1..=64, for comparisons and messages.
pub fn members(set: &libc::sigset_t) -> Vec<c_int> {
    (1..=64).filter(|&s| is_member(set, s)).collect()
}

/// Installs `handler` (or `SIG_IGN`/`SIG_DFL` as a `sighandler_t`) for `sig`.
pub fn set_disposition(sig: c_int, handler: libc::sighandler_t) {
    unsafe {
        let mut act: libc::sigaction = std::mem::zeroed();
        act.sa_sigaction = handler;
        libc::sigemptyset(&mut act.sa_mask);
        assert_eq!(libc::sigaction(sig, &act, std::ptr::null_mut()), 0);
    }
}

/// The current disposition of `sig`.
pub fn disposition(sig: c_int) -> libc::sighandler_t {
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        assert_eq!(libc::sigaction(sig, std::ptr::null(), &mut old), 0);
        old.sa_sigaction
    }
}

/// Forks a child that runs `body` and `_exit`s with its return value (101 if
/// it panics). The caller is single-threaded, so the child may do anything.
pub fn spawn(body: impl FnOnce() -> c_int) -> pid_t {
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork: {}", std::io::Error::last_os_error());
    if pid == 0 {
        let code = panic::catch_unwind(AssertUnwindSafe(body)).unwrap_or(101);
        std::io::stdout().flush().ok();
        unsafe { libc::_exit(code) };
    }
    pid
}

/// Waits for exactly `pid` (never -1: that would reap other children),
/// retrying EINTR, and returns the raw status.
pub fn reap(pid: pid_t) -> c_int {
    let mut status = 0;
    loop {
        let r = unsafe { libc::waitpid(pid, &mut status, 0) };
        if r == pid {
            return status;
        }
        let err = std::io::Error::last_os_error();
        assert_eq!(
            err.raw_os_error(),
            Some(libc::EINTR),
            "waitpid({pid}): {err}"
        );
    }
}

/// Waits for `pid` and asserts it exited 0.
pub fn reap_ok(pid: pid_t) {
    let status = reap(pid);
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "child {pid}: {}",
        describe(status)
    );
}

/// A pipe: `(read end, write end)`.
pub fn pipe() -> (c_int, c_int) {
    let mut fds = [0; 2];
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    (fds[0], fds[1])
}

pub fn write_all(fd: c_int, bytes: &[u8]) {
    let n = unsafe { libc::write(fd, bytes.as_ptr().cast(), bytes.len()) };
    assert_eq!(
        n,
        bytes.len() as isize,
        "write: {}",
        std::io::Error::last_os_error()
    );
}

/// Reads until EOF.
pub fn read_to_end(fd: c_int) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
        match n {
            0 => return out,
            n if n > 0 => out.extend_from_slice(&buf[..n as usize]),
            _ => assert_eq!(
                std::io::Error::last_os_error().raw_os_error(),
                Some(libc::EINTR)
            ),
        }
    }
}

/// Blocks until child `pid` is in a state `which` (`WEXITED`, `WSTOPPED`)
/// reports, without reaping it (`WNOWAIT`): an exited child stays a zombie.
pub fn await_state(pid: pid_t, which: c_int) {
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    let r = unsafe {
        libc::waitid(
            libc::P_PID,
            pid as libc::id_t,
            &mut info,
            which | libc::WNOWAIT,
        )
    };
    assert_eq!(r, 0, "waitid: {}", std::io::Error::last_os_error());
}

/// `d` as a `timespec`.
pub fn timespec(d: Duration) -> libc::timespec {
    libc::timespec {
        tv_sec: d.as_secs() as _,
        tv_nsec: d.subsec_nanos() as _,
    }
}

/// Reads exactly `n` bytes (fewer only at EOF). Use this, not
/// `read_to_end`, when other processes may still hold the write end.
pub fn read_exact(fd: c_int, n: usize) -> Vec<u8> {
    let mut out = vec![0u8; n];
    let mut got = 0;
    while got < n {
        let r = unsafe { libc::read(fd, out[got..].as_mut_ptr().cast(), n - got) };
        match r {
            0 => break,
            r if r > 0 => got += r as usize,
            _ => assert_eq!(
                std::io::Error::last_os_error().raw_os_error(),
                Some(libc::EINTR)
            ),
        }
    }
    out.truncate(got);
    out
}

pub fn close(fd: c_int) {
    unsafe { libc::close(fd) };
}

/// Closes every descriptor from 3 up except `keep` (in a forked child, so
/// that it holds no copy of pipes that are not its business).
pub fn close_all_but(keep: &[c_int]) {
    for fd in 3..1024 {
        if !keep.contains(&fd) {
            close(fd);
        }
    }
}

/// The harness's sleep until a scenario ends (its SIGCHLD) or the next
/// deadline.
#[cfg(procsig_sigtimedwait)]
fn sleep_for_sigchld(chld: &libc::sigset_t, timeout: &libc::timespec) {
    unsafe { libc::sigtimedwait(chld, std::ptr::null_mut(), timeout) };
}

/// Without `sigtimedwait` (macOS, the macOS-like build): the harness looks
/// at its scenarios every 10 ms. This paces the watchdog, not a scenario.
#[cfg(not(procsig_sigtimedwait))]
#[allow(clippy::unnecessary_cast)] // time_t and c_long are i64 on 64-bit targets only
fn sleep_for_sigchld(_chld: &libc::sigset_t, timeout: &libc::timespec) {
    let ms = (timeout.tv_sec as i64 * 1000 + timeout.tv_nsec as i64 / 1_000_000).clamp(0, 10);
    unsafe { libc::poll(std::ptr::null_mut(), 0, ms as c_int) };
}

/// Waits for `d` with nothing to wait for: the passing of time is what the
/// scenario measures (an alarm's remainder), not a way to order processes.
pub fn let_time_pass(d: Duration) {
    // sigtimedwait on a set of one signal nobody sends: a timed wait that
    // returns EAGAIN when `d` is up.
    let set = sigset(&[libc::SIGWINCH]);
    let end = Instant::now() + d;
    block(&[libc::SIGWINCH]);
    loop {
        let left = end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return;
        }
        pass(&set, left);
    }
}

#[cfg(procsig_sigtimedwait)]
fn pass(set: &libc::sigset_t, left: Duration) {
    let ts = timespec(left);
    unsafe { libc::sigtimedwait(set, std::ptr::null_mut(), &ts) };
}

/// Without `sigtimedwait`: a plain sleep (time passing is the point).
#[cfg(not(procsig_sigtimedwait))]
fn pass(_set: &libc::sigset_t, left: Duration) {
    std::thread::sleep(left);
}

/// `/proc/<pid>/stat`'s state letter (R, S, T, Z, …).
pub fn proc_state(pid: pid_t) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may contain spaces.
    stat.rsplit_once(')')?.1.trim_start().chars().next()
}

/// When `pid` started, in clock ticks since boot (`/proc/<pid>/stat`,
/// field 22); `None` if no process has the pid. A pid's process and one
/// that took the pid after it was reaped differ here.
pub fn start_time(pid: pid_t) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // After the command name's ')': field 3 (the state) on; 22 is the 20th.
    stat.rsplit_once(')')?
        .1
        .split_whitespace()
        .nth(19)?
        .parse()
        .ok()
}

/// For a call that should fail with `ESRCH` on the pid of a reaped
/// process: `ESRCH`, or, on a busy machine with a small `pid_max`,
/// success on another process that has taken the pid since (its start
/// time differs from `started`, the reaped one's).
pub fn esrch_or_reused<T: std::fmt::Debug>(
    result: Result<T, procsig::Errno>,
    pid: pid_t,
    started: Option<u64>,
) {
    match result {
        Err(procsig::Errno::ESRCH) => {}
        Ok(_) if started.is_some() && start_time(pid) != started => {}
        other => panic!("expected ESRCH for the reaped pid {pid}, got {other:?}"),
    }
}

/// Spins (yielding the CPU) until `pid` (a process or a thread id) is
/// asleep inside one of the system calls `nrs`, as /proc reports it: a
/// condition, not a guess at how long it takes. Where the kernel does not
/// expose `/proc/<pid>/syscall`, the sleeping state alone is used.
pub fn await_in_syscall(pid: pid_t, nrs: &[libc::c_long]) {
    loop {
        let asleep = proc_state(pid) == Some('S');
        let in_call = match std::fs::read_to_string(format!("/proc/{pid}/syscall")) {
            Ok(s) => nrs
                .iter()
                .any(|nr| s.split(' ').next() == Some(nr.to_string().as_str())),
            Err(_) => true,
        };
        if asleep && in_call {
            return;
        }
        unsafe { libc::sched_yield() };
    }
}

pub fn is_root() -> bool {
    unsafe { libc::geteuid() == 0 }
}

#[cfg(target_os = "linux")]
/// The system calls a `Child` wait may sleep in, on either path: `waitid`
/// or `wait4` for the blocking waits, `poll`/`ppoll` (pidfd) or
/// `rt_sigtimedwait` (SIGCHLD fallback) for the timed ones.
pub const CHILD_WAIT_SYSCALLS: &[libc::c_long] = &[
    libc::SYS_waitid,
    libc::SYS_wait4,
    #[cfg(target_arch = "x86_64")]
    libc::SYS_poll,
    libc::SYS_ppoll,
    libc::SYS_rt_sigtimedwait,
];

#[cfg(target_os = "linux")]
/// The calling thread's id.
pub fn gettid() -> pid_t {
    unsafe { libc::syscall(libc::SYS_gettid) as pid_t }
}

// ---- fault injection with seccomp: an older or hostile kernel, here ----

static PIDFDS_REFUSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether [`refuse_pidfds`] is in force in this process (inherited by its
/// forked children).
///
/// Also true where procsig is built without pidfds (macOS, FreeBSD, the
/// macOS-like build): the scenarios then expect the pid fallback's
/// behaviour, as on a kernel that refuses them.
pub fn pidfds_refused() -> bool {
    cfg!(not(procsig_pidfd)) || PIDFDS_REFUSED.load(std::sync::atomic::Ordering::SeqCst)
}

#[cfg(target_os = "linux")]
/// From now on, in this process and all it forks, `pidfd_open` fails with
/// `ENOSYS`, as on a kernel before 5.3.
pub fn refuse_pidfds() {
    fail_syscall(libc::SYS_pidfd_open, None, libc::ENOSYS);
    PIDFDS_REFUSED.store(true, std::sync::atomic::Ordering::SeqCst);
}

#[cfg(target_os = "linux")]
/// Installs a seccomp filter that makes system call `nr` fail with `errno`
/// (only when its first argument is `arg0`, if given) in this process and
/// all it forks; everything else is allowed. Fault injection for tests,
/// not a sandbox: it does not check the architecture field, since the test
/// binary makes only native system calls.
pub fn fail_syscall(nr: libc::c_long, arg0: Option<u32>, errno: c_int) {
    use bpf::{jeq, load, ret, ARG0_LOW, NR};
    let fail = ret(libc::SECCOMP_RET_ERRNO | errno as u32);
    let allow = ret(libc::SECCOMP_RET_ALLOW);
    let mut prog = vec![load(NR)];
    match arg0 {
        None => prog.extend([jeq(nr as u32, 0, 1), fail, allow]),
        Some(arg) => prog.extend([
            jeq(nr as u32, 0, 3),
            load(ARG0_LOW),
            jeq(arg, 0, 1),
            fail,
            allow,
        ]),
    }
    let fprog = libc::sock_fprog {
        len: prog.len() as u16,
        filter: prog.as_mut_ptr(),
    };
    unsafe {
        assert_eq!(libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), 0);
        let r = libc::syscall(
            libc::SYS_seccomp,
            libc::SECCOMP_SET_MODE_FILTER,
            0,
            &fprog as *const libc::sock_fprog,
        );
        assert_eq!(r, 0, "seccomp: {}", std::io::Error::last_os_error());
    }
}

// ---- pid reuse, for real: a pid namespace where we choose the next pid ----

#[cfg(target_os = "linux")]
/// Runs `body` as pid 1 of a new pid namespace (root only; `unshare -p`),
/// where [`Stranger::at`] can put a process on a chosen pid. Where no
/// namespace can be made, the scenario ends as [`skip`]ped, saying why.
pub fn in_new_pid_namespace(body: fn()) {
    if unsafe { libc::unshare(libc::CLONE_NEWPID) } != 0 {
        skip(&format!(
            "cannot make a pid namespace ({}); run as root to test pid reuse",
            std::io::Error::last_os_error()
        ));
    }
    let init = spawn(|| {
        body();
        0
    });
    reap_ok(init);
}

/// A process that is not ours, put on a chosen pid: it is the child of a
/// launcher we fork, so no wait of ours can see it. The launcher reports,
/// in its exit status, whether the stranger was still alive (0) or had been
/// killed (1) when [`Stranger::finish`] asked.
pub struct Stranger {
    pub pid: pid_t,
    launcher: pid_t,
    release: c_int,
}

impl Stranger {
    /// Starts a stranger on `pid`, which must be free, in the pid namespace
    /// the caller is pid 1 of ([`in_new_pid_namespace`]).
    pub fn at(pid: pid_t) -> Stranger {
        let (report_r, report_w) = pipe();
        let (release_r, release_w) = pipe();
        let launcher = spawn(move || {
            // Only its own pipes: a copy of a test's pipe would keep that
            // pipe's reader from ever seeing EOF.
            close_all_but(&[report_w, release_r]);
            set_disposition(libc::SIGCHLD, libc::SIG_DFL);
            let stranger = loop {
                // The next fork in this namespace gets `pid`, if it is free.
                std::fs::write("/proc/sys/kernel/ns_last_pid", (pid - 1).to_string()).unwrap();
                // Lives until killed (by the launcher, or by a bug under test).
                let stranger = spawn(|| loop {
                    unsafe { libc::pause() };
                });
                if stranger == pid {
                    break stranger;
                }
                // An auto-reaped child's waiter is woken a moment before
                // the kernel frees its pid: retry until it is free.
                unsafe { libc::kill(stranger, libc::SIGKILL) };
                reap(stranger);
            };
            write_all(report_w, &stranger.to_ne_bytes());
            read_to_end(release_r);
            let mut status = 0;
            let alive = unsafe { libc::waitpid(stranger, &mut status, libc::WNOHANG) } == 0;
            unsafe { libc::kill(stranger, libc::SIGKILL) };
            reap(stranger);
            i32::from(!alive)
        });
        close(report_w);
        close(release_r);
        let got = read_exact(report_r, 4);
        close(report_r);
        let stranger = pid_t::from_ne_bytes(got.try_into().expect("launcher died"));
        assert_eq!(
            stranger, pid,
            "ns_last_pid did not give the stranger pid {pid}"
        );
        Stranger {
            pid,
            launcher,
            release: release_w,
        }
    }

    /// Ends the stranger; panics unless it was alive until now.
    pub fn finish(self) {
        close(self.release);
        let status = reap(self.launcher);
        assert!(
            libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
            "the stranger on pid {} was killed: a signal reached a process that was not the \
             child ({})",
            self.pid,
            describe(status)
        );
    }
}

// ---- orphans, for the reaping scenarios ----

/// Orphans for a subreaper or a namespace's pid 1: forks a middle process
/// that forks `n` children of its own and exits. The caller reaps the
/// middle (its exit re-parents the `n` to their nearest subreaper), then
/// closes the returned release descriptor; each orphan waits for that,
/// then exits with [`orphan_code`]`(i)` if its parent is `adopter` by then,
/// or 1 if it is not. Returns `(middle, orphans' pids, release)`.
pub fn orphans(n: usize, adopter: pid_t) -> (pid_t, Vec<pid_t>, c_int) {
    let (report_r, report_w) = pipe();
    let (release_r, release_w) = pipe();
    let middle = spawn(move || {
        close(report_r);
        close(release_w);
        for i in 0..n {
            let pid = spawn(move || {
                close(report_w);
                read_to_end(release_r);
                if unsafe { libc::getppid() } == adopter {
                    orphan_code(i)
                } else {
                    1
                }
            });
            write_all(report_w, &pid.to_ne_bytes());
        }
        0
    });
    close(report_w);
    close(release_r);
    let bytes = read_exact(report_r, 4 * n);
    close(report_r);
    assert_eq!(bytes.len(), 4 * n, "the middle process died early");
    let pids = bytes
        .chunks(4)
        .map(|c| pid_t::from_ne_bytes(c.try_into().unwrap()))
        .collect();
    (middle, pids, release_w)
}

/// The exit code of orphan `i` of [`orphans`] that found its adopter.
pub fn orphan_code(i: usize) -> c_int {
    20 + (i % 200) as c_int
}

// ---- job control: a new session with a pseudo-terminal ----

/// A fresh pseudo-terminal: `(master, slave)`, both close-on-exec and
/// neither made the caller's controlling terminal (`O_NOCTTY`); `Err` says
/// why none can be had.
pub fn open_pty() -> Result<(c_int, c_int), String> {
    let err = |what: &str| format!("{what}: {}", std::io::Error::last_os_error());
    unsafe {
        let master = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC);
        if master < 0 {
            return Err(err("posix_openpt"));
        }
        if libc::grantpt(master) != 0 || libc::unlockpt(master) != 0 {
            let e = err("grantpt/unlockpt");
            libc::close(master);
            return Err(e);
        }
        // ptsname's static buffer is fine: scenarios are single-threaded.
        let name = libc::ptsname(master);
        if name.is_null() {
            let e = err("ptsname");
            libc::close(master);
            return Err(e);
        }
        let slave = libc::open(name, libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC);
        if slave < 0 {
            let e = err("opening the slave");
            libc::close(master);
            return Err(e);
        }
        Ok((master, slave))
    }
}

/// Runs `body(terminal)` in a forked child that leads a new session whose
/// controlling terminal is a fresh pseudo-terminal (`terminal` is its
/// slave; the child's group is its foreground), and asserts that the child
/// exits 0. Where no pseudo-terminal can be had, the scenario is
/// [`skip`]ped, saying why.
///
/// The session is out of reach of the harness's watchdog (which kills the
/// scenario's process group), so the leader has its own: `alarm(20)`,
/// before the harness's 30 s. Its children in background groups must
/// bound themselves (an `alarm` of their own, or a pipe whose writer is the
/// leader).
pub fn in_pty_session(body: fn(c_int)) {
    match open_pty() {
        Ok((master, slave)) => {
            close(slave);
            close(master);
        }
        Err(why) => skip(&format!(
            "no pseudo-terminal can be opened here ({why}); job control needs one"
        )),
    }
    let leader = spawn(|| {
        unsafe { libc::alarm(20) };
        assert!(
            unsafe { libc::setsid() } > 0,
            "setsid: {}",
            std::io::Error::last_os_error()
        );
        let (master, slave) = open_pty().unwrap();
        // A session leader without a terminal takes this one.
        assert_eq!(
            unsafe { libc::ioctl(slave, libc::TIOCSCTTY as _, 0) },
            0,
            "TIOCSCTTY: {}",
            std::io::Error::last_os_error()
        );
        body(slave);
        // Closing the master hangs the terminal up, which sends SIGHUP to
        // its session's leader: this process.
        set_disposition(libc::SIGHUP, libc::SIG_IGN);
        close(slave);
        close(master);
        0
    });
    reap_ok(leader);
}

/// A TCP listener on the loopback address, port chosen by the kernel, that
/// never accepts: a connection to it keeps what it was sent unread. The
/// listener and its address. (FreeBSD: a child that exits with such a
/// connection lingers in its exit; see [`fill_and_linger`].)
#[cfg(target_os = "freebsd")]
pub fn silent_listener() -> (c_int, libc::sockaddr_in) {
    unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0);
        assert!(fd >= 0, "socket: {}", std::io::Error::last_os_error());
        let mut addr: libc::sockaddr_in = std::mem::zeroed();
        addr.sin_len = std::mem::size_of::<libc::sockaddr_in>() as u8;
        addr.sin_family = libc::AF_INET as libc::sa_family_t;
        addr.sin_addr.s_addr = u32::from_ne_bytes([127, 0, 0, 1]);
        let len = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
        let sa = (&addr as *const libc::sockaddr_in).cast::<libc::sockaddr>();
        assert_eq!(libc::bind(fd, sa, len), 0, "bind");
        assert_eq!(libc::listen(fd, 1), 0, "listen");
        let mut got = len;
        let sa = (&mut addr as *mut libc::sockaddr_in).cast::<libc::sockaddr>();
        assert_eq!(libc::getsockname(fd, sa, &mut got), 0, "getsockname");
        (fd, addr)
    }
}

/// In a child about to exit: connects to `addr` (a [`silent_listener`]),
/// writes until both ends' buffers are full, and sets `SO_LINGER` for
/// `secs` on a blocking socket. The exit's `close` of it then sleeps
/// (FreeBSD's `soclose`, "soclos") until the data is sent or `secs` pass:
/// for that long the process is exiting (`P_WEXIT`) but not a zombie.
#[cfg(target_os = "freebsd")]
pub fn fill_and_linger(addr: &libc::sockaddr_in, secs: c_int) {
    unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0);
        assert!(fd >= 0, "socket");
        let len = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
        let sa = (addr as *const libc::sockaddr_in).cast::<libc::sockaddr>();
        assert_eq!(libc::connect(fd, sa, len), 0, "connect");
        assert_eq!(libc::fcntl(fd, libc::F_SETFL, libc::O_NONBLOCK), 0);
        let chunk = [0u8; 65536];
        while libc::write(fd, chunk.as_ptr().cast(), chunk.len()) > 0 {}
        assert_eq!(
            std::io::Error::last_os_error().raw_os_error(),
            Some(libc::EAGAIN),
            "filled"
        );
        // Blocking again: a non-blocking socket does not linger.
        assert_eq!(libc::fcntl(fd, libc::F_SETFL, 0), 0);
        let linger = libc::linger {
            l_onoff: 1,
            l_linger: secs,
        };
        let size = std::mem::size_of::<libc::linger>() as libc::socklen_t;
        let opt = (&linger as *const libc::linger).cast::<libc::c_void>();
        assert_eq!(
            libc::setsockopt(fd, libc::SOL_SOCKET, libc::SO_LINGER, opt, size),
            0,
            "SO_LINGER"
        );
    }
}

/// Waits until `pid`, our child, is exiting or a zombie: FreeBSD fires an
/// `EVFILT_PROC` filter attached to such a process at once. Each attempt
/// is a new kqueue; the scenario's watchdog bounds the loop.
#[cfg(target_os = "freebsd")]
pub fn await_exiting(pid: pid_t) {
    loop {
        let kq = unsafe { procsig::raw::kqueue() }.unwrap();
        let mut change: libc::kevent = unsafe { std::mem::zeroed() };
        change.ident = pid as libc::uintptr_t;
        change.filter = libc::EVFILT_PROC;
        change.flags = libc::EV_ADD;
        change.fflags = libc::NOTE_EXIT;
        let zero = timespec(Duration::ZERO);
        let mut out: [libc::kevent; 1] = unsafe { std::mem::zeroed() };
        let fired = unsafe { procsig::raw::kevent(kq, &[change], &mut out, Some(&zero)) };
        close(kq);
        if fired == Ok(1) && out[0].flags & libc::EV_ERROR == 0 {
            return;
        }
    }
}
