/*
 * layout/table.c — tables: CALS (tgroup/colspec/row/entry) and HTML
 * (tr/td/th) alike, as a grid of cells.
 *
 * 1. Rows are collected (head, body, foot) and every cell is placed in the
 *    grid: namest/nameend or colspan for column spans, morerows or rowspan
 *    for row spans, skipping columns that a span from above still covers.
 * 2. Column widths come from colspec (proportional "2*", fixed "72pt"); when
 *    a table gives none, from the content, as browsers do: each column gets
 *    at least its longest word, and the rest of the measure in proportion
 *    to how much wider its text would like to be.
 * 3. Each cell is laid out at its width; a row is as tall as its tallest
 *    cell, and a spanning cell's rows grow if it needs more. A row is one
 *    box of the vertical list; the rows a span covers are kept together.
 * 4. The heading rows are remembered so the page builder can repeat them on
 *    every page the table continues on.
 */
#include "layout_internal.h"

#include "base/utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLS 64
#define CELL_PAD 3.0

typedef struct colspec {
    const char *name;
    double fixed;      /* pt, or 0 */
    double proportion; /* "2*" → 2; 0 for fixed columns */
    bool given;        /* a colwidth was given */
} colspec;

typedef struct cell {
    const bp_node *node;
    size_t row;
    int col, last_col;
    size_t rowspan;
    bp_vlist content;
    double height;
} cell;

typedef struct trow {
    const bp_node *node;
    bool head, foot;
    double height;
    const bp_style *style; /* computed once: measuring and setting share it */
} trow;

typedef struct grid {
    BP_VEC(trow) rows;
    BP_VEC(cell) cells;
    colspec cols[MAX_COLS];
    int n_cols;
} grid;

static bool is_row(const bp_node *n) { return n->kind == BP_NODE_ROW || n->kind == BP_NODE_TR; }
static bool is_cell(const bp_node *n)
{
    return n->kind == BP_NODE_ENTRY || n->kind == BP_NODE_TD || n->kind == BP_NODE_TH;
}

static void parse_colwidth(const char *w, colspec *cs)
{
    cs->proportion = 1;
    cs->fixed = 0;
    cs->given = w && *w;
    if (!cs->given)
        return;
    char *end;
    double x = strtod(w, &end);
    if (*end == '*') {
        cs->proportion = end == w ? 1 : x;
        return;
    }
    if (end == w) {
        cs->given = false;
        return;
    }
    cs->proportion = 0;
    if (strcmp(end, "in") == 0)
        cs->fixed = x * 72;
    else if (strcmp(end, "cm") == 0)
        cs->fixed = x * 72 / 2.54;
    else if (strcmp(end, "mm") == 0)
        cs->fixed = x * 72 / 25.4;
    else if (strcmp(end, "px") == 0)
        cs->fixed = x * 0.75;
    else
        cs->fixed = x; /* pt, or a bare number */
}

static int column_named(const grid *g, const char *name)
{
    if (name)
        for (int i = 0; i < g->n_cols; i++)
            if (g->cols[i].name && strcmp(g->cols[i].name, name) == 0)
                return i;
    return -1;
}

static long attr_long(const bp_node *n, const char *name, long fallback)
{
    const char *v = bp_node_attr(n, name);
    return v && *v ? strtol(v, NULL, 10) : fallback;
}

/* ---- 1. the grid ----------------------------------------------------------------- */

static void collect_rows(grid *g, const bp_node *parent, bool head, bool foot)
{
    for (const bp_node *r = parent->first_child; r; r = r->next)
        if (is_row(r))
            BP_PUSH(g->rows, ((trow){r, head, foot, 0, NULL}));
}

static void collect_parts(grid *g, const bp_node *group)
{
    const bp_node *head = bp_node_child(group, BP_NODE_THEAD);
    const bp_node *foot = bp_node_child(group, BP_NODE_TFOOT);
    if (head)
        collect_rows(g, head, true, false);
    for (const bp_node *b = group->first_child; b; b = b->next)
        if (b->kind == BP_NODE_TBODY)
            collect_rows(g, b, false, false);
    collect_rows(g, group, false, false); /* HTML rows straight under <table> */
    if (foot)
        collect_rows(g, foot, false, true);
}

