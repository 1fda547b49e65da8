/*
 * text/kerning.c — reads a face's GPOS: whether its positioning is
 * pairwise, which glyphs other lookups act on, and each pair's kerning.
 *
 * In:   a font's tables (base/sfnt.h); GSUB is never read.
 * Out:  NULL, or the model: the glyphs at which a lookup other than pair
 *       adjustment can start, and the pair lookups HarfBuzz applies.
 * Refs: OpenType spec, GPOS chapter (header, ScriptList, FeatureList,
 *       LookupList, lookup types 1–9, lookup flags, PairPos formats 1 and
 *       2 and value records, context formats 1–3), GDEF's glyph class
 *       definition, and "Common table formats" (Coverage, ClassDef);
 *       HarfBuzz 6's hb-ot-shape.cc (the features it turns on, the tables
 *       it applies: GPOS; kern or kerx where GPOS has no kerning; morx
 *       where there is no GSUB; trak) and hb-ot-layout-gpos-table.hh (how
 *       a pair lookup tries its subtables; binary searches).
 *
 * Why a word's kerning is the sum of its pairs': in one lookup, HarfBuzz
 * tries the subtables at each glyph in turn and the first that takes it
 * applies, reading that glyph and the next one only; with value format 2
 * zero it moves neither the second glyph nor past it, so the next glyph is
 * tried the same way. Lookups add up one after another. Lookups that skip
 * base or ligature glyphs would pair glyphs that are not neighbours, and
 * marks are kept out of pair-kerned words altogether.
 *
 * Why reading GPOS here agrees with HarfBuzz: the lookups it applies
 * depend on the script and language it picks, so a face is taken only
 * when every script's and language's system turns on the same kerning
 * lookups, and some script table (DFLT, dflt or latn) catches the scripts
 * the font does not list. Tables are checked whole first, so a reading
 * never leaves them; anything HarfBuzz's checker might repair or reject
 * (device tables, unknown formats) sends the face to HarfBuzz instead.
 * unit_kerning holds the result to HarfBuzz's in every shipped face.
 */
#include "text/kerning.h"

#include "base/arena.h"
#include "base/bytes.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TAG BP_SFNT_TAG

enum {
    LOOKUP_PAIR = 2,
    LOOKUP_EXTENSION = 9,
    LOOKUP_IGNORE_BASE_GLYPHS = 0x2,
    LOOKUP_IGNORE_LIGATURES = 0x4,
    VALUE_X_PLACEMENT = 0x1,
    VALUE_Y_PLACEMENT = 0x2,
    VALUE_X_ADVANCE = 0x4,
    VALUE_POSITIONS = 0xF, /* the four without device tables */
    NO_FEATURE = 0xFFFF,
    GLYPH_CLASS_MARK = 3,
};

typedef struct span {
    const unsigned char *data;
    size_t len;
} span;

/* A set of numbers below a bound: glyphs (65,536), or lookup indices. */
typedef struct bitset {
    size_t n_words;
    uint64_t bits[];
} bitset;

static bitset *bitset_new(size_t bound)
{
    size_t n_words = (bound + 63) / 64;
    bitset *s = bp_xcalloc(1, sizeof(bitset) + n_words * sizeof(uint64_t));
    s->n_words = n_words;
    return s;
}

static void bitset_add(bitset *s, unsigned v) { s->bits[v >> 6] |= (uint64_t)1 << (v & 63); }

static bool bitset_has(const bitset *s, unsigned v)
{
    return s->bits[v >> 6] >> (v & 63) & 1;
}

static bool bitset_equal(const bitset *a, const bitset *b)
{
    return a->n_words == b->n_words &&
           memcmp(a->bits, b->bits, a->n_words * sizeof(uint64_t)) == 0;
}

struct bp_pair_kerning {
    span gpos, gdef;      /* read in place: the font outlives the model */
    size_t glyph_classes; /* GDEF's glyph ClassDef, 0: none */
    bitset *other;        /* glyphs at which a lookup other than pair adjustment may start */
    /* The pair subtables of the kerning lookups HarfBuzz applies, lookup
     * by lookup in lookup order: lookup i's end at lookup_ends[i]. */
    uint32_t *subtables;
    size_t n_subtables;
    uint32_t *lookup_ends;
    size_t n_lookups;
};

