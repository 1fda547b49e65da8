/*
 * tests/fuzz/fuzz_css.c — libFuzzer target for the style-sheet parser:
 * arbitrary bytes in, rules or diagnostics out, never a crash.
 *
 * Build with -DBP_FUZZ=ON (clang); replay.c runs the same function over
 * the shipped and test style sheets as an ordinary test.
 */
#include "style/css.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1); /* the parser reads NUL-terminated text */
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    bp_arena arena = {0};
    bp_diag_sink diags = {0};
    bp_css_sheet sheet = {0};
    /* A name in a folder that does not exist: @import finds nothing. */
    bp_css_parse(&arena, &diags, "/nonexistent/fuzz.css", text, &sheet);
    bp_diag_sink_free(&diags);
    bp_arena_free(&arena);
    free(text);
    return 0;
}
