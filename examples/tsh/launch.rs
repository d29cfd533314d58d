//! Starting a job: one forked process per command of the pipeline, all in
//! the group of the first, joined by pipes; each reports whether its
//! `exec` worked through a close-on-exec pipe.

use std::ffi::{c_char, c_int, CString};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

use procsig::{
    exit, raw, reset_disposition, Child, Errno, Fork, ForkOptions, Pid, SigSet, Signal, Terminal,
};

/// A process started for one command of a line.
pub struct Started {
    pub child: Child,
    /// The command's name, for "Command not found".
    pub name: String,
    /// The read end of its exec-report pipe (non-blocking): see
    /// [`exec_report`].
    pub report: OwnedFd,
}

/// What every child of the shell needs.
pub struct Setup<'a> {
    /// The mask the shell started with: the job gets it back.
    pub mask: &'a SigSet,
    /// The terminal, for a foreground job of an interactive shell.
    pub terminal: Option<Terminal>,
}

/// A close-on-exec pipe: (read end, write end).
fn pipe() -> Result<(OwnedFd, OwnedFd), Errno> {
    pipe_with(libc::O_CLOEXEC)
}

/// A pipe with `flags` (`O_CLOEXEC` among them): (read end, write end).
fn pipe_with(flags: c_int) -> Result<(OwnedFd, OwnedFd), Errno> {
    let fds = crate::pipe::pipe_with(flags)?;
    // SAFETY: both are new descriptors that nothing else owns.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// Starts every command of `stages`; `Err` only when the shell cannot
/// (no descriptor, no process); what was started by then is returned
/// too, to be waited for.
pub fn start(stages: &[Vec<String>], setup: &Setup) -> (Vec<Started>, Option<Errno>) {
    let mut started: Vec<Started> = Vec::new();
    // The read end of the previous command's output pipe.
    let mut input: Option<OwnedFd> = None;
    let mut error = None;
    for (i, words) in stages.iter().enumerate() {
        let argv: Vec<CString> = words
            .iter()
            .map(|w| CString::new(w.replace('\0', "")).unwrap_or_default())
            .collect();
        let mut pointers: Vec<*const c_char> = argv.iter().map(|a| a.as_ptr()).collect();
        pointers.push(std::ptr::null());
        let last = i + 1 == stages.len();
        let made = (|| {
            let output = if last { None } else { Some(pipe()?) };
            // Non-blocking: the shell never waits on it (a stage may stop
            // the group before a later one has `exec`ed); the child's one
            // 4-byte write to the empty pipe cannot block either.
            let report = pipe_with(libc::O_CLOEXEC | libc::O_NONBLOCK)?;
            Ok::<_, Errno>((output, report))
        })();
        let (output, report) = match made {
            Ok(pipes) => pipes,
            Err(e) => {
                error = Some(e);
                break;
            }
        };
        let group = started.first().map(|s| s.child.pid());
        let options = match group {
            None => ForkOptions::new().own_group(),
            Some(_) => ForkOptions::new(),
        };
        // SAFETY: the shell has one thread; the child runs `in_child`,
        // which only makes async-signal-safe calls (and `execvp`, fine in
        // the child of a single-threaded process) and never returns.
        let child = match unsafe { options.fork() } {
            Ok(Fork::Child) => in_child(&ChildPlan {
                group,
                input: input.as_ref().map(AsRawFd::as_raw_fd),
                output: output.as_ref().map(|(_, w)| w.as_raw_fd()),
                report: report.1.as_raw_fd(),
                argv: &pointers,
                setup,
            }),
            Ok(Fork::Parent(child)) => child,
            Err(e) => {
                error = Some(e);
                break;
            }
        };
        if let Some(group) = group {
            // Both sides join the group, so it is right whichever runs
            // first. `EACCES` (it has already `exec`ed, and joined) and
            // `ESRCH` (it is gone) are fine.
            // SAFETY: plain integers.
            let _ = unsafe { raw::setpgid(child.pid().as_raw(), group.as_raw()) };
        }
        if let (Some(terminal), None) = (setup.terminal, group) {
            let _ = terminal.give_to(child.pid());
        }
        drop(report.1);
        input = output.map(|(r, _)| r);
        started.push(Started {
            child,
            name: words.first().cloned().unwrap_or_default(),
            report: report.0,
        });
    }
    drop(input);
    (started, error)
}

/// Reads a child's report without waiting: `None` while it has neither
/// `exec`ed nor failed (it may be stopped before its `exec`: the shell
/// must not wait for it), `Some(false)` at end of file (its `exec` closed
/// the pipe), `Some(true)` for the `errno` of a failed `exec`. Once the
/// child has ended, the answer is never `None`.
pub fn exec_report(report: &OwnedFd) -> Option<bool> {
    let mut buf = [0u8; 4];
    loop {
        // SAFETY: a descriptor we own, a live buffer.
        match unsafe { raw::read(report.as_raw_fd(), &mut buf) } {
            Ok(n) => return Some(n > 0),
            Err(Errno::EINTR) => continue,
            Err(Errno::EAGAIN) => return None,
            Err(_) => return Some(true),
        }
    }
}

/// What a forked child does before `exec`.
struct ChildPlan<'a> {
    group: Option<Pid>,
    input: Option<c_int>,
    output: Option<c_int>,
    report: c_int,
    argv: &'a [*const c_char],
    setup: &'a Setup<'a>,
}

