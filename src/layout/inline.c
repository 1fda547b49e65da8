/*
 * layout/inline.c — inline content: runs of styled text, and paragraphs
 * set from them into justified lines.
 *
 * A paragraph becomes boxes (word pieces), glue (inter-word spaces) and
 * penalties (breaks after explicit hyphens and dashes); the line breaker
 * picks the breaks; each line becomes one box of the vertical list, with a
 * draw per word piece placed at its exact x (PDF word spacing does not apply
 * to two-byte fonts, so justification is done by position).
 */
#include "layout_internal.h"

#include "base/utf8.h"
#include "linebreak.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- collecting runs -------------------------------------------------------- */

void add_text_run(lctx *c, run_list *out, const char *text, const bp_style *style,
                  const bp_node *origin)
{
    (void)c;
    BP_PUSH(*out, ((run){.text = text, .style = style, .origin = origin}));
}

static void push_run(run_list *out, run r) { BP_PUSH(*out, r); }

static const char *superscript_digits(lctx *c, const char *label)
{
    static const char *const sup[10] = {"\u2070", "\u00B9", "\u00B2", "\u00B3", "\u2074",
                                        "\u2075", "\u2076", "\u2077", "\u2078", "\u2079"};
    bp_buf b = {0};
    for (const char *p = label; *p; p++)
        if (*p >= '0' && *p <= '9')
            bp_buf_puts(&b, sup[*p - '0']);
        else
            bp_buf_putc(&b, *p);
    char *s = bp_arena_strdup(c->a, bp_buf_str(&b));
    bp_buf_free(&b);
    return s;
}

static void collect_children(lctx *c, const bp_node *n, const bp_style *style,
                             const char *link_id, const char *uri, run_list *out)
{
    for (const bp_node *ch = n->first_child; ch; ch = ch->next)
        collect_runs(c, ch, style, link_id, uri, out);
}

void collect_runs(lctx *c, const bp_node *n, const bp_style *style, const char *link_id,
                  const char *uri, run_list *out)
{
    if (n->kind == BP_NODE_TEXT) {
        push_run(out, (run){.text = n->text, .style = style, .link_id = link_id, .uri = uri,
                            .origin = n});
        return;
    }
    if (bp_node_is(n, BP_K_META) && n->kind != BP_NODE_UNKNOWN)
        return; /* indexterm, remark, info… are not running text */
    const bp_style *s = bp_style_compute(c->doc, n, style);
    if (s->hidden)
        return;
    if (n->anchor && n->kind != BP_NODE_FOOTNOTE)
        push_run(out, (run){.text = "", .style = s, .origin = n, .anchor = n->anchor});
    switch (n->kind) {
    case BP_NODE_FOOTNOTE:
    case BP_NODE_FOOTNOTEREF: {
        const char *label = n->label ? n->label : "?";
        int note = n->kind == BP_NODE_FOOTNOTE ? n->ordinal : 0;
        const char *target = n->kind == BP_NODE_FOOTNOTE ? n->anchor
                                                         : (n->target ? n->target->anchor : NULL);
        push_run(out, (run){.text = superscript_digits(c, label), .style = s, .origin = n,
                            .note = note, .link_id = target, .nobreak_before = true});
        return;
    }
    case BP_NODE_XREF:
        if (n->gentext)
            push_run(out, (run){.text = n->gentext, .style = s,
                                .link_id = n->target ? n->target->anchor : NULL, .origin = n});
        return;
    case BP_NODE_LINK:
    case BP_NODE_ULINK: {
        const char *href = bp_node_attr(n, n->kind == BP_NODE_ULINK ? "url" : "xlink:href");
        const char *id = n->target ? n->target->anchor : link_id;
        if (!n->first_child && href)
            push_run(out, (run){.text = href, .style = s, .uri = href, .origin = n});
        else
            collect_children(c, n, s, href ? NULL : id, href ? href : uri, out);
        return;
    }
    case BP_NODE_BIBLIOREF:
    case BP_NODE_CITATION:
        collect_children(c, n, s, n->target ? n->target->anchor : link_id, uri, out);
        return;
    case BP_NODE_QUOTE: {
        bool inner = c->quote_depth % 2 == 1;
        c->quote_depth++;
        push_run(out, (run){.text = inner ? "\u2018" : "\u201C", .style = s, .origin = n});
        collect_children(c, n, s, link_id, uri, out);
        push_run(out, (run){.text = inner ? "\u2019" : "\u201D", .style = s, .origin = n});
        c->quote_depth--;
        return;
    }
    default:
        if (s->before)
            push_run(out, (run){.text = s->before, .style = s, .origin = n});
        collect_children(c, n, s, link_id, uri, out);
        return;
    }
}

