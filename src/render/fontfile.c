/*
 * render/fontfile.c — TrueType validation and subsetting for the PDF backend.
 *
 * In:   the bytes of a font file; the code points a face draws.
 * Out:  yes/no with a reason; a subset font (heap buffer) to embed as FontFile2.
 * Uses: base/sfnt.h, to check the file and find the glyphs of the code points.
 * Refs: OpenType spec, "Organization of an OpenType font" (table directory,
 *       checksums), and the head, hhea, maxp, hmtx, loca, glyf (simple and
 *       composite glyphs, instructions), cmap (formats 4 and 12), name and
 *       post chapters; ISO 32000-1 §9.9 (the tables a FontFile2 needs).
 */
#include "render/fontfile.h"

#include "base/arena.h"
#include "base/buf.h"
#include "base/bytes.h"
#include "base/sfnt.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define TAG BP_SFNT_TAG

typedef bp_sfnt_table table;

/* ---- validation ---------------------------------------------------------------- */

/* What embedding needs beyond what reading needs (bp_sfnt_open). */
static const char *check_embeddable(const bp_sfnt *font)
{
    if (bp_be32(font->data) == TAG('O', 'T', 'T', 'O'))
        return "it has CFF outlines; only TrueType (glyf) outlines are embedded";
    /* The glyph program a FontFile2 needs, and name and OS/2 for the font
     * descriptor. */
    static const struct {
        uint32_t tag;
        const char *why;
    } required[] = {
        {TAG('g', 'l', 'y', 'f'), "the 'glyf' table is missing"},
        {TAG('l', 'o', 'c', 'a'), "the 'loca' table is missing"},
        {TAG('n', 'a', 'm', 'e'), "the 'name' table is missing"},
        {TAG('O', 'S', '/', '2'), "the 'OS/2' table is missing"},
    };
    table t, head, loca;
    for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
        if (!bp_sfnt_find(font, required[i].tag, &t))
            return required[i].why;
    bp_sfnt_find(font, TAG('h', 'e', 'a', 'd'), &head);
    bp_sfnt_find(font, TAG('l', 'o', 'c', 'a'), &loca);
    uint16_t loca_format = bp_be16(head.data + 50);
    if (loca_format > 1)
        return "the 'head' table gives an unknown 'loca' format";
    if (loca.length < ((size_t)font->n_glyphs + 1) * (loca_format ? 4 : 2))
        return "the 'loca' table is shorter than the glyph count needs";
    return NULL;
}

/* Opens the font for reading (bp_sfnt_open) and checks it can be embedded. */
static bool open_embeddable(bp_sfnt *font, const unsigned char *data, size_t len,
                            const char **why)
{
    if (!bp_sfnt_open(font, data, len, why))
        return false;
    *why = check_embeddable(font);
    return *why == NULL;
}

bool bp_fontfile_check(const unsigned char *data, size_t len, const char **why)
{
    bp_sfnt font;
    return open_embeddable(&font, data, len, why);
}

/* ---- subsetting ---------------------------------------------------------------- */

/* A subset keeps the glyphs of the text, .notdef and the space, and the
 * glyphs composite ones are built of, renumbered in their original order;
 * the tables a CIDFontType2 is drawn from (glyf, loca, hmtx, hhea, head,
 * maxp); cmap, name (IDs 0–6), OS/2, post (without glyph names) and gasp,
 * which describe it. Layout tables are left out (text is drawn with
 * cmap-mapped glyphs only), and so is TrueType hinting: cvt, fpgm, prep
 * and each glyph's instructions. PDF viewers rasterise without the
 * bytecode (Acrobat, Preview, poppler), print resolutions need none, and
 * the brief's fonts are about a third smaller for it; cvt, fpgm and prep
 * are required only when glyph instructions use them (ISO 32000-1 §9.9).
 *
 * Written here rather than with HarfBuzz's hb-subset: loading that library
 * and its first call (which faults in much of its code) took 1.7–1.9 ms of
 * the brief's 20, subsetting the five faces included; this takes 0.7. */

enum {
    COMPOSITE_WORDS = 0x0001, /* arguments are 16-bit */
    COMPOSITE_SCALE = 0x0008,
    COMPOSITE_MORE = 0x0020,
    COMPOSITE_XY_SCALE = 0x0040,
    COMPOSITE_2X2 = 0x0080,
    COMPOSITE_INSTRUCTIONS = 0x0100,
    MAX_COMPONENT_DEPTH = 16,
};

