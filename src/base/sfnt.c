/*
 * base/sfnt.c — an OpenType font's tables, read in place.
 *
 * Refs: OpenType spec, "Organization of an OpenType font" and the cmap,
 * head, hhea, hmtx, maxp, name and OS/2 chapters; where the spec leaves a
 * choice (which cmap subtable, which metrics, damaged values), HarfBuzz 6's
 * hb-ot-cmap-table.hh, hb-ot-hmtx-table.hh and hb-ot-metrics.cc.
 */
#include "base/sfnt.h"

#include "base/bytes.h"

#include <limits.h>
#include <string.h>

#define TAG BP_SFNT_TAG

bool bp_sfnt_find(const bp_sfnt *f, uint32_t tag, bp_sfnt_table *out)
{
    uint16_t n = bp_be16(f->data + 4);
    for (uint16_t i = 0; i < n; i++) {
        const unsigned char *rec = f->data + 12 + 16 * (size_t)i;
        if (bp_be32(rec) == tag) {
            out->data = f->data + bp_be32(rec + 8);
            out->length = bp_be32(rec + 12);
            return true;
        }
    }
    return false;
}

/* ---- checking ------------------------------------------------------------------ */

static const char *check_directory(const unsigned char *data, size_t len)
{
    if (len < 12)
        return "the file is too short to be a font";
    uint32_t version = bp_be32(data);
    if (version == TAG('t', 't', 'c', 'f'))
        return "it is a font collection (.ttc); give one .ttf face";
    if (version != 0x00010000u && version != TAG('t', 'r', 'u', 'e') &&
        version != TAG('O', 'T', 'T', 'O'))
        return "it is not a TrueType font (unknown sfnt version)";
    /* Offsets are 32-bit, so a larger file cannot be a well-formed font. */
    if (len > UINT32_MAX || len > UINT_MAX)
        return "the file is too large to be a font";
    uint16_t n = bp_be16(data + 4);
    if (n == 0)
        return "the font has no tables";
    if (12 + 16 * (size_t)n > len)
        return "the table directory runs past the end of the file";
    for (uint16_t i = 0; i < n; i++) {
        const unsigned char *rec = data + 12 + 16 * (size_t)i;
        if ((uint64_t)bp_be32(rec + 8) + bp_be32(rec + 12) > len)
            return "a table runs past the end of the file (truncated?)";
    }
    return NULL;
}

/* head, maxp, hhea and hmtx, valid as HarfBuzz requires them to be used. */
static const char *check_metrics(bp_sfnt *f)
{
    bp_sfnt_table head, maxp;
    if (!bp_sfnt_find(f, TAG('h', 'e', 'a', 'd'), &head))
        return "the 'head' table is missing";
    if (!bp_sfnt_find(f, TAG('h', 'h', 'e', 'a'), &f->hhea))
        return "the 'hhea' table is missing";
    if (!bp_sfnt_find(f, TAG('h', 'm', 't', 'x'), &f->hmtx))
        return "the 'hmtx' table is missing";
    if (!bp_sfnt_find(f, TAG('m', 'a', 'x', 'p'), &maxp))
        return "the 'maxp' table is missing";
    if (head.length < 54 || bp_be16(head.data) != 1 || bp_be32(head.data + 12) != 0x5F0F3CF5u)
        return "the 'head' table is damaged";
    if (maxp.length < 6 || bp_be16(maxp.data + 4) == 0 ||
        (bp_be32(maxp.data) == 0x00010000u ? maxp.length < 32 : bp_be32(maxp.data) != 0x5000u))
        return "the 'maxp' table is damaged (no glyphs)";
    if (f->hhea.length < 36 || bp_be16(f->hhea.data) != 1 || bp_be16(f->hhea.data + 34) == 0)
        return "the 'hhea' table is damaged";
    unsigned upem = bp_be16(head.data + 18);
    f->upem = upem >= 16 && upem <= 16384 ? upem : 1000; /* as HarfBuzz */
    f->n_glyphs = bp_be16(maxp.data + 4);
    f->n_hmetrics = bp_be16(f->hhea.data + 34);
    if (f->n_hmetrics > f->n_glyphs ||
        f->hmtx.length < 4 * f->n_hmetrics + 2 * (f->n_glyphs - f->n_hmetrics))
        return "the 'hmtx' table is shorter than the glyph count needs";
    return NULL;
}

