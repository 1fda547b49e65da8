/*
 * text/font.c — cmap lookups, cached advance widths and kerning.
 */
#include "font.h"

#include "base/file.h"
#include "base/hash.h"
#include "base/sfnt.h"
#include "base/utf8.h"
#include "text/kerning.h"
#include "text/shaper.h"

#include <stdlib.h>
#include <string.h>

/* A character's glyph and its width as the PDF's /W holds it. */
typedef struct glyph_metric {
    int16_t width; /* 1/1000 em; -1 = not looked up; -2 = missing */
    uint16_t gid;
    uint8_t pairwise; /* kerned by pairs (kerning.h): 0, 1, or PAIRWISE_UNKNOWN */
} glyph_metric;

enum { PAIRWISE_UNKNOWN = 0xFF };

/* A glyph pair's kerning, read once per face (kerning.h). */
typedef struct pair_slot {
    uint32_t key; /* first glyph, second glyph */
    int16_t kern; /* after the first glyph, 1/1000 em */
    bool used;
} pair_slot;

typedef struct face {
    bp_mapped_file file;
    bp_sfnt sfnt;
    bool readable;        /* sfnt was opened */
    bp_shaper_face *shaper; /* made at the first word shaped whole */
    unsigned upem;
    /* Per BMP code point. In blocks of 256 made on first use: a document
     * touches a few blocks, and a whole table per face costs more in page
     * faults than it saves. */
    glyph_metric *metrics[256];
    /* Set when words may be kerned pair by pair; read on first shaping. */
    bp_pair_kerning *pairs;
    bool pairs_read;
    pair_slot *pair_cache;
    size_t n_pairs, pair_cap;
    int ascent, descent;
    bool opened; /* tried: fonts are opened on first use */
} face;

typedef struct cache_slot {
    const char *key; /* text, NUL-terminated */
    size_t len;
    int font;
    const bp_shaped *shaped;
} cache_slot;

struct bp_fonts {
    face *faces;
    size_t n;
    bp_doc *doc;          /* its fonts, and where a bad one is reported */
    bool failed;          /* a face could not be opened, or HarfBuzz was missing */
    bool shaper_failed;   /* HarfBuzz could not be loaded (reported once) */
    bp_arena *arena;      /* the document's: shaped results live there */
    bp_shaper *shaper;    /* words the pair model cannot take */
    cache_slot *cache;
    size_t cache_len, cache_cap;
    bool shape_whole;     /* tests: every word through HarfBuzz whole */
    size_t n_words, n_by_pairs, n_whole;
};

bp_fonts *bp_fonts_open(bp_doc *doc)
{
    bp_fonts *f = bp_xcalloc(1, sizeof(*f));
    f->doc = doc;
    f->arena = &doc->arena;
    f->shaper = bp_shaper_new();
    f->cache_cap = 1024;
    f->cache = bp_xcalloc(f->cache_cap, sizeof(cache_slot));
    f->n = doc->n_fonts;
    f->faces = bp_xcalloc(f->n ? f->n : 1, sizeof(face));
    return f;
}

/* Reads face i's file; false after a diagnostic when it is no usable font. */
static bool open_face(bp_fonts *f, size_t i)
{
    face *fc = &f->faces[i];
    const char *path = f->doc->fonts[i].path, *why;
    int err = bp_file_map(path, &fc->file);
    if (err) {
        bp_diag_emit(f->doc->diags, BP_ERROR, "font-unreadable", BP_LOC_NONE,
                     "cannot read font %s: %s", path, strerror(err));
        return false;
    }
    if (!bp_sfnt_open(&fc->sfnt, fc->file.data, fc->file.len, &why)) {
        bp_diag_emit(f->doc->diags, BP_ERROR, "bad-font", BP_LOC_NONE,
                     "%s is not a usable TrueType or OpenType font: %s", path, why);
        return false;
    }
    fc->readable = true;
    fc->upem = fc->sfnt.upem;
    bp_sfnt_metrics m = bp_sfnt_vertical_metrics(&fc->sfnt);
    fc->ascent = m.ascender * 1000 / (int)fc->upem;
    fc->descent = -m.descender * 1000 / (int)fc->upem;
    return true;
}

/* Face i, opened on first use: a style names fallbacks for scripts a brief
 * rarely holds (the CJK ones alone are 8 MB), and opening all eleven of
 * the default style's faces took a twentieth of a build. A face that
 * cannot be opened is reported once and then has no glyphs. */
static face *face_at(bp_fonts *f, int i)
{
    face *fc = &f->faces[i];
    if (!fc->opened) {
        fc->opened = true;
        if (!open_face(f, (size_t)i)) {
            f->failed = true;
            fc->upem = 1000;
        }
    }
    return fc;
}

