/*
 * render/compact.c — libharu's PDF rewritten with object streams.
 *
 * Input: what HPDF_SaveToStream writes: "%PDF-1.x", objects "N 0 obj …
 * endobj" at the offsets of one xref subsection "0 SIZE", a trailer with
 * /Root and /Info, "startxref". Each object's bytes run from its offset to
 * the next object's (or the xref's). Nothing inside an object is parsed
 * except to tell streams (which stay where they are, as PDF requires) from
 * other objects (which are packed, 100 to an object stream).
 */
#include "render/compact.h"
#include "render/stream.h"

#include "base/arena.h"
#include "base/buf.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PER_OBJECT_STREAM = 250 };

typedef struct object {
    uint32_t number;
    size_t start, end; /* its bytes in the input: "N 0 obj" … "endobj" */
    const unsigned char *body; /* between "obj" and "endobj", trimmed */
    size_t body_len;
    bool stream;
    /* where it went: type 1 (at offset) or 2 (in object stream, at index) */
    int type;
    size_t offset;
    uint32_t in_stream, index;
} object;

static const unsigned char *find(const unsigned char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(hay + i, needle, k) == 0)
            return hay + i;
    return NULL;
}

static const unsigned char *find_last(const unsigned char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = n >= k ? n - k + 1 : 0; i-- > 0;)
        if (memcmp(hay + i, needle, k) == 0)
            return hay + i;
    return NULL;
}

static bool is_space(unsigned char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

static int by_start(const void *a, const void *b)
{
    const object *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

/* The object's body: between "N 0 obj" and "endobj", whitespace trimmed. */
static bool cut_body(const unsigned char *in, object *o)
{
    const unsigned char *p = in + o->start, *end = in + o->end;
    const unsigned char *obj = find(p, (size_t)(end - p), "obj");
    const unsigned char *endobj = find_last(p, (size_t)(end - p), "endobj");
    if (!obj || !endobj || endobj < obj + 3)
        return false;
    p = obj + 3;
    while (p < endobj && is_space(*p))
        p++;
    const unsigned char *q = endobj;
    while (q > p && is_space(q[-1]))
        q--;
    o->body = p;
    o->body_len = (size_t)(q - p);
    o->stream = o->body_len >= 9 && memcmp(q - 9, "endstream", 9) == 0;
    return true;
}

/* The decimal number at *p, after any spaces, read no further than end
 * (the input is not NUL-terminated); *p moves past it. False when there
 * is none. */
static bool read_number(const unsigned char **p, const unsigned char *end, unsigned long *v)
{
    const unsigned char *q = *p;
    while (q < end && is_space(*q))
        q++;
    if (q == end || *q < '0' || *q > '9')
        return false;
    unsigned long x = 0;
    for (; q < end && *q >= '0' && *q <= '9'; q++)
        x = x * 10 + (unsigned long)(*q - '0');
    *v = x;
    *p = q;
    return true;
}

/* The number before "0 R" after key in the trailer, or 0. */
static unsigned long trailer_ref(const unsigned char *trailer, size_t n, const char *key)
{
    const unsigned char *k = find(trailer, n, key);
    unsigned long v = 0;
    if (k) {
        k += strlen(key);
        read_number(&k, trailer + n, &v);
    }
    return v;
}

/* A hash of the file written so far (every object, the page contents and
 * structure among them), eight bytes at a time, in two halves seeded
 * differently: a /ID that depends only on the content, so identical input
 * gives identical files, and different content a different /ID. */
static void content_id(const unsigned char *in, size_t len, char hex[33])
{
    uint64_t a = 14695981039346656037u, b = 0x84222325cbf29ce4u;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, in + i, 8);
        a = (a ^ w) * 1099511628211u;
        a ^= a >> 29;
        b = (b ^ w) * 0x9e3779b97f4a7c15u;
        b ^= b >> 31;
    }
    for (; i < len; i++) {
        a = (a ^ in[i]) * 1099511628211u;
        b = (b ^ in[i]) * 0x9e3779b97f4a7c15u;
    }
    snprintf(hex, 33, "%016llX%016llX", (unsigned long long)a, (unsigned long long)b);
}

