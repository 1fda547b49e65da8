/*
 * render/pagezip.h — page contents compressed on a second core.
 *
 * Deflating the pages' content streams is a sixth of the render stage.
 * Each page's operators are handed over as soon as the page is drawn; a
 * worker thread compresses them while the next pages are drawn, so the
 * uncompressed contents never pile up in memory either, and the caller of
 * bp_pagezip_wait compresses what is left alongside it. Without threads
 * each page is compressed when handed over. zlib at its default level:
 * the same input gives the same bytes, however the work is scheduled.
 */
#ifndef BP_RENDER_PAGEZIP_H
#define BP_RENDER_PAGEZIP_H

#include "base/buf.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct bp_pagezip bp_pagezip;

bp_pagezip *bp_pagezip_new(size_t n_pages);
/* Takes page `page`'s content (raw, len bytes, heap: freed here). Pages
 * come in order, each once. */
void bp_pagezip_add(bp_pagezip *z, size_t page, unsigned char *raw, size_t len);
/* Waits for every page handed over; false when zlib failed on one. */
bool bp_pagezip_wait(bp_pagezip *z);
/* Page `page`'s content in the zlib format (FlateDecode), after wait. */
const bp_buf *bp_pagezip_page(const bp_pagezip *z, size_t page);
void bp_pagezip_free(bp_pagezip *z);

#endif
