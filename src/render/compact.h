/*
 * render/compact.h — the saved PDF rewritten with object streams.
 *
 * libharu 2.3.0 writes every object uncompressed with a classic xref
 * table: a tagged brief's few hundred structure elements, its pages,
 * annotations and font dictionaries then weigh more than its text. This
 * pass reads libharu's output (through its xref) and writes the same
 * objects, with the same numbers, as PDF 1.5: streams as they were, every
 * other object packed into compressed object streams, and a
 * cross-reference stream carrying the trailer, with a /ID derived from the
 * content (ISO 32000-1 §7.5.7, §7.5.8, §14.4).
 */
#ifndef BP_RENDER_COMPACT_H
#define BP_RENDER_COMPACT_H

#include <stdbool.h>
#include <stddef.h>

/* On success *out is a new heap buffer of *out_len bytes. False when the
 * input is not laid out as libharu writes it (*why says how). */
bool bp_pdf_compact(const unsigned char *in, size_t len, unsigned char **out, size_t *out_len,
                    const char **why);

#endif
