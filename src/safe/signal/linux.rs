//! Linux's signals, as `man 7 signal` lists them: numbers from the `libc`
//! crate, default actions and one-line descriptions.

use core::ffi::c_int;

use crate::safe::signal::default_action::DefaultAction::{Continue, Core, Ignore, Stop, Terminate};
use crate::safe::signal::table::{row, Entry};

/// Linux and Android, as `man 7 signal` lists them (in number order on x86
/// and ARM; other architectures renumber some, and the constants follow).
pub(crate) const TABLE: &[Entry] = &[
    row(
        libc::SIGHUP,
        "SIGHUP",
        Terminate,
        "hangup of controlling terminal or death of controlling process",
    ),
    row(libc::SIGINT, "SIGINT", Terminate, "interrupt from keyboard"),
    row(libc::SIGQUIT, "SIGQUIT", Core, "quit from keyboard"),
    row(libc::SIGILL, "SIGILL", Core, "illegal instruction"),
    row(libc::SIGTRAP, "SIGTRAP", Core, "trace/breakpoint trap"),
    row(libc::SIGABRT, "SIGABRT", Core, "abort signal from abort(3)"),
    row(
        libc::SIGBUS,
        "SIGBUS",
        Core,
        "bus error (bad memory access)",
    ),
    row(libc::SIGFPE, "SIGFPE", Core, "floating-point exception"),
    row(
        libc::SIGKILL,
        "SIGKILL",
        Terminate,
        "kill signal (cannot be caught, blocked or ignored)",
    ),
    row(libc::SIGUSR1, "SIGUSR1", Terminate, "user-defined signal 1"),
    row(libc::SIGSEGV, "SIGSEGV", Core, "invalid memory reference"),
    row(libc::SIGUSR2, "SIGUSR2", Terminate, "user-defined signal 2"),
    row(
        libc::SIGPIPE,
        "SIGPIPE",
        Terminate,
        "broken pipe: write to pipe with no readers",
    ),
    row(
        libc::SIGALRM,
        "SIGALRM",
        Terminate,
        "timer signal from alarm(2)",
    ),
    row(libc::SIGTERM, "SIGTERM", Terminate, "termination signal"),
    // The only row that depends on the architecture: MIPS and SPARC have
    // no SIGSTKFLT.
    #[cfg(procsig_stkflt)]
    row(
        libc::SIGSTKFLT,
        "SIGSTKFLT",
        Terminate,
        "stack fault on coprocessor (unused)",
    ),
    row(
        libc::SIGCHLD,
        "SIGCHLD",
        Ignore,
        "child stopped, continued or terminated",
    ),
    row(libc::SIGCONT, "SIGCONT", Continue, "continue if stopped"),
    row(
        libc::SIGSTOP,
        "SIGSTOP",
        Stop,
        "stop process (cannot be caught, blocked or ignored)",
    ),
    row(libc::SIGTSTP, "SIGTSTP", Stop, "stop typed at terminal"),
    row(
        libc::SIGTTIN,
        "SIGTTIN",
        Stop,
        "terminal input for background process",
    ),
    row(
        libc::SIGTTOU,
        "SIGTTOU",
        Stop,
        "terminal output for background process",
    ),
    row(libc::SIGURG, "SIGURG", Ignore, "urgent condition on socket"),
    row(libc::SIGXCPU, "SIGXCPU", Core, "CPU time limit exceeded"),
    row(libc::SIGXFSZ, "SIGXFSZ", Core, "file size limit exceeded"),
    row(
        libc::SIGVTALRM,
        "SIGVTALRM",
        Terminate,
        "virtual alarm clock",
    ),
    row(
        libc::SIGPROF,
        "SIGPROF",
        Terminate,
        "profiling timer expired",
    ),
    row(libc::SIGWINCH, "SIGWINCH", Ignore, "window resize signal"),
    row(libc::SIGIO, "SIGIO", Terminate, "I/O now possible"),
    row(libc::SIGPWR, "SIGPWR", Terminate, "power failure"),
    row(libc::SIGSYS, "SIGSYS", Core, "bad system call"),
];

/// Other spellings accepted by `Signal::from_str`, without the `SIG` prefix.
pub(crate) const ALIASES: &[(&str, c_int)] = &[
    ("IOT", libc::SIGABRT),
    ("CLD", libc::SIGCHLD),
    ("POLL", libc::SIGIO),
];
