//! This platform's `man 7 signal` table: each standard signal's name,
//! default action and a one-line description.
//!
//! The numbers come from the `libc` crate's constants for the target, never
//! from this file, so the table is right for the target it is built for.
//! The blog post this crate grew from printed BSD's table; on Linux
//! `SIGCONT` is 18 (not 19), `SIGUSR1` is 10 (not 30), and there is no
//! `SIGEMT` or `SIGINFO`.

use super::signal::{DefaultAction, Signal};

use DefaultAction::{Continue, Core, Ignore, Stop, Terminate};

/// One row of the table.
pub(crate) struct Entry {
    pub(crate) signal: Signal,
    pub(crate) name: &'static str,
    pub(crate) action: DefaultAction,
    pub(crate) description: &'static str,
}

const fn row(
    signal: Signal,
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
        Signal::HUP,
        "SIGHUP",
        Terminate,
        "hangup of controlling terminal or death of controlling process",
    ),
    row(Signal::INT, "SIGINT", Terminate, "interrupt from keyboard"),
    row(Signal::QUIT, "SIGQUIT", Core, "quit from keyboard"),
    row(Signal::ILL, "SIGILL", Core, "illegal instruction"),
    row(Signal::TRAP, "SIGTRAP", Core, "trace/breakpoint trap"),
    row(Signal::ABRT, "SIGABRT", Core, "abort signal from abort(3)"),
    row(Signal::BUS, "SIGBUS", Core, "bus error (bad memory access)"),
    row(Signal::FPE, "SIGFPE", Core, "floating-point exception"),
    row(
        Signal::KILL,
        "SIGKILL",
        Terminate,
        "kill signal (cannot be caught, blocked or ignored)",
    ),
    row(Signal::USR1, "SIGUSR1", Terminate, "user-defined signal 1"),
    row(Signal::SEGV, "SIGSEGV", Core, "invalid memory reference"),
    row(Signal::USR2, "SIGUSR2", Terminate, "user-defined signal 2"),
    row(
        Signal::PIPE,
        "SIGPIPE",
        Terminate,
        "broken pipe: write to pipe with no readers",
    ),
    row(
        Signal::ALRM,
        "SIGALRM",
        Terminate,
        "timer signal from alarm(2)",
    ),
    row(Signal::TERM, "SIGTERM", Terminate, "termination signal"),
    // The only row that depends on the architecture: MIPS and SPARC have
    // no SIGSTKFLT.
    #[cfg(procsig_stkflt)]
    row(
        Signal::STKFLT,
        "SIGSTKFLT",
        Terminate,
        "stack fault on coprocessor (unused)",
    ),
    row(
        Signal::CHLD,
        "SIGCHLD",
        Ignore,
        "child stopped, continued or terminated",
    ),
    row(Signal::CONT, "SIGCONT", Continue, "continue if stopped"),
    row(
        Signal::STOP,
        "SIGSTOP",
        Stop,
        "stop process (cannot be caught, blocked or ignored)",
    ),
    row(Signal::TSTP, "SIGTSTP", Stop, "stop typed at terminal"),
    row(
        Signal::TTIN,
        "SIGTTIN",
        Stop,
        "terminal input for background process",
    ),
    row(
        Signal::TTOU,
        "SIGTTOU",
        Stop,
        "terminal output for background process",
    ),
    row(Signal::URG, "SIGURG", Ignore, "urgent condition on socket"),
    row(Signal::XCPU, "SIGXCPU", Core, "CPU time limit exceeded"),
    row(Signal::XFSZ, "SIGXFSZ", Core, "file size limit exceeded"),
    row(
        Signal::VTALRM,
        "SIGVTALRM",
        Terminate,
        "virtual alarm clock",
    ),
    row(
        Signal::PROF,
        "SIGPROF",
        Terminate,
        "profiling timer expired",
    ),
    row(Signal::WINCH, "SIGWINCH", Ignore, "window resize signal"),
    row(Signal::IO, "SIGIO", Terminate, "I/O now possible"),
    row(Signal::PWR, "SIGPWR", Terminate, "power failure"),
    row(Signal::SYS, "SIGSYS", Core, "bad system call"),
];

