/*
 * layout/layout.c — block layout: the title block, the table of contents,
 * headings, paragraphs, lists, block quotes, tables, bibliography entries
 * and footnote bodies, as boxes of the vertical list.
 *
 * Vertical space between blocks is the larger of the previous block's
 * margin-bottom and the next one's margin-top (CSS margin collapsing), and
 * is carried on the next box as discardable space_before.
 */
#include "layout_internal.h"

#include "base/image.h"
#include "base/utf8.h"
#include "resolve/resolve.h"

#include <stdlib.h>
#include <string.h>

/* ---- boxes ------------------------------------------------------------------- */

bp_vbox *push_box(lctx *c, double height, double space_before, const bp_node *origin)
{
    bp_vlist *l = c->target;
    if (l->len == l->cap) {
        /* Small to start: each footnote has a list of its own, mostly of
         * one or two boxes (64 made the brief's notes 1.7 MB). */
        l->cap = l->cap ? l->cap * 2 : 4;
        l->items = bp_xrealloc(l->items, l->cap * sizeof(bp_vbox));
    }
    bp_vbox *b = &l->items[l->len++];
    memset(b, 0, sizeof(*b));
    b->height = height;
    b->space_before = space_before;
    b->origin = origin;
    return b;
}

#define GROW(arr, n, cap)                                                              \
    do {                                                                               \
        if ((n) == (cap)) {                                                            \
            (cap) = (cap) ? (cap) * 2 : 2;                                             \
            (arr) = bp_xrealloc((arr), (cap) * sizeof(*(arr)));                        \
        }                                                                              \
    } while (0)

void box_add_draw(lctx *c, bp_vbox *b, bp_draw d)
{
    (void)c;
    GROW(b->draws, b->n_draws, b->cap_draws);
    b->draws[b->n_draws++] = d;
}

void box_add_anchor(lctx *c, bp_vbox *b, const char *id)
{
    (void)c;
    if (!id)
        return;
    GROW(b->anchors, b->n_anchors, b->cap_anchors);
    b->anchors[b->n_anchors++] = id;
}

void box_add_note(lctx *c, bp_vbox *b, int note)
{
    (void)c;
    /* A note has one call, so a box meets it once; a row merging its
     * cells' lines adds them in order (only the last could repeat). */
    if (b->n_notes && b->notes[b->n_notes - 1] == note)
        return;
    GROW(b->notes, b->n_notes, b->cap_notes);
    b->notes[b->n_notes++] = note;
}

double baseline_offset(lctx *c, const bp_style *s)
{
    double asc = bp_font_ascent(c->fonts, s->font) * s->font_size / 1000.0;
    double desc = bp_font_descent(c->fonts, s->font) * s->font_size / 1000.0;
    return (bp_style_leading(s) - (asc + desc)) / 2 + asc;
}

/* ---- the block walker ------------------------------------------------------------ */

/* The style of the element being laid out: computed from the cascade, or
 * the one layout_bordered set for it (its borders and margins taken off). */
static const bp_style *own_style(lctx *c, const bp_node *n, const bp_style *parent)
{
    if (n == c->override_node)
        return c->override_style;
    return bp_style_compute(c->doc, n, parent);
}

double take_space(frame *f, double margin_top)
{
    double s = f->pending_space > margin_top ? f->pending_space : margin_top;
    f->pending_space = 0;
    return s;
}

static void set_paragraph(lctx *c, const run_list *runs, const bp_style *s, frame *f,
                          para_shape shape)
{
    shape.x = f->x + s->margin_left;
    shape.width = f->width - s->margin_left - s->margin_right;
    shape.space_before = take_space(f, s->margin_top);
    shape.keep_with_next = shape.keep_with_next || s->keep_with_next;
    shape.break_before = shape.break_before || s->break_before;
    layout_paragraph(c, runs, s, &shape);
    f->pending_space = s->margin_bottom;
}

/* A para may hold lists or tables between stretches of text: each stretch
 * of inline content becomes a paragraph of its own. */
void layout_mixed(lctx *c, const bp_node *n, const bp_style *s, frame *f, para_shape first_shape)
{
    first_shape.origin = n;
    run_list runs = {0};
    bool first = true;
    size_t first_box = c->target->len;
    pseudo_runs(c, n, s, "before", &runs);
    const bp_node *ch = n->first_child;
    for (;;) {
        bool flush = !ch || (bp_node_is(ch, BP_K_BLOCK) && ch->kind != BP_NODE_UNKNOWN);
        if (!ch)
            pseudo_runs(c, n, s, "after", &runs);
        if (flush && runs.len) {
            para_shape shape = first ? first_shape : (para_shape){.origin = n};
            if (!first)
                shape.first_indent = 0;
            set_paragraph(c, &runs, s, f, shape);
            runs.len = 0;
            first = false;
        }
        if (!ch)
            break;
        if (flush)
            layout_blocks(c, ch, s, f);
        else
            collect_runs(c, ch, s, NULL, NULL, &runs);
        ch = ch->next;
    }
    BP_VEC_FREE(runs);
    if (c->target->len > first_box)
        string_mark(c, &c->target->items[first_box], n, s);
}

