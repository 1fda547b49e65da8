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

#include <hb.h>
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
    unsigned char b[2048];
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

/* maxp of a 200-glyph font: every built face has it. */
static const bytes maxp_200_glyphs = {{0, 0, 0x50, 0, 0, 200}, 6};

/* The face a face builder's tables make (the builder is used up). */
static hb_face_t *built_face(hb_face_t *builder)
{
    hb_blob_t *font = hb_face_reference_blob(builder);
    hb_face_t *face = hb_face_create(font, 0);
    hb_blob_destroy(font);
    hb_face_destroy(builder);
    return face;
}

/* The face's file as briefpress reads it (base/sfnt.h), its bytes held
 * by *blob. */
static bp_sfnt sfnt_of(hb_face_t *face, hb_blob_t **blob)
{
    *blob = hb_face_reference_blob(face);
    unsigned len;
    const char *data = hb_blob_get_data(*blob, &len), *why;
    bp_sfnt f;
    if (!bp_sfnt_open_directory(&f, (const unsigned char *)data, len, &why)) {
        fprintf(stderr, "built face unreadable: %s\n", why);
        exit(1);
    }
    return f;
}

/* The bytes of built faces: models read their tables in place, so they
 * are kept to the end. */
static hb_blob_t *held[256];
static size_t n_held;

/* The model of the face's tables. */
static bp_pair_kerning *model_of_face(hb_face_t *face)
{
    hb_blob_t *blob;
    bp_sfnt f = sfnt_of(face, &blob);
    if (n_held == sizeof held / sizeof held[0]) {
        fprintf(stderr, "more built faces than held[] holds\n");
        exit(1);
    }
    held[n_held++] = blob;
    return bp_pair_kerning_new(&f);
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
    add_table(face, HB_TAG('m', 'a', 'x', 'p'), &maxp_200_glyphs);
    hb_face_t *built = built_face(face);
    bp_pair_kerning *k = model_of_face(built);
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
    bytes single = single_subtable(5);
    k = model_of(1, 0, &single, 0);
    CHECK(k && !bp_pair_kerning_covers(k, 5) && bp_pair_kerning_covers(k, 6));
    bp_pair_kerning_free(k);
    /* The same through an extension lookup (32-bit offset). */
    bytes ext = {{0}, 0};
    put16(&ext, 1), put16(&ext, 1), put32(&ext, 8);
    memcpy(ext.b + ext.n, single.b, single.n);
    ext.n += single.n;
    k = model_of(9, 0, &ext, 0);
    CHECK(k && !bp_pair_kerning_covers(k, 5) && bp_pair_kerning_covers(k, 6));
    bp_pair_kerning_free(k);
    /* Chained context, format 3: the first input glyph starts a match
     * (glyph 7), not the backtrack (glyph 3). */
    bytes chain = {{0}, 0};
    put16(&chain, 3), put16(&chain, 1), put16(&chain, 14), put16(&chain, 1), put16(&chain, 20);
    put16(&chain, 0), put16(&chain, 0);
    put_coverage(&chain, 3);
    put_coverage(&chain, 7);
    k = model_of(8, 0, &chain, 0);
    CHECK(k && !bp_pair_kerning_covers(k, 7) && bp_pair_kerning_covers(k, 3));
    bp_pair_kerning_free(k);
}

/* ---- pair lookups read from GPOS, against HarfBuzz ------------------------ */

/* A GPOS made of language systems (a script's default where lang is 0,
 * else a language of the script before it), features and lookups. */
typedef struct langsys {
    hb_tag_t script, lang;
    unsigned required; /* feature index, or 0xFFFF */
    unsigned n;
    unsigned features[3];
} langsys;
typedef struct feature {
    hb_tag_t tag;
    unsigned n;
    unsigned lookups[3];
} feature;
typedef struct lookup {
    unsigned n;
    const bytes *subtables[3];
} lookup;

