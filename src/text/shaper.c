/*
 * text/shaper.c — HarfBuzz, loaded when a word first needs it (shaper.h).
 *
 * HarfBuzz's header gives the types and prototypes; the functions are
 * reached through pointers filled from the library dlopen returns.
 */
#include "text/shaper.h"

#include "base/arena.h"

#include <dlfcn.h>
#include <hb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every HarfBuzz function used; X(name) for each. */
#define HB_FUNCTIONS(X)                                                                       \
    X(hb_blob_create)                                                                         \
    X(hb_blob_destroy)                                                                        \
    X(hb_blob_get_empty)                                                                      \
    X(hb_face_create)                                                                         \
    X(hb_face_create_for_tables)                                                              \
    X(hb_face_reference_table)                                                                \
    X(hb_face_get_upem)                                                                       \
    X(hb_face_destroy)                                                                        \
    X(hb_font_create)                                                                         \
    X(hb_font_set_scale)                                                                      \
    X(hb_font_get_glyph_h_advance)                                                            \
    X(hb_font_destroy)                                                                        \
    X(hb_buffer_create)                                                                       \
    X(hb_buffer_destroy)                                                                      \
    X(hb_buffer_clear_contents)                                                               \
    X(hb_buffer_add_utf8)                                                                     \
    X(hb_buffer_guess_segment_properties)                                                     \
    X(hb_buffer_get_segment_properties)                                                       \
    X(hb_buffer_get_glyph_infos)                                                              \
    X(hb_buffer_get_glyph_positions)                                                          \
    X(hb_buffer_get_direction)                                                                \
    X(hb_segment_properties_equal)                                                            \
    X(hb_shape_plan_create_cached)                                                            \
    X(hb_shape_plan_execute)                                                                  \
    X(hb_shape_plan_destroy)                                                                  \
    X(hb_shape)                                                                               \
    X(hb_feature_from_string)

static struct {
#define HB_POINTER(name) __typeof__(name) *name;
    HB_FUNCTIONS(HB_POINTER)
#undef HB_POINTER
} hb;

static pthread_once_t hb_once = PTHREAD_ONCE_INIT;
static char hb_error[256]; /* why HarfBuzz could not be loaded; "" when it was */