static void layout_para(lctx *c, const bp_node *n, const bp_style *parent, frame *f)
{
    const bp_style *s = own_style(c, n, parent);
    para_shape shape = {.first_indent = s->text_indent};
    if (n->kind == BP_NODE_ATTRIBUTION) {
        /* An attribution is introduced by a dash, as in print. */
        run_list runs = {0};
        add_text_run(c, &runs, "\u2014\u00A0", s, n);
        for (const bp_node *ch = n->first_child; ch; ch = ch->next)
            collect_runs(c, ch, s, NULL, NULL, &runs);
        set_paragraph(c, &runs, s, f, shape);
        BP_VEC_FREE(runs);
        return;
    }
    if (n->anchor) {
        shape.anchors = &n->anchor;
        shape.n_anchors = 1;
    }
    layout_mixed(c, n, s, f, shape);
}

/* ---- headings ------------------------------------------------------------------ */

static void layout_heading(lctx *c, const bp_node *div, const bp_style *parent, frame *f)
{
    char name[16];
    snprintf(name, sizeof name, "h%d", div->level > 4 ? 4 : div->level);
    const bp_style *s = bp_style_named(c->doc, name, parent);
    const bp_node *title = bp_node_title(div);
    run_list runs = {0};
    const char *label = bp_resolve_division_label(c->doc, div);
    if (label)
        add_text_run(c, &runs, bp_arena_printf(c->a, "%s\u2002", label), s, div);
    if (title)
        collect_runs(c, title, s, NULL, NULL, &runs);
    para_shape shape = {.keep_with_next = true, .anchors = &div->anchor, .n_anchors = 1};
    size_t first_box = c->target->len;
    set_paragraph(c, &runs, s, f, shape);
    BP_VEC_FREE(runs);
    /* Running heads: the title's (or the division's) string-set. */
    if (c->target->len > first_box) {
        bp_vbox *b = &c->target->items[first_box];
        string_mark(c, b, div, parent);
        if (title)
            string_mark(c, b, title, bp_style_compute(c->doc, title, parent));
    }
}

/* ---- lists ------------------------------------------------------------------------ */

static void layout_list(lctx *c, const bp_node *list, const bp_style *parent, frame *f)
{
    const bp_style *s = own_style(c, list, parent);
    f->pending_space = take_space(f, s->margin_top);
    const bp_node *title = bp_node_title(list);
    if (title)
        layout_blocks(c, title, s, f);
    int number = 0;
    const char *numeration = bp_node_attr(list, "numeration");
    for (const bp_node *item = list->first_child; item; item = item->next) {
        if (item->kind != BP_NODE_LISTITEM && item->kind != BP_NODE_VARLISTENTRY)
            continue;
        const bp_style *is = bp_style_compute(c->doc, item, s);
        double indent = is->margin_left > 0 ? is->margin_left : 18;
        frame inner = {f->x + indent, f->width - indent, f->pending_space};
        if (item->kind == BP_NODE_VARLISTENTRY) {
            frame term_frame = {f->x, f->width, f->pending_space};
            for (const bp_node *t = item->first_child; t; t = t->next)
                if (t->kind == BP_NODE_TERM)
                    layout_blocks(c, t, is, &term_frame);
            inner.pending_space = 0;
            const bp_node *body = bp_node_child(item, BP_NODE_LISTITEM);
            for (const bp_node *ch = body ? body->first_child : NULL; ch; ch = ch->next)
                layout_blocks(c, ch, is, &inner);
            f->pending_space = inner.pending_space;
            continue;
        }
        number++;
        const char *label;
        if (list->kind == BP_NODE_ORDEREDLIST) {
            if (numeration && strcmp(numeration, "loweralpha") == 0 && number <= 26)
                label = bp_arena_printf(c->a, "%c.", 'a' + number - 1);
            else if (numeration && strcmp(numeration, "upperalpha") == 0 && number <= 26)
                label = bp_arena_printf(c->a, "%c.", 'A' + number - 1);
            else
                label = bp_arena_printf(c->a, "%d.", number);
        } else {
            label = "\u2022";
        }
        size_t before = c->target->len;
        /* The item's own margin is the indent above: lay out its children. */
        for (const bp_node *ch = item->first_child; ch; ch = ch->next)
            layout_blocks(c, ch, is, &inner);
        if (c->target->len > before) {
            bp_vbox *b = &c->target->items[before];
            double base = b->n_draws ? b->draws[0].y : baseline_offset(c, is);
            double w = bp_font_width(c->fonts, is->font, label, strlen(label), is->font_size);
            box_add_draw(c, b, (bp_draw){.kind = BP_DRAW_TEXT, .x = inner.x - w - 6, .y = base,
                                         .w = w, .font = is->font, .size = is->font_size,
                                         .text = label, .origin = item, .role = BP_ROLE_LABEL});
            if (item->anchor)
                box_add_anchor(c, b, item->anchor);
        }
        f->pending_space = inner.pending_space;
    }
    f->pending_space = f->pending_space > s->margin_bottom ? f->pending_space : s->margin_bottom;
}

/* ---- tables (the grid itself is in table.c) ---------------------------------------- */

/* "Table A.1. Title" / "Figure 2. Title": the caption above a formal object,
 * kept with what follows. Returns the space to put under it. */
