//! The example programs, run as a user runs them, including under a
//! hostile inheritance: launched with SIGCHLD ignored, with every signal
//! blocked, or with every signal ignored (the mask and SIG_IGN survive
//! `exec`). Each must print exactly its documented output, in time.
//!
//! `cargo test` builds the examples before it runs any test; they are found
//! next to this test binary's directory.

use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug)]
enum Launch {
    Plain,
    SigchldIgnored,
    AllBlocked,
    AllIgnored,
    /// ALRM, CHLD, CONT, USR1 blocked and already pending at `exec`.
    Pending,
}

const ALL: [Launch; 5] = [
    Launch::Plain,
    Launch::SigchldIgnored,
    Launch::AllBlocked,
    Launch::AllIgnored,
    Launch::Pending,
];

fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap();
    dir.join("examples").join(name)
}

/// Runs an example; returns its output and how long it took.
fn run(name: &str, args: &[&str], launch: Launch) -> (Output, Duration) {
    let mut cmd = Command::new(example(name));
    cmd.args(args);
    // SAFETY: runs in the forked child before exec and calls only
    // async-signal-safe functions (sigaction, sigprocmask, kill, getpid).
    unsafe {
        cmd.pre_exec(move || {
            let mut act: libc::sigaction = std::mem::zeroed();
            act.sa_sigaction = libc::SIG_IGN;
            match launch {
                Launch::Plain => {}
                Launch::SigchldIgnored => {
                    libc::sigaction(libc::SIGCHLD, &act, std::ptr::null_mut());
                }
                Launch::AllBlocked => {
                    let mut all: libc::sigset_t = std::mem::zeroed();
                    libc::sigfillset(&mut all);
                    libc::sigprocmask(libc::SIG_SETMASK, &all, std::ptr::null_mut());
                }
                Launch::AllIgnored => {
                    for sig in 1..=64 {
                        // KILL, STOP and the C library's own refuse.
                        libc::sigaction(sig, &act, std::ptr::null_mut());
                    }
                }
                Launch::Pending => {
                    let mut set: libc::sigset_t = std::mem::zeroed();
                    libc::sigemptyset(&mut set);
                    let stale = [libc::SIGALRM, libc::SIGCHLD, libc::SIGCONT, libc::SIGUSR1];
                    for sig in stale {
                        libc::sigaddset(&mut set, sig);
                    }
                    libc::sigprocmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
                    for sig in stale {
                        // Blocked: stays pending, and `exec` keeps it so.
                        libc::kill(libc::getpid(), sig);
                    }
                }
            }
            Ok(())
        });
    }
    let start = Instant::now();
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("running example {name}: {e}"));
    (out, start.elapsed())
}

