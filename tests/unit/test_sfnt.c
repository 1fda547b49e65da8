/*
 * Unit tests of the font table reader (base/sfnt.c): layout measures text
 * with it and HarfBuzz shapes the words it cannot take, so both must see
 * the same font. In every shipped face, every code point's glyph, every
 * glyph's advance, the vertical metrics and the PostScript name must be
 * HarfBuzz's; so must they in built fonts whose cmap has each subtable
 * format and platform the reader takes (and the choice between several),
 * and whose OS/2 and hhea take each branch of the metrics rules. Damaged
 * tables must be refused with a reason, never read out of bounds.
 *
 * usage: test_sfnt FONTS_DIR
 */
#include "harness.h"
#include "base/buf.h"
#include "base/file.h"
#include "base/sfnt.h"

#include <hb-ot.h>
#include <hb.h>
#include <stdint.h>
#include <stdlib.h>

static const char *const face_files[] = {
    "NotoSerif-Regular.ttf",    "NotoSerif-Italic.ttf",      "NotoSerif-Bold.ttf",
    "NotoSerif-BoldItalic.ttf", "NotoSans-Regular.ttf",      "NotoSans-Bold.ttf",
    "NotoSansMono-Regular.ttf", "NotoSansMono-Bold.ttf",     "NotoSerifThai-Regular.ttf",
    "NanumMyeongjo.ttf",        "DroidSansFallbackFull.ttf",
};

/* ---- the reader against HarfBuzz ------------------------------------------------ */

/* Compares everything the reader answers with HarfBuzz's answer for the
 * same bytes, code points up to last_cp; returns the number of code points
 * both map (so a caller can tell the comparison was not empty). */
static size_t compare_with_harfbuzz(const char *name, const unsigned char *data, size_t len,
                                    uint32_t last_cp)
{
    bp_sfnt f;
    const char *why;
    if (!bp_sfnt_open(&f, data, len, &why)) {
        harness_failed++;
        fprintf(stderr, "%s: refused: %s\n", name, why);
        return 0;
    }
    hb_blob_t *blob =
        hb_blob_create((const char *)data, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_t *face = hb_face_create(blob, 0);
    hb_font_t *font = hb_font_create(face);
    unsigned upem = hb_face_get_upem(face);
    hb_font_set_scale(font, (int)upem, (int)upem);
    CHECK_INT(f.upem, upem);
    CHECK_INT(f.n_glyphs, hb_face_get_glyph_count(face));

    size_t mapped = 0, wrong = 0;
    for (uint32_t cp = 0; cp <= last_cp; cp++) {
        hb_codepoint_t gid = 0;
        if (!hb_font_get_nominal_glyph(font, cp, &gid) || gid >= f.n_glyphs)
            gid = 0; /* the reader gives no glyph past the font's count */
        unsigned ours = bp_sfnt_glyph(&f, cp);
        mapped += gid != 0;
        if (ours != gid && wrong++ < 5)
            fprintf(stderr, "%s: U+%04X: glyph %u, HarfBuzz %u\n", name, cp, ours, gid);
    }
    for (unsigned g = 0; g < f.n_glyphs; g++) {
        unsigned theirs = (unsigned)hb_font_get_glyph_h_advance(font, g);
        if (bp_sfnt_advance(&f, g) != theirs && wrong++ < 5)
            fprintf(stderr, "%s: glyph %u: advance %u, HarfBuzz %u\n", name, g,
                    bp_sfnt_advance(&f, g), theirs);
    }
    CHECK_INT(wrong, 0);

    bp_sfnt_metrics m = bp_sfnt_vertical_metrics(&f);
    hb_position_t v = 0;
    CHECK(hb_ot_metrics_get_position(font, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, &v));
    CHECK_INT(m.ascender, v);
    CHECK(hb_ot_metrics_get_position(font, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, &v));
    CHECK_INT(m.descender, v);
    CHECK(hb_ot_metrics_get_position(font, HB_OT_METRICS_TAG_HORIZONTAL_LINE_GAP, &v));
    CHECK_INT(m.line_gap, v);
    v = 0;
    CHECK_INT(m.has_cap_height, hb_ot_metrics_get_position(font, HB_OT_METRICS_TAG_CAP_HEIGHT, &v));
    CHECK_INT(m.cap_height, v);

    char ours[64], theirs[64];
    unsigned n = sizeof theirs;
    bool has = bp_sfnt_postscript_name(&f, ours, sizeof ours);
    CHECK_INT(has, hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID,
                                       &n, theirs) > 0);
    if (has)
        CHECK_STR(ours, theirs);

    hb_font_destroy(font);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return mapped;
}