/* One object stream: its objects' bodies after a header of numbers and
 * offsets, compressed. */
typedef struct pack {
    uint32_t number, count;
    size_t first; /* the header's length */
    bp_buf plain, packed;
    bool ok;
} pack;

static void fill_pack(pack *p, object *objs, size_t from, size_t to)
{
    bp_buf bodies = {0};
    for (size_t i = from; i < to; i++) {
        if (objs[i].stream || objs[i].type)
            continue;
        bp_buf_put_uint(&p->plain, objs[i].number);
        bp_buf_putc(&p->plain, ' ');
        bp_buf_put_uint(&p->plain, bodies.len);
        bp_buf_putc(&p->plain, ' ');
        bp_buf_append(&bodies, (const char *)objs[i].body, objs[i].body_len);
        bp_buf_putc(&bodies, '\n');
        objs[i].type = 2;
        objs[i].in_stream = p->number;
        objs[i].index = p->count++;
    }
    p->first = p->plain.len;
    bp_buf_append(&p->plain, bodies.data ? bodies.data : "", bodies.len);
    bp_buf_free(&bodies);
}

typedef struct pack_share {
    pack *packs;
    size_t n, from, step;
    bp_deflater *d;
} pack_share;

static void deflate_packs(const pack_share *s)
{
    for (size_t i = s->from; i < s->n; i += s->step)
        s->packs[i].ok = bp_pdf_deflate(s->d, (const unsigned char *)s->packs[i].plain.data,
                                        s->packs[i].plain.len, &s->packs[i].packed);
}

static void *helper_deflates(void *arg)
{
    pack_share *s = arg;
    s->d = bp_deflater_new();
    deflate_packs(s);
    bp_deflater_free(s->d);
    return NULL;
}

/* Compressing the object streams is most of this pass's work, and each is
 * compressed alone: a second thread takes every other one, when there is
 * enough to share (stream.h). d is the calling thread's compressor. */
static bool deflate_all_packs(pack *packs, size_t n, bp_deflater *d)
{
    pack_share odd = {packs, n, 1, 2, NULL}, mine = {packs, n, 0, 2, d};
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += packs[i].plain.len;
    pthread_t helper;
    bool helped = n > 1 && total >= BP_DEFLATE_THREAD_MIN &&
                  pthread_create(&helper, NULL, helper_deflates, &odd) == 0;
    if (!helped)
        mine.step = 1;
    deflate_packs(&mine);
    if (helped)
        pthread_join(helper, NULL);
    bool ok = true;
    for (size_t i = 0; i < n; i++)
        ok &= packs[i].ok;
    return ok;
}

static void put_pack(bp_buf *out, pack *p, object *self)
{
    self->number = p->number;
    self->type = 1;
    self->offset = out->len;
    bp_buf_printf(out, "%u 0 obj\n<</Type /ObjStm /N %u /First %zu /Filter /FlateDecode "
                       "/Length %zu>>\nstream\n",
                  p->number, p->count, p->first, p->packed.len);
    bp_buf_append(out, p->packed.data ? p->packed.data : "", p->packed.len);
    bp_buf_puts(out, "\nendstream\nendobj\n");
}

static void put_field(bp_buf *b, uint64_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; i--)
        bp_buf_putc(b, (char)((v >> (8 * i)) & 0xFF));
}

