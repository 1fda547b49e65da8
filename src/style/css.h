/*
 * style/css.h — the CSS reader: rules, selectors, declarations.
 *
 * Selectors: element names (DocBook's, and style-only names such as h1 or
 * toc2), .class and [role=value] (matched against DocBook's role), [attr]
 * and [attr=value], :first-child, ::before and ::after, descendant and
 * child combinators, comma lists. At-rules: @import, @font-face, @page
 * (with :first, :left, :right and nested margin boxes such as @top-center).
 * Every diagnostic carries the style sheet's file:line:col.
 */
#ifndef BP_STYLE_CSS_H
#define BP_STYLE_CSS_H

#include "base/arena.h"
#include "base/diag.h"

#include <stdbool.h>

typedef struct bp_css_decl {
    const char *property;
    const char *value; /* raw value text, trimmed */
    bp_loc loc;
    const char *dir;   /* folder of the sheet it is in, for url() */
} bp_css_decl;

/* One compound selector. */
typedef struct bp_css_compound {
    const char *element;    /* NULL or "*" = any */
    const char *cls;        /* .class: a word of role */
    const char *attr;       /* [attr] or [attr=value] */
    const char *attr_value; /* NULL = presence only */
    bool first_child;       /* :first-child */
    char combinator;        /* relation to the compound before it: ' ' or '>' */
} bp_css_compound;

typedef struct bp_css_rule {
    const char *at;          /* NULL for style rules; "page", "page-margin", "font-face" */
    const char *page_pseudo; /* @page :first / :left / :right, or NULL */
    const char *margin_box;  /* page-margin: "top-center", "bottom-right", … */
    const char *pseudo;      /* style rules: "before", "after" or NULL */
    const char *dir;         /* folder of the sheet the rule is in (for url()) */
    bp_css_compound *parts;  /* leftmost first */
    size_t n_parts;
    int specificity;         /* ids*10000 + classes*100 + elements */
    int order;               /* position in the cascade (imports come first) */
    bp_css_decl *decls;
    size_t n_decls;
} bp_css_rule;

/* A file the sheet was read from: the sheet itself and each @import. */
typedef struct bp_css_source {
    const char *path;
    struct bp_css_source *next;
} bp_css_source;

typedef struct bp_css_sheet {
    bp_css_rule *rules;
    size_t n_rules, cap_rules;
    const char *path;
    bp_css_source *sources; /* every file parsed, readable or not, last first */
} bp_css_sheet;

/* Parses the file at path, following @import, into sheet (arena memory).
 * Returns the number of errors (reported to sink); -1 if the file itself
 * cannot be read. */
int bp_css_parse_file(bp_arena *a, bp_diag_sink *sink, const char *path, bp_css_sheet *sheet);
/* Parses text as if read from `path` (tests). */
int bp_css_parse(bp_arena *a, bp_diag_sink *sink, const char *path, const char *text,
                 bp_css_sheet *sheet);

#endif
