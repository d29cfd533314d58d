//! `examples/tsh` driven the way the course's driver drives its shell:
//! through a pipe, with `-p`, a script of command lines and signals sent to
//! the shell, the transcript compared with pids replaced by `PID`.
//!
//! Nothing here sleeps to synchronise. The job programs
//! (`examples/tsh-helper.rs`, linked as `myspin`, `mystop`, `myint`,
//! `mysplit`) write their pid to a "ready" pipe (`TSH_READY_FD`), so the
//! driver knows a job runs before it signals it; the driver waits for the
//! shell's own lines when a later line must come after them. The ready
//! pipe also proves that nothing is left behind: every job process holds
//! its write end, so it reads end of file only once all of them are gone.
//! Every run has a pidfd watchdog, and each wait a bound that only a bug
//! reaches.
//!
//! `TSH_REPEAT=N cargo test --test tsh` runs each scenario N times in a
//! row, the transcript the same each time.
#![cfg(procsig_linux)]

use std::io::{BufRead, BufReader, Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// A bound no correct run comes near.
const BOUND: Duration = Duration::from_secs(60);

fn examples() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent().unwrap().parent().unwrap().join("examples")
}

/// A directory with the helper linked as each program, as the course has
/// them in its own directory.
fn programs() -> PathBuf {
    let dir = examples().join(format!("tsh-programs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for name in ["myspin", "mystop", "myint", "mysplit"] {
        let link = dir.join(name);
        if std::fs::symlink_metadata(&link).is_err() {
            let _ = std::os::unix::fs::symlink(examples().join("tsh-helper"), &link);
        }
    }
    dir
}

fn pidfd_open(pid: u32) -> libc::c_int {
    // SAFETY: integers. -1 if the process is already gone.
    unsafe { libc::syscall(libc::SYS_pidfd_open, pid as libc::c_int, 0) as libc::c_int }
}

/// Waits up to `limit` for `fd` to be readable (a pidfd: its process ended).
fn readable_within(fd: libc::c_int, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let mut pfd = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one live pollfd.
        match unsafe { libc::poll(&mut pfd, 1, left.as_millis() as libc::c_int) } {
            1 => return true,
            0 => return false,
            _ => continue,
        }
    }
}

/// The shell's output as it arrives.
#[derive(Default)]
struct Output {
    text: Mutex<(String, bool)>,
    grew: Condvar,
}

struct Tsh {
    child: Child,
    stdin: Option<ChildStdin>,
    output: Arc<Output>,
    /// How much of the output `until` has matched.
    seen: usize,
    ready: BufReader<std::fs::File>,
    /// Ready lines read but not yet taken: (`start` or `cont`, pids).
    queue: Vec<(String, Vec<libc::pid_t>)>,
    reader: Option<std::thread::JoinHandle<()>>,
}