/* Whether n bytes from off lie inside t. */
static bool fits(const span *t, size_t off, size_t n) { return off <= t->len && n <= t->len - off; }

static unsigned u16_at(const span *t, size_t off) { return bp_be16(t->data + off); }

/* The table the 16-bit offset at base + field points to, from base; 0 when
 * the offset is 0 (no table). */
static size_t linked(const span *t, size_t base, size_t field)
{
    unsigned off = u16_at(t, base + field);
    return off ? base + off : 0;
}

/* ---- Coverage and ClassDef ------------------------------------------------------ */

/* Whether the Coverage (ranges: false) or ClassDef (ranges: true) format 2
 * range table, or a format 1 array, at off lies inside t. */
static bool table_fits(const span *t, size_t off, bool class_def)
{
    if (!fits(t, off, 4))
        return false;
    unsigned format = u16_at(t, off);
    if (format == 1 && class_def)
        return fits(t, off, 6) && fits(t, off + 6, 2 * (size_t)u16_at(t, off + 4));
    if (format == 1)
        return fits(t, off + 4, 2 * (size_t)u16_at(t, off + 2));
    return format == 2 && fits(t, off + 4, 6 * (size_t)u16_at(t, off + 2));
}

/* HarfBuzz's binary search over count records of `stride` bytes from base,
 * for the glyph (ranges: the record whose first..last holds it): the same
 * halving, so that a font with unsorted records gives what HarfBuzz gives. */
static bool search(const span *t, size_t base, unsigned count, size_t stride, unsigned glyph,
                   bool ranges, size_t *found)
{
    int min = 0, max = (int)count - 1;
    while (min <= max) {
        int mid = (int)(((unsigned)min + (unsigned)max) / 2);
        size_t rec = base + (size_t)mid * stride;
        unsigned first = u16_at(t, rec), last = ranges ? u16_at(t, rec + 2) : first;
        if (glyph < first)
            max = mid - 1;
        else if (glyph > last)
            min = mid + 1;
        else {
            *found = rec;
            return true;
        }
    }
    return false;
}

/* The glyph's index in the Coverage at off (checked by table_fits), or -1. */
static long coverage_index(const span *t, size_t off, unsigned glyph)
{
    size_t rec;
    if (u16_at(t, off) == 1)
        return search(t, off + 4, u16_at(t, off + 2), 2, glyph, false, &rec)
                   ? (long)((rec - off - 4) / 2)
                   : -1;
    if (!search(t, off + 4, u16_at(t, off + 2), 6, glyph, true, &rec))
        return -1;
    unsigned first = u16_at(t, rec), last = u16_at(t, rec + 2);
    return first <= last ? (long)u16_at(t, rec + 4) + (long)(glyph - first) : -1;
}

/* The glyph's class in the ClassDef at off (checked by table_fits; 0: no
 * table, every glyph in class 0). */
static unsigned class_of(const span *t, size_t off, unsigned glyph)
{
    if (off == 0)
        return 0;
    if (u16_at(t, off) == 1) {
        unsigned start = u16_at(t, off + 2), count = u16_at(t, off + 4);
        return glyph >= start && glyph - start < count ? u16_at(t, off + 6 + 2 * (glyph - start))
                                                       : 0;
    }
    size_t rec;
    return search(t, off + 4, u16_at(t, off + 2), 6, glyph, true, &rec) ? u16_at(t, rec + 4)
                                                                         : 0;
}

