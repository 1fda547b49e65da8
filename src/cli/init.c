/*
 * cli/init.c — a new brief from the template.
 *
 * Most briefs start as a copy of the last one; `init` gives a clean start
 * instead: templates/brief.xml from the data folder, which explains each
 * part in comments and builds without a warning.
 */
#include "cli.h"

#include "base/buf.h"
#include "base/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SOURCES_DIR "sources"

/* Letters, digits, '-', '_' and '.', not starting with '.' or '-': a name
 * that stays inside sources/ and reads well as out/NAME.pdf. */
static bool valid_name(const char *name)
{
    if (!*name || name[0] == '.' || name[0] == '-' || strlen(name) > 200)
        return false;
    for (const char *c = name; *c; c++)
        if (!(('a' <= *c && *c <= 'z') || ('A' <= *c && *c <= 'Z') || ('0' <= *c && *c <= '9') ||
              *c == '-' || *c == '_' || *c == '.'))
            return false;
    return true;
}

/* Creates path with data, failing (EEXIST) rather than replacing a file. */
static int write_new(const char *path, const bp_buf *data)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd < 0)
        return errno;
    int err = 0;
    for (size_t done = 0; done < data->len && !err;) {
        ssize_t n = write(fd, data->data + done, data->len - done);
        if (n < 0 && errno != EINTR)
            err = errno;
        else if (n > 0)
            done += (size_t)n;
    }
    if (close(fd) != 0 && !err)
        err = errno;
    if (err)
        unlink(path); /* ours, half written */
    return err;
}

int bp_cli_init(const char *name)
{
    bp_buf base = {0}, path = {0}, template_path = {0}, text = {0};
    bp_buf_puts(&base, name);
    if (base.len > 4 && strcmp(base.data + base.len - 4, ".xml") == 0)
        base.data[base.len -= 4] = '\0'; /* "init x.xml" means "init x" */
    int status = BP_OK;
    bp_buf_printf(&path, SOURCES_DIR "/%s.xml", bp_buf_str(&base));
    bp_buf_printf(&template_path, "%s/templates/brief.xml", bp_cli_data_dir());
    int err = 0;
    if (!valid_name(bp_buf_str(&base))) {
        fprintf(stderr, "briefpress: \"%s\" cannot name a brief: use letters, digits, '-', '_' "
                        "and '.' (no folders), e.g. briefpress init kyrgyzstan-2024\n", name);
        status = BP_ERR_USAGE;
    } else if ((err = bp_file_read(template_path.data, &text)) != 0) {
        fprintf(stderr, "briefpress: cannot read the template %s: %s\n", template_path.data,
                strerror(err));
        status = BP_ERR_ENV;
    } else if (mkdir(SOURCES_DIR, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "briefpress: cannot create " SOURCES_DIR "/: %s\n", strerror(errno));
        status = BP_ERR_ENV;
    } else if ((err = write_new(path.data, &text)) == EEXIST) {
        fprintf(stderr, "briefpress: %s already exists and is left as it is; choose another "
                        "name or remove it first\n", path.data);
        status = BP_ERR_ENV;
    } else if (err) {
        fprintf(stderr, "briefpress: cannot write %s: %s\n", path.data, strerror(err));
        status = BP_ERR_ENV;
    } else {
        printf("created %s; edit it, then: briefpress build %s\n", path.data, path.data);
    }
    bp_buf_free(&base);
    bp_buf_free(&path);
    bp_buf_free(&template_path);
    bp_buf_free(&text);
    return status;
}