/// The child's side: join the group, take the terminal (a foreground job
/// must not read before it has it), plumb the pipes, put back the default
/// of `SIGPIPE` (the Rust runtime ignores it) and of `SIGTSTP`, `SIGTTIN`
/// and `SIGTTOU` (a launcher may ignore them) and the shell's original mask,
/// `exec`. If that fails, say why on the report pipe and exit with 127.
/// Never returns, never unwinds, never allocates.
fn in_child(plan: &ChildPlan) -> ! {
    if let Some(group) = plan.group {
        // SAFETY: plain integers.
        let _ = unsafe { raw::setpgid(0, group.as_raw()) };
    }
    if let Some(terminal) = plan.setup.terminal {
        let group = plan.group.unwrap_or_else(Pid::this);
        let _ = terminal.give_to(group);
    }
    for (from, to) in [(plan.input, 0), (plan.output, 1)] {
        if let Some(from) = from {
            // SAFETY: `dup2` of descriptors this process holds; the copy
            // on 0 or 1 is not close-on-exec, the originals are.
            if unsafe { libc::dup2(from, to) } < 0 {
                report(plan.report, Errno::last());
            }
        }
    }
    // `SIGPIPE`: the Rust runtime ignores it. The job-control signals:
    // whatever started the shell may have left them ignored (tmux's server
    // ignores `SIGTTIN` and `SIGTTOU`), and a background job that reads
    // the terminal must stop.
    for sig in [Signal::PIPE, Signal::TSTP, Signal::TTIN, Signal::TTOU] {
        let _ = reset_disposition(sig);
    }
    // SAFETY: a live set; this process has one thread.
    let _ =
        unsafe { raw::sigprocmask(libc::SIG_SETMASK, Some(plan.setup.mask.as_sigset_t()), None) };
    let Some(&file) = plan.argv.first() else {
        exit(127)
    };
    // SAFETY: `argv` ends with a null pointer and its strings (NUL-ended,
    // from `CString`s the parent keeps) live as long as this process's
    // copy of the parent's memory; `file` is its first element.
    let err = unsafe { raw::execvp(std::ffi::CStr::from_ptr(file), plan.argv.as_ptr()) };
    report(plan.report, err)
}

/// Sends `err` to the shell and exits with 127.
fn report(fd: c_int, err: Errno) -> ! {
    // SAFETY: a descriptor this process holds, a live buffer.
    let _ = unsafe { raw::write(fd, &err.raw().to_ne_bytes()) };
    exit(127)
}
