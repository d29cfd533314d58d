//! The shell's loop: read a line, run it, wait for the foreground job, and
//! between all of these report what the event wait brings.

use std::io::Write;
use std::os::fd::AsRawFd;
use std::time::Duration;

use procsig::{
    kill_group, new_session, raw, reset_disposition, this_group, Child, Errno, Event, Events,
    Interest, Pid, SigSet, Signal, Terminal, WaitStatus,
};

use crate::jobs::{Exec, Job, Jobs, Member, State};
use crate::launch::{self, Setup};
use crate::parse::{parse, Line};
use crate::Options;

/// The key standard input is watched under.
const STDIN: usize = 0;
/// The key the jobs' `exec`-report pipes are watched under.
const REPORT: usize = 1;

/// Why the shell stops.
enum End {
    /// End of input, `quit`, `SIGHUP`, `SIGTERM`: status 0.
    Normal,
    /// `SIGQUIT`: status 1, after the course's message.
    Quit,
    /// The shell itself failed: status 1.
    Failed(String),
}

impl From<std::io::Error> for End {
    fn from(e: std::io::Error) -> End {
        End::Failed(format!("writing to standard output: {e}"))
    }
}

impl From<Errno> for End {
    fn from(e: Errno) -> End {
        End::Failed(e.to_string())
    }
}

struct Shell<'g> {
    options: Options,
    events: Events<'g>,
    children: Vec<Option<Child>>,
    jobs: Jobs,
    /// The foreground job's id.
    fg: Option<usize>,
    terminal: Option<Terminal>,
    mask: SigSet,
    input: Vec<u8>,
    /// How much of `input` is known to hold no newline.
    scanned: usize,
    eof: bool,
}

/// Runs the shell; its exit status.
pub fn run(options: Options) -> i32 {
    // The shell's own group and the terminal, before anything else.
    let mut terminal = None;
    let mut restore = None;
    match Terminal::new(0).foreground() {
        // Started in the background of a terminal (`tsh &`): leave the
        // terminal alone; reading it stops the shell (SIGTTIN) until it is
        // brought to the foreground.
        Ok(Some(foreground)) if this_group() != Some(foreground) => {}
        Ok(Some(foreground)) => {
            let me = Pid::this();
            if this_group() != Some(me) {
                // SAFETY: plain integers.
                let _ = unsafe { raw::setpgid(0, 0) };
                restore = Some(foreground);
            }
            let t = Terminal::new(0);
            let _ = t.take_back();
            terminal = Some(t);
        }
        _ => {
            // Not a terminal: the jobs' session is the shell's alone, so
            // that whoever adopts them if the shell is killed is outside it.
            let session = new_session();
            if options.verbose {
                warn!("tsh: new session: {session:?}");
            }
        }
    }
    // A launcher may have left SIGCHLD ignored: children would be reaped
    // by the kernel and their stops never reported.
    let _ = reset_disposition(Signal::CHLD);
    let mask = SigSet::current().unwrap_or_else(|_| SigSet::empty());
    let set = SigSet::from([
        Signal::INT,
        Signal::TSTP,
        Signal::CHLD,
        Signal::HUP,
        Signal::TERM,
        Signal::QUIT,
    ]);
    let end = match set.block() {
        Err(e) => End::Failed(format!("blocking signals: {e}")),
        Ok(guard) => match Events::with_stops(&guard) {
            Err(e) => End::Failed(format!("the event wait: {e}")),
            Ok(events) => {
                let mut shell = Shell {
                    options,
                    events,
                    children: Vec::new(),
                    jobs: Jobs::default(),
                    fg: None,
                    terminal,
                    mask,
                    input: Vec::new(),
                    scanned: 0,
                    eof: false,
                };
                let end = shell.run().err().unwrap_or(End::Normal);
                shell.hang_up();
                end
            }
        },
    };
    if let (Some(t), Some(group)) = (terminal, restore) {
        let _ = t.give_to(group);
    }
    match end {
        End::Normal => 0,
        End::Quit => {
            let _ = say("Terminating after receipt of SIGQUIT signal\n");
            1
        }
        End::Failed(why) => {
            warn!("tsh: {why}");
            1
        }
    }
}

