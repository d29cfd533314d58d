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