/* The tables read from the font (checked by bp_fontfile_check). */
typedef struct source {
    table head, hhea, maxp, hmtx, loca, glyf, name, os2, post, gasp;
    bool has_post, has_gasp;
    unsigned n_glyphs, n_metrics;
    bool long_loca;
} source;

static bool glyph_span(const source *f, unsigned gid, const unsigned char **data, size_t *len)
{
    size_t start, end;
    if (f->long_loca) {
        start = bp_be32(f->loca.data + 4 * (size_t)gid);
        end = bp_be32(f->loca.data + 4 * (size_t)gid + 4);
    } else {
        start = 2 * (size_t)bp_be16(f->loca.data + 2 * (size_t)gid);
        end = 2 * (size_t)bp_be16(f->loca.data + 2 * (size_t)gid + 2);
    }
    if (start > end || end > f->glyf.length)
        return false; /* damaged: drawn empty */
    *data = f->glyf.data + start;
    *len = end - start;
    return true;
}

/* Bytes of the component record at p (len left), or 0 when it is cut. */
static size_t component_size(const unsigned char *p, size_t len)
{
    if (len < 4)
        return 0;
    unsigned flags = bp_be16(p);
    size_t n = 4 + ((flags & COMPOSITE_WORDS) ? 4 : 2);
    if (flags & COMPOSITE_SCALE)
        n += 2;
    else if (flags & COMPOSITE_XY_SCALE)
        n += 4;
    else if (flags & COMPOSITE_2X2)
        n += 8;
    return n <= len ? n : 0;
}

/* Adds glyph gid, and the components it is built of, to keep[]. */
static void keep_glyph(const source *f, unsigned gid, uint8_t *keep, int depth)
{
    if (gid >= f->n_glyphs || keep[gid])
        return;
    keep[gid] = 1;
    const unsigned char *g;
    size_t len;
    if (depth >= MAX_COMPONENT_DEPTH || !glyph_span(f, gid, &g, &len) || len < 10 ||
        (int16_t)bp_be16(g) >= 0)
        return;
    for (size_t at = 10, n; (n = component_size(g + at, len - at)) != 0; at += n) {
        keep_glyph(f, bp_be16(g + at + 2), keep, depth + 1);
        if (!(bp_be16(g + at) & COMPOSITE_MORE))
            break;
    }
}

enum {
    POINT_X_BYTE = 0x02,
    POINT_Y_BYTE = 0x04,
    POINT_REPEAT = 0x08,
    POINT_X_SAME = 0x10, /* or, with X_BYTE, positive */
    POINT_Y_SAME = 0x20,
};

/* Where a simple glyph's data ends: after the flags (from `flags` on) and
 * coordinates of its n points, before the padding the font left; 0 when
 * they run past len. */
static size_t simple_glyph_end(const unsigned char *g, size_t len, size_t flags, unsigned n)
{
    size_t at = flags, x_bytes = 0, y_bytes = 0;
    for (unsigned point = 0; point < n;) {
        if (at >= len)
            return 0;
        unsigned f = g[at++], times = 1;
        if (f & POINT_REPEAT) {
            if (at >= len)
                return 0;
            times += g[at++];
        }
        size_t x = (f & POINT_X_BYTE) ? 1 : (f & POINT_X_SAME) ? 0 : 2;
        size_t y = (f & POINT_Y_BYTE) ? 1 : (f & POINT_Y_SAME) ? 0 : 2;
        x_bytes += x * times;
        y_bytes += y * times;
        point += times;
    }
    return at + x_bytes + y_bytes <= len ? at + x_bytes + y_bytes : 0;
}

/* Appends glyph gid without its instructions, components renumbered, padded
 * to an even length (loca's short format counts in words). */
