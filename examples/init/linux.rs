//! The init itself (Linux): see the example's top-level documentation.

#[path = "args.rs"]
mod args;
#[path = "say.rs"]
mod say;

use std::ffi::{c_char, c_int, CStr, CString, OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::Ordering;

use args::{Failure, Options, Parsed, Print};
use procsig::{
    become_subreaper, disposition, exit, ignore, is_subreaper, raw, reap_all_exited,
    reset_disposition, Child, Disposition, Errno, Event, Events, Fork, ForkOptions, MaskGuard, Pid,
    SigSet, Signal, Terminal, WaitStatus,
};
use say::{say, shown, strerror, strsignal, write_all, Level, VERBOSITY};

/// The version line; the usage's first line names it too.
const VERSION: &str = concat!(
    "procsig init ",
    env!("CARGO_PKG_VERSION"),
    ", compatible with tini version 0.19.0"
);

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

/// The C entry point (see "What the child inherits"). Blocks the signals
/// init collects before anything else, then runs under `catch_unwind`.
///
/// # Safety
/// Called only by the C library's start-up, with `argc` valid
/// NUL-terminated strings in `argv` that live as long as the process.
#[no_mangle]
pub unsafe extern "C" fn main(argc: c_int, argv: *const *const c_char) -> c_int {
    let collected = SigSet::full().difference(&SigSet::from(NOT_COLLECTED));
    let guard = match collected.block() {
        Ok(guard) => guard,
        Err(e) => {
            say(
                Level::Fatal,
                format!("sigprocmask failed: '{}'", strerror(e)),
            );
            exit(1)
        }
    };
    // SAFETY: this function's own contract, which the C library keeps.
    let argv = unsafe { arguments(argc, argv) };
    let code = std::panic::catch_unwind(AssertUnwindSafe(|| start(&argv, &guard))).unwrap_or(1);
    // `exit`, not a return: the guard stays, so no signal that arrives now
    // can end init with another status than its child's.
    exit(code)
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

fn start(argv: &[OsString], guard: &MaskGuard) -> c_int {
    let prog = argv.first().map_or(&b"tini"[..], |a| a.as_bytes());
    let mut verbosity = VERBOSITY.load(Ordering::Relaxed);
    let posixly_correct = std::env::var_os("POSIXLY_CORRECT").is_some();
    let parsed = args::parse(argv, posixly_correct, &mut verbosity);
    VERBOSITY.store(verbosity, Ordering::Relaxed);
    let mut options = match parsed {
        Parsed::Run(options) => options,
        Parsed::Print(what) => {
            let text = match what {
                Print::Usage => usage(prog),
                Print::Version => format!("{VERSION}\n").into_bytes(),
                Print::Licence => LICENCE.as_bytes().to_vec(),
            };
            return match write_all(libc::STDOUT_FILENO, &text) {
                Ok(()) => 0,
                Err(_) => 1,
            };
        }
        Parsed::Fail(failure) => {
            match failure {
                Failure::Getopt(line) => {
                    let _ = write_all(libc::STDERR_FILENO, &line);
                    let _ = write_all(libc::STDERR_FILENO, &usage(prog));
                }
                Failure::NoProgram => {
                    let _ = write_all(libc::STDERR_FILENO, &usage(prog));
                }
                Failure::Fatal(text) => say(Level::Fatal, text),
            }
            return 1;
        }
    };
    // The environment, after the options (as tini: `TINI_VERBOSITY`
    // overrides `-v`).
    options.subreaper |= std::env::var_os("TINI_SUBREAPER").is_some();
    options.group |= std::env::var_os("TINI_KILL_PROCESS_GROUP").is_some();
    if let Some(level) = std::env::var_os("TINI_VERBOSITY") {
        // `unsigned int verbosity = atoi(…)`: a negative level is huge.
        VERBOSITY.store(args::atoi(level.as_bytes()) as u32, Ordering::Relaxed);
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
        ttin: ignore(Signal::TTIN).map_err(|_| say(Level::Fatal, "Failed to ignore SIGTTIN"))?,
        ttou: ignore(Signal::TTOU).map_err(|_| say(Level::Fatal, "Failed to ignore SIGTTOU"))?,
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
            say(Level::Fatal, "Failed to set up parent death signal");
            return Err(());
        }
    }
    if options.subreaper {
        match become_subreaper() {
            Ok(()) => say(Level::Trace, "Registered as child subreaper"),
            Err(Errno::EINVAL) => {
                say(
                    Level::Fatal,
                    "PR_SET_CHILD_SUBREAPER is unavailable on this platform. Are you using Linux >= 3.4?",
                );
                return Err(());
            }
            Err(e) => {
                say(
                    Level::Fatal,
                    format!("Failed to register as child subreaper: {}", strerror(e)),
                );
                return Err(());
            }
        }
    }
    reaper_check();

    let child = spawn(options, guard, &launched)?;
    let main_pid = child.pid();
    let mut children = [Some(child)];
    let mut events = Events::new(Some(guard)).map_err(|e| {
        say(
            Level::Fatal,
            format!("Unexpected error in the event wait: '{}'", strerror(e)),
        )
    })?;
    let mut exit_code = None;
    loop {
        match events.wait(&mut children, None) {
            Ok(Some(Event::Signal(info))) if info.signal == Signal::CHLD => {
                say(Level::Debug, "Received SIGCHLD");
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
                say(
                    Level::Debug,
                    format!("Reaped child with pid: '{}'", main_pid.as_raw()),
                );
                exit_code = Some(main_status(status, options)?);
            }
            Ok(Some(Event::Fd { .. }) | None) => {}
            Err(e) => {
                say(
                    Level::Fatal,
                    format!("Unexpected error in the event wait: '{}'", strerror(e)),
                );
                return Err(());
            }
        }
        let mut main_ended = None;
        let sweep = reap_all_exited(&mut children, |reaped| {
            if shown(Level::Debug) {
                say(
                    Level::Debug,
                    format!("Reaped child with pid: '{}'", reaped.pid.as_raw()),
                );
            }
            if reaped.index.is_some() {
                // Reported here, in the sweep's order, as tini does.
                main_ended = Some(main_status(Ok(reaped.status), options));
            } else if options.warn_on_reap {
                say(
                    Level::Warn,
                    format!("Reaped zombie process with pid={}", reaped.pid.as_raw()),
                );
            }
        });
        match sweep {
            Ok(sweep) if sweep.children_left => say(Level::Trace, "No child to reap"),
            Ok(_) => say(Level::Trace, "No child to wait"),
            Err(e) => {
                say(
                    Level::Fatal,
                    format!("Error while waiting for pids: '{}'", strerror(e)),
                );
                return Err(());
            }
        }
        if let Some(code) = main_ended {
            exit_code = Some(code?);
        }
        if let Some(code) = exit_code {
            say(Level::Trace, "Exiting: child has exited");
            return Ok(code);
        }
    }
}

/// Warns unless orphans will be re-parented to init.
fn reaper_check() {
    if Pid::this().as_raw() == 1 {
        return;
    }
    match is_subreaper() {
        Ok(true) => return,
        Ok(false) => {}
        Err(e) => say(
            Level::Debug,
            format!("Failed to read child subreaper attribute: {}", strerror(e)),
        ),
    }
    say(Level::Warn, REAPER_WARNING);
}

const REAPER_WARNING: &str = "Tini is not running as PID 1 and isn't registered as a child subreaper.
Zombie processes will not be re-parented to Tini, so zombie reaping won't work.
To fix the problem, use the -s option or set the environment variable TINI_SUBREAPER to register Tini as a child subreaper, or run Tini as PID 1.";

/// Forks the child, which execs PROGRAM.
fn spawn(options: &Options, guard: &MaskGuard, launched: &Launched) -> Result<Child, ()> {
    // Arguments come from argv, which cannot hold a NUL.
    let command: Vec<CString> = options
        .command
        .iter()
        .map(|a| CString::new(a.as_bytes()).unwrap_or_default())
        .collect();
    let mut argv: Vec<*const c_char> = command.iter().map(|a| a.as_ptr()).collect();
    argv.push(std::ptr::null());
    let Some(file) = command.first() else {
        return Err(());
    };
    let mut fork_options = ForkOptions::new().own_group();
    if let Some(sig) = options.parent_death {
        fork_options = fork_options.die_with_parent(sig);
    }
    // SAFETY: init is single-threaded, so the child may call anything; it
    // ends in `exec` or `exit`, and an unwind is caught there.
    match unsafe { fork_options.fork() } {
        Err(e) => {
            say(Level::Fatal, format!("fork failed: {}", strerror(e)));
            Err(())
        }
        Ok(Fork::Child) => {
            let code = std::panic::catch_unwind(AssertUnwindSafe(|| {
                exec_child(guard, launched, file, &argv)
            }));
            exit(code.unwrap_or(1))
        }
        Ok(Fork::Parent(child)) => {
            say(
                Level::Info,
                [
                    &b"Spawned child process '"[..],
                    file.to_bytes(),
                    format!("' with pid '{}'", child.pid().as_raw()).as_bytes(),
                ]
                .concat(),
            );
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
        Err(Errno::ENOTTY) => say(Level::Debug, "tcsetpgrp failed: no tty (ok to proceed)"),
        // lx-branded zones.
        Err(e) if e.raw() == libc::ENXIO => say(
            Level::Debug,
            "tcsetpgrp failed: no such device (ok to proceed)",
        ),
        Err(e) => {
            say(Level::Fatal, format!("tcsetpgrp failed: {}", strerror(e)));
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
        say(
            Level::Fatal,
            format!("Restoring child signal mask failed: '{}'", strerror(e)),
        );
        return 1;
    }
    for (sig, was) in [
        (Signal::TTIN, launched.ttin),
        (Signal::TTOU, launched.ttou),
        (Signal::CHLD, launched.chld),
    ] {
        // A handler is reset by `exec` anyway: only "ignore" survives it.
        let done = match was {
            Disposition::Ignore => ignore(sig),
            _ => reset_disposition(sig),
        };
        if let Err(e) = done {
            say(
                Level::Fatal,
                format!("Restoring {} handler failed: '{}'", sig.name(), strerror(e)),
            );
            return 1;
        }
    }
    // SAFETY: `argv` holds pointers into live `CString`s and ends with null.
    let err = unsafe { raw::execvp(file, argv.as_ptr()) };
    let status = match err {
        Errno::ENOENT => 127,
        Errno::EACCES => 126,
        _ => 1,
    };
    say(
        Level::Fatal,
        [
            &b"exec "[..],
            file.to_bytes(),
            b" failed: ",
            strerror(err).as_bytes(),
        ]
        .concat(),
    );
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
    // Said after the signal is sent, and formatted only if shown: the
    // child's handler need not wait for a message (`init-cli` measures it).
    if shown(Level::Debug) {
        say(
            Level::Debug,
            format!("Passing signal: '{}'", strsignal(sig)),
        );
    }
    match sent {
        Ok(()) => Ok(()),
        Err(Errno::ESRCH) => {
            say(Level::Warn, "Child was dead when forwarding signal");
            Ok(())
        }
        Err(e) => {
            say(
                Level::Fatal,
                format!("Unexpected error when forwarding signal: '{}'", strerror(e)),
            );
            Err(())
        }
    }
}

/// The main child's end as init's exit status.
fn main_status(status: Result<WaitStatus, Errno>, options: &Options) -> Result<c_int, ()> {
    let code = match status {
        Ok(WaitStatus::Exited(code)) => {
            say(
                Level::Info,
                format!("Main child exited normally (with status '{code}')"),
            );
            code
        }
        Ok(WaitStatus::Signaled { signal, .. }) => {
            say(
                Level::Info,
                format!(
                    "Main child exited with signal (with signal '{}')",
                    strsignal(signal)
                ),
            );
            128 + signal.as_raw()
        }
        _ => {
            say(Level::Fatal, "Main child exited for unknown reason");
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

/// tini's usage text; the first line names this program's version.
fn usage(prog: &[u8]) -> Vec<u8> {
    // `basename(3)`, GNU's: what follows the last slash.
    let name = prog.rsplit(|&b| b == b'/').next().unwrap_or(prog);
    [
        name,
        b" (",
        VERSION.as_bytes(),
        b")\nUsage: ",
        name,
        b" [OPTIONS] PROGRAM -- [ARGS] | --version\n\n",
        b"Execute a program under the supervision of a valid init process (",
        name,
        b")\n\n",
        USAGE.as_bytes(),
    ]
    .concat()
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
