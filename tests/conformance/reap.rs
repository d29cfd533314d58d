//! CONFORMANCE.md, "Reaping as init or subreaper (Linux)": the raw calls
//! against the kernel. Each scenario is its own process and owns all its
//! children, so `waitid(P_ALL)` here takes nothing of anyone else's.

use procsig::raw;
use procsig::Errno;

use crate::support::*;

/// `prctl(PR_GET_CHILD_SUBREAPER)`.
fn is_subreaper() -> bool {
    let mut flag: libc::c_int = -1;
    unsafe {
        raw::prctl(
            libc::PR_GET_CHILD_SUBREAPER,
            &mut flag as *mut libc::c_int as libc::c_ulong,
            0,
            0,
            0,
        )
    }
    .unwrap();
    flag != 0
}

/// `waitid(P_ALL, 0, options)`: `(si_pid, si_code, si_status)`.
fn waitid_all(options: libc::c_int) -> Result<(libc::pid_t, libc::c_int, libc::c_int), Errno> {
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    unsafe { raw::waitid(libc::P_ALL, 0, &mut info, options) }?;
    Ok(unsafe { (info.si_pid(), info.si_code, info.si_status()) })
}

/// The orphans of [`orphans`], re-parented to this process, reaped by
/// `waitid(P_ALL, WEXITED | WNOHANG)`, each once, with its own status.
fn adopted_orphans_are_reaped_by_p_all() {
    let me = unsafe { libc::getpid() };
    let (middle, pids, release) = orphans(3, me);
    reap_ok(middle);
    close(release);
    for &pid in &pids {
        // Our child now: a wait for it by pid is possible at all.
        await_state(pid, libc::WEXITED);
    }
    let mut seen = Vec::new();
    loop {
        match waitid_all(libc::WEXITED | libc::WNOHANG) {
            Ok((0, _, _)) => panic!("children left but none exited: {seen:?}"),
            Ok((pid, code, status)) => {
                assert_eq!(code, libc::CLD_EXITED);
                seen.push((pid, status));
            }
            Err(Errno::ECHILD) => break,
            Err(e) => panic!("waitid(P_ALL): {e}"),
        }
    }
    seen.sort();
    let mut expected: Vec<_> = pids
        .iter()
        .enumerate()
        .map(|(i, &pid)| (pid, orphan_code(i)))
        .collect();
    expected.sort();
    assert_eq!(seen, expected, "(pid, exit code) of each orphan");
}

/// `prctl(PR_SET_CHILD_SUBREAPER, 1)` → orphaned descendants are
/// re-parented to the caller (each orphan checks `getppid`), whose
/// `waitid(P_ALL)` then reaps them.
pub fn subreaper_adopts_orphans() {
    assert!(!is_subreaper());
    unsafe { raw::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) }.unwrap();
    assert!(is_subreaper());
    adopted_orphans_are_reaped_by_p_all();
}

/// As pid 1 of a new pid namespace, the same without the `prctl`.
pub fn pid_one_adopts_orphans() {
    in_new_pid_namespace(|| {
        assert_eq!(unsafe { libc::getpid() }, 1);
        assert!(!is_subreaper());
        adopted_orphans_are_reaped_by_p_all();
    });
}

/// The flag is the process's own: a forked child does not inherit it.
pub fn subreaper_not_inherited() {
    unsafe { raw::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) }.unwrap();
    let child = spawn(|| i32::from(is_subreaper()));
    reap_ok(child);
}

/// `WNOWAIT` reports an exited child and leaves it for a later wait;
/// `WEXITED` without `WSTOPPED` never reports a stopped one, so a peek
/// cannot return the same stop again and again.
pub fn peek_leaves_zombies_and_skips_stops() {
    let stopped = spawn(|| {
        unsafe { libc::raise(libc::SIGSTOP) };
        0
    });
    await_state(stopped, libc::WSTOPPED);
    let peek = libc::WEXITED | libc::WNOHANG | libc::WNOWAIT;
    assert_eq!(waitid_all(peek).map(|r| r.0), Ok(0), "a stop reported");
    let exited = spawn(|| 5);
    await_state(exited, libc::WEXITED);
    for _ in 0..2 {
        assert_eq!(waitid_all(peek), Ok((exited, libc::CLD_EXITED, 5)));
    }
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    unsafe { raw::waitid(libc::P_PID, exited as libc::id_t, &mut info, libc::WEXITED) }.unwrap();
    assert_eq!(waitid_all(peek).map(|r| r.0), Ok(0), "reaped twice");
    unsafe { libc::kill(stopped, libc::SIGKILL) };
    reap(stopped);
    assert_eq!(waitid_all(peek), Err(Errno::ECHILD));
}
