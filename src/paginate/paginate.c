/*
 * paginate/paginate.c — page filling with keeps and footnote insertions.
 *
 * Boxes are added to a page while they, plus the notes they call (and the
 * separator rule, for the first note on the page), fit the text area. When
 * a box does not fit, the page ends at the last legal breakpoint — between
 * two boxes where the first is not keep_with_next — so a heading never ends
 * a page and paragraphs keep their orphan and widow lines together. If the
 * whole page is one unbreakable run, it breaks where it must.
 *
 * Notes are insertions, as in TeX: a note always starts on the page of its
 * call. When the last note called by a box does not fit whole, but its
 * first lines do, the note is split: the page takes as many lines as fit
 * and ends after that box, and the rest of the note is carried to the top
 * of the next page's note area, under a full-width continuation rule. A
 * carried note may split again over several pages.
 */
#include "paginate.h"

#include "base/buf.h"
#include "style/style.h"
#include "resolve/ids.h"
#include "resolve/resolve.h"
#include "text/font.h"

#include <stdlib.h>
#include <string.h>

/* Lines of a split note that must stay with its call (or the whole note if
 * it is shorter). */
#define NOTE_MIN_LINES 2
/* A carried note leaves at least this share of the page to the text. */
#define CARRY_MAX_SHARE 0.6
#define NOTE_GAP 2.0 /* between two notes */

typedef struct note_part {
    int note;             /* footnote number */
    size_t from, to;      /* its lines [from, to) set on this page */
} note_part;

typedef BP_VEC(note_part) note_parts;

typedef struct builder {
    bp_doc *doc;
    const bp_layout *lay;
    double top, bottom; /* text area, y from the page top */
    BP_VEC(bp_page) pages;
    BP_VEC(bp_anchor) anchors;
} builder;

/* What one page holds: body boxes [start, end) and note parts. */
typedef struct page_plan {
    size_t end;
    note_parts notes;     /* in order; the first may be a continuation */
    bool continued;       /* the note area starts with a carried note */
    note_parts carry;     /* what goes on to the next page, in order */
    int repeat_head;      /* table whose heading rows open the page (0: none) */
} page_plan;

/* A page that starts inside a table's body repeats the table's heading. */
static int continued_table(const builder *b, size_t start)
{
    const bp_vlist *body = &b->lay->body;
    if (start == 0 || start >= body->len)
        return 0;
    const bp_vbox *box = &body->items[start], *prev = &body->items[start - 1];
    int t = box->table;
    if (t <= 0 || box->table_head || prev->table != t || (size_t)t >= b->lay->n_tables ||
        b->lay->table_heads[t].len == 0)
        return 0;
    return t;
}

static double head_height(const builder *b, int t)
{
    double h = 0;
    const bp_vlist *l = &b->lay->table_heads[t];
    for (size_t i = 0; i < l->len; i++)
        h += l->items[i].height + (i ? l->items[i].space_before : 0);
    return h;
}

static const bp_vlist *note_lines(const builder *b, int k)
{
    static const bp_vlist empty = {0};
    return k >= 1 && (size_t)k <= b->lay->n_notes ? &b->lay->notes[k] : &empty;
}

/* Height of lines [from, to) of note k. */
static double lines_height(const builder *b, int k, size_t from, size_t to)
{
    const bp_vlist *l = note_lines(b, k);
    double h = 0;
    for (size_t j = from; j < to && j < l->len; j++)
        h += l->items[j].height + (j > from ? l->items[j].space_before : 0);
    return h;
}

/* How many lines of note k, from line `from`, fit in `room`. */
static size_t lines_fitting(const builder *b, int k, size_t from, double room)
{
    const bp_vlist *l = note_lines(b, k);
    size_t j = from;
    double h = 0;
    while (j < l->len) {
        double next = l->items[j].height + (j > from ? l->items[j].space_before : 0);
        if (h + next > room)
            break;
        h += next;
        j++;
    }
    return j;
}

