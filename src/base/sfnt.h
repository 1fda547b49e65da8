/*
 * base/sfnt.h — an OpenType font's tables, read in place.
 *
 * What layout and the PDF backend need from a font file, without a font
 * library: the table directory, the cmap (which glyph draws a character),
 * advance widths, the vertical metrics and the PostScript name. Each answer
 * is the one HarfBuzz 6 gives for the same file (tests/unit/test_sfnt.c
 * compares them), so a word measured here and a word HarfBuzz shapes agree.
 *
 * A file is checked once, by bp_sfnt_open; afterwards every read stays
 * inside the tables it checked.
 */
#ifndef BP_BASE_SFNT_H
#define BP_BASE_SFNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BP_SFNT_TAG(a, b, c, d)                                                               \
    (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (uint32_t)(d))

/* A table's bytes inside the file. */
typedef struct bp_sfnt_table {
    const unsigned char *data;
    uint32_t length;
} bp_sfnt_table;

typedef struct bp_sfnt {
    const unsigned char *data;
    size_t len;
    unsigned upem;
    unsigned n_glyphs;
    unsigned n_hmetrics; /* hhea's numberOfHMetrics */
    bp_sfnt_table hhea, hmtx, os2;
    bool os2_valid;      /* long enough for its version, as HarfBuzz requires */
    bp_sfnt_table cmap;  /* the subtable characters are looked up in */
    unsigned cmap_format;
    bool cmap_symbol;    /* a (3,0) subtable, no font page: U+0000–00FF also
                            tried at U+F000 */
} bp_sfnt;

/* Checks data[0..len) and prepares *f for reading: a single sfnt (not a
 * collection) whose directory and tables lie inside the file, with head,
 * hhea, maxp, hmtx and cmap long enough for what they declare, and a cmap
 * subtable (chosen as HarfBuzz chooses: symbol, then 32-bit Unicode, then
 * 16-bit) of format 0, 4, 6, 10, 12 or 13 that lies inside the table.
 * On false, *why is a static English sentence fragment ("the 'hhea' table
 * is damaged"). data must outlive f. */
bool bp_sfnt_open(bp_sfnt *f, const unsigned char *data, size_t len, const char **why);

/* Checks only the table directory: enough for bp_sfnt_find, for callers
 * that read other tables themselves (GPOS: text/kerning.h). */
bool bp_sfnt_open_directory(bp_sfnt *f, const unsigned char *data, size_t len,
                            const char **why);

/* The table with this tag, if the file has one. */
bool bp_sfnt_find(const bp_sfnt *f, uint32_t tag, bp_sfnt_table *out);

/* The glyph the cmap gives cp, or 0 when it gives none (or one past the
 * font's glyph count). */
unsigned bp_sfnt_glyph(const bp_sfnt *f, uint32_t cp);

/* Glyph gid's advance width in font units (gid < n_glyphs). */
unsigned bp_sfnt_advance(const bp_sfnt *f, unsigned gid);

/* Vertical metrics in font units, as HarfBuzz's hb_ot_metrics_get_position
 * gives them: OS/2's typographic values when its USE_TYPO_METRICS bit is
 * set, otherwise hhea's; the ascender positive, the descender negative. */
typedef struct bp_sfnt_metrics {
    int ascender, descender, line_gap;
    int cap_height;       /* OS/2 version 2 and later … */
    bool has_cap_height;  /* … when it gives a cap or x height */
} bp_sfnt_metrics;

bp_sfnt_metrics bp_sfnt_vertical_metrics(const bp_sfnt *f);

/* The PostScript name (name ID 6) of the English name records, with bytes
 * outside ASCII as '?', NUL-terminated in out[cap]; false when it has none. */
bool bp_sfnt_postscript_name(const bp_sfnt *f, char *out, size_t cap);

#endif