/// `(1234)` → `(PID)`.
fn without_pids(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('(') {
        out.push_str(&rest[..=at]);
        rest = &rest[at + 1..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && rest[digits..].starts_with(')') {
            out.push_str("PID");
            rest = &rest[digits..];
        }
    }
    out + rest
}

impl Tsh {
    fn start() -> Tsh {
        Tsh::start_ignoring(&[])
    }

    /// As [`Tsh::start`], the shell started with `ignored` ignored (as
    /// tmux's server leaves `SIGTTIN` and `SIGTTOU`).
    fn start_ignoring(ignored: &'static [libc::c_int]) -> Tsh {
        let mut fds = [0; 2];
        // SAFETY: two live ints.
        assert_eq!(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) }, 0);
        // SAFETY: new descriptors, owned here.
        let (read, write) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
        let w = write.as_raw_fd();
        let mut cmd = Command::new(examples().join("tsh"));
        cmd.arg("-p")
            .current_dir(programs())
            .env("TSH_READY_FD", "3")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        // SAFETY: dup2 and signal are async-signal-safe; the copy on 3 is inherited
        // (only by this shell: the original stays close-on-exec).
        unsafe {
            cmd.pre_exec(move || {
                if libc::dup2(w, 3) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                for &sig in ignored {
                    libc::signal(sig, libc::SIG_IGN);
                }
                Ok(())
            });
        }
        let mut child = cmd.spawn().unwrap();
        drop(write);
        let watched = pidfd_open(child.id());
        std::thread::spawn(move || {
            if !readable_within(watched, BOUND) {
                // SAFETY: our pidfd of a process not yet reaped.
                unsafe { libc::syscall(libc::SYS_pidfd_send_signal, watched, libc::SIGKILL, 0, 0) };
            }
            // SAFETY: ours.
            unsafe { libc::close(watched) };
        });
        let output = Arc::new(Output::default());
        let mut stdout = child.stdout.take().unwrap();
        let out = output.clone();
        let reader = std::thread::spawn(move || {
            let mut buf = [0; 4096];
            loop {
                let n = stdout.read(&mut buf).unwrap_or(0);
                let mut text = out.text.lock().unwrap();
                if n == 0 {
                    text.1 = true;
                } else {
                    text.0.push_str(&String::from_utf8_lossy(&buf[..n]));
                }
                out.grew.notify_all();
                if n == 0 {
                    return;
                }
            }
        });
        Tsh {
            stdin: child.stdin.take(),
            child,
            output,
            seen: 0,
            ready: BufReader::new(std::fs::File::from(read)),
            queue: Vec::new(),
            reader: Some(reader),
        }
    }

    fn pid(&self) -> libc::pid_t {
        self.child.id() as libc::pid_t
    }

    fn send(&mut self, lines: &str) -> &mut Tsh {
        self.stdin
            .as_mut()
            .unwrap()
            .write_all(lines.as_bytes())
            .unwrap();
        self
    }

    /// Waits for the next `start` line of a job program: its pids.
    fn ready(&mut self) -> Vec<libc::pid_t> {
        self.take("start", None)
    }

    /// Waits for the next `cont` line of process `pid`: it was continued.
    fn continued(&mut self, pid: libc::pid_t) {
        self.take("cont", Some(pid));
    }

    /// The first line of the ready pipe that is a `kind` (of `pid`), read
    /// and kept in order; the others wait for their turn.
    fn take(&mut self, kind: &str, pid: Option<libc::pid_t>) -> Vec<libc::pid_t> {
        loop {
            let at = self
                .queue
                .iter()
                .position(|(k, pids)| k == kind && pid.map_or(true, |p| pids.first() == Some(&p)));
            if let Some(at) = at {
                return self.queue.remove(at).1;
            }
            let mut line = String::new();
            self.ready.read_line(&mut line).unwrap();
            assert!(!line.is_empty(), "no job program said {kind} {pid:?}");
            let mut words = line.split_whitespace();
            let k = words.next().unwrap().to_string();
            self.queue
                .push((k, words.map(|p| p.parse().unwrap()).collect()));
        }
    }

    fn signal(&mut self, sig: libc::c_int) -> &mut Tsh {
        // SAFETY: the shell is our unreaped child.
        assert_eq!(unsafe { libc::kill(self.pid(), sig) }, 0);
        self
    }

    /// Waits until `text` appears in the output after what was matched.
    fn until(&mut self, text: &str) -> &mut Tsh {
        let deadline = Instant::now() + BOUND;
        let output = self.output.clone();
        let mut out = output.text.lock().unwrap();
        loop {
            let normal = without_pids(&out.0);
            if let Some(at) = normal.get(self.seen..).and_then(|s| s.find(text)) {
                self.seen += at + text.len();
                drop(out);
                return self;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !out.1 && !left.is_zero(),
                "never printed {text:?}; printed {normal:?}"
            );
            out = self.output.grew.wait_timeout(out, left).unwrap().0;
        }
    }

    /// Ends the input, waits for the shell, checks that no job process is
    /// left (the ready pipe reads end of file), returns the transcript.
    fn finish(&mut self) -> (String, Option<i32>) {
        drop(self.stdin.take());
        let status = self.child.wait().unwrap();
        // Before the output's end: job processes hold standard output too.
        self.nothing_left();
        self.reader.take().unwrap().join().unwrap();
        let text = without_pids(&self.output.text.lock().unwrap().0);
        (text, status.code())
    }

    /// Every job process has ended: the ready pipe's writers are all gone
    /// (its end of file, read within `BOUND`; what is left in it is read
    /// and dropped).
    fn nothing_left(&mut self) {
        let deadline = Instant::now() + BOUND;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                readable_within(self.ready.get_ref().as_raw_fd(), left),
                "a job process was left behind"
            );
            let mut chunk = String::new();
            if self.ready.read_line(&mut chunk).unwrap() == 0 {
                return;
            }
        }
    }
}

