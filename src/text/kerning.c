/*
 * text/kerning.c — reads a face's GPOS lookups to tell whether its
 * positioning is pairwise, and which glyphs other lookups act on.
 *
 * In:   a HarfBuzz face (font.c has left GSUB out of it).
 * Out:  NULL, or the set of glyphs at which a lookup other than pair
 *       adjustment can start.
 * Refs: OpenType spec, GPOS chapter (header, LookupList, lookup types
 *       1–9, lookup flags, PairPos value formats, context formats 1–3)
 *       and "Common table formats" (Coverage); HarfBuzz's hb-ot-shape.cc
 *       for which tables it applies (GPOS; kern or kerx where GPOS has no
 *       kerning; morx where there is no GSUB; trak).
 *
 * Why a pair shaped alone gives the pair's kerning inside any word: in one
 * lookup, HarfBuzz tries the subtables at each glyph in turn and the first
 * that covers it applies, reading that glyph and the next one only; with
 * value format 2 zero it moves neither the second glyph nor past it, so
 * the next glyph is tried the same way. Lookups add up one after another.
 * Lookups that skip base or ligature glyphs would pair glyphs that are not
 * neighbours, and marks are kept out of pair-kerned words altogether.
 */
#include "text/kerning.h"

#include "base/arena.h"
#include "base/bytes.h"

#include <hb-ot.h>
#include <stddef.h>
#include <stdlib.h>

enum {
    LOOKUP_IGNORE_BASE_GLYPHS = 0x2,
    LOOKUP_IGNORE_LIGATURES = 0x4,
};

struct bp_pair_kerning {
    hb_set_t *other; /* glyphs at which a lookup other than pair adjustment may start */
};

typedef struct span {
    const unsigned char *data;
    size_t len;
} span;

/* Whether n bytes from off lie inside t. */
static bool fits(const span *t, size_t off, size_t n) { return off <= t->len && n <= t->len - off; }

static unsigned u16_at(const span *t, size_t off) { return bp_be16(t->data + off); }

/* Adds the glyphs of the Coverage table at off to set. */
static bool add_coverage(const span *t, size_t off, hb_set_t *set)
{
    if (!fits(t, off, 4))
        return false;
    unsigned format = u16_at(t, off), count = u16_at(t, off + 2);
    if (format == 1 && fits(t, off + 4, 2 * (size_t)count)) {
        for (unsigned i = 0; i < count; i++)
            hb_set_add(set, u16_at(t, off + 4 + 2 * (size_t)i));
        return true;
    }
    if (format == 2 && fits(t, off + 4, 6 * (size_t)count)) {
        for (unsigned i = 0; i < count; i++) {
            size_t range = off + 4 + 6 * (size_t)i;
            unsigned first = u16_at(t, range), last = u16_at(t, range + 2);
            if (first <= last)
                hb_set_add_range(set, first, last);
        }
        return true;
    }
    return false;
}

/* The Coverage a contextual subtable starts a match with: the first input
 * glyph's (format 3 lists one per position, after the backtrack's). */
static bool add_context_start(const span *t, size_t sub, unsigned type, hb_set_t *set)
{
    unsigned format = u16_at(t, sub);
    if (format == 1 || format == 2)
        return add_coverage(t, sub + u16_at(t, sub + 2), set);
    if (format != 3)
        return false;
    /* Where the input glyph count stands, and the first input coverage's
     * offset: type 7 has glyphCount, seqLookupCount, then the coverages;
     * type 8 has the backtrack's count and coverages first. */
    size_t count = type == 8 ? sub + 4 + 2 * (size_t)u16_at(t, sub + 2) : sub + 2;
    size_t first = type == 8 ? count + 2 : count + 4;
    if (!fits(t, first, 2) || u16_at(t, count) == 0)
        return false;
    return add_coverage(t, sub + u16_at(t, first), set);
}

/* One subtable of a lookup of the given type: false when it breaks the
 * pair model (or cannot be read). */
