//! The safe facade, scenario by scenario, with real forked children (see
//! `tests/support` for why this is a `harness = false` binary).
//!
//! Each scenario checks one promise of shared/DESIGN.md: what a function
//! does, how it fails, what it leaves behind (masks, dispositions), and
//! that it holds up against EINTR, coalescing signals and a hostile
//! inheritance.

// Built for every target: the scenarios of calls a target lacks are left
// out (a cfg on their module's mod line, or on their entry below), and the
// helpers only they use are then unused there.
#![cfg_attr(
    not(all(procsig_linux, procsig_timed_wait)),
    allow(unused_imports, dead_code)
)]

#[path = "../support/mod.rs"]
mod support;

mod child;
#[cfg(procsig_discards_ignored)]
mod discarded;
// The event wait: what holds on every target that has it, then each
// backend's own.
#[cfg(any(procsig_linux, procsig_kqueue))]
mod events;
#[cfg(all(procsig_kqueue, not(procsig_linux)))]
mod events_kqueue;
#[cfg(procsig_linux)]
mod events_linux;
mod guards;
mod hostile;
mod job;
mod kill;
#[cfg(procsig_kqueue)]
mod kqueue;
mod many;
mod mask;
mod misc;
mod ordered;
#[cfg(procsig_linux)]
mod reap;
mod reuse;
mod threads;

use procsig::{exit, fork, Child, Fork};
#[cfg(target_os = "linux")]
use support::without_pidfds;
use support::{scenario, Scenario};

/// Forks a child that runs `body` and exits with its result, through the
/// facade under test.
pub fn fork_child(body: impl FnOnce() -> i32) -> Child {
    // SAFETY: scenarios run in a single-threaded process.
    match unsafe { fork() }.unwrap() {
        Fork::Child => exit(body()),
        Fork::Parent(child) => child,
    }
}