static void place_cells(lctx *c, grid *g)
{
    size_t busy_until[MAX_COLS] = {0}; /* first row a column is free again */
    for (size_t r = 0; r < g->rows.len; r++) {
        int col = 0;
        for (const bp_node *e = g->rows.items[r].node->first_child; e; e = e->next) {
            if (!is_cell(e))
                continue;
            while (col < g->n_cols && busy_until[col] > r)
                col++;
            int first = column_named(g, bp_node_attr(e, "namest"));
            if (first < 0)
                first = column_named(g, bp_node_attr(e, "colname"));
            if (first < 0)
                first = col;
            int last = column_named(g, bp_node_attr(e, "nameend"));
            if (last < 0)
                last = first + (int)attr_long(e, "colspan", 1) - 1;
            if (first >= g->n_cols) {
                bp_diag_emit(c->doc->diags, BP_WARNING, "table-overflow", e->loc,
                             "more cells than the table's %d columns: this one is set in the last",
                             g->n_cols);
                first = g->n_cols - 1;
            }
            if (last < first)
                last = first;
            if (last >= g->n_cols)
                last = g->n_cols - 1;
            size_t span = (size_t)attr_long(e, "morerows", 0) + 1;
            if (bp_node_attr(e, "rowspan"))
                span = (size_t)attr_long(e, "rowspan", 1);
            if (span < 1)
                span = 1;
            if (r + span > g->rows.len)
                span = g->rows.len - r;
            for (int k = first; k <= last; k++)
                busy_until[k] = r + span;
            BP_PUSH(g->cells, ((cell){.node = e, .row = r, .col = first, .last_col = last,
                                      .rowspan = span}));
            col = last + 1;
        }
    }
}

static int count_columns(const bp_node *group, const grid *g)
{
    long cols = attr_long(group, "cols", 0);
    if (cols > 0)
        return (int)(cols > MAX_COLS ? MAX_COLS : cols);
    int widest = 0;
    for (size_t r = 0; r < g->rows.len; r++) {
        int n = 0;
        for (const bp_node *e = g->rows.items[r].node->first_child; e; e = e->next)
            if (is_cell(e))
                n += (int)attr_long(e, "colspan", 1);
        if (n > widest)
            widest = n;
    }
    return widest < 1 ? 1 : widest > MAX_COLS ? MAX_COLS : widest;
}

/* ---- 2. column widths ---------------------------------------------------------- */

static const bp_style *cell_style(lctx *c, const cell *ce, const bp_style *rs)
{
    const bp_style *s = bp_style_compute(c->doc, ce->node, rs);
    const char *align = bp_node_attr(ce->node, "align");
    if (!align)
        return s;
    bp_style *copy = BP_NEW(c->a, bp_style);
    *copy = *s;
    if (strcmp(align, "center") == 0)
        copy->align = BP_ALIGN_CENTER;
    else if (strcmp(align, "right") == 0)
        copy->align = BP_ALIGN_RIGHT;
    else if (strcmp(align, "justify") == 0)
        copy->align = BP_ALIGN_JUSTIFY;
    else
        copy->align = BP_ALIGN_LEFT;
    return copy;
}

/* The widest word and the whole text on one line, of a cell's inline text. */
static void measure_cell(lctx *c, const cell *ce, const bp_style *rs, double *min, double *max)
{
    const bp_style *s = cell_style(c, ce, rs);
    run_list runs = {0};
    collect_runs(c, ce->node, s, NULL, NULL, &runs);
    double line = 0, longest = 0;
    for (size_t i = 0; i < runs.len; i++) {
        const run *r = &runs.items[i];
        const char *t = r->text;
        size_t n = strlen(t), start = 0;
        double space = bp_font_width(c->fonts, r->style->font, " ", 1, r->style->font_size);
        for (size_t k = 0; k <= n; k++) {
            if (k < n && t[k] != ' ' && t[k] != '\n' && t[k] != '\t')
                continue;
            if (k > start) {
                double w = bp_shaped_width(
                    bp_font_shape(c->fonts, r->style->font, t + start, k - start),
                    r->style->font_size);
                longest = w > longest ? w : longest;
                line += w;
            }
            if (k < n)
                line += space;
            start = k + 1;
        }
    }
    BP_VEC_FREE(runs);
    *min = longest + 2 * CELL_PAD;
    *max = line + 2 * CELL_PAD;
}

