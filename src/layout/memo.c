/*
 * layout/memo.c — paragraphs set in one pass, reused by the next.
 *
 * A second layout pass happens when a cross-reference's page number came
 * out wider or narrower than its guess. Every other paragraph is set
 * exactly as before: same runs, style, measure and shape give the same
 * lines. The passes walk the same tree in the same order, so the k-th
 * paragraph of one pass is the k-th of the next; its input is compared by
 * a 64-bit fingerprint of everything layout_paragraph reads (contents, not
 * addresses: styles are recomputed each pass), and a match takes over the
 * lines instead of being set again. Lines set into the body or a footnote
 * move from the previous pass's lists (cut back to what the paragraph set:
 * callers append to them, a TOC entry its leaders, and append again);
 * lines set into a list that does not outlive its pass (a table cell's)
 * are copied when set. A paragraph printing a page number is always set
 * again. If the sequences ever diverge, fingerprints differ and paragraphs
 * are simply set again.
 */
#include "layout_internal.h"

#include "base/hash.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct box_counts {
    uint32_t draws, notes, anchors;
} box_counts;

typedef struct memo_entry {
    uint64_t key;
    bool reusable;     /* prints no page number, and its lines are kept */
    size_t n_lines, n_boxes;
    /* Set into a list that outlives the pass: where, and how many draws,
     * notes and anchors each box had when set (callers may append more:
     * a TOC entry's leaders; they append them again). */
    long list;         /* 0 = body, k = footnote k */
    size_t first;
    box_counts *counts;
    /* Set into a list that does not (a table cell's): copies. */
    bp_vbox *copies;
} memo_entry;

struct bp_layout_memo {
    memo_entry *entries; /* by paragraph number within a pass */
    size_t len, cap;
    bp_layout prev;      /* the previous pass's boxes, handed over as taken */
    bool have_prev;
};

static void free_boxes(bp_vbox *boxes, size_t n)
{
    for (size_t i = 0; boxes && i < n; i++) {
        free(boxes[i].draws);
        free(boxes[i].notes);
        free(boxes[i].anchors);
    }
    free(boxes);
}

static void clear_entry(memo_entry *e)
{
    free(e->counts);
    free_boxes(e->copies, e->n_boxes);
    memset(e, 0, sizeof *e);
}

bp_layout_memo *bp_layout_memo_new(void) { return bp_xcalloc(1, sizeof(bp_layout_memo)); }

void bp_layout_memo_free(bp_layout_memo *m)
{
    if (!m)
        return;
    if (m->have_prev)
        bp_layout_free(&m->prev);
    for (size_t i = 0; i < m->len; i++)
        clear_entry(&m->entries[i]);
    free(m->entries);
    free(m);
}

void bp_layout_memo_keep(bp_layout_memo *m, bp_layout *lay)
{
    if (m->have_prev)
        bp_layout_free(&m->prev);
    m->prev = *lay;
    m->have_prev = true;
    /* The arena goes with the document (see bp_layout_document). */
    m->prev.arena = (bp_arena){0};
    lay->arena = (bp_arena){0};
    memset(lay, 0, sizeof *lay);
}

/* ---- fingerprints ---------------------------------------------------------- */

/* FNV-style, eight bytes at a time: styles are hashed whole for every run. */
static uint64_t mix(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 1099511628211u;
        h ^= h >> 29;
    }
    for (; n > 0; p++, n--)
        h = (h ^ *p) * 1099511628211u;
    return h;
}

static uint64_t mix_str(uint64_t h, const char *s)
{
    return s ? mix(h, s, strlen(s) + 1) : mix(h, "\xff", 1);
}

/* A style by what setting lines reads of it: the fields before `content`
 * (generated content, counters and running strings were used up when the
 * runs were made), strings by their text, as styles and their strings are
 * made afresh each pass. Styles are zeroed when made and copied whole, so
 * their padding is zero too. */
static uint64_t mix_style(uint64_t h, const bp_style *s)
{
    if (!s)
        return mix(h, "\xfe", 1);
    bp_style plain = *s;
    plain.family = plain.xref_style = plain.typography_rules = NULL;
    h = mix(h, &plain, offsetof(bp_style, content));
    h = mix_str(h, s->family);
    h = mix_str(h, s->xref_style);
    return mix_str(h, s->typography_rules);
}

uint64_t memo_key(const run_list *runs, const bp_style *base, const para_shape *shape)
{
    uint64_t h = mix(BP_HASH_SEED, &runs->len, sizeof runs->len);
    for (size_t i = 0; i < runs->len; i++) {
        const run *r = &runs->items[i];
        h = mix_str(h, r->text);
        h = mix_style(h, r->style);
        h = mix_str(h, r->link_id);
        h = mix_str(h, r->uri);
        h = mix(h, &r->origin, sizeof r->origin);
        h = mix(h, &r->note, sizeof r->note);
        h = mix_str(h, r->anchor);
        h = mix(h, &r->nobreak_before, sizeof r->nobreak_before);
        h = mix_str(h, r->lang);
        h = mix_str(h, r->page_of);
    }
    h = mix_style(h, base);
    const double geometry[] = {shape->x, shape->width, shape->first_indent, shape->hang,
                               shape->space_before, shape->label_x};
    h = mix(h, geometry, sizeof geometry);
    const bool flags[] = {shape->keep_with_next, shape->break_before};
    h = mix(h, flags, sizeof flags);
    h = mix_str(h, shape->label);
    h = mix_style(h, shape->label_style);
    h = mix(h, &shape->origin, sizeof shape->origin);
    for (size_t i = 0; i < shape->n_anchors; i++)
        h = mix_str(h, shape->anchors[i]);
    return h;
}

