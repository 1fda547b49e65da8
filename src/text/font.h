/*
 * text/font.h — font metrics for layout, read with HarfBuzz.
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

/* Opens every face in doc->fonts; NULL (with a diagnostic) if one cannot be read. */
bp_fonts *bp_fonts_open(bp_doc *doc);
void bp_fonts_close(bp_fonts *f);

/* Advance width of UTF-8 text in points at `size`. */
double bp_font_width(bp_fonts *f, int font, const char *s, size_t len, double size);
/* Width of one code point in 1/1000 em (0 if the font lacks it). */
int bp_font_char_width(bp_fonts *f, int font, uint32_t cp);
bool bp_font_has(bp_fonts *f, int font, uint32_t cp);
/* Ascender and descender (positive, below the baseline) in 1/1000 em. */
int bp_font_ascent(bp_fonts *f, int font);
int bp_font_descent(bp_fonts *f, int font);

#endif
