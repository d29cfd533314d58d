//! The behaviours of shared/CONFORMANCE.md that the raw layer and the
//! vocabulary types can show, each in a forked, single-threaded scenario
//! with a watchdog (see `tests/support`).
//!
//! The call under test goes through `procsig::raw`; the scaffolding around
//! it (checking the pending set, installing handlers) uses `libc` directly,
//! so a bug in procsig cannot hide itself by breaking the check too.

// Built for every target: the scenarios of calls a target lacks are left
// out (a cfg on their module's mod line, or on their entry below), and the
// helpers only they use are then unused there.
#![cfg_attr(
    not(all(procsig_linux, procsig_sigtimedwait)),
    allow(unused_imports, dead_code)
)]

#[path = "../support/mod.rs"]
mod support;

mod alarm;
mod discard;
mod exit;
mod fork;
mod jobctl;
mod kill;
#[cfg(procsig_kqueue)]
mod kqueue;
#[cfg(procsig_pidfd)]
mod pidfd;
#[cfg(procsig_linux)]
mod reap;
#[cfg(procsig_linux)]
mod signalfd;
mod sigprocmask;
mod sigwait;
mod waitpid;

use support::scenario;

fn main() {
    support::main(&[
        scenario(
            "fork::returns_pid_to_parent_and_zero_to_child",
            fork::returns_pids,
        ),
        scenario(
            "fork::child_keeps_mask_but_not_pending",
            fork::mask_kept_pending_cleared,
        ),
        scenario(
            "fork::child_inherits_dispositions",
            fork::dispositions_inherited,
        ),
        scenario("fork::child_has_no_alarm", fork::alarm_not_inherited),
        scenario(
            "kill::zero_probes_live_and_missing_pids",
            kill::probe_live_and_missing,
        ),
        scenario("kill::invalid_signal_is_einval", kill::invalid_signal),
        scenario("kill::zombie_is_signallable_until_reaped", kill::zombie),
        scenario(
            "kill::unprivileged_sender_gets_eperm",
            kill::eperm_after_setuid,
        ),
        scenario("kill::group_reaches_members_only", kill::group),
        scenario(
            "sigprocmask::block_twice_is_union",
            sigprocmask::block_union,
        ),
        scenario(
            "sigprocmask::setmask_and_unblock",
            sigprocmask::setmask_and_unblock,
        ),
        scenario("sigprocmask::no_set_reads_mask", sigprocmask::no_set_reads),
        scenario(
            "sigprocmask::invalid_how_is_einval",
            sigprocmask::invalid_how,
        ),
        scenario(
            "sigprocmask::kill_and_stop_are_not_blocked",
            sigprocmask::kill_stop_dropped,
        ),
        scenario(
            "sigprocmask::unblock_delivers_before_return",
            sigprocmask::unblock_delivers,
        ),
        #[cfg(procsig_kqueue)]
        scenario(
            "kqueue::fires_for_a_blocked_signal_and_leaves_it_pending",
            kqueue::fires_for_a_blocked_signal_and_leaves_it_pending,
        ),
        #[cfg(procsig_kqueue)]
        scenario(
            "kqueue::misses_a_signal_pending_before_it",
            kqueue::misses_a_signal_pending_before_it,
        ),
        #[cfg(procsig_kqueue)]
        scenario(
            "kqueue::not_inherited_by_fork",
            kqueue::not_inherited_by_fork,
        ),
        #[cfg(procsig_kqueue)]
        scenario(
            "kqueue::proc_exit_fires_without_sigchld",
            kqueue::proc_exit_fires_without_sigchld,
        ),
        #[cfg(procsig_kqueue)]
        scenario(
            "kqueue::proc_filter_on_a_zombie",
            kqueue::proc_filter_on_a_zombie,
        ),
        #[cfg(procsig_kqueue)]
        scenario(
            "kqueue::proc_filter_on_a_reaped_pid",
            kqueue::proc_filter_on_a_reaped_pid,
        ),
        #[cfg(procsig_kqueue)]
        scenario(
            "kqueue::proc_batch_stops_at_the_first_refused",
            kqueue::proc_batch_stops_at_the_first_refused,
        ),
        #[cfg(procsig_kqueue)]
        scenario(
            "kqueue::descriptor_filters_enable_delete_close",
            kqueue::descriptor_filters_enable_delete_close,
        ),
        #[cfg(procsig_kqueue)]
        scenario(
            "kqueue::level_triggered_filters_take_turns",
            kqueue::level_triggered_filters_take_turns,
        ),
        #[cfg(procsig_kqueue)]
        scenario(
            "kqueue::regular_file_at_its_end_is_not_ready",
            kqueue::regular_file_at_its_end_is_not_ready,
        ),
        #[cfg(procsig_kqueue)]
        scenario(
            "kqueue::process_signal_seen_by_sigpending_where",
            kqueue::process_signal_seen_by_sigpending_where,
        ),
        #[cfg(procsig_kqueue)]
        scenario(
            "kqueue::thread_directed_signal_and_the_filter",
            kqueue::thread_directed_signal_and_the_filter,
        ),
        #[cfg(all(procsig_kqueue, target_os = "freebsd"))]
        scenario(
            "kqueue::proc_filter_on_an_exiting_child_fires_at_once",
            kqueue::proc_filter_on_an_exiting_child_fires_at_once,
        ),
        scenario(
            "discard::blocked_default_ignored_without_handler",
            discard::blocked_default_ignored_without_handler,
        ),
        scenario(
            "discard::blocked_default_ignored_with_handler",
            discard::blocked_default_ignored_with_handler,
        ),
        scenario("discard::blocked_and_ignored", discard::blocked_and_ignored),
        scenario(
            "discard::numbers_above_the_standard_signals",
            discard::numbers_above_the_standard_signals,
        ),
        scenario("sigwait::accepts_pending_signal", sigwait::accepts_pending),
        #[cfg(target_os = "linux")]
        scenario("sigwait::blocks_until_sent", sigwait::blocks_until_sent),
        #[cfg(procsig_sigtimedwait)]
        scenario("sigwait::standard_signals_coalesce", sigwait::coalesce),
        #[cfg(procsig_rtsig)]
        scenario("sigwait::realtime_signals_queue", sigwait::rt_queue),
        #[cfg(procsig_rtsig)]
        scenario("sigwait::lower_realtime_first", sigwait::rt_order),
        #[cfg(target_os = "linux")]
        scenario(
            "sigwait::ignored_but_blocked_is_accepted",
            sigwait::ignored_blocked,
        ),
        #[cfg(target_os = "linux")]
        scenario(
            "sigwait::glibc_returns_error_number",
            sigwait::error_is_return_value,
        ),
        #[cfg(procsig_sigtimedwait)]
        scenario("sigtimedwait::zero_timeout_is_eagain", sigwait::timed_zero),
        #[cfg(procsig_sigtimedwait)]
        scenario("sigtimedwait::timeout_elapses", sigwait::timed_100ms),
        #[cfg(procsig_sigtimedwait)]
        scenario("sigtimedwait::reports_sender_pid", sigwait::timed_si_pid),
        #[cfg(procsig_sigtimedwait)]
        scenario(
            "sigtimedwait::invalid_timeout_is_einval",
            sigwait::timed_invalid,
        ),
        #[cfg(procsig_sigtimedwait)]
        scenario("sigwaitinfo::reports_sender_pid", sigwait::waitinfo_si_pid),
        scenario("alarm::none_pending_returns_zero", alarm::none_pending),
        #[cfg(procsig_sigtimedwait)]
        scenario("alarm::replacing_returns_remainder", alarm::replace),
        #[cfg(procsig_sigtimedwait)]
        scenario("alarm::cancel_returns_remainder", alarm::cancel),
        scenario("alarm::u32_max_round_trips", alarm::u32_max),
        scenario("alarm::pending_never_reports_zero", alarm::never_zero),
        scenario("alarm::child_is_killed_by_alrm", alarm::kills_child),
        scenario("waitpid::reaps_once_then_echild", waitpid::reap_once),
        scenario("waitpid::no_children_is_echild", waitpid::no_children),
        scenario("waitpid::wnohang_running_then_exited", waitpid::wnohang),
        scenario(
            "waitpid::invalid_options_is_einval",
            waitpid::invalid_options,
        ),
        scenario("waitpid::stopped_and_continued", waitpid::stop_continue),
        scenario(
            "waitpid::sigchld_ignored_auto_reaps",
            waitpid::sigchld_ignored,
        ),
        scenario("waitpid::every_exit_code", waitpid::exit_codes),
        scenario("waitpid::killed_by_each_signal", waitpid::killed_by_each),
        scenario(
            "waitpid::core_dump_only_for_core_signals",
            waitpid::core_dumps,
        ),
        #[cfg(procsig_pidfd)]
        scenario(
            "pidfd::readable_on_exit_not_stop",
            pidfd::readable_on_exit_not_stop,
        ),
        #[cfg(procsig_pidfd)]
        scenario(
            "pidfd::send_signal_zombie_then_reused_pid",
            pidfd::send_signal_zombie_then_reused_pid,
        ),
        #[cfg(procsig_pidfd)]
        scenario("pidfd::open_errors", pidfd::open_errors),
        #[cfg(procsig_pidfd)]
        scenario(
            "pidfd::auto_reaped_child_is_esrch",
            pidfd::auto_reaped_child_is_esrch,
        ),
        #[cfg(procsig_pidfd)]
        scenario(
            "pidfd::enosys_without_the_call",
            pidfd::enosys_without_the_call,
        ),
        #[cfg(procsig_linux)]
        scenario(
            "reap::subreaper_adopts_orphans",
            reap::subreaper_adopts_orphans,
        ),
        #[cfg(procsig_linux)]
        scenario("reap::pid_one_adopts_orphans", reap::pid_one_adopts_orphans),
        #[cfg(procsig_linux)]
        scenario(
            "reap::subreaper_not_inherited",
            reap::subreaper_not_inherited,
        ),
        #[cfg(procsig_linux)]
        scenario(
            "reap::peek_leaves_zombies_and_skips_stops",
            reap::peek_leaves_zombies_and_skips_stops,
        ),
        scenario(
            "jobctl::setsid_refused_to_a_group_leader_not_a_child",
            jobctl::setsid_leader_eperm_child_new_session,
        ),
        scenario(
            "jobctl::setsid_leaves_the_terminal",
            jobctl::setsid_leaves_the_terminal,
        ),
        scenario(
            "jobctl::tcsetpgrp_from_background_stops_unless_ttou_blocked_or_ignored",
            jobctl::tcsetpgrp_from_background,
        ),
        scenario(
            "jobctl::orphaned_group_with_stopped_member_gets_hup_then_cont",
            jobctl::orphaned_group_with_stopped_member,
        ),
        scenario(
            "jobctl::stop_signals_discarded_in_orphaned_group",
            jobctl::stop_signals_discarded_in_orphaned_group,
        ),
        #[cfg(procsig_linux)]
        scenario(
            "signalfd::readable_when_pending_and_read_dequeues",
            signalfd::readable_when_pending_and_read_dequeues,
        ),
        #[cfg(procsig_linux)]
        scenario(
            "signalfd::standard_coalesce_realtime_queue",
            signalfd::standard_coalesce_realtime_queue,
        ),
        #[cfg(procsig_linux)]
        scenario(
            "signalfd::unblocked_signal_never_reaches_it",
            signalfd::unblocked_signal_never_reaches_it,
        ),
        #[cfg(procsig_linux)]
        scenario(
            "signalfd::after_fork_reads_the_childs_own",
            signalfd::after_fork_reads_the_childs_own,
        ),
        #[cfg(procsig_linux)]
        scenario(
            "signalfd::pidfd_stop_continue_reported_once",
            signalfd::pidfd_stop_continue_reported_once,
        ),
        scenario("exit::status_is_low_byte", exit::low_byte),
        scenario("exit::skips_atexit_handlers", exit::no_atexit),
        scenario("exit::does_not_flush_stdio", exit::no_flush),
    ]);
}
