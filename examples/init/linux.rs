//! The init itself (Linux): see the example's top-level documentation.
//!
//! Only `core`, `libc` and procsig: this file, `args.rs` and `say.rs` are
//! also the `#![no_std]` static init of tests/fixture-minimal, which
//! compiles them as they are. So the arguments and environment are read
//! from what the C library passes to `main`, nothing allocates, and
//! messages are built in a fixed buffer ([`say::Line`]). The crate root
//! gives `VERSION` and the C `main` that calls [`init`].

#[path = "args.rs"]
mod args;
#[path = "say.rs"]
mod say;

use core::ffi::{c_char, c_int, CStr};
use core::sync::atomic::Ordering;

use args::{c_bytes, Failure, Options, Parsed, Print};
use libc::sigset_t;
use procsig::{
    become_subreaper, disposition, exit, ignore, is_subreaper, raw, reap_all_exited,
    reset_disposition, Child, Disposition, Errno, Event, Events, Fork, ForkOptions, Interest,
    MaskGuard, Pid, SigInfo, SigSet, Signal, Terminal, WaitStatus,
};
use say::{say, say_with, shown, take_raised, Level, Line, RAISED, VERBOSITY};

/// The version line (the crate root's); the usage's first line names it too.
use crate::VERSION;

/// The signals init does not collect: the synchronous ones must kill it,
/// and `TTIN`/`TTOU` it ignores.
const NOT_COLLECTED: [Signal; 9] = [
    Signal::FPE,
    Signal::ILL,
    Signal::SEGV,
    Signal::BUS,
    Signal::ABRT,
    Signal::TRAP,
    Signal::SYS,
    Signal::TTIN,
    Signal::TTOU,
];

/// The whole init, called by the C `main` (see "What the child
/// inherits"): blocks the signals init collects before anything else, and
/// ends with `exit`, never a return.
///
/// # Safety
/// Called once, by `main`, with what the C library passes it: `argc`
/// NUL-terminated strings in `argv`, then a null pointer, and `envp` the
/// environment (`NAME=value` strings, then a null pointer), all living as
/// long as the process; `argv`'s array of pointers may be reordered
/// (glibc's `getopt` does it).
pub unsafe fn init(argc: c_int, argv: *mut *const c_char, envp: *const *const c_char) -> ! {
    // The C library's reserved signals first, with the system call itself
    // (its `sigprocmask` would strip them), which also tells the mask init
    // was launched with exactly; then every other signal init collects.
    let reserved = reserved();
    // SAFETY: all-zero is a valid `sigset_t`, filled by the call below.
    let mut launch: sigset_t = unsafe { core::mem::zeroed() };
    // SAFETY: live sets; init is single-threaded and never cancels a
    // thread or runs a timer thread, so the C library needs none of them.
    let blocked =
        unsafe { raw::rt_sigprocmask(libc::SIG_BLOCK, Some(&reserved), Some(&mut launch)) };
    let collected = SigSet::full().difference(&SigSet::from(NOT_COLLECTED));
    let guard = match blocked.and_then(|()| collected.block()) {
        Ok(guard) => guard,
        Err(e) => {
            say_with(Level::Fatal, |l| {
                l.text(b"sigprocmask failed: '").errno(e).text(b"'");
            });
            exit(1)
        }
    };
    let masks = Masks {
        guard,
        launch,
        reserved,
    };
    let words = usize::try_from(argc).unwrap_or(0);
    // SAFETY: `argc` pointers and the null after them (the C library's
    // promise), which this process may reorder.
    let argv = unsafe { core::slice::from_raw_parts_mut(argv, words + 1) };
    // SAFETY: this function's own contract, which the C library keeps.
    let code = unsafe { start(argv, envp, &masks) };
    // `exit`, not a return: the guard stays, so no signal that arrives now
    // can end init with another status than its child's.
    exit(code)
}