fn stdout_lines(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

fn ordered_lines(k: usize) -> Vec<String> {
    (0..k).map(|i| format!("child {i} done")).collect()
}

#[test]
fn fork_prints_each_line_from_the_right_process() {
    for launch in ALL {
        let (out, _) = run("fork", &[], launch);
        assert!(out.status.success(), "{launch:?}: {out:?}");
        let mut lines = stdout_lines(&out);
        lines.sort();
        assert_eq!(
            lines,
            [
                "finished a process",
                "finished a process",
                "running the child process",
                "running the parent process"
            ],
            "{launch:?}"
        );
    }
}

#[test]
fn ordered_default_is_two_children_in_order() {
    let (out, _) = run("ordered", &[], Launch::Plain);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(stdout_lines(&out), ordered_lines(2));
}

#[test]
fn ordered_is_in_order_under_every_launch() {
    for launch in ALL {
        let (out, _) = run("ordered", &["50", "--work-ms", "1"], launch);
        assert!(out.status.success(), "{launch:?}: {out:?}");
        assert_eq!(stdout_lines(&out), ordered_lines(50), "{launch:?}");
    }
}

#[test]
fn ordered_handles_a_thousand_children() {
    let (out, _) = run(
        "ordered",
        &["1000", "--work-ms", "0"],
        Launch::SigchldIgnored,
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(stdout_lines(&out), ordered_lines(1000));
}

#[test]
fn ordered_runs_children_in_parallel() {
    // Sequential work would take 4+3+2+1 = 10 units; parallel about 4.
    let (out, took) = run("ordered", &["4", "--work-ms", "200"], Launch::Plain);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(stdout_lines(&out), ordered_lines(4));
    assert!(
        took >= Duration::from_millis(800),
        "the slowest child works 800 ms: {took:?}"
    );
    assert!(
        took < Duration::from_millis(1900),
        "not parallel: {took:?} (sum is 2000 ms)"
    );
}

#[test]
fn ordered_with_two_at_a_time_is_in_order() {
    for launch in ALL {
        let (out, _) = run("ordered", &["1000", "--work-ms", "0", "-j", "2"], launch);
        assert!(out.status.success(), "{launch:?}: {out:?}");
        assert_eq!(stdout_lines(&out), ordered_lines(1000), "{launch:?}");
    }
    let (out, _) = run(
        "ordered",
        &["7", "--work-ms", "1", "-j", "3"],
        Launch::Plain,
    );
    assert_eq!(stdout_lines(&out), ordered_lines(7));
}

#[test]
fn ordered_rejects_bad_arguments() {
    for args in [
        &["0"][..],
        &["x"],
        &["--work-ms"],
        &["3", "--work-ms", "-1"],
        &["1", "2"],
        &["3", "-j", "0"],
        &["3", "-j"],
        &["3", "-j", "100000"],
    ] {
        let (out, _) = run("ordered", args, Launch::Plain);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("usage"),
            "{args:?}"
        );
    }
}

/// Runs `deadline` with `args`, checks that it succeeded and printed
/// exactly `line`, and returns how long it took.
fn deadline(args: &[&str], launch: Launch, line: &str) -> Duration {
    let (out, took) = run("deadline", args, launch);
    assert!(out.status.success(), "{args:?} {launch:?}: {out:?}");
    assert_eq!(stdout_lines(&out), [line], "{args:?} {launch:?}");
    took
}

const LATE: &str = "too late; killing child process";
const FINISHED: &str = "child process finished";

#[test]
fn deadline_kills_a_late_child_and_waits_for_a_quick_one() {
    for launch in ALL {
        let took = deadline(&["50", "5000"], launch, LATE);
        assert!(
            took < Duration::from_secs(3),
            "{launch:?}: waited {took:?} for a 50 ms timeout"
        );
        let took = deadline(&["5000", "50"], launch, FINISHED);
        assert!(
            took < Duration::from_secs(3),
            "{launch:?}: {took:?} for a 50 ms child"
        );
    }
}

#[test]
fn deadline_with_alarm_works_in_whole_seconds() {
    for launch in ALL {
        let took = deadline(&["--alarm", "1000", "5000"], launch, LATE);
        assert!(
            took >= Duration::from_millis(990),
            "{launch:?}: alarm fired early: {took:?}"
        );
        assert!(took < Duration::from_secs(4), "{launch:?}: {took:?}");
        let took = deadline(&["5000", "50", "--alarm"], launch, FINISHED);
        assert!(took < Duration::from_secs(3), "{launch:?}: {took:?}");
    }
}

/// Where there is no timed wait (OpenBSD; here, the macOS-like build),
/// `deadline` says on standard error that it uses `--alarm`, and does; with
/// one, it says nothing there.
#[test]
fn deadline_says_when_it_falls_back_to_alarm() {
    let (out, _) = run("deadline", &["5000", "50"], Launch::Plain);
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8_lossy(&out.stderr);
    if cfg!(procsig_timed_wait) {
        assert_eq!(said, "", "a timed wait is available");
    } else {
        assert_eq!(
            said,
            "deadline: no millisecond timed wait on this target; using --alarm (whole seconds)\n"
        );
    }
}

/// Without a timed signal wait (OpenBSD; here, the macOS-like build),
/// `timeout` cannot run a command: it says why and exits with 125, running
/// nothing. (With one, tests/timeout.rs tests all of it.)
#[cfg(not(procsig_timed_wait))]
#[test]
fn timeout_says_it_needs_a_timed_wait() {
    let (out, _) = run(
        "timeout",
        &["1", "touch", "/nonexistent/ran"],
        Launch::Plain,
    );
    assert_eq!(out.status.code(), Some(125), "{out:?}");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.ends_with(
            ": this target has no timed signal wait (sigtimedwait), which timeout needs\n"
        ),
        "{said:?}"
    );
}

