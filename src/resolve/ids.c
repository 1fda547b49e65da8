/*
 * resolve/ids.c — open-addressing hash table of ids, with typo suggestions.
 */
#include "ids.h"

#include "base/hash.h"

#include <stdlib.h>
#include <string.h>

typedef struct slot {
    const char *id;
    bp_node *node;
} slot;

struct bp_id_table {
    slot *slots;
    size_t cap, len;
};

static size_t hash(const char *s) { return (size_t)bp_hash_str(BP_HASH_SEED, s); }

bp_id_table *bp_ids_new(void)
{
    bp_id_table *t = bp_xcalloc(1, sizeof(*t));
    t->cap = 64;
    t->slots = bp_xcalloc(t->cap, sizeof(slot));
    return t;
}

void bp_ids_free(bp_id_table *t)
{
    if (!t)
        return;
    free(t->slots);
    free(t);
}

static slot *find(const bp_id_table *t, const char *id)
{
    size_t i = hash(id) & (t->cap - 1);
    while (t->slots[i].id && strcmp(t->slots[i].id, id) != 0)
        i = (i + 1) & (t->cap - 1);
    return &t->slots[i];
}

static void grow(bp_id_table *t)
{
    slot *old = t->slots;
    size_t old_cap = t->cap;
    t->cap *= 2;
    t->slots = bp_xcalloc(t->cap, sizeof(slot));
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].id)
            *find(t, old[i].id) = old[i];
    free(old);
}

bp_node *bp_ids_add(bp_id_table *t, const char *id, bp_node *n)
{
    if ((t->len + 1) * 2 > t->cap)
        grow(t);
    slot *s = find(t, id);
    if (s->id)
        return s->node;
    s->id = id;
    s->node = n;
    t->len++;
    return NULL;
}

bp_node *bp_ids_lookup(const bp_id_table *t, const char *id)
{
    slot *s = find(t, id);
    return s->id ? s->node : NULL;
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return (size_t)-1;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *bp_ids_suggest(const bp_id_table *t, const char *id)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < t->cap; i++) {
        const char *cand = t->slots[i].id;
        if (!cand)
            continue;
        size_t d = edit_distance(id, cand);
        /* "sec-intro" for "sec-introduction": a clipped id is a likely slip. */
        size_t li = strlen(id), lc = strlen(cand);
        if (li >= 3 && lc >= 3 && d != 0 &&
            (strncmp(id, cand, li < lc ? li : lc) == 0))
            d = 1;
        /* Deterministic tie-break: table order depends only on the ids. */
        if (d < best_d || (d == best_d && best && strcmp(cand, best) < 0))
            best = cand, best_d = d;
    }
    size_t limit = strlen(id) / 3 + 1;
    return best && best_d <= limit ? best : NULL;
}
