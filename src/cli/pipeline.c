/*
 * cli/pipeline.c — the pipeline and the page-number fixpoint.
 *
 * Order: parse → expand → style (and typography rules) → resolve → (layout → paginate)* → render.
 *
 * The table of contents and cross-references print page numbers that are
 * only known after pagination. Layout sets each with a guess (the previous
 * pass's number, or "0"), pagination places the pages, and then the real
 * numbers replace the guesses. Where a real number is as wide as its guess
 * no line changes, so one pass is final: TOC numbers are right-aligned in
 * a column of their own and never move a line; a cross-reference's number
 * costs another pass only when its width changed (at most
 * MAX_LAYOUT_PASSES, then a warning).
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
#include <time.h>

#define MAX_LAYOUT_PASSES 5

/* Wall time per stage, for --timings: the next optimisation is chosen by
 * measurement. Layout and paginate add up over the fixpoint's passes. */
enum stage { PARSE, EXPAND, STYLE, RESOLVE, FONTS, LAYOUT, PAGINATE, RENDER, WRITE, N_STAGES };
static const char *const stage_names[N_STAGES] = {
    "parse", "expand", "style", "resolve", "fonts", "layout", "paginate", "render", "write",
};

typedef struct stage_clock {
    double ms[N_STAGES];
    double since; /* when the running stage started */
    int passes;   /* layout/paginate passes of the fixpoint */
    bp_shaping_counts shaping;
} stage_clock;

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void clock_start(stage_clock *c) { c->since = now_ms(); }

/* Adds the time since the last start (or stop) to stage, and restarts. */
static void clock_stop(stage_clock *c, enum stage s)
{
    double t = now_ms();
    c->ms[s] += t - c->since;
    c->since = t;
}

static void print_timings(const stage_clock *c, FILE *out)
{
    double total = 0;
    for (int s = 0; s < N_STAGES; s++)
        total += c->ms[s];
    fprintf(out, "timings (wall, ms):\n");
    for (int s = 0; s < N_STAGES; s++) {
        fprintf(out, "  %-9s %8.2f  %5.1f%%", stage_names[s], c->ms[s],
                total > 0 ? 100 * c->ms[s] / total : 0);
        if ((s == LAYOUT || s == PAGINATE) && c->passes)
            fprintf(out, "  (%d pass%s)", c->passes, c->passes == 1 ? "" : "es");
        fputc('\n', out);
    }
    fprintf(out, "  %-9s %8.2f\n", "total", total);
    const bp_shaping_counts *sh = &c->shaping;
    fprintf(out, "shaped: %zu words, %zu kerned by glyph pairs (%zu pairs read from GPOS), %zu whole\n",
            sh->words, sh->by_pairs, sh->pairs, sh->whole);
}

static bp_status lay_out_pages(bp_doc *doc, bp_fonts *fonts, stage_clock *clk)
{
    bp_status status = BP_OK;
    bp_hyphenator *hyph = bp_hyphenator_new(NULL);
    clock_stop(clk, FONTS);
    bp_layout_memo *memo = bp_layout_memo_new();
    for (int pass = 1; pass <= MAX_LAYOUT_PASSES; pass++) {
        bp_layout lay;
        if (doc->opts && doc->opts->trace)
            fprintf(doc->opts->trace, "pass %d\n", pass);
        clk->passes = pass;
        status = bp_layout_document(doc, fonts, hyph, memo, &lay);
        if (status == BP_OK && bp_fonts_failed(fonts))
            status = BP_ERR_ENV;
        clock_stop(clk, LAYOUT);
        if (status != BP_OK) {
            bp_layout_free(&lay);
            break;
        }
        bp_paginate(doc, &lay, fonts);
        clock_stop(clk, PAGINATE);
        /* The pages point into this pass's arena, and so may the lines the
         * memo hands to the next pass: the arena lives with the document. */
        bp_arena_adopt(&doc->arena, &lay.arena);
        /* Page numbers are set once the pages exist; layout guessed them
         * (from the previous pass, or "0"). A guess of the right width
         * leaves every line as it is, so the pass is final. */
        if (!lay.uses_page_numbers || bp_paginate_bind_page_numbers(doc, fonts)) {
            bp_layout_free(&lay);
            break;
        }
        bp_layout_memo_keep(memo, &lay); /* the next pass takes its unchanged lines */
        if (pass == MAX_LAYOUT_PASSES)
            bp_diag_emit(doc->diags, BP_WARNING, "pages-unstable", BP_LOC_NONE,
                         "page numbers did not settle after %d layout passes", MAX_LAYOUT_PASSES);
    }
    bp_layout_memo_free(memo);
    bp_hyphenator_free(hyph);
    clock_stop(clk, PAGINATE);
    return status;
}