#[test]
fn deadline_rejects_bad_arguments() {
    for args in [&[][..], &["10"], &["x", "10"], &["1", "2", "3"]] {
        let (out, _) = run("deadline", args, Launch::Plain);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn signals_prints_linux_numbers() {
    let (out, _) = run("signals", &[], Launch::Plain);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let row = |n: i32, name: &str| {
        text.lines().any(|l| {
            l.split_whitespace()
                .take(2)
                .eq([n.to_string().as_str(), name])
        })
    };
    assert!(row(18, "SIGCONT"), "{text}");
    assert!(row(10, "SIGUSR1") && row(17, "SIGCHLD") && row(19, "SIGSTOP"));
    assert!(!text.contains("SIGEMT") && !text.contains("SIGINFO"));
}

/// The pids whose parent is `parent`, from /proc.
#[cfg(target_os = "linux")]
fn children_of(parent: u32) -> Vec<libc::pid_t> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<libc::pid_t>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // "pid (comm) state ppid ...": the command may hold spaces.
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .map_or(vec![], |(_, rest)| rest.split_whitespace().collect());
        if fields.get(1).and_then(|p| p.parse::<u32>().ok()) == Some(parent) {
            out.push(pid);
        }
    }
    out
}

#[cfg(all(target_os = "linux", procsig_linux))]
fn state_of(pid: libc::pid_t) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?.1.trim_start().chars().next()
}

/// Whether `pid` sleeps in `read` (x86_64's number 0): a child of
/// `ordered` that waits for its turn. Where /proc does not say, its
/// `wchan` does (`pipe_read`, or `anon_pipe_read` on newer kernels).
#[cfg(all(target_os = "linux", procsig_linux))]
fn waits_for_its_turn(pid: libc::pid_t) -> bool {
    let syscall = std::fs::read_to_string(format!("/proc/{pid}/syscall")).unwrap_or_default();
    let wchan = std::fs::read_to_string(format!("/proc/{pid}/wchan")).unwrap_or_default();
    state_of(pid) == Some('S')
        && (syscall.split(' ').next() == Some(libc::SYS_read.to_string().as_str())
            || wchan.ends_with("pipe_read"))
}

/// `ordered 6 --work-ms 1000` is killed while some children work, at
/// least one is done (waiting for its turn) and one is stopped (this test
/// stops a working one, as Ctrl-Z to a job would): by Ctrl-C to its
/// process group while a launcher in that group lives on (as a shell
/// pipeline or `cargo run` does), and by SIGKILL to the parent alone.
/// Within a second, no child is left, running or stopped.
// Needs the parent-death signal (Linux, FreeBSD): on macOS, and under the
// macOS-like build, a stopped child outlives a killed parent (the example
// says so).
#[cfg(all(target_os = "linux", procsig_linux))]
#[test]
fn killing_ordered_leaves_no_child_behind() {
    for ctrl_c in [true, false] {
        // The launcher leads the group and survives Ctrl-C (SIGINT ignored).
        let mut launcher = Command::new("sleep");
        launcher.arg("60").process_group(0);
        // SAFETY: only sigaction in the forked child before exec.
        unsafe {
            launcher.pre_exec(|| {
                let mut act: libc::sigaction = std::mem::zeroed();
                act.sa_sigaction = libc::SIG_IGN;
                libc::sigaction(libc::SIGINT, &act, std::ptr::null_mut());
                Ok(())
            });
        }
        let mut launcher = launcher.spawn().unwrap();
        let group = launcher.id() as i32;
        let mut parent = Command::new(example("ordered"))
            .args(["6", "--work-ms", "1000"])
            .process_group(group)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Condition, not a guess: six children, and one waiting for its
        // turn (child 5 works 1 s, then waits).
        let give_up = Instant::now() + Duration::from_secs(20);
        let children = loop {
            let children = children_of(parent.id());
            if children.len() == 6 && children.iter().any(|&c| waits_for_its_turn(c)) {
                break children;
            }
            assert!(
                Instant::now() < give_up,
                "children never got going: {children:?}"
            );
            std::thread::yield_now();
        };
        // And one stopped: a working one (child 0 works 6 s).
        let working = *children.iter().min().unwrap();
        unsafe { libc::kill(working, libc::SIGSTOP) };
        while state_of(working) != Some('T') {
            assert!(Instant::now() < give_up, "child {working} never stopped");
            std::thread::yield_now();
        }
        // Their pidfds become readable when they end, ours or not.
        let pidfds: Vec<libc::c_int> = children
            .iter()
            .map(|&c| unsafe { libc::syscall(libc::SYS_pidfd_open, c, 0) as libc::c_int })
            .collect();
        assert!(pidfds.iter().all(|&fd| fd >= 0));
        if ctrl_c {
            unsafe { libc::kill(-group, libc::SIGINT) };
        } else {
            unsafe { libc::kill(parent.id() as i32, libc::SIGKILL) };
        }
        let status = parent.wait().unwrap();
        assert!(!status.success(), "{status:?}");
        let deadline = Instant::now() + Duration::from_secs(1);
        for (&fd, &child) in pidfds.iter().zip(&children) {
            let left = deadline.saturating_duration_since(Instant::now());
            let mut pfd = libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            };
            let ready = unsafe { libc::poll(&mut pfd, 1, left.as_millis() as i32) };
            assert_eq!(
                ready,
                1,
                "ctrl_c = {ctrl_c}: child {child} is still there ({:?})",
                state_of(child)
            );
            unsafe { libc::close(fd) };
        }
        launcher.kill().unwrap();
        launcher.wait().unwrap();
    }
}