static void check_shipped_faces(const char *dir)
{
    for (size_t i = 0; i < sizeof face_files / sizeof face_files[0]; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, face_files[i]);
        bp_mapped_file file;
        int err = bp_file_map(path, &file);
        CHECK_INT(err, 0);
        if (err)
            continue;
        size_t mapped = compare_with_harfbuzz(face_files[i], file.data, file.len, 0x10FFFF);
        if (mapped < 80) {
            harness_failed++;
            fprintf(stderr, "%s: only %zu code points mapped\n", face_files[i], mapped);
        }
        bp_file_unmap(&file);
    }
}

/* ---- built fonts --------------------------------------------------------------- */

static void put16(bp_buf *b, unsigned v)
{
    bp_buf_putc(b, (char)(v >> 8));
    bp_buf_putc(b, (char)v);
}

static void put32(bp_buf *b, uint32_t v)
{
    put16(b, v >> 16);
    put16(b, v & 0xFFFF);
}

static void add_table(hb_face_t *builder, const char tag[4], const bp_buf *data)
{
    hb_blob_t *blob = hb_blob_create(data->data ? data->data : "", (unsigned)data->len,
                                     HB_MEMORY_MODE_DUPLICATE, NULL, NULL);
    hb_face_builder_add_table(builder, HB_TAG(tag[0], tag[1], tag[2], tag[3]), blob);
    hb_blob_destroy(blob);
}

enum { N_GLYPHS = 600, N_HMETRICS = 400 };

/* What a built font holds besides its cmap. */
typedef struct built {
    int hhea_version;      /* 1, or another to damage it */
    int os2_version;       /* -1: no OS/2 */
    size_t os2_length;     /* 0: as long as its version needs */
    unsigned fs_selection; /* bit 7: use typographic metrics */
    bool os2_no_data;      /* weight, width and first/last char all 0 */
    int cap_height, x_height;
    unsigned upem;
    bool negative_ascender; /* hhea's, as some fonts have it */
    int names;              /* which name records (add_names), 0: no name table */
} built;

static const built plain = {1, 4, 0, 0, false, 700, 500, 2048, false, 0};

/* A name table with PostScript names (ID 6) of several platforms and
 * languages, each different, so that the one chosen shows. */
static void add_names(hb_face_t *builder, int which)
{
    static const struct {
        unsigned platform, encoding, language;
        const char *text;
    } sets[][4] = {
        {{1, 0, 0, "MacRoman-Name"}, {3, 1, 0x0407, "German-Name"}, {3, 1, 0x0409, "US-Name"}},
        {{1, 0, 0, "MacRoman-Name"}, {3, 1, 0x0407, "German-Name"}},
        {{3, 1, 0x0407, "German-Name"}, {3, 1, 0x0809, "British-Name"}},
        {{3, 1, 0x0407, "German-Name"}},
    };
    bp_buf records = {0}, strings = {0};
    unsigned n = 0;
    for (unsigned i = 0; i < 4 && sets[which - 1][i].text; i++, n++) {
        const char *text = sets[which - 1][i].text;
        bool wide = sets[which - 1][i].platform == 3;
        size_t at = strings.len;
        for (const char *c = text; *c; c++) {
            if (wide)
                bp_buf_putc(&strings, 0);
            bp_buf_putc(&strings, *c);
        }
        put16(&records, sets[which - 1][i].platform), put16(&records, sets[which - 1][i].encoding);
        put16(&records, sets[which - 1][i].language), put16(&records, 6);
        put16(&records, (unsigned)(strings.len - at)), put16(&records, (unsigned)at);
    }
    bp_buf t = {0};
    put16(&t, 0), put16(&t, n), put16(&t, 6 + 12 * n);
    bp_buf_append(&t, records.data, records.len);
    bp_buf_append(&t, strings.data, strings.len);
    add_table(builder, "name", &t);
    bp_buf_free(&t), bp_buf_free(&records), bp_buf_free(&strings);
}