/* OS/2 is optional for reading; HarfBuzz ignores one shorter than its
 * version's fields. */
static void find_os2(bp_sfnt *f)
{
    if (!bp_sfnt_find(f, TAG('O', 'S', '/', '2'), &f->os2) || f->os2.length < 78)
        return;
    unsigned version = bp_be16(f->os2.data);
    size_t need = version >= 5 ? 100 : version >= 2 ? 96 : version >= 1 ? 86 : 78;
    f->os2_valid = f->os2.length >= need;
}

/* The subtable at the encoding record for (platform, encoding), if any. */
static bool cmap_subtable(const bp_sfnt_table *cmap, unsigned platform, unsigned encoding,
                          bp_sfnt_table *out)
{
    unsigned n = bp_be16(cmap->data + 2);
    for (unsigned i = 0; i < n; i++) {
        const unsigned char *rec = cmap->data + 4 + 8 * (size_t)i;
        if (bp_be16(rec) != platform || bp_be16(rec + 2) != encoding)
            continue;
        uint32_t off = bp_be32(rec + 4);
        if (off > cmap->length)
            return false;
        *out = (bp_sfnt_table){cmap->data + off, cmap->length - off};
        return true;
    }
    return false;
}

/* Whether the subtable's arrays lie inside the table; cuts t->length to
 * the subtable's own. */
static bool cmap_subtable_fits(bp_sfnt_table *t, unsigned *format)
{
    const unsigned char *p = t->data;
    uint64_t length;
    *format = t->length >= 4 ? bp_be16(p) : 0xFFFF;
    switch (*format) {
    case 0:
        length = 262;
        break;
    case 4:
        if (t->length < 14)
            return false;
        /* A declared length past the table is cut to it, as HarfBuzz does
         * for fonts that get it wrong. */
        length = bp_be16(p + 2) < t->length ? bp_be16(p + 2) : t->length;
        if (bp_be16(p + 6) & 1 || length < 16 + 4 * (uint64_t)bp_be16(p + 6))
            return false;
        break;
    case 6:
        length = t->length < 10 ? UINT64_MAX : 10 + 2 * (uint64_t)bp_be16(p + 8);
        break;
    case 10:
        length = t->length < 20 ? UINT64_MAX : 20 + 2 * (uint64_t)bp_be32(p + 16);
        break;
    case 12:
    case 13:
        length = t->length < 16 ? UINT64_MAX : 16 + 12 * (uint64_t)bp_be32(p + 12);
        break;
    default:
        return false;
    }
    if (length > t->length)
        return false;
    t->length = (uint32_t)length;
    return true;
}

static const char *check_cmap(bp_sfnt *f)
{
    bp_sfnt_table cmap;
    if (!bp_sfnt_find(f, TAG('c', 'm', 'a', 'p'), &cmap))
        return "the 'cmap' table is missing";
    if (cmap.length < 4 || 4 + 8 * (size_t)bp_be16(cmap.data + 2) > cmap.length)
        return "the 'cmap' table is damaged";
    /* HarfBuzz's order: a symbol subtable first, then full Unicode, then
     * the Basic Multilingual Plane. */
    static const uint16_t order[][2] = {{3, 0}, {3, 10}, {0, 6}, {0, 4}, {3, 1},
                                        {0, 3}, {0, 2},  {0, 1}, {0, 0}};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        if (!cmap_subtable(&cmap, order[i][0], order[i][1], &f->cmap))
            continue;
        if (!cmap_subtable_fits(&f->cmap, &f->cmap_format))
            return "the 'cmap' subtable text is looked up in is damaged or of an unknown format";
        /* OS/2 version 0 may name a font page in fsSelection's high byte:
         * with one, HarfBuzz does not map U+0000–00FF to U+F000–F0FF, and
         * for the two Arabic pages it maps with tables of its own, which
         * such old fonts are not read with here. */
        unsigned page = f->os2_valid && bp_be16(f->os2.data) == 0
                            ? bp_be16(f->os2.data + 62) & 0xFF00 : 0;
        if (i == 0 && (page == 0xB200 || page == 0xB300))
            return "the font is a symbol font for an old Arabic code page";
        f->cmap_symbol = i == 0 && page == 0;
        return NULL;
    }
    return "the 'cmap' table has no Unicode subtable";
}

