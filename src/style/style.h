/*
 * style/style.h — computed styles from the style sheet (styles/brief.css).
 *
 * In:  the CSS file named by the options (or the default), the tree.
 * Out: doc->style, doc->fonts (from @font-face), and on request the
 *      computed style of any element given its parent's.
 */
#ifndef BP_STYLE_STYLE_H
#define BP_STYLE_STYLE_H

#include "doc.h"

typedef enum bp_align { BP_ALIGN_JUSTIFY, BP_ALIGN_LEFT, BP_ALIGN_CENTER, BP_ALIGN_RIGHT } bp_align;

typedef struct bp_style {
    /* inherited */
    const char *family;
    bool bold, italic;
    int font;            /* index into doc->fonts for family/bold/italic */
    double font_size;    /* pt */
    double line_height;  /* pt; negative = a factor of font_size (use bp_style_leading) */
    bp_align align;
    double text_indent;  /* pt, first line of a paragraph */
    bool hyphens;
    bool hyphenate_capitals; /* hyphenate words that start with a capital */
    int widows, orphans;     /* lines a paragraph keeps together at a page top/foot */
    const char *xref_style;  /* what an <xref> shows: "label", "label title page", … */
    int toc_depth;           /* document settings (see bp_settings) */
    bool ibid;
    bool notes_per_chapter;
    /* not inherited */
    double margin_top, margin_bottom, margin_left, margin_right;
    bool break_before;   /* start on a new page */
    bool keep_with_next; /* break-after: avoid */
    bool hidden;         /* display: none */
    const char *before;  /* ::before content (string), e.g. list bullets */
} bp_style;

typedef struct bp_page_style {
    double width, height;
    double margin_top, margin_right, margin_bottom, margin_left;
} bp_page_style;

typedef struct bp_stylesheet bp_stylesheet;

/* Reads the style sheet and the fonts it declares. BP_ERR_ENV when the file
 * cannot be read or declares no usable font. */
bp_status bp_style_load(bp_doc *doc);

/* The computed style of element n whose parent's style is `parent` (NULL at
 * the root). Arena-owned. `pseudo` is NULL or a pseudo-element name used as a
 * class-free extra selector target, e.g. "footnote-mark". */
const bp_style *bp_style_compute(bp_doc *doc, const bp_node *n, const bp_style *parent);
/* Style of a named style-only target (e.g. "page-footer", "toc-entry-1",
 * "footnote-area") inheriting from parent. Such names are matched as element
 * names in selectors. */
const bp_style *bp_style_named(bp_doc *doc, const char *name, const bp_style *parent);
const bp_page_style *bp_style_page(const bp_doc *doc);
/* Baseline-to-baseline distance in points (line-height may be a factor). */
double bp_style_leading(const bp_style *s);

/* Picks the face for family/bold/italic: exact, else same family, else the first. */
int bp_style_font_index(const bp_doc *doc, const char *family, bool bold, bool italic);

#endif