/// The signal masks: what init blocks, what it was launched with.
struct Masks {
    /// Every signal init collects but the reserved ones.
    guard: MaskGuard,
    /// The mask init was launched with, as the kernel had it (reserved
    /// signals included): the child's.
    launch: sigset_t,
    /// The C library's reserved signals (no [`Signal`]: glibc's 32 and 33,
    /// musl's 32 to 34), blocked with the system call and collected by a
    /// signalfd of init's own.
    reserved: sigset_t,
}

/// The kernel's signals between the standard ones and the C library's
/// `SIGRTMIN`, which are no [`Signal`], as a `sigset_t`'s raw bits (a C
/// library's `sigaddset` refuses them).
fn reserved() -> sigset_t {
    let mut bits = 0u64;
    for n in 32..=64 {
        if Signal::from_raw(n).is_none() {
            bits |= 1 << (n - 1);
        }
    }
    // SAFETY: all-zero is a valid, empty `sigset_t`.
    let mut set: sigset_t = unsafe { core::mem::zeroed() };
    // SAFETY: a `sigset_t` is at least 8 bytes; the kernel's set is its
    // first 64 bits, signal n at bit n - 1 (one `unsigned long` on 64-bit
    // Linux, two in order on little-endian 32-bit).
    unsafe {
        (&mut set as *mut sigset_t)
            .cast::<u64>()
            .write_unaligned(bits)
    };
    set
}

/// The value of the environment variable `name`, if it is set.
///
/// # Safety
/// `envp` is null or what the C library passes to `main` as its third
/// argument (see [`init`]).
unsafe fn getenv(envp: *const *const c_char, name: &[u8]) -> Option<&'static [u8]> {
    if envp.is_null() {
        return None;
    }
    let mut i = 0;
    loop {
        // SAFETY: every entry up to the null one is within the array.
        let entry = unsafe { *envp.add(i) };
        if entry.is_null() {
            return None;
        }
        // SAFETY: an entry before the null one is a C string that lives as
        // long as the process.
        let entry = unsafe { c_bytes(entry) };
        if let Some(value) = entry
            .strip_prefix(name)
            .and_then(|rest| rest.strip_prefix(b"="))
        {
            return Some(value);
        }
        i += 1;
    }
}

/// # Safety
/// As [`init`]'s: `argv` holds its words and the null pointer after them.
unsafe fn start(argv: &mut [*const c_char], envp: *const *const c_char, masks: &Masks) -> c_int {
    // SAFETY (all `getenv` and `c_bytes` calls): the caller's promise.
    let prog = match argv.first() {
        Some(&p) if argv.len() > 1 => unsafe { c_bytes(p) },
        _ => b"tini",
    };
    let mut verbosity = VERBOSITY.load(Ordering::Relaxed);
    let posixly_correct = unsafe { getenv(envp, b"POSIXLY_CORRECT") }.is_some();
    // SAFETY: the caller's promise.
    let parsed = unsafe { args::parse(argv, posixly_correct, &mut verbosity) };
    VERBOSITY.store(verbosity, Ordering::Relaxed);
    let mut options = match parsed {
        Parsed::Run(options) => options,
        Parsed::Print(what) => {
            let mut out = Line::new(libc::STDOUT_FILENO);
            match what {
                Print::Usage => usage(&mut out, prog),
                Print::Version => out.text(VERSION.as_bytes()).text(b"\n"),
                Print::Licence => out.text(LICENCE.as_bytes()),
            };
            // Status 0 even if it could not be written, as tini (which
            // ignores `printf`'s errors).
            let _ = out.finish();
            return 0;
        }
        Parsed::Fail(failure) => {
            let mut err = Line::new(libc::STDERR_FILENO);
            match failure {
                Failure::Getopt { what, option } => {
                    // As glibc's `getopt` prints it.
                    err.text(prog)
                        .text(b": ")
                        .text(what)
                        .text(b" -- '")
                        .text(&[option])
                        .text(b"'\n");
                    usage(&mut err, prog);
                }
                Failure::NoProgram => {
                    usage(&mut err, prog);
                }
                Failure::BadValue { option, value } => say_with(Level::Fatal, |l| {
                    l.text(b"Not a valid option for -")
                        .text(&[option])
                        .text(b": ")
                        .text(value);
                }),
            }
            let _ = err.finish();
            return 1;
        }
    };
    // The environment, after the options (as tini: `TINI_VERBOSITY`
    // overrides `-v`).
    options.subreaper |= unsafe { getenv(envp, b"TINI_SUBREAPER") }.is_some();
    options.group |= unsafe { getenv(envp, b"TINI_KILL_PROCESS_GROUP") }.is_some();
    if let Some(level) = unsafe { getenv(envp, b"TINI_VERBOSITY") } {
        // `unsigned int verbosity = atoi(…)`: a negative level is huge.
        VERBOSITY.store(args::atoi(level) as u32, Ordering::Relaxed);
    }
    // A failure of init itself: the fatal message is out.
    run(&options, masks).unwrap_or(1)
}

