/*
 * style/style.h — computed styles from the style sheet (styles/brief.css).
 *
 * In:  the CSS file named by the options (or the default), the tree.
 * Out: doc->style, doc->fonts (from @font-face), doc->settings, page
 *      styles and margin boxes, and on request the computed style of any
 *      element (or its ::before/::after) given its parent's.
 */
#ifndef BP_STYLE_STYLE_H
#define BP_STYLE_STYLE_H

#include "doc.h"

typedef enum bp_align { BP_ALIGN_JUSTIFY, BP_ALIGN_LEFT, BP_ALIGN_CENTER, BP_ALIGN_RIGHT } bp_align;
typedef enum bp_transform { BP_TT_NONE, BP_TT_UPPER, BP_TT_LOWER, BP_TT_CAPITALIZE } bp_transform;

/* A `content` (or string-set) value: a list of parts. */
typedef enum bp_content_kind {
    BP_CONTENT_STRING,   /* "text" */
    BP_CONTENT_COUNTER,  /* counter(name, style) */
    BP_CONTENT_COUNTERS, /* counters(name, "sep", style) */
    BP_CONTENT_ATTR,     /* attr(name) */
    BP_CONTENT_TEXT,     /* content(): the element's text (string-set) */
    BP_CONTENT_NAMED,    /* string(name): a running string (margin boxes) */
} bp_content_kind;

typedef struct bp_content_item {
    bp_content_kind kind;
    const char *text;    /* the string, or the counter/attribute/string name */
    const char *sep;     /* counters() separator */
    const char *numbering; /* decimal, lower-alpha, upper-alpha, lower-roman, upper-roman */
} bp_content_item;

typedef struct bp_content {
    bp_content_item *items;
    size_t n;
} bp_content;

/* counter-reset / counter-increment: name and value pairs. */
typedef struct bp_counter_op {
    const char *name;
    int value;
} bp_counter_op;

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
    double color[3];         /* text colour, 0–1 RGB */
    double letter_spacing;   /* pt added after each character */
    bp_transform transform;
    int toc_depth;           /* document settings (see bp_settings) */
    bool ibid;
    bool notes_per_chapter;
    const char *typography_rules; /* document: path of the typography rules file */
    /* not inherited */
    double margin_top, margin_bottom, margin_left, margin_right;
    double padding[4];       /* top, right, bottom, left */
    double border[4];        /* widths of solid borders: top, right, bottom, left */
    double border_color[3];
    bool break_before;   /* start on a new page */
    bool keep_with_next; /* break-after: avoid */
    bool keep_inside;    /* break-inside: avoid */
    bool hidden;         /* display: none */
    const bp_content *content;      /* ::before/::after (and margin boxes): what to set */
    const bp_counter_op *resets;    /* counter-reset */
    size_t n_resets;
    const bp_counter_op *increments; /* counter-increment */
    size_t n_increments;
    const char *string_name;        /* string-set: the running string it sets … */
    const bp_content *string_value; /* … to this */
} bp_style;

typedef struct bp_margin_box {
    const char *name;        /* "top-center", "bottom-right", … */
    const bp_style *style;   /* font, size, colour and its content */
} bp_margin_box;

typedef struct bp_page_style {
    double width, height;
    double margin_top, margin_right, margin_bottom, margin_left;
    const bp_margin_box *boxes;
    size_t n_boxes;
} bp_page_style;

typedef enum bp_page_side { BP_PAGE_RIGHT, BP_PAGE_LEFT } bp_page_side;

typedef struct bp_stylesheet bp_stylesheet;

/* Reads the style sheet (and its @imports) and the fonts it declares.
 * BP_ERR_ENV when the file cannot be read or declares no usable font. */
bp_status bp_style_load(bp_doc *doc);

/* The computed style of element n whose parent's style is `parent` (NULL at
 * the root). Arena-owned. */
const bp_style *bp_style_compute(bp_doc *doc, const bp_node *n, const bp_style *parent);
/* The style of n::before or n::after ("before"/"after"), or NULL when no
 * rule gives it content. `self` is n's own computed style. */
const bp_style *bp_style_pseudo(bp_doc *doc, const bp_node *n, const bp_style *self,
                                const char *pseudo);
/* Style of a named style-only target (e.g. "page-margin", "toc1",
 * "footnote-area") inheriting from parent. Such names are matched as element
 * names in selectors. */
const bp_style *bp_style_named(bp_doc *doc, const char *name, const bp_style *parent);
/* The page style: size and margins (the same for every page), margin boxes
 * for the first page, a left or a right page. */
const bp_page_style *bp_style_page(const bp_doc *doc);
const bp_page_style *bp_style_page_for(const bp_doc *doc, bool first, bp_page_side side);
/* Baseline-to-baseline distance in points (line-height may be a factor). */
double bp_style_leading(const bp_style *s);

/* Picks the face for family/bold/italic: exact, else same family, else the first. */
int bp_style_font_index(const bp_doc *doc, const char *family, bool bold, bool italic);

/* Writes the computed style of every element, one per line, indented by
 * depth (--dump=styles; the cascade tests compare it). */
void bp_style_dump(bp_doc *doc, FILE *out);

#endif