static void push_part(note_parts *v, int note, size_t from, size_t to)
{
    BP_PUSH(*v, ((note_part){note, from, to}));
}

/* Sets the notes called in box (room: the height they may take). Each note
 * goes whole while it fits; the first that does not is split if at least
 * NOTE_MIN_LINES of it fit (one line when forced), and it and the rest go to
 * the carry. Returns false, placing nothing, when the box's first note
 * cannot start here: the box should move to the next page. */
static bool place_box_notes(const builder *b, const bp_vbox *box, double room, bool forced,
                            page_plan *plan, double *height)
{
    size_t k = 0;
    double h = 0;
    size_t mark = plan->notes.len;
    for (; k < box->n_notes; k++) {
        int note = box->notes[k];
        size_t n = note_lines(b, note)->len;
        double whole = lines_height(b, note, 0, n) + NOTE_GAP;
        if (h + whole <= room) {
            push_part(&plan->notes, note, 0, n);
            h += whole;
            continue;
        }
        size_t fit = room - h - NOTE_GAP > 0 ? lines_fitting(b, note, 0, room - h - NOTE_GAP) : 0;
        size_t need = n < NOTE_MIN_LINES ? n : NOTE_MIN_LINES;
        if (k == 0 && fit < need && !forced) {
            plan->notes.len = mark;
            return false;
        }
        if (k == 0 && fit == 0)
            fit = 1; /* forced: the page must take something */
        if (fit >= need || (k == 0 && forced)) {
            push_part(&plan->notes, note, 0, fit);
            h += lines_height(b, note, 0, fit) + NOTE_GAP;
            if (fit < n)
                push_part(&plan->carry, note, fit, n);
            k++;
        }
        break;
    }
    for (; k < box->n_notes; k++) /* the rest start on the next page */
        push_part(&plan->carry, box->notes[k], 0, note_lines(b, box->notes[k])->len);
    *height = h;
    return true;
}

/* Plans the page that starts at body box `start`, continuing the notes in
 * carry_in (carried from the page before) first. */