static void put_glyph(bp_buf *out, const source *f, unsigned gid, const uint16_t *new_gid)
{
    const unsigned char *g;
    size_t len;
    if (!glyph_span(f, gid, &g, &len) || len < 10) {
        return; /* empty, or too short to be a glyph */
    }
    size_t start = out->len;
    int contours = (int16_t)bp_be16(g);
    if (contours >= 0) {
        size_t code = 10 + 2 * (size_t)contours; /* instructionLength */
        if (code + 2 > len || code + 2 + bp_be16(g + code) > len)
            return;
        size_t rest = code + 2 + bp_be16(g + code);
        size_t end = contours ? simple_glyph_end(g, len, rest, bp_be16(g + code - 2) + 1u) : rest;
        if (!end)
            return;
        bp_buf_append(out, (const char *)g, code);
        bp_buf_append(out, "\0\0", 2);
        bp_buf_append(out, (const char *)g + rest, end - rest);
    } else {
        bp_buf_append(out, (const char *)g, 10);
        for (size_t at = 10, n; (n = component_size(g + at, len - at)) != 0; at += n) {
            unsigned flags = bp_be16(g + at), component = bp_be16(g + at + 2);
            unsigned char head[4] = {(unsigned char)((flags & ~COMPOSITE_INSTRUCTIONS) >> 8),
                                     (unsigned char)flags, 0, 0};
            unsigned mapped = component < f->n_glyphs ? new_gid[component] : 0;
            head[2] = (unsigned char)(mapped >> 8);
            head[3] = (unsigned char)mapped;
            bp_buf_append(out, (const char *)head, 4);
            bp_buf_append(out, (const char *)g + at + 4, n - 4);
            if (!(flags & COMPOSITE_MORE))
                break;
        }
    }
    if ((out->len - start) & 1)
        bp_buf_putc(out, 0);
}

static void put16(bp_buf *b, unsigned v)
{
    char x[2] = {(char)(v >> 8), (char)v};
    bp_buf_append(b, x, 2);
}

static void put32(bp_buf *b, uint32_t v)
{
    put16(b, v >> 16);
    put16(b, v & 0xFFFF);
}

static void set16(bp_buf *b, size_t at, unsigned v)
{
    b->data[at] = (char)(v >> 8);
    b->data[at + 1] = (char)v;
}

/* A character and its glyph in the subset. */
typedef struct mapping {
    uint32_t cp;
    uint16_t gid;
} mapping;

/* Whether m[i] starts a segment: not the next character on the next glyph. */
static bool starts_run(const mapping *m, size_t i)
{
    return i == 0 || m[i].cp != m[i - 1].cp + 1 || m[i].gid != m[i - 1].gid + 1;
}

/* cmap with a format 4 subtable for the BMP (3,1) and, when the text has
 * characters beyond it or more runs than format 4 holds, a format 12 one
 * (3,10); each run of consecutive characters on consecutive glyphs is one
 * segment. m is sorted by code point. */
static void put_cmap(bp_buf *b, const mapping *m, size_t n)
{
    size_t n_bmp = 0, runs = 0, groups = 0;
    while (n_bmp < n && m[n_bmp].cp <= 0xFFFF)
        runs += starts_run(m, n_bmp++);
    for (size_t i = 0; i < n; i++)
        groups += starts_run(m, i);
    size_t segs = runs + 1; /* and the closing 0xFFFF one */
    bool bmp = 16 + 8 * segs <= 0xFFFF, full = n_bmp < n || !bmp;
    put16(b, 0), put16(b, (unsigned)bmp + full);
    if (bmp)
        put16(b, 3), put16(b, 1), put32(b, full ? 20 : 12);
    if (full)
        put16(b, 3), put16(b, 10), put32(b, 0); /* set below */
    if (bmp) {
        unsigned search = 1, selector = 0;
        while (search * 2 <= segs)
            search *= 2, selector++;
        put16(b, 4), put16(b, (unsigned)(16 + 8 * segs)), put16(b, 0);
        put16(b, (unsigned)(2 * segs)), put16(b, 2 * search), put16(b, selector);
        put16(b, (unsigned)(2 * segs - 2 * search));
        for (size_t i = 0; i < n_bmp; i++) /* ends */
            if (i + 1 == n_bmp || starts_run(m, i + 1))
                put16(b, m[i].cp);
        put16(b, 0xFFFF), put16(b, 0); /* and the reserved pad */
        for (size_t i = 0; i < n_bmp; i++)
            if (starts_run(m, i))
                put16(b, m[i].cp);
        put16(b, 0xFFFF);
        for (size_t i = 0; i < n_bmp; i++) /* gid = cp + delta */
            if (starts_run(m, i))
                put16(b, (m[i].gid - m[i].cp) & 0xFFFF);
        put16(b, 1); /* 0xFFFF → .notdef */
        for (size_t i = 0; i < segs; i++) /* no glyph arrays */
            put16(b, 0);
    }
    if (!full)
        return;
    size_t at = b->len, record = bmp ? 16 : 8;
    set16(b, record, (unsigned)(at >> 16)), set16(b, record + 2, (unsigned)(at & 0xFFFF));
    put16(b, 12), put16(b, 0), put32(b, (uint32_t)(16 + 12 * groups)), put32(b, 0);
    put32(b, (uint32_t)groups);
    for (size_t i = 0; i < n; i++) {
        if (!starts_run(m, i))
            continue;
        size_t j = i;
        while (j + 1 < n && !starts_run(m, j + 1))
            j++;
        put32(b, m[i].cp), put32(b, m[j].cp), put32(b, m[i].gid);
    }
}

