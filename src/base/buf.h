/*
 * base/buf.h — a growable byte string (heap-owned, NUL-terminated).
 */
#ifndef BP_BASE_BUF_H
#define BP_BASE_BUF_H

#include <stddef.h>

typedef struct bp_buf {
    char *data; /* NUL-terminated when len > 0 or after any append */
    size_t len, cap;
} bp_buf;

void bp_buf_append(bp_buf *b, const char *s, size_t n);
void bp_buf_puts(bp_buf *b, const char *s);
void bp_buf_putc(bp_buf *b, char c);
void bp_buf_printf(bp_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends v in decimal: what PDF writers do for every object number, kept
 * out of printf's machinery. */
void bp_buf_put_uint(bp_buf *b, unsigned long long v);
void bp_buf_put_int(bp_buf *b, long long v);
/* Appends "N 0 R", a reference to object N. */
void bp_buf_put_ref(bp_buf *b, unsigned long long n);
/* Makes room for extra more bytes (and the NUL) without appending. */
void bp_buf_reserve(bp_buf *b, size_t extra);
const char *bp_buf_str(bp_buf *b); /* "" when empty */
void bp_buf_clear(bp_buf *b);
void bp_buf_free(bp_buf *b);

#endif