/// Issue 16, item 5: `ordered` run as a job of a job-control shell
/// (`bash -m` on a pseudo-terminal made by `script`), stopped and continued
/// as Ctrl-Z, `fg` and `bg` do it (`SIGTSTP` to its process group; the
/// shell's `fg` and `bg` send `SIGCONT` to it), and with a stranger (this
/// test, which is not the children's parent) sending `SIGCONT` to each
/// child, at several moments of the run: the output stays in order and
/// the run succeeds. A job whose turn any `SIGCONT` could grant printed
/// out of order here.
#[cfg(target_os = "linux")]
#[test]
fn ordered_keeps_its_order_under_job_control() {
    if Command::new("script").arg("--version").output().is_err() {
        // Straight to the standard error stream: libtest captures `eprintln!`
        // of a passing test, and a skip must be seen.
        use std::io::Write;
        let _ = std::io::stderr().write_all(
            b"\nSKIPPED: the job-control test: `script` (util-linux) is not installed; it makes the terminal\n",
        );
        return;
    }
    let dir = std::env::temp_dir().join(format!("procsig-jobctl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (out, pidfile) = (dir.join("out"), dir.join("pid"));
    // The job runs in the background; each `fg` waits until it stops (or
    // ends) and continues it next time, and a `bg` continues it without
    // waiting. More of them than this test sends SIGTSTPs; once the job
    // has ended they fail, harmlessly. No loop: bash leaves a loop when a
    // job stops.
    let (out_s, pid_s) = (out.display().to_string(), pidfile.display().to_string());
    let mut script =
        format!("\"$1\" 6 --work-ms 100 >{out_s} 2>{out_s}.err &\necho $! >{pid_s}.tmp; mv {pid_s}.tmp {pid_s}\n");
    for i in 0..16 {
        script.push_str(if i % 3 == 1 {
            "bg %1; fg %1\n"
        } else {
            "fg %1\n"
        });
    }
    script.push_str("exit 0\n");
    let script_path = dir.join("job.sh");
    std::fs::write(&script_path, script).unwrap();
    let command = format!(
        "bash -m {} {}",
        script_path.display(),
        example("ordered").display()
    );
    let mut terminal = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .process_group(0)
        .spawn()
        .unwrap();
    let watchdog = unsafe { libc::syscall(libc::SYS_pidfd_open, terminal.id(), 0) } as libc::c_int;
    assert!(watchdog >= 0);
    let give_up = Instant::now() + Duration::from_secs(60);
    let job = loop {
        if let Ok(pid) = std::fs::read_to_string(&pidfile) {
            break pid.trim().parse::<libc::pid_t>().unwrap();
        }
        assert!(Instant::now() < give_up, "the shell never started the job");
        std::thread::sleep(Duration::from_millis(5));
    };
    // Several moments of the run: while children work, once some are
    // waiting for their turn, while some print. The moments are chosen by
    // the clock; what is asserted holds whenever they fall.
    let mut stops = 0;
    for round in 0..30 {
        if Instant::now() > give_up || unsafe { libc::kill(job, 0) } != 0 {
            break;
        }
        for child in children_of(job as u32) {
            unsafe { libc::kill(child, libc::SIGCONT) };
        }
        if round % 3 == 0 && stops < 8 {
            // Ctrl-Z: the shell's `fg` returns, and its next `fg` or `bg`
            // continues the group.
            unsafe { libc::kill(-job, libc::SIGTSTP) };
            stops += 1;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    let mut pfd = libc::pollfd {
        fd: watchdog,
        events: libc::POLLIN,
        revents: 0,
    };
    let left = give_up.saturating_duration_since(Instant::now());
    let ended = unsafe { libc::poll(&mut pfd, 1, left.as_millis() as i32) } == 1;
    if !ended {
        unsafe {
            libc::kill(-job, libc::SIGKILL);
            libc::kill(-(terminal.id() as i32), libc::SIGKILL);
        }
    }
    terminal.wait().unwrap();
    unsafe { libc::close(watchdog) };
    let printed = std::fs::read_to_string(&out).unwrap_or_default();
    let said = std::fs::read_to_string(format!("{out_s}.err")).unwrap_or_default();
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        ended,
        "watchdog: the shell still ran after 60 s; output {printed:?}"
    );
    let lines: Vec<String> = printed.lines().map(str::to_owned).collect();
    assert_eq!(lines, ordered_lines(6), "{stops} stops");
    assert!(
        said.ends_with("All children finished, in order.\n"),
        "{stops} stops: {said}"
    );
}

#[cfg(target_os = "linux")]
/// Where an example's standard output or error goes in a write-error run.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Sink {
    /// A pipe the test reads (standard error) or keeps open.
    Pipe,
    /// `/dev/full`: every write fails with `ENOSPC`.
    Full,
    /// A pipe whose read end is already closed (`example | true`, once
    /// `true` has exited): every write fails with `EPIPE`, since the Rust
    /// runtime ignores `SIGPIPE`.
    Broken,
}

#[cfg(target_os = "linux")]
fn sink(s: Sink) -> std::process::Stdio {
    match s {
        Sink::Pipe => std::process::Stdio::piped(),
        Sink::Full => std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
            .into(),
        Sink::Broken => {
            let mut fds = [0; 2];
            // SAFETY: a two-element array for the two ends.
            assert_eq!(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) }, 0);
            // SAFETY: both ends are ours; the read end is closed at once,
            // the write end handed over once.
            unsafe {
                libc::close(fds[0]);
                std::process::Stdio::from(
                    <std::os::fd::OwnedFd as std::os::fd::FromRawFd>::from_raw_fd(fds[1]),
                )
            }
        }
    }
}

