//! `cargo run --example tsh -- [-hvp]` — a job-control shell in the style
//! of the one systems courses teach with ("tiny shell"), with **no signal
//! handler**: every signal, every change of a job's state and every line
//! typed is learned from one wait, procsig's event wait
//! ([`procsig::Events`]).
//!
//! ```text
//! tsh> ./myspin 100 &
//! [1] (4242) ./myspin 100 &
//! tsh> ./mystop 2
//! Job [2] (4244) stopped by signal 20
//! tsh> jobs
//! [1] (4242) Running ./myspin 100 &
//! [2] (4244) Stopped ./mystop 2
//! tsh> fg %2
//! tsh> quit
//! ```
//!
//! # What it does (the course's interface)
//! - `-p` prints no prompt (for drivers), `-v` prints extra diagnostics on
//!   standard error, `-h` prints the usage (status 1, as does an unknown
//!   option). The prompt is `tsh> `. End of input, `quit`, `SIGHUP` and
//!   `SIGTERM` end the shell (status 0), `SIGQUIT` too (status 1, with the
//!   course's "Terminating after receipt of SIGQUIT signal").
//! - A line is a command and its arguments (words split at blanks,
//!   `'single quotes'` keep blanks), found with a `PATH` search, optionally
//!   ending with `&` for a background job; `a | b | c [&]` is a pipeline,
//!   one job. Each job runs in its own process group, led by its first
//!   process, whose pid is the job's `(PID)`.
//! - A background job prints `[JID] (PID) COMMAND LINE`. The shell waits
//!   for a foreground job until every process of it has ended, or every
//!   one still alive is stopped.
//! - `SIGINT` and `SIGTSTP` sent to the shell go to the foreground job's
//!   whole group, and to nobody when there is none: the shell is never
//!   interrupted or stopped by them.
//! - `Job [JID] (PID) terminated by signal N` when a job's last process
//!   (the last of a pipeline, as shells report a pipeline's status) was
//!   killed by a signal; `Job [JID] (PID) stopped by signal N` when a job
//!   stops; a job that exits is removed silently. Background jobs too, as
//!   soon as the shell learns of it (it reports before each prompt, and
//!   while it waits for input or for a foreground job).
//! - Built-ins: `jobs`, `bg JOB`, `fg JOB` (`JOB` is `%JID` or the PID of
//!   one of its processes), `quit`, with the course's messages. Job ids
//!   start at 1; the smallest free one is reused.
//! - A command that cannot be run prints `NAME: Command not found`. The
//!   shell learns it from the child (a close-on-exec pipe that `exec`
//!   closes, or that carries the error), read without ever waiting on it:
//!   the shell waits for every command's answer in the event wait, so the
//!   messages come in stage order before anything else about that line,
//!   unless the job stops first (a stage may stop its group before a later
//!   one has `exec`ed): the answers still missing are then read when the
//!   job is next looked at (an event of one of its processes, or before
//!   the next prompt), and their messages come then, after "stopped". A
//!   line none of whose commands could run makes no job.
//!
//! # No handler, no race
//! The course's lesson is the race between a `SIGCHLD` handler and the job
//! table (a child that ends before the parent has added it), closed by
//! blocking `SIGCHLD` around `fork`. Here `INT`, `TSTP`, `CHLD`, `HUP`,
//! `TERM` and `QUIT` are blocked for the whole life of the shell
//! ([`SigSet::block`]), so nothing interrupts it; they wait, pending, until
//! [`Events::wait`] reads them (from a signalfd on Linux; on macOS and
//! FreeBSD a kqueue reports them and the wait takes each), together with
//! each job process's end (its pidfd; on a kqueue an `EVFILT_PROC`
//! filter), stops and continues
//! ([`Events::with_stops`]) and standard input. A child's state is
//! reported against the handle in the job table, so it cannot be reported
//! before the job exists. Children get the shell's original mask back
//! before `exec`, and the default action of `SIGPIPE`, `SIGTSTP`,
//! `SIGTTIN` and `SIGTTOU`, whatever the shell's launcher left ignored
//! (tmux's server ignores `SIGTTIN` and `SIGTTOU`: a background job
//! reading the terminal must still stop).
//!
//! # The terminal
//! When standard input is a terminal (and the shell is in its foreground
//! group) the shell leads its own process group in the foreground, hands the terminal to each foreground job
//! ([`Terminal::give_to`], done by the child too, so the job never reads
//! before it has it) and takes it back when the job stops or ends
//! ([`Terminal::take_back`]); the `SIGTTOU` rule is handled there. Ctrl-C
//! and Ctrl-Z typed at the terminal therefore reach the job's group and
//! never the shell. A stopped full-screen program (`vi`, `less`) redraws
//! itself on `fg`: it gets `SIGCONT` and the terminal back. The shell does
//! not save and restore terminal modes (`stty`): a program killed in raw
//! mode leaves the terminal so, as under the course's shell.
//!
//! When standard input is not a terminal, the shell starts a new session
//! ([`new_session`]), so its jobs' groups belong to a session whose only
//! other member is the shell (`setsid` refuses a process that already
//! leads a group, e.g. `tsh < file` run by an interactive shell; it then
//! stays where it is). Started in the background of a terminal
//! (`tsh &`), it leaves the terminal alone, and is stopped by `SIGTTIN`
//! when it reads it, until it is brought to the foreground.
//!
//! # Nothing left behind
//! When the shell ends it sends every job's group `SIGHUP`, then `SIGCONT`
//! (so that a stopped job sees the hang-up), as a login shell does. If it
//! is killed outright (`SIGKILL`), its jobs are re-parented to a process
//! outside their session (that is why the piped shell makes its own): each
//! job's group is then orphaned, and the kernel itself sends `SIGHUP` and
//! `SIGCONT` to every group that has a stopped process (POSIX's orphaned
//! process group rule). No stopped job is ever left stopped.
//!
//! # Exit status
//! 0 at the end of input, `quit`, `SIGHUP` or `SIGTERM`; 1 for `-h`, a bad
//! option, `SIGQUIT`, or an error writing to standard output (or any other
//! failure of the shell itself, with a message on standard error).
//!
//! Linux, macOS and FreeBSD (the targets with the event wait); elsewhere
//! (OpenBSD, NetBSD, the macOS-like build switch) it says so and exits
//! with 1. It ran on Linux only: on macOS and FreeBSD it is compiled and
//! linted, and `tests/tsh.rs`, whose watchdogs are pidfds, is Linux-only.
//! On macOS a terminal that the kernel's kqueue cannot watch would make
//! the shell fail with the error of [`Events::watch`], said on standard
//! error.
//!
//! [`SigSet::block`]: procsig::SigSet::block
//! [`Terminal::give_to`]: procsig::Terminal::give_to
//! [`Terminal::take_back`]: procsig::Terminal::take_back
//! [`new_session`]: procsig::new_session