/* Adds the glyphs of the Coverage table at off to set. */
static bool add_coverage(const span *t, size_t off, bitset *set)
{
    if (!table_fits(t, off, false))
        return false;
    unsigned format = u16_at(t, off), count = u16_at(t, off + 2);
    for (unsigned i = 0; i < count; i++) {
        if (format == 1) {
            bitset_add(set, u16_at(t, off + 4 + 2 * (size_t)i));
            continue;
        }
        size_t range = off + 4 + 6 * (size_t)i;
        unsigned first = u16_at(t, range), last = u16_at(t, range + 2);
        for (unsigned g = first; g <= last; g++)
            bitset_add(set, g);
    }
    return true;
}

/* ---- the lookups ---------------------------------------------------------------- */

/* The Coverage a contextual subtable starts a match with: the first input
 * glyph's (format 3 lists one per position, after the backtrack's). */
static bool add_context_start(const span *t, size_t sub, unsigned type, bitset *set)
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

/* Bytes in a value record of this format. */
static size_t value_size(unsigned format)
{
    unsigned fields = 0;
    for (unsigned bit = 1; bit <= VALUE_POSITIONS; bit <<= 1)
        fields += (format & bit) != 0;
    return 2 * (size_t)fields;
}

/* Whether the pair subtable at sub fits the model and lies inside t whole,
 * every table it points to with it. */
static bool pair_subtable_fits(const span *t, size_t sub)
{
    unsigned format = u16_at(t, sub), value1 = u16_at(t, sub + 4);
    if ((format != 1 && format != 2) || u16_at(t, sub + 6) != 0 || (value1 & ~VALUE_POSITIONS) ||
        u16_at(t, sub + 2) == 0 || !table_fits(t, sub + u16_at(t, sub + 2), false))
        return false;
    size_t record = 2 + value_size(value1);
    if (format == 1) {
        if (!fits(t, sub, 10))
            return false;
        unsigned n = u16_at(t, sub + 8);
        if (!fits(t, sub + 10, 2 * (size_t)n))
            return false;
        for (unsigned i = 0; i < n; i++) {
            size_t set = u16_at(t, sub + 10 + 2 * (size_t)i);
            if (set && !(fits(t, sub + set, 2) &&
                         fits(t, sub + set + 2, record * u16_at(t, sub + set))))
                return false;
        }
        return true;
    }
    if (!fits(t, sub, 16))
        return false;
    for (size_t field = 8; field <= 10; field += 2)
        if (u16_at(t, sub + field) && !table_fits(t, linked(t, sub, field), true))
            return false;
    size_t cells = (size_t)u16_at(t, sub + 12) * u16_at(t, sub + 14);
    return fits(t, sub + 16, cells * value_size(value1));
}

/* One subtable of a lookup of the given type: false when it breaks the
 * pair model (or cannot be read). */
