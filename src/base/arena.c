/*
 * base/arena.c — chunked bump allocator and the aborting malloc wrappers.
 */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct bp_arena_chunk {
    bp_arena_chunk *next;
    size_t used, size;
    max_align_t data[];
};

enum { CHUNK_SIZE = 64 * 1024 };

static void out_of_memory(size_t size)
{
    fprintf(stderr, "briefpress: out of memory (allocating %zu bytes)\n", size);
    abort();
}

void *bp_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        out_of_memory(size);
    return p;
}

void *bp_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory(n * size);
    return p;
}

void *bp_xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        out_of_memory(size);
    return q;
}

char *bp_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(bp_xmalloc(n), s, n);
}

void *bp_arena_alloc(bp_arena *a, size_t size)
{
    const size_t align = sizeof(max_align_t);
    size = (size + align - 1) / align * align;
    bp_arena_chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        size_t cap = size > CHUNK_SIZE ? size : CHUNK_SIZE;
        c = bp_xmalloc(sizeof(*c) + cap);
        c->size = cap;
        c->used = 0;
        c->next = a->head;
        a->head = c;
    }
    void *p = (char *)c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

char *bp_arena_strndup(bp_arena *a, const char *s, size_t n)
{
    char *p = bp_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *bp_arena_strdup(bp_arena *a, const char *s)
{
    return bp_arena_strndup(a, s, strlen(s));
}

char *bp_arena_printf(bp_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = bp_arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void bp_arena_adopt(bp_arena *to, bp_arena *from)
{
    if (!from->head)
        return;
    bp_arena_chunk *tail = from->head;
    while (tail->next)
        tail = tail->next;
    tail->next = to->head;
    to->head = from->head;
    from->head = NULL;
}

void bp_arena_free(bp_arena *a)
{
    bp_arena_chunk *c = a->head;
    while (c) {
        bp_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
}