/* ---- items -------------------------------------------------------------------- */

typedef struct piece {
    const char *text;  /* arena copy of one word piece */
    const run *from;
} piece;

typedef struct para_items {
    BP_VEC(bp_item) items;
    BP_VEC(piece) pieces; /* parallel to items: the text of each box */
} para_items;

static void push_item(para_items *p, bp_item it, piece pc)
{
    BP_PUSH(p->items, it);
    BP_PUSH(p->pieces, pc);
}

static bool last_is_glue(const para_items *p)
{
    return p->items.len > 0 && p->items.items[p->items.len - 1].kind == BP_ITEM_GLUE;
}

static void add_glue(lctx *c, para_items *p, const run *r)
{
    if (p->items.len == 0 || last_is_glue(p))
        return; /* spaces collapse, and none at the start */
    double w = bp_font_width(c->fonts, r->style->font, " ", 1, r->style->font_size);
    /* TeX-like interword glue: stretch 1/2, shrink 1/3 of the space. */
    push_item(p, (bp_item){BP_ITEM_GLUE, w, w / 2, w / 3, 0, false}, (piece){NULL, r});
}

static void add_box(lctx *c, para_items *p, const run *r, const char *s, size_t len)
{
    double w = bp_font_width(c->fonts, r->style->font, s, len, r->style->font_size);
    push_item(p, (bp_item){BP_ITEM_BOX, w, 0, 0, 0, false},
              (piece){bp_arena_strndup(c->a, s, len), r});
}

static void add_break_after_hyphen(para_items *p, const run *r)
{
    push_item(p, (bp_item){BP_ITEM_PENALTY, 0, 0, 0, 50, true}, (piece){NULL, r});
}

/* Splits a run's text into word pieces and spaces. A break is also allowed
 * after an explicit hyphen or dash inside a word ("Kassym-|Jomart"). */
static void run_to_items(lctx *c, para_items *p, const run *r)
{
    if (r->anchor || r->note || !*r->text) {
        if (r->anchor && !*r->text) {
            push_item(p, (bp_item){BP_ITEM_BOX, 0, 0, 0, 0, false}, (piece){"", r});
            return;
        }
    }
    const char *s = r->text;
    size_t n = strlen(s), start = 0, i = 0;
    while (i < n) {
        size_t used;
        uint32_t cp = bp_utf8_decode(s + i, n - i, &used);
        if (bp_utf8_is_break_space(cp)) {
            if (i > start)
                add_box(c, p, r, s + start, i - start);
            add_glue(c, p, r);
            i += used;
            start = i;
            continue;
        }
        i += used;
        bool hyphen = cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == '/';
        if (hyphen && i < n && i - used > start) {
            size_t next_used;
            uint32_t next = bp_utf8_decode(s + i, n - i, &next_used);
            if (!bp_utf8_is_break_space(next)) {
                add_box(c, p, r, s + start, i - start);
                add_break_after_hyphen(p, r);
                start = i;
            }
        }
    }
    if (i > start)
        add_box(c, p, r, s + start, i - start);
}