/// Writes `text` to standard output at once.
///
/// `SIGTTOU` is blocked meanwhile: with `stty tostop`, a report of a
/// background job written while a foreground job owns the terminal would
/// otherwise stop the shell itself (the kernel lets a process that blocks
/// `SIGTTOU` write). `EIO` (the terminal is gone, or refuses the write)
/// means the text cannot be written now: it is dropped, the shell goes on.
fn say(text: &str) -> std::io::Result<()> {
    let _quiet = SigSet::from(Signal::TTOU).block();
    let mut out = std::io::stdout().lock();
    let written = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    match written {
        Err(e) if e.raw_os_error() == Some(libc::EIO) => Ok(()),
        other => other,
    }
}

impl Shell<'_> {
    fn run(&mut self) -> Result<(), End> {
        loop {
            self.drain()?;
            if self.options.prompt {
                say("tsh> ")?;
            }
            let line = loop {
                if let Some(line) = self.take_line() {
                    break line;
                }
                if self.eof {
                    return Ok(());
                }
                self.read_more()?;
            };
            self.eval(&line)?;
        }
    }

    /// Reports every event already there, without sleeping.
    fn drain(&mut self) -> Result<(), End> {
        let jids: Vec<usize> = self.jobs.list.iter().map(|j| j.jid).collect();
        for jid in jids {
            self.learn_execs(jid)?;
        }
        while let Some(event) = self.events.wait(&mut self.children, Some(Duration::ZERO))? {
            self.handle(event)?;
        }
        Ok(())
    }

    /// The next whole line of input (or the rest, at its end).
    fn take_line(&mut self) -> Option<String> {
        // Only the bytes read since the last look can hold the newline:
        // a long line costs one scan, not one per read.
        let new = self.input.get(self.scanned..).unwrap_or_default();
        let end = match new.iter().position(|&b| b == b'\n') {
            Some(at) => self.scanned + at + 1,
            None if self.eof && !self.input.is_empty() => self.input.len(),
            None => {
                self.scanned = self.input.len();
                return None;
            }
        };
        self.scanned = 0;
        let line: Vec<u8> = self.input.drain(..end).collect();
        let line = String::from_utf8_lossy(&line);
        Some(line.trim_end_matches('\n').to_string())
    }

    /// Waits for input, reporting events meanwhile, and reads what is there.
    fn read_more(&mut self) -> Result<(), End> {
        match self.events.watch(STDIN, 0, Interest::Readable) {
            Ok(()) => {
                let ready = self.wait_for_input();
                self.events.unwatch(0)?;
                ready?;
            }
            // A regular file: always readable, and epoll refuses it.
            Err(Errno::EPERM) => {}
            Err(e) => return Err(e.into()),
        }
        let mut buf = [0u8; 4096];
        // SAFETY: standard input, a live buffer.
        match unsafe { raw::read(0, &mut buf) } {
            Ok(0) | Err(Errno::EIO) | Err(Errno::EBADF) => self.eof = true,
            Ok(n) => self
                .input
                .extend_from_slice(buf.get(..n).unwrap_or_default()),
            Err(Errno::EINTR) | Err(Errno::EAGAIN) => {}
            Err(e) => return Err(e.into()),
        }
        Ok(())
    }

    fn wait_for_input(&mut self) -> Result<(), End> {
        loop {
            match self.events.wait(&mut self.children, None)? {
                Some(Event::Fd { key: STDIN, .. }) => return Ok(()),
                Some(event) => self.handle(event)?,
                None => {}
            }
        }
    }

    /// Waits until the foreground job has ended or stopped.
    fn wait_fg(&mut self) -> Result<(), End> {
        while self.fg.is_some() {
            if let Some(event) = self.events.wait(&mut self.children, None)? {
                self.handle(event)?;
            }
        }
        Ok(())
    }

    fn handle(&mut self, event: Event) -> Result<(), End> {
        match event {
            Event::Signal(info) => match info.signal {
                Signal::INT | Signal::TSTP => {
                    if let Some(job) = self.fg.and_then(|jid| self.jobs.get(jid)) {
                        if self.options.verbose {
                            warn!("tsh: {} to group {}", info.signal, job.pgid);
                        }
                        let _ = kill_group(job.pgid, info.signal);
                    }
                }
                Signal::HUP | Signal::TERM => return Err(End::Normal),
                Signal::QUIT => return Err(End::Quit),
                _ => {} // SIGCHLD: the children's own events say what changed
            },
            Event::Child { key, status, .. } => self.child_changed(key, status)?,
            Event::Fd { key: REPORT, .. } => {
                let jids: Vec<usize> = self.jobs.list.iter().map(|j| j.jid).collect();
                for jid in jids {
                    self.learn_execs(jid)?;
                }
            }
            Event::Fd { .. } => {}
        }
        Ok(())
    }

    fn child_changed(&mut self, key: usize, status: Result<WaitStatus, Errno>) -> Result<(), End> {
        let Some((jid, i)) = self.jobs.by_key(key) else {
            return Ok(()); // a process that never made a job
        };
        self.learn_execs(jid)?;
        let Some(job) = self.jobs.get_mut(jid) else {
            return Ok(());
        };
        let Some(member) = job.members.get_mut(i) else {
            return Ok(());
        };
        match status {
            Ok(WaitStatus::Stopped(sig)) => {
                member.state = State::Stopped(sig);
                job.last_stop = Some(sig);
            }
            Ok(WaitStatus::Continued) => {
                member.state = State::Running;
                job.stopped = false;
            }
            Ok(status) => member.state = State::Done(Some(status)),
            Err(_) => member.state = State::Done(None),
        }
        if self.options.verbose {
            warn!("tsh: process {} of job [{jid}]: {status:?}", member.pid);
        }
        let (pgid, is_fg) = (job.pgid, self.fg == Some(jid));
        if job.done() {
            if let Some(WaitStatus::Signaled { signal, .. }) = job.status() {
                say(&format!(
                    "Job [{jid}] ({pgid}) terminated by signal {}\n",
                    signal.as_raw()
                ))?;
            }
            self.jobs.remove(jid);
            self.job_left_foreground(jid);
        } else if let Some(sig) = job.all_stopped() {
            // Checked on every change: the last running process may end
            // (or be killed) while another is stopped.
            if !job.stopped {
                job.stopped = true;
                say(&format!(
                    "Job [{jid}] ({pgid}) stopped by signal {}\n",
                    sig.as_raw()
                ))?;
            }
            self.job_left_foreground(jid);
        }
        let _ = is_fg;
        Ok(())
    }

    /// The foreground job has ended or stopped: the shell is foreground
    /// again.
    fn job_left_foreground(&mut self, jid: usize) {
        if self.fg == Some(jid) {
            self.fg = None;
            if let Some(t) = self.terminal {
                let _ = t.take_back();
            }
        }
    }

    fn eval(&mut self, text: &str) -> Result<(), End> {
        let (stages, background) = match parse(text) {
            Line::Empty => return Ok(()),
            Line::Error(why) => return Ok(say(&format!("{why}\n"))?),
            Line::Pipeline { stages, background } => (stages, background),
        };
        if let [words] = stages.as_slice() {
            match words.first().map(String::as_str) {
                Some("quit") => return Err(End::Normal),
                Some("jobs") => return self.list_jobs(),
                Some(name @ ("bg" | "fg")) => return self.bg_fg(name, words.get(1)),
                _ => {}
            }
        }
        self.launch(text, &stages, background)
    }

    fn list_jobs(&mut self) -> Result<(), End> {
        let mut text = String::new();
        for job in &self.jobs.list {
            let state = if job.stopped { "Stopped" } else { "Running" };
            text += &format!("[{}] ({}) {state} {}\n", job.jid, job.pgid, job.line);
        }
        Ok(say(&text)?)
    }

    fn bg_fg(&mut self, name: &str, arg: Option<&String>) -> Result<(), End> {
        let Some(arg) = arg else {
            return Ok(say(&format!(
                "{name} command requires PID or %jobid argument\n"
            ))?);
        };
        let number = |digits: &str| -> i64 {
            let digits: String = digits
                .chars()
                .take_while(char::is_ascii_digit)
                .take(18)
                .collect();
            digits.parse().unwrap_or(0)
        };
        let jid = if arg.starts_with(|c: char| c.is_ascii_digit()) {
            let pid = number(arg);
            match self.jobs.by_pid(pid) {
                Some(jid) => jid,
                None => return Ok(say(&format!("({pid}): No such process\n"))?),
            }
        } else if let Some(rest) = arg.strip_prefix('%') {
            let jid = usize::try_from(number(rest)).unwrap_or(0);
            match self.jobs.get(jid) {
                Some(_) => jid,
                None => return Ok(say(&format!("{arg}: No such job\n"))?),
            }
        } else {
            return Ok(say(&format!("{name}: argument must be a PID or %jobid\n"))?);
        };
        let Some(job) = self.jobs.get_mut(jid) else {
            return Ok(());
        };
        let pgid = job.pgid;
        if name == "fg" {
            self.fg = Some(jid);
            if let Some(t) = self.terminal {
                let _ = t.give_to(pgid);
            }
        } else {
            say(&format!("[{jid}] ({pgid}) {}\n", job.line))?;
        }
        job.continued();
        let _ = kill_group(pgid, Signal::CONT);
        self.wait_fg()
    }

    fn launch(&mut self, text: &str, stages: &[Vec<String>], background: bool) -> Result<(), End> {
        let setup = Setup {
            mask: &self.mask,
            terminal: if background { None } else { self.terminal },
        };
        let (started, error) = launch::start(stages, &setup);
        let mut members = Vec::new();
        for s in started {
            let pid = s.child.pid();
            let key = match self.children.iter().position(Option::is_none) {
                Some(free) => free,
                None => {
                    self.children.push(None);
                    self.children.len() - 1
                }
            };
            if let Some(slot) = self.children.get_mut(key) {
                *slot = Some(s.child);
            }
            // Failing to watch only means learning of the `exec` later.
            let _ = self
                .events
                .watch(REPORT, s.report.as_raw_fd(), Interest::Readable);
            members.push(Member {
                key,
                pid,
                state: State::Running,
                name: s.name,
                exec: Exec::Pending(s.report),
            });
        }
        if let Some(e) = error {
            say(&format!("tsh: cannot start {text}: {e}\n"))?;
        }
        let Some(pgid) = members.first().map(|m| m.pid) else {
            return Ok(());
        };
        let jid = self.jobs.free_jid();
        self.jobs.insert(Job {
            jid,
            pgid,
            line: text.to_string(),
            members,
            stopped: false,
            last_stop: None,
        });
        if !background {
            self.fg = Some(jid);
        }
        // Learn every `exec` before going on (so that "Command not found"
        // comes first, in stage order), unless the job stops or ends
        // first: a stage may stop the group before a later one has
        // `exec`ed, and what is still unknown is then learnt later, when
        // the job is next looked at.
        loop {
            self.learn_execs(jid)?;
            match self.jobs.get(jid) {
                Some(job) if !job.execs_known() && !job.stopped => {}
                _ => break,
            }
            if let Some(event) = self.events.wait(&mut self.children, None)? {
                self.handle(event)?;
            }
        }
        let Some(job) = self.jobs.get(jid) else {
            return Ok(());
        };
        if job.execs_known() && !job.any_ran() {
            // Nothing to show as a job: the processes that failed are
            // reaped by the next waits, unreported.
            self.jobs.remove(jid);
            self.job_left_foreground(jid);
            return Ok(());
        }
        if background {
            say(&format!("[{jid}] ({pgid}) {text}\n"))?;
            Ok(())
        } else {
            self.wait_fg()
        }
    }

    /// Reads the `exec` reports of job `jid` that are there, without
    /// waiting, and says "Command not found" for the failures in stage
    /// order, up to the first stage not yet known.
    fn learn_execs(&mut self, jid: usize) -> Result<(), End> {
        let Some(job) = self.jobs.get_mut(jid) else {
            return Ok(());
        };
        let mut text = String::new();
        let mut in_order = true;
        for m in &mut job.members {
            if let Exec::Pending(fd) = &m.exec {
                let Some(failed) = launch::exec_report(fd) else {
                    in_order = false;
                    continue;
                };
                // Before it is closed: a later stage stopped before its
                // `exec` may hold a copy, which would keep it watched.
                let _ = self.events.unwatch(fd.as_raw_fd());
                m.exec = if failed {
                    Exec::Failed(false)
                } else {
                    Exec::Ran
                };
            }
            if let Exec::Failed(said) = &mut m.exec {
                if in_order && !*said {
                    *said = true;
                    text += &format!("{}: Command not found\n", m.name);
                }
            }
        }
        Ok(say(&text)?)
    }

    /// `SIGHUP`, then `SIGCONT`, to every job, as a login shell does when
    /// it ends.
    fn hang_up(&mut self) {
        for job in &self.jobs.list {
            let _ = kill_group(job.pgid, Signal::HUP);
            let _ = kill_group(job.pgid, Signal::CONT);
        }
    }
}