static void load_harfbuzz(void)
{
    /* The library's soname: the one the -dev package's headers are for. */
    void *lib = dlopen("libharfbuzz.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        snprintf(hb_error, sizeof hb_error, "cannot load HarfBuzz: %s", dlerror());
        return;
    }
    void *symbol;
    /* through memcpy: ISO C has no conversion from void * to a function
     * pointer, POSIX guarantees the bytes are one */
#define HB_LOAD(name)                                                                         \
    if (!(symbol = dlsym(lib, #name))) {                                                      \
        snprintf(hb_error, sizeof hb_error, "HarfBuzz lacks %s", #name);                      \
        return;                                                                               \
    }                                                                                         \
    memcpy(&hb.name, &symbol, sizeof symbol);
    HB_FUNCTIONS(HB_LOAD)
#undef HB_LOAD
}

/* ---- faces --------------------------------------------------------------------- */

struct bp_shaper_face {
    hb_blob_t *blob;
    hb_face_t *face;
    hb_font_t *font;
    /* Shaping plans by segment properties (script, direction, language):
     * HarfBuzz's own plan cache is looked up per call and costs a quarter
     * of shaping a word. */
    struct plan {
        hb_segment_properties_t props;
        hb_shape_plan_t *plan;
    } plans[8];
    size_t n_plans;
};

struct bp_shaper {
    hb_buffer_t *buffer; /* reused for every word */
    hb_feature_t features[6];
    unsigned n_features;
};

bp_shaper *bp_shaper_new(void) { return bp_xcalloc(1, sizeof(bp_shaper)); }

/* Loads HarfBuzz and readies s; false when HarfBuzz is not there. */
static bool shaper_ready(bp_shaper *s, const char **why)
{
    pthread_once(&hb_once, load_harfbuzz);
    if (hb_error[0]) {
        *why = hb_error;
        return false;
    }
    if (!s->buffer) {
        s->buffer = hb.hb_buffer_create();
        /* Kerning only: glyph substitutions other than the standard
         * ligatures (which font.c applies as Unicode characters the PDF can
         * carry) would draw glyphs the PDF's character-based font cannot
         * name. */
        static const char *const feats[] = {"kern=1", "liga=0", "clig=0",
                                            "calt=0", "dlig=0", "ccmp=0"};
        for (unsigned i = 0; i < 6; i++)
            hb.hb_feature_from_string(feats[i], -1, &s->features[s->n_features++]);
    }
    return true;
}

void bp_shaper_free(bp_shaper *s)
{
    if (!s)
        return;
    if (s->buffer)
        hb.hb_buffer_destroy(s->buffer);
    free(s);
}

/* The face's tables, less GSUB. HarfBuzz's first shaping with a face also
 * prepares every GSUB lookup, which costs as much again. */
static hb_blob_t *table_without_gsub(hb_face_t *unused, hb_tag_t tag, void *file_face)
{
    (void)unused;
    if (tag == HB_TAG('G', 'S', 'U', 'B'))
        return hb.hb_blob_get_empty();
    return hb.hb_face_reference_table(file_face, tag);
}

static void destroy_file_face(void *file_face) { hb.hb_face_destroy(file_face); }

bp_shaper_face *bp_shaper_face_new(bp_shaper *s, const unsigned char *data, size_t len,
                                   const char **why)
{
    if (!shaper_ready(s, why))
        return NULL;
    bp_shaper_face *f = bp_xcalloc(1, sizeof *f);
    f->blob = hb.hb_blob_create((const char *)data, (unsigned)len, HB_MEMORY_MODE_READONLY,
                                NULL, NULL);
    hb_face_t *file_face = hb.hb_face_create(f->blob, 0);
    f->face = hb.hb_face_create_for_tables(table_without_gsub, file_face, destroy_file_face);
    f->font = hb.hb_font_create(f->face);
    int upem = (int)hb.hb_face_get_upem(f->face);
    hb.hb_font_set_scale(f->font, upem, upem);
    return f;
}

void bp_shaper_face_free(bp_shaper_face *f)
{
    if (!f)
        return;
    for (size_t k = 0; k < f->n_plans; k++)
        hb.hb_shape_plan_destroy(f->plans[k].plan);
    hb.hb_font_destroy(f->font);
    hb.hb_face_destroy(f->face);
    hb.hb_blob_destroy(f->blob);
    free(f);
}

/* ---- shaping ------------------------------------------------------------------- */

/* Shapes the buffer with the face's plan for its properties. */
static void shape_buffer(bp_shaper *s, bp_shaper_face *f)
{
    hb_segment_properties_t props;
    hb.hb_buffer_get_segment_properties(s->buffer, &props);
    for (size_t k = 0; k < f->n_plans; k++)
        if (hb.hb_segment_properties_equal(&f->plans[k].props, &props)) {
            hb.hb_shape_plan_execute(f->plans[k].plan, f->font, s->buffer, s->features,
                                     s->n_features);
            return;
        }
    if (f->n_plans == sizeof f->plans / sizeof f->plans[0]) {
        hb.hb_shape(f->font, s->buffer, s->features, s->n_features); /* many scripts: rare */
        return;
    }
    hb_shape_plan_t *plan =
        hb.hb_shape_plan_create_cached(f->face, &props, s->features, s->n_features, NULL);
    f->plans[f->n_plans++] = (struct plan){props, plan};
    hb.hb_shape_plan_execute(plan, f->font, s->buffer, s->features, s->n_features);
}

bool bp_shaper_adjustments(bp_shaper *s, bp_shaper_face *f, const char *text, size_t len,
                           size_t n_chars, int *adjust)
{
    hb.hb_buffer_clear_contents(s->buffer);
    hb.hb_buffer_add_utf8(s->buffer, text, (int)len, 0, (int)len);
    hb.hb_buffer_guess_segment_properties(s->buffer);
    shape_buffer(s, f);
    unsigned n_glyphs;
    hb_glyph_info_t *info = hb.hb_buffer_get_glyph_infos(s->buffer, &n_glyphs);
    hb_glyph_position_t *pos = hb.hb_buffer_get_glyph_positions(s->buffer, &n_glyphs);
    if (n_glyphs != n_chars || hb.hb_buffer_get_direction(s->buffer) != HB_DIRECTION_LTR)
        return false;
    for (unsigned g = 0; g < n_glyphs; g++)
        adjust[g] = pos[g].x_advance - hb.hb_font_get_glyph_h_advance(f->font, info[g].codepoint);
    return true;
}
