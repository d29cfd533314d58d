use procsig::{
    alarm, cancel_alarm, disposition, exit, fork, reset_disposition, Disposition, Errno, Fork,
    Signal, WaitStatus,
};

use crate::support::*;

pub fn alarm_and_cancel() {
    assert_eq!(alarm(5), None);
    assert_eq!(alarm(7), Some(5));
    // SAFETY: single-threaded scenario.
    match unsafe { fork() }.unwrap() {
        Fork::Child => exit(i32::from(cancel_alarm().is_some())),
        Fork::Parent(child) => {
            assert_eq!(child.wait(), Ok(WaitStatus::Exited(0)), "alarm inherited")
        }
    }
    assert_eq!(cancel_alarm(), Some(7));
    assert_eq!(cancel_alarm(), None);
}

struct Loud(libc::c_int);
impl Drop for Loud {
    fn drop(&mut self) {
        write_all(self.0, b"destructor ran");
    }
}

pub fn exit_skips_destructors() {
    let (r, w) = pipe();
    // SAFETY: single-threaded scenario.
    match unsafe { fork() }.unwrap() {
        Fork::Child => {
            let _loud = Loud(w);
            exit(300);
        }
        Fork::Parent(child) => {
            close(w);
            assert_eq!(read_to_end(r), b"");
            assert_eq!(child.wait(), Ok(WaitStatus::Exited(300 & 0xff)));
        }
    }
}

extern "C" fn nothing(_: libc::c_int) {}

pub fn disposition_read_and_reset() {
    set_disposition(libc::SIGUSR1, libc::SIG_IGN);
    set_disposition(libc::SIGUSR2, nothing as *const () as libc::sighandler_t);
    assert_eq!(disposition(Signal::USR1), Ok(Disposition::Ignore));
    assert_eq!(disposition(Signal::USR2), Ok(Disposition::Handler));
    assert_eq!(disposition(Signal::TERM), Ok(Disposition::Default));
    assert_eq!(reset_disposition(Signal::USR1), Ok(Disposition::Ignore));
    assert_eq!(reset_disposition(Signal::USR2), Ok(Disposition::Handler));
    assert_eq!(disposition(Signal::USR1), Ok(Disposition::Default));
    assert_eq!(crate::support::disposition(libc::SIGUSR2), libc::SIG_DFL);
    assert_eq!(reset_disposition(Signal::KILL), Err(Errno::EINVAL));
}

/// Who sent what: a child queues RT1 with values 7 and 8 and sends USR1;
/// the parent learns the sender of each and the values, in order; `raise`
/// reaches the calling thread.
#[cfg(all(procsig_linux, procsig_rtsig, procsig_timed_wait))]
pub fn wait_info_reports_sender_and_value() {
    let rt = procsig::Signal::rt(1).unwrap();
    let set = procsig::SigSet::from([rt, procsig::Signal::USR1]);
    let guard = set.block().unwrap();
    let parent = procsig::Pid::this();
    let child = crate::fork_child(move || {
        procsig::queue_signal(parent, rt, 7).unwrap();
        procsig::queue_signal(parent, rt, 8).unwrap();
        procsig::kill(parent, procsig::Signal::USR1).unwrap();
        0
    });
    let sender = child.pid();
    assert_eq!(child.wait(), Ok(procsig::WaitStatus::Exited(0)));
    // Lower-numbered (standard) signals come first, then the queue in order.
    let first = guard.wait_info().unwrap();
    assert_eq!(
        (first.signal, first.sender, first.value),
        (procsig::Signal::USR1, Some(sender), None)
    );
    for value in [7, 8] {
        let info = guard.wait_info().unwrap();
        assert_eq!(
            (info.signal, info.sender, info.value),
            (rt, Some(sender), Some(value))
        );
    }
    assert_eq!(guard.wait_info_timeout(std::time::Duration::ZERO), Ok(None));
    procsig::raise(procsig::Signal::USR1).unwrap();
    let raised = set.wait_info().unwrap();
    assert_eq!(
        (raised.signal, raised.sender),
        (procsig::Signal::USR1, Some(procsig::Pid::this()))
    );
    // SI_TKILL from tgkill on older kernels; Linux 6.18 reports SI_USER.
    assert!([libc::SI_TKILL, libc::SI_USER].contains(&raised.code));
}
