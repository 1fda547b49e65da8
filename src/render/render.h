/*
 * render/render.h — the last stage: bp_doc pages → PDF (through libharu).
 *
 * Reads doc->pages, anchors, outline, fonts, meta and page size, and the
 * font files' bytes from the bp_fonts layout measured with; writes
 * diagnostics into doc->diags and nothing else into doc. Fonts are validated,
 * subset (render/fontfile.c) and embedded; text gets a correct /ToUnicode map;
 * internal and URI links, bookmarks and document info are written. Output is
 * deterministic: the same doc gives the same bytes (dates come only from
 * SOURCE_DATE_EPOCH).
 *
 * Diagnostic codes: bad-font, pdf-write, output-unwritable,
 * bad-source-date-epoch (warning).
 */
#ifndef BP_RENDER_RENDER_H
#define BP_RENDER_RENDER_H

#include "doc.h"
#include "text/font.h"

#include <stddef.h>

/* Writes doc's pages to out_path atomically (temp file in the same folder,
 * fsync, rename). Returns BP_OK, or BP_ERR_ENV with a
 * diagnostic when fonts or the output cannot be handled. On any failure an
 * existing file at out_path is left untouched and no temp file remains. */
bp_status bp_render_pdf(const bp_doc *doc, bp_fonts *fonts, const char *out_path);

/* The same PDF in memory: on BP_OK *data is a heap buffer of *len bytes that
 * the caller frees with free(); on failure *data is NULL and *len 0. */
bp_status bp_render_pdf_to_memory(const bp_doc *doc, bp_fonts *fonts, unsigned char **data,
                                  size_t *len);

/* Writes a rendered PDF to out_path atomically, as bp_render_pdf does. */
bp_status bp_render_write(const bp_doc *doc, const char *out_path, const unsigned char *data,
                          size_t len);

#endif