bool bp_pdf_compact(const unsigned char *in, size_t len, bp_pdf_extra_fn extra, void *ctx,
                    bp_deflater *d, unsigned char **out, size_t *out_len, const char **why)
{
    *out = NULL;
    *out_len = 0;
    const unsigned char *end = in + len;
    const unsigned char *sx = find_last(in, len, "startxref");
    const unsigned char *trailer = find_last(in, len, "trailer");
    unsigned long xref_at = 0, first = 1, size = 0;
    const unsigned char *p = sx ? sx + 9 : end;
    bool found = sx && trailer && read_number(&p, end, &xref_at) && len >= 4 &&
                 xref_at <= len - 4 && memcmp(in + xref_at, "xref", 4) == 0;
    p = found ? in + xref_at + 4 : end;
    if (!found || !read_number(&p, end, &first) || first != 0 || !read_number(&p, end, &size) ||
        size < 2) {
        *why = "no classic cross-reference table";
        return false;
    }
    const unsigned char *entry = find(in + xref_at, len - xref_at, "0000000000 65535 f");
    if (!entry || (size_t)(entry - in) + 20 * size > len) {
        *why = "the cross-reference table is cut short";
        return false;
    }
    unsigned long root = trailer_ref(trailer, (size_t)(in + len - trailer), "/Root");
    unsigned long info = trailer_ref(trailer, (size_t)(in + len - trailer), "/Info");

    object *objs = bp_xcalloc(size, sizeof *objs);
    size_t n = 0;
    for (unsigned long i = 1; i < size; i++) {
        const unsigned char *e = entry + 20 * i;
        if (e[17] != 'n')
            continue;
        unsigned long start = 0;
        const unsigned char *q = e;
        read_number(&q, e + 10, &start);
        objs[n++] = (object){.number = (uint32_t)i, .start = start};
    }
    qsort(objs, n, sizeof *objs, by_start);
    for (size_t i = 0; i < n; i++) {
        objs[i].end = i + 1 < n ? objs[i + 1].start : xref_at;
        if (objs[i].start >= objs[i].end || objs[i].end > len || !cut_body(in, &objs[i])) {
            *why = "an object is not where the cross-reference table says";
            free(objs);
            return false;
        }
    }

    /* Objects of our own: new ones after libharu's, or replacing one. */
    bp_pdf_objects extras = {0};
    if (extra)
        extra(ctx, (uint32_t)size, &extras);
    uint32_t limit = (uint32_t)size;
    for (size_t i = 0; i < extras.len; i++)
        if (extras.items[i].number >= limit)
            limit = extras.items[i].number + 1;
    if (extras.len) {
        objs = bp_xrealloc(objs, (n + extras.len) * sizeof *objs);
        size_t *at = bp_xcalloc(size, sizeof *at); /* number → index + 1 */
        for (size_t j = 0; j < n; j++)
            at[objs[j].number] = j + 1;
        for (size_t i = 0; i < extras.len; i++) {
            const bp_pdf_object *x = &extras.items[i];
            object mine = {.number = x->number, .body = (const unsigned char *)x->body.data,
                           .body_len = x->body.len};
            mine.stream = mine.body_len >= 9 &&
                          memcmp(mine.body + mine.body_len - 9, "endstream", 9) == 0;
            if (x->number < size && at[x->number])
                objs[at[x->number] - 1] = mine;
            else
                objs[n++] = mine;
        }
        free(at);
    }

    bp_buf o = {0};
    bp_buf_puts(&o, "%PDF-1.5\n%\xE2\xE3\xCF\xD3\n");
    /* Streams stay as they are. */
    for (size_t i = 0; i < n; i++) {
        if (!objs[i].stream)
            continue;
        objs[i].type = 1;
        objs[i].offset = o.len;
        bp_buf_printf(&o, "%u 0 obj\n", objs[i].number);
        bp_buf_append(&o, (const char *)objs[i].body, objs[i].body_len);
        bp_buf_puts(&o, "\nendobj\n");
    }
    /* Everything else, packed. */
    size_t n_streams = (n + PER_OBJECT_STREAM - 1) / PER_OBJECT_STREAM + 1;
    pack *packs = bp_xcalloc(n_streams, sizeof *packs);
    object *pack_objects = bp_xcalloc(n_streams + 1, sizeof *pack_objects);
    uint32_t next = limit;
    size_t n_packs = 0;
    for (size_t from = 0; from < n;) {
        size_t to = from, count = 0;
        while (to < n && count < PER_OBJECT_STREAM)
            count += !objs[to++].stream;
        if (count) {
            packs[n_packs].number = next++;
            fill_pack(&packs[n_packs++], objs, from, to);
        }
        from = to;
    }
    bool compressed = deflate_all_packs(packs, n_packs, d);
    for (size_t i = 0; i < n_packs; i++) {
        put_pack(&o, &packs[i], &pack_objects[i]);
        bp_buf_free(&packs[i].plain);
        bp_buf_free(&packs[i].packed);
    }
    free(packs);

    /* The cross-reference stream, also the trailer. */
    uint32_t xref_number = next++;
    object **by_number = bp_xcalloc(next, sizeof *by_number);
    for (size_t i = 0; i < n; i++)
        by_number[objs[i].number] = &objs[i];
    for (size_t i = 0; i < n_packs; i++)
        by_number[pack_objects[i].number] = &pack_objects[i];
    object self = {.number = xref_number, .type = 1, .offset = o.len};
    by_number[xref_number] = &self;
    /* Rows of 1 + 4 + 2 bytes, each stored as its difference from the row
     * above (PNG "Up" predictor, §7.4.4.4): consecutive entries differ
     * little, and the differences compress several times better. */
    enum { ROW = 7 };
    bp_buf table = {0};
    unsigned char prev[ROW] = {0};
    for (uint32_t k = 0; k < next; k++) {
        const object *x = by_number[k];
        bp_buf row = {0};
        if (!x || !x->type) {
            put_field(&row, 0, 1);
            put_field(&row, 0, 4);
            put_field(&row, k == 0 ? 65535 : 0, 2);
        } else if (x->type == 1) {
            put_field(&row, 1, 1);
            put_field(&row, x->offset, 4);
            put_field(&row, 0, 2);
        } else {
            put_field(&row, 2, 1);
            put_field(&row, x->in_stream, 4);
            put_field(&row, x->index, 2);
        }
        bp_buf_putc(&table, 2); /* Up */
        for (int i = 0; i < ROW; i++) {
            unsigned char v = (unsigned char)row.data[i];
            bp_buf_putc(&table, (char)(unsigned char)(v - prev[i]));
            prev[i] = v;
        }
        bp_buf_free(&row);
    }
    bp_buf packed = {0};
    compressed &= bp_pdf_deflate(d, (const unsigned char *)table.data, table.len, &packed);
    char id[33];
    content_id((const unsigned char *)o.data, o.len, id); /* every object but the xref */
    bp_buf_printf(&o, "%u 0 obj\n<</Type /XRef /Size %u /W [1 4 2] /Root %lu 0 R", xref_number,
                  next, root);
    if (info)
        bp_buf_printf(&o, " /Info %lu 0 R", info);
    bp_buf_printf(&o,
                  " /ID [<%s> <%s>] /Filter /FlateDecode /DecodeParms <</Predictor 12 /Columns 7>>"
                  " /Length %zu>>\nstream\n",
                  id, id, packed.len);
    bp_buf_append(&o, packed.data, packed.len);
    bp_buf_printf(&o, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", self.offset);

    bp_buf_free(&table);
    bp_buf_free(&packed);
    for (size_t i = 0; i < extras.len; i++)
        bp_buf_free(&extras.items[i].body);
    BP_VEC_FREE(extras);
    free(by_number);
    free(pack_objects);
    free(objs);
    if (!compressed) {
        bp_buf_free(&o);
        *why = "the objects could not be compressed";
        return false;
    }
    *out = (unsigned char *)o.data;
    *out_len = o.len;
    return true;
}
