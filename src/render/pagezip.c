/*
 * render/pagezip.c — page contents deflated by a worker thread, and by the
 * caller while it waits.
 */
#include "render/pagezip.h"

#include "base/arena.h"
#include "render/compact.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct job {
    unsigned char *raw;
    size_t len;
} job;

struct bp_pagezip {
    size_t n_pages;
    job *jobs;      /* handed over, not yet compressed */
    bp_buf *zipped; /* per page */
    bool failed;
    pthread_t worker;
    bool threaded;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    size_t added, taken, done; /* pages handed over, being or compressed, compressed */
    bool closing;
};

/* Compresses the pages handed over, one at a time, in order: the worker
 * thread until it is told to close, and, finishing, the caller of wait,
 * which would otherwise sit idle, until none is left to take. */
static void take_jobs(bp_pagezip *z, bool finishing)
{
    pthread_mutex_lock(&z->lock);
    for (;;) {
        while (z->taken == z->added && !z->closing && !finishing)
            pthread_cond_wait(&z->changed, &z->lock);
        if (z->taken == z->added)
            break;
        size_t page = z->taken++;
        job j = z->jobs[page];
        pthread_mutex_unlock(&z->lock);
        bool ok = bp_pdf_deflate(j.raw, j.len, &z->zipped[page]);
        free(j.raw);
        pthread_mutex_lock(&z->lock);
        z->jobs[page].raw = NULL;
        z->failed |= !ok;
        z->done++;
        pthread_cond_broadcast(&z->changed);
    }
    pthread_mutex_unlock(&z->lock);
}

static void *work(void *arg)
{
    take_jobs(arg, false);
    return NULL;
}

bp_pagezip *bp_pagezip_new(size_t n_pages)
{
    bp_pagezip *z = bp_xcalloc(1, sizeof *z);
    z->n_pages = n_pages;
    z->jobs = bp_xcalloc(n_pages ? n_pages : 1, sizeof *z->jobs);
    z->zipped = bp_xcalloc(n_pages ? n_pages : 1, sizeof *z->zipped);
    pthread_mutex_init(&z->lock, NULL);
    pthread_cond_init(&z->changed, NULL);
    z->threaded = pthread_create(&z->worker, NULL, work, z) == 0;
    return z;
}

void bp_pagezip_add(bp_pagezip *z, size_t page, unsigned char *raw, size_t len)
{
    if (!z->threaded) {
        z->failed |= !bp_pdf_deflate(raw, len, &z->zipped[page]);
        free(raw);
        z->added = z->taken = z->done = page + 1;
        return;
    }
    pthread_mutex_lock(&z->lock);
    z->jobs[page] = (job){raw, len};
    z->added = page + 1;
    pthread_cond_broadcast(&z->changed);
    pthread_mutex_unlock(&z->lock);
}

static void stop(bp_pagezip *z)
{
    if (!z->threaded)
        return;
    take_jobs(z, true); /* what is left is shared with the worker */
    pthread_mutex_lock(&z->lock);
    z->closing = true;
    pthread_cond_broadcast(&z->changed);
    while (z->done < z->added)
        pthread_cond_wait(&z->changed, &z->lock);
    pthread_mutex_unlock(&z->lock);
    pthread_join(z->worker, NULL);
    z->threaded = false;
}

bool bp_pagezip_wait(bp_pagezip *z)
{
    stop(z);
    return !z->failed;
}

const bp_buf *bp_pagezip_page(const bp_pagezip *z, size_t page) { return &z->zipped[page]; }

void bp_pagezip_free(bp_pagezip *z)
{
    if (!z)
        return;
    stop(z);
    for (size_t i = 0; i < z->n_pages; i++) {
        free(z->jobs[i].raw);
        bp_buf_free(&z->zipped[i]);
    }
    free(z->jobs);
    free(z->zipped);
    pthread_mutex_destroy(&z->lock);
    pthread_cond_destroy(&z->changed);
    free(z);
}