/// What init changed for itself, which the child gets back.
struct Launched {
    ttin: Disposition,
    ttou: Disposition,
    chld: Disposition,
}

/// Everything after the command line; `Err` once a fatal message is out.
fn run(options: &Options, masks: &Masks) -> Result<c_int, ()> {
    let launched = Launched {
        ttin: ignore(Signal::TTIN).map_err(|_| say(Level::Fatal, b"Failed to ignore SIGTTIN"))?,
        ttou: ignore(Signal::TTOU).map_err(|_| say(Level::Fatal, b"Failed to ignore SIGTTOU"))?,
        chld: disposition(Signal::CHLD).map_err(|_| ())?,
    };
    if launched.chld == Disposition::Ignore {
        reset_disposition(Signal::CHLD).map_err(|_| ())?;
    }
    if let Some(sig) = options.parent_death {
        // A signal number is positive, so the cast is exact.
        let arg = sig.as_raw() as libc::c_ulong;
        // SAFETY: PR_SET_PDEATHSIG takes a signal number; no pointer.
        if unsafe { raw::prctl(libc::PR_SET_PDEATHSIG, arg, 0, 0, 0) }.is_err() {
            say(Level::Fatal, b"Failed to set up parent death signal");
            return Err(());
        }
    }
    if options.subreaper {
        match become_subreaper() {
            Ok(()) => say(Level::Trace, b"Registered as child subreaper"),
            Err(Errno::EINVAL) => {
                say(
                    Level::Fatal,
                    b"PR_SET_CHILD_SUBREAPER is unavailable on this platform. Are you using Linux >= 3.4?",
                );
                return Err(());
            }
            Err(e) => {
                say_with(Level::Fatal, |l| {
                    l.text(b"Failed to register as child subreaper: ").errno(e);
                });
                return Err(());
            }
        }
    }
    reaper_check();

    // The event wait before the child: if it cannot be made (no
    // descriptor left), init fails with no child left running.
    let mut events = Events::new(Some(&masks.guard)).map_err(event_wait_failed)?;
    let reserved = reserved_signals(&masks.reserved, &mut events).map_err(event_wait_failed)?;
    let child = spawn(options, masks, &launched)?;
    let main_pid = child.pid();
    let mut children = [Some(child)];
    let mut exit_code = None;
    loop {
        match events.wait(&mut children, None) {
            Ok(Some(Event::Signal(info))) if info.signal == Signal::CHLD => {
                say(Level::Debug, b"Received SIGCHLD");
            }
            // No sweep, no message: a message that failed again would
            // raise another, and wake this loop forever.
            Ok(Some(Event::Signal(info))) if own_write_signal(&info) => continue,
            Ok(Some(Event::Signal(info))) => {
                forward(info.signal.as_raw(), &children, options.group)?;
                // Every end, an orphan's included, also sends SIGCHLD, so
                // a sweep now would find nothing it will not find then.
                // (tini sweeps after every signal: one `waitid` more per
                // signal passed on.)
                continue;
            }
            Ok(Some(Event::Fd { .. })) => {
                // A reserved signal: one record each time (the wait says
                // so again while more are pending).
                let mut record = [0u8; 128];
                // SAFETY: reads into a live buffer from init's signalfd.
                match unsafe { raw::read(reserved, &mut record) } {
                    Ok(128) => {
                        // `ssi_signo`, the record's first field: 32 to 34.
                        let [a, b, c, d, ..] = record;
                        let signo = u32::from_ne_bytes([a, b, c, d]);
                        forward(signo as c_int, &children, options.group)?;
                    }
                    Ok(_) | Err(Errno::EAGAIN | Errno::EINTR) => {}
                    Err(e) => {
                        event_wait_failed(e);
                        return Err(());
                    }
                }
                continue; // as for a signal
            }
            Ok(Some(Event::Child { status, .. })) => {
                say_with(Level::Debug, |l| {
                    l.text(b"Reaped child with pid: '")
                        .num(main_pid.as_raw())
                        .text(b"'");
                });
                exit_code = Some(main_status(status, options)?);
            }
            Ok(None) => {}
            Err(e) => {
                event_wait_failed(e);
                return Err(());
            }
        }
        let mut main_ended = None;
        let sweep = reap_all_exited(&mut children, |reaped| {
            if shown(Level::Debug) {
                say_with(Level::Debug, |l| {
                    l.text(b"Reaped child with pid: '")
                        .num(reaped.pid.as_raw())
                        .text(b"'");
                });
            }
            if reaped.index.is_some() {
                // Reported here, in the sweep's order, as tini does.
                main_ended = Some(main_status(Ok(reaped.status), options));
            } else if options.warn_on_reap {
                say_with(Level::Warn, |l| {
                    l.text(b"Reaped zombie process with pid=")
                        .num(reaped.pid.as_raw());
                });
            }
        });
        match sweep {
            Ok(sweep) if sweep.children_left => say(Level::Trace, b"No child to reap"),
            Ok(_) => say(Level::Trace, b"No child to wait"),
            Err(e) => {
                say_with(Level::Fatal, |l| {
                    l.text(b"Error while waiting for pids: '")
                        .errno(e)
                        .text(b"'");
                });
                return Err(());
            }
        }
        if let Some(code) = main_ended {
            exit_code = Some(code?);
        }
        if let Some(code) = exit_code {
            say(Level::Trace, b"Exiting: child has exited");
            return Ok(code);
        }
    }
}