fn repeat() -> usize {
    std::env::var("TSH_REPEAT")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
}

/// Runs `scenario` `TSH_REPEAT` times; every transcript must be `expected`.
fn check(expected: &str, scenario: impl Fn(&mut Tsh)) {
    for round in 0..repeat() {
        let mut tsh = Tsh::start();
        scenario(&mut tsh);
        let (text, status) = tsh.finish();
        assert_eq!(text, expected, "round {round}");
        assert_eq!(status, Some(0), "round {round}");
    }
}

#[test]
fn a_foreground_job() {
    check("hello world\n", |t| {
        t.send("/bin/echo hello world\n./myspin 1\njobs\nquit\n");
    });
}

#[test]
fn end_of_input_ends_the_shell() {
    check("", |t| {
        t.send("./myspin 0\n");
    });
}

#[test]
fn background_jobs_and_jobs() {
    let expected = "\
[1] (PID) ./myspin 100 &
[2] (PID) ./myspin 100 &
[1] (PID) Running ./myspin 100 &
[2] (PID) Running ./myspin 100 &
";
    check(expected, |t| {
        t.send("./myspin 100 &\n./myspin 100 &\njobs\nquit\n");
    });
}

#[test]
fn sigint_reaches_only_the_foreground_job() {
    let expected = "\
[1] (PID) ./myspin 100 &
Job [2] (PID) terminated by signal 2
[1] (PID) Running ./myspin 100 &
";
    check(expected, |t| {
        t.send("./myspin 100 &\n./myspin 100\njobs\n");
        t.ready();
        t.ready();
        t.signal(libc::SIGINT);
    });
}

#[test]
fn sigtstp_stops_only_the_foreground_job() {
    let expected = "\
[1] (PID) ./myspin 100 &
Job [2] (PID) stopped by signal 20
[1] (PID) Running ./myspin 100 &
[2] (PID) Stopped ./myspin 100
[2] (PID) ./myspin 100
[1] (PID) Running ./myspin 100 &
[2] (PID) Running ./myspin 100
";
    check(expected, |t| {
        t.send("./myspin 100 &\n./myspin 100\njobs\nbg %2\njobs\n");
        t.ready();
        t.ready();
        t.signal(libc::SIGTSTP);
    });
}

#[test]
fn fg_and_bg_of_stopped_jobs() {
    // mystop stops itself, and says so again once continued.
    let expected = "\
Job [1] (PID) stopped by signal 20
Job [2] (PID) stopped by signal 20
[1] (PID) Stopped ./mystop 100
[2] (PID) Stopped ./mystop 0
[1] (PID) ./mystop 100
[1] (PID) Running ./mystop 100
Job [1] (PID) stopped by signal 20
Job [1] (PID) terminated by signal 2
";
    check(expected, |t| {
        t.send("./mystop 100\n./mystop 0\njobs\nfg %2\nbg %1\njobs\n");
        let one = t.ready()[0]; // stops itself
        t.ready(); // 2 stops itself; `fg %2` continues it: it ends, silently
        t.until("[1] (PID) Running ./mystop 100\n");
        t.continued(one); // by `bg %1`
        t.send("fg %1\n");
        t.continued(one); // `fg %1` has made it the foreground job
        t.signal(libc::SIGTSTP)
            .until("Job [1] (PID) stopped by signal 20\n");
        t.send("fg %1\n");
        t.continued(one);
        t.signal(libc::SIGINT);
    });
}

