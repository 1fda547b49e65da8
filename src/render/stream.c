/*
 * render/stream.c — libdeflate compressors, and the queue of streams a
 * worker thread compresses while the pages are drawn.
 */
#include "render/stream.h"

#include "base/arena.h"

#include <libdeflate.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* zlib's default level; libdeflate's is both faster and smaller. */
enum { DEFLATE_LEVEL = 6 };

struct bp_deflater {
    struct libdeflate_compressor *c;
};

bp_deflater *bp_deflater_new(void)
{
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(DEFLATE_LEVEL);
    if (!c)
        return NULL;
    bp_deflater *d = bp_xmalloc(sizeof *d);
    d->c = c;
    return d;
}

void bp_deflater_free(bp_deflater *d)
{
    if (!d)
        return;
    libdeflate_free_compressor(d->c);
    free(d);
}

bool bp_pdf_deflate(bp_deflater *d, const unsigned char *data, size_t len, bp_buf *out)
{
    if (!d)
        return false;
    size_t cap = libdeflate_zlib_compress_bound(d->c, len);
    bp_buf_reserve(out, cap);
    size_t n = libdeflate_zlib_compress(d->c, data, len, out->data + out->len, cap);
    if (n == 0) /* cannot happen with the bound's room */
        return false;
    out->len += n;
    out->data[out->len] = '\0'; /* as bp_buf keeps it */
    return true;
}

/* ---- the queue ------------------------------------------------------------------ */

typedef struct item {
    uint32_t number;
    char entries[40];
    unsigned char *raw; /* until compressed */
    size_t len;
    bp_buf zipped;
} item;

struct bp_pdf_streams {
    BP_VEC(item) items; /* grows under the lock; a worker copies out what it needs */
    size_t taken, done; /* items being or compressed, compressed */
    size_t waiting;     /* bytes queued before the worker started */
    bool failed, closing, threaded;
    pthread_t worker;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    bp_deflater *own; /* the main thread's, for its share (borrowed) */
};

/* Compresses queued items in order, until none is left to take and, for the
 * worker, until it is told to close. The output goes into the item under
 * the lock, because the item array may move when more are queued. */
static void take_items(bp_pdf_streams *s, bp_deflater *d, bool finishing)
{
    pthread_mutex_lock(&s->lock);
    for (;;) {
        while (s->taken == s->items.len && !s->closing && !finishing)
            pthread_cond_wait(&s->changed, &s->lock);
        if (s->taken == s->items.len)
            break;
        size_t i = s->taken++;
        unsigned char *raw = s->items.items[i].raw;
        size_t len = s->items.items[i].len;
        pthread_mutex_unlock(&s->lock);
        bp_buf zipped = {0};
        bool ok = bp_pdf_deflate(d, raw, len, &zipped);
        free(raw);
        pthread_mutex_lock(&s->lock);
        s->items.items[i].raw = NULL;
        s->items.items[i].zipped = zipped;
        s->failed |= !ok;
        s->done++;
        pthread_cond_broadcast(&s->changed);
    }
    pthread_mutex_unlock(&s->lock);
}

static void *work(void *arg)
{
    bp_deflater *d = bp_deflater_new();
    take_items(arg, d, false);
    bp_deflater_free(d);
    return NULL;
}

bp_pdf_streams *bp_pdf_streams_new(bp_deflater *own)
{
    bp_pdf_streams *s = bp_xcalloc(1, sizeof *s);
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->changed, NULL);
    s->own = own;
    return s;
}

void bp_pdf_streams_add(bp_pdf_streams *s, uint32_t number, const char *entries,
                        unsigned char *raw, size_t len)
{
    item it = {.number = number, .raw = raw, .len = len};
    snprintf(it.entries, sizeof it.entries, "%s", entries);
    pthread_mutex_lock(&s->lock);
    BP_PUSH(s->items, it);
    pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
    /* Until the worker runs, items wait for bp_pdf_streams_finish. */
    if (!s->threaded && (s->waiting += len) >= BP_DEFLATE_THREAD_MIN)
        s->threaded = pthread_create(&s->worker, NULL, work, s) == 0;
}

HPDF_Dict bp_pdf_own_stream(HPDF_Doc pdf, bp_pdf_streams *s, const char *entries,
                            const void *data, size_t len)
{
    HPDF_Dict placeholder = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!placeholder)
        return NULL;
    placeholder->filter = HPDF_STREAM_FILTER_NONE;
    unsigned char *copy = bp_xmalloc(len ? len : 1);
    memcpy(copy, data, len);
    bp_pdf_streams_add(s, bp_pdf_number_of(placeholder), entries, copy, len);
    return placeholder;
}

/* Every item is compressed, by the caller and the worker if it runs. */
static void compress_all(bp_pdf_streams *s)
{
    take_items(s, s->own, true);
    if (!s->threaded)
        return;
    pthread_mutex_lock(&s->lock);
    s->closing = true;
    pthread_cond_broadcast(&s->changed);
    while (s->done < s->items.len)
        pthread_cond_wait(&s->changed, &s->lock);
    pthread_mutex_unlock(&s->lock);
    pthread_join(s->worker, NULL);
    s->threaded = false;
}

bool bp_pdf_streams_finish(bp_pdf_streams *s, bp_pdf_objects *out)
{
    compress_all(s);
    if (s->failed)
        return false;
    for (size_t i = 0; i < s->items.len; i++) {
        item *it = &s->items.items[i];
        bp_pdf_object obj = {.number = it->number};
        bp_buf_printf(&obj.body, "<<%s%s/Filter/FlateDecode/Length %zu>>\nstream\n", it->entries,
                      *it->entries ? " " : "", it->zipped.len);
        bp_buf_append(&obj.body, it->zipped.data ? it->zipped.data : "", it->zipped.len);
        bp_buf_puts(&obj.body, "\nendstream");
        BP_PUSH(*out, obj);
        bp_buf_free(&it->zipped);
    }
    s->items.len = 0;
    return true;
}

void bp_pdf_streams_free(bp_pdf_streams *s)
{
    if (!s)
        return;
    if (s->threaded) /* it may be using the items */
        compress_all(s);
    for (size_t i = 0; i < s->items.len; i++) {
        free(s->items.items[i].raw);
        bp_buf_free(&s->items.items[i].zipped);
    }
    BP_VEC_FREE(s->items);
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->changed);
    free(s);
}