/* Whether the name record at r (in a table of len bytes, strings from
 * storage on) is kept: IDs 0–6 (family, style, unique and full name,
 * version, PostScript name) in Unicode or English, its string inside t. */
static bool kept_name(size_t len, size_t storage, const unsigned char *r)
{
    unsigned platform = bp_be16(r), language = bp_be16(r + 4), id = bp_be16(r + 6);
    bool english = platform == 0 || (platform == 3 && language == 0x0409) ||
                   (platform == 1 && language == 0);
    return id <= 6 && english && storage + bp_be16(r + 10) + bp_be16(r + 8) <= len;
}

/* name with the kept records (kept_name): the font descriptor reads the
 * PostScript name, and nothing reads the rest (the licence text is a
 * kilobyte a face). False when the table cannot be read. */
static bool put_name(bp_buf *b, const table *name)
{
    const unsigned char *t = name->data;
    if (name->length < 6)
        return false;
    unsigned count = bp_be16(t + 2);
    size_t storage = bp_be16(t + 4);
    if (6 + 12 * (size_t)count > name->length || storage > name->length)
        return false;
    unsigned kept = 0;
    for (unsigned i = 0; i < count; i++)
        kept += kept_name(name->length, storage, t + 6 + 12 * (size_t)i);
    put16(b, 0), put16(b, kept), put16(b, 6 + 12 * kept);
    size_t offset = 0;
    for (unsigned i = 0; i < count; i++) { /* the records, strings one after another */
        const unsigned char *r = t + 6 + 12 * (size_t)i;
        if (!kept_name(name->length, storage, r))
            continue;
        bp_buf_append(b, (const char *)r, 10);
        put16(b, (unsigned)offset);
        offset += bp_be16(r + 8);
    }
    for (unsigned i = 0; i < count; i++) {
        const unsigned char *r = t + 6 + 12 * (size_t)i;
        if (kept_name(name->length, storage, r))
            bp_buf_append(b, (const char *)t + storage + bp_be16(r + 10), bp_be16(r + 8));
    }
    return true;
}

/* The sum of the big-endian 32-bit words, the last one padded with zeros. */
static uint32_t checksum(const unsigned char *p, size_t len)
{
    uint32_t sum = 0;
    size_t i = 0;
    for (; i + 4 <= len; i += 4)
        sum += bp_be32(p + i);
    uint32_t tail = 0;
    for (size_t k = 0; k < 4; k++)
        tail = tail << 8 | (i + k < len ? p[i + k] : 0);
    return sum + (i < len ? tail : 0);
}

typedef struct out_table {
    uint32_t tag;
    bp_buf data;
} out_table;

/* The font file: the directory, then the tables in tag order (those of
 * tag 0 left out), each padded to four bytes; head's checkSumAdjustment
 * set last. */
static unsigned char *assemble(out_table *all, size_t n_all, size_t *len)
{
    out_table t[16];
    size_t n = 0;
    for (size_t i = 0; i < n_all && n < sizeof t / sizeof t[0]; i++)
        if (all[i].tag)
            t[n++] = all[i];
    unsigned search = 1, selector = 0;
    while (search * 2 <= n)
        search *= 2, selector++;
    bp_buf f = {0};
    put32(&f, 0x00010000u);
    put16(&f, (unsigned)n), put16(&f, 16 * search), put16(&f, selector);
    put16(&f, (unsigned)(16 * n - 16 * search));
    size_t offset = 12 + 16 * n, head_at = 0;
    for (size_t i = 0; i < n; i++) {
        put32(&f, t[i].tag);
        put32(&f, checksum((const unsigned char *)t[i].data.data, t[i].data.len));
        put32(&f, (uint32_t)offset), put32(&f, (uint32_t)t[i].data.len);
        if (t[i].tag == TAG('h', 'e', 'a', 'd'))
            head_at = offset;
        offset += (t[i].data.len + 3) & ~(size_t)3;
    }
    for (size_t i = 0; i < n; i++) {
        bp_buf_append(&f, t[i].data.data ? t[i].data.data : "", t[i].data.len);
        while (f.len & 3)
            bp_buf_putc(&f, 0);
    }
    uint32_t adjust = 0xB1B0AFBAu - checksum((const unsigned char *)f.data, f.len);
    for (int k = 0; k < 4; k++)
        f.data[head_at + 8 + (size_t)k] = (char)(adjust >> (24 - 8 * k));
    *len = f.len;
    return (unsigned char *)f.data;
}

