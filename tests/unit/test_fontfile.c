/*
 * Unit tests of font subsetting (render/fontfile.c): in every shipped face,
 * each character of a subset must draw the same outline with the same
 * advance as in the whole font (composite glyphs built of renumbered
 * components included), characters beyond the BMP too; the subset must
 * pass the font check, carry no hinting and be much smaller; a damaged
 * font must be refused, not read out of bounds.
 *
 * usage: test_fontfile FONTS_DIR
 */
#include "harness.h"
#include "render/fontfile.h"

#include <hb-ot.h>
#include <hb.h>
#include <stdlib.h>

#include "base/buf.h"
#include "base/bytes.h"

static const char *const face_files[] = {
    "NotoSerif-Regular.ttf", "NotoSerif-Italic.ttf",     "NotoSerif-Bold.ttf",
    "NotoSerif-BoldItalic.ttf", "NotoSans-Regular.ttf",  "NotoSans-Bold.ttf",
    "NotoSansMono-Regular.ttf", "NotoSerifThai-Regular.ttf", "NanumMyeongjo.ttf",
    "DroidSansFallbackFull.ttf",
};

/* ---- outlines, as HarfBuzz draws them ------------------------------------------ */

static void record(bp_buf *b, char op, int n, const float *v)
{
    bp_buf_putc(b, op);
    for (int i = 0; i < n; i++)
        bp_buf_printf(b, " %g", v[i]);
}

static void move_to(hb_draw_funcs_t *d, void *b, hb_draw_state_t *s, float x, float y, void *u)
{
    (void)d, (void)s, (void)u;
    record(b, 'M', 2, (float[]){x, y});
}

static void line_to(hb_draw_funcs_t *d, void *b, hb_draw_state_t *s, float x, float y, void *u)
{
    (void)d, (void)s, (void)u;
    record(b, 'L', 2, (float[]){x, y});
}

static void quad_to(hb_draw_funcs_t *d, void *b, hb_draw_state_t *s, float cx, float cy, float x,
                    float y, void *u)
{
    (void)d, (void)s, (void)u;
    record(b, 'Q', 4, (float[]){cx, cy, x, y});
}

static void cubic_to(hb_draw_funcs_t *d, void *b, hb_draw_state_t *s, float c1x, float c1y,
                     float c2x, float c2y, float x, float y, void *u)
{
    (void)d, (void)s, (void)u;
    record(b, 'C', 6, (float[]){c1x, c1y, c2x, c2y, x, y});
}

static void close_path(hb_draw_funcs_t *d, void *b, hb_draw_state_t *s, void *u)
{
    (void)d, (void)s, (void)u;
    bp_buf_putc(b, 'Z');
}

static hb_draw_funcs_t *draw_funcs(void)
{
    static hb_draw_funcs_t *funcs;
    if (!funcs) {
        funcs = hb_draw_funcs_create();
        hb_draw_funcs_set_move_to_func(funcs, move_to, NULL, NULL);
        hb_draw_funcs_set_line_to_func(funcs, line_to, NULL, NULL);
        hb_draw_funcs_set_quadratic_to_func(funcs, quad_to, NULL, NULL);
        hb_draw_funcs_set_cubic_to_func(funcs, cubic_to, NULL, NULL);
        hb_draw_funcs_set_close_path_func(funcs, close_path, NULL, NULL);
        hb_draw_funcs_make_immutable(funcs);
    }
    return funcs;
}

/* The character's glyph outline and advance ("" when the font lacks it). */
static void outline_of(hb_font_t *font, uint32_t cp, bp_buf *out)
{
    out->len = 0;
    hb_codepoint_t gid;
    if (!hb_font_get_nominal_glyph(font, cp, &gid))
        return;
    bp_buf_printf(out, "advance %d ", hb_font_get_glyph_h_advance(font, gid));
    hb_font_get_glyph_shape(font, gid, draw_funcs(), out);
}

/* ---- the checks ------------------------------------------------------------------ */