bool bp_fonts_failed(const bp_fonts *f) { return f->failed; }

bool bp_fonts_file(bp_fonts *f, int font, const unsigned char **data, size_t *len)
{
    face *fc = face_at(f, font);
    *data = fc->readable ? fc->file.data : NULL;
    *len = fc->readable ? fc->file.len : 0;
    return *data != NULL;
}

void bp_fonts_close(bp_fonts *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        face *fc = &f->faces[i];
        bp_shaper_face_free(fc->shaper);
        bp_file_unmap(&fc->file);
        for (size_t b = 0; b < 256; b++)
            free(fc->metrics[b]);
        bp_pair_kerning_free(fc->pairs);
        free(fc->pair_cache);
    }
    free(f->faces);
    bp_shaper_free(f->shaper);
    free(f->cache);
    free(f);
}

static glyph_metric lookup(face *fc, uint32_t cp)
{
    unsigned gid = fc->readable ? bp_sfnt_glyph(&fc->sfnt, cp) : 0;
    if (gid == 0)
        return (glyph_metric){-2, 0, 0};
    unsigned adv = bp_sfnt_advance(&fc->sfnt, gid);
    /* truncated, as the PDF /W holds it */
    return (glyph_metric){(int16_t)(adv * 1000 / fc->upem), (uint16_t)gid, PAIRWISE_UNKNOWN};
}

/* The cached lookup() of a BMP code point. */
static glyph_metric *cached_metric(face *fc, uint32_t cp)
{
    glyph_metric **block = &fc->metrics[cp >> 8];
    if (!*block) {
        *block = bp_xmalloc(256 * sizeof **block);
        memset(*block, 0xFF, 256 * sizeof **block); /* all widths -1 */
    }
    glyph_metric *m = &(*block)[cp & 0xFF];
    if (m->width == -1)
        *m = lookup(fc, cp);
    return m;
}

/* Width in 1/1000 em, -2 when the face lacks cp. */
static int cached_width(face *fc, uint32_t cp)
{
    return cp < 65536 ? cached_metric(fc, cp)->width : lookup(fc, cp).width;
}

int bp_font_char_width(bp_fonts *f, int font, uint32_t cp)
{
    int w = cached_width(face_at(f, font), cp);
    return w < 0 ? 0 : w;
}

bool bp_font_has(bp_fonts *f, int font, uint32_t cp)
{
    return cached_width(face_at(f, font), cp) != -2;
}

/* The sum of the characters' truncated widths (as the PDF's /W holds
 * them), in 1/1000 em, and their number in *n_chars. */
static long nominal_width(bp_fonts *f, int font, const char *s, size_t len, size_t *n_chars)
{
    face *fc = face_at(f, font);
    long total = 0;
    size_t n = 0;
    for (size_t i = 0; i < len; n++) {
        size_t used;
        uint32_t cp = bp_utf8_decode(s + i, len - i, &used);
        i += used;
        int w = cp != BP_UTF8_INVALID ? cached_width(fc, cp) : 0;
        total += w < 0 ? 0 : w;
    }
    *n_chars = n;
    return total;
}

double bp_font_width(bp_fonts *f, int font, const char *s, size_t len, double size)
{
    size_t n;
    return (double)nominal_width(f, font, s, len, &n) * size / 1000.0;
}

int bp_font_ascent(bp_fonts *f, int font) { return face_at(f, font)->ascent; }
int bp_font_descent(bp_fonts *f, int font) { return face_at(f, font)->descent; }

/* ---- shaping ------------------------------------------------------------------ */

static size_t hash_text(const char *s, size_t len, int font)
{
    return (size_t)bp_hash_bytes(BP_HASH_SEED ^ (uint64_t)font, s, len);
}

static cache_slot *cache_find(bp_fonts *f, const char *s, size_t len, int font)
{
    size_t i = hash_text(s, len, font) & (f->cache_cap - 1);
    for (;;) {
        cache_slot *c = &f->cache[i];
        if (!c->key || (c->font == font && c->len == len && memcmp(c->key, s, len) == 0))
            return c;
        i = (i + 1) & (f->cache_cap - 1);
    }
}

static void cache_grow(bp_fonts *f)
{
    cache_slot *old = f->cache;
    size_t old_cap = f->cache_cap;
    f->cache_cap *= 2;
    f->cache = bp_xcalloc(f->cache_cap, sizeof(cache_slot));
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].key)
            *cache_find(f, old[i].key, old[i].len, old[i].font) = old[i];
    free(old);
}

/* Replaces ff, fi, fl, ffi, ffl by their ligature characters when the face
 * has glyphs for them. */