/// `eprintln!` that ignores a failed write (`eprintln!` panics on one).
macro_rules! warn {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

#[cfg(any(procsig_linux, procsig_kqueue))]
mod jobs;
#[cfg(any(procsig_linux, procsig_kqueue))]
mod launch;
#[cfg(any(procsig_linux, procsig_kqueue))]
mod parse;
// A pipe with flags: `pipe2`, or on macOS, which has none, `pipe` + `fcntl`.
#[cfg_attr(not(target_vendor = "apple"), path = "pipe2.rs")]
#[cfg_attr(target_vendor = "apple", path = "pipe_apple.rs")]
#[cfg(any(procsig_linux, procsig_kqueue))]
mod pipe;
#[cfg(any(procsig_linux, procsig_kqueue))]
mod shell;

const USAGE: &str = "Usage: tsh [-hvp]
   -h   print this message
   -v   print additional diagnostic information
   -p   do not emit a command prompt
";

/// What the command line asked for.
struct Options {
    prompt: bool,
    verbose: bool,
}

/// `-h`, `-v`, `-p`, combined as getopt allows (`-vp`); `None` for `-h`,
/// an unknown option or an operand.
fn options() -> Option<Options> {
    let mut options = Options {
        prompt: true,
        verbose: false,
    };
    for arg in std::env::args_os().skip(1) {
        let arg = arg.as_encoded_bytes();
        let letters = arg.strip_prefix(b"-").filter(|l| !l.is_empty())?;
        for letter in letters {
            match letter {
                b'v' => options.verbose = true,
                b'p' => options.prompt = false,
                _ => return None,
            }
        }
    }
    Some(options)
}

fn main() {
    let Some(options) = options() else {
        use std::io::Write;
        let _ = std::io::stdout().write_all(USAGE.as_bytes());
        std::process::exit(1);
    };
    #[cfg(any(procsig_linux, procsig_kqueue))]
    std::process::exit(shell::run(options));
    #[cfg(not(any(procsig_linux, procsig_kqueue)))]
    {
        let _ = options.prompt || options.verbose;
        warn!("tsh: needs procsig's event wait, which this target does not have (Linux, macOS and FreeBSD do)");
        std::process::exit(1);
    }
}