static bool scan_subtable(const span *t, size_t sub, unsigned type, unsigned flag, bitset *other)
{
    if (!fits(t, sub, 8))
        return false;
    switch (type) {
    case LOOKUP_PAIR:
        return !(flag & (LOOKUP_IGNORE_BASE_GLYPHS | LOOKUP_IGNORE_LIGATURES)) &&
               pair_subtable_fits(t, sub);
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

/* The LookupList's offset (0: none) and lookup count, when it can be read
 * (t holds the header). */
static bool lookup_list(const span *t, size_t *list, unsigned *count)
{
    *list = u16_at(t, 8);
    *count = 0;
    if (!*list)
        return true;
    if (!fits(t, *list, 2))
        return false;
    *count = u16_at(t, *list);
    return fits(t, *list + 2, 2 * (size_t)*count);
}

/* Lookup i's subtables one by one (extensions resolved) to visit, with
 * the lookup's type (the extended one) and flag: false when the lookup
 * cannot be read or visit says so. */
typedef bool subtable_visit(const span *t, size_t sub, unsigned type, unsigned flag, void *ctx);

static bool each_subtable(const span *t, size_t list, unsigned i, subtable_visit *visit, void *ctx)
{
    size_t lookup = list + u16_at(t, list + 2 + 2 * (size_t)i);
    if (!fits(t, lookup, 6))
        return false;
    unsigned type = u16_at(t, lookup), flag = u16_at(t, lookup + 2);
    unsigned n = u16_at(t, lookup + 4);
    if (!fits(t, lookup + 6, 2 * (size_t)n))
        return false;
    for (unsigned s = 0; s < n; s++) {
        size_t sub = lookup + u16_at(t, lookup + 6 + 2 * (size_t)s);
        unsigned sub_type = type;
        if (type == LOOKUP_EXTENSION) { /* the real type, and a 32-bit offset */
            if (!fits(t, sub, 8) || u16_at(t, sub) != 1)
                return false;
            sub_type = u16_at(t, sub + 2);
            sub += bp_be32(t->data + sub + 4);
            if (sub_type == LOOKUP_EXTENSION)
                return false;
        }
        if (!visit(t, sub, sub_type, flag, ctx))
            return false;
    }
    return true;
}

typedef struct scan {
    bitset *other;
    uint8_t *is_pair; /* per lookup */
    unsigned lookup;
} scan;

static bool scan_visit(const span *t, size_t sub, unsigned type, unsigned flag, void *ctx)
{
    scan *sc = ctx;
    if (type == LOOKUP_PAIR)
        sc->is_pair[sc->lookup] = 1;
    return scan_subtable(t, sub, type, flag, sc->other);
}

/* Every lookup in GPOS, used by a feature or not (contextual lookups call
 * others by index): a superset of what HarfBuzz applies for any script.
 * Marks which lookups are pair adjustments. */
static bool scan_lookups(const span *t, size_t list, unsigned count, bitset *other,
                         uint8_t *is_pair)
{
    scan sc = {other, is_pair, 0};
    for (sc.lookup = 0; sc.lookup < count; sc.lookup++)
        if (!each_subtable(t, list, sc.lookup, scan_visit, &sc))
            return false;
    return true;
}

/* ---- the features HarfBuzz turns on --------------------------------------------- */

static bool tag_in(const uint32_t *tags, size_t n, uint32_t tag)
{
    for (size_t i = 0; i < n; i++)
        if (tags[i] == tag)
            return true;
    return false;
}

/* Features HarfBuzz 6 turns on for horizontal left-to-right text in the
 * default shaper (Latin, Greek, Cyrillic, common characters), less those
 * font.c turns off (liga, clig, calt, dlig, ccmp). */
static bool feature_on(uint32_t tag)
{
    static const uint32_t on[] = {
        TAG('k', 'e', 'r', 'n'), TAG('d', 'i', 's', 't'), TAG('a', 'b', 'v', 'm'),
        TAG('b', 'l', 'w', 'm'), TAG('l', 'o', 'c', 'l'), TAG('m', 'a', 'r', 'k'),
        TAG('m', 'k', 'm', 'k'), TAG('r', 'l', 'i', 'g'), TAG('c', 'u', 'r', 's'),
        TAG('r', 'c', 'l', 't'), TAG('r', 'v', 'r', 'n'), TAG('l', 't', 'r', 'a'),
        TAG('l', 't', 'r', 'm'),
    };
    return tag_in(on, sizeof on / sizeof on[0], tag);
}

/* Features HarfBuzz turns on for some glyphs only, or under conditions
 * this does not follow (fractions, randomness, AAT tracking, its own
 * private tags): a face whose pair lookups they reach goes to HarfBuzz. */
static bool feature_partly_on(uint32_t tag)
{
    static const uint32_t partly[] = {
        TAG('f', 'r', 'a', 'c'), TAG('n', 'u', 'm', 'r'), TAG('d', 'n', 'o', 'm'),
        TAG('r', 'a', 'n', 'd'), TAG('t', 'r', 'a', 'k'), TAG('H', 'a', 'r', 'f'),
        TAG('H', 'A', 'R', 'F'), TAG('B', 'u', 'z', 'z'), TAG('B', 'U', 'Z', 'Z'),
    };
    return tag_in(partly, sizeof partly / sizeof partly[0], tag);
}

typedef struct features {
    const span *t;
    size_t list;         /* the FeatureList, 0: none */
    unsigned count;      /* features in it */
    unsigned n_lookups;  /* in the LookupList */
    const uint8_t *is_pair;
} features;

static uint32_t feature_tag(const features *f, unsigned i)
{
    return bp_be32(f->t->data + f->list + 2 + 6 * (size_t)i);
}

/* Adds feature i's lookups to set (HarfBuzz passes over indices past the
 * LookupList); false when it cannot be read. */
static bool add_feature_lookups(const features *f, unsigned i, bitset *set)
{
    const span *t = f->t;
    size_t feature = f->list + u16_at(t, f->list + 2 + 6 * (size_t)i + 4);
    if (!fits(t, feature, 4) || !fits(t, feature + 4, 2 * (size_t)u16_at(t, feature + 2)))
        return false;
    for (unsigned k = 0; k < u16_at(t, feature + 2); k++) {
        unsigned lookup = u16_at(t, feature + 4 + 2 * (size_t)k);
        if (lookup < f->n_lookups)
            bitset_add(set, lookup);
    }
    return true;
}

/* The lookups HarfBuzz applies under the language system at off (0: none,
 * an empty one): its required feature's, and those of the first feature
 * of each tag it turns on, which is how HarfBuzz finds a feature. */
static bool langsys_lookups(const features *f, size_t off, bitset *set)
{
    const span *t = f->t;
    if (off == 0)
        return true;
    if (!fits(t, off, 6) || !fits(t, off + 6, 2 * (size_t)u16_at(t, off + 4)))
        return false;
    unsigned required = u16_at(t, off + 2);
    if (required != NO_FEATURE && required < f->count && !add_feature_lookups(f, required, set))
        return false;
    unsigned n = u16_at(t, off + 4);
    for (unsigned k = 0; k < n; k++) {
        unsigned i = u16_at(t, off + 6 + 2 * (size_t)k);
        if (i >= f->count || !feature_on(feature_tag(f, i)))
            continue;
        bool first_of_tag = true;
        for (unsigned j = 0; j < k && first_of_tag; j++) {
            unsigned earlier = u16_at(t, off + 6 + 2 * (size_t)j);
            first_of_tag = earlier >= f->count || feature_tag(f, earlier) != feature_tag(f, i);
        }
        if (first_of_tag && !add_feature_lookups(f, i, set))
            return false;
    }
    return true;
}

/* Compares the language system's lookups with the first one's (kept in
 * *applied): false when they differ or cannot be read. */
static bool same_lookups(const features *f, size_t langsys, bitset **applied)
{
    bitset *set = bitset_new(f->n_lookups);
    bool ok = langsys_lookups(f, langsys, set);
    if (ok && !*applied) {
        *applied = set;
        return true;
    }
    ok = ok && bitset_equal(set, *applied);
    free(set);
    return ok;
}

/* Whether a feature HarfBuzz turns on only partly reaches a pair lookup. */
static bool partly_on_pairs(const features *f)
{
    bitset *set = bitset_new(f->n_lookups);
    bool reaches = false;
    for (unsigned i = 0; i < f->count && !reaches; i++) {
        if (!feature_partly_on(feature_tag(f, i)))
            continue;
        memset(set->bits, 0, set->n_words * sizeof(uint64_t));
        reaches = !add_feature_lookups(f, i, set);
        for (unsigned l = 0; !reaches && l < f->n_lookups; l++)
            reaches = bitset_has(set, l) && f->is_pair[l];
    }
    free(set);
    return reaches;
}

/* The lookups every script's and language's system applies, or NULL when
 * they differ (or cannot be read). A script the font does not list falls
 * back to DFLT, dflt or latn; without those it gets none. */
static bitset *uniform_lookups(const span *t, const features *f)
{
    size_t scripts = u16_at(t, 4);
    unsigned n_scripts = scripts && fits(t, scripts, 2) ? u16_at(t, scripts) : 0;
    if (scripts && !fits(t, scripts + 2, 6 * (size_t)n_scripts))
        return NULL;
    bitset *applied = NULL;
    bool ok = true, fallback = false;
    for (unsigned s = 0; s < n_scripts && ok; s++) {
        size_t rec = scripts + 2 + 6 * (size_t)s;
        uint32_t tag = bp_be32(t->data + rec);
        fallback |= tag == TAG('D', 'F', 'L', 'T') || tag == TAG('d', 'f', 'l', 't') ||
                    tag == TAG('l', 'a', 't', 'n');
        size_t script = scripts + u16_at(t, rec + 4);
        if (!fits(t, script, 4) || !fits(t, script + 4, 6 * (size_t)u16_at(t, script + 2))) {
            ok = false;
            break;
        }
        size_t dflt = u16_at(t, script);
        ok = same_lookups(f, dflt ? script + dflt : 0, &applied);
        for (unsigned l = 0; l < u16_at(t, script + 2) && ok; l++)
            ok = same_lookups(f, script + u16_at(t, script + 4 + 6 * (size_t)l + 4), &applied);
    }
    if (ok && !fallback)
        ok = same_lookups(f, 0, &applied);
    if (!ok) {
        free(applied);
        return NULL;
    }
    return applied;
}

/* ---- the model ------------------------------------------------------------------ */

typedef struct collect {
    bp_pair_kerning *k;
    size_t cap;
} collect;

static bool collect_visit(const span *t, size_t sub, unsigned type, unsigned flag, void *ctx)
{
    (void)t, (void)flag;
    collect *c = ctx;
    if (type != LOOKUP_PAIR)
        return true; /* it starts only at glyphs in k->other */
    if (c->k->n_subtables == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 16;
        c->k->subtables = bp_xrealloc(c->k->subtables, c->cap * sizeof *c->k->subtables);
    }
    c->k->subtables[c->k->n_subtables++] = (uint32_t)sub;
    return true;
}

/* Reads GPOS into k: false when its positioning is not pairwise. */
static bool read_gpos(bp_pair_kerning *k)
{
    const span *t = &k->gpos;
    if (t->len == 0)
        return true; /* no positioning at all */
    if (!fits(t, 0, 10) || u16_at(t, 0) != 1)
        return false;
    if (u16_at(t, 2) >= 1 && (!fits(t, 10, 4) || bp_be32(t->data + 10) != 0))
        return false; /* feature variations */
    unsigned n_lookups;
    size_t list;
    if (!lookup_list(t, &list, &n_lookups))
        return false;
    uint8_t *is_pair = bp_xcalloc(n_lookups ? n_lookups : 1, 1);
    bool ok = scan_lookups(t, list, n_lookups, k->other, is_pair);
    features f = {t, u16_at(t, 6), 0, n_lookups, is_pair};
    if (ok && f.list) {
        ok = fits(t, f.list, 2) && fits(t, f.list + 2, 6 * (size_t)u16_at(t, f.list));
        f.count = ok ? u16_at(t, f.list) : 0;
    }
    ok = ok && !partly_on_pairs(&f);
    bitset *applied = ok ? uniform_lookups(t, &f) : NULL;
    ok = applied != NULL;
    collect c = {k, 0};
    for (unsigned l = 0; ok && l < n_lookups; l++) {
        if (!bitset_has(applied, l) || !is_pair[l])
            continue;
        ok = each_subtable(t, list, l, collect_visit, &c);
        k->lookup_ends = bp_xrealloc(k->lookup_ends, (k->n_lookups + 1) * sizeof *k->lookup_ends);
        k->lookup_ends[k->n_lookups++] = (uint32_t)k->n_subtables;
    }
    free(applied);
    free(is_pair);
    return ok;
}

/* Reads GDEF's glyph classes into k: false when GDEF is damaged. */
static bool read_gdef(bp_pair_kerning *k)
{
    const span *t = &k->gdef;
    if (t->len == 0)
        return true;
    if (!fits(t, 0, 6) || u16_at(t, 0) != 1)
        return false;
    k->glyph_classes = u16_at(t, 4);
    return k->glyph_classes == 0 || table_fits(t, k->glyph_classes, true);
}

static span table_span(const bp_sfnt *font, uint32_t tag)
{
    bp_sfnt_table t;
    return bp_sfnt_find(font, tag, &t) ? (span){t.data, t.length} : (span){NULL, 0};
}

bp_pair_kerning *bp_pair_kerning_new(const bp_sfnt *font)
{
    /* Tables HarfBuzz may apply beside or instead of GPOS, and variations,
     * which can change what GPOS gives. */
    static const uint32_t beside_gpos[] = {
        TAG('k', 'e', 'r', 'n'), TAG('k', 'e', 'r', 'x'), TAG('m', 'o', 'r', 'x'),
        TAG('m', 'o', 'r', 't'), TAG('t', 'r', 'a', 'k'), TAG('f', 'v', 'a', 'r'),
    };
    for (size_t i = 0; i < sizeof beside_gpos / sizeof beside_gpos[0]; i++)
        if (table_span(font, beside_gpos[i]).len > 0)
            return NULL;
    bp_pair_kerning *k = bp_xcalloc(1, sizeof *k);
    k->gpos = table_span(font, TAG('G', 'P', 'O', 'S'));
    k->gdef = table_span(font, TAG('G', 'D', 'E', 'F'));
    k->other = bitset_new(65536);
    if (!read_gpos(k) || !read_gdef(k)) {
        bp_pair_kerning_free(k);
        return NULL;
    }
    return k;
}

void bp_pair_kerning_free(bp_pair_kerning *k)
{
    if (!k)
        return;
    free(k->other);
    free(k->subtables);
    free(k->lookup_ends);
    free(k);
}

bool bp_pair_kerning_covers(const bp_pair_kerning *k, unsigned gid)
{
    return !bitset_has(k->other, gid) &&
           class_of(&k->gdef, k->glyph_classes, gid) != GLYPH_CLASS_MARK;
}

/* The XAdvance in the value record at off, of the given format. */
static int x_advance(const span *t, size_t off, unsigned format)
{
    if (!(format & VALUE_X_ADVANCE))
        return 0;
    size_t before = value_size(format & (VALUE_X_PLACEMENT | VALUE_Y_PLACEMENT));
    return (int16_t)u16_at(t, off + before);
}

/* Whether the pair subtable at sub takes the pair, and if so its XAdvance
 * for the first glyph in *adjust: a format 1 subtable takes it when it
 * lists the second glyph under the first; format 2 when both glyphs'
 * classes are within its counts. */
static bool pair_adjustment(const span *t, size_t sub, unsigned first, unsigned second,
                            int *adjust)
{
    long index = coverage_index(t, sub + u16_at(t, sub + 2), first);
    if (index < 0)
        return false;
    unsigned value1 = u16_at(t, sub + 4);
    if (u16_at(t, sub) == 1) {
        if (index >= u16_at(t, sub + 8))
            return false;
        size_t set = u16_at(t, sub + 10 + 2 * (size_t)index), rec;
        if (!set)
            return false;
        set += sub;
        if (!search(t, set + 2, u16_at(t, set), 2 + value_size(value1), second, false, &rec))
            return false;
        *adjust = x_advance(t, rec + 2, value1);
        return true;
    }
    unsigned class1 = class_of(t, linked(t, sub, 8), first);
    unsigned class2 = class_of(t, linked(t, sub, 10), second);
    unsigned count1 = u16_at(t, sub + 12), count2 = u16_at(t, sub + 14);
    if (class1 >= count1 || class2 >= count2)
        return false;
    *adjust = x_advance(t, sub + 16 + ((size_t)class1 * count2 + class2) * value_size(value1),
                        value1);
    return true;
}

int bp_pair_kerning_advance(const bp_pair_kerning *k, unsigned first, unsigned second)
{
    int total = 0;
    size_t s = 0;
    for (size_t l = 0; l < k->n_lookups; l++) {
        for (int adjust; s < k->lookup_ends[l]; s++)
            if (pair_adjustment(&k->gpos, k->subtables[s], first, second, &adjust)) {
                total += adjust;
                break;
            }
        s = k->lookup_ends[l];
    }
    return total;
}