static page_plan plan_page(const builder *b, size_t start, const note_parts *carry_in)
{
    const bp_vlist *body = &b->lay->body;
    const double avail = b->bottom - b->top, rule = b->lay->note_rule_space;
    page_plan plan = {.end = start, .repeat_head = continued_table(b, start)};
    double used = plan.repeat_head ? head_height(b, plan.repeat_head) : 0, notes = 0;

    if (carry_in->len) {
        /* Carried notes come first, in order; the text keeps its share of
         * the page unless no text is left. */
        double room = (start >= body->len ? avail : avail * CARRY_MAX_SHARE) - rule;
        double h = 0;
        size_t i = 0;
        for (; i < carry_in->len; i++) {
            note_part part = carry_in->items[i];
            double whole = lines_height(b, part.note, part.from, part.to) + NOTE_GAP;
            if (h + whole <= room) {
                push_part(&plan.notes, part.note, part.from, part.to);
                h += whole;
                continue;
            }
            size_t to = lines_fitting(b, part.note, part.from, room - h - NOTE_GAP);
            if (to <= part.from && plan.notes.len == 0)
                to = part.from + 1; /* always progress */
            if (to > part.from) {
                push_part(&plan.notes, part.note, part.from, to);
                h += lines_height(b, part.note, part.from, to) + NOTE_GAP;
            }
            if (to < part.to)
                push_part(&plan.carry, part.note, to > part.from ? to : part.from, part.to);
            i++;
            break;
        }
        for (; i < carry_in->len; i++)
            push_part(&plan.carry, carry_in->items[i].note, carry_in->items[i].from,
                      carry_in->items[i].to);
        plan.continued = true;
        notes = rule + h;
    }

    size_t last_legal = start; /* a break before box last_legal is allowed */
    size_t notes_at_legal = plan.notes.len;
    for (size_t i = start; i < body->len; i++) {
        const bp_vbox *box = &body->items[i];
        if (i > start && box->break_before)
            break;
        if (i > start && !body->items[i - 1].keep_with_next) {
            last_legal = i;
            notes_at_legal = plan.notes.len;
        }
        double h = (i > start ? box->space_before : 0) + box->height;
        double full = 0;
        for (size_t k = 0; k < box->n_notes; k++)
            full += lines_height(b, box->notes[k], 0, note_lines(b, box->notes[k])->len) + NOTE_GAP;
        double rule_here = box->n_notes && notes == 0 ? rule : 0;
        bool blocked = plan.carry.len > 0 && box->n_notes > 0; /* notes keep their order */
        if (!blocked && used + h + notes + full + rule_here <= avail) {
            used += h;
            notes += full + rule_here;
            for (size_t k = 0; k < box->n_notes; k++)
                push_part(&plan.notes, box->notes[k], 0, note_lines(b, box->notes[k])->len);
            plan.end = i + 1;
            continue;
        }
        bool may_end_here = !box->keep_with_next || i + 1 == body->len || last_legal == start;
        if (!blocked && box->n_notes > 0 && (may_end_here || i == start) &&
            used + h + notes + rule_here <= avail) {
            /* The notes do not all fit: split them, and end the page here. */
            double nh;
            if (place_box_notes(b, box, avail - used - h - notes - rule_here, i == start, &plan,
                                &nh)) {
                plan.end = i + 1;
                return plan;
            }
        }
        if (i == start) {
            /* Nothing placed yet: this box goes here whatever it costs. */
            used += h;
            double nh;
            if (box->n_notes)
                place_box_notes(b, box, avail - used - notes - rule_here, true, &plan, &nh);
            plan.end = i + 1;
            if (plan.carry.len)
                return plan;
            continue;
        }
        /* End the page before box i, at the last legal breakpoint. */
        if (body->items[i - 1].keep_with_next && last_legal > start) {
            plan.end = last_legal;
            plan.notes.len = notes_at_legal;
        }
        return plan;
    }
    return plan;
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
    for (size_t i = 0; i < box->n_anchors; i++) {
        /* The element holding the id: a line's box has no origin. */
        const bp_node *node = b->doc->ids ? bp_ids_lookup(b->doc->ids, box->anchors[i]) : NULL;
        BP_PUSH(b->anchors, ((bp_anchor){box->anchors[i], node ? node : box->origin,
                                         p->number - 1, y}));
    }
}

static void place_notes(builder *b, bp_page *p, const page_plan *plan)
{
    if (plan->notes.len == 0)
        return;
    double h = 0;
    for (size_t i = 0; i < plan->notes.len; i++) {
        const note_part *np = &plan->notes.items[i];
        h += lines_height(b, np->note, np->from, np->to) + NOTE_GAP;
    }
    double y = b->bottom - h + NOTE_GAP;
    /* A continued note sits under a full-width rule; fresh notes under a
     * short one. */
    double rule_w = plan->continued ? b->lay->frame_width : 72;
    page_draw(p, (bp_draw){.kind = BP_DRAW_RULE, .x = b->lay->frame_x,
                           .y = y - b->lay->note_rule_space / 2 - 0.25, .w = rule_w, .h = 0.5});
    for (size_t i = 0; i < plan->notes.len; i++) {
        const note_part *np = &plan->notes.items[i];
        const bp_vlist *l = note_lines(b, np->note);
        for (size_t j = np->from; j < np->to && j < l->len; j++) {
            if (j > np->from)
                y += l->items[j].space_before;
            place_box(b, p, &l->items[j], y);
            y += l->items[j].height;
        }
        y += NOTE_GAP;
    }
}

/* ---- page margin boxes ------------------------------------------------------------ */

typedef struct mark {
    const char *name, *value;
} mark;

typedef BP_VEC(mark) marks;

/* The value of running string `name` on a page: its first assignment on
 * the page, else the last one before (CSS GCPM string(name, first)). */
