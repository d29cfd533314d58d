//! The signals of the BSDs and Apple's systems, as their `signal(3)` lists
//! them: the blog post's table.

use core::ffi::c_int;

use crate::safe::signal::default_action::DefaultAction::{Continue, Core, Ignore, Stop, Terminate};
use crate::safe::signal::table::{row, Entry};

/// macOS and the BSDs, as their `man signal` lists them.
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
pub(crate) const ALIASES: &[(&str, c_int)] = &[("IOT", libc::SIGABRT)];