static void patch16(bytes *o, unsigned at, unsigned v)
{
    o->b[at] = (unsigned char)(v >> 8);
    o->b[at + 1] = (unsigned char)v;
}

static void put_langsys(bytes *o, const langsys *l)
{
    put16(o, 0), put16(o, l->required), put16(o, l->n);
    for (unsigned i = 0; i < l->n; i++)
        put16(o, l->features[i]);
}

static bytes gpos_of(const langsys *ls, unsigned n_ls, const feature *fs, unsigned n_fs,
                     const lookup *lk, unsigned n_lk)
{
    bytes o = {{0}, 0};
    put32(&o, 0x00010000), put16(&o, 10), put16(&o, 0), put16(&o, 0);
    /* ScriptList: the scripts, each with its default and languages. */
    unsigned list = o.n, n_scripts = 0;
    for (unsigned i = 0; i < n_ls; i++)
        n_scripts += ls[i].lang == 0;
    put16(&o, n_scripts);
    unsigned records = o.n;
    o.n += 6 * n_scripts;
    for (unsigned i = 0, s = 0; i < n_ls; s++) {
        unsigned script = o.n, n_langs = 0;
        while (i + 1 + n_langs < n_ls && ls[i + 1 + n_langs].lang)
            n_langs++;
        patch16(&o, records + 6 * s, ls[i].script >> 16);
        patch16(&o, records + 6 * s + 2, ls[i].script & 0xFFFF);
        patch16(&o, records + 6 * s + 4, script - list);
        put16(&o, 0), put16(&o, n_langs);
        o.n += 6 * n_langs;
        patch16(&o, script, o.n - script);
        put_langsys(&o, &ls[i]);
        for (unsigned l = 0; l < n_langs; l++) {
            const langsys *lang = &ls[i + 1 + l];
            patch16(&o, script + 4 + 6 * l, lang->lang >> 16);
            patch16(&o, script + 6 + 6 * l, lang->lang & 0xFFFF);
            patch16(&o, script + 8 + 6 * l, o.n - script);
            put_langsys(&o, lang);
        }
        i += 1 + n_langs;
    }
    patch16(&o, 4, list);
    /* FeatureList */
    list = o.n;
    patch16(&o, 6, list);
    put16(&o, n_fs);
    for (unsigned i = 0; i < n_fs; i++)
        put32(&o, fs[i].tag), put16(&o, 0);
    for (unsigned i = 0; i < n_fs; i++) {
        patch16(&o, list + 2 + 6 * i + 4, o.n - list);
        put16(&o, 0), put16(&o, fs[i].n);
        for (unsigned k = 0; k < fs[i].n; k++)
            put16(&o, fs[i].lookups[k]);
    }
    /* LookupList: pair adjustment lookups */
    list = o.n;
    patch16(&o, 8, list);
    put16(&o, n_lk);
    o.n += 2 * n_lk;
    for (unsigned i = 0; i < n_lk; i++) {
        unsigned at = o.n;
        patch16(&o, list + 2 + 2 * i, at - list);
        put16(&o, 2), put16(&o, 0), put16(&o, lk[i].n);
        o.n += 2 * lk[i].n;
        for (unsigned k = 0; k < lk[i].n; k++) {
            patch16(&o, at + 6 + 2 * k, o.n - at);
            memcpy(o.b + o.n, lk[i].subtables[k]->b, lk[i].subtables[k]->n);
            o.n += lk[i].subtables[k]->n;
        }
    }
    return o;
}

/* A face of 200 glyphs with the GPOS. */
static hb_face_t *face_with_gpos(const bytes *gpos)
{
    hb_face_t *builder = hb_face_builder_create();
    add_table(builder, HB_TAG('G', 'P', 'O', 'S'), gpos);
    add_table(builder, HB_TAG('m', 'a', 'x', 'p'), &maxp_200_glyphs);
    return built_face(builder);
}

