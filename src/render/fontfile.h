/*
 * render/fontfile.h — TrueType font files before libharu sees them.
 *
 * libharu 2.3.0 trusts its input: an 11-byte text file crashes
 * HPDF_LoadTTFontFromFile and a truncated font returns NULL without an error
 * code. It also embeds whole cmap/hmtx/loca tables. So every face is checked
 * here first and then cut down to the characters the document uses.
 */
#ifndef BP_RENDER_FONTFILE_H
#define BP_RENDER_FONTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Is data[0..len) a TrueType font libharu can load safely? Checks the sfnt
 * version (0x00010000 or 'true'), that the table directory and every table lie
 * inside the file, that head, hhea, hmtx, maxp, cmap, glyf, loca, name and OS/2
 * are present, that head/hhea/maxp/hmtx/loca are long enough for what they
 * declare, and that cmap has a Unicode subtable. On false, *why is a static
 * English sentence fragment ("the 'glyf' table is missing"). O(tables). */
bool bp_fontfile_check(const unsigned char *data, size_t len, const char **why);

/* Subsets the font in data to the code points cps[0..n_cps) plus U+0020, with
 * HarfBuzz. The result keeps every table libharu reads and drops the layout
 * tables (GSUB, GPOS, ...), which libharu never embeds. On success *out is a
 * new heap buffer (caller frees) of *out_len bytes and true is returned; on
 * failure *why says what went wrong and false is returned. */
bool bp_fontfile_subset(const unsigned char *data, size_t len, const uint32_t *cps, size_t n_cps,
                        unsigned char **out, size_t *out_len, const char **why);

#endif
