/*
 * cli/datadir.c — finding styles/, fonts/ and templates/ at run time.
 *
 * An installed briefpress lives in PREFIX/bin with its data in
 * PREFIX/share/briefpress, wherever PREFIX was moved to; a briefpress run
 * from its build folder uses the source tree it was built from.
 */
#include "cli.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The marker that a folder really is a data folder. */
#define DEFAULT_STYLE "styles/brief.css"

static bool holds_data(const char *dir)
{
    char probe[PATH_MAX];
    int n = snprintf(probe, sizeof probe, "%s/" DEFAULT_STYLE, dir);
    return n > 0 && (size_t)n < sizeof probe && access(probe, R_OK) == 0;
}

/* PREFIX/share/briefpress for the program at PREFIX/bin/briefpress
 * (BP_DATA_FROM_BIN is that relation as installed). */
static bool installed_data_dir(char *dir, size_t size)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return false;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return false;
    *slash = '\0';
    char guess[PATH_MAX + 32];
    snprintf(guess, sizeof guess, "%s/" BP_DATA_FROM_BIN, exe);
    return holds_data(guess) && realpath(guess, dir) && strlen(dir) < size;
}

const char *bp_cli_data_dir(void)
{
    static char dir[PATH_MAX];
    const char *env = getenv("BRIEFPRESS_DATA_DIR");
    if (env && *env)
        return env;
    if (!*dir && !installed_data_dir(dir, sizeof dir))
        snprintf(dir, sizeof dir, "%s", BP_DATA_DIR);
    return dir;
}
