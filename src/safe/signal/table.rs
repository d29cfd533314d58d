//! This platform's `man 7 signal` table: each standard signal's name,
//! default action and a one-line description.
//!
//! The numbers come from the `libc` crate's constants for the target, never
//! from this file, so the table is right for the target it is built for.
//! The blog post this crate grew from printed BSD's table; on Linux
//! `SIGCONT` is 18 (not 19), `SIGUSR1` is 10 (not 30), and there is no
//! `SIGEMT` or `SIGINFO`.

use core::ffi::c_int;

use crate::safe::signal::default_action::DefaultAction;

use DefaultAction::{Continue, Core, Ignore, Stop, Terminate};

/// One row of the table.
pub(crate) struct Entry {
    /// The signal number, from the `libc` crate's constant.
    pub(crate) signal: c_int,
    pub(crate) name: &'static str,
    pub(crate) action: DefaultAction,
    pub(crate) description: &'static str,
}

const fn row(
    signal: c_int,
    name: &'static str,
    action: DefaultAction,
    description: &'static str,
) -> Entry {
    Entry {
        signal,
        name,
        action,
        description,
    }
}

/// Linux and Android, as `man 7 signal` lists them (in number order on x86
/// and ARM; other architectures renumber some, and the constants follow).
#[cfg(procsig_table = "linux")]
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

/// macOS and the BSDs, as their `man signal` lists them.
#[cfg(procsig_table = "bsd")]
pub(crate) const TABLE: &[Entry] = &[
    row(libc::SIGHUP, "SIGHUP", Terminate, "terminal line hangup"),
    row(libc::SIGINT, "SIGINT", Terminate, "interrupt program"),
    row(libc::SIGQUIT, "SIGQUIT", Core, "quit program"),
    row(libc::SIGILL, "SIGILL", Core, "illegal instruction"),
    row(libc::SIGTRAP, "SIGTRAP", Core, "trace trap"),
    row(
        libc::SIGABRT,
        "SIGABRT",
        Core,
        "abort program (formerly SIGIOT)",
    ),
    row(libc::SIGEMT, "SIGEMT", Core, "emulate instruction executed"),
    row(libc::SIGFPE, "SIGFPE", Core, "floating-point exception"),
    row(
        libc::SIGKILL,
        "SIGKILL",
        Terminate,
        "kill program (cannot be caught, blocked or ignored)",
    ),
    row(libc::SIGBUS, "SIGBUS", Core, "bus error"),
    row(libc::SIGSEGV, "SIGSEGV", Core, "segmentation violation"),
    row(
        libc::SIGSYS,
        "SIGSYS",
        Core,
        "non-existent system call invoked",
    ),
    row(
        libc::SIGPIPE,
        "SIGPIPE",
        Terminate,
        "write on a pipe with no reader",
    ),
    row(
        libc::SIGALRM,
        "SIGALRM",
        Terminate,
        "real-time timer expired",
    ),
    row(
        libc::SIGTERM,
        "SIGTERM",
        Terminate,
        "software termination signal",
    ),
    row(
        libc::SIGURG,
        "SIGURG",
        Ignore,
        "urgent condition present on socket",
    ),
    row(
        libc::SIGSTOP,
        "SIGSTOP",
        Stop,
        "stop (cannot be caught, blocked or ignored)",
    ),
    row(
        libc::SIGTSTP,
        "SIGTSTP",
        Stop,
        "stop signal generated from keyboard",
    ),
    row(libc::SIGCONT, "SIGCONT", Continue, "continue after stop"),
    row(libc::SIGCHLD, "SIGCHLD", Ignore, "child status has changed"),
    row(
        libc::SIGTTIN,
        "SIGTTIN",
        Stop,
        "background read attempted from control terminal",
    ),
    row(
        libc::SIGTTOU,
        "SIGTTOU",
        Stop,
        "background write attempted to control terminal",
    ),
    row(
        libc::SIGIO,
        "SIGIO",
        Ignore,
        "I/O is possible on a descriptor",
    ),
    row(
        libc::SIGXCPU,
        "SIGXCPU",
        Terminate,
        "cpu time limit exceeded",
    ),
    row(
        libc::SIGXFSZ,
        "SIGXFSZ",
        Terminate,
        "file size limit exceeded",
    ),
    row(
        libc::SIGVTALRM,
        "SIGVTALRM",
        Terminate,
        "virtual time alarm",
    ),
    row(libc::SIGPROF, "SIGPROF", Terminate, "profiling timer alarm"),
    row(libc::SIGWINCH, "SIGWINCH", Ignore, "window size change"),
    row(
        libc::SIGINFO,
        "SIGINFO",
        Ignore,
        "status request from keyboard",
    ),
    row(libc::SIGUSR1, "SIGUSR1", Terminate, "user defined signal 1"),
    row(libc::SIGUSR2, "SIGUSR2", Terminate, "user defined signal 2"),
];

/// Other spellings accepted by `Signal::from_str`, without the `SIG` prefix.
#[cfg(procsig_table = "linux")]
pub(crate) const ALIASES: &[(&str, c_int)] = &[
    ("IOT", libc::SIGABRT),
    ("CLD", libc::SIGCHLD),
    ("POLL", libc::SIGIO),
];

/// Other spellings accepted by `Signal::from_str`, without the `SIG` prefix.
#[cfg(procsig_table = "bsd")]
pub(crate) const ALIASES: &[(&str, c_int)] = &[("IOT", libc::SIGABRT)];

pub(crate) fn lookup(signo: c_int) -> Option<&'static Entry> {
    TABLE.iter().find(|e| e.signal == signo)
}
