//! The job table: each job's processes, by their keys in the shell's
//! collection of `Child` handles, and what is known of each.

use std::os::fd::OwnedFd;

use procsig::{Pid, Signal, WaitStatus};

/// What is known of a process's `exec`.
#[derive(Debug)]
pub enum Exec {
    /// Not yet known: the read end of its report pipe.
    Pending(OwnedFd),
    /// It failed; `true` once "Command not found" is said.
    Failed(bool),
    /// It ran the program.
    Ran,
}

/// What the shell knows of one process of a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Running,
    Stopped(Signal),
    /// Ended, with its status (`None`: the status was lost).
    Done(Option<WaitStatus>),
}

#[derive(Debug)]
pub struct Member {
    /// Its index in the shell's `[Option<Child>]`.
    pub key: usize,
    pub pid: Pid,
    pub state: State,
    /// The command's name.
    pub name: String,
    pub exec: Exec,
}

#[derive(Debug)]
pub struct Job {
    pub jid: usize,
    /// The process group, led by the first process: the job's `(PID)`.
    pub pgid: Pid,
    /// The line as typed, without its newline.
    pub line: String,
    pub members: Vec<Member>,
    /// Reported as stopped, and not continued since.
    pub stopped: bool,
    /// The signal of the last stop seen.
    pub last_stop: Option<Signal>,
}

impl Job {
    /// Every process has ended.
    pub fn done(&self) -> bool {
        self.members
            .iter()
            .all(|m| matches!(m.state, State::Done(_)))
    }

    /// Every process still alive is stopped (and one is): the signal of
    /// the last stop seen.
    pub fn all_stopped(&self) -> Option<Signal> {
        let mut alive = self
            .members
            .iter()
            .filter(|m| !matches!(m.state, State::Done(_)))
            .peekable();
        alive.peek()?;
        alive
            .all(|m| matches!(m.state, State::Stopped(_)))
            .then_some(self.last_stop)
            .flatten()
    }

    /// Every process's `exec` is known.
    pub fn execs_known(&self) -> bool {
        !self
            .members
            .iter()
            .any(|m| matches!(m.exec, Exec::Pending(_)))
    }

    /// Some process ran its program.
    pub fn any_ran(&self) -> bool {
        self.members.iter().any(|m| matches!(m.exec, Exec::Ran))
    }

    /// The status a shell reports for the job: its last process's.
    pub fn status(&self) -> Option<WaitStatus> {
        match self.members.last()?.state {
            State::Done(status) => status,
            _ => None,
        }
    }

    /// Marks every live process running (after a `SIGCONT`).
    pub fn continued(&mut self) {
        for m in &mut self.members {
            if let State::Stopped(_) = m.state {
                m.state = State::Running;
            }
        }
        self.stopped = false;
    }
}

/// The jobs, in job-id order.
#[derive(Debug, Default)]
pub struct Jobs {
    pub list: Vec<Job>,
}

impl Jobs {
    /// The smallest job id not in use.
    pub fn free_jid(&self) -> usize {
        (1..).find(|j| self.get(*j).is_none()).unwrap_or(1)
    }

    pub fn get(&self, jid: usize) -> Option<&Job> {
        self.list.iter().find(|j| j.jid == jid)
    }

    pub fn get_mut(&mut self, jid: usize) -> Option<&mut Job> {
        self.list.iter_mut().find(|j| j.jid == jid)
    }

    /// The job one of whose processes has pid `pid`.
    pub fn by_pid(&self, pid: i64) -> Option<usize> {
        self.list
            .iter()
            .find(|j| j.members.iter().any(|m| i64::from(m.pid.as_raw()) == pid))
            .map(|j| j.jid)
    }

    /// The job and member index of the process at `key`.
    pub fn by_key(&self, key: usize) -> Option<(usize, usize)> {
        self.list.iter().find_map(|j| {
            j.members
                .iter()
                .position(|m| m.key == key && !matches!(m.state, State::Done(_)))
                .map(|i| (j.jid, i))
        })
    }

    pub fn insert(&mut self, job: Job) {
        let at = self.list.partition_point(|j| j.jid < job.jid);
        self.list.insert(at, job);
    }

    pub fn remove(&mut self, jid: usize) -> Option<Job> {
        let at = self.list.iter().position(|j| j.jid == jid)?;
        Some(self.list.remove(at))
    }
}