static void build_items(lctx *c, const run_list *runs, para_items *p)
{
    for (size_t i = 0; i < runs->len; i++)
        run_to_items(c, p, &runs->items[i]);
    while (last_is_glue(p)) {
        p->items.len--;
        p->pieces.len--;
    }
    /* Finishing glue and the forced final break. */
    push_item(p, (bp_item){BP_ITEM_GLUE, 0, BP_STRETCH_FIL, 0, 0, false}, (piece){NULL, NULL});
    push_item(p, (bp_item){BP_ITEM_PENALTY, 0, 0, 0, -BP_PENALTY_INF, false}, (piece){NULL, NULL});
}

/* Greedy breaking at natural widths, for ragged and centred text. */
static bp_break_result break_greedy(const bp_item *items, size_t n, const double *widths,
                                    size_t n_widths)
{
    bp_break_result res = {0};
    BP_VEC(bp_line_break) lines = {0};
    double x = 0, x_at_break = 0;
    size_t last_break = (size_t)-1, line = 0;
    for (size_t i = 0; i < n; i++) {
        const bp_item *it = &items[i];
        double W = widths[line < n_widths ? line : n_widths - 1];
        bool legal = (it->kind == BP_ITEM_GLUE && i > 0 && items[i - 1].kind == BP_ITEM_BOX) ||
                     (it->kind == BP_ITEM_PENALTY && it->penalty < BP_PENALTY_INF);
        if (it->kind == BP_ITEM_PENALTY && it->penalty <= -BP_PENALTY_INF) {
            BP_PUSH(lines, ((bp_line_break){i, 0, x > W}));
            break;
        }
        if (legal) {
            if (x > W && last_break != (size_t)-1) {
                BP_PUSH(lines, ((bp_line_break){last_break, 0, false}));
                line++;
                x -= x_at_break;
                /* drop the glue at the break from the new line */
                if (items[last_break].kind == BP_ITEM_GLUE)
                    x -= items[last_break].width;
                last_break = (size_t)-1;
                if (x > W) {
                    /* the pending words alone overflow: they form an overfull line */
                }
            }
            last_break = i;
            x_at_break = x;
        }
        if (it->kind != BP_ITEM_PENALTY && it->stretch < BP_STRETCH_FIL)
            x += it->width;
    }
    res.n_lines = lines.len;
    res.lines = lines.items;
    return res;
}

/* ---- lines -------------------------------------------------------------------- */

static void emit_line(lctx *c, const para_items *p, size_t from, size_t to, double ratio,
                      double x0, double line_w, const bp_style *base, bool justify,
                      bool last, const para_shape *shape, bool first)
{
    double leading = bp_style_leading(base);
    bp_vbox *box = push_box(c, leading, first ? shape->space_before : 0, NULL);
    double baseline = baseline_offset(c, base);
    /* Natural width, for ragged alignment. */
    double natural = 0;
    for (size_t i = from; i < to; i++)
        if (p->items.items[i].kind != BP_ITEM_PENALTY && p->items.items[i].stretch < BP_STRETCH_FIL)
            natural += p->items.items[i].width;
    double x = x0;
    if (!justify || last) {
        if (base->align == BP_ALIGN_CENTER)
            x += (line_w - natural) / 2;
        else if (base->align == BP_ALIGN_RIGHT)
            x += line_w - natural;
    }
    long link = -1; /* index of the link area being extended along the line */
    for (size_t i = from; i < to; i++) {
        const bp_item *it = &p->items.items[i];
        const piece *pc = &p->pieces.items[i];
        if (it->kind == BP_ITEM_GLUE) {
            double w = it->width;
            if (justify && !last && it->stretch < BP_STRETCH_FIL)
                w += ratio > 0 ? ratio * it->stretch : ratio * it->shrink;
            x += w;
            continue;
        }
        if (it->kind != BP_ITEM_BOX)
            continue;
        const run *r = pc->from;
        if (r->anchor)
            box_add_anchor(c, box, r->anchor);
        if (r->note)
            box_add_note(c, box, r->note);
        if (pc->text && *pc->text) {
            box_add_draw(c, box, (bp_draw){.kind = BP_DRAW_TEXT, .x = x, .y = baseline,
                                           .w = it->width, .font = r->style->font,
                                           .size = r->style->font_size, .text = pc->text,
                                           .origin = r->origin});
            if (r->link_id || r->uri) {
                /* One link area per run of words with the same target. */
                bp_draw *prev = link >= 0 ? &box->draws[link] : NULL;
                if (prev && prev->text == r->link_id && prev->uri == r->uri) {
                    prev->w = x + it->width - prev->x;
                } else {
                    double asc = r->style->font_size * 0.8;
                    box_add_draw(c, box, (bp_draw){.kind = BP_DRAW_LINK, .x = x,
                                                   .y = baseline - asc, .w = it->width,
                                                   .h = r->style->font_size, .text = r->link_id,
                                                   .uri = r->uri, .origin = r->origin});
                    link = (long)box->n_draws - 1;
                }
            } else {
                link = -1;
            }
        }
        x += it->width;
    }
}

