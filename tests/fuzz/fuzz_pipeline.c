/*
 * tests/fuzz/fuzz_pipeline.c — libFuzzer target: XML bytes in, PDF bytes
 * out, through every stage (parse, expand, style, resolve, layout,
 * paginate, render), all in memory.
 *
 * Build with -DBP_FUZZ=ON (clang); replay.c runs the same function over
 * the saved corpus as an ordinary test.
 */
#include "cli/pipeline.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bp_options opts = {.data_dir = BP_DATA_DIR};
    bp_diag_sink diags = {0};
    unsigned char *pdf = NULL;
    size_t len = 0;
    bp_pipeline_memory(&opts, "fuzz.xml", (const char *)data, size, &pdf, &len, &diags);
    /* Whatever the input, writing the PDF in memory must not fail: a
     * pdf-write error means the PDF library was given something it cannot
     * write, a bug of ours the fuzzer should stop on. */
    for (size_t i = 0; i < diags.len; i++)
        if (strcmp(diags.items[i].code, "pdf-write") == 0)
            abort();
    free(pdf);
    bp_diag_sink_free(&diags);
    return 0;
}
