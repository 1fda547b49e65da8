/*
 * render/fontfile.h — TrueType font files checked and cut down before embedding.
 *
 * A font file comes from the user's style sheet: it is checked here before
 * anything reads its tables, then cut down to the characters the document
 * uses (a whole Noto face is about 500 KB; the brief's subsets are ~20 KB).
 */
#ifndef BP_RENDER_FONTFILE_H
#define BP_RENDER_FONTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Is data[0..len) a TrueType font that can be embedded safely? Checks the sfnt
 * version (0x00010000 or 'true'), that the table directory and every table lie
 * inside the file, that head, hhea, hmtx, maxp, cmap, glyf, loca, name and OS/2
 * are present, that head/hhea/maxp/hmtx/loca are long enough for what they
 * declare, and that cmap has a Unicode subtable. On false, *why is a static
 * English sentence fragment ("the 'glyf' table is missing"). O(tables). */
bool bp_fontfile_check(const unsigned char *data, size_t len, const char **why);

/* Subsets the font in data to the code points cps[0..n_cps) plus U+0020:
 * their glyphs and .notdef (without its outline), with the components of
 * composite glyphs, renumbered in their original order, without hinting.
 * The result keeps the glyph and metric tables and drops the layout tables
 * (GSUB, GPOS, ...), which a PDF font program never uses, and passes
 * bp_fontfile_check. On success *out is a new heap buffer (caller frees) of
 * *out_len bytes and true is returned; on failure *why says what went wrong
 * and false is returned. */
bool bp_fontfile_subset(const unsigned char *data, size_t len, const uint32_t *cps, size_t n_cps,
                        unsigned char **out, size_t *out_len, const char **why);

#endif