#[cfg(target_os = "linux")]
/// What a write-error run showed.
#[derive(Debug)]
struct Failed {
    status: std::process::ExitStatus,
    /// Standard error, when it was a pipe.
    stderr: String,
    /// Whether every process holding standard error ended with the
    /// example: no child of it outlived it.
    nothing_left: bool,
}

/// Runs example `name` with standard output and error as given, under a
/// 30 s pidfd watchdog. Standard error, if a pipe, is read only after the
/// example has ended (its few lines fit the pipe), and must then reach end
/// of file: a child the example left running still holds it. The example
/// reaps its children before it exits, so end of file is due at once; the
/// 10 s allowed are for another test's process that was forked (holding a
/// copy of every descriptor of this test binary) but has not yet reached
/// `exec`, which closes it. The children tested for work 30 s.
#[cfg(target_os = "linux")]
fn run_into(name: &str, args: &[&str], stdout: Sink, stderr: Sink) -> Failed {
    use std::io::Read;
    let mut cmd = Command::new(example(name));
    cmd.args(args)
        .stdin(std::process::Stdio::null())
        .stdout(sink(stdout))
        .stderr(sink(stderr));
    let mut child = cmd.spawn().unwrap();
    drop(cmd); // our copies of the descriptors it was given
               // SAFETY: integers; the child is not reaped until `wait` below.
    let pidfd = unsafe { libc::syscall(libc::SYS_pidfd_open, child.id(), 0) } as libc::c_int;
    assert!(pidfd >= 0);
    let dog = std::thread::spawn(move || {
        let mut pfd = libc::pollfd {
            fd: pidfd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one live pollfd; then our pidfd of an unreaped process.
        unsafe {
            if libc::poll(&mut pfd, 1, 30_000) == 0 {
                libc::syscall(libc::SYS_pidfd_send_signal, pidfd, libc::SIGKILL, 0, 0);
            }
            libc::close(pidfd);
        }
    });
    let status = child.wait().unwrap();
    dog.join().unwrap();
    let mut text = Vec::new();
    let mut nothing_left = true;
    if let Some(mut err) = child.stderr.take() {
        use std::os::fd::AsRawFd;
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut buf = [0u8; 4096];
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let mut pfd = libc::pollfd {
                fd: err.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: one live pollfd.
            if unsafe { libc::poll(&mut pfd, 1, left.as_millis() as libc::c_int) } == 0 {
                nothing_left = false;
                break;
            }
            match err.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => text.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => panic!("reading {name}'s stderr: {e}"),
            }
        }
    }
    Failed {
        status,
        stderr: String::from_utf8_lossy(&text).into_owned(),
        nothing_left,
    }
}