/* A font of N_GLYPHS glyphs (glyph g is 10 + g units wide up to the long
 * metrics, then the last of them) with the cmap table given. */
static bp_buf build_font(const built *b, const bp_buf *cmap)
{
    hb_face_t *builder = hb_face_builder_create();
    bp_buf t = {0};
    put32(&t, 0x00010000), put32(&t, 0), put32(&t, 0), put32(&t, 0x5F0F3CF5);
    put16(&t, 0), put16(&t, b->upem);
    for (int i = 0; i < 16; i++)
        put16(&t, 0); /* dates, bounding box, style, ppem, direction */
    put16(&t, 0), put16(&t, 0); /* short loca, glyph data format */
    add_table(builder, "head", &t);

    t.len = 0;
    put16(&t, (unsigned)b->hhea_version), put16(&t, 0);
    put16(&t, b->negative_ascender ? (unsigned)-1900 & 0xFFFF : 1900);
    put16(&t, (unsigned)-500 & 0xFFFF), put16(&t, 67);
    for (int i = 0; i < 12; i++)
        put16(&t, 0);
    put16(&t, N_HMETRICS);
    add_table(builder, "hhea", &t);

    t.len = 0;
    put32(&t, 0x00005000), put16(&t, N_GLYPHS);
    add_table(builder, "maxp", &t);

    t.len = 0;
    for (unsigned g = 0; g < N_HMETRICS; g++)
        put16(&t, 10 + g), put16(&t, 0);
    for (unsigned g = N_HMETRICS; g < N_GLYPHS; g++)
        put16(&t, 0);
    add_table(builder, "hmtx", &t);

    if (b->os2_version >= 0) {
        t.len = 0;
        unsigned v = (unsigned)b->os2_version;
        put16(&t, v), put16(&t, 500), put16(&t, b->os2_no_data ? 0 : 400);
        put16(&t, b->os2_no_data ? 0 : 5);
        while (t.len < 62)
            put16(&t, 0);
        put16(&t, b->fs_selection);
        put16(&t, b->os2_no_data ? 0 : 0x20), put16(&t, b->os2_no_data ? 0 : 0x7E);
        put16(&t, 1800), put16(&t, (unsigned)-400 & 0xFFFF), put16(&t, 200); /* typographic */
        put16(&t, 2000), put16(&t, 600);
        put32(&t, 0), put32(&t, 0);                                        /* v1: 86 bytes */
        put16(&t, (unsigned)b->x_height), put16(&t, (unsigned)b->cap_height); /* v2 */
        put16(&t, 0), put16(&t, 0x20), put16(&t, 2);                      /* 96 bytes */
        put16(&t, 0), put16(&t, 0);                                        /* v5: 100 */
        size_t need = v >= 5 ? 100 : v >= 2 ? 96 : v >= 1 ? 86 : 78;
        t.len = b->os2_length ? b->os2_length : need;
        add_table(builder, "OS/2", &t);
    }
    add_table(builder, "cmap", cmap);
    if (b->names)
        add_names(builder, b->names);
    bp_buf_free(&t);

    hb_blob_t *blob = hb_face_reference_blob(builder);
    unsigned len;
    const char *data = hb_blob_get_data(blob, &len);
    bp_buf font = {0};
    bp_buf_append(&font, data, len);
    hb_blob_destroy(blob);
    hb_face_destroy(builder);
    return font;
}

/* A cmap of the given encoding records, each with its subtable. */
typedef struct record {
    unsigned platform, encoding;
    const bp_buf *subtable;
} record;

static bp_buf cmap_of(const record *r, size_t n)
{
    bp_buf c = {0};
    put16(&c, 0), put16(&c, (unsigned)n);
    size_t at = 4 + 8 * n;
    for (size_t i = 0; i < n; i++) {
        put16(&c, r[i].platform), put16(&c, r[i].encoding), put32(&c, (uint32_t)at);
        at += r[i].subtable->len;
    }
    for (size_t i = 0; i < n; i++)
        bp_buf_append(&c, r[i].subtable->data, r[i].subtable->len);
    return c;
}

