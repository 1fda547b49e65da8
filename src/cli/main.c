/*
 * cli/main.c — the briefpress command line: argv in, a command run.
 *
 *   briefpress build SOURCE.xml... [-o OUT.pdf] [-j N] [--werror] [--style FILE]
 *   briefpress check SOURCE.xml [--werror] [--style FILE]
 *   briefpress watch SOURCE.xml [-o OUT.pdf] [--werror] [--style FILE]
 *   briefpress export SOURCE.xml -o OUT.xml
 *   briefpress init NAME
 *
 * Exit status: 0 success, 1 the document has errors, 2 usage error,
 * 3 environment error (unreadable file, bad font, unwritable output).
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#ifdef BP_MIMALLOC
#include <mimalloc.h>
#elif defined(__GLIBC__)
#include <malloc.h>
#endif

static const char usage_text[] =
    "usage: briefpress build SOURCE.xml... [-o OUT.pdf] [-j N] [--werror] [--style FILE]\n"
    "                        [--allow-path DIR]... [--no-tags] [--pdfa=2u|none]\n"
    "                        [--timings] [--dump=lines]\n"
    "       briefpress check SOURCE.xml [--werror] [--style FILE] [--allow-path DIR]...\n"
    "                        [--dump=styles]\n"
    "       briefpress watch SOURCE.xml [-o OUT.pdf] [--werror] [--style FILE]\n"
    "                        [--allow-path DIR]...\n"
    "       briefpress export SOURCE.xml -o OUT.xml\n"
    "       briefpress init NAME\n"
    "       briefpress --help | --version\n"
    "\n"
    "build   typeset each SOURCE.xml into a PDF (default: out/SOURCE.pdf)\n"
    "check   parse, validate and resolve references; write nothing\n"
    "watch   build, then rebuild whenever the source or a file it reads is saved\n"
    "export  write the document as plain DocBook 5, generated parts expanded\n"
    "init    create sources/NAME.xml from the commented template\n"
    "\n"
    "options:\n"
    "  -o, --output FILE   where to write the PDF (one source only)\n"
    "  -j, --jobs N        build up to N sources at the same time (default 1)\n"
    "  --werror            treat warnings as errors: exit 1 and write no PDF\n"
    "  --style FILE        CSS style sheet (default: styles/brief.css in the data folder)\n"
    "  --allow-path DIR    also read included files, entities and images from DIR\n"
    "                      (by default only from the source's own folder tree)\n"
    "  --no-tags           leave out the structure (headings, paragraphs, lists,\n"
    "                      tables, notes) that screen readers use (PDF/UA-1)\n"
    "  --pdfa=2u|none      identify as PDF/A-2u, with an sRGB output intent\n"
    "                      (default), or not\n"
    "  --timings           print the wall time of each stage to stderr\n"
    "  --dump=lines        print every paragraph's line-breaking decisions\n"
    "                      (lines, adjustment ratios, hyphens, demerits) to stdout\n"
    "  --dump=styles       print every element's computed style to stdout\n"
    "\n"
    "exit status: 0 ok, 1 errors in the document, 2 usage, 3 environment\n"
    "environment: SOURCE_DATE_EPOCH gives the PDF's creation date; NO_COLOR turns\n"
    "off coloured diagnostics; BRIEFPRESS_DATA_DIR names the data folder.\n";

#define MAX_ALLOWED_PATHS 64
#define MAX_JOBS 256

typedef enum command { BUILD, CHECK, WATCH, EXPORT, INIT } command;

typedef struct cli_args {
    command cmd;
    const char **srcs; /* argv's positional arguments */
    size_t n_srcs;
    const char *out;
    int jobs;
    int max_builds; /* watch: stop after this many builds (tests); 0 = never */
    bp_options opts;
    const char *allowed[MAX_ALLOWED_PATHS];
} cli_args;

static int usage_error(const char *msg)
{
    fprintf(stderr, "briefpress: %s\n%s", msg, usage_text);
    return BP_ERR_USAGE;
}

static bool parse_command(const char *name, command *cmd)
{
    static const char *const names[] = {"build", "check", "watch", "export", "init"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0) {
            *cmd = (command)i;
            return true;
        }
    return false;
}

/* A positive count no larger than max, or 0. */
static int parse_count(const char *s, int max)
{
    char *end;
    long n = strtol(s, &end, 10);
    return *s && !*end && n > 0 && n <= max ? (int)n : 0;
}

/* The value of an option: the next argument ("-j 4") or glued to it ("-j4"). */
static const char *option_value(int argc, char **argv, int *i, const char *glued)
{
    if (glued && *glued)
        return glued;
    return ++*i < argc ? argv[*i] : NULL;
}

