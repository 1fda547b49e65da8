/*
 * render/pdffont.h — one subset TrueType face as PDF font objects.
 *
 * A Type0 font with Identity-H encoding over a CIDFontType2 whose CIDs are
 * the subset's glyph ids (CIDToGIDMap /Identity), with /W widths for the
 * glyphs used, a FontDescriptor from the face's own tables, the subset as
 * FontFile2, and a ToUnicode map from glyph back to text. The two streams
 * are queued in `streams` to be compressed (stream.h). Built directly
 * as libharu objects (internal API): libharu's own TrueType path looks up
 * every one of the 65,536 BMP code points per font, rebuilds the font at
 * save, and cannot set glyphs beyond the BMP (ISO 32000-1 §9.7, §9.10.3).
 */
#ifndef BP_RENDER_PDFFONT_H
#define BP_RENDER_PDFFONT_H

#include "base/buf.h"
#include "render/stream.h"

#include <hpdf.h>
#include <hpdf_objects.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct bp_pdf_font bp_pdf_font;

/* Makes the objects for `subset` (a TrueType file of sub_len bytes, copied)
 * whose text uses the code points cps[0..n_cps), sorted ascending. The
 * BaseFont is TAG+PostScriptName with a tag derived from the glyph set, so
 * the same input names the same subset. NULL with *why set on failure. */
bp_pdf_font *bp_pdf_font_new(HPDF_Doc pdf, bp_pdf_streams *streams, const unsigned char *subset,
                             size_t sub_len, const uint32_t *cps, size_t n_cps, const char **why);
void bp_pdf_font_free(bp_pdf_font *f);

/* The Type0 font dictionary (an indirect object), for a page's /Font. */
HPDF_Dict bp_pdf_font_dict(const bp_pdf_font *f);

/* Appends UTF-8 `text` as a TJ operand: glyph codes in hex, with kern[k]
 * (1/1000 em after character k, <0 = closer; NULL = none) as the array's
 * numbers. Code points the subset lacks draw glyph 0. */
void bp_pdf_font_append_tj(const bp_pdf_font *f, bp_buf *out, const char *text,
                           const int16_t *kern);

/* Appends code point cp as UTF-16BE in hex, a surrogate pair beyond the
 * BMP: the form of ToUnicode targets and of hex text strings. */
void bp_pdf_put_utf16_hex(bp_buf *out, uint32_t cp);

/* Whether a PDF text string (§7.9.2.2) may hold s as itself: printable
 * ASCII, whose bytes are the same in PDFDocEncoding. */
bool bp_pdf_text_is_ascii(const char *s);
/* Appends s as the bytes of a UTF-16BE text string: the byte order mark,
 * then the code units (malformed UTF-8 as U+FFFD). */
void bp_pdf_put_utf16_text(bp_buf *out, const char *s);

#endif