/* Format 4 of segments {first, last, delta, glyphs} (glyphs: through the
 * glyph id array when not NULL, each plus delta), and the final one. */
typedef struct segment {
    unsigned first, last, delta;
    const uint16_t *glyphs;
} segment;

static bp_buf format4(const segment *segs, size_t n_segs)
{
    size_t n = n_segs + 1; /* the final 0xFFFF segment */
    size_t n_ids = 0;
    for (size_t i = 0; i < n_segs; i++)
        if (segs[i].glyphs)
            n_ids += segs[i].last - segs[i].first + 1;
    bp_buf s = {0};
    put16(&s, 4), put16(&s, (unsigned)(16 + 8 * n + 2 * n_ids)), put16(&s, 0);
    put16(&s, (unsigned)(2 * n)), put16(&s, 0), put16(&s, 0), put16(&s, 0);
    for (size_t i = 0; i < n_segs; i++)
        put16(&s, segs[i].last);
    put16(&s, 0xFFFF), put16(&s, 0);
    for (size_t i = 0; i < n_segs; i++)
        put16(&s, segs[i].first);
    put16(&s, 0xFFFF);
    for (size_t i = 0; i < n_segs; i++)
        put16(&s, segs[i].delta);
    put16(&s, 1);
    size_t id_at = 0;
    for (size_t i = 0; i < n_segs; i++) {
        /* bytes from this idRangeOffset to the segment's first glyph id */
        size_t to_ids = 2 * (n - i) + 2 * id_at;
        put16(&s, segs[i].glyphs ? (unsigned)to_ids : 0);
        if (segs[i].glyphs)
            id_at += segs[i].last - segs[i].first + 1;
    }
    put16(&s, 0);
    for (size_t i = 0; i < n_segs; i++)
        for (unsigned c = 0; segs[i].glyphs && c <= segs[i].last - segs[i].first; c++)
            put16(&s, segs[i].glyphs[c]);
    return s;
}

/* Formats 12 and 13 of groups {first, last, glyph}. */
static bp_buf grouped(unsigned format, const uint32_t (*groups)[3], size_t n)
{
    bp_buf s = {0};
    put16(&s, format), put16(&s, 0), put32(&s, (uint32_t)(16 + 12 * n)), put32(&s, 0);
    put32(&s, (uint32_t)n);
    for (size_t i = 0; i < n; i++)
        put32(&s, groups[i][0]), put32(&s, groups[i][1]), put32(&s, groups[i][2]);
    return s;
}

static bp_buf trimmed(unsigned format, uint32_t first, unsigned count)
{
    bp_buf s = {0};
    if (format == 6) {
        put16(&s, 6), put16(&s, 10 + 2 * count), put16(&s, 0), put16(&s, first), put16(&s, count);
    } else {
        put16(&s, 10), put16(&s, 0), put32(&s, 20 + 2 * count), put32(&s, 0);
        put32(&s, first), put32(&s, count);
    }
    for (unsigned i = 0; i < count; i++)
        put16(&s, i % 5 == 3 ? 0 : 100 + i); /* some characters without a glyph */
    return s;
}

static bp_buf byte_encoding(void)
{
    bp_buf s = {0};
    put16(&s, 0), put16(&s, 262), put16(&s, 0);
    for (unsigned c = 0; c < 256; c++)
        bp_buf_putc(&s, (char)(c >= 0x20 && c % 7 ? c + 1 : 0));
    return s;
}

/* Whether the built font is read as HarfBuzz reads it, code points up to
 * U+3FFFF (the built cmaps reach U+30000). */
static void check_built(const char *what, const built *b, const bp_buf *cmap, size_t min_mapped)
{
    bp_buf font = build_font(b, cmap);
    size_t mapped = compare_with_harfbuzz(what, (const unsigned char *)font.data, font.len,
                                          0x3FFFF);
    if (mapped < min_mapped) {
        harness_failed++;
        fprintf(stderr, "%s: only %zu code points mapped\n", what, mapped);
    }
    bp_buf_free(&font);
}

