/*
 * base/file.c — whole-file reads and atomic replacement of output files.
 */
#include "file.h"

#include "buf.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int bp_file_read(const char *path, bp_buf *out)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    struct stat st;
    /* The size is a hint: a pipe or /proc file has none, a growing file
     * reads on to its end. One byte more than the size lets the read that
     * finds the end go without growing the buffer. */
    size_t size = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? (size_t)st.st_size : 0;
    bp_buf_reserve(out, size + 1);
    int err = 0;
    for (;;) {
        if (out->len + 1 == out->cap)
            bp_buf_reserve(out, 65536);
        ssize_t n = read(fd, out->data + out->len, out->cap - out->len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            err = errno;
        if (n <= 0)
            break;
        out->len += (size_t)n;
    }
    out->data[out->len] = '\0';
    close(fd);
    return err;
}

int bp_file_map(const char *path, bp_mapped_file *out)
{
    *out = (bp_mapped_file){NULL, 0};
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    struct stat st;
    int err = 0;
    if (fstat(fd, &st) != 0)
        err = errno;
    else if (!S_ISREG(st.st_mode))
        err = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
    else if (st.st_size == 0)
        out->data = (const unsigned char *)""; /* nothing to map */
    else {
        void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED)
            err = errno;
        else
            *out = (bp_mapped_file){p, (size_t)st.st_size};
    }
    close(fd);
    return err;
}

void bp_file_unmap(bp_mapped_file *m)
{
    if (m->len)
        munmap((void *)m->data, m->len);
    *m = (bp_mapped_file){NULL, 0};
}

/* The mode a newly created file would get: keep an existing file's mode,
 * else 0666 minus the umask (which can only be read by setting it). */
static mode_t output_mode(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
        return st.st_mode & 07777;
    mode_t mask = umask(022);
    umask(mask);
    return 0666 & ~mask;
}

static int write_all(int fd, const unsigned char *p, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? errno : EIO;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int bp_file_write_atomic(const char *path, const void *data, size_t len)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (!*base)
        return EISDIR;
    bp_buf dir = {0}, tmp = {0};
    if (!slash)
        bp_buf_puts(&dir, ".");
    else
        bp_buf_append(&dir, path, slash == path ? 1 : (size_t)(slash - path));
    bp_buf_printf(&tmp, "%s%s.%s.XXXXXX", dir.data, dir.data[dir.len - 1] == '/' ? "" : "/", base);

    /* Ctrl-C, a CI timeout (SIGTERM) or a closed terminal waits until the
     * temporary file is renamed or removed: an interrupted run leaves the
     * old PDF or the new one, and no stray temporary file. Writing from
     * memory takes well under a second even for large documents. */
    sigset_t stop, before;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    sigaddset(&stop, SIGQUIT);
    sigprocmask(SIG_BLOCK, &stop, &before);

    int err = 0, fd = mkstemp(tmp.data);
    if (fd < 0) {
        err = errno;
    } else {
        if (fchmod(fd, output_mode(path)) != 0)
            err = errno;
        if (!err)
            err = write_all(fd, data, len);
        if (!err && fsync(fd) != 0)
            err = errno;
        if (close(fd) != 0 && !err)
            err = errno;
        if (!err && rename(tmp.data, path) != 0)
            err = errno;
        /* The folder is not fsynced after the rename: a crash then leaves
         * the old file or the new one, each whole (the new one's data was
         * synced before the rename could name it). Only the new name might
         * not have reached the disk, and making sure of it took a fifth of
         * writing the brief (0.4 ms). */
        if (err)
            unlink(tmp.data);
    }
    sigprocmask(SIG_SETMASK, &before, NULL); /* a pending signal is delivered now */
    bp_buf_free(&dir);
    bp_buf_free(&tmp);
    return err;
}