static char *apply_ligatures(bp_fonts *f, int font, const char *s, size_t len)
{
    static const struct {
        const char *seq;
        size_t n;
        uint32_t cp;
    } ligs[] = {{"ffi", 3, 0xFB03}, {"ffl", 3, 0xFB04}, {"ff", 2, 0xFB00}, {"fi", 2, 0xFB01},
                {"fl", 2, 0xFB02}};
    char *out = bp_arena_alloc(f->arena, len + 1);
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        bool done = false;
        for (size_t k = 0; s[i] == 'f' && k < sizeof ligs / sizeof ligs[0] && !done; k++) {
            size_t n = ligs[k].n;
            if (i + n <= len && memcmp(s + i, ligs[k].seq, n) == 0 &&
                bp_font_has(f, font, ligs[k].cp)) {
                o += bp_utf8_encode(ligs[k].cp, out + o); /* 3 bytes for 2–3 letters */
                i += n;
                done = true;
            }
        }
        if (!done)
            out[o++] = s[i++];
    }
    out[o] = '\0';
    return out;
}

/* A shaped advance's difference from the nominal one, from font units to
 * 1/1000 em, rounded half away from zero. */
static int kern_thousandths(long units, unsigned upem)
{
    long delta = units * 1000;
    return (int)(delta >= 0 ? (delta + upem / 2) / upem : -((-delta + upem / 2) / upem));
}

enum { PAIR_WORD_MAX = 64 }; /* longer words are shaped whole */

/* Characters the pair model takes: of scripts HarfBuzz's default shaper
 * sets, and neither marks nor default-ignorable or control characters,
 * which HarfBuzz composes, hides or reorders. */
static bool pairwise_char(uint32_t cp)
{
    static const uint32_t ranges[][2] = {
        {0x0020, 0x007E}, {0x00A0, 0x00AC}, {0x00AE, 0x02FF}, /* Latin, IPA, modifiers */
        {0x0370, 0x03FF}, {0x0400, 0x0482}, {0x048A, 0x052F}, /* Greek, Cyrillic */
        {0x1E00, 0x1FFF},                                     /* Latin, Greek extended */
        {0x2000, 0x200A}, {0x2010, 0x2027}, {0x202F, 0x205E}, /* spaces, punctuation */
        {0x2070, 0x20BF}, {0x2100, 0x22FF},                   /* currency, symbols */
        {0xFB00, 0xFB06},                                     /* Latin ligatures */
    };
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
        if (cp >= ranges[i][0] && cp <= ranges[i][1])
            return true;
    return false;
}

static size_t pair_hash(uint32_t key, size_t cap)
{
    return (size_t)(((uint64_t)key * 0x9E3779B97F4A7C15u) >> 32) & (cap - 1);
}

static pair_slot *pair_find(face *fc, uint32_t key)
{
    size_t i = pair_hash(key, fc->pair_cap);
    while (fc->pair_cache[i].used && fc->pair_cache[i].key != key)
        i = (i + 1) & (fc->pair_cap - 1);
    return &fc->pair_cache[i];
}

/* The kerning after glyph `first` when `second` follows it, 1/1000 em:
 * read from the face's GPOS once, then cached. */
static int pair_kern(face *fc, uint16_t first, uint16_t second)
{
    uint32_t key = (uint32_t)first << 16 | second;
    if ((fc->n_pairs + 1) * 2 > fc->pair_cap) { /* grow at half full */
        pair_slot *old = fc->pair_cache;
        size_t old_cap = fc->pair_cap;
        fc->pair_cap = old_cap ? old_cap * 2 : 512;
        fc->pair_cache = bp_xcalloc(fc->pair_cap, sizeof(pair_slot));
        for (size_t i = 0; i < old_cap; i++)
            if (old[i].used)
                *pair_find(fc, old[i].key) = old[i];
        free(old);
    }
    pair_slot *p = pair_find(fc, key);
    if (!p->used) {
        int units = bp_pair_kerning_advance(fc->pairs, first, second);
        *p = (pair_slot){key, (int16_t)kern_thousandths(units, fc->upem), true};
        fc->n_pairs++;
    }
    return p->kern;
}

/* Kerns the word from its glyph pairs when the face's positioning and
 * every character allow it (kerning.h); false to shape it whole. */