/// The scenarios of `Child`, which run twice: with pidfds, and as on a
/// kernel without them (`no_pidfd::`), where the fallback must keep the
/// same promises under its documented preconditions.
const CHILD: &[Scenario] = &[
    scenario("child::fork_returns_both_sides", child::fork_sides),
    scenario("child::signal_refused_after_reap", child::signal_after_reap),
    #[cfg(target_os = "linux")]
    scenario("child::wait_retries_eintr", child::wait_eintr),
    scenario("child::try_wait_running_then_exited", child::try_wait),
    #[cfg(procsig_timed_wait)]
    scenario("child::wait_timeout_expires", child::wait_timeout_expires),
    #[cfg(all(procsig_timed_wait, target_os = "linux"))]
    scenario(
        "child::wait_timeout_returns_on_exit",
        child::wait_timeout_exit,
    ),
    scenario("child::wait_stopped_then_continued", child::stopped),
    scenario("child::pidfd_where_available", child::pidfd_where_available),
    scenario(
        "child::wait_changed_reports_stop_continue_end_once_each",
        child::wait_changed_each_once,
    ),
    scenario(
        "child::wait_changed_reports_the_latest_state",
        child::wait_changed_reports_the_latest_state,
    ),
    #[cfg(all(procsig_timed_wait, target_os = "linux"))]
    scenario(
        "threads::wait_timeout_on_worker_thread",
        threads::wait_timeout_on_worker_thread,
    ),
    #[cfg(all(procsig_timed_wait, target_os = "linux"))]
    scenario(
        "threads::unbounded_wait_on_worker_thread",
        threads::unbounded_wait_on_worker_thread,
    ),
    #[cfg(all(procsig_timed_wait, target_os = "linux"))]
    scenario(
        "threads::two_threads_two_children",
        threads::two_threads_two_children,
    ),
    #[cfg(all(procsig_timed_wait, target_os = "linux"))]
    scenario(
        "threads::wait_timeout_with_idle_thread",
        threads::wait_timeout_with_idle_thread,
    ),
    scenario(
        "threads::signal_and_wait_from_another_thread",
        threads::signal_and_wait_from_another_thread,
    ),
    #[cfg(target_os = "linux")]
    scenario(
        "reuse::killed_by_reserved_signal",
        reuse::killed_by_reserved_signal,
    ),
    #[cfg(target_os = "linux")]
    scenario("reuse::reaped_by_the_kernel", reuse::reaped_by_the_kernel),
    #[cfg(all(procsig_timed_wait, target_os = "linux"))]
    scenario(
        "reuse::copied_by_a_later_fork",
        reuse::copied_by_a_later_fork,
    ),
    #[cfg(all(procsig_timed_wait, target_os = "linux"))]
    scenario(
        "reuse::later_child_while_sigchld_ignored",
        reuse::later_child_while_sigchld_ignored,
    ),
    #[cfg(all(procsig_timed_wait, target_os = "linux"))]
    scenario(
        "reuse::later_child_with_sa_nocldwait",
        reuse::later_child_with_sa_nocldwait,
    ),
    #[cfg(all(procsig_timed_wait, target_os = "linux"))]
    scenario(
        "reuse::later_child_after_sigchld_was_ignored",
        reuse::later_child_after_sigchld_was_ignored,
    ),
    #[cfg(all(procsig_timed_wait, target_os = "linux"))]
    scenario(
        "reuse::later_child_after_sa_nocldwait",
        reuse::later_child_after_sa_nocldwait,
    ),
    #[cfg(all(procsig_timed_wait, target_os = "linux"))]
    scenario(
        "reuse::reaped_handle_leaves_later_child_alone",
        reuse::reaped_handle_leaves_later_child_alone,
    ),
    #[cfg(procsig_timed_wait)]
    scenario(
        "hostile::sigchld_ignored_is_reported",
        hostile::sigchld_ignored,
    ),
    #[cfg(procsig_timed_wait)]
    scenario(
        "hostile::everything_blocked_and_ignored",
        hostile::all_blocked_ignored,
    ),
    scenario("hostile::stops_count_every_child", hostile::stops_count),
    #[cfg(procsig_linux)]
    scenario(
        "hostile::standard_descriptors_stay_closed",
        hostile::standard_descriptors_stay_closed,
    ),
    #[cfg(all(procsig_timed_wait, target_os = "linux"))]
    scenario(
        "hostile::sigchld_ignored_during_a_wait",
        hostile::sigchld_ignored_during_a_wait,
    ),
    #[cfg(procsig_timed_wait)]
    scenario(
        "many::wait_any_reports_each_by_index",
        many::wait_any_reports_each_by_index,
    ),
    #[cfg(procsig_timed_wait)]
    scenario(
        "many::wait_any_zero_timeout_finds_the_ended",
        many::wait_any_zero_timeout_finds_the_ended,
    ),
    #[cfg(procsig_timed_wait)]
    scenario("many::wait_any_many_at_once", many::wait_any_many_at_once),
    #[cfg(procsig_timed_wait)]
    scenario(
        "many::wait_any_leaves_foreign_children_alone",
        many::wait_any_leaves_foreign_children_alone,
    ),
    #[cfg(procsig_timed_wait)]
    scenario(
        "many::wait_any_refuses_nothing_and_too_much",
        many::wait_any_refuses_nothing_and_too_much,
    ),
    #[cfg(procsig_timed_wait)]
    scenario(
        "many::own_group_reaches_members_only",
        many::own_group_reaches_members_only,
    ),
    #[cfg(procsig_linux)]
    scenario(
        "many::signal_group_reaches_members_past_a_leader_it_may_not_signal",
        many::signal_group_reaches_members_past_a_leader_it_may_not_signal,
    ),
    #[cfg(procsig_linux)]
    scenario("many::dies_with_its_parent", many::dies_with_its_parent),
    #[cfg(procsig_linux)]
    scenario(
        "reap::handle_learns_its_childs_status",
        reap::handle_learns_its_childs_status,
    ),
    #[cfg(procsig_linux)]
    scenario(
        "reap::handle_not_passed_learns_echild",
        reap::handle_not_passed_learns_echild,
    ),
    #[cfg(procsig_linux)]
    scenario(
        "reap::stopped_children_are_left_alone",
        reap::stopped_children_are_left_alone,
    ),
    #[cfg(procsig_linux)]
    scenario(
        "reap::spent_handle_never_reaches_a_later_child",
        reap::spent_handle_never_reaches_a_later_child,
    ),
    #[cfg(procsig_linux)]
    scenario(
        "reap::sixty_orphans_each_once",
        reap::sixty_orphans_each_once,
    ),
    #[cfg(procsig_linux)]
    scenario(
        "reap::wait_any_in_another_thread",
        reap::wait_any_in_another_thread,
    ),
    #[cfg(any(procsig_linux, procsig_kqueue))]
    scenario(
        "events::every_kind_on_the_main_thread",
        events::every_kind_on_the_main_thread,
    ),
    // Not on macOS, where a wait over signals refuses to run off the main
    // thread (events_kqueue::signals_refused_off_the_main_thread).
    #[cfg(any(procsig_linux, all(procsig_kqueue, procsig_sigtimedwait)))]
    scenario(
        "events::every_kind_on_a_worker_thread",
        events::every_kind_on_a_worker_thread,
    ),
    #[cfg(any(procsig_linux, procsig_kqueue))]
    scenario("events::stops_and_continues", events::stops_and_continues),
    #[cfg(any(procsig_linux, procsig_kqueue))]
    scenario(
        "events::refuses_what_cannot_work",
        events::refuses_what_cannot_work,
    ),
    #[cfg(any(procsig_linux, procsig_kqueue))]
    scenario("events::a_thousand_children", events::a_thousand_children),
    #[cfg(any(procsig_linux, procsig_kqueue))]
    scenario(
        "events::hostile_sigchld_ignored",
        events::hostile_sigchld_ignored,
    ),
    #[cfg(any(procsig_linux, procsig_kqueue))]
    scenario(
        "events::hostile_everything_blocked_and_pending",
        events::hostile_everything_blocked_and_pending,
    ),
    #[cfg(any(procsig_linux, procsig_kqueue))]
    scenario(
        "events::leaves_other_childrens_statuses",
        events::leaves_other_childrens_statuses,
    ),
    #[cfg(any(procsig_linux, procsig_kqueue))]
    scenario("events::timeouts", events::timeouts),
    #[cfg(any(procsig_linux, procsig_kqueue))]
    scenario(
        "events::forked_copy_is_refused",
        events::forked_copy_is_refused,
    ),
    #[cfg(procsig_linux)]
    scenario(
        "events_linux::pidfds_cannot_be_watched_or_unwatched",
        events_linux::pidfds_cannot_be_watched_or_unwatched,
    ),
    // Not on macOS: there a second reader that takes the SIGCHLD between
    // this wait's `sigpending` and its `sigwait` leaves it asleep in
    // `sigwait` until the next one (documented on `Events::wait`).
    #[cfg(any(procsig_linux, all(procsig_kqueue, procsig_sigtimedwait)))]
    scenario(
        "events::two_sigchld_readers_make_stops_late_not_lost",
        events::two_sigchld_readers_make_stops_late_not_lost,
    ),
    #[cfg(any(procsig_linux, procsig_kqueue))]
    scenario(
        "events::sigchld_action_changed_after_with_stops",
        events::sigchld_action_changed_after_with_stops,
    ),
    #[cfg(any(procsig_linux, procsig_kqueue))]
    scenario(
        "events::child_ended_before_the_first_wait",
        events::child_ended_before_the_first_wait,
    ),
    #[cfg(procsig_discards_ignored)]
    scenario(
        "discarded::ignored_signal_refused_by_the_signal_waits",
        discarded::ignored_signal_refused_by_the_signal_waits,
    ),
    #[cfg(procsig_discards_ignored)]
    scenario(
        "discarded::default_ignored_at_sig_dfl_refused_by_the_signal_waits",
        discarded::default_ignored_at_sig_dfl_refused_by_the_signal_waits,
    ),
    #[cfg(all(procsig_kqueue, not(procsig_linux)))]
    scenario(
        "events_kqueue::ignored_signal_refused",
        events_kqueue::ignored_signal_refused,
    ),
    #[cfg(all(procsig_kqueue, not(procsig_linux)))]
    scenario(
        "events_kqueue::sig_dfl_put_back_during_an_endless_wait_refused",
        events_kqueue::sig_dfl_put_back_during_an_endless_wait_refused,
    ),
    #[cfg(all(procsig_kqueue, not(procsig_linux)))]
    scenario(
        "events_kqueue::ends_need_no_sigchld",
        events_kqueue::ends_need_no_sigchld,
    ),
    #[cfg(all(procsig_kqueue, not(procsig_linux), not(procsig_sigtimedwait)))]
    scenario(
        "events_kqueue::signals_refused_off_the_main_thread",
        events_kqueue::signals_refused_off_the_main_thread,
    ),
    #[cfg(all(procsig_kqueue, not(procsig_linux)))]
    scenario(
        "events_kqueue::thread_directed_signals_are_reported",
        events_kqueue::thread_directed_signals_are_reported,
    ),
    #[cfg(all(procsig_kqueue, not(procsig_linux)))]
    scenario(
        "events_kqueue::default_ignored_at_sig_dfl_refused",
        events_kqueue::default_ignored_at_sig_dfl_refused,
    ),
    #[cfg(all(procsig_kqueue, not(procsig_linux)))]
    scenario(
        "events_kqueue::reported_amid_lower_handled_signals",
        events_kqueue::reported_amid_lower_handled_signals,
    ),
    #[cfg(all(procsig_kqueue, target_os = "freebsd"))]
    scenario(
        "events_kqueue::exiting_child_neither_spins_nor_keeps_a_zero_wait",
        events_kqueue::exiting_child_neither_spins_nor_keeps_a_zero_wait,
    ),
    scenario("ordered::output_in_job_order", ordered::output_in_job_order),
    scenario(
        "ordered::failures_are_reported_and_do_not_hold_up_the_rest",
        ordered::failures_are_reported_and_do_not_hold_up_the_rest,
    ),
    scenario(
        "ordered::unwinding_leaves_no_child_behind",
        ordered::unwinding_leaves_no_child_behind,
    ),
    scenario(
        "ordered::sigchld_ignored_loses_statuses_not_order",
        ordered::sigchld_ignored_loses_statuses_not_order,
    ),
    scenario("ordered::refuses_bad_storage", ordered::refuses_bad_storage),
    #[cfg(target_os = "linux")]
    scenario(
        "ordered::no_descriptor_left_open",
        ordered::no_descriptor_left_open,
    ),
    #[cfg(target_os = "linux")]
    scenario(
        "ordered::fewer_descriptors_than_slots_need",
        ordered::fewer_descriptors_than_slots_need,
    ),
    scenario(
        "ordered::sigchld_ignored_jobs_reaped_before_their_pidfd_are_lost",
        ordered::sigchld_ignored_jobs_reaped_before_their_pidfd_are_lost,
    ),
    scenario(
        "ordered::every_descriptor_is_close_on_exec",
        ordered::every_descriptor_is_close_on_exec,
    ),
    #[cfg(target_os = "linux")]
    scenario(
        "ordered::every_done_record_is_heard_before_any_kill",
        ordered::every_done_record_is_heard_before_any_kill,
    ),
    Scenario {
        limit: std::time::Duration::from_secs(10),
        ..scenario(
            "ordered::standard_descriptors_closed",
            ordered::standard_descriptors_closed,
        )
    },
    Scenario {
        limit: std::time::Duration::from_secs(15),
        ..scenario(
            "ordered::prompt_while_another_thread_takes_sigchld",
            ordered::prompt_while_another_thread_takes_sigchld,
        )
    },
    #[cfg(target_os = "linux")]
    Scenario {
        limit: std::time::Duration::from_secs(10),
        ..scenario(
            "ordered::a_job_whose_parent_is_gone_exits_without_printing",
            ordered::a_job_whose_parent_is_gone_exits_without_printing,
        )
    },
];

