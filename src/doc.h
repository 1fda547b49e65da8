/*
 * doc.h — the document: what every pipeline stage reads and writes.
 *
 *   parse → resolve → style → layout → paginate → render
 *
 * bp_doc owns everything the stages produce (in its arena). Each stage fills
 * the fields its section below names and only reads the others.
 */
#ifndef BP_DOC_H
#define BP_DOC_H

#include "base/arena.h"
#include "base/diag.h"
#include "base/path.h"
#include "tree/node.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum bp_status {
    BP_OK = 0,
    BP_ERR_INPUT = 1, /* the document has errors (diagnostics say which) */
    BP_ERR_USAGE = 2,
    BP_ERR_ENV = 3, /* unreadable file, bad font, cannot write output */
} bp_status;

#define BP_TRY(expr)                                                                   \
    do {                                                                               \
        status = (expr);                                                               \
        if (status != BP_OK)                                                           \
            goto done;                                                                 \
    } while (0)

/* ---- page content: written by layout/paginate, read by render ---------------- */

typedef enum bp_draw_kind {
    BP_DRAW_TEXT,   /* a run of text in one font at one position */
    BP_DRAW_RULE,   /* a filled rectangle (rules, table borders) */
    BP_DRAW_LINK,   /* a clickable area: internal target id or external URI */
    BP_DRAW_IMAGE,  /* a PNG or JPEG file scaled into a rectangle */
} bp_draw_kind;

/* One thing drawn on a page. Coordinates in points from the page's top-left
 * corner, y growing downwards (render flips them for PDF). */
/* What a draw is to a reader, for the tagged PDF's structure (rules are
 * always artifacts). */
typedef enum bp_role {
    BP_ROLE_CONTENT,  /* part of its origin element's content */
    BP_ROLE_ARTIFACT, /* running heads, page numbers, leaders: not read aloud */
    BP_ROLE_TOC,      /* a table-of-contents entry (its origin is the title) */
    BP_ROLE_LABEL,    /* a list item's mark or a footnote's number, before its body */
} bp_role;

/* A long document holds millions: positions are doubles, what needs no
 * more than float precision is float, and the small fields share a word. */
typedef struct bp_draw {
    bp_draw_kind kind : 8;
    bp_role role : 8;
    bool page_of_right;   /* see page_of */
    bool hyphen_end;      /* TEXT: ends in a hyphen added to break the line (not in the source) */
    int font;             /* TEXT: index into doc->fonts */
    double x, y;          /* TEXT: start of the baseline; RULE/LINK/IMAGE: top-left corner */
    double w;             /* TEXT: advance width of the run; RULE/LINK/IMAGE: width */
    float h;              /* RULE/LINK/IMAGE: height */
    float size;           /* TEXT: font size in points */
    float hscale;         /* TEXT: horizontal glyph scaling, 1 = none (0 also means none) */
    float char_space;     /* TEXT: letter-spacing in points */
    float rgb[3];         /* TEXT and RULE: fill colour, 0–1 */
    const char *text;     /* TEXT: UTF-8, never empty; LINK: internal target id or NULL */
    const int16_t *kern;  /* TEXT: per character, 1/1000 em added after it (kerning,
                             negative = closer); NULL = none */
    const char *uri;      /* LINK: external URI or NULL; IMAGE: the file */
    const bp_node *origin; /* the source node it came from (diagnostics, tagging) */
    /* TEXT: a page number (TOC, cross-reference) set after pagination: the
     * number of the page this id lands on replaces `text`. Layout sets a
     * guess of the same width where it can; right-aligned numbers keep
     * their right edge (x + w). */
    const char *page_of;
} bp_draw;

typedef struct bp_page {
    int number;           /* 1-based physical page number */
    const char *label;    /* the page number as printed */
    bp_draw *draws;
    size_t n_draws, cap_draws;
} bp_page;

/* Where an id landed: filled by paginate for every element with an id and for
 * every division; used for links, the TOC, xref page numbers and bookmarks. */
typedef struct bp_anchor {
    const char *id;
    const bp_node *node;
    int page;     /* index into doc->pages, -1 until placed */
    double y;     /* top of the target on that page */
} bp_anchor;

