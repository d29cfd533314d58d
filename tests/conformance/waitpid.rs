use procsig::raw;
use procsig::{Errno, Signal, WaitStatus};

use crate::support::*;

fn wait_status(pid: libc::pid_t, options: libc::c_int) -> Result<Option<WaitStatus>, Errno> {
    let mut status = 0;
    let r = unsafe { raw::waitpid(pid, Some(&mut status), options) }?;
    Ok((r != 0).then(|| {
        assert_eq!(r, pid);
        WaitStatus::from_raw(status)
    }))
}

pub fn reap_once() {
    let pid = spawn(|| 7);
    let mut status = 0;
    assert_eq!(unsafe { raw::waitpid(pid, Some(&mut status), 0) }, Ok(pid));
    assert_eq!(WaitStatus::from_raw(status), WaitStatus::Exited(7));
    assert_eq!(
        unsafe { raw::waitpid(pid, Some(&mut status), 0) },
        Err(Errno::ECHILD)
    );
}

/// -1 is safe here: the scenario is its own process and has no children.
pub fn no_children() {
    assert_eq!(unsafe { raw::waitpid(-1, None, 0) }, Err(Errno::ECHILD));
    assert_eq!(
        unsafe { raw::waitpid(-1, None, libc::WNOHANG) },
        Err(Errno::ECHILD)
    );
}

pub fn wnohang() {
    let (r, w) = pipe();
    let pid = spawn(move || {
        close(w);
        read_to_end(r);
        0
    });
    close(r);
    assert_eq!(
        wait_status(pid, libc::WNOHANG),
        Ok(None),
        "running child reported"
    );
    close(w); // lets it exit
    await_state(pid, libc::WEXITED);
    assert_eq!(
        wait_status(pid, libc::WNOHANG),
        Ok(Some(WaitStatus::Exited(0)))
    );
}

pub fn invalid_options() {
    let pid = spawn(|| 0);
    assert_eq!(unsafe { raw::waitpid(pid, None, -1) }, Err(Errno::EINVAL));
    reap_ok(pid);
}

pub fn stop_continue() {
    let (r, w) = pipe();
    let pid = spawn(move || {
        close(w);
        unsafe { raw::kill(raw::getpid(), libc::SIGSTOP) }.unwrap();
        read_to_end(r); // stay alive until the parent has seen "continued"
        0
    });
    close(r);
    await_state(pid, libc::WSTOPPED);
    assert_eq!(
        wait_status(pid, libc::WNOHANG),
        Ok(None),
        "stop reported without WUNTRACED"
    );
    assert_eq!(
        wait_status(pid, libc::WUNTRACED),
        Ok(Some(WaitStatus::Stopped(Signal::STOP)))
    );
    unsafe { raw::kill(pid, libc::SIGCONT) }.unwrap();
    assert_eq!(
        wait_status(pid, libc::WCONTINUED),
        Ok(Some(WaitStatus::Continued))
    );
    close(w);
    assert_eq!(wait_status(pid, 0), Ok(Some(WaitStatus::Exited(0))));
}

pub fn sigchld_ignored() {
    set_disposition(libc::SIGCHLD, libc::SIG_IGN);
    let pid = spawn(|| 0);
    // Blocks until the child is gone, then reports that there is nothing to
    // wait for: the kernel reaped it.
    assert_eq!(unsafe { raw::waitpid(pid, None, 0) }, Err(Errno::ECHILD));
}

pub fn exit_codes() {
    let cases = (0..=255)
        .map(|i| (i, i))
        .chain([(256, 0), (-1, 255), (257, 1)]);
    for (code, expected) in cases {
        let pid = unsafe { raw::fork() }.unwrap();
        if pid == 0 {
            unsafe { raw::_exit(code) };
        }
        assert_eq!(
            wait_status(pid, 0),
            Ok(Some(WaitStatus::Exited(expected))),
            "_exit({code})"
        );
    }
}

/// The signals whose default action terminates, without the ones that may
/// dump core being asked to (RLIMIT_CORE is 0 in the child).
const KILLERS: [Signal; 20] = [
    Signal::HUP,
    Signal::INT,
    Signal::QUIT,
    Signal::ILL,
    Signal::TRAP,
    Signal::ABRT,
    Signal::BUS,
    Signal::FPE,
    Signal::KILL,
    Signal::USR1,
    Signal::SEGV,
    Signal::USR2,
    Signal::PIPE,
    Signal::ALRM,
    Signal::TERM,
    Signal::XCPU,
    Signal::XFSZ,
    Signal::VTALRM,
    Signal::PROF,
    Signal::SYS,
];

fn die_by(sig: Signal, core_limit: libc::rlim_t) -> WaitStatus {
    let pid = spawn(move || {
        let limit = libc::rlimit {
            rlim_cur: core_limit,
            rlim_max: core_limit,
        };
        unsafe { libc::setrlimit(libc::RLIMIT_CORE, &limit) };
        // Rust's runtime set SIGPIPE to SIG_IGN; children inherit it.
        if sig != Signal::KILL {
            set_disposition(sig.as_raw(), libc::SIG_DFL);
        }
        unsafe { raw::kill(raw::getpid(), sig.as_raw()) }.unwrap();
        0 // not reached: the signal is unblocked and its action terminates
    });
    wait_status(pid, 0).unwrap().unwrap()
}

pub fn killed_by_each() {
    for sig in KILLERS {
        assert_eq!(
            die_by(sig, 0),
            WaitStatus::Signaled {
                signal: sig,
                core_dumped: false
            },
            "{sig}"
        );
    }
}

pub fn core_dumps() {
    let pattern = std::fs::read_to_string("/proc/sys/kernel/core_pattern").unwrap_or_default();
    let dir = std::env::temp_dir().join(format!("procsig-core-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::env::set_current_dir(&dir).unwrap();
    for sig in KILLERS {
        let status = die_by(sig, libc::RLIM_INFINITY);
        let WaitStatus::Signaled {
            signal,
            core_dumped,
        } = status
        else {
            panic!("{sig}: {status:?}");
        };
        assert_eq!(signal, sig);
        let dumps = sig.default_action() == procsig::DefaultAction::Core;
        if !dumps {
            assert!(
                !core_dumped,
                "{sig} does not dump core, but the status says it did"
            );
        } else if !pattern.starts_with('|') && is_root() {
            // A plain core_pattern writes a file into this writable directory.
            assert!(
                core_dumped,
                "{sig} should have dumped core (core_pattern {pattern:?})"
            );
        } else {
            println!(
                "{sig}: core_dumped = {core_dumped} (core_pattern {pattern:?} pipes to a helper)"
            );
        }
    }
    std::env::set_current_dir("/").unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}
