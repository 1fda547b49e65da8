/*
 * layout/layout.h — the document as a vertical list of unbreakable boxes.
 *
 * In:   the resolved, styled tree; fonts; the anchors of the previous pass
 *       (for page numbers printed in the TOC).
 * Out:  the body's boxes in reading order, and each footnote's boxes.
 * Each box is a line of text, a table row, a rule or a title block, with
 * its draws relative to the box's top and the page's left edge, the
 * footnotes called in it, the ids that start in it, and keep/break flags
 * the page builder honours.
 */
#ifndef BP_LAYOUT_LAYOUT_H
#define BP_LAYOUT_LAYOUT_H

#include "doc.h"

typedef struct bp_vbox {
    double height;        /* from the box top to the next box's top (no glue) */
    double space_before;  /* glue above; dropped at the top of a page */
    bp_draw *draws;       /* heap arrays, freed by bp_layout_free */
    size_t n_draws, cap_draws;
    int *notes;           /* footnote numbers called in this box */
    size_t n_notes, cap_notes;
    const char **anchors; /* ids whose target starts in this box */
    size_t n_anchors, cap_anchors;
    bool keep_with_next;  /* no page break between this box and the next */
    int table;            /* table rows: which table (1-based), else 0 */
    const char *mark_name;  /* a running string set here (string-set), … */
    const char *mark_value; /* … and its value */
    bool table_head;      /* a table's heading rows (and their rules) */
    bool break_before;    /* start a new page */
    const bp_node *origin;
} bp_vbox;

typedef struct bp_vlist {
    bp_vbox *items;
    size_t len, cap;
} bp_vlist;

typedef struct bp_layout {
    bp_vlist body;
    bp_vlist *notes;      /* notes[k] = boxes of footnote k (1-based), k <= n_notes */
    size_t n_notes;
    double note_rule_space; /* space the separator rule takes above the notes */
    double frame_x, frame_width;
    bp_vlist *table_heads; /* table_heads[t]: heading boxes of table t, repeated on
                              every page the table continues on */
    size_t n_tables;
    bool uses_page_numbers; /* something printed a page number (TOC, xref) */
    /* What this pass allocated: the draws' text and kerning (which the
     * pages built from these boxes point to) and its scratch. Passes that
     * are not final are freed whole; the final one joins the document. */
    bp_arena arena;
} bp_layout;

/* Paragraphs set in one pass, kept for the next (memo.c): a paragraph
 * whose input is unchanged takes its stored lines instead of being set
 * again. Kept across the passes of one document, freed after the last. */
typedef struct bp_layout_memo bp_layout_memo;
bp_layout_memo *bp_layout_memo_new(void);
void bp_layout_memo_free(bp_layout_memo *m);
/* Keeps a pass's boxes for the next pass to take from (lay is emptied;
 * its arena must already belong to the document). */
void bp_layout_memo_keep(bp_layout_memo *m, bp_layout *lay);

/* Lays out the whole document with the given fonts (bp_fonts_open) and
 * hyphenator. Uses doc->anchors (previous pass) for page numbers; they may
 * be absent on the first pass. memo (or NULL) carries paragraphs from the
 * previous pass to this one; the boxes it hands over point into that
 * pass's arena, which must then live as long as these boxes. */
struct bp_fonts;
struct bp_hyphenator;
bp_status bp_layout_document(bp_doc *doc, struct bp_fonts *fonts, struct bp_hyphenator *hyph,
                             bp_layout_memo *memo, bp_layout *out);
/* Frees the boxes and the arena (take the arena out first to keep it). */
void bp_layout_free(bp_layout *l);

#endif