/* Errors, or warnings under --werror: the document is not good enough to
 * replace the last PDF. */
static bool has_failed(const bp_doc *doc)
{
    return doc->diags->n_errors || (doc->opts && doc->opts->werror && doc->diags->n_warnings);
}

/* Everything after parsing, shared by files and memory: expand → style →
 * resolve → layout/paginate fixpoint → render (to memory when pdf is set,
 * else to out_path; neither = check only). */
static bp_status run_parsed(bp_doc *doc, const char *out_path, unsigned char **pdf,
                            size_t *pdf_len, stage_clock *clk)
{
    bp_status status = BP_OK;
    bp_fonts *fonts = NULL;
    BP_TRY(bp_expand(doc));
    clock_stop(clk, EXPAND);
    /* The style sheet comes first: resolve reads its document settings
     * (citation forms). A broken style does not stop resolve's own checks. */
    bp_status style_status = bp_style_load(doc);
    if (style_status == BP_OK)
        style_status = bp_typography_apply(doc);
    clock_stop(clk, STYLE);
    status = bp_resolve(doc);
    clock_stop(clk, RESOLVE);
    if (style_status == BP_ERR_ENV || (status == BP_OK && style_status != BP_OK))
        status = style_status;
    if (doc->opts && doc->opts->dump_styles && doc->style)
        bp_style_dump(doc, doc->opts->dump_styles);
    if (status != BP_OK || (!out_path && !pdf))
        goto done;
    /* Open until the PDF is made: it embeds the font files layout read. */
    fonts = bp_fonts_open(doc);
    BP_TRY(lay_out_pages(doc, fonts, clk));
    if (has_failed(doc)) {
        status = BP_ERR_INPUT;
        goto done;
    }
    unsigned char *own = NULL;
    size_t own_len = 0;
    BP_TRY(bp_render_pdf_to_memory(doc, fonts, pdf ? pdf : &own, pdf ? pdf_len : &own_len));
    clock_stop(clk, RENDER);
    if (!pdf && has_failed(doc)) { /* rendering warned (--werror): keep the old PDF */
        free(own);
        status = BP_ERR_INPUT;
    } else if (!pdf) {
        status = bp_render_write(doc, out_path, own, own_len);
        free(own);
        clock_stop(clk, WRITE);
    }
done:
    if (fonts)
        clk->shaping = bp_fonts_shaping_counts(fonts);
    bp_fonts_close(fonts);
    if (status == BP_OK && doc->opts && doc->opts->werror && doc->diags->n_warnings)
        status = BP_ERR_INPUT; /* check --werror: a warning fails it too */
    return status;
}

bp_status bp_pipeline_run(const bp_options *opts, const char *src, const char *out_path,
                          bp_diag_sink *diags, size_t *n_pages)
{
    bp_doc doc;
    bp_doc_init(&doc, opts, diags);
    doc.path = src;
    stage_clock clk = {0};
    clock_start(&clk);
    bp_status status = bp_parse(&doc);
    clock_stop(&clk, PARSE);
    if (status == BP_OK)
        status = run_parsed(&doc, out_path, NULL, NULL, &clk);
    if (opts && opts->timings)
        print_timings(&clk, opts->timings);
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
    stage_clock clk = {0};
    clock_start(&clk);
    bp_status status = bp_parse_memory(&doc, name, data, len);
    clock_stop(&clk, PARSE);
    if (status == BP_OK)
        status = run_parsed(&doc, NULL, pdf, pdf_len, &clk);
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
