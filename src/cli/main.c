/*
 * cli/main.c — the briefpress command line.
 *
 *   briefpress build SOURCE.xml [-o OUT.pdf] [--style FILE]
 *   briefpress check SOURCE.xml [--style FILE]
 *
 * Exit status: 0 success, 1 the document has errors, 2 usage error,
 * 3 environment error (unreadable file, bad font, unwritable output).
 */
#include "pipeline.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage_text[] =
    "usage: briefpress build SOURCE.xml [-o OUT.pdf] [--style FILE] [--allow-path DIR]...\n"
    "                        [--timings] [--dump=lines]\n"
    "       briefpress check SOURCE.xml [--style FILE] [--allow-path DIR]... [--dump=styles]\n"
    "       briefpress export SOURCE.xml -o OUT.xml\n"
    "       briefpress --help | --version\n"
    "\n"
    "build   typeset SOURCE.xml into a PDF (default: out/SOURCE.pdf)\n"
    "check   parse, validate and resolve references; write nothing\n"
    "export  write the document as plain DocBook 5, generated parts expanded\n"
    "\n"
    "options:\n"
    "  -o, --output FILE   where to write the PDF\n"
    "  --style FILE        CSS style sheet (default: styles/brief.css)\n"
    "  --allow-path DIR    also read included files, entities and images from DIR\n"
    "                      (by default only from the source's own folder tree)\n"
    "  --timings           print the wall time of each stage to stderr\n"
    "  --dump=lines        print every paragraph's line-breaking decisions\n"
    "                      (lines, adjustment ratios, hyphens, demerits) to stdout\n"
    "  --dump=styles       print every element's computed style to stdout\n"
    "\n"
    "exit status: 0 ok, 1 errors in the document, 2 usage, 3 environment\n"
    "SOURCE_DATE_EPOCH, when set, gives the PDF's creation date.\n";

static int usage_error(const char *msg)
{
    fprintf(stderr, "briefpress: %s\n%s", msg, usage_text);
    return BP_ERR_USAGE;
}

/* out/NAME.pdf for sources/NAME.xml; creates out/ when missing. */
static char *default_output(const char *src)
{
    const char *base = strrchr(src, '/');
    base = base ? base + 1 : src;
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".xml") == 0)
        n -= 4;
    char *out = malloc(n + 9);
    if (!out)
        return NULL;
    snprintf(out, n + 9, "out/%.*s.pdf", (int)n, base);
    if (mkdir("out", 0777) != 0 && errno != EEXIST)
        fprintf(stderr, "briefpress: cannot create out/: %s\n", strerror(errno));
    return out;
}

static const char *data_dir(void)
{
    const char *env = getenv("BRIEFPRESS_DATA_DIR");
    return env && *env ? env : BP_DATA_DIR;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("missing command");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("briefpress %s\n", BP_VERSION);
        return 0;
    }
    bool build = strcmp(cmd, "build") == 0, export = strcmp(cmd, "export") == 0;
    if (!build && !export && strcmp(cmd, "check") != 0)
        return usage_error("unknown command (expected build, check or export)");
    const char *src = NULL, *out = NULL;
    bp_options opts = {.data_dir = data_dir()};
    const char *allowed[64];
    opts.allowed_paths = allowed;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && (build || export)) {
            if (++i >= argc)
                return usage_error("-o needs a file name");
            out = argv[i];
        } else if (strcmp(a, "--style") == 0) {
            if (++i >= argc)
                return usage_error("--style needs a file name");
            opts.style_path = argv[i];
        } else if (strcmp(a, "--allow-path") == 0) {
            if (++i >= argc)
                return usage_error("--allow-path needs a folder");
            if (opts.n_allowed_paths == sizeof allowed / sizeof allowed[0])
                return usage_error("more than 64 --allow-path folders");
            allowed[opts.n_allowed_paths++] = argv[i];
        } else if (strcmp(a, "--timings") == 0) {
            opts.timings = stderr;
        } else if (strcmp(a, "--dump=lines") == 0) {
            opts.trace = stdout;
        } else if (strcmp(a, "--dump=styles") == 0) {
            opts.dump_styles = stdout;
        } else if (a[0] == '-' && a[1]) {
            char msg[256];
            snprintf(msg, sizeof msg, "unknown option %s", a);
            return usage_error(msg);
        } else if (!src) {
            src = a;
        } else {
            return usage_error("only one source file may be given");
        }
    }
    if (!src)
        return usage_error("missing SOURCE.xml");
    if (export && !out)
        return usage_error("export needs -o OUT.xml");
    char *owned_out = NULL;
    if (build && !out)
        out = owned_out = default_output(src);

    bp_diag_sink diags = {0};
    size_t n_pages = 0;
    bp_status st = export ? bp_pipeline_export(&opts, src, out, &diags)
                          : bp_pipeline_run(&opts, src, build ? out : NULL, &diags, &n_pages);
    bp_diag_print(&diags, stderr);
    if (st == BP_OK && build)
        fprintf(stderr, "%s: %zu pages\n", out, n_pages);
    bp_diag_sink_free(&diags);
    free(owned_out);
    return (int)st;
}