/// macOS and the BSDs, as their `man signal` lists them.
#[cfg(procsig_table = "bsd")]
pub(crate) const TABLE: &[Entry] = &[
    row(Signal::HUP, "SIGHUP", Terminate, "terminal line hangup"),
    row(Signal::INT, "SIGINT", Terminate, "interrupt program"),
    row(Signal::QUIT, "SIGQUIT", Core, "quit program"),
    row(Signal::ILL, "SIGILL", Core, "illegal instruction"),
    row(Signal::TRAP, "SIGTRAP", Core, "trace trap"),
    row(
        Signal::ABRT,
        "SIGABRT",
        Core,
        "abort program (formerly SIGIOT)",
    ),
    row(Signal::EMT, "SIGEMT", Core, "emulate instruction executed"),
    row(Signal::FPE, "SIGFPE", Core, "floating-point exception"),
    row(
        Signal::KILL,
        "SIGKILL",
        Terminate,
        "kill program (cannot be caught, blocked or ignored)",
    ),
    row(Signal::BUS, "SIGBUS", Core, "bus error"),
    row(Signal::SEGV, "SIGSEGV", Core, "segmentation violation"),
    row(
        Signal::SYS,
        "SIGSYS",
        Core,
        "non-existent system call invoked",
    ),
    row(
        Signal::PIPE,
        "SIGPIPE",
        Terminate,
        "write on a pipe with no reader",
    ),
    row(
        Signal::ALRM,
        "SIGALRM",
        Terminate,
        "real-time timer expired",
    ),
    row(
        Signal::TERM,
        "SIGTERM",
        Terminate,
        "software termination signal",
    ),
    row(
        Signal::URG,
        "SIGURG",
        Ignore,
        "urgent condition present on socket",
    ),
    row(
        Signal::STOP,
        "SIGSTOP",
        Stop,
        "stop (cannot be caught, blocked or ignored)",
    ),
    row(
        Signal::TSTP,
        "SIGTSTP",
        Stop,
        "stop signal generated from keyboard",
    ),
    row(Signal::CONT, "SIGCONT", Continue, "continue after stop"),
    row(Signal::CHLD, "SIGCHLD", Ignore, "child status has changed"),
    row(
        Signal::TTIN,
        "SIGTTIN",
        Stop,
        "background read attempted from control terminal",
    ),
    row(
        Signal::TTOU,
        "SIGTTOU",
        Stop,
        "background write attempted to control terminal",
    ),
    row(
        Signal::IO,
        "SIGIO",
        Ignore,
        "I/O is possible on a descriptor",
    ),
    row(
        Signal::XCPU,
        "SIGXCPU",
        Terminate,
        "cpu time limit exceeded",
    ),
    row(
        Signal::XFSZ,
        "SIGXFSZ",
        Terminate,
        "file size limit exceeded",
    ),
    row(Signal::VTALRM, "SIGVTALRM", Terminate, "virtual time alarm"),
    row(Signal::PROF, "SIGPROF", Terminate, "profiling timer alarm"),
    row(Signal::WINCH, "SIGWINCH", Ignore, "window size change"),
    row(
        Signal::INFO,
        "SIGINFO",
        Ignore,
        "status request from keyboard",
    ),
    row(Signal::USR1, "SIGUSR1", Terminate, "user defined signal 1"),
    row(Signal::USR2, "SIGUSR2", Terminate, "user defined signal 2"),
];

/// Other spellings accepted by `Signal::from_str`, without the `SIG` prefix.
#[cfg(procsig_table = "linux")]
pub(crate) const ALIASES: &[(&str, Signal)] = &[
    ("IOT", Signal::ABRT),
    ("CLD", Signal::CHLD),
    ("POLL", Signal::IO),
];

/// Other spellings accepted by `Signal::from_str`, without the `SIG` prefix.
#[cfg(procsig_table = "bsd")]
pub(crate) const ALIASES: &[(&str, Signal)] = &[("IOT", Signal::ABRT)];

pub(crate) fn lookup(signal: Signal) -> Option<&'static Entry> {
    TABLE.iter().find(|e| e.signal == signal)
}