static hb_font_t *font_of(const unsigned char *data, size_t len, hb_blob_t **blob)
{
    *blob = hb_blob_create((const char *)data, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_t *face = hb_face_create(*blob, 0);
    hb_font_t *font = hb_font_create(face);
    hb_face_destroy(face);
    return font;
}

/* Whether the table is absent from the font. */
static bool lacks(const unsigned char *font, hb_tag_t tag)
{
    unsigned n = bp_be16(font + 4);
    for (unsigned i = 0; i < n; i++)
        if (bp_be32(font + 12 + 16 * (size_t)i) == tag)
            return false;
    return true;
}

/* Subsets the font to cps and compares every character with the whole font. */
static void check_subset(const char *name, const unsigned char *data, size_t len,
                         const uint32_t *cps, size_t n)
{
    unsigned char *sub = NULL;
    size_t sub_len = 0;
    const char *why = NULL;
    bool ok = bp_fontfile_subset(data, len, cps, n, &sub, &sub_len, &why);
    CHECK(ok);
    if (!ok) {
        fprintf(stderr, "%s: %s\n", name, why);
        return;
    }
    CHECK(bp_fontfile_check(sub, sub_len, &why));
    CHECK(sub_len < len / 2);
    /* no hinting */
    CHECK(lacks(sub, HB_TAG('f', 'p', 'g', 'm')) && lacks(sub, HB_TAG('p', 'r', 'e', 'p')) &&
          lacks(sub, HB_TAG('c', 'v', 't', ' ')) && lacks(sub, HB_TAG('G', 'P', 'O', 'S')));

    hb_blob_t *whole_blob, *sub_blob;
    hb_font_t *whole = font_of(data, len, &whole_blob), *part = font_of(sub, sub_len, &sub_blob);
    bp_buf a = {0}, b = {0};
    int differ = 0;
    for (size_t i = 0; i < n; i++) {
        outline_of(whole, cps[i], &a);
        outline_of(part, cps[i], &b);
        bool same = a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0);
        if (!same && differ++ < 3)
            fprintf(stderr, "%s: U+%04X draws differently in the subset\n", name, cps[i]);
        if (same)
            harness_passed++;
        else
            harness_failed++;
    }
    bp_buf_free(&a);
    bp_buf_free(&b);
    hb_font_destroy(whole);
    hb_font_destroy(part);
    hb_blob_destroy(whole_blob);
    hb_blob_destroy(sub_blob);
    free(sub);
}

/* Every k-th character the face maps, and every one beyond the BMP. */
static uint32_t *sample(const unsigned char *data, size_t len, unsigned every, size_t *n)
{
    hb_blob_t *blob;
    hb_font_t *font = font_of(data, len, &blob);
    hb_set_t *all = hb_set_create();
    hb_face_collect_unicodes(hb_font_get_face(font), all);
    uint32_t *cps = malloc((hb_set_get_population(all) + 1) * sizeof *cps);
    *n = 0;
    unsigned k = 0;
    for (hb_codepoint_t cp = HB_SET_VALUE_INVALID; hb_set_next(all, &cp); k++)
        if (k % every == 0 || cp > 0xFFFF)
            cps[(*n)++] = cp;
    hb_set_destroy(all);
    hb_font_destroy(font);
    hb_blob_destroy(blob);
    return cps;
}

static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *data = malloc(n > 0 ? (size_t)n : 1);
    *len = data ? fread(data, 1, (size_t)n, f) : 0;
    fclose(f);
    return data;
}

/* A font whose glyph data is cut short is refused or subset without reading
 * past its end (the sanitizer build checks the latter). */
static void check_damaged(const unsigned char *data, size_t len)
{
    static const uint32_t text[] = {'A', 'V', 0xE9, 0x1EA0};
    for (size_t cut = len / 3; cut < len; cut += len / 5) {
        unsigned char *copy = malloc(cut);
        memcpy(copy, data, cut);
        unsigned char *sub = NULL;
        size_t sub_len = 0;
        const char *why = NULL;
        bool ok = bp_fontfile_subset(copy, cut, text, 4, &sub, &sub_len, &why);
        CHECK(ok || why != NULL);
        free(sub);
        free(copy);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_fontfile FONTS_DIR\n");
        return 2;
    }
    for (size_t f = 0; f < sizeof face_files / sizeof face_files[0]; f++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", argv[1], face_files[f]);
        size_t len = 0;
        unsigned char *data = read_file(path, &len);
        CHECK(data != NULL);
        if (!data)
            continue;
        /* A sample of the whole repertoire, then the brief's kind of text. */
        size_t n;
        uint32_t *cps = sample(data, len, len > 2000000 ? 97 : 7, &n);
        check_subset(face_files[f], data, len, cps, n);
        free(cps);
        static const uint32_t latin[] = {'A', 'V', 'a', 'e', 0xE9, 0xE0, 0xFC, 0xC5, 0x141,
                                         0x1EA0, 0x2014, 0x2019, 0xFB01, 0x20AC};
        check_subset(face_files[f], data, len, latin, sizeof latin / sizeof latin[0]);
        if (f == 0)
            check_damaged(data, len);
        free(data);
    }
    return harness_finish();
}