#[test]
fn every_process_of_the_group_is_signalled() {
    let expected = "\
Job [1] (PID) stopped by signal 20
[1] (PID) Stopped ./mysplit 100
Job [1] (PID) terminated by signal 2
";
    check(expected, |t| {
        t.send("./mysplit 100\njobs\n");
        let pids = t.ready();
        assert_eq!(pids.len(), 2);
        t.signal(libc::SIGTSTP).until("Stopped ./mysplit 100\n");
        let pidfds: Vec<_> = pids.iter().map(|&p| pidfd_open(p as u32)).collect();
        t.send("fg %1\n");
        // fg's SIGCONT reaches both, and then SIGINT.
        t.continued(pids[0]);
        t.continued(pids[1]);
        t.signal(libc::SIGINT).until("terminated by signal 2\n");
        for fd in pidfds {
            assert!(
                fd < 0 || readable_within(fd, BOUND),
                "a process of the job lives on"
            );
            // SAFETY: ours (or -1).
            unsafe { libc::close(fd) };
        }
    });
}

#[test]
fn errors() {
    let expected = "\
./bogus: Command not found
[1] (PID) ./myspin 100 &
fg command requires PID or %jobid argument
bg command requires PID or %jobid argument
fg: argument must be a PID or %jobid
bg: argument must be a PID or %jobid
(PID): No such process
(PID): No such process
%2: No such job
%2: No such job
./bogus: Command not found
[1] (PID) Running ./myspin 100 &
";
    check(expected, |t| {
        t.send(
            "./bogus\n./myspin 100 &\nfg\nbg\nfg a\nbg a\nfg 999999999\nbg 999999999\n\
             fg %2\nbg %2\n./bogus &\njobs\n",
        );
    });
}

#[test]
fn signals_from_other_processes() {
    let expected = "\
Job [1] (PID) stopped by signal 20
Job [2] (PID) terminated by signal 2
[2] (PID) ./myspin 100 &
Job [2] (PID) stopped by signal 20
Job [2] (PID) terminated by signal 2
[1] (PID) Stopped ./mystop 0
";
    check(expected, |t| {
        t.send("./mystop 0\n./myint 0\n./myspin 100 &\n");
        t.ready();
        t.ready();
        let job = t.ready()[0];
        // SAFETY: a live job process (it holds the ready pipe open).
        unsafe { libc::kill(job, libc::SIGTSTP) };
        t.until("Job [2] (PID) stopped by signal 20\n");
        // SAFETY: as above; stopped, it still holds the pipe.
        unsafe { libc::kill(job, libc::SIGINT) };
        unsafe { libc::kill(job, libc::SIGCONT) };
        t.until("Job [2] (PID) terminated by signal 2\n");
        t.send("jobs\n");
    });
}

#[test]
fn pipelines_are_one_job() {
    let expected = "\
HELLO
./bogus: Command not found
Job [1] (PID) stopped by signal 20
[1] (PID) Stopped ./myspin 100 | ./myspin 100
[1] (PID) ./myspin 100 | ./myspin 100
[1] (PID) Running ./myspin 100 | ./myspin 100
Job [2] (PID) terminated by signal 2
";
    check(expected, |t| {
        t.send(
            "/bin/echo hello | tr a-z A-Z\n./bogus | true\n\
             ./myspin 100 | ./myspin 100\njobs\nbg %1\njobs\n\
             ./myspin 100 | ./myspin 100 | ./myspin 100\n",
        );
        t.ready();
        t.ready();
        t.signal(libc::SIGTSTP);
        t.ready();
        t.ready();
        t.ready();
        t.signal(libc::SIGINT);
    });
}

#[test]
fn hangup_ends_the_shell_and_its_jobs() {
    let expected = "\
Job [1] (PID) stopped by signal 20
[2] (PID) ./myspin 100 &
";
    check(expected, |t| {
        t.send("./mystop 0\n./myspin 100 &\n");
        t.ready();
        t.ready();
        t.until("[2] (PID) ./myspin 100 &\n");
        t.signal(libc::SIGHUP);
    });
}