static int by_code_point(const void *a, const void *b)
{
    const mapping *x = a, *y = b;
    return (x->cp > y->cp) - (x->cp < y->cp);
}

static void read_source(const bp_sfnt *font, source *f)
{
    bp_sfnt_find(font, TAG('h', 'e', 'a', 'd'), &f->head);
    bp_sfnt_find(font, TAG('m', 'a', 'x', 'p'), &f->maxp);
    bp_sfnt_find(font, TAG('l', 'o', 'c', 'a'), &f->loca);
    bp_sfnt_find(font, TAG('g', 'l', 'y', 'f'), &f->glyf);
    bp_sfnt_find(font, TAG('n', 'a', 'm', 'e'), &f->name);
    f->hhea = font->hhea, f->hmtx = font->hmtx, f->os2 = font->os2;
    f->has_post = bp_sfnt_find(font, TAG('p', 'o', 's', 't'), &f->post) && f->post.length >= 32;
    f->has_gasp = bp_sfnt_find(font, TAG('g', 'a', 's', 'p'), &f->gasp);
    f->n_glyphs = font->n_glyphs;
    f->n_metrics = font->n_hmetrics;
    f->long_loca = bp_be16(f->head.data + 50) == 1;
}

/* The glyphs to keep (keep[], per glyph): .notdef, those of the text and
 * the space, through the font's cmap, with their components; and each
 * character's glyph in map (*n_map of them, sorted, each once). */
static void glyphs_of_text(const source *f, const bp_sfnt *font, const uint32_t *cps,
                           size_t n_cps, uint8_t *keep, mapping *map, size_t *n_map)
{
    keep_glyph(f, 0, keep, 0);
    size_t n = 0;
    for (size_t i = 0; i <= n_cps; i++) {
        uint32_t cp = i < n_cps ? cps[i] : 0x20;
        unsigned gid = bp_sfnt_glyph(font, cp);
        if (gid != 0) {
            map[n++] = (mapping){cp, (uint16_t)gid};
            keep_glyph(f, gid, keep, 0);
        }
    }
    qsort(map, n, sizeof *map, by_code_point);
    *n_map = 0; /* the space may also be in the text */
    for (size_t i = 0; i < n; i++)
        if (*n_map == 0 || map[*n_map - 1].cp != map[i].cp)
            map[(*n_map)++] = map[i];
}

/* glyf, loca and hmtx of the kept glyphs; whether loca is long. */
static bool put_glyphs(const source *f, const uint8_t *keep, const uint16_t *new_gid,
                       unsigned n_new, bp_buf *glyf, bp_buf *loca, bp_buf *hmtx)
{
    size_t *offsets = bp_xmalloc((n_new + 1) * sizeof *offsets);
    for (unsigned g = 0, k = 0; g < f->n_glyphs; g++) {
        if (!keep[g])
            continue;
        offsets[k++] = glyf->len;
        if (g != 0) /* .notdef keeps its width, not its box: no text draws it */
            put_glyph(glyf, f, g, new_gid);
        unsigned advance = g < f->n_metrics ? g : f->n_metrics - 1;
        put16(hmtx, bp_be16(f->hmtx.data + 4 * (size_t)advance));
        put16(hmtx, g < f->n_metrics ? bp_be16(f->hmtx.data + 4 * (size_t)g + 2)
                                     : bp_be16(f->hmtx.data + 4 * (size_t)f->n_metrics +
                                               2 * (size_t)(g - f->n_metrics)));
    }
    offsets[n_new] = glyf->len;
    bool long_loca = glyf->len / 2 > 0xFFFF;
    for (unsigned k = 0; k <= n_new; k++) {
        if (long_loca)
            put32(loca, (uint32_t)offsets[k]);
        else
            put16(loca, (unsigned)(offsets[k] / 2));
    }
    free(offsets);
    return long_loca;
}