/// Asserts the documented write-error outcome: status 1, no panic, and,
/// when standard error could be read, a message naming the error.
#[cfg(target_os = "linux")]
fn assert_write_error(name: &str, args: &[&str], stdout: Sink, stderr: Sink, error: &str) {
    let ran = run_into(name, args, stdout, stderr);
    let shown = format!("{name} {args:?} stdout {stdout:?} stderr {stderr:?}: {ran:?}");
    assert_eq!(ran.status.code(), Some(1), "{shown}");
    assert!(!ran.stderr.contains("panicked"), "{shown}");
    if stderr == Sink::Pipe {
        assert!(ran.stderr.contains(error), "{shown}");
    }
    assert!(ran.nothing_left, "a child outlived the example: {shown}");
}

#[cfg(target_os = "linux")]
const EPIPE_TEXT: &str = "Broken pipe";
#[cfg(target_os = "linux")]
const ENOSPC_TEXT: &str = "No space left on device";

/// `fork | head -1` and `fork >/dev/full`: both processes fail to write;
/// the child must not panic (it would unwind into `main`, in the child),
/// and the example exits 1.
#[cfg(target_os = "linux")]
#[test]
fn fork_handles_write_errors_in_both_processes() {
    assert_write_error("fork", &[], Sink::Broken, Sink::Pipe, EPIPE_TEXT);
    assert_write_error("fork", &[], Sink::Full, Sink::Pipe, ENOSPC_TEXT);
    // It writes nothing to standard error unless something failed.
    let ran = run_into("fork", &[], Sink::Pipe, Sink::Full);
    assert_eq!(ran.status.code(), Some(0), "{ran:?}");
}

/// `deadline 0 5000 | true` (here 30 s of work): the child is killed (and reaped) before the
/// write error is reported, so it does not run on under ppid 1.
#[cfg(target_os = "linux")]
#[test]
fn deadline_kills_its_child_before_reporting_a_write_error() {
    for args in [
        &["0", "30000"][..],
        &["5000", "0"],
        &["--alarm", "1", "30000"],
    ] {
        assert_write_error("deadline", args, Sink::Broken, Sink::Pipe, EPIPE_TEXT);
        assert_write_error("deadline", args, Sink::Full, Sink::Pipe, ENOSPC_TEXT);
    }
    // A usage message that cannot be written is still a usage error.
    let ran = run_into("deadline", &["x"], Sink::Pipe, Sink::Full);
    assert_eq!(ran.status.code(), Some(2), "{ran:?}");
}

/// `signals | head -1`, `signals >/dev/full`.
#[cfg(target_os = "linux")]
#[test]
fn signals_handles_write_errors() {
    assert_write_error("signals", &[], Sink::Broken, Sink::Pipe, EPIPE_TEXT);
    assert_write_error("signals", &[], Sink::Full, Sink::Pipe, ENOSPC_TEXT);
}

/// `ordered` with its output or its narrative on /dev/full.
#[cfg(target_os = "linux")]
#[test]
fn ordered_handles_write_errors() {
    let args = ["3", "--work-ms", "1"];
    assert_write_error("ordered", &args, Sink::Full, Sink::Pipe, "child 0");
    assert_write_error("ordered", &args, Sink::Broken, Sink::Pipe, "child 0");
    assert_write_error("ordered", &args, Sink::Pipe, Sink::Full, "");
    let ran = run_into("ordered", &["0"], Sink::Pipe, Sink::Full);
    assert_eq!(ran.status.code(), Some(2), "{ran:?}");
}