static double layout_caption(lctx *c, const bp_node *t, const bp_style *s, frame *f, double space)
{
    const bp_node *title = bp_node_title(t);
    if (!title && !t->label)
        return space;
    const bp_style *cs = bp_style_named(c->doc, "caption", s);
    run_list runs = {0};
    if (t->label)
        add_text_run(c, &runs,
                     bp_arena_printf(c->a, "%s.\u2002", bp_resolve_number_text(c->doc, t)), cs, t);
    if (title)
        collect_runs(c, title, cs, NULL, NULL, &runs);
    para_shape shape = {.x = f->x, .width = f->width, .space_before = space, .keep_with_next = true,
                        .origin = t, .anchors = &t->anchor, .n_anchors = t->anchor ? 1 : 0};
    layout_paragraph(c, &runs, cs, &shape);
    BP_VEC_FREE(runs);
    return cs->margin_bottom;
}

static void layout_table(lctx *c, const bp_node *t, const bp_style *parent, frame *f)
{
    const bp_style *s = own_style(c, t, parent);
    double space = layout_caption(c, t, s, f, take_space(f, s->margin_top));
    bool any_tgroup = false;
    for (const bp_node *tg = t->first_child; tg; tg = tg->next)
        if (tg->kind == BP_NODE_TGROUP) {
            layout_table_grid(c, t, tg, s, f, space);
            space = 0;
            any_tgroup = true;
        }
    if (!any_tgroup) /* an HTML table: rows directly under <table> */
        layout_table_grid(c, t, t, s, f, space);
    f->pending_space = s->margin_bottom;
}

/* A DocBook length ("5cm", "300px", "50%", "2in", a bare number in
 * points) in points; percentages of `whole`. Returns 0 when absent or bad. */
static double image_length(const char *v, double whole)
{
    if (!v)
        return 0;
    char *end;
    double x = strtod(v, &end);
    if (end == v || x <= 0)
        return 0;
    static const struct { const char *unit; double pt; } units[] = {
        {"pt", 1}, {"px", 0.75}, {"in", 72}, {"cm", 72 / 2.54}, {"mm", 72 / 25.4}, {"pc", 12},
        {"", 1},
    };
    while (*end == ' ')
        end++;
    if (*end == '%')
        return x / 100 * whole;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(end, units[i].unit) == 0)
            return x * units[i].pt;
    return 0;
}

/* The image's size on the page: the width or depth the source asks for,
 * else its own size (at the resolution it records, else 96 dpi), scaled
 * down to fit the measure and most of the page's body. */
static void image_size(const lctx *c, const bp_node *data, double measure, double *w, double *h)
{
    const bp_image *img = data->image;
    double dpi_x = img->dpi_x > 0 ? img->dpi_x : 96, dpi_y = img->dpi_y > 0 ? img->dpi_y : 96;
    double natural_w = img->width * 72.0 / dpi_x, natural_h = img->height * 72.0 / dpi_y;
    double aspect = natural_h / natural_w;
    const char *width_attr = bp_node_attr(data, "contentwidth");
    if (!width_attr)
        width_attr = bp_node_attr(data, "width");
    const char *depth_attr = bp_node_attr(data, "contentdepth");
    if (!depth_attr)
        depth_attr = bp_node_attr(data, "depth");
    double want_w = image_length(width_attr, measure);
    double want_h = image_length(depth_attr, 0);
    double scale = image_length(bp_node_attr(data, "scale"), 1); /* a percentage */
    if (want_w > 0) {
        *w = want_w;
        *h = want_h > 0 ? want_h : want_w * aspect;
    } else if (want_h > 0) {
        *h = want_h;
        *w = want_h / aspect;
    } else {
        double k = scale > 0 ? scale / 100 : 1;
        *w = natural_w * k;
        *h = natural_h * k;
    }
    const bp_page_style *pg = bp_style_page(c->doc);
    double max_h = 0.8 * (pg->height - pg->margin_top - pg->margin_bottom);
    double fit = 1;
    if (*w > measure)
        fit = measure / *w;
    if (*h * fit > max_h)
        fit = max_h / *h;
    *w *= fit;
    *h *= fit;
}

/* The first image object whose file was found and checked by resolve. */
static const bp_node *drawable_image(const bp_node *m)
{
    for (const bp_node *o = m->first_child; o; o = o->next)
        if (o->kind == BP_NODE_IMAGEOBJECT) {
            const bp_node *data = bp_node_child(o, BP_NODE_IMAGEDATA);
            if (data && data->image)
                return data;
        }
    return NULL;
}

/* A media object draws its first usable image, centred unless its align
 * says otherwise; without one it sets its text alternative. */
static void layout_mediaobject(lctx *c, const bp_node *m, const bp_style *parent, frame *f)
{
    const bp_style *s = own_style(c, m, parent);
    const bp_node *data = drawable_image(m);
    if (!data) {
        const bp_node *text = bp_node_child(m, BP_NODE_TEXTOBJECT);
        if (text)
            for (const bp_node *ch = text->first_child; ch; ch = ch->next)
                layout_blocks(c, ch, s, f);
        return;
    }
    double x = f->x + s->margin_left, measure = f->width - s->margin_left - s->margin_right;
    double w, h;
    image_size(c, data, measure, &w, &h);
    const char *align = bp_node_attr(data, "align");
    if (!align || strcmp(align, "center") == 0)
        x += (measure - w) / 2;
    else if (strcmp(align, "right") == 0)
        x += measure - w;
    bp_vbox *b = push_box(c, h, take_space(f, s->margin_top), m);
    box_add_draw(c, b, (bp_draw){.kind = BP_DRAW_IMAGE, .x = x, .y = 0, .w = w, .h = h,
                                 .uri = data->image->path, .origin = data});
    f->pending_space = s->margin_bottom;
}