/* HarfBuzz's kerning of glyphs a and b in Latin text, with a font whose
 * glyph for each character is the glyph of that number, 1000 units wide. */
static hb_bool_t glyph_is_char(hb_font_t *font, void *data, hb_codepoint_t cp,
                               hb_codepoint_t *glyph, void *user)
{
    (void)font, (void)data, (void)user;
    *glyph = cp;
    return true;
}

static hb_position_t em_wide(hb_font_t *font, void *data, hb_codepoint_t glyph, void *user)
{
    (void)font, (void)data, (void)glyph, (void)user;
    return 1000;
}

static int harfbuzz_kerning(hb_face_t *face, hb_codepoint_t a, hb_codepoint_t b)
{
    hb_font_t *font = hb_font_create(face);
    hb_font_funcs_t *funcs = hb_font_funcs_create();
    hb_font_funcs_set_nominal_glyph_func(funcs, glyph_is_char, NULL, NULL);
    hb_font_funcs_set_glyph_h_advance_func(funcs, em_wide, NULL, NULL);
    hb_font_set_funcs(font, funcs, NULL, NULL);
    hb_buffer_t *buffer = hb_buffer_create();
    hb_codepoint_t text[2] = {a, b};
    hb_buffer_add_codepoints(buffer, text, 2, 0, 2);
    hb_buffer_guess_segment_properties(buffer);
    hb_shape(font, buffer, NULL, 0);
    int kern = hb_buffer_get_glyph_positions(buffer, NULL)[0].x_advance - 1000;
    hb_buffer_destroy(buffer);
    hb_font_funcs_destroy(funcs);
    hb_font_destroy(font);
    return kern;
}

enum { A = 'A', B = 'B', C = 'C', D = 'D' };

/* The model of the GPOS agrees with HarfBuzz on every pair of A–D, and
 * gives `expect` for the pair A, B. */
static void check_model(const bytes *gpos, int expect)
{
    hb_face_t *face = face_with_gpos(gpos);
    bp_pair_kerning *k = model_of_face(face);
    CHECK(k != NULL);
    if (k) {
        for (hb_codepoint_t a = A; a <= D; a++)
            for (hb_codepoint_t b = A; b <= D; b++) {
                int ours = bp_pair_kerning_advance(k, a, b), theirs = harfbuzz_kerning(face, a, b);
                if (ours != theirs)
                    fprintf(stderr, "pair %c%c: model %d, HarfBuzz %d\n", (int)a, (int)b, ours,
                            theirs);
                CHECK_INT(ours, theirs);
            }
        CHECK_INT(bp_pair_kerning_advance(k, A, B), expect);
    }
    bp_pair_kerning_free(k);
    hb_face_destroy(face);
}

static bool model_refused(const bytes *gpos)
{
    hb_face_t *face = face_with_gpos(gpos);
    bp_pair_kerning *k = model_of_face(face);
    bp_pair_kerning_free(k);
    hb_face_destroy(face);
    return k == NULL;
}

/* Format 1: the pairs of glyph `first` with each of `seconds`, their value
 * records of the format in values (n_values each). */
static bytes pairs_format1(unsigned value_format, unsigned first, unsigned n_pairs,
                           const unsigned *seconds, const int *values, unsigned n_values)
{
    bytes s = {{0}, 0};
    unsigned set = 10 + 2 + 6; /* after the header, the one offset and the coverage */
    put16(&s, 1), put16(&s, 12), put16(&s, value_format), put16(&s, 0), put16(&s, 1);
    put16(&s, set);
    put_coverage(&s, first);
    put16(&s, n_pairs);
    for (unsigned i = 0; i < n_pairs; i++) {
        put16(&s, seconds[i]);
        for (unsigned v = 0; v < n_values; v++)
            put16(&s, (unsigned)values[i * n_values + v] & 0xFFFF);
    }
    return s;
}

