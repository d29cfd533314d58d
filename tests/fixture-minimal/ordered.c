/* `ordered` in C: the same program as src/ordered_procsig.rs, the size
 * baseline for procsig's minimal-binary fixture (gcc -Os, stripped). */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CHILDREN 4096

static int number(const char *s, unsigned *out) {
    unsigned n = 0;
    if (!*s) return 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || n > 429496728u) return 0;
        n = n * 10 + (unsigned)(*s - '0');
    }
    *out = n;
    return 1;
}

static void say(const char *s, size_t n) { (void)write(1, s, n); }

static pid_t waitpid_retry(pid_t pid, int *status, int options) {
    pid_t r;
    do r = waitpid(pid, status, options);
    while (r == -1 && errno == EINTR);
    return r;
}

static void child(unsigned i, unsigned work_ms) {
    struct timespec ts = { work_ms / 1000, (long)(work_ms % 1000) * 1000000L };
    char buf[32], digits[10];
    size_t len = 6, d = 0;
    nanosleep(&ts, NULL);
    if (kill(getpid(), SIGSTOP) != 0) _exit(3);
    memcpy(buf, "child ", 6);
    do { digits[d++] = (char)('0' + i % 10); i /= 10; } while (i);
    while (d) buf[len++] = digits[--d];
    memcpy(buf + len, " done\n", 6);
    say(buf, len + 6);
    _exit(0);
}

int main(int argc, char **argv) {
    static pid_t pids[MAX_CHILDREN];
    unsigned k = 2, work_ms = 100, i;
    int have_k = 0, status, a;
    struct sigaction dfl;
    for (a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "--work-ms")) {
            if (++a >= argc || !number(argv[a], &work_ms)) goto usage;
        } else if (!have_k && number(argv[a], &k) && k > 0) {
            have_k = 1;
        } else {
            goto usage;
        }
    }
    if (k > MAX_CHILDREN) return 2;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    if (sigaction(SIGCHLD, &dfl, NULL) != 0) return 2;
    for (i = 0; i < k; i++) {
        pid_t pid = fork();
        if (pid < 0) return 1;
        if (pid == 0) child(i, (k - i) * work_ms);
        pids[i] = pid;
    }
    for (i = 0; i < k; i++)
        if (waitpid_retry(pids[i], &status, WUNTRACED) != pids[i] || !WIFSTOPPED(status)) return 1;
    for (i = 0; i < k; i++)
        if (kill(pids[i], SIGCONT) != 0 || waitpid_retry(pids[i], &status, 0) != pids[i]
            || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
            return 1;
    return 0;
usage:
    say("usage: ordered-c [K] [--work-ms MS]\n", 36);
    return 2;
}
