/*
 * paginate/paginate.c — greedy page filling with keeps and footnote
 * insertions.
 *
 * For each page, boxes are added while their height, plus the notes they
 * call (and the separator rule, for the first note on the page), fits the
 * text area. When a box does not fit, the page ends at the last legal
 * breakpoint — between two boxes where the first is not keep_with_next —
 * so a heading never ends a page and paragraphs keep two lines at each end.
 * If the whole page is one unbreakable run, it breaks where it must.
 */
#include "paginate.h"

#include "style/style.h"

#include <stdlib.h>
#include <string.h>

typedef struct builder {
    bp_doc *doc;
    const bp_layout *lay;
    double top, bottom; /* text area, y from the page top */
    BP_VEC(bp_page) pages;
    BP_VEC(bp_anchor) anchors;
} builder;

static double notes_height(const builder *b, const bp_vbox *box)
{
    double h = 0;
    for (size_t i = 0; i < box->n_notes; i++) {
        int k = box->notes[i];
        if (k < 1 || (size_t)k > b->lay->n_notes)
            continue;
        const bp_vlist *l = &b->lay->notes[k];
        for (size_t j = 0; j < l->len; j++)
            h += l->items[j].height + (j ? l->items[j].space_before : 0);
        h += 2; /* gap between notes */
    }
    return h;
}

/* Index one past the last box of the page starting at `start`. */
static size_t page_end(const builder *b, size_t start)
{
    const bp_vlist *body = &b->lay->body;
    double avail = b->bottom - b->top;
    double used = 0, notes = 0;
    size_t last_legal = start; /* a break before box `last_legal` is allowed */
    for (size_t i = start; i < body->len; i++) {
        const bp_vbox *box = &body->items[i];
        if (i > start && box->break_before)
            return i;
        double h = (i > start ? box->space_before : 0) + box->height;
        double nh = notes_height(b, box);
        if (nh > 0 && notes == 0)
            nh += b->lay->note_rule_space;
        if (i > start && used + h + notes + nh > avail) {
            if (!body->items[i - 1].keep_with_next)
                return i;
            return last_legal > start ? last_legal : i;
        }
        used += h;
        notes += nh;
        if (i > start && !body->items[i - 1].keep_with_next)
            last_legal = i;
    }
    return body->len;
}

static bp_page *new_page(builder *b)
{
    BP_PUSH(b->pages, ((bp_page){0}));
    bp_page *p = &b->pages.items[b->pages.len - 1];
    p->number = (int)b->pages.len;
    p->label = bp_arena_printf(&b->doc->arena, "%d", p->number);
    return p;
}

static void page_draw(bp_page *p, bp_draw d)
{
    if (p->n_draws == p->cap_draws) {
        p->cap_draws = p->cap_draws ? p->cap_draws * 2 : 64;
        p->draws = bp_xrealloc(p->draws, p->cap_draws * sizeof(bp_draw));
    }
    p->draws[p->n_draws++] = d;
}

static void place_box(builder *b, bp_page *p, const bp_vbox *box, double y)
{
    for (size_t i = 0; i < box->n_draws; i++) {
        bp_draw d = box->draws[i];
        d.y += y;
        page_draw(p, d);
    }
    for (size_t i = 0; i < box->n_anchors; i++)
        BP_PUSH(b->anchors, ((bp_anchor){box->anchors[i], box->origin, p->number - 1, y}));
}

static void place_notes(builder *b, bp_page *p, const int *notes, size_t n_notes)
{
    if (n_notes == 0)
        return;
    double h = 0;
    for (size_t i = 0; i < n_notes; i++) {
        const bp_vlist *l = &b->lay->notes[notes[i]];
        for (size_t j = 0; j < l->len; j++)
            h += l->items[j].height + (j ? l->items[j].space_before : 0);
        h += 2;
    }
    double y = b->bottom - h + 2;
    page_draw(p, (bp_draw){.kind = BP_DRAW_RULE, .x = b->lay->frame_x,
                           .y = y - b->lay->note_rule_space / 2 - 0.25, .w = 72, .h = 0.5});
    for (size_t i = 0; i < n_notes; i++) {
        const bp_vlist *l = &b->lay->notes[notes[i]];
        for (size_t j = 0; j < l->len; j++) {
            if (j)
                y += l->items[j].space_before;
            place_box(b, p, &l->items[j], y);
            y += l->items[j].height;
        }
        y += 2;
    }
}