/// A signalfd over the reserved signals (see [`Masks`]), watched by
/// `events` (its only descriptor), above 2 and close-on-exec; init keeps it
/// to its end.
fn reserved_signals(set: &sigset_t, events: &mut Events) -> Result<c_int, Errno> {
    let flags = libc::SFD_CLOEXEC | libc::SFD_NONBLOCK;
    // SAFETY: a live set; the descriptor is init's until it exits.
    let mut fd = unsafe { raw::signalfd(-1, set, flags) }?;
    if fd <= 2 {
        // Standard descriptors closed: not where a message would go.
        // SAFETY: F_DUPFD_CLOEXEC takes an int; `fd` is ours, unused after.
        let moved = unsafe { raw::fcntl(fd, libc::F_DUPFD_CLOEXEC, 3) };
        // SAFETY: ours, copied or not; nothing uses it after this.
        let _ = unsafe { raw::close(fd) };
        fd = moved?;
    }
    events.watch(0, fd, Interest::Readable)?;
    Ok(fd)
}

/// Whether `info` is a `SIGPIPE` or `SIGXFSZ` that init raised itself: the
/// kernel's, for a message that could not be written (a closed pipe, a
/// file over `RLIMIT_FSIZE`), sent as by `kill` with init's own pid, after
/// such a write failed ([`take_raised`]). Not passed on: the write's
/// failure is ignored, and the signal was not meant for the child. One
/// sent by another process has its sender, and is passed on; init never
/// signals itself, nor a group it is in (the child's, with `-g`, is the
/// child's own). One that the launcher sent itself before `exec` (the pid
/// survives it) has no failed write behind it, and is passed on too.
fn own_write_signal(info: &SigInfo) -> bool {
    matches!(info.signal, Signal::PIPE | Signal::XFSZ)
        && info.code == libc::SI_USER
        && info.sender == Some(Pid::this())
        && take_raised(info.signal.as_raw())
}

