/*
 * Unit tests of base/file: whole-file reads (sources, style sheets, data),
 * mapped font files, and the atomic replacement every PDF is written with.
 */
#include "harness.h"
#include "base/file.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/bp-file-XXXXXX";

static const char *in_dir(const char *name)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static void put(const char *name, const char *data, size_t len)
{
    FILE *f = fopen(in_dir(name), "wb");
    fwrite(data, 1, len, f);
    fclose(f);
}

static size_t entries(void)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += e->d_name[0] != '.' || (e->d_name[1] && strcmp(e->d_name, "..") != 0);
    closedir(d);
    return n;
}

static void test_read(void)
{
    bp_buf b = {0};
    /* a file bigger than any single guess, with a NUL inside */
    size_t big = 200000;
    char *data = malloc(big);
    for (size_t i = 0; i < big; i++)
        data[i] = (char)('a' + i % 26);
    data[1000] = '\0';
    put("big", data, big);
    CHECK_INT(bp_file_read(in_dir("big"), &b), 0);
    CHECK_INT(b.len, big);
    CHECK(b.len == big && memcmp(b.data, data, big) == 0);
    CHECK(b.data && b.data[b.len] == '\0');
    /* exactly the size asked for: the read that finds the end does not grow it */
    CHECK(b.cap >= big + 1 && b.cap <= 2 * (big + 2));
    bp_buf_free(&b);
    free(data);

    put("empty", "", 0);
    CHECK_INT(bp_file_read(in_dir("empty"), &b), 0);
    CHECK_INT(b.len, 0);
    CHECK_STR(bp_buf_str(&b), "");
    bp_buf_free(&b);

    /* appends to what the buffer holds */
    put("tail", "xyz", 3);
    bp_buf_puts(&b, "abc");
    CHECK_INT(bp_file_read(in_dir("tail"), &b), 0);
    CHECK_STR(bp_buf_str(&b), "abcxyz");
    bp_buf_free(&b);

    /* no size to go by: read on to the end */
    CHECK_INT(bp_file_read("/proc/self/status", &b), 0);
    CHECK(b.len > 0 && strstr(b.data, "Name:") != NULL);
    bp_buf_free(&b);

    CHECK_INT(bp_file_read(in_dir("missing"), &b), ENOENT);
    bp_buf_free(&b);
    CHECK_INT(bp_file_read(dir, &b), EISDIR);
    bp_buf_free(&b);
}

static void test_write_atomic(void)
{
    const char *path = in_dir("out.pdf");
    CHECK_INT(bp_file_write_atomic(path, "first", 5), 0);
    bp_buf b = {0};
    CHECK_INT(bp_file_read(path, &b), 0);
    CHECK_STR(bp_buf_str(&b), "first");
    bp_buf_free(&b);

    /* an existing file's permissions are kept */
    chmod(path, 0604);
    CHECK_INT(bp_file_write_atomic(path, "second", 6), 0);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0604);
    CHECK_INT(bp_file_read(path, &b), 0);
    CHECK_STR(bp_buf_str(&b), "second");
    bp_buf_free(&b);

    /* a failure leaves the old file and no temporary one */
    size_t before = entries();
    CHECK(bp_file_write_atomic(in_dir("no-such-folder/out.pdf"), "x", 1) == ENOENT);
    CHECK_INT(entries(), before);
    if (geteuid() != 0) { /* root writes into read-only folders */
        chmod(dir, 0500);
        CHECK(bp_file_write_atomic(path, "third", 5) != 0);
        chmod(dir, 0700);
        CHECK_INT(bp_file_read(path, &b), 0);
        CHECK_STR(bp_buf_str(&b), "second");
        bp_buf_free(&b);
        CHECK_INT(entries(), before);
    }
}

static void test_map(void)
{
    bp_mapped_file m;
    put("font", "OTTO and the rest", 17);
    CHECK_INT(bp_file_map(in_dir("font"), &m), 0);
    CHECK(m.len == 17 && memcmp(m.data, "OTTO and the rest", 17) == 0);
    bp_file_unmap(&m);
    CHECK(m.data == NULL && m.len == 0);
    bp_file_unmap(&m); /* unmapping nothing is harmless */

    /* an empty file is no bytes, not an error: the font check says why */
    CHECK_INT(bp_file_map(in_dir("empty"), &m), 0);
    CHECK(m.data != NULL && m.len == 0);
    bp_file_unmap(&m);

    CHECK_INT(bp_file_map(in_dir("missing"), &m), ENOENT);
    CHECK(m.data == NULL);
    CHECK_INT(bp_file_map(dir, &m), EISDIR);
    CHECK_INT(bp_file_map("/dev/null", &m), EINVAL);
    CHECK(m.data == NULL && m.len == 0);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_read();
    test_map();
    test_write_atomic();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return harness_finish();
}