static void place_footer(builder *b, bp_page *p)
{
    const bp_style *s = b->lay->footer_style;
    const char *label = p->label;
    double w = 0;
    for (const char *c = label; *c; c++)
        w += *c >= '0' && *c <= '9' ? b->lay->footer_digit_width[*c - '0'] : s->font_size / 2;
    double x = b->lay->frame_x + (b->lay->frame_width - w) / 2;
    /* Baseline halfway down the bottom margin. */
    double y = b->doc->page_height - (b->doc->page_height - b->bottom) / 2;
    page_draw(p, (bp_draw){.kind = BP_DRAW_TEXT, .x = x, .y = y, .w = w, .font = s->font,
                           .size = s->font_size, .text = label});
}

static void build_outline(bp_doc *doc)
{
    BP_VEC(bp_outline_entry) entries = {0};
    for (bp_node *n = doc->root; n; n = bp_node_next_in(doc->root, n)) {
        if (!bp_node_is(n, BP_K_DIVISION) || !n->anchor)
            continue;
        const bp_node *t = bp_node_title(n);
        const char *title = t ? bp_node_text(&doc->arena, t) : n->name;
        if (n->kind == BP_NODE_APPENDIX && n->label)
            title = bp_arena_printf(&doc->arena, "Appendix %s %s", n->label, title);
        else if (n->label)
            title = bp_arena_printf(&doc->arena, "%s %s", n->label, title);
        BP_PUSH(entries, ((bp_outline_entry){n->level, title, n->anchor}));
    }
    doc->n_outline = entries.len;
    doc->outline = BP_NEW_ARRAY(&doc->arena, bp_outline_entry, entries.len + 1);
    if (entries.len)
        memcpy(doc->outline, entries.items, entries.len * sizeof(bp_outline_entry));
    BP_VEC_FREE(entries);
}

void bp_paginate_free(bp_doc *doc)
{
    for (size_t i = 0; i < doc->n_pages; i++)
        free(doc->pages[i].draws);
    free(doc->pages);
    doc->pages = NULL;
    doc->n_pages = 0;
    free(doc->anchors);
    doc->anchors = NULL;
    doc->n_anchors = 0;
}

bp_status bp_paginate(bp_doc *doc, const bp_layout *lay)
{
    const bp_page_style *pg = bp_style_page(doc);
    builder b = {.doc = doc, .lay = lay, .top = pg->margin_top,
                 .bottom = pg->height - pg->margin_bottom};
    const bp_vlist *body = &lay->body;
    size_t start = 0;
    BP_VEC(int) notes = {0};
    while (start < body->len || b.pages.len == 0) {
        bp_page *p = new_page(&b);
        size_t end = body->len ? page_end(&b, start) : 0;
        double y = b.top;
        notes.len = 0;
        for (size_t i = start; i < end; i++) {
            const bp_vbox *box = &body->items[i];
            if (i > start)
                y += box->space_before;
            place_box(&b, p, box, y);
            y += box->height;
            for (size_t k = 0; k < box->n_notes; k++)
                BP_PUSH(notes, box->notes[k]);
        }
        place_notes(&b, p, notes.items, notes.len);
        place_footer(&b, p);
        start = end;
        if (body->len == 0)
            break;
    }
    BP_VEC_FREE(notes);
    bp_paginate_free(doc);
    doc->pages = b.pages.items;
    doc->n_pages = b.pages.len;
    doc->anchors = b.anchors.items;
    doc->n_anchors = b.anchors.len;
    build_outline(doc);
    return BP_OK;
}