static bool scan_subtable(const span *t, size_t sub, unsigned type, unsigned flag, hb_set_t *other)
{
    if (!fits(t, sub, 8))
        return false;
    unsigned format = u16_at(t, sub);
    switch (type) {
    case 2: /* pair adjustment: value format 2 at offset 6 */
        return (format == 1 || format == 2) && u16_at(t, sub + 6) == 0 &&
               !(flag & (LOOKUP_IGNORE_BASE_GLYPHS | LOOKUP_IGNORE_LIGATURES));
    case 1: /* single adjustment */
    case 3: /* cursive attachment */
    case 4: /* mark to base: the mark moves, at offset 2 its coverage */
    case 5: /* mark to ligature */
    case 6: /* mark to mark */
        return add_coverage(t, sub + u16_at(t, sub + 2), other);
    case 7:
    case 8:
        return add_context_start(t, sub, type, other);
    default:
        return false;
    }
}

static bool scan_lookup(const span *t, size_t lookup, hb_set_t *other)
{
    if (!fits(t, lookup, 6))
        return false;
    unsigned type = u16_at(t, lookup), flag = u16_at(t, lookup + 2);
    unsigned n = u16_at(t, lookup + 4);
    if (!fits(t, lookup + 6, 2 * (size_t)n))
        return false;
    for (unsigned i = 0; i < n; i++) {
        size_t sub = lookup + u16_at(t, lookup + 6 + 2 * (size_t)i);
        unsigned sub_type = type;
        if (type == 9) { /* extension: the real type, and a 32-bit offset */
            if (!fits(t, sub, 8) || u16_at(t, sub) != 1)
                return false;
            sub_type = u16_at(t, sub + 2);
            sub += bp_be32(t->data + sub + 4);
            if (sub_type == 9)
                return false;
        }
        if (!scan_subtable(t, sub, sub_type, flag, other))
            return false;
    }
    return true;
}

/* Every lookup in GPOS, used by a feature or not (contextual lookups call
 * others by index): a superset of what HarfBuzz applies for any script. */
static bool scan_gpos(const span *t, hb_set_t *other)
{
    if (t->len == 0)
        return true; /* no positioning at all */
    if (!fits(t, 0, 10))
        return false;
    size_t list = u16_at(t, 8);
    if (!fits(t, list, 2))
        return false;
    unsigned n = u16_at(t, list);
    if (!fits(t, list + 2, 2 * (size_t)n))
        return false;
    for (unsigned i = 0; i < n; i++)
        if (!scan_lookup(t, list + u16_at(t, list + 2 + 2 * (size_t)i), other))
            return false;
    return true;
}

static bool has_table(hb_face_t *face, hb_tag_t tag)
{
    hb_blob_t *blob = hb_face_reference_table(face, tag);
    bool has = hb_blob_get_length(blob) > 0;
    hb_blob_destroy(blob);
    return has;
}

bp_pair_kerning *bp_pair_kerning_new(hb_face_t *face)
{
    static const hb_tag_t beside_gpos[] = {
        HB_TAG('k', 'e', 'r', 'n'), HB_TAG('k', 'e', 'r', 'x'), HB_TAG('m', 'o', 'r', 'x'),
        HB_TAG('m', 'o', 'r', 't'), HB_TAG('t', 'r', 'a', 'k'),
    };
    for (size_t i = 0; i < sizeof beside_gpos / sizeof beside_gpos[0]; i++)
        if (has_table(face, beside_gpos[i]))
            return NULL;
    hb_blob_t *blob = hb_face_reference_table(face, HB_TAG('G', 'P', 'O', 'S'));
    unsigned len = 0;
    const char *data = hb_blob_get_data(blob, &len);
    span gpos = {(const unsigned char *)data, data ? len : 0};
    hb_set_t *other = hb_set_create();
    bool pairwise = scan_gpos(&gpos, other) && hb_set_allocation_successful(other);
    hb_blob_destroy(blob);
    if (!pairwise) {
        hb_set_destroy(other);
        return NULL;
    }
    bp_pair_kerning *k = bp_xmalloc(sizeof *k);
    k->other = other;
    return k;
}

void bp_pair_kerning_free(bp_pair_kerning *k)
{
    if (!k)
        return;
    hb_set_destroy(k->other);
    free(k);
}

bool bp_pair_kerning_covers(const bp_pair_kerning *k, hb_face_t *face, hb_codepoint_t gid)
{
    return !hb_set_has(k->other, gid) &&
           hb_ot_layout_get_glyph_class(face, gid) != HB_OT_LAYOUT_GLYPH_CLASS_MARK;
}
