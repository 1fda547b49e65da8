/*
 * cli/report.c — one build and the line it prints.
 *
 * Everyone who runs briefpress reads the same things: the diagnostics in
 * the format editors jump to, then one line saying what came out
 * ("out/x.pdf: 9 pages, 84 KB, 14 ms") or that nothing did.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

bool bp_cli_use_colour(FILE *f)
{
    const char *no_colour = getenv("NO_COLOR");
    return isatty(fileno(f)) && !(no_colour && *no_colour);
}

char *bp_cli_default_output(const char *src)
{
    const char *base = strrchr(src, '/');
    base = base ? base + 1 : src;
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".xml") == 0)
        n -= 4;
    char *out = bp_xmalloc(n + 9);
    snprintf(out, n + 9, "out/%.*s.pdf", (int)n, base);
    if (mkdir("out", 0777) != 0 && errno != EEXIST)
        fprintf(stderr, "briefpress: cannot create out/: %s\n", strerror(errno));
    return out;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static const char *plural(size_t n) { return n == 1 ? "" : "s"; }

/* "sources/x.xml: failed (2 errors, 1 warning); out/x.pdf kept" */
static void print_failure(FILE *err, const char *src, const char *out, const bp_options *opts,
                          const bp_diag_sink *d)
{
    fprintf(err, "%s: failed", src);
    if (d->n_errors && d->n_warnings)
        fprintf(err, " (%zu error%s, %zu warning%s)", d->n_errors, plural(d->n_errors),
                d->n_warnings, plural(d->n_warnings));
    else if (d->n_errors)
        fprintf(err, " (%zu error%s)", d->n_errors, plural(d->n_errors));
    else if (d->n_warnings && opts->werror)
        fprintf(err, " (%zu warning%s, --werror)", d->n_warnings, plural(d->n_warnings));
    struct stat st;
    if (out && stat(out, &st) == 0)
        fprintf(err, "; %s kept", out);
    fputc('\n', err);
}

bp_status bp_cli_build_one(const bp_options *opts, const char *src, const char *out,
                           bool colour, FILE *err)
{
    bp_diag_sink diags = {0};
    size_t n_pages = 0;
    double start = now_ms();
    bp_status st = bp_pipeline_run(opts, src, out, &diags, &n_pages);
    double ms = now_ms() - start;
    bp_diag_print_styled(&diags, err, colour);
    struct stat pdf;
    if (st == BP_OK && stat(out, &pdf) == 0)
        fprintf(err, "%s: %zu page%s, %lld KB, %.0f ms\n", out, n_pages, plural(n_pages),
                ((long long)pdf.st_size + 512) / 1024, ms);
    else if (st == BP_OK)
        fprintf(err, "%s: %zu page%s, %.0f ms\n", out, n_pages, plural(n_pages), ms);
    else
        print_failure(err, src, out, opts, &diags);
    fflush(err);
    bp_diag_sink_free(&diags);
    return st;
}
