/*
 * text/hyphen.c — libhyphen pattern dictionaries, one per language, loaded
 * on first use. "en" and "en-US" both find hyph_en_US.dic; a language
 * without a pattern file is simply not hyphenated.
 *
 * The pattern file found at build time (BP_FROZEN_HYPHEN_PATH) is compiled
 * in as libhyphen's own state machine (hyphen_freeze.c), so it costs nothing
 * to load; other files are loaded with hnj_hyphen_load.
 */
#include "hyphen.h"

#include "base/arena.h"
#include "base/hash.h"
#include "base/utf8.h"

#include <ctype.h>
#include <hyphen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct dict_entry {
    char lang[32];
    HyphenDict *dict; /* NULL: looked up, none installed */
    bool frozen;      /* static storage: not to be freed */
} dict_entry;

#ifdef BP_FROZEN_HYPHEN_PATH
HyphenDict *bp_frozen_hyphen(void);
#endif

/* A word already hyphenated: words repeat, and patterns cost more than a
 * lookup. */
typedef struct cached_word {
    char *word; /* NULL = empty slot */
    size_t len;
    const HyphenDict *dict;
    int left, right;
    bool *points;
    size_t n_points;
} cached_word;

struct bp_hyphenator {
    char *dir;
    dict_entry entries[16];
    size_t n;
    cached_word *cache; /* open addressing, power-of-two size */
    size_t cache_cap, cache_len;
};

bp_hyphenator *bp_hyphenator_new(const char *pattern_dir)
{
    bp_hyphenator *h = bp_xcalloc(1, sizeof(*h));
    h->dir = bp_xstrdup(pattern_dir ? pattern_dir : "/usr/share/hyphen");
    return h;
}

void bp_hyphenator_free(bp_hyphenator *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->n; i++)
        if (h->entries[i].dict && !h->entries[i].frozen)
            hnj_hyphen_free(h->entries[i].dict);
    for (size_t i = 0; i < h->cache_cap; i++)
        free(h->cache[i].word); /* points share the word's allocation */
    free(h->cache);
    free(h->dir);
    free(h);
}

static HyphenDict *load_path(const char *path, bool *frozen)
{
    (void)frozen; /* unused when no pattern file was compiled in */
#ifdef BP_FROZEN_HYPHEN_PATH
    /* hyph_en.dic is a symbolic link to hyph_en_US.dic on Debian. */
    char *real = realpath(path, NULL);
    bool same = real && strcmp(real, BP_FROZEN_HYPHEN_PATH) == 0;
    free(real);
    if (same) {
        *frozen = true;
        return bp_frozen_hyphen();
    }
#endif
    return hnj_hyphen_load(path);
}

/* "en-us" → tries hyph_en_US.dic, then hyph_en.dic. */
static HyphenDict *load_dict(const bp_hyphenator *h, const char *lang, bool *frozen)
{
    char base[16] = {0}, region[16] = {0};
    sscanf(lang, "%15[A-Za-z]%*[-_]%15[A-Za-z]", base, region);
    for (char *p = base; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    for (char *p = region; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    if (!*base)
        return NULL;
    char path[1024];
    if (*region) {
        snprintf(path, sizeof path, "%s/hyph_%s_%s.dic", h->dir, base, region);
        if (access(path, R_OK) == 0)
            return load_path(path, frozen);
    }
    snprintf(path, sizeof path, "%s/hyph_%s.dic", h->dir, base);
    if (access(path, R_OK) == 0)
        return load_path(path, frozen);
    return NULL;
}

static HyphenDict *dict_for(bp_hyphenator *h, const char *lang)
{
    for (size_t i = 0; i < h->n; i++)
        if (strcmp(h->entries[i].lang, lang) == 0)
            return h->entries[i].dict;
    bool frozen = false;
    HyphenDict *d = load_dict(h, lang, &frozen);
    if (h->n < sizeof h->entries / sizeof h->entries[0]) {
        snprintf(h->entries[h->n].lang, sizeof h->entries[h->n].lang, "%s", lang);
        h->entries[h->n].frozen = frozen;
        h->entries[h->n++].dict = d;
    } else if (d && !frozen) {
        hnj_hyphen_free(d); /* cannot be kept: not used */
        d = NULL;
    }
    return d;
}

static size_t hash_word(const char *w, size_t len, const HyphenDict *d, int left, int right)
{
    uint64_t seed = BP_HASH_SEED ^ (uintptr_t)d ^ (uint64_t)(left * 31 + right);
    return (size_t)bp_hash_bytes(seed, w, len);
}

static cached_word *cache_slot(bp_hyphenator *h, const char *w, size_t len, const HyphenDict *d,
                               int left, int right)
{
    size_t i = hash_word(w, len, d, left, right) & (h->cache_cap - 1);
    for (;; i = (i + 1) & (h->cache_cap - 1)) {
        cached_word *c = &h->cache[i];
        if (!c->word || (c->len == len && c->dict == d && c->left == left &&
                         c->right == right && memcmp(c->word, w, len) == 0))
            return c;
    }
}

static void cache_grow(bp_hyphenator *h)
{
    cached_word *old = h->cache;
    size_t old_cap = h->cache_cap;
    h->cache_cap = old_cap ? old_cap * 2 : 1024;
    h->cache = bp_xcalloc(h->cache_cap, sizeof *h->cache);
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].word)
            *cache_slot(h, old[i].word, old[i].len, old[i].dict, old[i].left, old[i].right) = old[i];
    free(old);
}

