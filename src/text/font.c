/*
 * text/font.c — HarfBuzz faces, cmap lookups and cached advance widths.
 */
#include "font.h"

#include "base/utf8.h"

#include <hb.h>
#include <stdlib.h>
#include <string.h>

typedef struct face {
    hb_blob_t *blob;
    hb_face_t *face;
    hb_font_t *font;
    unsigned upem;
    int16_t *widths; /* per BMP code point, 1/1000 em; -1 = not looked up; -2 = missing */
    int ascent, descent;
} face;

struct bp_fonts {
    face *faces;
    size_t n;
};

bp_fonts *bp_fonts_open(bp_doc *doc)
{
    bp_fonts *f = bp_xcalloc(1, sizeof(*f));
    f->n = doc->n_fonts;
    f->faces = bp_xcalloc(f->n ? f->n : 1, sizeof(face));
    for (size_t i = 0; i < f->n; i++) {
        face *fc = &f->faces[i];
        fc->blob = hb_blob_create_from_file_or_fail(doc->fonts[i].path);
        if (!fc->blob || hb_face_count(fc->blob) == 0) {
            bp_diag_emit(doc->diags, BP_ERROR, "font-unreadable", BP_LOC_NONE,
                         "cannot read font %s", doc->fonts[i].path);
            bp_fonts_close(f);
            return NULL;
        }
        fc->face = hb_face_create(fc->blob, 0);
        fc->upem = hb_face_get_upem(fc->face);
        fc->font = hb_font_create(fc->face);
        hb_font_set_scale(fc->font, (int)fc->upem, (int)fc->upem);
        hb_font_extents_t ext;
        hb_font_get_h_extents(fc->font, &ext);
        fc->ascent = (int)(ext.ascender * 1000 / (int)fc->upem);
        fc->descent = (int)(-ext.descender * 1000 / (int)fc->upem);
        fc->widths = bp_xmalloc(65536 * sizeof(int16_t));
        memset(fc->widths, 0xFF, 65536 * sizeof(int16_t)); /* all -1 */
        if (hb_face_get_glyph_count(fc->face) == 0) {
            bp_diag_emit(doc->diags, BP_ERROR, "font-unreadable", BP_LOC_NONE,
                         "font %s has no glyphs", doc->fonts[i].path);
            bp_fonts_close(f);
            return NULL;
        }
    }
    return f;
}

void bp_fonts_close(bp_fonts *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        face *fc = &f->faces[i];
        if (fc->font)
            hb_font_destroy(fc->font);
        if (fc->face)
            hb_face_destroy(fc->face);
        if (fc->blob)
            hb_blob_destroy(fc->blob);
        free(fc->widths);
    }
    free(f->faces);
    free(f);
}

static int lookup(face *fc, uint32_t cp)
{
    hb_codepoint_t gid;
    if (!hb_font_get_nominal_glyph(fc->font, cp, &gid))
        return -2;
    unsigned adv = (unsigned)hb_font_get_glyph_h_advance(fc->font, gid);
    return (int)(adv * 1000 / fc->upem); /* truncated, as the PDF /W holds it */
}

int bp_font_char_width(bp_fonts *f, int font, uint32_t cp)
{
    face *fc = &f->faces[font];
    int w;
    if (cp < 65536) {
        if (fc->widths[cp] == -1)
            fc->widths[cp] = (int16_t)lookup(fc, cp);
        w = fc->widths[cp];
    } else {
        w = lookup(fc, cp);
    }
    return w < 0 ? 0 : w;
}

bool bp_font_has(bp_fonts *f, int font, uint32_t cp)
{
    face *fc = &f->faces[font];
    if (cp < 65536) {
        if (fc->widths[cp] == -1)
            fc->widths[cp] = (int16_t)lookup(fc, cp);
        return fc->widths[cp] != -2;
    }
    return lookup(fc, cp) != -2;
}

double bp_font_width(bp_fonts *f, int font, const char *s, size_t len, double size)
{
    long total = 0;
    for (size_t i = 0; i < len;) {
        size_t used;
        uint32_t cp = bp_utf8_decode(s + i, len - i, &used);
        i += used;
        if (cp != BP_UTF8_INVALID)
            total += bp_font_char_width(f, font, cp);
    }
    return (double)total * size / 1000.0;
}

int bp_font_ascent(bp_fonts *f, int font) { return f->faces[font].ascent; }
int bp_font_descent(bp_fonts *f, int font) { return f->faces[font].descent; }
