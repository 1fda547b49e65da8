/*
 * text/kerning.h — a face's kerning read as a sum over glyph pairs.
 *
 * Shaping a word with HarfBuzz costs about 2,000 instructions a glyph,
 * and a brief's distinct words hold 7,300 glyphs but only 650 distinct
 * pairs of neighbours. Where all that can move a word's glyphs is pair
 * adjustment that changes the first glyph of each pair, every glyph's
 * advance depends on itself and its right neighbour alone, and the pair's
 * adjustment can be read straight from GPOS: font.c kerns such words pair
 * by pair and leaves HarfBuzz the others.
 *
 * Used only by text/font.c.
 */
#ifndef BP_TEXT_KERNING_H
#define BP_TEXT_KERNING_H

#include "base/sfnt.h"

#include <stdbool.h>

typedef struct bp_pair_kerning bp_pair_kerning;

/* The face's pair model, or NULL when its positioning is not pairwise:
 * pair lookups that move the second glyph, skip base or ligature glyphs or
 * carry device tables; lookup types this does not know; kerning that
 * differs between scripts or languages, or depends on variations; a
 * damaged GPOS or GDEF; or tables HarfBuzz may apply beside or instead of
 * GPOS (kern, kerx, morx, trak). The font must outlive the model. */
bp_pair_kerning *bp_pair_kerning_new(const bp_sfnt *font);
void bp_pair_kerning_free(bp_pair_kerning *k);

/* Whether glyph gid is one only pair adjustments act on: no other lookup
 * starts at it (single, cursive, mark or contextual positioning) and GDEF
 * calls it no mark. A word with any other glyph is shaped whole. */
bool bp_pair_kerning_covers(const bp_pair_kerning *k, unsigned gid);

/* What the face's kerning adds to the advance of glyph `first` when glyph
 * `second` follows it, in font units: the sum over the kerning lookups
 * HarfBuzz applies, each giving the first of its subtables that takes the
 * pair (both glyphs covered). */
int bp_pair_kerning_advance(const bp_pair_kerning *k, unsigned first, unsigned second);

#endif
