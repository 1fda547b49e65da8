/*
 * text/kerning.h — whether a face's positioning is a sum over glyph pairs.
 *
 * Shaping a word with HarfBuzz costs about 2,000 instructions a glyph,
 * and a brief's distinct words hold 7,300 glyphs but only 650 distinct
 * pairs of neighbours. Where all that can move a word's glyphs is pair
 * adjustment that changes the first glyph of each pair, every glyph's
 * advance depends on itself and its right neighbour alone: the word's
 * kerning is then what HarfBuzz gives each pair shaped on its own, and
 * font.c shapes and caches pairs instead of words.
 *
 * Used only by text/font.c.
 */
#ifndef BP_TEXT_KERNING_H
#define BP_TEXT_KERNING_H

#include <hb.h>
#include <stdbool.h>

typedef struct bp_pair_kerning bp_pair_kerning;

/* The face's pair model, or NULL when its positioning is not pairwise:
 * pair lookups that move the second glyph or skip base or ligature
 * glyphs, lookup types this does not know, a damaged GPOS, or tables
 * HarfBuzz may apply beside or instead of GPOS (kern, kerx, morx, trak). */
bp_pair_kerning *bp_pair_kerning_new(hb_face_t *face);
void bp_pair_kerning_free(bp_pair_kerning *k);

/* Whether glyph gid is one only pair adjustments act on: no other lookup
 * starts at it (single, cursive, mark or contextual positioning) and it
 * is no mark. A word with any other glyph is shaped whole. */
bool bp_pair_kerning_covers(const bp_pair_kerning *k, hb_face_t *face, hb_codepoint_t gid);

#endif
