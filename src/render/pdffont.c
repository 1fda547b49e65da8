/*
 * render/pdffont.c — a subset TrueType face as Type0/CIDFontType2 objects.
 *
 * Refs: ISO 32000-1 §9.6.3 (font dictionaries), §9.7.4 (CIDFonts, /W,
 * CIDToGIDMap), §9.8 (font descriptors), §9.9 (FontFile2, Length1),
 * §9.10.3 (ToUnicode CMaps); OpenType spec ('head', 'post', 'OS/2').
 */
#include "render/pdffont.h"

#include "base/arena.h"
#include "base/bytes.h"
#include "base/hash.h"
#include "base/sfnt.h"
#include "base/utf8.h"
#include "render/stream.h"

#include <hpdf_doc.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct bp_pdf_font {
    HPDF_Dict type0;
    uint32_t *cps;  /* sorted code points of the text … */
    uint16_t *gids; /* … and their glyphs in the subset (0 = none) */
    size_t n;
    uint16_t *bmp[256]; /* the same for the BMP, by high byte: every
                           character of every page is looked up */
};

/* ---- reading the face ------------------------------------------------------- */

/* What the FontDescriptor says, in 1/1000 em. */
typedef struct face_metrics {
    int bbox[4];
    double italic_angle;
    int ascent, descent, cap_height, stem_v;
    int flags;
} face_metrics;

/* The bytes of table `tag`, or NULL when the face lacks it or it is
 * shorter than `need`. */
static const unsigned char *table_data(const bp_sfnt *face, uint32_t tag, unsigned need)
{
    bp_sfnt_table t;
    return bp_sfnt_find(face, tag, &t) && t.length >= need ? t.data : NULL;
}

static face_metrics read_metrics(const bp_sfnt *face)
{
    face_metrics m = {.flags = 32 /* nonsymbolic */};
    double per_unit = 1000.0 / (double)face->upem;
    const unsigned char *head = table_data(face, BP_SFNT_TAG('h', 'e', 'a', 'd'), 44);
    for (int i = 0; head && i < 4; i++)
        m.bbox[i] = (int)((int16_t)bp_be16(head + 36 + 2 * i) * per_unit);
    const unsigned char *post = table_data(face, BP_SFNT_TAG('p', 'o', 's', 't'), 16);
    if (post) {
        m.italic_angle = (double)(int32_t)bp_be32(post + 4) / 65536.0;
        if (post[12] | post[13] | post[14] | post[15])
            m.flags |= 1; /* fixed pitch */
    }
    const unsigned char *os2 = table_data(face, BP_SFNT_TAG('O', 'S', '/', '2'), 64);
    unsigned weight = os2 ? bp_be16(os2 + 4) : 400;
    if ((os2 && (bp_be16(os2 + 62) & 1)) || m.italic_angle != 0)
        m.flags |= 64; /* italic */
    /* No table gives the dominant stem width; this is the usual estimate
     * from the weight class (400 → 88, 700 → 166). */
    m.stem_v = 50 + (int)((weight / 65.0) * (weight / 65.0));
    bp_sfnt_metrics v = bp_sfnt_vertical_metrics(face);
    m.ascent = (int)(v.ascender * per_unit);
    m.descent = (int)(v.descender * per_unit);
    m.cap_height = v.has_cap_height ? (int)(v.cap_height * per_unit) : m.ascent;
    return m;
}

/* The PostScript name, cut to the characters a PDF name may hold plainly. */
static void postscript_name(const bp_sfnt *face, char *out, size_t cap)
{
    char raw[64];
    bp_sfnt_postscript_name(face, raw, sizeof raw);
    size_t o = 0;
    for (const char *p = raw; *p && o + 1 < cap; p++)
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.')
            out[o++] = *p;
    if (o == 0)
        o = (size_t)snprintf(out, cap, "Font");
    out[o] = '\0';
}

/* Six capitals from the name and glyph set (§9.6.4): different subsets of
 * one face get different tags, and the same input the same tag. */
static void subset_tag(const char *name, const uint32_t *cps, size_t n, char tag[7])
{
    uint64_t h = bp_hash_str(BP_HASH_SEED, name);
    for (size_t i = 0; i < n; i++)
        h = (h ^ cps[i]) * 1099511628211u;
    for (int i = 0; i < 6; i++, h /= 26)
        tag[i] = (char)('A' + h % 26);
    tag[6] = '\0';
}

/* ---- objects ------------------------------------------------------------------ */

/* Adds obj to the file as an indirect object; libharu frees it on failure. */
static bool make_indirect(HPDF_Doc pdf, void *obj)
{
    return obj && HPDF_Xref_Add(pdf->xref, obj) == HPDF_OK;
}

