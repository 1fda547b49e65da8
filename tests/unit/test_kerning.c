/*
 * Unit tests of pair kerning (text/kerning.c): a word kerned from its glyph
 * pairs must come out exactly as HarfBuzz shapes it whole (the same text,
 * width and kerning after every character), in every face briefpress
 * ships, over the brief's words and words chosen to reach the edges of the
 * model: kerning pairs, ligatures, Greek and Cyrillic, marks, soft
 * hyphens, Thai. Words the model does not take must still be shaped, and
 * most of the brief's words must be taken, or the test proves nothing.
 *
 * usage: test_kerning FONTS_DIR [TEXT_FILE]
 */
#include "harness.h"
#include "text/font.h"
#include "text/kerning.h"

#include <stdlib.h>

/* ---- the shipped faces --------------------------------------------------------- */

static const char *const face_files[] = {
    "NotoSerif-Regular.ttf", "NotoSerif-Italic.ttf",     "NotoSerif-Bold.ttf",
    "NotoSerif-BoldItalic.ttf", "NotoSans-Regular.ttf",  "NotoSans-Bold.ttf",
    "NotoSansMono-Regular.ttf", "NotoSerifThai-Regular.ttf", "NanumMyeongjo.ttf",
};
enum { N_FACES = sizeof face_files / sizeof face_files[0] };

static const char *const edge_words[] = {
    "AVATAR", "Tyrannosaurus", "WAVE", "Yo.", "T,", "V.", "“Quote”", "‘a’", "1,234.56",
    "(2022)", "F.", "P.J.", "LPG", "Kassym-Jomart", "ﬁnance", "ﬂoor", "oﬃce", "Ελληνικά",
    "ΑΥΤΟΚΡΑΤΙΑ", "Русский", "ТЯЖЁЛЫЙ", "Ǆemal", "Łódź", "façade", "naïve", "Tr\xCC\x88",
    "e\xCC\x81tude", "co\xC2\xADoperation", "a\xE2\x80\x8B" "b", "x", "Ta", "ภาษาไทย",
    "한국어", "A\xC2\xA0V", "10\xE2\x80\xAF%", "—Yes—", "L’Avenir", "AT&T", "W/Y", "x²", "€5",
    /* longer than a word kerned by pairs may be (64 characters): shaped whole */
    "Pneumonoultramicroscopicsilicovolcanoconiosis-and-Tyrannosaurus-AVATAR-WAVE",
};

static bool same_shaping(const bp_shaped *a, const bp_shaped *b)
{
    if (strcmp(a->text, b->text) != 0 || a->n_chars != b->n_chars || a->width != b->width)
        return false;
    for (size_t i = 0; i < a->n_chars; i++) {
        int ka = a->kern ? a->kern[i] : 0, kb = b->kern ? b->kern[i] : 0;
        if (ka != kb)
            return false;
    }
    return true;
}

static void check_word(bp_fonts *pairs, bp_fonts *whole, int font, const char *w, size_t len)
{
    const bp_shaped *a = bp_font_shape(pairs, font, w, len);
    const bp_shaped *b = bp_font_shape(whole, font, w, len);
    if (same_shaping(a, b)) {
        harness_passed++;
        return;
    }
    harness_failed++;
    fprintf(stderr, "%s: \"%.*s\": by pairs width %ld, whole %ld\n", face_files[font], (int)len,
            w, a->width, b->width);
}

/* Every whitespace-separated word of the file, in every face. */
static void check_text_file(bp_fonts *pairs, bp_fonts *whole, const char *path)
{
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    if (!f)
        return;
    char line[8192];
    while (fgets(line, sizeof line, f))
        for (char *w = strtok(line, " \t\r\n"); w; w = strtok(NULL, " \t\r\n"))
            for (int font = 0; font < N_FACES; font++)
                check_word(pairs, whole, font, w, strlen(w));
    fclose(f);
}

/* ---- the GPOS reader, on faces made up for it ------------------------------- */