/* The reason the font is refused, or NULL. */
static const char *refusal(const built *b, const bp_buf *cmap)
{
    bp_buf font = build_font(b, cmap);
    bp_sfnt f;
    const char *why;
    bool ok = bp_sfnt_open(&f, (const unsigned char *)font.data, font.len, &why);
    bp_buf_free(&font);
    return ok ? NULL : why;
}

static void check_cmap_formats(void)
{
    static const uint16_t latin1[] = {300, 0, 302, 303, 304, 0, 306, 307};
    uint16_t run[0x80];
    for (unsigned i = 0; i < 0x80; i++)
        run[i] = (uint16_t)(i % 9 == 4 ? 0 : 400 + i);
    const segment segs[] = {
        {0x20, 0x7E, (unsigned)-29 & 0xFFFF, NULL}, /* by delta: glyphs 3–97 */
        {0xA0, 0xA7, 0, latin1},                    /* through the array, with gaps */
        {0x100, 0x17F, 5, run},                     /* the array, then the delta */
        {0xF020, 0xF0FF, (unsigned)-0xF000 & 0xFFFF, NULL},
    };
    bp_buf f4 = format4(segs, 4);

    static const uint32_t groups12[][3] = {
        {0x20, 0x7E, 3}, {0xA0, 0x17F, 100}, {0x1F600, 0x1F64F, 450}, {0x30000, 0x300FF, 590},
    };
    bp_buf f12 = grouped(12, groups12, 4);
    static const uint32_t groups13[][3] = {{0x20, 0x7E, 7}, {0x2000, 0x20FF, 8}, {0x20000, 0x2FFFF, 9}};
    bp_buf f13 = grouped(13, groups13, 3);
    bp_buf f6 = trimmed(6, 0x41, 200), f10 = trimmed(10, 0x10000, 300), f0 = byte_encoding();

    record r[2];
    bp_buf c;
#define CMAP(...)                                                                              \
    do {                                                                                      \
        record rs[] = {__VA_ARGS__};                                                          \
        memcpy(r, rs, sizeof rs);                                                             \
        c = cmap_of(r, sizeof rs / sizeof rs[0]);                                             \
    } while (0)
    CMAP({3, 1, &f4});
    check_built("format 4 (3,1)", &plain, &c, 200);
    bp_buf_free(&c);
    CMAP({0, 3, &f4});
    check_built("format 4 (0,3)", &plain, &c, 200);
    bp_buf_free(&c);
    CMAP({3, 1, &f4}, {3, 10, &f12}); /* full Unicode is chosen over the BMP */
    check_built("format 12 over 4", &plain, &c, 300);
    bp_buf_free(&c);
    CMAP({0, 4, &f12});
    check_built("format 12 (0,4)", &plain, &c, 300);
    bp_buf_free(&c);
    CMAP({3, 10, &f13});
    check_built("format 13", &plain, &c, 60000);
    bp_buf_free(&c);
    CMAP({0, 3, &f6});
    check_built("format 6", &plain, &c, 150);
    bp_buf_free(&c);
    CMAP({0, 4, &f10});
    check_built("format 10", &plain, &c, 200);
    bp_buf_free(&c);
    CMAP({0, 0, &f0});
    check_built("format 0", &plain, &c, 150);
    bp_buf_free(&c);
    /* a symbol subtable is chosen first; U+0020–00FF also reach U+F020–F0FF */
    CMAP({3, 0, &f4}, {3, 1, &f12});
    check_built("symbol", &plain, &c, 200);
    bp_buf_free(&c);
    built hebrew_page = plain; /* a font page: no U+F000 mapping */
    hebrew_page.os2_version = 0;
    hebrew_page.fs_selection = 0xB100;
    CMAP({3, 0, &f4}, {3, 1, &f12});
    check_built("symbol with a font page", &hebrew_page, &c, 100);
    bp_buf_free(&c);
    built old_arabic = plain;
    old_arabic.os2_version = 0;
    old_arabic.fs_selection = 0xB300;
    CMAP({3, 0, &f4});
    CHECK(refusal(&old_arabic, &c) != NULL);
    bp_buf_free(&c);
    CMAP({1, 0, &f0}); /* Macintosh only: no subtable HarfBuzz reads */
    CHECK_STR(refusal(&plain, &c), "the 'cmap' table has no Unicode subtable");
    bp_buf_free(&c);
    bp_buf cut = {0};
    bp_buf_append(&cut, f12.data, f12.len - 6); /* the last group runs past its table */
    CMAP({3, 10, &cut});
    CHECK(refusal(&plain, &c) != NULL);
    bp_buf_free(&c);
    bp_buf_free(&cut);
    bp_buf odd = {0};
    bp_buf_append(&odd, f4.data, f4.len);
    odd.data[7] |= 1; /* segCountX2 odd */
    CMAP({3, 1, &odd});
    CHECK(refusal(&plain, &c) != NULL);
    bp_buf_free(&c);
    bp_buf_free(&odd);
#undef CMAP
    bp_buf_free(&f4), bp_buf_free(&f12), bp_buf_free(&f13);
    bp_buf_free(&f6), bp_buf_free(&f10), bp_buf_free(&f0);
}

