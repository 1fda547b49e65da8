/*
 * cli/build.c — building one or many sources, each in a worker process.
 *
 * A worker is a fork that runs one build with its stderr on a pipe; the
 * parent prints each worker's output whole, in source order, so parallel
 * builds never interleave their lines. A worker that crashes costs its
 * own PDF only. SIGINT/SIGTERM/SIGHUP reach the workers and are waited
 * for: each leaves its old PDF or the new one (base/file.c), never a
 * temporary file, before briefpress itself stops.
 */
#include "cli.h"

#include "base/buf.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* On a terminal, a build running longer than this gets a status line. */
#define PROGRESS_AFTER_MS 1000
#define POLL_MS 200

typedef struct worker {
    const char *src;
    char *out;
    pid_t pid;      /* 0 until started */
    int fd;         /* read end of its stderr; -1 once it ended */
    bp_buf text;    /* what it wrote, printed when its turn comes */
    int exit_code;  /* as a shell reports it: 128+N when killed by signal N */
    double started; /* ms, CLOCK_MONOTONIC */
} worker;

static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig) { stop_signal = sig; }

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define N_STOP_SIGNALS (sizeof stop_signals / sizeof stop_signals[0])

/* Without SA_RESTART, so that poll() wakes up for the signal. */
static void set_stop_handlers(void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < N_STOP_SIGNALS; i++)
        sigaction(stop_signals[i], &sa, NULL);
}

static bool start_worker(worker *w, const bp_options *opts, bool colour)
{
    int fds[2];
    if (pipe(fds) != 0)
        return false;
    fflush(NULL); /* nothing buffered may be written twice */
    w->started = now_ms();
    w->pid = fork();
    if (w->pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return false;
    }
    if (w->pid == 0) {
        set_stop_handlers(SIG_DFL);
        close(fds[0]);
        dup2(fds[1], STDERR_FILENO);
        close(fds[1]);
        exit((int)bp_cli_build_one(opts, w->src, w->out, colour, stderr));
    }
    close(fds[1]);
    w->fd = fds[0];
    return true;
}

/* Reads what a worker wrote; at its end, reaps it. */
static void drain(worker *w)
{
    char chunk[8192];
    ssize_t n = read(w->fd, chunk, sizeof chunk);
    if (n > 0) {
        bp_buf_append(&w->text, chunk, (size_t)n);
        return;
    }
    if (n < 0 && errno == EINTR)
        return;
    close(w->fd);
    w->fd = -1;
    int status = 0;
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
        ;
    w->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (WIFSIGNALED(status) && WTERMSIG(status) != stop_signal)
        bp_buf_printf(&w->text, "%s: failed (the build stopped on signal %d)\n", w->src,
                      WTERMSIG(status));
}

static bool finished(const worker *w) { return w->pid > 0 && w->fd < 0; }
static bool running(const worker *w) { return w->pid > 0 && w->fd >= 0; }

/* Waits up to POLL_MS for output from the running workers (pfds: room
 * for n). */
static void poll_workers(worker *ws, size_t n, struct pollfd *pfds)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (running(&ws[i]))
            pfds[k++] = (struct pollfd){.fd = ws[i].fd, .events = POLLIN};
    if (poll(pfds, k, POLL_MS) <= 0)
        return;
    for (size_t i = 0, j = 0; i < n && j < k; i++) {
        if (!running(&ws[i]))
            continue;
        if (pfds[j++].revents)
            drain(&ws[i]);
    }
}

typedef struct progress {
    bool tty;
    bool shown;
} progress;

static void progress_clear(progress *p)
{
    if (p->shown)
        fputs("\r\033[K", stderr);
    p->shown = false;
}

/* "building sources/big.xml (3 s), 2 of 5 done" for the oldest build
 * running longer than PROGRESS_AFTER_MS; on a terminal only. */
