#include "buf.h"

#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bp_buf_reserve(bp_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = bp_xrealloc(b->data, cap);
    b->cap = cap;
}


void bp_buf_printf(bp_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    bp_buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

const char *bp_buf_str(bp_buf *b) { return b->data ? b->data : ""; }

void bp_buf_clear(bp_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void bp_buf_free(bp_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void bp_buf_put_uint(bp_buf *b, unsigned long long v)
{
    char digits[24], *p = digits + sizeof digits;
    do
        *--p = (char)('0' + v % 10);
    while ((v /= 10) > 0);
    bp_buf_append(b, p, (size_t)(digits + sizeof digits - p));
}

void bp_buf_put_int(bp_buf *b, long long v)
{
    if (v < 0)
        bp_buf_putc(b, '-');
    bp_buf_put_uint(b, v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v);
}

void bp_buf_put_ref(bp_buf *b, unsigned long long n)
{
    bp_buf_put_uint(b, n);
    bp_buf_append(b, " 0 R", 4);
}