/// The event wait's fatal message.
fn event_wait_failed(e: Errno) {
    say_with(Level::Fatal, |l| {
        l.text(b"Unexpected error in the event wait: '")
            .errno(e)
            .text(b"'");
    });
}

/// Warns unless orphans will be re-parented to init.
fn reaper_check() {
    if Pid::this().as_raw() == 1 {
        return;
    }
    match is_subreaper() {
        Ok(true) => return,
        Ok(false) => {}
        Err(e) => say_with(Level::Debug, |l| {
            l.text(b"Failed to read child subreaper attribute: ")
                .errno(e);
        }),
    }
    say(Level::Warn, REAPER_WARNING.as_bytes());
}

const REAPER_WARNING: &str = "Tini is not running as PID 1 and isn't registered as a child subreaper.
Zombie processes will not be re-parented to Tini, so zombie reaping won't work.
To fix the problem, use the -s option or set the environment variable TINI_SUBREAPER to register Tini as a child subreaper, or run Tini as PID 1.";

/// Forks the child, which execs PROGRAM.
fn spawn(options: &Options, masks: &Masks, launched: &Launched) -> Result<Child, ()> {
    // PROGRAM, its arguments and a null pointer: `execvp`'s `argv`.
    let argv = options.command;
    let file = match argv.first() {
        // SAFETY: a word of `main`'s `argv` (see `args::parse`), not the
        // null pointer after them: a C string that lives as long as init.
        Some(&p) if !p.is_null() => unsafe { CStr::from_ptr(p) },
        _ => return Err(()),
    };
    let mut fork_options = ForkOptions::new().own_group();
    if let Some(sig) = options.parent_death {
        fork_options = fork_options.die_with_parent(sig);
    }
    // SAFETY: init is single-threaded, so the child may call anything; it
    // ends in `exec` or `exit`.
    match unsafe { fork_options.fork() } {
        Err(e) => {
            say_with(Level::Fatal, |l| {
                l.text(b"fork failed: ").errno(e);
            });
            Err(())
        }
        Ok(Fork::Child) => exit(exec_child(masks, launched, file, argv)),
        Ok(Fork::Parent(child)) => {
            say_with(Level::Info, |l| {
                l.text(b"Spawned child process '")
                    .text(file.to_bytes())
                    .text(b"' with pid '")
                    .num(child.pid().as_raw())
                    .text(b"'");
            });
            Ok(child)
        }
    }
}

