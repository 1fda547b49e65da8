/*
 * text/shaper.h — HarfBuzz, loaded when a word first needs it.
 *
 * Most words are measured from the cmap and kerned pair by pair (font.c,
 * kerning.h); words the pair model cannot take (marks, scripts that
 * reorder or join, faces whose positioning is not pairwise) are shaped
 * whole by HarfBuzz. Loading HarfBuzz and the libraries it needs (GLib,
 * FreeType, Graphite) costs every process about 2 ms, a tenth of building
 * the brief, which never needs it: so it is opened with dlopen, at the
 * first word it must shape.
 *
 * Used only by text/font.c.
 */
#ifndef BP_TEXT_SHAPER_H
#define BP_TEXT_SHAPER_H

#include <stdbool.h>
#include <stddef.h>

typedef struct bp_shaper bp_shaper;
typedef struct bp_shaper_face bp_shaper_face;

/* A shaper for one document; HarfBuzz is not loaded yet. */
bp_shaper *bp_shaper_new(void);
void bp_shaper_free(bp_shaper *s);

/* A face over the font file data[0..len) (which must outlive it), read
 * without its GSUB: the PDF draws each character's own cmap glyph, so
 * kerning is measured between those. NULL when HarfBuzz cannot be loaded,
 * with the reason in *why (static, or valid until the next call). */
bp_shaper_face *bp_shaper_face_new(bp_shaper *s, const unsigned char *data, size_t len,
                                   const char **why);
void bp_shaper_face_free(bp_shaper_face *face);

/* Shapes text[0..len) (n_chars characters) with kerning on and ligatures
 * off. When it comes out as one glyph per character, left to right, sets
 * adjust[i] to glyph i's shaped minus its nominal advance, in font units,
 * and returns true; otherwise the kerning cannot be mapped back onto the
 * characters the PDF draws, and false is returned. */
bool bp_shaper_adjustments(bp_shaper *s, bp_shaper_face *face, const char *text, size_t len,
                           size_t n_chars, int *adjust);

#endif