/* A bookmark: one per division, in document order. */
typedef struct bp_outline_entry {
    int level;          /* 1 = top */
    const char *title;  /* with its number, as printed in the TOC */
    const char *id;     /* anchor id */
} bp_outline_entry;

typedef struct bp_font_face {
    const char *path;    /* TrueType file */
    const char *family;  /* as named in the style */
    bool bold, italic;
} bp_font_face;

typedef struct bp_meta {
    const char *title, *subtitle, *author, *date, *abstract, *lang;
} bp_meta;

/* The files a build read (source, XIncludes, data, style sheets, rules,
 * fonts, images), for `briefpress watch`. Owned by whoever set it in
 * bp_options; stages add to it through bp_doc_depend. */
typedef struct bp_dependencies {
    char **paths; /* heap strings, each once, in the order first read */
    size_t len, cap;
} bp_dependencies;

typedef struct bp_options {
    const char *style_path;  /* NULL = the default style */
    const char *data_dir;    /* where styles/ and fonts/ live */
    FILE *trace;             /* line-breaking decisions (--dump=lines), or NULL */
    FILE *dump_styles;       /* computed styles (--dump=styles), or NULL */
    FILE *timings;           /* per-stage wall times (--timings), or NULL */
    const char *const *allowed_paths; /* --allow-path: folders files may also come from */
    size_t n_allowed_paths;
    bool werror;             /* --werror: a warning fails the build like an error */
    bool no_tags;            /* --no-tags: no structure tree, no marked content */
    bool no_pdfa;            /* --pdfa=none: no PDF/A identification and output intent */
    bp_dependencies *dependencies; /* when set, every file the build reads is added */
} bp_options;

/* Document-wide settings from the style sheet's `document { … }` rule. */
typedef struct bp_settings {
    int toc_depth;      /* toc-depth: division levels listed in the contents */
    bool ibid;          /* citation-ibid: "Ibid." for an immediate repeat */
    bool notes_per_chapter; /* footnote-numbering: chapter restarts at each top division */
    const char *typography_rules; /* typography-rules: a pattern → replacement file, or NULL */
} bp_settings;

typedef struct bp_doc {
    bp_arena arena;
    bp_diag_sink *diags;     /* borrowed */
    const bp_options *opts;  /* borrowed */
    const char *path;        /* source file as given */

    /* parse */
    bp_node *root;

    /* resolve */
    bp_meta meta;
    struct bp_id_table *ids;
    bp_node **footnotes;     /* in number order */
    size_t n_footnotes;

    /* style (loaded before resolve, which reads the settings) */
    bp_settings settings;
    struct bp_stylesheet *style;
    bp_font_face *fonts;
    size_t n_fonts;

    /* paginate */
    bp_page *pages;
    size_t n_pages;
    bp_anchor *anchors;
    size_t n_anchors;
    size_t *anchor_index; /* hash of ids: anchor position + 1, 0 = empty slot */
    size_t anchor_index_cap; /* a power of two, or 0 when not indexed */
    bp_outline_entry *outline;
    size_t n_outline;
    double page_width, page_height;
} bp_doc;

/* Zeroes doc and sets the default settings. */
void bp_doc_init(bp_doc *doc, const bp_options *opts, bp_diag_sink *diags);
/* The files doc may read (base/path.h): its own folder tree and --allow-path. */
bp_path_policy bp_doc_path_policy(const bp_doc *doc);
void bp_doc_free(bp_doc *doc);
/* Notes that the build read (or tried to read) path, when the caller
 * asked for the list. Missing files count: their creation matters too. */
void bp_doc_depend(const bp_doc *doc, const char *path);
void bp_dependencies_free(bp_dependencies *deps);
/* The anchor for id (the first, if several share it), or NULL. */
const bp_anchor *bp_doc_anchor(const bp_doc *doc, const char *id);
/* Builds the id index bp_doc_anchor looks up (paginate calls it whenever it
 * sets doc->anchors: links, bookmarks and page numbers look up every id);
 * bp_doc_unindex_anchors frees it. */
void bp_doc_index_anchors(bp_doc *doc);
void bp_doc_unindex_anchors(bp_doc *doc);

#endif