static void layout_figure(lctx *c, const bp_node *fig, const bp_style *parent, frame *f)
{
    const bp_style *s = own_style(c, fig, parent);
    f->pending_space = layout_caption(c, fig, s, f, take_space(f, s->margin_top));
    const bp_node *title = bp_node_title(fig);
    for (const bp_node *ch = fig->first_child; ch; ch = ch->next)
        if (ch != title && !bp_node_is(ch, BP_K_META))
            layout_blocks(c, ch, s, f);
    f->pending_space = s->margin_bottom;
}

/* ---- bibliography entries ------------------------------------------------------------ */

static void add_node_runs(lctx *c, run_list *runs, const bp_node *n, const bp_style *s)
{
    if (n)
        collect_runs(c, n, s, NULL, NULL, runs);
}

/* Is c the part bp_resolve_author named the entry by? (An editor of a work
 * with authors is listed with the other details.) */
static bool is_author_part(const bp_node *e, const bp_node *c)
{
    switch (c->kind) {
    case BP_NODE_AUTHOR: case BP_NODE_CORPAUTHOR: case BP_NODE_AUTHORGROUP:
        return true;
    case BP_NODE_EDITOR:
        return !bp_node_child(e, BP_NODE_AUTHOR) && !bp_node_child(e, BP_NODE_AUTHORGROUP);
    default:
        return false;
    }
}

/* Chicago bibliography form: Author. Title. Publisher, Date. Whatever else
 * the entry holds (ISBN, pages, a release, a copyright …) follows, each part
 * closed by a period; the abbrev is the entry's key and is not printed.
 * A bibliomixed entry is set as written: its punctuation is its own. */
static void layout_biblioentry(lctx *c, const bp_node *e, const bp_style *parent, frame *f)
{
    const bp_style *s = own_style(c, e, parent);
    para_shape shape = {.hang = 18, .anchors = &e->anchor, .n_anchors = e->anchor ? 1 : 0};
    if (e->kind == BP_NODE_BIBLIOMIXED) {
        layout_mixed(c, e, s, f, shape);
        return;
    }
    run_list runs = {0};
    const char *author = bp_resolve_author(c->a, e, true);
    if (author && *author) {
        add_text_run(c, &runs, author, s, e);
        add_text_run(c, &runs, ". ", s, e);
    }
    const bp_node *title = bp_node_child(e, BP_NODE_TITLE);
    const bp_node *pub = bp_node_child(e, BP_NODE_PUBLISHER);
    const bp_node *date = bp_node_child(e, BP_NODE_PUBDATE);
    if (title) {
        add_node_runs(c, &runs, title, bp_style_named(c->doc, "citetitle", s));
        add_text_run(c, &runs, ". ", s, e);
    }
    for (const bp_node *ch = e->first_child; ch; ch = ch->next) {
        if (ch->kind == BP_NODE_TEXT || ch == title || ch == pub || ch == date ||
            ch->kind == BP_NODE_ABBREV || ch->kind == BP_NODE_INDEXTERM || is_author_part(e, ch))
            continue;
        const char *t = bp_node_text(c->a, ch);
        if (!*t)
            continue;
        size_t n = strlen(t);
        add_text_run(c, &runs, t, s, ch);
        add_text_run(c, &runs, n && strchr(".!?", t[n - 1]) ? " " : ". ", s, e);
    }
    if (pub) {
        add_text_run(c, &runs, bp_node_text(c->a, pub), s, pub);
        add_text_run(c, &runs, date ? ", " : ". ", s, e);
    }
    if (date) {
        add_text_run(c, &runs, bp_node_text(c->a, date), s, date);
        add_text_run(c, &runs, ".", s, e);
    }
    if (runs.len == 0)
        collect_runs(c, e, s, NULL, NULL, &runs);
    set_paragraph(c, &runs, s, f, shape);
    BP_VEC_FREE(runs);
}

/* ---- divisions and the dispatcher ------------------------------------------------------ */

static void layout_division(lctx *c, const bp_node *div, const bp_style *parent, frame *f)
{
    const bp_style *s = own_style(c, div, parent);
    if (s->break_before) {
        /* carried by the heading's first line */
    }
    size_t before = c->target->len;
    layout_heading(c, div, s, f);
    if (s->break_before && c->target->len > before)
        c->target->items[before].break_before = true;
    const bp_node *info = bp_node_child(div, BP_NODE_INFO);
    const bp_node *subtitle = bp_node_child(div, BP_NODE_SUBTITLE);
    if (!subtitle && info)
        subtitle = bp_node_child(info, BP_NODE_SUBTITLE);
    if (subtitle) {
        size_t at = c->target->len;
        layout_para(c, subtitle, s, f);
        if (c->target->len > at && at > 0) /* a heading stays with its subtitle */
            c->target->items[at - 1].keep_with_next = true;
    }
    for (const bp_node *ch = div->first_child; ch; ch = ch->next) {
        if (ch->kind == BP_NODE_TITLE || ch->kind == BP_NODE_SUBTITLE ||
            ch->kind == BP_NODE_TITLEABBREV || bp_node_is(ch, BP_K_META))
            continue;
        layout_blocks(c, ch, s, f);
    }
}