static void progress_show(progress *p, const worker *ws, size_t n)
{
    if (!p->tty)
        return;
    const worker *oldest = NULL;
    size_t done = 0;
    for (size_t i = 0; i < n; i++) {
        done += finished(&ws[i]) || ws[i].pid < 0;
        if (running(&ws[i]) && (!oldest || ws[i].started < oldest->started))
            oldest = &ws[i];
    }
    double age = oldest ? now_ms() - oldest->started : 0;
    if (age < PROGRESS_AFTER_MS)
        return;
    fprintf(stderr, "\r\033[Kbuilding %s (%.0f s)", oldest->src, age / 1e3);
    if (n > 1)
        fprintf(stderr, ", %zu of %zu done", done, n);
    fflush(stderr);
    p->shown = true;
}

static int worst(int a, int b) { return b > a ? b : a; }

int bp_cli_build_all(const bp_options *opts, const char *const *srcs, size_t n_srcs,
                     const char *out, int jobs)
{
    bool colour = bp_cli_use_colour(stderr);
    progress prog = {.tty = isatty(STDERR_FILENO) != 0};
    /* One build with no terminal to show progress on needs no worker: it
     * runs here, a fork and a pipe cheaper (CI, scripts, benchmarks). */
    if (n_srcs == 1 && !prog.tty) {
        char *own = out ? NULL : bp_cli_default_output(srcs[0]);
        int st = (int)bp_cli_build_one(opts, srcs[0], out ? out : own, colour, stderr);
        free(own);
        return st;
    }
    worker *ws = bp_xmalloc(n_srcs * sizeof *ws);
    struct pollfd *pfds = bp_xmalloc(n_srcs * sizeof *pfds);
    for (size_t i = 0; i < n_srcs; i++)
        ws[i] = (worker){.src = srcs[i], .fd = -1,
                         .out = out ? bp_xstrdup(out) : bp_cli_default_output(srcs[i])};
    stop_signal = 0;
    set_stop_handlers(on_stop_signal);
    size_t next_start = 0, next_print = 0, n_running = 0, n_failed = 0;
    int result = 0;
    bool forwarded = false;
    while (next_print < n_srcs) {
        while (!stop_signal && n_running < (size_t)jobs && next_start < n_srcs) {
            worker *w = &ws[next_start++];
            if (start_worker(w, opts, colour)) {
                n_running++;
            } else {
                fprintf(stderr, "briefpress: cannot start a build of %s: %s\n", w->src,
                        strerror(errno));
                w->pid = -1;
                w->exit_code = BP_ERR_ENV;
            }
        }
        if (stop_signal && n_running == 0)
            break;
        poll_workers(ws, n_srcs, pfds);
        n_running = 0;
        for (size_t i = 0; i < n_srcs; i++)
            n_running += running(&ws[i]);
        if (stop_signal && !forwarded) {
            for (size_t i = 0; i < n_srcs; i++)
                if (running(&ws[i]))
                    kill(ws[i].pid, stop_signal);
            forwarded = true;
        }
        for (; next_print < n_srcs && (finished(&ws[next_print]) || ws[next_print].pid < 0);
             next_print++) {
            progress_clear(&prog);
            fputs(bp_buf_str(&ws[next_print].text), stderr);
            n_failed += ws[next_print].exit_code != 0;
            result = worst(result, ws[next_print].exit_code);
        }
        progress_show(&prog, ws, n_srcs);
    }
    progress_clear(&prog);
    if (n_srcs > 1 && !stop_signal)
        fprintf(stderr, "%zu built, %zu failed\n", n_srcs - n_failed, n_failed);
    for (size_t i = 0; i < n_srcs; i++) {
        free(ws[i].out);
        bp_buf_free(&ws[i].text);
    }
    free(ws);
    free(pfds);
    set_stop_handlers(SIG_DFL);
    if (stop_signal)
        raise(stop_signal); /* stopped as the signal asked, now that the workers are done */
    return result;
}
