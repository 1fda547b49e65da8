/*
 * layout/layout_internal.h — shared by the block and inline halves of layout.
 */
#ifndef BP_LAYOUT_INTERNAL_H
#define BP_LAYOUT_INTERNAL_H

#include "base/buf.h"
#include "layout.h"
#include "style/style.h"
#include "text/font.h"
#include "text/hyphen.h"

#include <stdio.h>

/* Characters without a glyph told apart, for one report each. */
#define BP_MISSING_KEPT 64

typedef struct lctx {
    bp_doc *doc;
    bp_arena *a;
    bp_fonts *fonts;
    bp_layout *out;
    bp_vlist *target;    /* where boxes go: the body, or a footnote's list */
    int quote_depth;     /* for alternating “ ” and ‘ ’ */
    bp_hyphenator *hyphenator;
    bp_layout_memo *memo; /* paragraphs of the previous pass, or NULL */
    void *items;          /* item arrays kept between paragraphs (inline.c) */
    bool items_in_use;
    size_t memo_next;     /* number of the next paragraph in this pass */
    FILE *trace;         /* line-breaking trace (--dump=lines), or NULL */
    bool in_toc;         /* setting TOC entries: titles' note calls are left out */
    int n_tables;        /* tables laid out so far (numbers their heading boxes) */
    uint32_t missing[BP_MISSING_KEPT]; /* characters already reported as missing */
    size_t n_missing;               /* how many (counting stops past BP_MISSING_KEPT) */
    bool rtl_reported;
    bool long_word_reported; /* word-too-long is said once */
    const bp_node *override_node;   /* set with a bordered block: its style … */
    const bp_style *override_style; /* … without the borders it is drawn with */
    /* CSS counters in scope: a stack of instances, each opened by an element
     * (counter-reset) and closed when layout leaves it. */
    struct counter { const char *name; int value; const bp_node *owner; } *counters;
    size_t n_counters, cap_counters;
} lctx;

/* One piece of inline content in a single style. */
typedef struct run {
    const char *text;     /* UTF-8; may be "" for a pure anchor */
    const bp_style *style;
    const char *link_id;  /* internal link target (anchor id) */
    const char *uri;      /* external link */
    const bp_node *origin;
    int note;             /* footnote number when this run is a note call */
    const char *anchor;   /* id starting here (zero-width) */
    bool nobreak_before;  /* glued to the previous run (note calls) */
    const char *lang;     /* xml:lang in force, for hyphenation */
    const char *page_of;  /* the text is the page number of this id (bound after pagination) */
} run;

typedef BP_VEC(run) run_list;

/* How a paragraph is set. */
typedef struct para_shape {
    double x, width;        /* left edge and measure */
    double first_indent;    /* extra indent of the first line */
    double hang;            /* extra indent of every line but the first */
    double space_before;
    bool keep_with_next;    /* keep the last line with what follows */
    bool break_before;
    const char *label;      /* drawn left of the first line (list marks) */
    const bp_style *label_style;
    double label_x;
    const bp_node *origin;  /* the paragraph's element, for diagnostics and traces */
    const char *const *anchors; /* ids to attach to the first line */
    size_t n_anchors;
} para_shape;

/* Where block layout is: a column, and the space owed above the next box. */
typedef struct frame {
    double x, width;
    double pending_space; /* collapsed margin waiting for the next box */
} frame;

/* inline.c */
void collect_runs(lctx *c, const bp_node *n, const bp_style *style, const char *link_id,
                  const char *uri, run_list *out);
void add_text_run(lctx *c, run_list *out, const char *text, const bp_style *style,
                  const bp_node *origin);
/* Frees the item arrays layout_paragraph keeps between paragraphs. */
void free_kept_items(lctx *c);
/* Sets a paragraph of runs into lines appended to c->target. Returns the
 * number of lines. */
size_t layout_paragraph(lctx *c, const run_list *runs, const bp_style *base,
                        const para_shape *shape);

/* memo.c */
uint64_t memo_key(const run_list *runs, const bp_style *base, const para_shape *shape);
/* Which of out's lists target is (0 body, k footnote k), -1 for another. */
long memo_list_of(const bp_layout *out, const bp_vlist *target);
/* Moves the previous pass's lines of paragraph `slot` to target when its
 * key matches and they are still as set. */
bool memo_take(bp_layout_memo *m, size_t slot, uint64_t key, long list, bp_vlist *target,
               size_t *n_lines);
/* Notes where paragraph `slot` set its boxes target[first_box..]. */
void memo_store(bp_layout_memo *m, size_t slot, uint64_t key, bool reusable, long list,
                const bp_vlist *target, size_t first_box, size_t n_lines);

/* generated.c: CSS counters, ::before/::after and running strings. */
void counters_enter(lctx *c, const bp_node *n, const bp_style *s);
void counters_leave(lctx *c, const bp_node *n);
/* The text of a content list for element n (strings, counters, attr(),
 * content()); arena-owned. */
const char *content_text(lctx *c, const bp_node *n, const bp_content *content);
/* Runs for n::before / n::after, if the style gives it content. */
void pseudo_runs(lctx *c, const bp_node *n, const bp_style *s, const char *pseudo, run_list *out);
/* Marks box with n's string-set, if its style has one. */
void string_mark(lctx *c, bp_vbox *box, const bp_node *n, const bp_style *s);

/* layout.c */
void layout_blocks(lctx *c, const bp_node *n, const bp_style *parent, frame *f);
void layout_mixed(lctx *c, const bp_node *n, const bp_style *s, frame *f, para_shape first_shape);
/* The space above the next box: the larger of what is owed and margin_top. */
double take_space(frame *f, double margin_top);
bp_vbox *push_box(lctx *c, double height, double space_before, const bp_node *origin);
void box_add_draw(lctx *c, bp_vbox *b, bp_draw d);
void box_add_anchor(lctx *c, bp_vbox *b, const char *id);
void box_add_note(lctx *c, bp_vbox *b, int note);
double baseline_offset(lctx *c, const bp_style *s);

/* table.c: lays out the rows of a CALS tgroup, or of an HTML table. */
void layout_table_grid(lctx *c, const bp_node *table, const bp_node *group, const bp_style *ts,
                       frame *f, double space_before);

#endif
