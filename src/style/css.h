/*
 * style/css.h — a small CSS reader: rules, selectors, declarations.
 *
 * Supports type selectors, .class (matched against DocBook's role),
 * descendant and child combinators, comma lists, @page and @font-face.
 * Every diagnostic carries the style sheet's file:line:col.
 */
#ifndef BP_STYLE_CSS_H
#define BP_STYLE_CSS_H

#include "base/arena.h"
#include "base/diag.h"

typedef struct bp_css_decl {
    const char *property;
    const char *value; /* raw value text, trimmed */
    bp_loc loc;
} bp_css_decl;

/* One compound selector: element name ("*" or NULL = any) and optional class. */
typedef struct bp_css_compound {
    const char *element;
    const char *cls;
    char combinator; /* relation to the compound before it: ' ' descendant, '>' child */
} bp_css_compound;

typedef struct bp_css_rule {
    const char *at;              /* NULL for style rules; "page", "font-face" */
    bp_css_compound *parts;      /* leftmost first */
    size_t n_parts;
    int specificity;             /* ids*10000 + classes*100 + elements */
    int order;                   /* position in the sheet, for the cascade */
    bp_css_decl *decls;
    size_t n_decls;
} bp_css_rule;

typedef struct bp_css_sheet {
    bp_css_rule *rules;
    size_t n_rules;
    const char *path;
} bp_css_sheet;

/* Parses text (from file `path`) into sheet; all memory in the arena.
 * Returns the number of errors found (reported to sink). */
int bp_css_parse(bp_arena *a, bp_diag_sink *sink, const char *path, const char *text,
                 bp_css_sheet *sheet);

#endif