/// The child: the terminal, what init was launched with, then `execvp`;
/// returns the exit status if PROGRAM cannot be run.
fn exec_child(masks: &Masks, launched: &Launched, file: &CStr, argv: &[*const c_char]) -> c_int {
    // Only this process's own writes count from here.
    RAISED.store(0, Ordering::Relaxed);
    // The child leads its group already (`own_group`); `TTOU` is ignored,
    // so a background init's child may take the terminal.
    match Terminal::new(libc::STDIN_FILENO).give_to(Pid::this()) {
        Ok(()) => {}
        // Standard input closed (EBADF) is no terminal either (tini
        // fails there: "tcsetpgrp failed: Bad file descriptor").
        Err(Errno::ENOTTY | Errno::EBADF) => {
            say(Level::Debug, b"tcsetpgrp failed: no tty (ok to proceed)")
        }
        // lx-branded zones.
        Err(e) if e.raw() == libc::ENXIO => say(
            Level::Debug,
            b"tcsetpgrp failed: no such device (ok to proceed)",
        ),
        Err(e) => {
            say_with(Level::Fatal, |l| {
                l.text(b"tcsetpgrp failed: ").errno(e);
            });
            return 1;
        }
    }
    // A `SIGPIPE` or `SIGXFSZ` that the message above raised (its write
    // failed) is this process's own, pending while blocked: taken now, or
    // the launch mask would deliver it and kill the child before `exec`.
    // (Another of the same signal, sent meanwhile, was merged with it.)
    for sig in [Signal::PIPE, Signal::XFSZ] {
        if take_raised(sig.as_raw()) {
            let now = libc::timespec {
                tv_sec: 0,
                tv_nsec: 0,
            };
            // SAFETY: a live set, blocked here (init's mask); no handler
            // runs.
            let _ = unsafe { raw::sigtimedwait(SigSet::from(sig).as_sigset_t(), None, Some(&now)) };
        }
    }
    // The system call itself: the launch mask exactly, reserved signals
    // included (the C library's `sigprocmask` would strip them).
    // SAFETY: sets this process's mask to a valid set; no handler is
    // installed, so nothing runs.
    let restored = unsafe { raw::rt_sigprocmask(libc::SIG_SETMASK, Some(&masks.launch), None) };
    if let Err(e) = restored {
        say_with(Level::Fatal, |l| {
            l.text(b"Restoring child signal mask failed: '")
                .errno(e)
                .text(b"'");
        });
        return 1;
    }
    // The names written out: `Signal::name` would bring every signal's
    // into the static init.
    for (sig, name, was) in [
        (Signal::TTIN, b"SIGTTIN", launched.ttin),
        (Signal::TTOU, b"SIGTTOU", launched.ttou),
        (Signal::CHLD, b"SIGCHLD", launched.chld),
    ] {
        // A handler is reset by `exec` anyway: only "ignore" survives it.
        let done = match was {
            Disposition::Ignore => ignore(sig),
            _ => reset_disposition(sig),
        };
        if let Err(e) = done {
            say_with(Level::Fatal, |l| {
                l.text(b"Restoring ")
                    .text(name)
                    .text(b" handler failed: '")
                    .errno(e)
                    .text(b"'");
            });
            return 1;
        }
    }
    // SAFETY: `argv` holds C strings that live as long as init, then a
    // null pointer (see `args::parse`).
    let err = unsafe { raw::execvp(file, argv.as_ptr()) };
    let status = match err {
        Errno::ENOENT => 127,
        Errno::EACCES => 126,
        _ => 1,
    };
    // The launch mask is back: a message that fails to be written (no
    // reader, past `RLIMIT_FSIZE`) must not kill the child with the
    // signal its write raises, and change the status it exits with.
    let _ = ignore(Signal::PIPE);
    let _ = ignore(Signal::XFSZ);
    say_with(Level::Fatal, |l| {
        l.text(b"exec ")
            .text(file.to_bytes())
            .text(b" failed: ")
            .errno(err);
    });
    status
}

/// Passes signal `n` on to the child, or to its group (`-g`).
fn forward(n: c_int, children: &[Option<Child>; 1], group: bool) -> Result<(), ()> {
    let [slot] = children;
    let sent = match (slot, Signal::from_raw(n)) {
        (Some(child), Some(sig)) if group => child.signal_group(sig),
        (Some(child), Some(sig)) => child.signal(sig),
        (Some(child), None) => send_reserved(child, n, group),
        (None, _) => Err(Errno::ESRCH),
    };
    // Said after the signal is sent: the child's handler need not wait for
    // a message (`init-cli` measures it); `say_with` formats only if shown.
    say_with(Level::Debug, |l| {
        l.text(b"Passing signal: '").signal(n).text(b"'");
    });
    match sent {
        Ok(()) => Ok(()),
        Err(Errno::ESRCH) => {
            say(Level::Warn, b"Child was dead when forwarding signal");
            Ok(())
        }
        Err(e) => {
            say_with(Level::Fatal, |l| {
                l.text(b"Unexpected error when forwarding signal: '")
                    .errno(e)
                    .text(b"'");
            });
            Err(())
        }
    }
}

