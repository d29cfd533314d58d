//! `cargo run --example timeout -- [OPTION] DURATION COMMAND [ARG]...` —
//! coreutils' `timeout(1)` on procsig: run a command, and signal it if it
//! is still running after `DURATION`.
//!
//! Options, messages and exit statuses are those `man timeout` documents:
//! 124 when the command timed out (unless `--preserve-status`), 125 when
//! `timeout` itself failed, 126 when the command was found but could not
//! run, 127 when it was not found, 137 (128 + 9) when `KILL` was sent, and
//! otherwise the command's own status (128 + n for a command killed by
//! signal n, with `timeout` then dying of the same signal, as a shell
//! would see it).
//!
//! # How it works
//! 1. Unless `--foreground`, `timeout` becomes the leader of a new process
//!    group (`setpgid(0, 0)`), which the command and everything it starts
//!    inherit: one `kill(0, sig)` then reaches all of them. `TTIN` and `TTOU`
//!    are ignored, so that `timeout`, now in a background group, is not
//!    stopped by the terminal.
//! 2. It blocks, *before* the fork, every signal it acts on: `HUP`, `INT`,
//!    `QUIT`, `TERM` (passed on to the command), `ALRM` (time is up),
//!    `CHLD` (the command may have ended) and the `-s` signal. Blocked,
//!    none can be lost between the fork and the wait, and none runs a
//!    handler: `timeout` has none. It then sleeps in `sigtimedwait` until
//!    one comes or the deadline passes — nanosecond resolution, no polling.
//! 3. The command's handle is a procsig [`Child`]: on Linux 5.4+ a pidfd,
//!    so `timeout` waits for and signals exactly its own child, never a
//!    process that reused the pid, and never reaps a child it did not
//!    create.
//! 4. When time is up it sends the signal (default `TERM`) to the command
//!    and to the group, then `CONT` (a stopped command could not act on
//!    it). Its own copy of a signal sent to its group arrives blocked and is
//!    skipped, as coreutils ignores it. With `-k`, `KILL` follows after the
//!    second duration; `KILL` sent to the group ends `timeout` too (137).
//!
//! # What it puts right that it may inherit
//! A launcher can leave signals ignored, blocked or pending, and `exec`
//! keeps all three.
//! - `SIGCHLD` ignored would make the kernel reap the command, so its
//!   status would be lost: it is reset to the default.
//! - The command starts with the launcher's mask and dispositions, except
//!   that the signals `timeout` sends or passes on are unblocked and reset
//!   to the default in it (coreutils resets the dispositions through its
//!   handlers, but passes a blocked `TERM` on, and then cannot stop the
//!   command without `-k`).
//! - A `SIGALRM` or `SIGCHLD` pending at start is the launcher's and is
//!   discarded, and an inherited `alarm` is cancelled, so neither is taken
//!   for "time is up". A pending `TERM`, `INT`, `HUP` or `QUIT` is a
//!   request to stop that arrived early: it is passed on at once.
//! - Children it did not create (a shell that forked, then `exec`ed
//!   `timeout`) wake it with their `SIGCHLD` but are never waited for.
//! - The command dies with `timeout` (`PR_SET_PDEATHSIG` on Linux,
//!   `procctl(PROC_PDEATHSIG_CTL)` on FreeBSD), so even a `kill -9` of
//!   `timeout` leaves no orphan running.
//!
//! # Targets
//! Linux: everything above, run by the tests here. FreeBSD: the same with
//! `procctl` for the parent-death signal and a zero core-size limit for
//! `PR_SET_DUMPABLE` (compiled only: nothing here runs FreeBSD). macOS:
//! the timed wait is procsig's kqueue backend (microseconds), and there is
//! no parent-death signal, so a `kill -9` of `timeout` leaves the command
//! running (compiled only). The macOS-like build
//! (`RUSTFLAGS="--cfg procsig_like_macos"`), which has no timed wait at
//! all (Linux has no kqueue): `timeout` says "this target has no timed
//! signal wait (sigtimedwait), which timeout needs" and exits with 125,
//! which the tests check.
//!
//! Run under another `timeout`, the inner one leads its own group; the
//! outer one's signal reaches it directly and it passes the signal on.
//!
//! # What the Rust runtime would change: `#![no_main]`
//! Before a Rust program's `main` runs, the standard library's start-up
//! sets `SIGPIPE` to ignored and opens `/dev/null` on any of descriptors
//! 0, 1 and 2 that is closed. `exec` keeps both, so a command run by an
//! ordinary Rust `main` would get `SIGPIPE` ignored (`timeout 5 yes | head
//! -1` prints `yes: standard output: Broken pipe` and exits 1 instead of
//! dying of `SIGPIPE`, 141) and `/dev/null` where it was given nothing
//! (`timeout 5 cat <&-` reads an empty file and succeeds instead of
//! failing with `EBADF`). Stable Rust cannot tell the runtime to leave
//! them alone (`#[unix_sigpipe]` and `-Zon-broken-pipe` are unstable), and
//! once it has run, the launcher's `SIGPIPE` disposition and which
//! descriptors were closed are lost. So this program has no Rust `main`:
//! `#![no_main]`, and the C library calls [`main`] below directly, as it
//! calls a C program's. The command gets `SIGPIPE` and descriptors 0–2
//! exactly as `timeout` got them, and `timeout` itself behaves as
//! coreutils' does: writing to a closed pipe kills it with `SIGPIPE`
//! unless its launcher ignored that, and writing to a closed descriptor
//! fails with `EBADF`.
//!
//! The price: nothing of the runtime's start-up runs, so the arguments
//! come from `main`'s `argc`/`argv` (`std::env::args` is filled only on
//! glibc without it), and there is no stack-overflow message (an overflow
//! is a plain `SIGSEGV`). The descriptors `timeout` opens itself (the
//! command's pidfd; the locale's files, read when a diagnostic quotes an
//! operand, and closed at once) are close-on-exec, and the pidfd is opened
//! in the parent after the fork, so none reaches the command; one may take a closed
//! standard descriptor's number in `timeout`, where a diagnostic written
//! to it fails as writing to a closed descriptor would.
//!
//! # Write errors
//! As in coreutils: `--help` or `--version` that cannot be written (a full
//! disk, a closed or read-only descriptor, a closed pipe with `SIGPIPE`
//! ignored) is `timeout: write error: …` and status 125; a diagnostic that
//! cannot be written to standard error (with `-v`, or the command's
//! failure to start) makes the exit status 125, unless `timeout` dies of a
//! signal. Nothing panics: output goes through `write(2)` and every error
//! is handled, and the forked child runs under `catch_unwind`, so it can
//! never unwind into the parent's code.
//!
//! One departure: `-s STOP` makes coreutils stop itself along with its group
//! (and so hang). Here `STOP` goes to the command only, then `CONT`.