size_t layout_paragraph(lctx *c, const run_list *runs, const bp_style *base,
                        const para_shape *shape)
{
    para_items p = {0};
    build_items(c, runs, &p);
    size_t first_box = c->target->len;
    if (p.items.len <= 2) { /* nothing but the finishing glue: an empty paragraph */
        if (shape->n_anchors || shape->label) {
            push_box(c, 0, shape->space_before, NULL);
        }
        BP_VEC_FREE(p.items);
        BP_VEC_FREE(p.pieces);
        if (c->target->len > first_box)
            for (size_t i = 0; i < shape->n_anchors; i++)
                box_add_anchor(c, &c->target->items[first_box], shape->anchors[i]);
        return 0;
    }
    double widths[2] = {shape->width - shape->first_indent, shape->width - shape->hang};
    bool justify = base->align == BP_ALIGN_JUSTIFY;
    bp_break_params params = bp_break_params_default();
    bp_break_result br = justify ? bp_linebreak(p.items.items, p.items.len, widths, 2, &params)
                                 : break_greedy(p.items.items, p.items.len, widths, 2);
    size_t from = 0;
    for (size_t k = 0; k < br.n_lines; k++) {
        size_t to = br.lines[k].position;
        while (from < to && p.items.items[from].kind != BP_ITEM_BOX)
            from++; /* glue and penalties vanish at a line start */
        double x0 = shape->x + (k == 0 ? shape->first_indent : shape->hang);
        emit_line(c, &p, from, to, br.lines[k].ratio, x0, widths[k == 0 ? 0 : 1], base, justify,
                  k + 1 == br.n_lines, shape, k == 0);
        if (br.lines[k].overfull && runs->len)
            bp_diag_emit(c->doc->diags, BP_WARNING, "overfull-line",
                         runs->items[0].origin ? runs->items[0].origin->loc : BP_LOC_NONE,
                         "a line of this paragraph is wider than the measure");
        from = to + 1;
    }
    size_t n_lines = br.n_lines;
    free(br.lines);
    BP_VEC_FREE(p.items);
    BP_VEC_FREE(p.pieces);

    bp_vlist *t = c->target;
    if (n_lines == 0)
        return 0;
    bp_vbox *first = &t->items[first_box];
    for (size_t i = 0; i < shape->n_anchors; i++)
        box_add_anchor(c, first, shape->anchors[i]);
    if (shape->label) {
        double w = bp_font_width(c->fonts, shape->label_style->font, shape->label,
                                 strlen(shape->label), shape->label_style->font_size);
        (void)w;
        box_add_draw(c, first, (bp_draw){.kind = BP_DRAW_TEXT, .x = shape->label_x,
                                         .y = baseline_offset(c, base), .w = w,
                                         .font = shape->label_style->font,
                                         .size = shape->label_style->font_size,
                                         .text = shape->label, .origin = NULL});
    }
    first->break_before = shape->break_before;
    /* Orphans and widows: keep the first two and the last two lines together. */
    if (n_lines >= 2) {
        t->items[first_box].keep_with_next = true;
        t->items[first_box + n_lines - 2].keep_with_next = true;
    }
    t->items[first_box + n_lines - 1].keep_with_next = shape->keep_with_next;
    return n_lines;
}