static void layout_verbatim(lctx *c, const bp_node *n, const bp_style *parent, frame *f)
{
    const bp_style *s = own_style(c, n, parent);
    run_list runs = {0};
    collect_runs(c, n, s, NULL, NULL, &runs);
    bp_buf text = {0};
    for (size_t i = 0; i < runs.len; i++)
        bp_buf_puts(&text, runs.items[i].text);
    BP_VEC_FREE(runs);
    double space = take_space(f, s->margin_top);
    const char *p = bp_buf_str(&text);
    if (*p == '\n')
        p++;
    double leading = bp_style_leading(s);
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (!nl && len == 0)
            break;
        bp_vbox *b = push_box(c, leading, space, n);
        space = 0;
        b->keep_with_next = true;
        if (len) {
            char *line = bp_arena_strndup(c->a, p, len);
            for (char *q = line; *q; q++)
                if (*q == '\t')
                    *q = ' ';
            box_add_draw(c, b, (bp_draw){.kind = BP_DRAW_TEXT, .x = f->x + s->margin_left,
                                         .y = baseline_offset(c, s),
                                         .w = bp_font_width(c->fonts, s->font, line, len, s->font_size),
                                         .font = s->font, .size = s->font_size, .text = line,
                                         .origin = n});
        }
        p += len + (nl ? 1 : 0);
    }
    if (c->target->len)
        c->target->items[c->target->len - 1].keep_with_next = false;
    bp_buf_free(&text);
    f->pending_space = s->margin_bottom;
}

static void dispatch_block(lctx *c, const bp_node *n, const bp_style *parent, frame *f);

/* Solid borders and padding around a block (blockquote, note, a framed
 * paragraph): the block is set narrower, a rule box goes above and below,
 * and the side rules run down every box of the block. */
static void layout_bordered(lctx *c, const bp_node *n, const bp_style *parent, const bp_style *s,
                            frame *f)
{
    double inset_l = s->border[3] + s->padding[3], inset_r = s->border[1] + s->padding[1];
    double x = f->x + s->margin_left, w = f->width - s->margin_left - s->margin_right;
    double space = take_space(f, s->margin_top);
    if (s->border[0] > 0) {
        bp_vbox *b = push_box(c, s->border[0], space, n);
        box_add_draw(c, b, (bp_draw){.kind = BP_DRAW_RULE, .x = x, .y = 0, .w = w, .h = s->border[0],
                                     .rgb = {s->border_color[0], s->border_color[1], s->border_color[2]}});
        b->keep_with_next = true;
        space = 0;
    }
    size_t first = c->target->len;
    /* The element's own margins become the frame's; its contents get none. */
    frame inner = {x + inset_l, w - inset_l - inset_r, space + s->padding[0]};
    bp_style *bare = BP_NEW(c->a, bp_style);
    *bare = *s;
    bare->margin_left = bare->margin_right = bare->margin_top = 0;
    memset(bare->border, 0, sizeof bare->border);
    memset(bare->padding, 0, sizeof bare->padding);
    const bp_node *saved_node = c->override_node;
    const bp_style *saved_style = c->override_style;
    c->override_node = n;
    c->override_style = bare;
    dispatch_block(c, n, parent, &inner);
    c->override_node = saved_node;
    c->override_style = saved_style;
    for (size_t i = first; i < c->target->len; i++) {
        bp_vbox *b = &c->target->items[i];
        double top = i == first ? 0 : -b->space_before;
        for (int side = 1; side <= 3; side += 2)
            if (s->border[side] > 0)
                box_add_draw(c, b, (bp_draw){.kind = BP_DRAW_RULE,
                                             .x = side == 3 ? x : x + w - s->border[1], .y = top,
                                             .w = s->border[side], .h = b->height - top,
                                             .rgb = {s->border_color[0], s->border_color[1],
                                                     s->border_color[2]}});
    }
    f->pending_space = inner.pending_space + s->padding[2];
    if (s->border[2] > 0) {
        bp_vbox *b = push_box(c, s->border[2], take_space(f, 0), n);
        box_add_draw(c, b, (bp_draw){.kind = BP_DRAW_RULE, .x = x, .y = 0, .w = w, .h = s->border[2],
                                     .rgb = {s->border_color[0], s->border_color[1], s->border_color[2]}});
    }
    f->pending_space = s->margin_bottom;
}

/* Every element laid out as a block passes here: its counters open and
 * close around it, and a border or padding wraps it. */