typedef struct bytes {
    unsigned char b[256];
    unsigned n;
} bytes;

static void put16(bytes *o, unsigned v)
{
    o->b[o->n++] = (unsigned char)(v >> 8);
    o->b[o->n++] = (unsigned char)v;
}

static void put32(bytes *o, uint32_t v)
{
    put16(o, v >> 16);
    put16(o, v & 0xFFFF);
}

static void put_coverage(bytes *o, unsigned glyph) /* format 1, one glyph */
{
    put16(o, 1);
    put16(o, 1);
    put16(o, glyph);
}

static void add_table(hb_face_t *face, hb_tag_t tag, const bytes *data)
{
    hb_blob_t *blob = hb_blob_create((const char *)data->b, data->n, HB_MEMORY_MODE_DUPLICATE,
                                     NULL, NULL);
    hb_face_builder_add_table(face, tag, blob);
    hb_blob_destroy(blob);
}

/* A face whose GPOS holds one lookup of one subtable (NULL: no GPOS), and
 * optionally a table of another tag. */
static bp_pair_kerning *model_of(unsigned type, unsigned flag, const bytes *sub, hb_tag_t other)
{
    hb_face_t *face = hb_face_builder_create();
    if (sub) {
        bytes gpos = {{0}, 0};
        put16(&gpos, 1), put16(&gpos, 0), put16(&gpos, 0), put16(&gpos, 0);
        put16(&gpos, 10);                  /* the LookupList */
        put16(&gpos, 1), put16(&gpos, 4);  /* one lookup, 4 bytes on */
        put16(&gpos, type), put16(&gpos, flag), put16(&gpos, 1), put16(&gpos, 8);
        memcpy(gpos.b + gpos.n, sub->b, sub->n);
        gpos.n += sub->n;
        add_table(face, HB_TAG('G', 'P', 'O', 'S'), &gpos);
    }
    if (other) {
        bytes some = {{1, 2, 3, 4}, 4};
        add_table(face, other, &some);
    }
    hb_blob_t *font = hb_face_reference_blob(face);
    hb_face_t *built = hb_face_create(font, 0);
    hb_blob_destroy(font);
    hb_face_destroy(face);
    bp_pair_kerning *k = bp_pair_kerning_new(built);
    hb_face_destroy(built);
    return k;
}

static bytes pair_subtable(unsigned value_format2)
{
    bytes s = {{0}, 0};
    put16(&s, 1), put16(&s, 10), put16(&s, 4), put16(&s, value_format2), put16(&s, 0);
    put_coverage(&s, 4);
    return s;
}

static bytes single_subtable(unsigned glyph)
{
    bytes s = {{0}, 0};
    put16(&s, 1), put16(&s, 6), put16(&s, 0);
    put_coverage(&s, glyph);
    return s;
}