static void check_metrics_rules(void)
{
    static const uint32_t groups[][3] = {{0x20, 0x7E, 3}};
    bp_buf sub = grouped(12, groups, 1);
    record r = {3, 10, &sub};
    bp_buf c = cmap_of(&r, 1);
    struct {
        const char *what;
        built b;
    } cases[] = {
        {"hhea metrics", plain},
        {"typographic metrics", {1, 4, 0, 0x80, false, 700, 500, 2048, false, 0}},
        {"typographic bit, OS/2 without data", {1, 4, 0, 0x80, true, 700, 500, 2048, false, 0}},
        {"typographic bit, OS/2 too short", {1, 4, 90, 0x80, false, 700, 500, 2048, false, 0}},
        {"OS/2 version 0", {1, 0, 0, 0x80, false, 700, 500, 2048, false, 0}},
        {"OS/2 version 1", {1, 1, 0, 0, false, 700, 500, 2048, false, 0}},
        {"OS/2 version 5", {1, 5, 0, 0x80, false, 700, 500, 2048, false, 0}},
        {"no cap or x height", {1, 2, 0, 0, false, 0, 0, 2048, false, 0}},
        {"x height only", {1, 3, 0, 0, false, 0, 480, 2048, false, 0}},
        {"no OS/2", {1, -1, 0, 0, false, 0, 0, 1000, false, 0}},
        {"units per em out of range", {1, 4, 0, 0, false, 700, 500, 12, false, 0}},
        {"negative hhea ascender", {1, 1, 0, 0, false, 700, 500, 2048, true, 0}},
        {"names: Mac, German, US English", {1, 4, 0, 0, false, 700, 500, 2048, false, 1}},
        {"names: Mac, German", {1, 4, 0, 0, false, 700, 500, 2048, false, 2}},
        {"names: German, British English", {1, 4, 0, 0, false, 700, 500, 2048, false, 3}},
        {"names: German only", {1, 4, 0, 0, false, 700, 500, 2048, false, 4}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_built(cases[i].what, &cases[i].b, &c, 90);
    built bad_hhea = plain;
    bad_hhea.hhea_version = 2;
    CHECK_STR(refusal(&bad_hhea, &c), "the 'hhea' table is damaged");
    bp_buf_free(&c);
    bp_buf_free(&sub);
}

/* Directory damage: refused with a reason, never read past the end. */
static void check_damaged_files(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, face_files[0]);
    bp_mapped_file file;
    if (bp_file_map(path, &file) != 0) {
        harness_failed++;
        return;
    }
    bp_sfnt f;
    const char *why;
    for (size_t len = 0; len < 400; len += 7) {
        /* copies, so that AddressSanitizer sees the end */
        unsigned char *cut = malloc(len ? len : 1);
        memcpy(cut, file.data, len);
        CHECK(!bp_sfnt_open(&f, cut, len, &why) && why != NULL);
        free(cut);
    }
    unsigned char ttc[16] = {'t', 't', 'c', 'f', 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 16};
    CHECK(!bp_sfnt_open(&f, ttc, sizeof ttc, &why));
    CHECK(strstr(why, "collection") != NULL);
    bp_file_unmap(&file);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_sfnt FONTS_DIR\n");
        return 2;
    }
    check_shipped_faces(argv[1]);
    check_cmap_formats();
    check_metrics_rules();
    check_damaged_files(argv[1]);
    return harness_finish();
}