/// A reserved signal `n` (no [`Signal`]) to the child or its group, as
/// [`Child::signal`] and [`Child::signal_group`] send the others: through
/// the pidfd, or to the pid while the child is unreaped (its slot holds
/// it, and `SIGCHLD` is not ignored), so the pid and the group's id are
/// the child's. Unreaped here: `run` reaps the child only in the turn it
/// exits in (through the wait, or the sweep), and never passes a signal
/// on after that.
fn send_reserved(child: &Child, n: c_int, group: bool) -> Result<(), Errno> {
    let pid = child.pid().as_raw();
    if let Some(fd) = child.pidfd() {
        // SAFETY (both): integers; the pidfd is the handle's, open.
        if !group {
            return unsafe { raw::pidfd_send_signal(fd, n, None, 0) };
        }
        // The leader unreaped (EPERM: alive, but not ours to signal).
        match unsafe { raw::pidfd_send_signal(fd, 0, None, 0) } {
            Ok(()) | Err(Errno::EPERM) => {}
            Err(e) => return Err(e),
        }
    }
    // SAFETY: integers; the pid (and group id) is the unreaped child's.
    unsafe { raw::kill(if group { -pid } else { pid }, n) }
}

/// The main child's end as init's exit status.
fn main_status(status: Result<WaitStatus, Errno>, options: &Options) -> Result<c_int, ()> {
    let code = match status {
        Ok(WaitStatus::Exited(code)) => {
            say_with(Level::Info, |l| {
                l.text(b"Main child exited normally (with status '")
                    .num(code)
                    .text(b"')");
            });
            code
        }
        Ok(WaitStatus::Signaled { signal, .. }) => {
            say_with(Level::Info, |l| {
                l.text(b"Main child exited with signal (with signal '")
                    .signal(signal.as_raw())
                    .text(b"')");
            });
            128 + signal.as_raw()
        }
        // Killed by a signal that is no `Signal` (a reserved one).
        Ok(WaitStatus::Unknown(raw)) if libc::WIFSIGNALED(raw) => {
            let n = libc::WTERMSIG(raw);
            say_with(Level::Info, |l| {
                l.text(b"Main child exited with signal (with signal '")
                    .signal(n)
                    .text(b"')");
            });
            128 + n
        }
        _ => {
            say(Level::Fatal, b"Main child exited for unknown reason");
            return Err(());
        }
    };
    let code = code.rem_euclid(256) as u8;
    Ok(if options.expected(code) {
        0
    } else {
        c_int::from(code)
    })
}

/// tini's usage text to `out`; the first line names this program's version.
fn usage<'a>(out: &'a mut Line, prog: &[u8]) -> &'a mut Line {
    // `basename(3)`, GNU's: what follows the last slash.
    let name = prog.rsplit(|&b| b == b'/').next().unwrap_or(prog);
    out.text(name)
        .text(b" (")
        .text(VERSION.as_bytes())
        .text(b")\nUsage: ")
        .text(name)
        .text(b" [OPTIONS] PROGRAM -- [ARGS] | --version\n\n")
        .text(b"Execute a program under the supervision of a valid init process (")
        .text(name)
        .text(b")\n\n")
        .text(USAGE.as_bytes())
}

const USAGE: &str = "Command line options:

  --version: Show version and exit.
  -h: Show this help message and exit.
  -s: Register as a process subreaper (requires Linux >= 3.4).
  -p SIGNAL: Trigger SIGNAL when parent dies, e.g. \"-p SIGKILL\".
  -v: Generate more verbose output. Repeat up to 3 times.
  -w: Print a warning when processes are getting reaped.
  -g: Send signals to the child's process group.
  -e EXIT_CODE: Remap EXIT_CODE (from 0 to 255) to 0.
  -l: Show license and exit.

Environment variables:

  TINI_SUBREAPER: Register as a process subreaper (requires Linux >= 3.4).
  TINI_VERBOSITY: Set the verbosity level (default: 1).
  TINI_KILL_PROCESS_GROUP: Send signals to the child's process group.

";

const LICENCE: &str = "\
procsig's init example is part of procsig, licensed under the MIT license
or the Apache License, Version 2.0, at your option. It is not tini: it
behaves as tini 0.19 does, and contains none of tini's code.
";
