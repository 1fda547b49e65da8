/*
 * base/buf.h — a growable byte string (heap-owned, NUL-terminated).
 */
#ifndef BP_BASE_BUF_H
#define BP_BASE_BUF_H

#include <stddef.h>
#include <string.h>

typedef struct bp_buf {
    char *data; /* NUL-terminated when len > 0 or after any append */
    size_t len, cap;
} bp_buf;

/* Makes room for extra more bytes (and the NUL) without appending. */
void bp_buf_reserve(bp_buf *b, size_t extra);

/* Inline: the PDF writer and the text collectors append a byte or a few at
 * a time, hundreds of thousands of times a build. */
static inline void bp_buf_append(bp_buf *b, const char *s, size_t n)
{
    if (b->cap - b->len <= n) /* room for n bytes and the NUL */
        bp_buf_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static inline void bp_buf_putc(bp_buf *b, char c)
{
    if (b->cap - b->len < 2)
        bp_buf_reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

static inline void bp_buf_puts(bp_buf *b, const char *s) { bp_buf_append(b, s, strlen(s)); }

void bp_buf_printf(bp_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends v in decimal: what PDF writers do for every object number, kept
 * out of printf's machinery. */
void bp_buf_put_uint(bp_buf *b, unsigned long long v);
void bp_buf_put_int(bp_buf *b, long long v);
/* Appends "N 0 R", a reference to object N. */
void bp_buf_put_ref(bp_buf *b, unsigned long long n);
const char *bp_buf_str(bp_buf *b); /* "" when empty */
void bp_buf_clear(bp_buf *b);
void bp_buf_free(bp_buf *b);

#endif