/// `SIGKILL` to the shell: its stopped jobs' groups are orphaned, and the
/// kernel sends them `SIGHUP` and `SIGCONT` (running jobs live on, as
/// under any shell, so there are none here).
///
/// The test process makes itself a subreaper, so the jobs are re-parented
/// to it, in the driver's session: only a shell that gave its jobs a
/// session of their own (as tsh does) gets them orphaned then. (Other
/// tests' orphans become zombies of this process until it exits; none of
/// them is waited for.)
#[test]
fn killed_outright_no_stopped_job_is_left() {
    // SAFETY: integers.
    assert_eq!(
        unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) },
        0
    );
    for _ in 0..repeat() {
        let mut t = Tsh::start();
        t.send("./mystop 0\n./mysplit 100\n");
        t.ready();
        t.ready();
        t.signal(libc::SIGTSTP)
            .until("Job [2] (PID) stopped by signal 20\n");
        t.signal(libc::SIGKILL);
        let (text, status) = t.finish();
        assert_eq!(
            text,
            "Job [1] (PID) stopped by signal 20\nJob [2] (PID) stopped by signal 20\n"
        );
        assert_eq!(status, None);
    }
}

#[test]
fn a_stage_that_stops_the_group_before_the_others_exec() {
    // `mystop` stops its group at once, often before the later stages
    // have `exec`ed (or even joined it): the shell must not wait for their
    // exec reports, and must still hear ^Z, which stops the rest.
    let line = "./mystop 0 | /bin/cat | /bin/cat | /bin/cat | /bin/cat";
    let expected = format!("Job [1] (PID) stopped by signal 20\n[1] (PID) Stopped {line}\n");
    for _ in 0..5 {
        check(&expected, |t| {
            t.send(&format!("{line}\n"));
            t.ready();
            t.signal(libc::SIGTSTP);
            t.until("Job [1] (PID) stopped by signal 20\n");
            t.send("jobs\n");
        });
    }
}

#[test]
fn a_job_is_stopped_when_its_last_running_process_ends() {
    // The middle process is stopped by another process while the others
    // run; the others then end: the job is stopped.
    let line = "./myspin 3 | ./myspin 30 | ./myspin 3";
    let expected = format!("Job [1] (PID) stopped by signal 20\n[1] (PID) Stopped {line}\n");
    check(&expected, |t| {
        t.send(&format!("{line}\n"));
        let pids: Vec<libc::pid_t> = (0..3).map(|_| t.ready()[0]).collect();
        let middle = pids
            .into_iter()
            .find(|p| {
                std::fs::read(format!("/proc/{p}/cmdline")).unwrap_or_default()
                    == b"./myspin\x0030\x00"
            })
            .expect("the middle process");
        // SAFETY: a live job process (it has not ended: it sleeps 30 s).
        unsafe { libc::kill(middle, libc::SIGTSTP) };
        t.until("Job [1] (PID) stopped by signal 20\n");
        t.send("jobs\n");
    });
}

#[test]
fn jobs_get_the_job_control_signals_default() {
    // Started with them ignored, the shell still gives its jobs
    // `SIGTSTP`, `SIGTTIN` and `SIGTTOU`'s defaults (a background read
    // must stop the job): none of them is ignored in the job. (What else
    // this test's own launcher ignores is not the shell's business.)
    let ignored = &[libc::SIGTSTP, libc::SIGTTIN, libc::SIGTTOU];
    let mut tsh = Tsh::start_ignoring(ignored);
    tsh.send("/bin/grep SigIgn /proc/self/status\n");
    let (text, status) = tsh.finish();
    assert_eq!(status, Some(0));
    let hex = text.strip_prefix("SigIgn:\t").expect(&text).trim_end();
    let mask = u64::from_str_radix(hex, 16).expect(&text);
    let bits: u64 = ignored.iter().map(|&s| 1 << (s - 1)).sum();
    assert_eq!(mask & bits, 0, "ignored in the job: {hex}");
}