static const char *running_string(const marks *per_page, size_t page, const char *name)
{
    for (size_t i = 0; i < per_page[page].len; i++)
        if (strcmp(per_page[page].items[i].name, name) == 0)
            return per_page[page].items[i].value;
    for (size_t p = page; p-- > 0;)
        for (size_t i = per_page[p].len; i-- > 0;)
            if (strcmp(per_page[p].items[i].name, name) == 0)
                return per_page[p].items[i].value;
    return "";
}

static const char *box_text(builder *b, const bp_style *s, const marks *per_page, size_t page)
{
    bp_buf buf = {0};
    for (size_t i = 0; s->content && i < s->content->n; i++) {
        const bp_content_item *it = &s->content->items[i];
        if (it->kind == BP_CONTENT_STRING)
            bp_buf_puts(&buf, it->text);
        else if (it->kind == BP_CONTENT_COUNTER && strcmp(it->text, "page") == 0)
            bp_buf_puts(&buf, b->pages.items[page].label);
        else if (it->kind == BP_CONTENT_COUNTER && strcmp(it->text, "pages") == 0)
            bp_buf_printf(&buf, "%zu", b->pages.len);
        else if (it->kind == BP_CONTENT_NAMED)
            bp_buf_puts(&buf, running_string(per_page, page, it->text));
    }
    const char *text = bp_arena_strdup(&b->doc->arena, bp_buf_str(&buf));
    bp_buf_free(&buf);
    return text;
}

/* Running heads and page numbers: each margin box of the page's variant
 * (:first, :left, :right), its text aligned in the text area's width,
 * halfway down the top or bottom margin. */
static void place_margin_boxes(builder *b, bp_fonts *fonts, const marks *per_page, size_t page)
{
    bp_page *p = &b->pages.items[page];
    const bp_page_style *pg = bp_style_page_for(b->doc, page == 0,
                                                p->number % 2 == 0 ? BP_PAGE_LEFT : BP_PAGE_RIGHT);
    for (size_t i = 0; i < pg->n_boxes; i++) {
        const bp_margin_box *mb = &pg->boxes[i];
        const bp_style *s = mb->style;
        const char *text = box_text(b, s, per_page, page);
        if (!*text)
            continue;
        const bp_shaped *sh = bp_font_shape(fonts, s->font, text, strlen(text));
        double w = bp_shaped_width(sh, s->font_size);
        double x = b->lay->frame_x;
        if (strstr(mb->name, "-center"))
            x += (b->lay->frame_width - w) / 2;
        else if (strstr(mb->name, "-right"))
            x += b->lay->frame_width - w;
        bool top = strncmp(mb->name, "top", 3) == 0;
        double y = top ? pg->margin_top / 2 + s->font_size / 3
                       : b->doc->page_height - pg->margin_bottom / 2 + s->font_size / 3;
        page_draw(p, (bp_draw){.kind = BP_DRAW_TEXT, .x = x, .y = y, .w = w, .font = s->font,
                               .size = s->font_size, .text = sh->text, .kern = sh->kern,
                               .rgb = {s->color[0], s->color[1], s->color[2]},
                               .role = BP_ROLE_ARTIFACT});
    }
}