#![no_main]
// Without a timed signal wait (macOS) the supervisor is left out, and the
// parts only it uses are unused there.
#![cfg_attr(not(procsig_timed_wait), allow(dead_code, unused_imports))]

mod args;
mod quote;

use std::ffi::{c_char, c_int, CStr, CString, OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use args::{Options, Request, UsageError};
use procsig::{
    cancel_alarm, exit, ignore, raise, raw, reset_disposition, Child, Errno, Fork, ForkOptions,
    MaskGuard, SigSet, Signal, WaitStatus,
};

/// The command timed out (and `--preserve-status` was not given).
const EXIT_TIMEDOUT: i32 = 124;
/// `timeout` itself failed.
const EXIT_CANCELED: i32 = 125;
/// The command was found but could not be run.
const EXIT_CANNOT_INVOKE: i32 = 126;
/// The command was not found.
const EXIT_ENOENT: i32 = 127;

/// What `timeout` asks to stop on, and passes on to the command.
const PASSED_ON: [Signal; 4] = [Signal::HUP, Signal::INT, Signal::QUIT, Signal::TERM];

/// The C entry point: the C library calls it with the program's own
/// arguments, and no Rust runtime start-up has run (see "What the Rust
/// runtime would change"). An unwind must not leave an `extern "C"`
/// function, so the whole program runs under `catch_unwind`; nothing in it
/// is meant to panic, and if something did, the status is 125.
///
/// # Safety
/// Called only by the C library's start-up, with `argc` valid
/// NUL-terminated strings in `argv` that live as long as the process.
#[no_mangle]
pub unsafe extern "C" fn main(argc: c_int, argv: *const *const c_char) -> c_int {
    // SAFETY: this function's own contract, which the C library keeps.
    let argv = unsafe { arguments(argc, argv) };
    std::panic::catch_unwind(|| start(&argv)).unwrap_or(EXIT_CANCELED)
}

/// `argv` as Rust strings.
///
/// # Safety
/// `argv` holds at least `argc` pointers to NUL-terminated strings that
/// outlive the call (what the C library passes to `main`).
unsafe fn arguments(argc: c_int, argv: *const *const c_char) -> Vec<OsString> {
    let count = usize::try_from(argc).unwrap_or(0);
    (0..count)
        .map(|i| {
            // SAFETY: `i < argc`, so `argv.add(i)` is within the array and
            // points to a valid C string (the caller's promise).
            let arg = unsafe { CStr::from_ptr(*argv.add(i)) };
            OsStr::from_bytes(arg.to_bytes()).to_os_string()
        })
        .collect()
}

fn start(argv: &[OsString]) -> c_int {
    // As coreutils, the name it was run by, byte for byte.
    let prog = argv.first().map_or(&b"timeout"[..], |a| a.as_bytes());
    match args::parse(argv.get(1..).unwrap_or_default()) {
        Ok(Request::Run(options)) => status(run(prog, &options)),
        Ok(Request::Help) => print(prog, &help(prog)),
        Ok(Request::Version) => print(
            prog,
            format!("timeout (procsig example) {}\n", env!("CARGO_PKG_VERSION")).as_bytes(),
        ),
        Err(UsageError(message)) => {
            if !message.is_empty() {
                say(prog, &message);
            }
            let _ = write_all(
                libc::STDERR_FILENO,
                &[b"Try '", prog, b" --help' for more information.\n"].concat(),
            );
            EXIT_CANCELED
        }
    }
}

/// Writes `text` to standard output: 0, or 125 having said why not.
fn print(prog: &[u8], text: &[u8]) -> c_int {
    match write_all(libc::STDOUT_FILENO, text) {
        Ok(()) => status(0),
        Err(errno) => {
            say(prog, format!("write error: {}", describe(errno)));
            EXIT_CANCELED
        }
    }
}

/// Set once a diagnostic could not be written to standard error.
static STDERR_FAILED: AtomicBool = AtomicBool::new(false);

/// `prog: message` on standard error; a failure is remembered for
/// [`status`], as coreutils' `close_stderr` does at exit.
fn say(prog: &[u8], message: impl AsRef<[u8]>) {
    if write_all(
        libc::STDERR_FILENO,
        &[prog, b": ", message.as_ref(), b"\n"].concat(),
    )
    .is_err()
    {
        STDERR_FAILED.store(true, Ordering::Relaxed);
    }
}

/// The exit status for `code`: 125 instead if a diagnostic was lost.
fn status(code: c_int) -> c_int {
    if STDERR_FAILED.load(Ordering::Relaxed) {
        EXIT_CANCELED
    } else {
        code
    }
}

/// All of `bytes` to `fd` with `write(2)`, unbuffered. Not Rust's `stdout`
/// or `stderr`: they report nothing when the descriptor is not open for
/// writing (`EBADF`), and `print!` panics on any other error.
fn write_all(fd: c_int, mut bytes: &[u8]) -> Result<(), Errno> {
    while !bytes.is_empty() {
        // SAFETY: writes from a live slice; `fd` is only a number (a
        // closed one fails with EBADF).
        match unsafe { raw::write(fd, bytes) } {
            Ok(0) => return Err(Errno::EIO),
            Ok(n) => bytes = bytes.get(n..).unwrap_or_default(),
            Err(Errno::EINTR) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Without a timed signal wait (macOS, OpenBSD: no `sigtimedwait`, and
/// the macOS-like build), `timeout` cannot wait for "a signal or the
/// deadline": it says so and fails with 125.
#[cfg(not(procsig_timed_wait))]
fn run(prog: &[u8], _options: &Options) -> i32 {
    say(
        prog,
        "this target has no timed signal wait (sigtimedwait), which timeout needs",
    );
    EXIT_CANCELED
}

/// Runs the command; returns `timeout`'s exit status.
#[cfg(procsig_timed_wait)]
fn run(prog: &[u8], options: &Options) -> i32 {
    match supervise(prog, options) {
        Ok(never) => match never {},
        Err((what, errno)) => {
            say(prog, format!("{what}: {}", describe(errno)));
            EXIT_CANCELED
        }
    }
}

type Failure = (&'static str, Errno);

#[cfg(procsig_timed_wait)]
fn supervise(prog: &[u8], options: &Options) -> Result<std::convert::Infallible, Failure> {
    if !options.foreground {
        // SAFETY: two integers. Fails only for a session leader, which
        // leads its process group already.
        let _ = unsafe { raw::setpgid(0, 0) };
    }
    ignore(Signal::TTIN).map_err(|e| ("cannot ignore SIGTTIN", e))?;
    ignore(Signal::TTOU).map_err(|e| ("cannot ignore SIGTTOU", e))?;
    reset_disposition(Signal::CHLD).map_err(|e| ("cannot reset SIGCHLD", e))?;
    cancel_alarm();

    let mut waited = SigSet::from(PASSED_ON)
        .with(Signal::ALRM)
        .with(Signal::CHLD);
    if let Some(sig) = options
        .signal
        .filter(|&s| s != Signal::KILL && s != Signal::STOP)
    {
        waited.insert(sig);
    }
    let guard = waited.block().map_err(|e| ("cannot block signals", e))?;
    let stale = SigSet::from([Signal::ALRM, Signal::CHLD]);
    while stale
        .wait_timeout(Duration::ZERO)
        .map_err(|e| ("sigtimedwait", e))?
        .is_some()
    {}

    // Arguments come from argv, which cannot hold a NUL.
    let command: Vec<CString> = options
        .command
        .iter()
        .map(|a| CString::new(a.as_bytes()).unwrap_or_default())
        .collect();
    let mut argv: Vec<*const c_char> = command.iter().map(|a| a.as_ptr()).collect();
    argv.push(std::ptr::null());

    // SAFETY: this program is single-threaded, so the child may call
    // anything; it ends in `exec` or `exit`, and an unwind is caught there.
    let fork = unsafe { command_fork_options().fork() };
    let mut child = match fork.map_err(|e| ("fork system call failed", e))? {
        Fork::Child => {
            let code = std::panic::catch_unwind(|| {
                exec_command(prog, &guard, &waited, &command[0], &argv)
            });
            exit(code.unwrap_or(EXIT_CANNOT_INVOKE))
        }
        Fork::Parent(child) => child,
    };

    // The deadline's precision: a sleeping thread's wake-up may be delayed
    // by its timer slack (50 µs by default), which coreutils' POSIX timer
    // does not have. Set in the parent only, after the fork, so the
    // command keeps the default.
    tighten_timer_slack();
    let mut supervisor = Supervisor {
        options,
        prog,
        waited,
        term: options.signal,
        kill_after: options.kill_after,
        timed_out: false,
        propagated: SigSet::empty(),
        deadline: options.duration.and_then(|d| Instant::now().checked_add(d)),
    };
    let status = loop {
        if let Some(status) = child
            .try_wait()
            .map_err(|e| ("error waiting for child", e))?
        {
            break status;
        }
        let got = match supervisor.deadline {
            None => Some(guard.wait().map_err(|e| ("sigwait", e))?),
            Some(deadline) => match deadline.checked_duration_since(Instant::now()) {
                Some(left) if !left.is_zero() => {
                    guard.wait_timeout(left).map_err(|e| ("sigtimedwait", e))?
                }
                _ => None,
            },
        };
        match got {
            Some(Signal::CHLD) => {}
            Some(sig) if supervisor.propagated.contains(sig) => {}
            // The timer: time is up.
            None => {
                supervisor.deadline = None;
                supervisor.time_is_up(&child);
            }
            // `SIGALRM` from outside means the same (as in coreutils).
            Some(Signal::ALRM) => supervisor.time_is_up(&child),
            Some(sig) => supervisor.fire(Some(sig), &child),
        }
    };
    // Exit with the signals still blocked: one that arrives now (the
    // command is gone) must not end `timeout` with the wrong status, as the
    // guard's drop would let it.
    std::process::exit(crate::status(supervisor.exit_status(status)))
}

/// The child: the command's dispositions and mask, then `execvp`;
/// returns the exit status if the command cannot be run. `SIGPIPE` and
/// the standard descriptors are left exactly as the launcher gave them.
fn exec_command(
    prog: &[u8],
    guard: &MaskGuard,
    waited: &SigSet,
    file: &CStr,
    argv: &[*const c_char],
) -> c_int {
    for sig in waited.iter().chain([Signal::TTIN, Signal::TTOU]) {
        let _ = reset_disposition(sig);
    }
    let mask = guard.previous().difference(waited);
    // SAFETY: sets this child's mask to a valid set; no handler is
    // installed, so nothing runs.
    let _ = unsafe { raw::sigprocmask(libc::SIG_SETMASK, Some(mask.as_sigset_t()), None) };
    // SAFETY: `argv` holds pointers into live `CString`s and ends with null.
    let err = unsafe { raw::execvp(file, argv.as_ptr()) };
    let status = if err == Errno::ENOENT {
        EXIT_ENOENT
    } else {
        EXIT_CANNOT_INVOKE
    };
    say(
        prog,
        [
            &b"failed to run command "[..],
            &quote::quote(file.to_bytes()),
            b": ",
            describe(err).as_bytes(),
        ]
        .concat(),
    );
    crate::status(status)
}

/// The state coreutils keeps in globals: what to send next, whether time
/// ran out, which signals `timeout` sent to its own group.
struct Supervisor<'a> {
    options: &'a Options,
    prog: &'a [u8],
    waited: SigSet,
    term: Option<Signal>,
    kill_after: Option<Duration>,
    timed_out: bool,
    propagated: SigSet,
    deadline: Option<Instant>,
}

#[cfg(procsig_timed_wait)]
impl Supervisor<'_> {
    fn time_is_up(&mut self, child: &Child) {
        self.timed_out = true;
        self.fire(self.term, child);
    }

    /// Sends `sig` (`None`: signal 0) to the command and, unless
    /// `--foreground`, to the group; the first time, starts the `-k` timer.
    fn fire(&mut self, sig: Option<Signal>, child: &Child) {
        if let Some(after) = self.kill_after.take() {
            self.term = Some(Signal::KILL);
            self.deadline = Instant::now().checked_add(after);
        }
        if self.options.verbose {
            say(
                self.prog,
                [
                    format!("sending signal {} to command ", args::signal_name(sig)).as_bytes(),
                    &quote::quote(self.options.command[0].as_bytes()),
                ]
                .concat(),
            );
        }
        // The command may have ended already (a zombie still takes it).
        if let Some(sig) = sig {
            let _ = child.signal(sig);
        }
        if self.options.foreground {
            return;
        }
        // `STOP` to the group would stop `timeout` itself, for good.
        if let Some(sig) = sig.filter(|&s| s != Signal::STOP) {
            self.signal_group(sig);
        }
        if sig != Some(Signal::KILL) && sig != Some(Signal::CONT) {
            let _ = child.signal(Signal::CONT);
            self.signal_group(Signal::CONT);
        }
    }

    /// `kill(0, sig)`: the command, all it started, and `timeout` itself,
    /// whose own copy (blocked) is then skipped. `KILL` ends `timeout`.
    fn signal_group(&mut self, sig: Signal) {
        if self.waited.contains(sig) {
            // As coreutils: from now on `timeout` ignores `sig`. Its own
            // copy stays pending while blocked (Linux keeps blocked signals
            // even when ignored); the loop skips it, and `SIG_IGN` discards
            // it if it is ever unblocked.
            self.propagated.insert(sig);
            let _ = ignore(sig);
        }
        // SAFETY: integers; `timeout` blocks every signal it sends itself
        // this way except `CONT` (harmless) and `KILL` (meant).
        let _ = unsafe { raw::kill(0, sig.as_raw()) };
    }

    fn exit_status(&self, status: WaitStatus) -> i32 {
        let mut preserve = self.options.preserve_status;
        let code = match status {
            WaitStatus::Exited(code) => code,
            WaitStatus::Signaled {
                signal,
                core_dumped,
            } => {
                if core_dumped {
                    say(self.prog, "the monitored command dumped core");
                }
                if !self.timed_out && disable_core_dumps() {
                    die_of(signal);
                }
                // Tell a forced kill apart even with `--foreground`.
                if self.timed_out && signal == Signal::KILL {
                    preserve = true;
                }
                128 + signal.as_raw()
            }
            other => {
                say(
                    self.prog,
                    format!("unknown status from command ({})", other.into_raw()),
                );
                1
            }
        };
        if self.timed_out && !preserve {
            EXIT_TIMEDOUT
        } else {
            code
        }
    }
}

/// Ends `timeout` by `sig`, as the command ended, so that whoever waits for
/// `timeout` sees what it would have seen of the command. Returns if `sig`
/// does not end the process after all.
fn die_of(sig: Signal) {
    let _ = reset_disposition(sig);
    let _ = raise(sig); // pending if blocked; delivered on the unblock below
    let only = SigSet::from(sig);
    // SAFETY: unblocks one signal whose disposition is the default.
    let _ = unsafe { raw::sigprocmask(libc::SIG_UNBLOCK, Some(only.as_sigset_t()), None) };
}

/// The command dies with `timeout`: `PR_SET_PDEATHSIG` (Linux) or
/// `PROC_PDEATHSIG_CTL` (FreeBSD).
#[cfg(any(procsig_linux, procsig_procctl))]
fn command_fork_options() -> ForkOptions {
    ForkOptions::new().die_with_parent(Signal::KILL)
}

/// macOS has no parent-death signal: a `kill -9` of `timeout` leaves the
/// command running there.
#[cfg(not(any(procsig_linux, procsig_procctl)))]
fn command_fork_options() -> ForkOptions {
    ForkOptions::new()
}

/// The deadline's precision on Linux: 1 ns of timer slack instead of
/// 50 µs.
#[cfg(procsig_linux)]
fn tighten_timer_slack() {
    // SAFETY: PR_SET_TIMERSLACK takes a number, no pointer.
    let _ = unsafe { raw::prctl(libc::PR_SET_TIMERSLACK, 1, 0, 0, 0) };
}

/// Other kernels have no per-thread timer slack to set.
#[cfg(not(procsig_linux))]
fn tighten_timer_slack() {}

/// So that dying of `SIGSEGV` or `SIGQUIT` leaves no core of `timeout`.
#[cfg(procsig_linux)]
fn disable_core_dumps() -> bool {
    // SAFETY: PR_SET_DUMPABLE with 0 takes no pointer.
    unsafe { raw::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0) }.is_ok()
}

/// So that dying of `SIGSEGV` or `SIGQUIT` leaves no core of `timeout`:
/// elsewhere (FreeBSD, macOS) a core size limit of 0. procsig wraps no
/// `setrlimit`, so the example calls the C library's.
#[cfg(not(procsig_linux))]
fn disable_core_dumps() -> bool {
    let none = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `none` is a live `rlimit` the call only reads.
    unsafe { libc::setrlimit(libc::RLIMIT_CORE, &none) == 0 }
}

/// `strerror`'s text: "No such file or directory".
fn describe(errno: Errno) -> String {
    match errno.description() {
        Some(text) => {
            let mut chars = text.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        }
        None => errno.to_string(),
    }
}

fn help(prog: &[u8]) -> Vec<u8> {
    let usage = [
        &b"Usage: "[..],
        prog,
        b" [OPTION] DURATION COMMAND [ARG]...\n  or:  ",
        prog,
        b" [OPTION]\n",
    ];
    [&usage.concat()[..], HELP.as_bytes()].concat()
}

const HELP: &str = "\
Run COMMAND; if it is still running after DURATION, send it a signal.

Options:
      --preserve-status
                 exit with COMMAND's own status even if it timed out
      --foreground
                 leave COMMAND in the foreground process group, so it can
                 read the terminal and get its signals; then only COMMAND,
                 not the children it starts, is signalled
  -k, --kill-after=DURATION
                 if COMMAND is still running DURATION after the first
                 signal, send it KILL
  -s, --signal=SIGNAL
                 the signal to send when time is up (default TERM): a name
                 such as TERM or SIGTERM, or a number
  -v, --verbose  say on standard error when a signal is sent
      --help     print this help and exit
      --version  print the version and exit

DURATION is a floating-point number, optionally followed by s (seconds,
the default), m (minutes), h (hours) or d (days); 0 means no time limit.

Exit status:
  124  COMMAND timed out (and --preserve-status was not given)
  125  timeout itself failed
  126  COMMAND was found but could not be run
  127  COMMAND was not found
  137  COMMAND (or timeout) was sent KILL
  otherwise COMMAND's own exit status
";