static void column_widths(lctx *c, grid *g, double width, double *col_w)
{
    bool given = true;
    for (int i = 0; i < g->n_cols; i++)
        given &= g->cols[i].given;
    if (given) {
        double fixed = 0, parts = 0;
        for (int i = 0; i < g->n_cols; i++)
            fixed += g->cols[i].fixed, parts += g->cols[i].proportion;
        for (int i = 0; i < g->n_cols; i++)
            col_w[i] = g->cols[i].fixed +
                       (parts > 0 ? (width - fixed) * g->cols[i].proportion / parts : 0);
        return;
    }
    double min[MAX_COLS] = {0}, max[MAX_COLS] = {0};
    for (size_t i = 0; i < g->cells.len; i++) {
        const cell *ce = &g->cells.items[i];
        if (ce->col != ce->last_col)
            continue; /* spanning cells take what their columns get */
        double lo, hi;
        measure_cell(c, ce, g->rows.items[ce->row].style, &lo, &hi);
        min[ce->col] = lo > min[ce->col] ? lo : min[ce->col];
        max[ce->col] = hi > max[ce->col] ? hi : max[ce->col];
    }
    double sum_min = 0, sum_max = 0;
    for (int i = 0; i < g->n_cols; i++) {
        if (g->cols[i].given && g->cols[i].fixed > 0)
            min[i] = max[i] = g->cols[i].fixed;
        if (max[i] < min[i])
            max[i] = min[i];
        sum_min += min[i];
        sum_max += max[i];
    }
    if (sum_max <= width) { /* everything fits on one line: share the rest */
        for (int i = 0; i < g->n_cols; i++)
            col_w[i] = max[i] + (sum_max > 0 ? (width - sum_max) * max[i] / sum_max
                                             : width / g->n_cols);
        return;
    }
    if (sum_min >= width) { /* too wide even word by word */
        for (int i = 0; i < g->n_cols; i++)
            col_w[i] = sum_min > 0 ? width * min[i] / sum_min : width / g->n_cols;
        return;
    }
    /* Every column gets its longest word; the space left is poured like
     * water: columns that want little more than that get all they want,
     * the others share what remains in proportion to their wants. */
    double extra = width - sum_min;
    bool done[MAX_COLS] = {false};
    int left = g->n_cols;
    for (int i = 0; i < g->n_cols; i++)
        col_w[i] = min[i];
    for (bool changed = true; changed && left > 0;) {
        changed = false;
        double fair = extra / left;
        for (int i = 0; i < g->n_cols; i++)
            if (!done[i] && max[i] - min[i] <= fair) {
                col_w[i] = max[i];
                extra -= max[i] - min[i];
                done[i] = true;
                left--;
                changed = true;
            }
    }
    double want = 0;
    for (int i = 0; i < g->n_cols; i++)
        if (!done[i])
            want += max[i] - min[i];
    for (int i = 0; i < g->n_cols; i++)
        if (!done[i] && want > 0)
            col_w[i] = min[i] + extra * (max[i] - min[i]) / want;
}

/* ---- 3. rows -------------------------------------------------------------------------- */

static void layout_cell(lctx *c, cell *ce, const bp_style *rs, double x, double w)
{
    bp_vlist *saved = c->target;
    c->target = &ce->content;
    frame f = {x + CELL_PAD, w - 2 * CELL_PAD, 0};
    const bp_style *s = cell_style(c, ce, rs);
    bool has_block = false;
    for (const bp_node *ch = ce->node->first_child; ch; ch = ch->next)
        has_block |= bp_node_is(ch, BP_K_BLOCK) && ch->kind != BP_NODE_UNKNOWN;
    if (has_block) {
        for (const bp_node *ch = ce->node->first_child; ch; ch = ch->next)
            layout_blocks(c, ch, s, &f);
    } else {
        layout_mixed(c, ce->node, s, &f, (para_shape){0});
    }
    c->target = saved;
    double h = 0;
    for (size_t i = 0; i < ce->content.len; i++)
        h += ce->content.items[i].height + (i ? ce->content.items[i].space_before : 0);
    ce->height = h;
}

