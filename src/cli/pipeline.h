/*
 * cli/pipeline.h — one document through every stage.
 */
#ifndef BP_CLI_PIPELINE_H
#define BP_CLI_PIPELINE_H

#include "doc.h"

/* Runs parse → resolve → style → (layout → paginate)* → render.
 * out_path NULL = check only (no layout, no output). */
bp_status bp_pipeline_run(const bp_options *opts, const char *src, const char *out_path,
                          bp_diag_sink *diags, size_t *n_pages);

/* The same from a buffer (tests, fuzzing): the PDF comes back in memory
 * (*pdf, heap; caller frees). */
bp_status bp_pipeline_memory(const bp_options *opts, const char *name, const char *data,
                             size_t len, unsigned char **pdf, size_t *pdf_len,
                             bp_diag_sink *diags);

/* parse → expand → write DocBook 5 to out_path. */
bp_status bp_pipeline_export(const bp_options *opts, const char *src, const char *out_path,
                             bp_diag_sink *diags);

#endif