void layout_blocks(lctx *c, const bp_node *n, const bp_style *parent, frame *f)
{
    if (n->kind == BP_NODE_TEXT || n->kind == BP_NODE_PI ||
        (bp_node_is(n, BP_K_META) && n->kind != BP_NODE_UNKNOWN)) {
        dispatch_block(c, n, parent, f);
        return;
    }
    const bp_style *s = own_style(c, n, parent);
    if (s->hidden)
        return;
    counters_enter(c, n, s);
    bool boxed = s->border[0] > 0 || s->border[1] > 0 || s->border[2] > 0 || s->border[3] > 0 ||
                 s->padding[0] > 0 || s->padding[1] > 0 || s->padding[2] > 0 || s->padding[3] > 0;
    if (boxed)
        layout_bordered(c, n, parent, s, f);
    else
        dispatch_block(c, n, parent, f);
    counters_leave(c, n);
}

static void dispatch_block(lctx *c, const bp_node *n, const bp_style *parent, frame *f)
{
    if (n->kind == BP_NODE_TEXT) {
        /* Stray text between blocks: set it if it is more than whitespace. */
        for (const char *p = n->text; *p; p++)
            if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r') {
                run_list runs = {0};
                add_text_run(c, &runs, n->text, parent, n);
                set_paragraph(c, &runs, parent, f, (para_shape){0});
                BP_VEC_FREE(runs);
                break;
            }
        return;
    }
    if (bp_node_is(n, BP_K_META) && n->kind != BP_NODE_UNKNOWN)
        return;
    if (bp_node_is(n, BP_K_DIVISION)) {
        layout_division(c, n, parent, f);
        return;
    }
    if (bp_node_is(n, BP_K_VERBATIM)) {
        layout_verbatim(c, n, parent, f);
        return;
    }
    switch (n->kind) {
    case BP_NODE_PARA:
    case BP_NODE_SIMPARA:
    case BP_NODE_TITLE:
    case BP_NODE_SUBTITLE:
    case BP_NODE_TERM:
    case BP_NODE_ATTRIBUTION:
        layout_para(c, n, parent, f);
        return;
    case BP_NODE_ITEMIZEDLIST:
    case BP_NODE_ORDEREDLIST:
    case BP_NODE_VARIABLELIST:
        layout_list(c, n, parent, f);
        return;
    case BP_NODE_TABLE:
    case BP_NODE_INFORMALTABLE:
        layout_table(c, n, parent, f);
        return;
    case BP_NODE_BIBLIOENTRY:
    case BP_NODE_BIBLIOMIXED:
        layout_biblioentry(c, n, parent, f);
        return;
    case BP_NODE_FIGURE:
    case BP_NODE_INFORMALFIGURE:
    case BP_NODE_EXAMPLE:
    case BP_NODE_EQUATION:
        layout_figure(c, n, parent, f); /* a numbered caption, then the content */
        return;
    case BP_NODE_MEDIAOBJECT:
        layout_mediaobject(c, n, parent, f);
        return;
    case BP_NODE_FOOTNOTE:
        return; /* set at the foot of the page by layout_notes */
    default:
        break;
    }
    const bp_style *s = own_style(c, n, parent);
    if (s->hidden)
        return;
    bool has_block = false;
    for (const bp_node *ch = n->first_child; ch; ch = ch->next)
        has_block |= bp_node_is(ch, BP_K_BLOCK) && ch->kind != BP_NODE_UNKNOWN;
    if (!has_block) {
        layout_para(c, n, parent, f);
        return;
    }
    /* A container (blockquote, listitem, formalpara, unknown wrapper…). */
    frame inner = {f->x + s->margin_left, f->width - s->margin_left - s->margin_right,
                   take_space(f, s->margin_top)};
    size_t before = c->target->len;
    /* A titled container (note, sidebar, warning, glossary division …)
     * sets its title first. */
    const bp_node *title = bp_node_title(n);
    if (title)
        layout_blocks(c, title, s, &inner);
    for (const bp_node *ch = n->first_child; ch; ch = ch->next) {
        if (ch == title || ch->kind == BP_NODE_TITLE || ch->kind == BP_NODE_ATTRIBUTION)
            continue;
        layout_blocks(c, ch, s, &inner);
    }
    const bp_node *attribution = bp_node_child(n, BP_NODE_ATTRIBUTION);
    if (attribution)
        layout_blocks(c, attribution, s, &inner);
    if (n->anchor && c->target->len > before)
        box_add_anchor(c, &c->target->items[before], n->anchor);
    f->pending_space = inner.pending_space > s->margin_bottom ? inner.pending_space : s->margin_bottom;
}

/* ---- title block, contents, notes ----------------------------------------------------- */

static void layout_title_block(lctx *c, const bp_node *root, const bp_style *rs, frame *f)
{
    const bp_meta *m = &c->doc->meta;
    struct {
        const char *name, *text;
    } parts[] = {{"doc-title", m->title}, {"doc-subtitle", m->subtitle},
                 {"doc-author", m->author}, {"doc-date", m->date}};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        if (!parts[i].text)
            continue;
        const bp_style *s = bp_style_named(c->doc, parts[i].name, rs);
        run_list runs = {0};
        add_text_run(c, &runs, parts[i].text, s, root);
        set_paragraph(c, &runs, s, f, (para_shape){.keep_with_next = true});
        BP_VEC_FREE(runs);
    }
    bp_node *info = bp_node_child(root, BP_NODE_INFO);
    if (!info)
        info = bp_node_child(root, BP_NODE_ARTICLEINFO);
    const bp_node *abstract = info ? bp_node_child(info, BP_NODE_ABSTRACT) : NULL;
    if (abstract) {
        const bp_style *s = bp_style_compute(c->doc, abstract, rs);
        frame inner = {f->x + s->margin_left, f->width - s->margin_left - s->margin_right,
                       take_space(f, s->margin_top)};
        for (const bp_node *ch = abstract->first_child; ch; ch = ch->next)
            if (ch->kind != BP_NODE_TITLE)
                layout_blocks(c, ch, s, &inner);
        f->pending_space = s->margin_bottom;
    }
}