static HPDF_Dict font_descriptor(HPDF_Doc pdf, bp_pdf_streams *streams, const char *base_name,
                                 const face_metrics *m, const unsigned char *subset,
                                 size_t sub_len)
{
    char length1[32];
    snprintf(length1, sizeof length1, "/Length1 %zu", sub_len);
    HPDF_Dict file = bp_pdf_own_stream(pdf, streams, length1, subset, sub_len);
    HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
    if (!file || !make_indirect(pdf, d))
        return NULL;
    HPDF_Dict_AddName(d, "Type", "FontDescriptor");
    HPDF_Dict_AddName(d, "FontName", base_name);
    HPDF_Dict_AddNumber(d, "Flags", m->flags);
    HPDF_Array bbox = HPDF_Array_New(pdf->mmgr);
    for (int i = 0; i < 4; i++)
        HPDF_Array_AddNumber(bbox, m->bbox[i]);
    HPDF_Dict_Add(d, "FontBBox", bbox);
    HPDF_Dict_AddReal(d, "ItalicAngle", (HPDF_REAL)m->italic_angle);
    HPDF_Dict_AddNumber(d, "Ascent", m->ascent);
    HPDF_Dict_AddNumber(d, "Descent", m->descent);
    HPDF_Dict_AddNumber(d, "CapHeight", m->cap_height);
    HPDF_Dict_AddNumber(d, "StemV", m->stem_v);
    HPDF_Dict_Add(d, "FontFile2", file);
    return d;
}

typedef struct glyph_text {
    uint16_t gid;
    uint32_t cp;
} glyph_text;

static int by_gid(const void *a, const void *b)
{
    const glyph_text *x = a, *y = b;
    return x->gid != y->gid ? (x->gid < y->gid ? -1 : 1) : (x->cp < y->cp ? -1 : x->cp > y->cp);
}

/* The glyphs drawn, ascending, each once with its lowest code point. */
static size_t glyphs_used(const bp_pdf_font *f, glyph_text *out)
{
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++)
        if (f->gids[i])
            out[n++] = (glyph_text){f->gids[i], f->cps[i]};
    qsort(out, n, sizeof *out, by_gid);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (u == 0 || out[u - 1].gid != out[i].gid)
            out[u++] = out[i];
    return u;
}

/* [first [w w …] first [w …] …]: consecutive glyphs share an entry. Widths
 * truncated to 1/1000 em, as layout measured them. */
static HPDF_Array widths_array(HPDF_Doc pdf, const bp_sfnt *face, const glyph_text *g,
                               size_t n)
{
    HPDF_Array w = HPDF_Array_New(pdf->mmgr);
    HPDF_Array run = NULL;
    for (size_t i = 0; w && i < n; i++) {
        if (!run || g[i].gid != g[i - 1].gid + 1) {
            HPDF_Array_AddNumber(w, g[i].gid);
            run = HPDF_Array_New(pdf->mmgr);
            HPDF_Array_Add(w, run);
        }
        unsigned adv = g[i].gid < face->n_glyphs ? bp_sfnt_advance(face, g[i].gid) : 0;
        HPDF_Array_AddNumber(run, (HPDF_INT32)(adv * 1000 / face->upem));
    }
    return w;
}

/* UTF-16BE hex of the text a glyph stands for. The ligature code points
 * U+FB00–FB04 map to their letters, so copying "ﬁ" gives "fi". */
static void append_unicode_hex(bp_buf *b, uint32_t cp)
{
    static const char *const ligatures[] = {"00660066", "00660069", "0066006C", "006600660069",
                                            "00660066006C"};
    if (cp >= 0xFB00 && cp <= 0xFB04)
        bp_buf_puts(b, ligatures[cp - 0xFB00]);
    else
        bp_pdf_put_utf16_hex(b, cp);
}

/* Four uppercase hex digits, as %04X would write them, without printf:
 * a ToUnicode map holds two per glyph. */
static void put_hex4(bp_buf *out, unsigned v)
{
    static const char hex[] = "0123456789ABCDEF";
    char d[4] = {hex[(v >> 12) & 15], hex[(v >> 8) & 15], hex[(v >> 4) & 15], hex[v & 15]};
    bp_buf_append(out, d, 4);
}

/* cp's UTF-16 code units (a surrogate pair beyond the BMP); how many. */
static int utf16_units(uint32_t cp, unsigned units[2])
{
    if (cp <= 0xFFFF) {
        units[0] = cp;
        return 1;
    }
    units[0] = 0xD800 + ((cp - 0x10000) >> 10);
    units[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
    return 2;
}

void bp_pdf_put_utf16_hex(bp_buf *out, uint32_t cp)
{
    unsigned units[2];
    for (int i = 0, n = utf16_units(cp, units); i < n; i++)
        put_hex4(out, units[i]);
}

bool bp_pdf_text_is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7F)
            return false;
    return true;
}