/* Format 2 with XAdvance: the covered first glyphs, the classes of glyphs
 * A–D as first (class1) and as second glyph (class2), and count1 × count2
 * values, row by row. */
static bytes pairs_format2(const unsigned *covered, unsigned n_covered, const unsigned *class1,
                           const unsigned *class2, unsigned count1, unsigned count2,
                           const int *values)
{
    bytes s = {{0}, 0};
    /* header 16, values, then coverage and the two ClassDefs (format 1,
     * glyphs A–D) */
    unsigned coverage = 16 + 2 * count1 * count2;
    unsigned def1 = coverage + 4 + 2 * n_covered, def2 = def1 + 6 + 8;
    put16(&s, 2), put16(&s, coverage), put16(&s, 0x4), put16(&s, 0);
    put16(&s, def1), put16(&s, def2), put16(&s, count1), put16(&s, count2);
    for (unsigned i = 0; i < count1 * count2; i++)
        put16(&s, (unsigned)values[i] & 0xFFFF);
    put16(&s, 1), put16(&s, n_covered);
    for (unsigned i = 0; i < n_covered; i++)
        put16(&s, covered[i]);
    for (int def = 0; def < 2; def++) {
        const unsigned *classes = def ? class2 : class1;
        put16(&s, 1), put16(&s, A), put16(&s, 4);
        for (int g = 0; g < 4; g++)
            put16(&s, classes[g]);
    }
    return s;
}

#define DFLT HB_TAG('D', 'F', 'L', 'T')
#define LATN HB_TAG('l', 'a', 't', 'n')
#define KERN HB_TAG('k', 'e', 'r', 'n')

