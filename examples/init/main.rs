//! `cargo run --example init -- [-s] [-g] [-w] [-v] [-e CODE]... [-p SIG] [--] PROGRAM [ARGS]`
//! — a container init compatible with tini 0.19 (`docker run --init`), on
//! procsig's event wait.
//!
//! It runs PROGRAM as its child, passes on the signals it is sent, reaps
//! zombies, and exits with the child's status. Options, `TINI_*`
//! variables, exit statuses and messages are tini 0.19's, byte for byte
//! (tests/init.rs compares them with `/usr/bin/tini` where it is
//! installed); only the version line and the first line of the usage name
//! this program, and `-l` prints its licence, not tini's. Where it
//! behaves otherwise, on purpose, is listed under "Where it differs from
//! tini".
//!
//! # Exit statuses
//! The child's exit status, or 128 + N if it died of signal N (taken modulo
//! 256); 0 instead for a status named by `-e`. 127 when PROGRAM was not
//! found and 126 when it could not be run (other `exec` errors: 1); 1 for a
//! bad option, a bad `-e` or `-p` value, no PROGRAM, or a failure of init
//! itself. `-h`, `-l` and `--version` exit 0, even if their text could
//! not be written (as tini, which ignores `printf`'s errors).
//!
//! # How it works
//! 1. **First**, as `main` starts, before it even reads its arguments,
//!    init blocks every signal the kernel has (1 to 64) but the
//!    synchronous ones (`FPE`, `ILL`, `SEGV`, `BUS`, `ABRT`, `TRAP`,
//!    `SYS`), which must kill init itself, `TTIN`/`TTOU`, which init
//!    ignores (the child gets the terminal; init must not be stopped for
//!    writing a message), and `KILL`/`STOP`, which nothing blocks. That
//!    includes the C library's reserved signals, which procsig's
//!    [`Signal`](procsig::Signal) does not name (glibc's 32 and 33, musl's
//!    32 to 34): they are blocked with the `rt_sigprocmask` system call
//!    itself ([`procsig::raw::rt_sigprocmask`]), since the C library's
//!    `sigprocmask` strips them. So a signal that arrives from `main` on is
//!    kept pending and passed on once the child exists, not lost and not
//!    fatal to init (tini blocks after parsing its arguments). One that
//!    arrives before `main`, while the loader and the C library start the
//!    process, has its default action: no program can close that window
//!    (a launcher that blocks signals before `exec` can: init keeps them
//!    blocked, and passes on those pending).
//! 2. As PID 1 of a pid namespace, or as a child subreaper (`-s`,
//!    `TINI_SUBREAPER`: [`procsig::become_subreaper`]), every orphan of the
//!    container is re-parented to init. Otherwise it warns that zombie
//!    reaping won't work.
//! 3. The event wait (below) is made next, before the child exists: if it
//!    cannot be (no descriptor left), init fails with status 1 and no
//!    child is left running unwatched.
//! 4. The child is forked with [`ForkOptions::own_group`] (its own process
//!    group) and, for `-p`, [`ForkOptions::die_with_parent`]; in the child,
//!    [`Terminal::give_to`] hands it the terminal when standard input is
//!    one (standard input that is no terminal, or closed, is left alone),
//!    and it gets back exactly the signal mask (reserved signals included)
//!    and the `TTIN`, `TTOU` and `CHLD` dispositions that init was launched
//!    with before `execvp`.
//! 5. The child's handle is a procsig [`Child`], a pidfd on Linux 5.4+, in
//!    a `[Option<Child>; 1]`. One [`Events`] wait over the blocked signals
//!    and that slot: a signal is passed on through the handle (to its
//!    group with `-g`), never by a bare pid that may have been reused after
//!    the child ended; the child's end is reaped through the handle. The
//!    reserved signals, which [`Events`] cannot report, are read from a
//!    signalfd of init's own that the wait watches, and sent through the
//!    handle's pidfd (or to the unreaped child's pid, or `kill(-pid)` for
//!    the group after the same check of the leader as
//!    [`Child::signal_group`]). A `SIGPIPE` or `SIGXFSZ` that init raised
//!    itself (see "Write errors") is not passed on.
//! 6. After each `SIGCHLD` and the child's end, [`reap_all_exited`] reaps every exited child,
//!    orphans included (`-w` reports each); it never takes the main
//!    child's status from its handle, so a storm of signals, or an orphan
//!    ending at the same moment, cannot lose it. Once the main child has
//!    ended and the exited zombies are reaped, init exits with its status.
//!
//! # What the child inherits
//! The mask and the `TTIN`/`TTOU` dispositions init was launched with, as
//! tini; also `SIGCHLD`'s (init resets an inherited "ignore" for itself,
//! since it would make the kernel reap the child and lose its status, and
//! puts it back in the child). Nothing else changes: this program has no
//! Rust `main` (`#![no_main]`, as `examples/timeout`), so `SIGPIPE`'s
//! disposition and closed standard descriptors reach the child as init
//! got them. The descriptors init opens (the pidfd, the event wait's two,
//! the reserved signals' signalfd) are close-on-exec.
//!
//! # `-p SIGNAL`
//! As tini, init asks for SIGNAL when its own parent dies
//! (`PR_SET_PDEATHSIG`); a signal it can catch is then passed on like any
//! other. Unlike tini, the child too is forked with `die_with_parent`: it
//! gets SIGNAL when init dies, so with `-p SIGKILL` the child does not
//! outlive init. Only the child: what it started gets nothing from this
//! (a grandchild keeps running, re-parented to the nearest subreaper or
//! PID 1), unless the child passes it on.
//!
//! # Where it differs from tini in what it prints
//! The debug lines (`-vv`, verbosity 3 and up) say the same things, but a
//! child's end may be reported before the `SIGCHLD` it sent ("Reaped child
//! with pid" before "Received SIGCHLD"), and for the main child's end the
//! "Received SIGCHLD" line may not come at all: the end comes from the
//! pidfd, and init exits once it has it.
//!
//! # Where it differs from tini
//! - Signals 32 and 33 (glibc's reserved ones; 32 to 34 with musl) are
//!   passed on like any other. Debian's tini cannot block them (glibc's
//!   `sigprocmask` strips them), so one sent to it kills it and leaves its
//!   child running as an orphan; as PID 1 it drops them. A tini built on
//!   musl dies of 32 to 34 the same way. Safer than tini here: a stray
//!   signal does not take the container down.
//! - Standard input closed: the child runs (tini's child fails, "tcsetpgrp
//!   failed: Bad file descriptor", status 1).
//! - PROGRAM cannot be run and standard error is a pipe nobody reads: the
//!   status is still 127 (or 126, 1); tini's child dies of the `SIGPIPE`
//!   its "exec failed" message raises, 141.
//! - Descriptors: init needs three above 2 (the epoll instance and two
//!   signalfds; tini none). With fewer it fails before the fork
//!   ("Unexpected error in the event wait: 'Too many open files'", status
//!   1), where tini runs. A fourth, the child's pidfd, is used when there
//!   is one: with exactly three, the child's handle falls back to its pid
//!   (its end learned from `SIGCHLD`, and looked for at least once a
//!   second), and the status is kept.
//! - The static build (musl): a PROGRAM file without `#!` that the kernel
//!   cannot run (`ENOEXEC`, "Exec format error") is not run with
//!   `/bin/sh`: musl's `execvp` has no such fallback, where glibc's (the
//!   `std` build, and tini) runs `/bin/sh FILE ARGS`. Status 1 and "exec
//!   FILE failed: Exec format error"; give such a script a `#!` line.
//!   Not given glibc's behaviour: it needs `execvp`'s own PATH search
//!   done again (musl stops at the first entry that fails with
//!   `ENOEXEC`, without saying which) and an `execve` wrapper, for a case
//!   musl leaves out on purpose (docs/minimal-binaries.md).
//!
//! # Write errors and panics
//! Messages are written with `write(2)` and a failure to write one is
//! ignored, as tini ignores `fprintf`'s. A write to a pipe with no reader
//! or past `RLIMIT_FSIZE` also raises `SIGPIPE` or `SIGXFSZ` in init,
//! which it has blocked: such a signal, sent by init to itself (its sender
//! is init's pid), is dropped, not passed on; one sent by another process
//! is passed on (a second one that arrives while init's own is pending is
//! merged with it by the kernel, as any standard signal). The forked
//! child drops its own the same way before `exec`. (tini writes debug
//! messages through stdio's buffer, so it raises fewer; on standard error
//! it passes its own `SIGPIPE` on.)
//!
//! Nothing is meant to panic; here the whole program runs under
//! `catch_unwind` (status 1; in the forked child too, so an
//! unwind there ends the child, never runs the parent's code).
//!
//! # Built two ways
//! This `std` example, and a `#![no_std]` static binary: `linux.rs`,
//! `args.rs` and `say.rs` use only `core`, `libc` and procsig (no
//! allocation: the command stays in `main`'s `argv`, messages go through a
//! fixed buffer), and tests/fixture-minimal's `init` compiles those same
//! files with its own `main` and panic handler, built against musl with
//! `+crt-static` (`bash tests/fixture-minimal/check.sh` runs and measures
//! it; see docs/minimal-binaries.md). Both name signals as Debian's tini
//! does, in glibc's numbering ("Real-time signal 6" for 40, "Unknown
//! signal 32"), though musl's `SIGRTMIN` is 35. Where the static build
//! runs a script otherwise: "Where it differs from tini".
//!
//! # Targets
//! Linux only: besides the event wait (which macOS and FreeBSD have too,
//! through kqueue), it stands on reaping every exited child
//! ([`procsig::reap_all_exited`]), the child subreaper, `PR_SET_PDEATHSIG`
//! and a raw `rt_sigprocmask`, which procsig has on Linux only. Elsewhere,
//! and under the macOS-like build switch, it says so and exits 1.