static void build_outline(bp_doc *doc)
{
    BP_VEC(bp_outline_entry) entries = {0};
    for (bp_node *n = doc->root; n; n = bp_node_next_in(doc->root, n)) {
        if (!bp_node_is(n, BP_K_DIVISION) || !n->anchor)
            continue;
        const bp_node *t = bp_node_title(n);
        const char *title = t ? bp_node_text(&doc->arena, t) : n->name;
        const char *label = bp_resolve_division_label(doc, n);
        if (label)
            title = bp_arena_printf(&doc->arena, "%s %s", label, title);
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
    bp_doc_unindex_anchors(doc);
    free(doc->anchors);
    doc->anchors = NULL;
    doc->n_anchors = 0;
}

bp_status bp_paginate(bp_doc *doc, const bp_layout *lay, bp_fonts *fonts)
{
    /* The previous pass's pages have served (layout read their numbers):
     * gone before the new ones take their room. */
    bp_paginate_free(doc);
    BP_VEC(marks) per_page = {0};
    const bp_page_style *pg = bp_style_page(doc);
    builder b = {.doc = doc, .lay = lay, .top = pg->margin_top,
                 .bottom = pg->height - pg->margin_bottom};
    const bp_vlist *body = &lay->body;
    size_t start = 0;
    note_parts carry = {0};
    while (start < body->len || carry.len || b.pages.len == 0) {
        bp_page *p = new_page(&b);
        page_plan plan = plan_page(&b, start, &carry);
        double y = b.top;
        if (plan.repeat_head) {
            const bp_vlist *head = &lay->table_heads[plan.repeat_head];
            for (size_t i = 0; i < head->len; i++) {
                if (i)
                    y += head->items[i].space_before;
                place_box(&b, p, &head->items[i], y);
                y += head->items[i].height;
            }
        }
        BP_PUSH(per_page, ((marks){0}));
        marks *m = &per_page.items[per_page.len - 1];
        for (size_t i = start; i < plan.end; i++) {
            const bp_vbox *box = &body->items[i];
            if (i > start)
                y += box->space_before;
            place_box(&b, p, box, y);
            y += box->height;
            if (box->mark_name)
                BP_PUSH(*m, ((mark){box->mark_name, box->mark_value}));
        }
        place_notes(&b, p, &plan);
        BP_VEC_FREE(plan.notes);
        start = plan.end;
        BP_VEC_FREE(carry);
        carry = plan.carry;
        if (body->len == 0 && !carry.len)
            break;
    }
    BP_VEC_FREE(carry);
    for (size_t i = 0; i < b.pages.len; i++)
        place_margin_boxes(&b, fonts, per_page.items, i);
    for (size_t i = 0; i < per_page.len; i++)
        BP_VEC_FREE(per_page.items[i]);
    BP_VEC_FREE(per_page);
    doc->pages = b.pages.items;
    doc->n_pages = b.pages.len;
    doc->anchors = b.anchors.items;
    doc->n_anchors = b.anchors.len;
    bp_doc_index_anchors(doc);
    build_outline(doc);
    return BP_OK;
}

/* Sets one late-bound page number; false when its width differs from the
 * guess layout made for it (a left-aligned one then moves what follows). */
static bool bind_page_number(bp_doc *doc, bp_fonts *fonts, bp_draw *d)
{
    const bp_anchor *a = bp_doc_anchor(doc, d->page_of);
    const char *label = a && a->page >= 0 && (size_t)a->page < doc->n_pages
                            ? doc->pages[a->page].label
                            : "0";
    if (strcmp(label, d->text) == 0)
        return true;
    const bp_shaped *sh = bp_font_shape(fonts, d->font, label, strlen(label));
    double scale = d->hscale > 0 ? d->hscale : 1;
    double w = (bp_shaped_width(sh, d->size) + (double)sh->n_chars * d->char_space) * scale;
    bool same_width = w > d->w - 0.001 && w < d->w + 0.001;
    if (d->page_of_right)
        d->x += d->w - w;
    d->w = w;
    d->text = sh->text;
    d->kern = sh->kern;
    return same_width || d->page_of_right;
}

bool bp_paginate_bind_page_numbers(bp_doc *doc, bp_fonts *fonts)
{
    bool final = true;
    for (size_t p = 0; p < doc->n_pages; p++)
        for (size_t i = 0; i < doc->pages[p].n_draws; i++) {
            bp_draw *d = &doc->pages[p].draws[i];
            if (d->kind == BP_DRAW_TEXT && d->page_of && !bind_page_number(doc, fonts, d))
                final = false;
        }
    return final;
}
