/*
 * base/diag.h — diagnostics about the user's input.
 *
 * Stages never print: they emit into a sink, recover and carry on. The CLI
 * prints the sink in the GNU format editors understand:
 *     file:line:col: error: what is wrong [code]
 * The code is a stable kebab-case name (tests and --werror key on it).
 */
#ifndef BP_BASE_DIAG_H
#define BP_BASE_DIAG_H

#include <stdint.h>
#include <stdio.h>

typedef struct bp_loc {
    const char *file; /* borrowed; NULL = no location */
    uint32_t line, col; /* 1-based; 0 = unknown */
} bp_loc;

#define BP_LOC_NONE ((bp_loc){NULL, 0, 0})

typedef enum bp_severity { BP_NOTE, BP_WARNING, BP_ERROR } bp_severity;

typedef struct bp_diag {
    bp_severity severity;
    bp_loc loc;
    char *code;    /* owned */
    char *message; /* owned */
} bp_diag;

typedef struct bp_diag_sink {
    bp_diag *items;
    size_t len, cap;
    size_t n_errors, n_warnings;
    /* Identical (location, code, message) diagnostics are reported once. */
} bp_diag_sink;

void bp_diag_emit(bp_diag_sink *s, bp_severity sev, const char *code, bp_loc loc,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Writes every diagnostic, in emission order, one per line. */
void bp_diag_print(const bp_diag_sink *s, FILE *out);
/* The same, with the location in bold and the severity coloured as GCC
 * does when colour is set (for a terminal); the text is otherwise equal. */
void bp_diag_print_styled(const bp_diag_sink *s, FILE *out, int colour);
void bp_diag_sink_free(bp_diag_sink *s);

#endif
