/*
 * render/stream.h — the streams briefpress compresses itself, on a second
 * core.
 *
 * libharu would deflate every stream with zlib when it saves, on the main
 * thread. Instead it writes an empty placeholder for each stream of size
 * (page contents, embedded fonts, ToUnicode maps, the ICC profile), and
 * the data goes to a queue here: a worker thread compresses each as soon
 * as it arrives while the main thread draws on, and the main thread takes
 * a share of what is left when it finishes. bp_pdf_compact then puts each
 * compressed stream in its placeholder's place, under the same number.
 *
 * The worker starts only once BP_DEFLATE_THREAD_MIN bytes wait: below
 * that, a second thread costs more than it saves. On the brief (270 KB of
 * streams) it cost 4 ms of CPU time and 150 page faults (its own heap and
 * compressor, and the handovers), for nothing to overlap with.
 *
 * Deflate is libdeflate's: at the same level it is 2.5 times as fast as
 * zlib on page contents, and smaller. Each thread keeps one compressor: one
 * per call faults in a third of a megabyte every time, and the main
 * thread's serves these streams and then bp_pdf_compact. The same input
 * gives the same bytes, however the work is scheduled.
 */
#ifndef BP_RENDER_STREAM_H
#define BP_RENDER_STREAM_H

#include "base/buf.h"
#include "render/compact.h"

#include <hpdf.h>
#include <hpdf_objects.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bytes to compress before a second thread is worth starting. */
#define BP_DEFLATE_THREAD_MIN ((size_t)1 << 20)

/* One thread's compressor, for many streams one after another. */
typedef struct bp_deflater bp_deflater;
bp_deflater *bp_deflater_new(void); /* NULL when out of memory */
void bp_deflater_free(bp_deflater *d);

/* Appends data compressed for /FlateDecode (a zlib stream) to out; false
 * when d is NULL. */
bool bp_pdf_deflate(bp_deflater *d, const unsigned char *data, size_t len, bp_buf *out);

/* The queue of streams for libharu's placeholders. */
typedef struct bp_pdf_streams bp_pdf_streams;
/* own: the calling thread's compressor, which it keeps. */
bp_pdf_streams *bp_pdf_streams_new(bp_deflater *own);
void bp_pdf_streams_free(bp_pdf_streams *s);

/* Queues raw (a heap buffer of len bytes, freed here) as the data of
 * object `number`, whose dictionary gets `entries` ("/Length1 1234", or "")
 * besides /Filter and /Length; starts the worker when enough waits. */
void bp_pdf_streams_add(bp_pdf_streams *s, uint32_t number, const char *entries,
                        unsigned char *raw, size_t len);

/* A new indirect placeholder stream in libharu, for use in its
 * dictionaries, with a copy of data queued for it as above; NULL when
 * libharu fails. */
HPDF_Dict bp_pdf_own_stream(HPDF_Doc pdf, bp_pdf_streams *s, const char *entries,
                            const void *data, size_t len);

/* Waits until every queued stream is compressed, helping; false when one
 * could not be. Then moves the finished objects to out, in the order they
 * were queued. */
bool bp_pdf_streams_finish(bp_pdf_streams *s, bp_pdf_objects *out);

/* The object number libharu gave an indirect object (internal API). */
static inline uint32_t bp_pdf_number_of(const void *obj)
{
    return ((const HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF;
}

#endif