static bool kern_by_pairs(bp_fonts *f, face *fc, const char *text, size_t tlen, bp_shaped *sh)
{
    size_t n = sh->n_chars;
    if (n < 2)
        return true; /* kerning goes between characters: none */
    if (!fc->pairs_read) {
        fc->pairs_read = true;
        fc->pairs = fc->readable ? bp_pair_kerning_new(&fc->sfnt) : NULL;
    }
    if (!fc->pairs || n > PAIR_WORD_MAX)
        return false;
    uint16_t gids[PAIR_WORD_MAX];
    size_t i = 0;
    for (size_t at = 0; at < tlen; i++) {
        size_t used;
        uint32_t cp = bp_utf8_decode(text + at, tlen - at, &used);
        at += used;
        if (i == PAIR_WORD_MAX || !pairwise_char(cp)) /* all in the BMP */
            return false;
        glyph_metric *m = cached_metric(fc, cp);
        if (m->pairwise == PAIRWISE_UNKNOWN)
            m->pairwise = m->width != -2 && bp_pair_kerning_covers(fc->pairs, m->gid);
        if (!m->pairwise)
            return false;
        gids[i] = m->gid;
    }
    int16_t kern[PAIR_WORD_MAX] = {0};
    bool any = false;
    for (size_t g = 0; g + 1 < n; g++) {
        kern[g] = (int16_t)pair_kern(fc, gids[g], gids[g + 1]);
        sh->width += kern[g];
        any |= kern[g] != 0;
    }
    if (any) {
        int16_t *kept = bp_arena_alloc(f->arena, n * sizeof(int16_t));
        memcpy(kept, kern, n * sizeof(int16_t));
        sh->kern = kept;
    }
    f->n_by_pairs++;
    return true;
}

/* Kerns the word as HarfBuzz shapes it whole, loading HarfBuzz and the
 * face's shaping data on first use. */
static void kern_whole(bp_fonts *f, face *fc, const char *text, size_t tlen, bp_shaped *sh)
{
    const char *why;
    if (!fc->readable)
        return;
    if (!fc->shaper && !(fc->shaper = bp_shaper_face_new(f->shaper, fc->file.data,
                                                         fc->file.len, &why))) {
        if (!f->shaper_failed)
            bp_diag_emit(f->doc->diags, BP_ERROR, "shaper-unavailable", BP_LOC_NONE,
                         "%s (needed to shape \"%s\")", why, text);
        f->failed = f->shaper_failed = true;
        return;
    }
    size_t n = sh->n_chars;
    int *adjust = bp_xmalloc(n * sizeof *adjust);
    int16_t *kern = NULL;
    if (bp_shaper_adjustments(f->shaper, fc->shaper, text, tlen, n, adjust))
        for (size_t g = 0; g + 1 < n; g++) {
            int k = kern_thousandths(adjust[g], fc->upem);
            if (k == 0)
                continue;
            if (!kern)
                kern = bp_arena_alloc(f->arena, n * sizeof(int16_t));
            kern[g] = (int16_t)k;
            sh->width += k;
        }
    free(adjust);
    sh->kern = kern;
}

static bp_shaped *shape(bp_fonts *f, int font, const char *s, size_t len)
{
    face *fc = face_at(f, font);
    bp_shaped *sh = bp_arena_alloc(f->arena, sizeof(bp_shaped));
    char *text = apply_ligatures(f, font, s, len);
    size_t tlen = strlen(text);
    sh->text = text;
    sh->width = nominal_width(f, font, text, tlen, &sh->n_chars);
    size_t n = sh->n_chars;
    f->n_words++;
    if (!f->shape_whole && kern_by_pairs(f, fc, text, tlen, sh))
        return sh;
    f->n_whole++;
    if (n > 1)
        kern_whole(f, fc, text, tlen, sh);
    return sh;
}

long bp_shaped_prefix(bp_fonts *f, int font, const bp_shaped *sh, size_t bytes,
                      size_t *n_chars)
{
    long total = nominal_width(f, font, sh->text, bytes, n_chars);
    /* the kerning inside the prefix: after each character but its last */
    for (size_t k = 0; sh->kern && k + 1 < *n_chars; k++)
        total += sh->kern[k];
    return total;
}

bp_shaping_counts bp_fonts_shaping_counts(const bp_fonts *f)
{
    bp_shaping_counts c = {f->n_words, f->n_by_pairs, f->n_whole, 0};
    for (size_t i = 0; i < f->n; i++)
        c.pairs += f->faces[i].n_pairs;
    return c;
}

void bp_fonts_shape_whole(bp_fonts *f) { f->shape_whole = true; }

const bp_shaped *bp_font_shape(bp_fonts *f, int font, const char *s, size_t len)
{
    cache_slot *c = cache_find(f, s, len, font);
    if (c->key)
        return c->shaped;
    if ((f->cache_len + 1) * 2 > f->cache_cap) {
        cache_grow(f);
        c = cache_find(f, s, len, font);
    }
    c->key = bp_arena_strndup(f->arena, s, len);
    c->len = len;
    c->font = font;
    c->shaped = shape(f, font, s, len);
    f->cache_len++;
    return c->shaped;
}
