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

#include "base/buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An object written by briefpress itself, not through libharu: its body,
 * "<<…>>" or "[…]", or a whole stream ("<<…>>\nstream\n…\nendstream"). */
typedef struct bp_pdf_object {
    uint32_t number;
    bp_buf body;
} bp_pdf_object;

typedef struct bp_pdf_objects {
    bp_pdf_object *items;
    size_t len, cap;
} bp_pdf_objects;

/* Called with the first object number libharu left free: adds objects
 * numbered from there, or with the number of an object libharu wrote as a
 * placeholder, which they replace. */
typedef void (*bp_pdf_extra_fn)(void *ctx, uint32_t first_free, bp_pdf_objects *out);

/* On success *out is a new heap buffer of *out_len bytes. False when the
 * input is not laid out as libharu writes it (*why says how). extra (or
 * NULL) adds objects of briefpress's own. d is the calling thread's
 * compressor (stream.h). */
struct bp_deflater;
bool bp_pdf_compact(const unsigned char *in, size_t len, bp_pdf_extra_fn extra, void *ctx,
                    struct bp_deflater *d, unsigned char **out, size_t *out_len,
                    const char **why);

#endif