const OTHERS: &[Scenario] = &[
    scenario(
        "job::new_session_in_a_child_only",
        job::new_session_in_a_child_only,
    ),
    scenario(
        "job::give_to_a_job_and_take_back_from_the_background",
        job::give_to_a_job_and_take_back,
    ),
    scenario(
        "job::give_to_from_a_background_job",
        job::give_to_from_a_background_job,
    ),
    scenario(
        "job::terminal_changes_restore_the_mask",
        job::terminal_changes_restore_the_mask,
    ),
    scenario(
        "job::master_side_answers_for_the_slave",
        job::master_side_answers_for_the_slave,
    ),
    #[cfg(all(procsig_timed_wait, procsig_pidfd, target_os = "linux"))]
    scenario(
        "child::kernel_without_p_pidfd_falls_back",
        child::kernel_without_p_pidfd_falls_back,
    ),
    #[cfg(procsig_linux)]
    scenario(
        "reap::subreaper_reaps_orphans",
        reap::subreaper_reaps_orphans,
    ),
    #[cfg(procsig_linux)]
    scenario("reap::pid_one_reaps_orphans", reap::pid_one_reaps_orphans),
    #[cfg(any(procsig_linux, procsig_kqueue))]
    scenario(
        "events::descriptors_take_turns",
        events::descriptors_take_turns,
    ),
    #[cfg(any(procsig_linux, procsig_kqueue))]
    scenario(
        "events::coalesced_sends_are_one_event",
        events::coalesced_sends_are_one_event,
    ),
    #[cfg(any(procsig_linux, procsig_kqueue))]
    scenario(
        "events::write_end_without_readers_is_an_error",
        events::write_end_without_readers_is_an_error,
    ),
    #[cfg(any(procsig_linux, procsig_kqueue))]
    scenario(
        "events::regular_file_is_refused",
        events::regular_file_is_refused,
    ),
    #[cfg(all(procsig_kqueue, not(procsig_linux)))]
    scenario(
        "events_kqueue::signal_details_as_the_target_tells",
        events_kqueue::signal_details_as_the_target_tells,
    ),
    #[cfg(all(procsig_kqueue, not(procsig_linux)))]
    scenario(
        "events_kqueue::forked_copy_drop_closes_nothing",
        events_kqueue::forked_copy_drop_closes_nothing,
    ),
    scenario("kill::reaches_the_one_process", kill::one_process),
    scenario("kill::group_reaches_members_only", kill::group),
    scenario("kill::group_one_is_refused_not_broadcast", kill::group_one),
    scenario("kill::probe_live_zombie_and_reaped", kill::probe_states),
    scenario("mask::block_adds_and_drop_restores", mask::block_restores),
    scenario(
        "guards::older_guard_keeps_what_a_younger_holds",
        guards::older_guard_keeps_what_a_younger_holds,
    ),
    scenario(
        "guards::every_drop_order_of_three_guards",
        guards::every_drop_order_of_three_guards,
    ),
    scenario(
        "guards::guards_in_a_signal_handler",
        guards::guards_in_a_signal_handler,
    ),
    scenario(
        "guards::guards_interrupted_by_a_handler_flood",
        guards::guards_interrupted_by_a_handler_flood,
    ),
    scenario(
        "guards::fork_with_live_guards",
        guards::fork_with_live_guards,
    ),
    scenario(
        "guards::threads_hold_their_own_and_the_table_is_bounded",
        guards::threads_hold_their_own_and_the_table_is_bounded,
    ),
    #[cfg(all(procsig_timed_wait, procsig_linux))]
    scenario(
        "guards::waits_on_the_full_set",
        guards::waits_on_the_full_set,
    ),
    #[cfg(all(procsig_timed_wait, target_os = "linux"))]
    scenario(
        "guards::waits_ignore_bits_that_are_no_signal",
        guards::waits_ignore_bits_that_are_no_signal,
    ),
    scenario("mask::guards_nest", mask::nest),
    scenario(
        "mask::default_ignored_older_guard_dropped_first",
        mask::default_ignored_older_guard_dropped_first,
    ),
    scenario(
        "mask::drop_leaves_a_programs_handler_alone",
        mask::drop_leaves_a_programs_handler_alone,
    ),
    scenario(
        "mask::guards_dropped_out_of_order",
        mask::guards_dropped_out_of_order,
    ),
    #[cfg(target_os = "linux")]
    scenario(
        "mask::drop_keeps_reserved_signals_blocked",
        mask::drop_keeps_reserved_signals_blocked,
    ),
    scenario("mask::guard_restores_while_unwinding", mask::unwinding),
    #[cfg(procsig_timed_wait)]
    scenario("mask::wait_refuses_unblocked_sets", mask::refuses_unblocked),
    #[cfg(procsig_timed_wait)]
    scenario("mask::wait_accepts_pending_signal", mask::accepts_pending),
    #[cfg(procsig_timed_wait)]
    scenario("mask::wait_timeout_times_out", mask::times_out),
    #[cfg(all(procsig_timed_wait, target_os = "linux"))]
    scenario(
        "mask::wait_timeout_survives_eintr_flood",
        mask::timeout_eintr_flood,
    ),
    #[cfg(target_os = "linux")]
    scenario("mask::wait_survives_eintr_flood", mask::wait_eintr_flood),
    scenario(
        "mask::default_ignored_signals_can_be_waited",
        mask::default_ignored,
    ),
    #[cfg(procsig_timed_wait)]
    scenario(
        "hostile::sigchld_ignored_signal_wait_is_refused",
        hostile::sigchld_ignored_signal_wait_is_refused,
    ),
    #[cfg(procsig_timed_wait)]
    scenario(
        "hostile::nothing_waitable_is_refused",
        hostile::nothing_waitable_is_refused,
    ),
    #[cfg(target_os = "linux")]
    scenario("hostile::getpid_made_to_fail", hostile::getpid_made_to_fail),
    #[cfg(procsig_timed_wait)]
    scenario("hostile::standard_signals_coalesce", hostile::coalesce),
    #[cfg(all(procsig_rtsig, procsig_timed_wait))]
    scenario("hostile::realtime_signals_count", hostile::realtime_count),
    #[cfg(procsig_kqueue)]
    scenario(
        "kqueue::wait_timeout_prompt_while_another_thread_takes_sigchld",
        kqueue::wait_timeout_prompt_while_another_thread_takes_sigchld,
    ),
    #[cfg(procsig_kqueue)]
    scenario(
        "kqueue::wait_timeout_leaves_sigchld_to_the_caller",
        kqueue::wait_timeout_leaves_sigchld_to_the_caller,
    ),
    #[cfg(procsig_kqueue)]
    scenario(
        "kqueue::wait_timeout_zero_on_a_running_child",
        kqueue::wait_timeout_zero_on_a_running_child,
    ),
    #[cfg(procsig_kqueue)]
    scenario(
        "kqueue::wait_any_prompt_while_another_thread_takes_sigchld",
        kqueue::wait_any_prompt_while_another_thread_takes_sigchld,
    ),
    scenario("misc::alarm_and_cancel", misc::alarm_and_cancel),
    #[cfg(all(procsig_linux, procsig_rtsig, procsig_timed_wait))]
    scenario(
        "misc::wait_info_reports_sender_and_value",
        misc::wait_info_reports_sender_and_value,
    ),
    scenario("misc::exit_skips_destructors", misc::exit_skips_destructors),
    scenario(
        "misc::disposition_read_and_reset",
        misc::disposition_read_and_reset,
    ),
];

fn main() {
    let mut all = CHILD.to_vec();
    #[cfg(target_os = "linux")]
    all.extend(without_pidfds(CHILD));
    all.extend_from_slice(OTHERS);
    support::main(&all);
}
