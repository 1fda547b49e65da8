/*
 * cli/cli.h — the commands behind briefpress's argv (main.c parses it).
 *
 * One module per job: build.c (one or many sources, in worker processes),
 * watch.c (rebuild on save), init.c (a new brief from the template),
 * datadir.c (where styles/, fonts/ and templates/ are), report.c (what a
 * build prints).
 */
#ifndef BP_CLI_CLI_H
#define BP_CLI_CLI_H

#include "pipeline.h"

#include <stdbool.h>
#include <stdio.h>

/* The folder holding styles/, fonts/ and templates/: $BRIEFPRESS_DATA_DIR,
 * else ../share/briefpress beside the running program (an installed copy),
 * else the source tree it was built from. */
const char *bp_cli_data_dir(void);

/* Diagnostics are coloured only on a terminal, and never with NO_COLOR set
 * (https://no-color.org). */
bool bp_cli_use_colour(FILE *f);

/* out/NAME.pdf for .../NAME.xml (heap); creates out/ when missing. */
char *bp_cli_default_output(const char *src);

/* Builds src into out, then prints its diagnostics and one result line
 * ("out/x.pdf: 9 pages, 84 KB, 14 ms", or why it failed) to err. */
bp_status bp_cli_build_one(const bp_options *opts, const char *src, const char *out,
                           bool colour, FILE *err);

/* Builds each source to its own PDF (out, when given, for a single source),
 * up to `jobs` at a time in worker processes; one result line each in
 * source order, then a summary when there are several. Returns 0 when
 * every build succeeded, else the worst exit status. */
int bp_cli_build_all(const bp_options *opts, const char *const *srcs, size_t n_srcs,
                     const char *out, int jobs);

/* Builds src, then rebuilds whenever a file the build read is saved, until
 * SIGINT or SIGTERM (max_builds > 0 stops after that many builds). */
int bp_cli_watch(const bp_options *opts, const char *src, const char *out, int max_builds);

/* Creates sources/NAME.xml from the data folder's template. */
int bp_cli_init(const char *name);

#endif