static double valign_offset(const cell *ce, double span_h)
{
    const char *v = bp_node_attr(ce->node, "valign");
    double room = span_h - 2 * CELL_PAD - ce->height;
    if (room <= 0 || !v)
        return CELL_PAD;
    if (strcmp(v, "middle") == 0)
        return CELL_PAD + room / 2;
    if (strcmp(v, "bottom") == 0)
        return CELL_PAD + room;
    return CELL_PAD;
}

/* Moves a cell's lines into the row's box, dy below the box top. */
static void move_cell(lctx *c, bp_vbox *box, cell *ce, double dy)
{
    double y = dy;
    for (size_t i = 0; i < ce->content.len; i++) {
        bp_vbox *b = &ce->content.items[i];
        if (i)
            y += b->space_before;
        for (size_t d = 0; d < b->n_draws; d++) {
            bp_draw dr = b->draws[d];
            dr.y += y;
            box_add_draw(c, box, dr);
        }
        for (size_t a = 0; a < b->n_anchors; a++)
            box_add_anchor(c, box, b->anchors[a]);
        for (size_t n = 0; n < b->n_notes; n++)
            box_add_note(c, box, b->notes[n]);
        y += b->height;
        free(b->draws);
        free(b->anchors);
        free(b->notes);
    }
    free(ce->content.items);
    memset(&ce->content, 0, sizeof ce->content);
}

static void rule_box(lctx *c, double x, double w, double thickness, double space, int table,
                     bool head, bool keep)
{
    bp_vbox *b = push_box(c, thickness, space, NULL);
    box_add_draw(c, b, (bp_draw){.kind = BP_DRAW_RULE, .x = x, .y = 0, .w = w, .h = thickness});
    b->table = table;
    b->table_head = head;
    b->keep_with_next = keep;
}

/* A CALS rowsep/colsep flag, inherited from row, tgroup and table. */
static bool flag(const bp_node *entry, const bp_node *table, const char *name)
{
    for (const bp_node *p = entry; p; p = p->parent) {
        const char *v = bp_node_attr(p, name);
        if (v)
            return strcmp(v, "1") == 0;
        if (p == table)
            break;
    }
    return false;
}

/* A row taller than a page is cut into bands between lines of text, so it
 * can run over several pages instead of off the bottom of one. Rules that
 * run the row's height are cut with it; ids and note calls go with the
 * first band. */
static void split_tall_row(lctx *c, double max_h)
{
    bp_vlist *l = c->target;
    bp_vbox row = l->items[l->len - 1];
    if (row.height <= max_h)
        return;
    l->len--;
    double start = 0;
    bool first = true;
    while (start < row.height - 0.01) {
        double cut = row.height;
        if (row.height - start > max_h) {
            /* the lowest clean cut: no text line straddles it */
            cut = start;
            for (size_t i = 0; i < row.n_draws; i++) {
                const bp_draw *d = &row.draws[i];
                if (d->kind != BP_DRAW_TEXT)
                    continue;
                double bottom = d->y + d->size * 0.3;
                if (bottom > cut && bottom <= start + max_h) {
                    bool clean = true;
                    for (size_t k = 0; k < row.n_draws && clean; k++) {
                        const bp_draw *o = &row.draws[k];
                        clean = o->kind != BP_DRAW_TEXT || o->y + o->size * 0.3 <= bottom ||
                                o->y - o->size * 0.9 >= bottom;
                    }
                    if (clean)
                        cut = bottom;
                }
            }
            if (cut <= start)
                cut = start + max_h; /* one line taller than a page: cut anyway */
        }
        bp_vbox *band = push_box(c, cut - start, first ? row.space_before : 0, row.origin);
        band->table = row.table;
        band->keep_with_next = cut < row.height || row.keep_with_next;
        for (size_t i = 0; i < row.n_draws; i++) {
            bp_draw d = row.draws[i];
            if (d.kind == BP_DRAW_TEXT || d.kind == BP_DRAW_LINK) {
                double y = d.kind == BP_DRAW_TEXT ? d.y : d.y + d.h;
                if (y <= start || y > cut)
                    continue;
            } else { /* a rule: the part of it inside the band */
                double top = d.y > start ? d.y : start, bottom = d.y + d.h < cut ? d.y + d.h : cut;
                if (bottom <= top)
                    continue;
                d.y = top, d.h = bottom - top;
            }
            d.y -= start;
            box_add_draw(c, band, d);
        }
        if (first) {
            for (size_t i = 0; i < row.n_anchors; i++)
                box_add_anchor(c, band, row.anchors[i]);
            for (size_t i = 0; i < row.n_notes; i++)
                box_add_note(c, band, row.notes[i]);
        }
        first = false;
        start = cut;
    }
    free(row.draws);
    free(row.anchors);
    free(row.notes);
}