// Linux: the init, with no Rust `main` (see "What the child inherits").
#![cfg_attr(procsig_linux, no_main)]

#[cfg(procsig_linux)]
mod linux;

/// The version line; the usage's first line names it too.
#[cfg(procsig_linux)]
const VERSION: &str = concat!(
    "procsig init ",
    env!("CARGO_PKG_VERSION"),
    ", compatible with tini version 0.19.0"
);

/// The C entry point (see "What the child inherits"): [`linux::init`],
/// which ends with `exit`, under `catch_unwind`.
///
/// # Safety
/// Called only by the C library's start-up, with `argc` NUL-terminated
/// strings in `argv`, then a null pointer, and the environment in `envp`,
/// all living as long as the process.
#[cfg(procsig_linux)]
#[no_mangle]
pub unsafe extern "C" fn main(
    argc: std::ffi::c_int,
    argv: *mut *const std::ffi::c_char,
    envp: *const *const std::ffi::c_char,
) -> std::ffi::c_int {
    // SAFETY: this function's own contract, which the C library keeps.
    let _ = std::panic::catch_unwind(|| unsafe { linux::init(argc, argv, envp) });
    procsig::exit(1)
}

/// Elsewhere: says what is missing.
#[cfg(not(procsig_linux))]
fn main() {
    eprintln!("init: needs Linux (procsig reaps orphans and makes a subreaper only there)");
    std::process::exit(1);
}
