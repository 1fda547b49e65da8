/*
 * tests/fuzz/fuzz_gpos.c — libFuzzer target for the GPOS reader
 * (text/kerning.c), checked against HarfBuzz: arbitrary bytes as a face's
 * GPOS table must never crash the reader, and wherever it takes the table
 * as pairwise, each pair of glyphs it covers must get the adjustment
 * HarfBuzz gives when it shapes the pair with the same table.
 *
 * The input is a GPOS table, or a whole font file (starting "\0\1\0\0" or
 * "true"), which replay.c uses to run the check over the shipped faces.
 * Build with -DBP_FUZZ=ON (clang).
 */
#include "text/kerning.h"

#include <hb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { N_GLYPHS = 12, FIRST_CHAR = 0xE000 }; /* glyphs drawn for private-use characters */

typedef struct glyph_list {
    hb_codepoint_t gids[N_GLYPHS];
    unsigned n;
} glyph_list;

static hb_bool_t nominal_glyph(hb_font_t *font, void *data, hb_codepoint_t cp,
                               hb_codepoint_t *glyph, void *user)
{
    (void)font, (void)data;
    const glyph_list *list = user;
    if (cp < FIRST_CHAR || cp >= FIRST_CHAR + list->n)
        return false;
    *glyph = list->gids[cp - FIRST_CHAR];
    return true;
}

static hb_position_t em_wide(hb_font_t *font, void *data, hb_codepoint_t glyph, void *user)
{
    (void)font, (void)data, (void)glyph, (void)user;
    return 1000;
}

/* HarfBuzz's adjustment of glyph list[a] followed by list[b]. */
static int harfbuzz_kerning(hb_font_t *font, unsigned a, unsigned b)
{
    hb_buffer_t *buffer = hb_buffer_create();
    hb_codepoint_t text[2] = {FIRST_CHAR + a, FIRST_CHAR + b};
    hb_buffer_add_codepoints(buffer, text, 2, 0, 2);
    hb_buffer_guess_segment_properties(buffer);
    /* font.c's features */
    static const char *const names[] = {"kern=1", "liga=0", "clig=0", "calt=0", "dlig=0", "ccmp=0"};
    hb_feature_t features[6];
    for (unsigned i = 0; i < 6; i++)
        hb_feature_from_string(names[i], -1, &features[i]);
    hb_shape(font, buffer, features, 6);
    unsigned n = 0;
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buffer, &n);
    int adjust = n == 2 ? pos[0].x_advance - 1000 : INT32_MIN;
    hb_buffer_destroy(buffer);
    return adjust;
}

/* A face holding the input as its GPOS, with 65,535 glyphs. */
static hb_face_t *face_of_gpos(const uint8_t *data, size_t size)
{
    hb_face_t *builder = hb_face_builder_create();
    hb_blob_t *blob = hb_blob_create((const char *)data, (unsigned)size,
                                     HB_MEMORY_MODE_DUPLICATE, NULL, NULL);
    hb_face_builder_add_table(builder, HB_TAG('G', 'P', 'O', 'S'), blob);
    hb_blob_destroy(blob);
    static const char maxp[] = {0, 0, 0x50, 0, (char)0xFF, (char)0xFF};
    blob = hb_blob_create(maxp, sizeof maxp, HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_builder_add_table(builder, HB_TAG('m', 'a', 'x', 'p'), blob);
    hb_blob_destroy(blob);
    hb_blob_t *font = hb_face_reference_blob(builder);
    hb_face_t *face = hb_face_create(font, 0);
    hb_blob_destroy(font);
    hb_face_destroy(builder);
    return face;
}

/* Glyphs to pair: a font file's glyphs for letters and punctuation that
 * kern, or glyph numbers the GPOS table itself holds (where its coverage
 * and pair records are likely to name them). */
static void pick_glyphs(hb_face_t *face, bool font_file, const uint8_t *data, size_t size,
                        glyph_list *list)
{
    list->n = 0;
    if (font_file) {
        hb_font_t *font = hb_font_create(face);
        for (const char *c = "AVTWYaeoy.,"; *c && list->n < N_GLYPHS; c++)
            if (hb_font_get_nominal_glyph(font, (unsigned char)*c, &list->gids[list->n]))
                list->n++;
        hb_font_destroy(font);
        return;
    }
    for (size_t at = size & ~(size_t)1; at >= 2 && list->n < N_GLYPHS; at -= 2) {
        hb_codepoint_t g = (hb_codepoint_t)(data[at - 2] << 8 | data[at - 1]);
        bool seen = false;
        for (unsigned i = 0; i < list->n; i++)
            seen |= list->gids[i] == g;
        if (!seen)
            list->gids[list->n++] = g;
    }
}

/* A font file's tables less GSUB, as font.c opens faces. */
static hb_blob_t *table_without_gsub(hb_face_t *unused, hb_tag_t tag, void *file_face)
{
    (void)unused;
    return tag == HB_TAG('G', 'S', 'U', 'B') ? hb_blob_get_empty()
                                             : hb_face_reference_table(file_face, tag);
}

static void destroy_face(void *face) { hb_face_destroy(face); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bool font_file = size >= 4 && (memcmp(data, "\0\1\0\0", 4) == 0 || memcmp(data, "true", 4) == 0);
    if (size > UINT32_MAX || (!font_file && size > 1 << 18))
        return 0;
    hb_face_t *face;
    if (font_file) {
        hb_blob_t *blob = hb_blob_create((const char *)data, (unsigned)size,
                                         HB_MEMORY_MODE_READONLY, NULL, NULL);
        face = hb_face_create_for_tables(table_without_gsub, hb_face_create(blob, 0), destroy_face);
        hb_blob_destroy(blob);
    } else {
        face = face_of_gpos(data, size);
    }
    hb_blob_t *bytes = font_file ? hb_blob_create((const char *)data, (unsigned)size,
                                                  HB_MEMORY_MODE_READONLY, NULL, NULL)
                                 : hb_face_reference_blob(face);
    unsigned n_bytes;
    const char *why, *file = hb_blob_get_data(bytes, &n_bytes);
    bp_sfnt tables;
    bp_pair_kerning *k = bp_sfnt_open_directory(&tables, (const unsigned char *)file, n_bytes, &why)
                             ? bp_pair_kerning_new(&tables) : NULL;
    if (k) {
        glyph_list list;
        pick_glyphs(face, font_file, data, size, &list);
        hb_font_t *font = hb_font_create(face);
        hb_font_funcs_t *funcs = hb_font_funcs_create();
        hb_font_funcs_set_nominal_glyph_func(funcs, nominal_glyph, &list, NULL);
        hb_font_funcs_set_glyph_h_advance_func(funcs, em_wide, NULL, NULL);
        hb_font_set_funcs(font, funcs, NULL, NULL);
        for (unsigned a = 0; a < list.n; a++)
            for (unsigned b = 0; b < list.n; b++) {
                if (!bp_pair_kerning_covers(k, list.gids[a]) ||
                    !bp_pair_kerning_covers(k, list.gids[b]))
                    continue;
                int ours = bp_pair_kerning_advance(k, list.gids[a], list.gids[b]);
                int theirs = harfbuzz_kerning(font, a, b);
                if (ours != theirs) {
                    fprintf(stderr, "glyphs %u, %u: read %d, HarfBuzz %d\n", list.gids[a],
                            list.gids[b], ours, theirs);
                    abort();
                }
            }
        hb_font_funcs_destroy(funcs);
        hb_font_destroy(font);
    }
    bp_pair_kerning_free(k);
    hb_blob_destroy(bytes);
    hb_face_destroy(face);
    return 0;
}