/* ---- 4. the table ----------------------------------------------------------------------- */

static void remember_head(lctx *c, int table, size_t from, size_t to)
{
    bp_layout *out = c->out;
    if ((size_t)table >= out->n_tables) {
        size_t n = (size_t)table + 1;
        out->table_heads = bp_xrealloc(out->table_heads, n * sizeof(bp_vlist));
        memset(out->table_heads + out->n_tables, 0, (n - out->n_tables) * sizeof(bp_vlist));
        out->n_tables = n;
    }
    bp_vlist *dst = &out->table_heads[table];
    for (size_t i = from; i < to; i++) {
        const bp_vbox *src = &c->target->items[i];
        if (dst->len == dst->cap) {
            dst->cap = dst->cap ? dst->cap * 2 : 4;
            dst->items = bp_xrealloc(dst->items, dst->cap * sizeof(bp_vbox));
        }
        bp_vbox *b = &dst->items[dst->len++];
        *b = *src;
        /* A repeated heading draws the same text but owns its copy; its
         * anchors and notes belong to the first occurrence only. */
        b->draws = bp_xmalloc((src->n_draws + 1) * sizeof(bp_draw));
        memcpy(b->draws, src->draws, src->n_draws * sizeof(bp_draw));
        b->cap_draws = src->n_draws;
        b->anchors = NULL, b->n_anchors = b->cap_anchors = 0;
        b->notes = NULL, b->n_notes = b->cap_notes = 0;
    }
}