bool bp_sfnt_open_directory(bp_sfnt *f, const unsigned char *data, size_t len,
                            const char **why)
{
    memset(f, 0, sizeof *f);
    f->data = data;
    f->len = len;
    *why = check_directory(data, len);
    return *why == NULL;
}

bool bp_sfnt_open(bp_sfnt *f, const unsigned char *data, size_t len, const char **why)
{
    const char *problem;
    if (bp_sfnt_open_directory(f, data, len, &problem))
        problem = check_metrics(f);
    if (!problem) {
        find_os2(f);
        problem = check_cmap(f);
    }
    *why = problem;
    return problem == NULL;
}

/* ---- cmap ---------------------------------------------------------------------- */

static unsigned format4_glyph(const bp_sfnt_table *t, uint32_t cp)
{
    if (cp > 0xFFFF)
        return 0;
    const unsigned char *p = t->data;
    unsigned seg_count = bp_be16(p + 6) / 2;
    const unsigned char *ends = p + 14, *starts = ends + 2 * seg_count + 2;
    const unsigned char *deltas = starts + 2 * seg_count, *offsets = deltas + 2 * seg_count;
    size_t n_ids = (t->length - 16 - 8 * (size_t)seg_count) / 2;
    /* the first segment whose end is at or after cp */
    size_t lo = 0, hi = seg_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (bp_be16(ends + 2 * mid) < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == seg_count || bp_be16(starts + 2 * lo) > cp)
        return 0;
    unsigned delta = bp_be16(deltas + 2 * lo), range_offset = bp_be16(offsets + 2 * lo);
    if (range_offset == 0)
        return (cp + delta) & 0xFFFF;
    /* idRangeOffset counts bytes from its own place to the glyph id */
    size_t index = range_offset / 2 + (cp - bp_be16(starts + 2 * lo)) + lo - seg_count;
    if (index >= n_ids)
        return 0;
    unsigned gid = bp_be16(offsets + 2 * (size_t)seg_count + 2 * index);
    return gid ? (gid + delta) & 0xFFFF : 0;
}

/* Formats 12 (a run of glyphs per group) and 13 (one glyph per group). */
static unsigned grouped_glyph(const bp_sfnt_table *t, uint32_t cp, bool many_to_one)
{
    const unsigned char *groups = t->data + 16;
    size_t lo = 0, hi = bp_be32(t->data + 12);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const unsigned char *g = groups + 12 * mid;
        uint32_t first = bp_be32(g), last = bp_be32(g + 4);
        if (cp < first)
            hi = mid;
        else if (cp > last)
            lo = mid + 1;
        else
            return many_to_one ? bp_be32(g + 8) : bp_be32(g + 8) + (cp - first);
    }
    return 0;
}

static unsigned subtable_glyph(const bp_sfnt *f, uint32_t cp)
{
    const bp_sfnt_table *t = &f->cmap;
    switch (f->cmap_format) {
    case 0:
        return cp < 256 ? t->data[6 + cp] : 0;
    case 4:
        return format4_glyph(t, cp);
    case 6: {
        uint32_t first = bp_be16(t->data + 6), count = bp_be16(t->data + 8);
        return cp >= first && cp - first < count ? bp_be16(t->data + 10 + 2 * (cp - first)) : 0;
    }
    case 10: {
        uint32_t first = bp_be32(t->data + 12), count = bp_be32(t->data + 16);
        return cp >= first && cp - first < count ? bp_be16(t->data + 20 + 2 * (cp - first)) : 0;
    }
    default:
        return grouped_glyph(t, cp, f->cmap_format == 13);
    }
}