/* head, hhea and maxp for n_new glyphs, without hinting. */
static void put_header_tables(const source *f, unsigned n_new, bool long_loca, bp_buf *head,
                              bp_buf *hhea, bp_buf *maxp)
{
    bp_buf_append(head, (const char *)f->head.data, 54);
    memset(head->data + 8, 0, 4); /* checkSumAdjustment, set by assemble */
    set16(head, 50, long_loca);
    bp_buf_append(hhea, (const char *)f->hhea.data, 36);
    set16(hhea, 34, n_new); /* every glyph its own advance */
    bool version1 = f->maxp.length >= 32;
    bp_buf_append(maxp, (const char *)f->maxp.data, version1 ? 32 : 6);
    set16(maxp, 4, n_new);
    if (version1) { /* no zones, storage, functions or instructions */
        set16(maxp, 14, 1);
        memset(maxp->data + 16, 0, 12);
    } else {
        set16(maxp, 0, 0), set16(maxp, 2, 0x5000); /* version 0.5 */
    }
}

bool bp_fontfile_subset(const unsigned char *data, size_t len, const uint32_t *cps, size_t n_cps,
                        unsigned char **out, size_t *out_len, const char **why)
{
    *out = NULL;
    *out_len = 0;
    bp_sfnt font;
    if (!open_embeddable(&font, data, len, why))
        return false;
    source f = {0};
    read_source(&font, &f);
    uint8_t *keep = bp_xcalloc(f.n_glyphs, 1);
    mapping *map = bp_xmalloc((n_cps + 1) * sizeof *map);
    size_t n_map;
    glyphs_of_text(&f, &font, cps, n_cps, keep, map, &n_map);
    /* New numbers in the old order. */
    uint16_t *new_gid = bp_xmalloc(f.n_glyphs * sizeof *new_gid);
    unsigned n_new = 0;
    for (unsigned g = 0; g < f.n_glyphs; g++)
        new_gid[g] = keep[g] ? (uint16_t)n_new++ : 0;
    for (size_t i = 0; i < n_map; i++)
        map[i].gid = new_gid[map[i].gid];

    /* The tables, in tag order (capitals sort first). */
    bp_buf os2 = {0}, cmap = {0}, gasp = {0}, glyf = {0}, head = {0}, hhea = {0}, hmtx = {0},
           loca = {0}, maxp = {0}, name = {0}, post = {0};
    bp_buf_append(&os2, (const char *)f.os2.data, f.os2.length);
    if (os2.len >= 68 && n_map) { /* usFirstCharIndex, usLastCharIndex */
        set16(&os2, 64, map[0].cp > 0xFFFF ? 0xFFFF : map[0].cp);
        set16(&os2, 66, map[n_map - 1].cp > 0xFFFF ? 0xFFFF : map[n_map - 1].cp);
    }
    put_cmap(&cmap, map, n_map);
    if (f.has_gasp)
        bp_buf_append(&gasp, (const char *)f.gasp.data, f.gasp.length);
    bool long_loca = put_glyphs(&f, keep, new_gid, n_new, &glyf, &loca, &hmtx);
    put_header_tables(&f, n_new, long_loca, &head, &hhea, &maxp);
    bool named = put_name(&name, &f.name);
    if (f.has_post) {
        bp_buf_append(&post, (const char *)f.post.data, 32);
        set16(&post, 0, 3), set16(&post, 2, 0); /* version 3: no glyph names */
    }
    out_table t[] = {
        {TAG('O', 'S', '/', '2'), os2}, {TAG('c', 'm', 'a', 'p'), cmap},
        {f.has_gasp ? TAG('g', 'a', 's', 'p') : 0, gasp}, {TAG('g', 'l', 'y', 'f'), glyf},
        {TAG('h', 'e', 'a', 'd'), head}, {TAG('h', 'h', 'e', 'a'), hhea},
        {TAG('h', 'm', 't', 'x'), hmtx}, {TAG('l', 'o', 'c', 'a'), loca},
        {TAG('m', 'a', 'x', 'p'), maxp}, {TAG('n', 'a', 'm', 'e'), name},
        {f.has_post ? TAG('p', 'o', 's', 't') : 0, post},
    };
    if (named)
        *out = assemble(t, sizeof t / sizeof t[0], out_len);
    else
        *why = "its 'name' table is damaged";
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        bp_buf_free(&t[i].data);
    free(new_gid);
    free(keep);
    free(map);
    return *out != NULL;
}
