/*
 * cli/pipeline.c — the pipeline and the page-number fixpoint.
 *
 * Order: parse → expand → style (and typography rules) → resolve → (layout → paginate)* → render.
 *
 * The table of contents prints page numbers that are only known after
 * pagination, and printing them can move pages. Layout and pagination run
 * again until every division lands on the same page as in the pass before
 * (at most MAX_LAYOUT_PASSES, then a warning).
 */
#include "pipeline.h"

#include "expand/expand.h"
#include "export/export.h"
#include "layout/layout.h"
#include "paginate/paginate.h"
#include "parse/parse.h"
#include "render/render.h"
#include "resolve/resolve.h"
#include "style/style.h"
#include "style/typography.h"
#include "text/font.h"
#include "text/hyphen.h"

#include <stdlib.h>
#include <string.h>

#define MAX_LAYOUT_PASSES 5

/* The page of every anchor, to compare passes. */
static int *anchor_pages(const bp_doc *doc)
{
    int *pages = bp_xmalloc((doc->n_anchors + 1) * sizeof(int));
    for (size_t i = 0; i < doc->n_anchors; i++)
        pages[i] = doc->anchors[i].page;
    return pages;
}

static bp_status lay_out_pages(bp_doc *doc)
{
    bp_status status = BP_OK;
    bp_fonts *fonts = bp_fonts_open(doc);
    if (!fonts)
        return BP_ERR_ENV;
    bp_hyphenator *hyph = bp_hyphenator_new(NULL);
    int *before = NULL;
    size_t n_before = 0;
    for (int pass = 1; pass <= MAX_LAYOUT_PASSES; pass++) {
        bp_layout lay;
        if (doc->opts && doc->opts->trace)
            fprintf(doc->opts->trace, "pass %d\n", pass);
        status = bp_layout_document(doc, fonts, hyph, &lay);
        if (status != BP_OK) {
            bp_layout_free(&lay);
            break;
        }
        bp_paginate(doc, &lay, fonts);
        bool printed_pages = lay.uses_page_numbers;
        bp_layout_free(&lay);
        if (!printed_pages)
            break; /* nothing printed a page number: the first pass is final */
        int *now = anchor_pages(doc);
        bool stable = before && n_before == doc->n_anchors &&
                 memcmp(before, now, n_before * sizeof(int)) == 0;
        free(before);
        before = now;
        n_before = doc->n_anchors;
        if (stable)
            break;
        if (pass == MAX_LAYOUT_PASSES)
            bp_diag_emit(doc->diags, BP_WARNING, "pages-unstable", BP_LOC_NONE,
                         "page numbers did not settle after %d layout passes", MAX_LAYOUT_PASSES);
    }
    free(before);
    bp_hyphenator_free(hyph);
    bp_fonts_close(fonts);
    return status;
}

/* Everything after parsing, shared by files and memory: expand → style →
 * resolve → layout/paginate fixpoint → render (to memory when pdf is set,
 * else to out_path; neither = check only). */
static bp_status run_parsed(bp_doc *doc, const char *out_path, unsigned char **pdf,
                            size_t *pdf_len)
{
    bp_status status = BP_OK;
    BP_TRY(bp_expand(doc));
    /* The style sheet comes first: resolve reads its document settings
     * (citation forms). A broken style does not stop resolve's own checks. */
    bp_status style_status = bp_style_load(doc);
    if (style_status == BP_OK)
        style_status = bp_typography_apply(doc);
    status = bp_resolve(doc);
    if (style_status == BP_ERR_ENV || (status == BP_OK && style_status != BP_OK))
        status = style_status;
    if (doc->opts && doc->opts->dump_styles && doc->style)
        bp_style_dump(doc, doc->opts->dump_styles);
    if (status != BP_OK || (!out_path && !pdf))
        goto done;
    BP_TRY(lay_out_pages(doc));
    if (doc->diags->n_errors) {
        status = BP_ERR_INPUT;
        goto done;
    }
    if (pdf)
        BP_TRY(bp_render_pdf_to_memory(doc, pdf, pdf_len));
    else
        BP_TRY(bp_render_pdf(doc, out_path));
done:
    return status;
}

bp_status bp_pipeline_run(const bp_options *opts, const char *src, const char *out_path,
                          bp_diag_sink *diags, size_t *n_pages)
{
    bp_doc doc;
    bp_doc_init(&doc, opts, diags);
    doc.path = src;
    bp_status status = bp_parse(&doc);
    if (status == BP_OK)
        status = run_parsed(&doc, out_path, NULL, NULL);
    if (status == BP_OK && n_pages)
        *n_pages = doc.n_pages;
    bp_paginate_free(&doc);
    bp_resolve_free(&doc);
    bp_doc_free(&doc);
    return status;
}

bp_status bp_pipeline_memory(const bp_options *opts, const char *name, const char *data,
                             size_t len, unsigned char **pdf, size_t *pdf_len,
                             bp_diag_sink *diags)
{
    bp_doc doc;
    bp_doc_init(&doc, opts, diags);
    doc.path = name;
    *pdf = NULL;
    *pdf_len = 0;
    bp_status status = bp_parse_memory(&doc, name, data, len);
    if (status == BP_OK)
        status = run_parsed(&doc, NULL, pdf, pdf_len);
    bp_paginate_free(&doc);
    bp_resolve_free(&doc);
    bp_doc_free(&doc);
    return status;
}

bp_status bp_pipeline_export(const bp_options *opts, const char *src, const char *out_path,
                             bp_diag_sink *diags)
{
    bp_doc doc;
    bp_doc_init(&doc, opts, diags);
    doc.path = src;
    bp_status status = BP_OK;
    BP_TRY(bp_parse(&doc));
    BP_TRY(bp_expand(&doc));
    BP_TRY(bp_export_docbook(&doc, out_path));
done:
    bp_doc_free(&doc);
    return status;
}