static size_t hyphenate_uncached(HyphenDict *d, const char *word, size_t len, int left, int right,
                                 bool *points);

size_t bp_hyphenate(bp_hyphenator *h, const char *lang, const char *word, size_t len,
                    int left, int right, bool *points)
{
    memset(points, 0, len * sizeof(bool));
    if (!lang || len < 4 || len > 200)
        return 0;
    HyphenDict *d = dict_for(h, lang);
    if (!d)
        return 0;
    if ((h->cache_len + 1) * 2 > h->cache_cap)
        cache_grow(h);
    cached_word *c = cache_slot(h, word, len, d, left, right);
    if (!c->word) {
        /* word and points in one allocation */
        c->word = bp_xmalloc(len + len * sizeof(bool));
        memcpy(c->word, word, len);
        c->points = (bool *)(c->word + len);
        c->len = len;
        c->dict = d;
        c->left = left;
        c->right = right;
        c->n_points = hyphenate_uncached(d, word, len, left, right, c->points);
        h->cache_len++;
    }
    memcpy(points, c->points, len * sizeof(bool));
    return c->n_points;
}

/* bp_hyphenate without the cache; points[0..len) is zeroed here. */
static size_t hyphenate_uncached(HyphenDict *d, const char *word, size_t len, int left, int right,
                                 bool *points)
{
    memset(points, 0, len * sizeof(bool));
    /* Patterns are lowercase; ASCII lowering keeps byte offsets. */
    char lower[256];
    for (size_t i = 0; i < len; i++)
        lower[i] = (char)tolower((unsigned char)word[i]);
    lower[len] = '\0';
    char hyphens[260];
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    if (hnj_hyphen_hyphenate3(d, lower, (int)len, hyphens, NULL, &rep, &pos, &cut, left, right, 2,
                              2) != 0) {
        free(rep), free(pos), free(cut);
        return 0;
    }
    size_t n = 0;
    if (!rep) { /* non-standard (replacing) hyphenation is not used */
        /* Count letters, not bytes, for the minimums: hyphens[i] refers to
         * the byte offset i of the last byte of a character. */
        size_t letters_total = 0;
        for (size_t i = 0; i < len; i++)
            letters_total += ((unsigned char)word[i] & 0xC0) != 0x80;
        size_t letters = 0;
        for (size_t i = 0; i + 1 < len; i++) {
            if (((unsigned char)word[i] & 0xC0) != 0x80)
                letters++;
            if ((hyphens[i] & 1) && letters >= (size_t)left &&
                letters_total - letters >= (size_t)right &&
                ((unsigned char)word[i + 1] & 0xC0) != 0x80) {
                points[i + 1] = true;
                n++;
            }
        }
    } else {
        for (size_t i = 0; i < len; i++)
            free(rep[i]);
    }
    free(rep), free(pos), free(cut);
    return n;
}