/* Leader dots closer than this (points) are no leaders. */
#define MIN_LEADER_STEP 0.5

static void toc_entry(lctx *c, const bp_node *div, const bp_style *parent, frame *f, int max_depth)
{
    if (div->level > max_depth)
        return;
    char name[16];
    snprintf(name, sizeof name, "toc%d", div->level > 3 ? 3 : div->level);
    const bp_style *s = bp_style_named(c->doc, name, parent);
    /* The number is set after pagination, right-aligned in its column:
     * nothing else on the line depends on it. */
    const char *page = "0";
    c->out->uses_page_numbers = true;
    double num_w = bp_font_width(c->fonts, s->font, page, strlen(page), s->font_size);
    double num_col = bp_font_width(c->fonts, s->font, "000", 3, s->font_size) + 6;
    run_list runs = {0};
    const bp_node *title = bp_node_title(div);
    const char *label = bp_resolve_division_label(c->doc, div);
    if (label)
        add_text_run(c, &runs, bp_arena_printf(c->a, "%s\u2002", label), s, div);
    if (title)
        collect_runs(c, title, s, div->anchor, NULL, &runs);
    for (size_t i = 0; i < runs.len; i++)
        runs.items[i].link_id = div->anchor;
    size_t first = c->target->len;
    frame inner = *f;
    inner.width -= num_col;
    set_paragraph(c, &runs, s, &inner, (para_shape){0});
    f->pending_space = inner.pending_space;
    BP_VEC_FREE(runs);
    if (c->target->len == first)
        return;
    bp_vbox *last = &c->target->items[c->target->len - 1];
    double base = baseline_offset(c, s);
    double text_end = f->x + s->margin_left;
    for (size_t i = 0; i < last->n_draws; i++)
        if (last->draws[i].kind == BP_DRAW_TEXT && last->draws[i].x + last->draws[i].w > text_end)
            text_end = last->draws[i].x + last->draws[i].w;
    double right = f->x + f->width;
    /* The number before the leaders: the entry's text is then one marked
     * sequence in a tagged PDF, the leaders (an artifact) after it. */
    box_add_draw(c, last, (bp_draw){.kind = BP_DRAW_TEXT, .x = right - num_w, .y = base, .w = num_w,
                                    .font = s->font, .size = s->font_size, .text = page,
                                    .origin = div, .page_of = div->anchor, .page_of_right = true,
                                    .role = BP_ROLE_TOC});
    /* Dot leaders on a fixed grid, so dots line up from entry to entry. */
    double step = bp_font_width(c->fonts, s->font, ". ", 2, s->font_size);
    double dot_w = bp_font_width(c->fonts, s->font, ".", 1, s->font_size);
    bp_buf dots = {0};
    double start = -1;
    /* A face without "." or space (or one that could not be read, which
     * has no glyphs) gives no leaders: a step of nothing would never end. */
    double first_x = step >= MIN_LEADER_STEP
                         ? f->x + step * (double)(long)((text_end - f->x) / step + 1.5)
                         : right;
    for (double x = first_x; x + dot_w < right - num_col + 2; x += step) {
        if (start < 0)
            start = x;
        bp_buf_puts(&dots, dots.len ? " ." : ".");
    }
    if (start >= 0) {
        /* one run: a space renders as the grid step only approximately, so
         * the run is given its own measured width */
        box_add_draw(c, last, (bp_draw){.kind = BP_DRAW_TEXT, .x = start, .y = base,
                                        .w = bp_font_width(c->fonts, s->font, dots.data, dots.len, s->font_size),
                                        .font = s->font, .size = s->font_size,
                                        .text = bp_arena_strdup(c->a, dots.data), .origin = div,
                                        .role = BP_ROLE_ARTIFACT});
    }
    bp_buf_free(&dots);
    /* One link area for the line: the title's, stretched over the leaders
     * to the number (one annotation per entry, not two). */
    for (size_t i = 0; i < last->n_draws; i++) {
        bp_draw *d = &last->draws[i];
        if (d->kind == BP_DRAW_LINK && d->text == div->anchor) {
            d->w = right - d->x;
            return;
        }
    }
    box_add_draw(c, last, (bp_draw){.kind = BP_DRAW_LINK, .x = right - num_col, .y = base - s->font_size * 0.8,
                                    .w = num_col, .h = s->font_size, .text = div->anchor, .origin = div,
                                    .role = BP_ROLE_TOC});
}

static void toc_walk(lctx *c, const bp_node *n, const bp_style *s, frame *f, int max_depth)
{
    for (const bp_node *ch = n->first_child; ch; ch = ch->next)
        if (bp_node_is(ch, BP_K_DIVISION)) {
            toc_entry(c, ch, s, f, max_depth);
            toc_walk(c, ch, s, f, max_depth);
        }
}