unsigned bp_sfnt_glyph(const bp_sfnt *f, uint32_t cp)
{
    unsigned gid = subtable_glyph(f, cp);
    /* Symbol fonts put their characters at U+F000–F0FF; text names them
     * by their 8-bit codes, as Windows does. */
    if (!gid && f->cmap_symbol && cp <= 0xFF)
        gid = subtable_glyph(f, 0xF000 + cp);
    return gid < f->n_glyphs ? gid : 0;
}

/* ---- metrics ------------------------------------------------------------------- */

unsigned bp_sfnt_advance(const bp_sfnt *f, unsigned gid)
{
    /* glyphs past the long metrics share the last advance */
    unsigned i = gid < f->n_hmetrics ? gid : f->n_hmetrics - 1;
    return bp_be16(f->hmtx.data + 4 * (size_t)i);
}

static int s16(const unsigned char *p) { return (int16_t)bp_be16(p); }

static int magnitude(int v) { return v < 0 ? -v : v; }

bp_sfnt_metrics bp_sfnt_vertical_metrics(const bp_sfnt *f)
{
    bp_sfnt_metrics m = {0};
    const unsigned char *os2 = f->os2.data, *hhea = f->hhea.data;
    /* HarfBuzz reads an OS/2 table only when it has any of these */
    bool os2_data = f->os2_valid && (bp_be16(os2 + 4) | bp_be16(os2 + 6) | bp_be16(os2 + 64) |
                                     bp_be16(os2 + 66)) != 0;
    if (os2_data && (bp_be16(os2 + 62) & 0x80) /* USE_TYPO_METRICS */) {
        m.ascender = magnitude(s16(os2 + 68));
        m.descender = -magnitude(s16(os2 + 70));
        m.line_gap = s16(os2 + 72);
    } else {
        m.ascender = magnitude(s16(hhea + 4));
        m.descender = -magnitude(s16(hhea + 6));
        m.line_gap = s16(hhea + 8);
    }
    if (f->os2_valid && bp_be16(os2) >= 2 && (bp_be16(os2 + 86) | bp_be16(os2 + 88))) {
        m.cap_height = s16(os2 + 88);
        m.has_cap_height = true;
    }
    return m;
}

/* ---- name ---------------------------------------------------------------------- */

enum { NAME_POSTSCRIPT = 6, LANGUAGE_EN_US = 0x0409 };

/* How good a name record is for an English name: lower is better, -1 not. */
static int name_rank(unsigned platform, unsigned encoding, unsigned language)
{
    if (platform == 3 && (encoding == 1 || encoding == 10 || encoding == 0))
        return language == LANGUAGE_EN_US ? 0 : (language & 0x3FF) == 0x09 ? 1 : -1;
    if (platform == 1 && encoding == 0 && language == 0)
        return 2; /* Macintosh Roman, English */
    return -1;
}

bool bp_sfnt_postscript_name(const bp_sfnt *f, char *out, size_t cap)
{
    bp_sfnt_table name;
    out[0] = '\0';
    if (!bp_sfnt_find(f, TAG('n', 'a', 'm', 'e'), &name) || name.length < 6)
        return false;
    unsigned count = bp_be16(name.data + 2), storage = bp_be16(name.data + 4);
    const unsigned char *best = NULL;
    int best_rank = 3;
    for (unsigned i = 0; i < count && 6 + 12 * ((size_t)i + 1) <= name.length; i++) {
        const unsigned char *r = name.data + 6 + 12 * (size_t)i;
        int rank = name_rank(bp_be16(r), bp_be16(r + 2), bp_be16(r + 4));
        size_t at = (size_t)storage + bp_be16(r + 10), len = bp_be16(r + 8);
        if (bp_be16(r + 6) == NAME_POSTSCRIPT && rank >= 0 && rank < best_rank &&
            at + len <= name.length) {
            best = r;
            best_rank = rank;
        }
    }
    if (!best)
        return false;
    const unsigned char *s = name.data + storage + bp_be16(best + 10);
    size_t len = bp_be16(best + 8), step = bp_be16(best) == 3 ? 2 : 1, o = 0;
    for (size_t i = 0; i + step <= len && o + 1 < cap; i += step) {
        unsigned c = step == 2 ? bp_be16(s + i) : s[i];
        out[o++] = c < 0x80 ? (char)c : '?';
    }
    out[o] = '\0';
    return true;
}