static void check_gpos_reader(void)
{
    bytes pair = pair_subtable(0);
    bp_pair_kerning *k = model_of(2, 0, &pair, 0);
    CHECK(k != NULL);
    bp_pair_kerning_free(k);
    k = model_of(0, 0, NULL, 0); /* no positioning at all */
    CHECK(k != NULL);
    bp_pair_kerning_free(k);

    /* Pairs that move the second glyph, or skip ligatures, are not sums. */
    bytes moves_second = pair_subtable(4);
    CHECK(model_of(2, 0, &moves_second, 0) == NULL);
    CHECK(model_of(2, 0x4, &pair, 0) == NULL);
    k = model_of(2, 0x8, &pair, 0); /* skipping marks is fine: no marks are pair-kerned */
    CHECK(k != NULL);
    bp_pair_kerning_free(k);
    /* Tables HarfBuzz may apply beside GPOS. */
    CHECK(model_of(2, 0, &pair, HB_TAG('k', 'e', 'r', 'n')) == NULL);
    CHECK(model_of(2, 0, &pair, HB_TAG('m', 'o', 'r', 'x')) == NULL);
    /* Unknown lookup types, and damaged tables. */
    CHECK(model_of(10, 0, &pair, 0) == NULL);
    bytes cut = pair;
    cut.n = 5;
    CHECK(model_of(1, 0, &cut, 0) == NULL);

    /* Single adjustment: its glyph is kept out, the others are not. */
    hb_face_t *empty = hb_face_get_empty();
    bytes single = single_subtable(5);
    k = model_of(1, 0, &single, 0);
    CHECK(k && !bp_pair_kerning_covers(k, empty, 5) && bp_pair_kerning_covers(k, empty, 6));
    bp_pair_kerning_free(k);
    /* The same through an extension lookup (32-bit offset). */
    bytes ext = {{0}, 0};
    put16(&ext, 1), put16(&ext, 1), put32(&ext, 8);
    memcpy(ext.b + ext.n, single.b, single.n);
    ext.n += single.n;
    k = model_of(9, 0, &ext, 0);
    CHECK(k && !bp_pair_kerning_covers(k, empty, 5) && bp_pair_kerning_covers(k, empty, 6));
    bp_pair_kerning_free(k);
    /* Chained context, format 3: the first input glyph starts a match
     * (glyph 7), not the backtrack (glyph 3). */
    bytes chain = {{0}, 0};
    put16(&chain, 3), put16(&chain, 1), put16(&chain, 14), put16(&chain, 1), put16(&chain, 20);
    put16(&chain, 0), put16(&chain, 0);
    put_coverage(&chain, 3);
    put_coverage(&chain, 7);
    k = model_of(8, 0, &chain, 0);
    CHECK(k && !bp_pair_kerning_covers(k, empty, 7) && bp_pair_kerning_covers(k, empty, 3));
    bp_pair_kerning_free(k);
}

/* ---- pair kerning against whole shaping ------------------------------------- */

int main(int argc, char **argv)
{
    check_gpos_reader();
    if (argc < 2) {
        fprintf(stderr, "usage: test_kerning FONTS_DIR [TEXT_FILE]\n");
        return 2;
    }
    bp_diag_sink diags = {0};
    bp_options opts = {0};
    bp_doc doc;
    bp_doc_init(&doc, &opts, &diags);
    bp_font_face faces[N_FACES];
    for (int i = 0; i < N_FACES; i++)
        faces[i] = (bp_font_face){bp_arena_printf(&doc.arena, "%s/%s", argv[1], face_files[i]),
                                  face_files[i], false, false};
    doc.fonts = faces;
    doc.n_fonts = N_FACES;
    bp_fonts *pairs = bp_fonts_open(&doc), *whole = bp_fonts_open(&doc);
    bp_fonts_shape_whole(whole);

    for (size_t i = 0; i < sizeof edge_words / sizeof edge_words[0]; i++)
        for (int font = 0; font < N_FACES; font++)
            check_word(pairs, whole, font, edge_words[i], strlen(edge_words[i]));
    /* Kerning pairs the serif face has, set by pairs: a test that never
     * takes the pair path would pass whatever that path did. */
    CHECK(bp_font_shape(pairs, 0, "AVATAR", 6)->kern != NULL);
    bp_shaping_counts edge = bp_fonts_shaping_counts(pairs);
    CHECK(edge.by_pairs > 0);
    CHECK(edge.whole > 0); /* marks, soft hyphens, Thai, Korean */
    CHECK_INT(bp_fonts_shaping_counts(whole).by_pairs, 0);

    if (argc > 2) {
        check_text_file(pairs, whole, argv[2]);
        bp_shaping_counts all = bp_fonts_shaping_counts(pairs);
        CHECK(all.by_pairs > 4 * all.whole);
        printf("%zu words by pairs, %zu whole, %zu pairs shaped\n", all.by_pairs, all.whole,
               all.pairs);
    }
    CHECK(!bp_fonts_failed(pairs));
    bp_fonts_close(pairs);
    bp_fonts_close(whole);
    bp_doc_free(&doc);
    return harness_finish();
}