/* Fills args from argv[2..]; returns 0 or the exit status of a usage error. */
static int parse_options(int argc, char **argv, cli_args *args)
{
    command cmd = args->cmd;
    bool writes_file = cmd == BUILD || cmd == EXPORT || cmd == WATCH;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && writes_file) {
            if (!(args->out = option_value(argc, argv, &i, NULL)))
                return usage_error("-o needs a file name");
        } else if (cmd == BUILD && (strncmp(a, "-j", 2) == 0 || strcmp(a, "--jobs") == 0)) {
            const char *v = option_value(argc, argv, &i, a[1] == 'j' ? a + 2 : NULL);
            if (!v || !(args->jobs = parse_count(v, MAX_JOBS)))
                return usage_error("-j needs a number of jobs from 1 to 256");
        } else if (cmd == WATCH && strcmp(a, "--max-builds") == 0) {
            const char *v = option_value(argc, argv, &i, NULL);
            if (!v || !(args->max_builds = parse_count(v, 1 << 30)))
                return usage_error("--max-builds needs a positive number");
        } else if (strcmp(a, "--style") == 0) {
            if (!(args->opts.style_path = option_value(argc, argv, &i, NULL)))
                return usage_error("--style needs a file name");
        } else if (strcmp(a, "--allow-path") == 0) {
            const char *dir = option_value(argc, argv, &i, NULL);
            if (!dir)
                return usage_error("--allow-path needs a folder");
            if (args->opts.n_allowed_paths == MAX_ALLOWED_PATHS)
                return usage_error("more than 64 --allow-path folders");
            args->allowed[args->opts.n_allowed_paths++] = dir;
        } else if (strcmp(a, "--werror") == 0) {
            args->opts.werror = true;
        } else if (strcmp(a, "--timings") == 0) {
            args->opts.timings = stderr;
        } else if (strcmp(a, "--no-tags") == 0) {
            args->opts.no_tags = true;
        } else if (strcmp(a, "--pdfa=none") == 0) {
            args->opts.no_pdfa = true;
        } else if (strcmp(a, "--pdfa=2u") == 0) {
            args->opts.no_pdfa = false;
        } else if (strcmp(a, "--dump=lines") == 0) {
            args->opts.trace = stdout;
        } else if (strcmp(a, "--dump=styles") == 0) {
            args->opts.dump_styles = stdout;
        } else if (a[0] == '-' && a[1]) {
            char msg[256];
            snprintf(msg, sizeof msg, "unknown option %s", a);
            return usage_error(msg);
        } else {
            args->srcs[args->n_srcs++] = a;
        }
    }
    return 0;
}

/* What each command needs beyond valid options. */
static int check_arguments(const cli_args *args)
{
    if (args->n_srcs == 0)
        return usage_error(args->cmd == INIT ? "missing NAME" : "missing SOURCE.xml");
    if (args->n_srcs > 1 && args->cmd != BUILD)
        return usage_error(args->cmd == INIT ? "init takes one NAME"
                                             : "only one source file may be given");
    if (args->n_srcs > 1 && args->out)
        return usage_error("-o names one PDF: with several sources, each goes to out/");
    if (args->cmd == EXPORT && !args->out)
        return usage_error("export needs -o OUT.xml");
    return 0;
}

static int run_single(const cli_args *args)
{
    const char *src = args->srcs[0];
    bp_diag_sink diags = {0};
    bp_status st = args->cmd == EXPORT
                       ? bp_pipeline_export(&args->opts, src, args->out, &diags)
                       : bp_pipeline_run(&args->opts, src, NULL, &diags, NULL);
    bp_diag_print_styled(&diags, stderr, bp_cli_use_colour(stderr));
    bp_diag_sink_free(&diags);
    return (int)st;
}

static int run(cli_args *args)
{
    switch (args->cmd) {
    case INIT:
        return bp_cli_init(args->srcs[0]);
    case BUILD:
        return bp_cli_build_all(&args->opts, args->srcs, args->n_srcs, args->out, args->jobs);
    case WATCH: {
        char *owned = args->out ? NULL : bp_cli_default_output(args->srcs[0]);
        int st = bp_cli_watch(&args->opts, args->srcs[0], args->out ? args->out : owned,
                              args->max_builds);
        free(owned);
        return st;
    }
    case CHECK:
    case EXPORT:
        return run_single(args);
    }
    return BP_ERR_USAGE;
}

/* Fresh memory costs a page fault per page touched, and a build touches
 * tens of megabytes once: a quarter of a 200-page build went to faulting
 * in 4 KiB pages. mimalloc maps its segments as 2 MiB pages (transparent
 * huge pages where the kernel has them). Without it, glibc at least keeps
 * freed memory instead of handing blocks over 128 KB back to the kernel
 * at every free (zlib's state per stream, libharu's buffers),
 * only to fault them in again. */
#ifdef BP_MIMALLOC
/* mimalloc reads its options when it starts, in a constructor run before
 * main; functions in the program's .preinit_array run before any shared
 * library's constructors. */
static void large_pages_first(void) { mi_option_enable(mi_option_large_os_pages); }
__attribute__((section(".preinit_array"), used)) static void (*const preinit)(void) = large_pages_first;
#endif

static void tune_memory(void)
{
#if !defined(BP_MIMALLOC) && defined(__GLIBC__) /* mimalloc: large_pages_first */
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 32 << 20);
#endif
}

int main(int argc, char **argv)
{
    tune_memory();
    if (argc < 2)
        return usage_error("missing command");
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (strcmp(name, "--version") == 0) {
        printf("briefpress %s\ndata folder: %s\n", BP_VERSION, bp_cli_data_dir());
        return 0;
    }
    cli_args args = {.jobs = 1};
    if (!parse_command(name, &args.cmd))
        return usage_error("unknown command (expected build, check, watch, export or init)");
    args.srcs = bp_xmalloc((size_t)argc * sizeof *args.srcs);
    args.opts.data_dir = bp_cli_data_dir();
    args.opts.allowed_paths = args.allowed;
    int st = parse_options(argc, argv, &args);
    if (st == 0)
        st = check_arguments(&args);
    if (st == 0)
        st = run(&args);
    free(args.srcs);
    return st;
}
