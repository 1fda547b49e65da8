/*
 * cli/watch.c — rebuild on every save.
 *
 * After each build the pipeline has listed every file it read (source,
 * XIncludes, membership data, style sheets, rules, fonts, images); their
 * folders are watched with inotify, because editors often save by writing
 * a new file and renaming it over the old one, which a watch on the file
 * itself would lose. A burst of events (an editor's save is several) is
 * one rebuild: the build starts after DEBOUNCE_MS of quiet. A failed build
 * leaves the last good PDF in place (base/file.c writes only a whole one).
 */
#include "cli.h"

#include "base/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#define DEBOUNCE_MS 50
#define WATCH_EVENTS (IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_ATTRIB)

/* One watched file: the watch on its folder and its name there. */
typedef struct watched_file {
    int wd;
    char *name;
} watched_file;

typedef struct watcher {
    int fd; /* inotify */
    watched_file *files;
    size_t n_files;
} watcher;

/* SIGINT/SIGTERM end the watch; the handler only wakes poll() up. */
static int wake_pipe[2] = {-1, -1};
static volatile sig_atomic_t stopping;

static void on_stop_signal(int sig)
{
    (void)sig;
    int saved = errno;
    stopping = 1;
    if (write(wake_pipe[1], "x", 1) < 0) { /* full: poll() wakes up anyway */
    }
    errno = saved;
}

static void set_stop_handlers(void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

static void forget_files(watcher *w)
{
    for (size_t i = 0; i < w->n_files; i++)
        free(w->files[i].name);
    free(w->files);
    w->files = NULL;
    w->n_files = 0;
}

/* Watches the folder of each dependency (adding a folder twice gives the
 * same watch). Folders watched for an earlier build stay watched: events
 * there for files no longer read are ignored. */
static void watch_files(watcher *w, const bp_dependencies *deps)
{
    forget_files(w);
    w->files = bp_xmalloc((deps->len + 1) * sizeof *w->files);
    for (size_t i = 0; i < deps->len; i++) {
        const char *path = deps->paths[i], *slash = strrchr(path, '/');
        bp_buf dir = {0};
        if (!slash)
            bp_buf_puts(&dir, ".");
        else
            bp_buf_append(&dir, path, slash == path ? 1 : (size_t)(slash - path));
        int wd = inotify_add_watch(w->fd, dir.data, WATCH_EVENTS);
        bp_buf_free(&dir);
        if (wd >= 0)
            w->files[w->n_files++] = (watched_file){wd, bp_xstrdup(slash ? slash + 1 : path)};
    }
}

/* Reads the pending events; true when one names a watched file. */
static bool read_events(const watcher *w)
{
    char events[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    bool relevant = false;
    ssize_t n;
    while ((n = read(w->fd, events, sizeof events)) > 0) {
        for (char *p = events; p < events + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            for (size_t i = 0; ev->len && i < w->n_files; i++)
                relevant |= ev->wd == w->files[i].wd && strcmp(ev->name, w->files[i].name) == 0;
            p += sizeof *ev + ev->len;
        }
    }
    return relevant;
}

/* Waits for a change to a watched file, then for DEBOUNCE_MS of quiet.
 * False when a signal asked to stop. */
static bool wait_for_change(const watcher *w)
{
    bool changed = false;
    while (!stopping) {
        struct pollfd pfds[2] = {{.fd = w->fd, .events = POLLIN},
                                 {.fd = wake_pipe[0], .events = POLLIN}};
        int n = poll(pfds, 2, changed ? DEBOUNCE_MS : -1);
        if (n < 0 && errno != EINTR)
            return false;
        if (n == 0 && changed)
            return true; /* quiet since the last relevant event */
        if (n > 0 && (pfds[0].revents & POLLIN))
            changed |= read_events(w);
    }
    return false;
}

static int build_and_watch(const bp_options *opts, const char *src, const char *out,
                           int max_builds, watcher *w)
{
    bool colour = bp_cli_use_colour(stderr);
    bp_status last = BP_OK;
    for (int builds = 1;; builds++) {
        bp_dependencies deps = {0};
        bp_options run = *opts;
        run.dependencies = &deps;
        last = bp_cli_build_one(&run, src, out, colour, stderr);
        watch_files(w, &deps);
        if (builds == 1)
            fprintf(stderr, "watching %s and %zu file%s it reads (Ctrl-C stops)\n", src,
                    deps.len ? deps.len - 1 : 0, deps.len == 2 ? "" : "s");
        bp_dependencies_free(&deps);
        if ((max_builds && builds >= max_builds) || !wait_for_change(w))
            break;
    }
    return max_builds ? (int)last : 0;
}

int bp_cli_watch(const bp_options *opts, const char *src, const char *out, int max_builds)
{
    watcher w = {.fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)};
    if (w.fd < 0) {
        fprintf(stderr, "briefpress: cannot watch files: %s\n", strerror(errno));
        return BP_ERR_ENV;
    }
    if (pipe(wake_pipe) != 0) {
        fprintf(stderr, "briefpress: cannot watch files: %s\n", strerror(errno));
        close(w.fd);
        return BP_ERR_ENV;
    }
    fcntl(wake_pipe[1], F_SETFL, O_NONBLOCK);
    stopping = 0;
    set_stop_handlers(on_stop_signal);
    int status = build_and_watch(opts, src, out, max_builds, &w);
    set_stop_handlers(SIG_DFL);
    forget_files(&w);
    close(w.fd);
    close(wake_pipe[0]);
    close(wake_pipe[1]);
    return status;
}