static void layout_toc(lctx *c, const bp_node *root, const bp_style *rs, frame *f)
{
    bool any = false;
    for (const bp_node *ch = root->first_child; ch && !any; ch = ch->next)
        any = bp_node_is(ch, BP_K_DIVISION);
    if (!any || c->doc->settings.toc_depth == 0)
        return;
    const bp_style *s = bp_style_named(c->doc, "toc-title", rs);
    run_list runs = {0};
    add_text_run(c, &runs, "Contents", s, root);
    set_paragraph(c, &runs, s, f, (para_shape){.keep_with_next = true});
    BP_VEC_FREE(runs);
    c->in_toc = true;
    toc_walk(c, root, rs, f, c->doc->settings.toc_depth);
    c->in_toc = false;
}

static void layout_notes(lctx *c, const bp_style *rs)
{
    bp_doc *doc = c->doc;
    c->out->n_notes = doc->n_footnotes;
    c->out->notes = bp_xcalloc(doc->n_footnotes + 1, sizeof(bp_vlist));
    const bp_style *area = bp_style_named(doc, "footnote-area", rs);
    for (size_t k = 0; k < doc->n_footnotes; k++) {
        const bp_node *fn = doc->footnotes[k];
        c->target = &c->out->notes[k + 1];
        const bp_style *s = bp_style_compute(doc, fn, area);
        frame f = {c->out->frame_x, c->out->frame_width, 0};
        double label_w = 14;
        frame inner = {f.x + label_w, f.width - label_w, 0};
        size_t before = c->target->len;
        for (const bp_node *ch = fn->first_child; ch; ch = ch->next) {
            if (ch != fn->first_child && inner.pending_space == 0)
                inner.pending_space = 0;
            layout_blocks(c, ch, s, &inner);
        }
        if (c->target->len == before)
            push_box(c, bp_style_leading(s), 0, fn);
        bp_vbox *b = &c->target->items[before];
        b->space_before = 0;
        const char *label = bp_arena_printf(c->a, "%s.", fn->label);
        double base = b->n_draws ? b->draws[0].y : baseline_offset(c, s);
        box_add_draw(c, b, (bp_draw){.kind = BP_DRAW_TEXT, .x = f.x, .y = base,
                                     .w = bp_font_width(c->fonts, s->font, label, strlen(label), s->font_size),
                                     .font = s->font, .size = s->font_size, .text = label, .origin = fn,
                                     .role = BP_ROLE_LABEL});
        box_add_anchor(c, b, fn->anchor);
        for (size_t i = before; i < c->target->len; i++)
            c->target->items[i].keep_with_next = i + 1 < c->target->len;
    }
}

bp_status bp_layout_document(bp_doc *doc, bp_fonts *fonts, bp_hyphenator *hyph,
                             bp_layout_memo *memo, bp_layout *out)
{
    memset(out, 0, sizeof(*out));
    const bp_page_style *pg = bp_style_page(doc);
    doc->page_width = pg->width;
    doc->page_height = pg->height;
    out->frame_x = pg->margin_left;
    out->frame_width = pg->width - pg->margin_left - pg->margin_right;
    out->note_rule_space = 10;
    lctx c = {.doc = doc, .a = &out->arena, .fonts = fonts, .out = out, .target = &out->body,
              .hyphenator = hyph, .memo = memo, .trace = doc->opts ? doc->opts->trace : NULL};
    const bp_node *root = doc->root;
    const bp_style *rs = bp_style_compute(doc, root, NULL);
    frame f = {out->frame_x, out->frame_width, 0};
    layout_title_block(&c, root, rs, &f);
    layout_toc(&c, root, rs, &f);
    for (const bp_node *ch = root->first_child; ch; ch = ch->next) {
        if (ch->kind == BP_NODE_TITLE || ch->kind == BP_NODE_SUBTITLE || bp_node_is(ch, BP_K_META))
            continue;
        layout_blocks(&c, ch, rs, &f);
    }
    layout_notes(&c, rs);
    if (c.n_missing > BP_MISSING_KEPT)
        bp_diag_emit(doc->diags, BP_WARNING, "glyph-missing", BP_LOC_NONE,
                     "at least %d more characters have no glyph in any shipped font",
                     BP_MISSING_KEPT);
    else if (c.n_missing > 1)
        bp_diag_emit(doc->diags, BP_WARNING, "glyph-missing", BP_LOC_NONE,
                     "%zu more characters have no glyph in any shipped font", c.n_missing - 1);
    free(c.counters);
    free_kept_items(&c);
    return BP_OK;
}

static void free_list(bp_vlist *l)
{
    for (size_t i = 0; i < l->len; i++) {
        free(l->items[i].draws);
        free(l->items[i].notes);
        free(l->items[i].anchors);
    }
    free(l->items);
    memset(l, 0, sizeof(*l));
}

void bp_layout_free(bp_layout *l)
{
    free_list(&l->body);
    for (size_t t = 0; t < l->n_tables; t++)
        free_list(&l->table_heads[t]);
    free(l->table_heads);
    for (size_t k = 0; k <= l->n_notes && l->notes; k++)
        free_list(&l->notes[k]);
    free(l->notes);
    bp_arena_free(&l->arena);
    memset(l, 0, sizeof(*l));
}