void bp_pdf_put_utf16_text(bp_buf *out, const char *s)
{
    bp_buf_append(out, "\xFE\xFF", 2);
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        size_t used;
        uint32_t cp = bp_utf8_decode(s + i, len - i, &used);
        i += used;
        unsigned units[2];
        for (int k = 0, n = utf16_units(cp == BP_UTF8_INVALID ? 0xFFFD : cp, units); k < n; k++) {
            char be[2] = {(char)(units[k] >> 8), (char)(units[k] & 0xFF)};
            bp_buf_append(out, be, 2);
        }
    }
}

static void build_to_unicode(bp_buf *b, const glyph_text *g, size_t n)
{
    bp_buf_puts(b, "/CIDInit /ProcSet findresource begin\n"
                   "12 dict begin\n"
                   "begincmap\n"
                   "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                   "/CMapName /Adobe-Identity-UCS def\n"
                   "/CMapType 2 def\n"
                   "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    for (size_t i = 0; i < n; i += 100) { /* at most 100 entries per block */
        size_t end = i + 100 < n ? i + 100 : n;
        bp_buf_printf(b, "%zu beginbfchar\n", end - i);
        for (size_t j = i; j < end; j++) {
            bp_buf_putc(b, '<');
            put_hex4(b, g[j].gid);
            bp_buf_puts(b, "> <");
            append_unicode_hex(b, g[j].cp);
            bp_buf_puts(b, ">\n");
        }
        bp_buf_puts(b, "endbfchar\n");
    }
    bp_buf_puts(b, "endcmap\n"
                   "CMapName currentdict /CMap defineresource pop\n"
                   "end\n"
                   "end\n");
}

/* An indirect /Type /Font dictionary of `subtype` named base_name. */
static HPDF_Dict font_dict(HPDF_Doc pdf, const char *subtype, const char *base_name)
{
    HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
    if (!make_indirect(pdf, d))
        return NULL;
    HPDF_Dict_AddName(d, "Type", "Font");
    HPDF_Dict_AddName(d, "Subtype", subtype);
    HPDF_Dict_AddName(d, "BaseFont", base_name);
    return d;
}

static HPDF_Dict cid_font(HPDF_Doc pdf, const char *base_name, HPDF_Dict descriptor,
                          HPDF_Array widths)
{
    HPDF_Dict d = font_dict(pdf, "CIDFontType2", base_name);
    if (!d)
        return NULL;
    HPDF_Dict info = HPDF_Dict_New(pdf->mmgr);
    HPDF_Dict_Add(info, "Registry", HPDF_String_New(pdf->mmgr, "Adobe", NULL));
    HPDF_Dict_Add(info, "Ordering", HPDF_String_New(pdf->mmgr, "Identity", NULL));
    HPDF_Dict_AddNumber(info, "Supplement", 0);
    HPDF_Dict_Add(d, "CIDSystemInfo", info);
    HPDF_Dict_Add(d, "FontDescriptor", descriptor);
    HPDF_Dict_Add(d, "W", widths);
    HPDF_Dict_AddName(d, "CIDToGIDMap", "Identity");
    return d;
}

static HPDF_Dict type0_font(HPDF_Doc pdf, const char *base_name, HPDF_Dict cid,
                            HPDF_Dict to_unicode)
{
    HPDF_Dict d = font_dict(pdf, "Type0", base_name);
    if (!d)
        return NULL;
    HPDF_Dict_AddName(d, "Encoding", "Identity-H");
    HPDF_Array descendants = HPDF_Array_New(pdf->mmgr);
    HPDF_Array_Add(descendants, cid);
    HPDF_Dict_Add(d, "DescendantFonts", descendants);
    HPDF_Dict_Add(d, "ToUnicode", to_unicode);
    return d;
}

