/*
 * Two inits written by hand, for `cargo bench -- init-cli`'s overrides
 * (PROCSIG_BENCH_TINI, PROCSIG_BENCH_INIT): what a signal passed on costs
 * with nothing but the loop, so that the gap between examples/init and
 * tini can be split into the event wait's design and procsig's own work.
 * Not an init to use: no options, no terminal, no checks; it takes the
 * benchmark's command line, `-s -- PROGRAM ARGS`, and ignores `-s --`.
 *
 *   gcc -O2 -DEPOLL=0 -o /tmp/init-sigwait benches/init-by-hand.c
 *   gcc -O2 -DEPOLL=1 -o /tmp/init-epoll benches/init-by-hand.c
 *
 * EPOLL=0 sleeps as tini does: sigtimedwait (1 s), then kill(pid).
 * EPOLL=1 sleeps as the event wait does: epoll_wait on a signalfd, one
 * read of a record, then kill(pid). Both: a subreaper, the child in its
 * own group with the launcher's mask, every zombie reaped after SIGCHLD,
 * the child's status as init's.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 4)
        return 1;
    sigset_t all, launched;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, &launched);
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    pid_t child = fork();
    if (child < 0)
        return 1;
    if (child == 0) {
        setpgid(0, 0);
        sigprocmask(SIG_SETMASK, &launched, NULL);
        execvp(argv[3], argv + 3);
        _exit(127);
    }
#if EPOLL
    int sfd = signalfd(-1, &all, SFD_CLOEXEC | SFD_NONBLOCK);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ready = {.events = EPOLLIN};
    if (sfd < 0 || ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, sfd, &ready) < 0)
        return 1;
#endif
    int code = -1;
    for (;;) {
        int sig;
#if EPOLL
        struct signalfd_siginfo record;
        if (epoll_wait(ep, &ready, 1, -1) != 1)
            continue;
        if (read(sfd, &record, sizeof record) != sizeof record)
            continue;
        sig = (int)record.ssi_signo;
#else
        struct timespec second = {1, 0};
        sig = sigtimedwait(&all, NULL, &second);
        if (sig < 0)
            continue;
#endif
        if (sig != SIGCHLD) {
            kill(child, sig);
            continue;
        }
        int status;
        pid_t pid;
        while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
            if (pid == child)
                code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        if (code >= 0)
            return code;
    }
}
