//! `ordered-runner`: `procsig::ordered::run` against the same protocol
//! written by hand against `libc`, with the same guarantees: one shared
//! pipe on which each job writes its index when done, then waits in a
//! `read` of its own turn pipe (close-on-exec, both ends kept by the
//! parent until it writes the turn byte; a descriptor held free for the
//! pidfd until just before the fork); a pidfd per child (opened after fork and proven to name the
//! child) that tells of its end and takes the waits; `PR_SET_PDEATHSIG` in
//! the child; only the head job and the shared pipe polled; at most P jobs
//! alive.

use std::time::Instant;

use procsig::ordered::{self, Slot};

use super::{compare_some, per_iteration, Config, Variant};

pub fn ordered_runner(cfg: &Config) {
    let cfg = &Config {
        rounds: cfg.rounds,
        scale: cfg.scale,
    };
    for k in [100usize, 1000] {
        let k = if cfg.scale > 1 { k.min(100) } else { k };
        for p in [2, k] {
            compare_some(
                &[Variant::Libc, Variant::Facade],
                &format!("ordered runner: K = {k} jobs, P = {p} alive at most, no work"),
                "µs per job",
                cfg,
                |v| {
                    let start = Instant::now();
                    match v {
                        Variant::Facade => facade(k, p),
                        _ => by_hand(k, p),
                    }
                    per_iteration(start.elapsed(), k as u32, 1000.0)
                },
            );
        }
    }
}

fn facade(k: usize, p: usize) {
    let mut slots: Vec<Slot> = (0..p).map(|_| Slot::EMPTY).collect();
    // SAFETY: the benchmark is single-threaded; the jobs end by returning.
    unsafe {
        ordered::run(
            &mut slots,
            k,
            None,
            |_, turn| {
                turn.wait().ok();
                0
            },
            |_, outcome| {
                assert_eq!(
                    outcome,
                    ordered::Outcome::Ended(procsig::WaitStatus::Exited(0))
                )
            },
        )
    }
    .expect("ordered::run");
}

#[derive(Clone, Copy, PartialEq)]
enum Phase {
    Free,
    Working,
    Done,
    Released,
    Ended,
}

#[derive(Clone, Copy)]
struct Job {
    pidfd: libc::c_int,
    turn: [libc::c_int; 2],
    index: usize,
    phase: Phase,
}

fn by_hand(k: usize, p: usize) {
    let free = Job {
        pidfd: -1,
        turn: [-1; 2],
        index: 0,
        phase: Phase::Free,
    };
    let mut jobs = vec![free; p];
    // SAFETY: plain libc calls on descriptors and children this function
    // owns; the process is single-threaded and each child ends in `_exit`.
    unsafe {
        let me = libc::getpid();
        let mut shared = [0; 2];
        assert_eq!(libc::pipe2(shared.as_mut_ptr(), libc::O_CLOEXEC), 0);
        let (mut next, mut head) = (0, 0);
        while head < k {
            while next < k {
                let Some(free) = jobs.iter().position(|j| j.phase == Phase::Free) else {
                    break;
                };
                let mut turn = [0; 2];
                assert_eq!(libc::pipe2(turn.as_mut_ptr(), libc::O_CLOEXEC), 0);
                let spare = libc::fcntl(turn[0], libc::F_DUPFD_CLOEXEC, 0);
                assert!(spare >= 0);
                libc::close(spare);
                let pid = libc::fork();
                assert!(pid >= 0);
                if pid == 0 {
                    libc::close(shared[0]);
                    libc::close(turn[1]);
                    libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0);
                    if libc::getppid() != me {
                        libc::_exit(1);
                    }
                    let record = next.to_ne_bytes();
                    libc::write(shared[1], record.as_ptr().cast(), record.len());
                    let mut byte = 0u8;
                    if libc::read(turn[0], (&mut byte as *mut u8).cast(), 1) != 1 {
                        libc::_exit(1);
                    }
                    libc::_exit(0);
                }
                let job = &mut jobs[free];
                let pidfd = libc::syscall(libc::SYS_pidfd_open, pid, 0) as libc::c_int;
                assert!(pidfd >= 0);
                let mut info: libc::siginfo_t = std::mem::zeroed();
                let options = libc::WEXITED | libc::WNOHANG | libc::WNOWAIT;
                assert_eq!(
                    libc::waitid(libc::P_PIDFD, pidfd as libc::id_t, &mut info, options),
                    0
                );
                *job = Job {
                    pidfd,
                    turn,
                    index: next,
                    phase: Phase::Working,
                };
                next += 1;
            }
            let h = jobs
                .iter_mut()
                .find(|j| j.phase != Phase::Free && j.index == head)
                .expect("the head job");
            match h.phase {
                Phase::Done => {
                    assert_eq!(libc::write(h.turn[1], [1u8].as_ptr().cast(), 1), 1);
                    h.turn.into_iter().for_each(|fd| {
                        libc::close(fd);
                    });
                    h.turn = [-1; 2];
                    h.phase = Phase::Released;
                }
                Phase::Ended => {
                    libc::close(h.pidfd);
                    h.phase = Phase::Free;
                    head += 1;
                }
                _ => {
                    // The shared pipe and the head's pidfd (as in procsig).
                    let mut fds = [shared[0], h.pidfd].map(|fd| libc::pollfd {
                        fd,
                        events: libc::POLLIN,
                        revents: 0,
                    });
                    assert!(libc::poll(fds.as_mut_ptr(), 2, -1) > 0);
                    let head_ended = fds[1].revents != 0;
                    if head_ended {
                        let mut info: libc::siginfo_t = std::mem::zeroed();
                        let r = libc::waitid(
                            libc::P_PIDFD,
                            h.pidfd as libc::id_t,
                            &mut info,
                            libc::WEXITED,
                        );
                        assert_eq!(r, 0);
                        assert_eq!(info.si_code, libc::CLD_EXITED);
                        h.phase = Phase::Ended;
                    }
                    if fds[0].revents != 0 {
                        let mut buf = [0u8; 512];
                        let n = libc::read(shared[0], buf.as_mut_ptr().cast(), buf.len());
                        assert!(n > 0);
                        for record in buf[..n as usize].chunks_exact(8) {
                            let i = usize::from_ne_bytes(record.try_into().unwrap());
                            if let Some(j) = jobs
                                .iter_mut()
                                .find(|j| j.phase == Phase::Working && j.index == i)
                            {
                                j.phase = Phase::Done;
                            }
                        }
                    }
                }
            }
        }
        libc::close(shared[0]);
        libc::close(shared[1]);
    }
}