static HPDF_Dict make_objects(HPDF_Doc pdf, bp_pdf_streams *streams, const bp_pdf_font *f,
                              const bp_sfnt *face, const unsigned char *subset, size_t sub_len)
{
    char name[64], base_name[72], tag[7];
    postscript_name(face, name, sizeof name);
    subset_tag(name, f->cps, f->n, tag);
    snprintf(base_name, sizeof base_name, "%s+%s", tag, name);
    face_metrics m = read_metrics(face);

    glyph_text *glyphs = bp_xmalloc((f->n ? f->n : 1) * sizeof *glyphs);
    size_t n_glyphs = glyphs_used(f, glyphs);
    bp_buf cmap = {0};
    build_to_unicode(&cmap, glyphs, n_glyphs);
    HPDF_Dict to_unicode = bp_pdf_own_stream(pdf, streams, "", cmap.data, cmap.len);
    bp_buf_free(&cmap);
    HPDF_Array widths = widths_array(pdf, face, glyphs, n_glyphs);
    free(glyphs);

    HPDF_Dict descriptor = font_descriptor(pdf, streams, base_name, &m, subset, sub_len);
    HPDF_Dict cid = descriptor && widths ? cid_font(pdf, base_name, descriptor, widths) : NULL;
    return cid && to_unicode ? type0_font(pdf, base_name, cid, to_unicode) : NULL;
}

bp_pdf_font *bp_pdf_font_new(HPDF_Doc pdf, bp_pdf_streams *streams, const unsigned char *subset,
                             size_t sub_len, const uint32_t *cps, size_t n_cps, const char **why)
{
    bp_sfnt face;
    if (!bp_sfnt_open(&face, subset, sub_len, why))
        return NULL;
    bp_pdf_font *f = bp_xcalloc(1, sizeof *f);
    f->n = n_cps;
    f->cps = bp_xmalloc((n_cps ? n_cps : 1) * sizeof *f->cps);
    f->gids = bp_xmalloc((n_cps ? n_cps : 1) * sizeof *f->gids);
    for (size_t i = 0; i < n_cps; i++) {
        f->cps[i] = cps[i];
        f->gids[i] = (uint16_t)bp_sfnt_glyph(&face, cps[i]);
        if (cps[i] <= 0xFFFF) {
            uint16_t **block = &f->bmp[cps[i] >> 8];
            if (!*block)
                *block = bp_xcalloc(256, sizeof **block);
            (*block)[cps[i] & 0xFF] = f->gids[i];
        }
    }
    f->type0 = make_objects(pdf, streams, f, &face, subset, sub_len);
    if (!f->type0) {
        *why = "the PDF library could not make its font objects";
        bp_pdf_font_free(f);
        return NULL;
    }
    return f;
}

void bp_pdf_font_free(bp_pdf_font *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < 256; i++)
        free(f->bmp[i]);
    free(f->cps);
    free(f->gids);
    free(f);
}

HPDF_Dict bp_pdf_font_dict(const bp_pdf_font *f) { return f->type0; }

static uint16_t glyph_of(const bp_pdf_font *f, uint32_t cp)
{
    if (cp <= 0xFFFF)
        return f->bmp[cp >> 8] ? f->bmp[cp >> 8][cp & 0xFF] : 0;
    size_t lo = 0, hi = f->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->cps[mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < f->n && f->cps[lo] == cp ? f->gids[lo] : 0;
}

/* One byte of a glyph code in a literal string (§7.3.4.2): the string's
 * delimiters and backslash escaped, and the line ends, which a reader
 * would otherwise take as one "\n". Room is reserved by the caller. */
static inline void put_code_byte(bp_buf *out, unsigned char b)
{
    static const char escaped[] = {['\n'] = 'n', ['\r'] = 'r', ['('] = '(', [')'] = ')',
                                   ['\\'] = '\\'};
    if (b < sizeof escaped && escaped[b]) {
        out->data[out->len++] = '\\';
        out->data[out->len++] = escaped[b];
    } else {
        out->data[out->len++] = (char)b;
    }
}

void bp_pdf_font_append_tj(const bp_pdf_font *f, bp_buf *out, const char *text,
                           const int16_t *kern)
{
    size_t len = strlen(text), k = 0;
    /* Every page's every run comes through here: room for the whole run
     * at once (two bytes per character, each escaped at worst), written in
     * place. */
    bp_buf_reserve(out, 4 * len + 4);
    bp_buf_append(out, "[(", 2);
    for (size_t i = 0; i < len; k++) {
        size_t used;
        uint32_t cp = bp_utf8_decode(text + i, len - i, &used);
        i += used;
        uint16_t g = glyph_of(f, cp);
        put_code_byte(out, (unsigned char)(g >> 8));
        put_code_byte(out, (unsigned char)g);
        /* TJ numbers are subtracted from the advance: closer = positive. */
        if (kern && kern[k] != 0 && i < len) {
            bp_buf_append(out, ")", 1);
            bp_buf_put_int(out, -kern[k]);
            bp_buf_reserve(out, 4 * (len - i) + 6);
            bp_buf_append(out, "(", 1);
        }
    }
    bp_buf_append(out, ")]", 2);
}
