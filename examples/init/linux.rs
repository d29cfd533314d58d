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
use procsig::{
    become_subreaper, disposition, exit, ignore, is_subreaper, raw, reap_all_exited,
    reset_disposition, Child, Disposition, Errno, Event, Events, Fork, ForkOptions, MaskGuard, Pid,
    SigSet, Signal, Terminal, WaitStatus,
};
use say::{say, say_with, shown, Level, Line, VERBOSITY};

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
    let collected = SigSet::full().difference(&SigSet::from(NOT_COLLECTED));
    let guard = match collected.block() {
        Ok(guard) => guard,
        Err(e) => {
            say_with(Level::Fatal, |l| {
                l.text(b"sigprocmask failed: '").errno(e).text(b"'");
            });
            exit(1)
        }
    };
    let words = usize::try_from(argc).unwrap_or(0);
    // SAFETY: `argc` pointers and the null after them (the C library's
    // promise), which this process may reorder.
    let argv = unsafe { core::slice::from_raw_parts_mut(argv, words + 1) };
    // SAFETY: this function's own contract, which the C library keeps.
    let code = unsafe { start(argv, envp, &guard) };
    // `exit`, not a return: the guard stays, so no signal that arrives now
    // can end init with another status than its child's.
    exit(code)
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
unsafe fn start(
    argv: &mut [*const c_char],
    envp: *const *const c_char,
    guard: &MaskGuard,
) -> c_int {
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
            return match out.finish() {
                Ok(()) => 0,
                Err(_) => 1,
            };
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
    run(&options, guard).unwrap_or(1)
}

/// What init changed for itself, which the child gets back.
struct Launched {
    ttin: Disposition,
    ttou: Disposition,
    chld: Disposition,
}

/// Everything after the command line; `Err` once a fatal message is out.
fn run(options: &Options, guard: &MaskGuard) -> Result<c_int, ()> {
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

    let child = spawn(options, guard, &launched)?;
    let main_pid = child.pid();
    let mut children = [Some(child)];
    let mut events = Events::new(Some(guard)).map_err(event_wait_failed)?;
    let mut exit_code = None;
    loop {
        match events.wait(&mut children, None) {
            Ok(Some(Event::Signal(info))) if info.signal == Signal::CHLD => {
                say(Level::Debug, b"Received SIGCHLD");
            }
            Ok(Some(Event::Signal(info))) => {
                forward(info.signal, &children, options.group)?;
                // Every end, an orphan's included, also sends SIGCHLD, so
                // a sweep now would find nothing it will not find then.
                // (tini sweeps after every signal: one `waitid` more per
                // signal passed on.)
                continue;
            }
            Ok(Some(Event::Child { status, .. })) => {
                say_with(Level::Debug, |l| {
                    l.text(b"Reaped child with pid: '")
                        .num(main_pid.as_raw())
                        .text(b"'");
                });
                exit_code = Some(main_status(status, options)?);
            }
            Ok(Some(Event::Fd { .. }) | None) => {}
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
fn spawn(options: &Options, guard: &MaskGuard, launched: &Launched) -> Result<Child, ()> {
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
        Ok(Fork::Child) => exit(exec_child(guard, launched, file, argv)),
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
fn exec_child(
    guard: &MaskGuard,
    launched: &Launched,
    file: &CStr,
    argv: &[*const c_char],
) -> c_int {
    // The child leads its group already (`own_group`); `TTOU` is ignored,
    // so a background init's child may take the terminal.
    match Terminal::new(libc::STDIN_FILENO).give_to(Pid::this()) {
        Ok(()) => {}
        Err(Errno::ENOTTY) => say(Level::Debug, b"tcsetpgrp failed: no tty (ok to proceed)"),
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
    // SAFETY: sets this process's mask to a valid set; no handler is
    // installed, so nothing runs.
    let restored = unsafe {
        raw::sigprocmask(
            libc::SIG_SETMASK,
            Some(guard.previous().as_sigset_t()),
            None,
        )
    };
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
    say_with(Level::Fatal, |l| {
        l.text(b"exec ")
            .text(file.to_bytes())
            .text(b" failed: ")
            .errno(err);
    });
    status
}

/// Passes `sig` on to the child, or to its group (`-g`).
fn forward(sig: Signal, children: &[Option<Child>; 1], group: bool) -> Result<(), ()> {
    let [slot] = children;
    let sent = match slot {
        Some(child) if group => child.signal_group(sig),
        Some(child) => child.signal(sig),
        None => Err(Errno::ESRCH),
    };
    // Said after the signal is sent: the child's handler need not wait for
    // a message (`init-cli` measures it); `say_with` formats only if shown.
    say_with(Level::Debug, |l| {
        l.text(b"Passing signal: '").signal(sig).text(b"'");
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
                    .signal(signal)
                    .text(b"')");
            });
            128 + signal.as_raw()
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
