/*
 * text/font.h — font metrics and kerning for layout, read from the font
 * files themselves (base/sfnt.h, text/kerning.h); words the pair model
 * cannot take are shaped by HarfBuzz (text/shaper.h).
 *
 * Widths follow exactly what the PDF will hold: each character's advance
 * truncated to 1/1000 em, as the PDF /W array stores it, so what layout
 * measures is what the reader's viewer draws.
 */
#ifndef BP_TEXT_FONT_H
#define BP_TEXT_FONT_H

#include "doc.h"

#include <stdint.h>

typedef struct bp_fonts bp_fonts;

/* The faces of doc->fonts, each read on first use. Shaped text is kept in
 * doc's arena, so it outlives bp_fonts_close. */
bp_fonts *bp_fonts_open(bp_doc *doc);
void bp_fonts_close(bp_fonts *f);
/* Whether a face used so far could not be read (a diagnostic says which);
 * it has set nothing, and the build must fail. */
bool bp_fonts_failed(const bp_fonts *f);
/* The bytes of face `font`'s file, as read for shaping: the PDF embeds its
 * fonts from the same copy, so each file is read and paged in once. Valid
 * until bp_fonts_close; false (data NULL) when the file cannot be read. */
bool bp_fonts_file(bp_fonts *f, int font, const unsigned char **data, size_t *len);

/* Advance width of UTF-8 text in points at `size`. */
double bp_font_width(bp_fonts *f, int font, const char *s, size_t len, double size);
/* Width of one code point in 1/1000 em (0 if the font lacks it). */
int bp_font_char_width(bp_fonts *f, int font, uint32_t cp);
bool bp_font_has(bp_fonts *f, int font, uint32_t cp);
/* A piece of text as it will be drawn: standard ligatures substituted where
 * the face has them (U+FB00–FB04, which extract back as letters), and the
 * face's kerning as an adjustment after each character. */
typedef struct bp_shaped {
    const char *text;    /* UTF-8 to draw; arena-owned, lives as long as the doc */
    const int16_t *kern; /* per character, 1/1000 em after it (<0 = closer); NULL if none */
    size_t n_chars;
    long width;          /* advance in 1/1000 em, as the PDF will set it */
} bp_shaped;

/* Shapes s (len bytes) in the face. Cached: the same text in the same face
 * is shaped once per document. */
const bp_shaped *bp_font_shape(bp_fonts *f, int font, const char *s, size_t len);
/* The advance of the first `bytes` bytes of sh->text set on their own
 * (the kerning after their last character left out), in 1/1000 em, and
 * their character count in *n_chars. Equals the width of shaping that
 * prefix alone when the prefix is the same text (no ligature replaced
 * characters across its end): one shaped word gives every hyphenation
 * fragment its width. */
long bp_shaped_prefix(bp_fonts *f, int font, const bp_shaped *sh, size_t bytes,
                      size_t *n_chars);
/* Width in points of a shaped piece at size. */
static inline double bp_shaped_width(const bp_shaped *sh, double size)
{
    return (double)sh->width * size / 1000.0;
}

/* How the distinct words so far were shaped: kerned from glyph pairs
 * (kerning.h) or shaped whole by HarfBuzz (one-character words are
 * neither); and how many distinct pairs were read from GPOS. */
typedef struct bp_shaping_counts {
    size_t words, by_pairs, whole, pairs;
} bp_shaping_counts;
bp_shaping_counts bp_fonts_shaping_counts(const bp_fonts *f);
/* Shapes every word whole from now on: the check the pair model is held
 * to in tests. */
void bp_fonts_shape_whole(bp_fonts *f);

/* Ascender and descender (positive, below the baseline) in 1/1000 em. */
int bp_font_ascent(bp_fonts *f, int font);
int bp_font_descent(bp_fonts *f, int font);

#endif