static void check_pair_lookups(void)
{
    const unsigned ab[] = {B}, abc[] = {B, C};
    const int minus50[] = {-50}, two[] = {-30, 20};
    bytes sub_ab = pairs_format1(0x4, A, 1, ab, minus50, 1);
    bytes sub_abc = pairs_format1(0x4, A, 2, abc, two, 1);
    langsys dflt = {DFLT, 0, 0xFFFF, 1, {0}};
    feature kern = {KERN, 1, {0}};

    /* One lookup, one subtable. */
    lookup one = {1, {&sub_ab}};
    bytes t = gpos_of(&dflt, 1, &kern, 1, &one, 1);
    check_model(&t, -50);

    /* Two lookups add up. */
    lookup two_lookups[] = {{1, {&sub_ab}}, {1, {&sub_abc}}};
    feature kern_both = {KERN, 2, {0, 1}};
    t = gpos_of(&dflt, 1, &kern_both, 1, two_lookups, 2);
    check_model(&t, -80);

    /* In one lookup the first subtable that takes the pair applies: A,B
     * from the first; A,C is covered by the first but not listed, so the
     * second gives it. */
    lookup firsts = {2, {&sub_ab, &sub_abc}};
    t = gpos_of(&dflt, 1, &kern, 1, &firsts, 1);
    check_model(&t, -50);

    /* Format 2: a second glyph outside every class is in class 0, which
     * takes the pair (and stops the lookup) when class 0 has values; a
     * first glyph whose class is past the count does not. */
    const unsigned covered[] = {A, B, C}, class1[] = {1, 0, 2, 0}, class2[] = {0, 1, 1, 0};
    const int grid[] = {5, 6, -40, -70};
    bytes by_class = pairs_format2(covered, 3, class1, class2, 2, 2, grid);
    lookup classes = {2, {&by_class, &sub_abc}};
    t = gpos_of(&dflt, 1, &kern, 1, &classes, 1);
    check_model(&t, -70);

    /* XAdvance after XPlacement and YPlacement in the value record. */
    const int placed[] = {11, 22, -90};
    bytes sub_placed = pairs_format1(0x7, A, 1, ab, placed, 3);
    lookup placed_lookup = {1, {&sub_placed}};
    t = gpos_of(&dflt, 1, &kern, 1, &placed_lookup, 1);
    check_model(&t, -90);

    /* The required feature applies whatever its tag; a feature HarfBuzz
     * leaves off (cpsp) does not, nor a second feature of one tag. */
    feature some[] = {{HB_TAG('c', 'p', 's', 'p'), 1, {1}}, {KERN, 1, {0}}, {KERN, 1, {1}}};
    langsys required = {DFLT, 0, 0, 2, {1, 2}};
    t = gpos_of(&required, 1, some, 3, two_lookups, 2);
    check_model(&t, -80);
    langsys no_required = {DFLT, 0, 0xFFFF, 3, {0, 1, 2}};
    t = gpos_of(&no_required, 1, some, 3, two_lookups, 2);
    check_model(&t, -50);

    /* The same kerning under every script and language: taken. */
    langsys uniform[] = {{DFLT, 0, 0xFFFF, 1, {0}},
                         {LATN, 0, 0xFFFF, 1, {0}},
                         {LATN, HB_TAG('T', 'R', 'K', ' '), 0xFFFF, 1, {0}}};
    t = gpos_of(uniform, 3, &kern, 1, &one, 1);
    check_model(&t, -50);

    /* Kerning that differs by language or script, or that scripts the font
     * does not list would not get, goes to HarfBuzz. */
    feature kerns[] = {{KERN, 1, {0}}, {KERN, 1, {1}}};
    langsys by_language[] = {{LATN, 0, 0xFFFF, 1, {0}},
                             {LATN, HB_TAG('T', 'R', 'K', ' '), 0xFFFF, 1, {1}}};
    t = gpos_of(by_language, 2, kerns, 2, two_lookups, 2);
    CHECK(model_refused(&t));
    langsys by_script[] = {{DFLT, 0, 0xFFFF, 1, {0}}, {HB_TAG('c', 'y', 'r', 'l'), 0, 0xFFFF, 0, {0}}};
    t = gpos_of(by_script, 2, &kern, 1, &one, 1);
    CHECK(model_refused(&t));
    langsys cyrillic_only = {HB_TAG('c', 'y', 'r', 'l'), 0, 0xFFFF, 1, {0}};
    t = gpos_of(&cyrillic_only, 1, &kern, 1, &one, 1);
    CHECK(model_refused(&t));
    /* Pair lookups reached by a feature HarfBuzz turns on for some glyphs. */
    feature frac[] = {{KERN, 1, {0}}, {HB_TAG('f', 'r', 'a', 'c'), 1, {0}}};
    t = gpos_of(&dflt, 1, frac, 2, &one, 1);
    CHECK(model_refused(&t));
    /* Device tables, and a pair set past the table's end. */
    const int with_device[] = {-50, 0};
    bytes sub_device = pairs_format1(0x14, A, 1, ab, with_device, 2);
    lookup device = {1, {&sub_device}};
    t = gpos_of(&dflt, 1, &kern, 1, &device, 1);
    CHECK(model_refused(&t));
    bytes cut = sub_ab;
    cut.n -= 2;
    lookup cut_lookup = {1, {&cut}};
    t = gpos_of(&dflt, 1, &kern, 1, &cut_lookup, 1); /* the cut subtable ends the table */
    CHECK(model_refused(&t));
}

/* ---- pair kerning against whole shaping ------------------------------------- */

int main(int argc, char **argv)
{
    check_gpos_reader();
    check_pair_lookups();
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
        printf("%zu words by pairs, %zu whole, %zu pairs read\n", all.by_pairs, all.whole,
               all.pairs);
    }
    CHECK(!bp_fonts_failed(pairs));
    bp_fonts_close(pairs);
    bp_fonts_close(whole);
    bp_doc_free(&doc);
    for (size_t i = 0; i < n_held; i++)
        hb_blob_destroy(held[i]);
    return harness_finish();
}
