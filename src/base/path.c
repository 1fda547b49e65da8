/*
 * base/path.c — the one rule for files a document refers to.
 */
#include "base/path.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Is `real` inside the folder of `file` (itself resolved here)? */
static bool inside_folder_of(const char *file, const char *real, bool file_is_folder)
{
    char dir[PATH_MAX], top[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", file);
    if (!file_is_folder) {
        char *slash = strrchr(dir, '/');
        if (!slash)
            snprintf(dir, sizeof dir, ".");
        else if (slash == dir)
            dir[1] = '\0';
        else
            *slash = '\0';
    }
    if (!realpath(dir, top))
        return false;
    size_t n = strlen(top);
    if (n == 1 && top[0] == '/')
        return true;
    return strncmp(real, top, n) == 0 && real[n] == '/';
}

const char *bp_path_resolve(const bp_path_policy *policy, const char *from, const char *ref,
                            char *real, int *missing)
{
    *missing = 0;
    if (!ref || !*ref)
        return "the reference is empty";
    if (strncmp(ref, "file://", 7) == 0)
        ref += 7;
    else if (strstr(ref, "://"))
        return "briefpress never reads from the network";
    char joined[PATH_MAX];
    const char *slash = from ? strrchr(from, '/') : NULL;
    if (ref[0] == '/' || !slash)
        snprintf(joined, sizeof joined, "%s", ref);
    else
        snprintf(joined, sizeof joined, "%.*s/%s", (int)(slash - from), from, ref);
    if (!realpath(joined, real)) {
        *missing = 1;
        return strerror(errno);
    }
    bool allowed = inside_folder_of(policy->document, real, false);
    for (size_t i = 0; !allowed && i < policy->n_allowed; i++)
        allowed = inside_folder_of(policy->allowed[i], real, true);
    if (!allowed)
        return policy->n_allowed ? "it is outside the document's folder and the allowed paths"
                                 : "it is outside the document's folder (see --allow-path)";
    struct stat st;
    if (stat(real, &st) != 0 || !S_ISREG(st.st_mode))
        return "it is not a regular file";
    return NULL;
}