void layout_table_grid(lctx *c, const bp_node *table, const bp_node *group, const bp_style *ts,
                       frame *f, double space_before)
{
    grid g = {0};
    collect_parts(&g, group);
    g.n_cols = count_columns(group, &g);
    int n_specs = 0;
    for (const bp_node *ch = group->first_child; ch && n_specs < MAX_COLS; ch = ch->next) {
        if (ch->kind != BP_NODE_COLSPEC && ch->kind != BP_NODE_COL)
            continue;
        colspec *cs = &g.cols[n_specs++];
        cs->name = bp_node_attr(ch, "colname");
        parse_colwidth(bp_node_attr(ch, ch->kind == BP_NODE_COL ? "width" : "colwidth"), cs);
    }
    if (g.rows.len == 0) {
        BP_VEC_FREE(g.rows);
        return;
    }
    place_cells(c, &g);
    double col_w[MAX_COLS], col_x[MAX_COLS + 1];
    for (size_t r = 0; r < g.rows.len; r++) {
        const bp_node *row = g.rows.items[r].node;
        g.rows.items[r].style =
            bp_style_compute(c->doc, row, bp_style_compute(c->doc, row->parent, ts));
    }
    column_widths(c, &g, f->width, col_w);
    col_x[0] = f->x;
    for (int i = 0; i < g.n_cols; i++)
        col_x[i + 1] = col_x[i] + col_w[i];
    double width = col_x[g.n_cols] - f->x;

    /* Cells at their widths, then row heights. */
    for (size_t i = 0; i < g.cells.len; i++) {
        cell *ce = &g.cells.items[i];
        layout_cell(c, ce, g.rows.items[ce->row].style, col_x[ce->col],
                    col_x[ce->last_col + 1] - col_x[ce->col]);
    }
    for (size_t i = 0; i < g.rows.len; i++)
        g.rows.items[i].height = 2 * CELL_PAD;
    for (size_t i = 0; i < g.cells.len; i++) {
        const cell *ce = &g.cells.items[i];
        if (ce->rowspan == 1 && ce->height + 2 * CELL_PAD > g.rows.items[ce->row].height)
            g.rows.items[ce->row].height = ce->height + 2 * CELL_PAD;
    }
    for (size_t i = 0; i < g.cells.len; i++) {
        const cell *ce = &g.cells.items[i];
        if (ce->rowspan == 1)
            continue;
        double h = 0;
        for (size_t r = ce->row; r < ce->row + ce->rowspan; r++)
            h += g.rows.items[r].height;
        if (ce->height + 2 * CELL_PAD > h)
            g.rows.items[ce->row + ce->rowspan - 1].height += ce->height + 2 * CELL_PAD - h;
    }

    int table_no = (int)++c->n_tables;
    /* Rows taller than this are split (leaving room for a repeated heading). */
    const bp_page_style *pg = bp_style_page(c->doc);
    double max_row = (pg->height - pg->margin_top - pg->margin_bottom) * 0.8;
    const char *frame_attr = bp_node_attr(table, "frame");
    bool frame_top = !frame_attr || strcmp(frame_attr, "none") != 0;
    bool frame_sides = frame_attr && (strcmp(frame_attr, "all") == 0 || strcmp(frame_attr, "sides") == 0);
    bool frame_bottom = frame_top && !(frame_attr && (strcmp(frame_attr, "top") == 0 ||
                                                      strcmp(frame_attr, "sides") == 0));
    if (frame_attr && strcmp(frame_attr, "bottom") == 0)
        frame_top = false;
    bool has_head = g.rows.len && g.rows.items[0].head;
    size_t head_from = c->target->len;
    if (frame_top) {
        rule_box(c, f->x, width, 0.8, space_before, table_no, has_head, true);
        space_before = 0;
    }
    size_t span_end = 0; /* rows up to here are held together by a row span */
    size_t next_cell = 0; /* cells are in row order: the first not yet placed */
    for (size_t r = 0; r < g.rows.len; r++) {
        trow *tr = &g.rows.items[r];
        bp_vbox *box = push_box(c, tr->height, r == 0 ? space_before : 0, tr->node);
        box->table = table_no;
        box->table_head = tr->head;
        if (tr->node->anchor)
            box_add_anchor(c, box, tr->node->anchor);
        for (; next_cell < g.cells.len && g.cells.items[next_cell].row == r; next_cell++) {
            cell *ce = &g.cells.items[next_cell];
            double span_h = 0;
            for (size_t k = ce->row; k < ce->row + ce->rowspan; k++)
                span_h += g.rows.items[k].height;
            move_cell(c, box, ce, valign_offset(ce, span_h));
            if (ce->row + ce->rowspan > span_end)
                span_end = ce->row + ce->rowspan;
            if (ce->node->anchor)
                box_add_anchor(c, box, ce->node->anchor);
            /* Vertical rules right of the cell (colsep), over all its rows. */
            if (ce->last_col + 1 < g.n_cols && flag(ce->node, table, "colsep"))
                box_add_draw(c, box, (bp_draw){.kind = BP_DRAW_RULE, .x = col_x[ce->last_col + 1] - 0.2,
                                               .y = 0, .w = 0.4, .h = span_h});
            if (flag(ce->node, table, "rowsep") && ce->row + ce->rowspan < g.rows.len)
                box_add_draw(c, box, (bp_draw){.kind = BP_DRAW_RULE, .x = col_x[ce->col],
                                               .y = span_h - 0.2, .w = col_x[ce->last_col + 1] - col_x[ce->col],
                                               .h = 0.4});
        }
        if (frame_sides) {
            box_add_draw(c, box, (bp_draw){.kind = BP_DRAW_RULE, .x = f->x - 0.4, .y = 0, .w = 0.4, .h = tr->height});
            box_add_draw(c, box, (bp_draw){.kind = BP_DRAW_RULE, .x = f->x + width, .y = 0, .w = 0.4, .h = tr->height});
        }
        /* Keep the heading with the first row, and the rows of a span together. */
        box->keep_with_next = tr->head || r + 1 < span_end;
        if (!tr->head)
            split_tall_row(c, max_row);
        bool last_head = tr->head && (r + 1 == g.rows.len || !g.rows.items[r + 1].head);
        if (last_head)
            rule_box(c, f->x, width, 0.4, 0, table_no, true, true);
        if (last_head)
            remember_head(c, table_no, head_from, c->target->len);
        if (r + 1 < g.rows.len && g.rows.items[r + 1].foot && !tr->foot)
            rule_box(c, f->x, width, 0.4, 0, table_no, false, true);
    }
    if (frame_bottom)
        rule_box(c, f->x, width, 0.8, 0, table_no, false, false);
    BP_VEC_FREE(g.rows);
    BP_VEC_FREE(g.cells);
}