/* ---- storing and taking -------------------------------------------------- */

/* Which kept list target is (0 body, k footnote k), or -1 for a list that
 * does not outlive the pass (a table cell's, say). */
long memo_list_of(const bp_layout *out, const bp_vlist *target)
{
    if (target == &out->body)
        return 0;
    if (out->notes && target >= out->notes && target <= out->notes + out->n_notes)
        return (long)(target - out->notes);
    return -1;
}

static bp_vlist *prev_list(bp_layout_memo *m, size_t list)
{
    if (!m->have_prev)
        return NULL;
    if (list == 0)
        return &m->prev.body;
    return m->prev.notes && list <= m->prev.n_notes ? &m->prev.notes[list] : NULL;
}

static void reserve_boxes(bp_vlist *target, size_t more)
{
    if (target->len + more > target->cap) {
        target->cap = (target->len + more) * 2;
        target->items = bp_xrealloc(target->items, target->cap * sizeof(bp_vbox));
    }
}

/* Moves the previous pass's boxes of e to target, cut back to what the
 * paragraph itself set. False when they are not there as recorded. */
static bool take_kept(bp_layout_memo *m, memo_entry *e, bp_vlist *target)
{
    bp_vlist *from = prev_list(m, (size_t)e->list);
    if (!from || e->first + e->n_boxes > from->len)
        return false;
    bp_vbox *boxes = from->items + e->first;
    for (size_t i = 0; i < e->n_boxes; i++)
        if (boxes[i].n_draws < e->counts[i].draws || boxes[i].n_notes < e->counts[i].notes ||
            boxes[i].n_anchors < e->counts[i].anchors)
            return false;
    reserve_boxes(target, e->n_boxes);
    for (size_t i = 0; i < e->n_boxes; i++) {
        bp_vbox b = boxes[i];
        b.n_draws = e->counts[i].draws;
        b.n_notes = e->counts[i].notes;
        b.n_anchors = e->counts[i].anchors;
        target->items[target->len + i] = b;
    }
    memset(boxes, 0, e->n_boxes * sizeof(bp_vbox)); /* their arrays moved */
    e->first = target->len; /* where the next pass finds them */
    target->len += e->n_boxes;
    return true;
}

bool memo_take(bp_layout_memo *m, size_t slot, uint64_t key, long list, bp_vlist *target,
               size_t *n_lines)
{
    if (slot >= m->len)
        return false;
    memo_entry *e = &m->entries[slot];
    if (!e->reusable || e->key != key || e->list != list)
        return false;
    if (e->copies) {
        reserve_boxes(target, e->n_boxes);
        memcpy(target->items + target->len, e->copies, e->n_boxes * sizeof(bp_vbox));
        target->len += e->n_boxes;
        free(e->copies);
        e->copies = NULL;
        e->reusable = false; /* used up: a third pass sets it again */
    } else if (!take_kept(m, e, target)) {
        return false;
    }
    *n_lines = e->n_lines;
    return true;
}

static void *copy_array(const void *items, size_t n, size_t size)
{
    if (!items || n == 0)
        return NULL;
    void *copy = bp_xmalloc(n * size);
    memcpy(copy, items, n * size);
    return copy;
}

static bp_vbox copy_box(const bp_vbox *b)
{
    bp_vbox c = *b;
    c.draws = copy_array(b->draws, b->n_draws, sizeof *b->draws);
    c.cap_draws = b->n_draws;
    c.notes = copy_array(b->notes, b->n_notes, sizeof *b->notes);
    c.cap_notes = b->n_notes;
    c.anchors = copy_array(b->anchors, b->n_anchors, sizeof *b->anchors);
    c.cap_anchors = b->n_anchors;
    return c;
}

void memo_store(bp_layout_memo *m, size_t slot, uint64_t key, bool reusable, long list,
                const bp_vlist *target, size_t first_box, size_t n_lines)
{
    while (slot >= m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 256;
        m->entries = bp_xrealloc(m->entries, cap * sizeof *m->entries);
        memset(m->entries + m->cap, 0, (cap - m->cap) * sizeof *m->entries);
        m->cap = cap;
    }
    if (slot >= m->len)
        m->len = slot + 1;
    memo_entry *e = &m->entries[slot];
    clear_entry(e);
    size_t n = target->len - first_box;
    *e = (memo_entry){.key = key, .reusable = reusable, .n_lines = n_lines, .n_boxes = n,
                      .list = list, .first = first_box};
    if (!reusable || n == 0)
        return;
    const bp_vbox *boxes = target->items + first_box;
    if (list < 0) {
        e->copies = bp_xmalloc(n * sizeof *e->copies);
        for (size_t i = 0; i < n; i++)
            e->copies[i] = copy_box(&boxes[i]);
        return;
    }
    e->counts = bp_xmalloc(n * sizeof *e->counts);
    for (size_t i = 0; i < n; i++)
        e->counts[i] = (box_counts){(uint32_t)boxes[i].n_draws, (uint32_t)boxes[i].n_notes,
                                    (uint32_t)boxes[i].n_anchors};
}
