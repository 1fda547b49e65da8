/*
 * layout/linebreak.c — total-fit line breaking.
 *
 * The classic algorithm: walk the items keeping a list of "active" feasible
 * breakpoints; at each legal break, try ending a line there from every active
 * node, keep the best predecessor per fitness class, and deactivate nodes
 * whose line would already be overfull. The best node at the final forced
 * break gives the optimal breaks by following predecessor links.
 *
 * If no sequence of breaks stays within the tolerance, a second pass accepts
 * any badness, and if even then a line cannot shrink enough (a word wider
 * than the measure), the break is taken anyway and the line marked overfull
 * so the caller can report it — never silently set into the margin.
 *
 * Refs: D. E. Knuth and M. F. Plass, "Breaking Paragraphs into Lines",
 *       Software—Practice and Experience 11 (1981) 1119–1184.
 */
#include "linebreak.h"

#include "base/arena.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

typedef struct node {
    size_t position;
    size_t line;        /* number of lines ending at this break */
    int fitness;        /* 0 tight, 1 decent, 2 loose, 3 very loose */
    double total_width, total_stretch, total_shrink; /* sums after the break */
    double demerits;
    double ratio;
    bool overfull;
    int prev;           /* index into the node pool, -1 for the start */
} node;

typedef BP_VEC(node) node_pool;

/* A hyphenation point (it adds a hyphen), as opposed to a break after a
 * hyphen or dash that is already in the text. */
static bool is_soft_hyphen(const bp_item *it) { return it->flagged && it->width > 0; }

bp_break_params bp_break_params_default(void)
{
    /* TeX's plain defaults, but \doublehyphendemerits (10000) for two
     * hyphenated lines in a row, to keep hyphen stacks rare. */
    return (bp_break_params){.pretolerance = -1, .tolerance = 200, .line_penalty = 10,
                             .flagged_demerits = 10000, .fitness_demerits = 3000};
}

static double line_width(const double *widths, size_t n_widths, size_t line)
{
    return line < n_widths ? widths[line] : widths[n_widths - 1];
}

static int fitness_class(double r)
{
    if (r < -0.5)
        return 0;
    if (r <= 0.5)
        return 1;
    if (r <= 1)
        return 2;
    return 3;
}

/* Sums of width/stretch/shrink from the start of the paragraph to item i. */
typedef struct sums {
    double width, stretch, shrink;
} sums;

/* What follows a break at b: glue and discardable items are dropped until
 * the next box or forced break (TeX's break-node totals, §837). */
static sums after_break(const bp_item *items, size_t n, size_t b, sums at)
{
    sums s = at;
    for (size_t i = b; i < n; i++) {
        const bp_item *it = &items[i];
        if (it->kind == BP_ITEM_BOX)
            break;
        if (it->kind == BP_ITEM_GLUE) {
            s.width += it->width;
            s.stretch += it->stretch;
            s.shrink += it->shrink;
        } else if (it->penalty <= -BP_PENALTY_INF && i > b) {
            break;
        }
    }
    return s;
}

static bool run_pass(const bp_item *items, size_t n, const double *widths, size_t n_widths,
                     const bp_break_params *p, double tolerance, bool hyphens, bool force,
                     node_pool *pool)
{
    pool->len = 0;
    BP_PUSH(*pool, ((node){.position = 0, .fitness = 1, .prev = -1}));
    /* The active nodes' indices, in pool order: a long paragraph's pool
     * holds hundreds of nodes, of which a handful are active. */
    BP_VEC(size_t) active = {0};
    BP_PUSH(active, 0);
    sums total = {0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        const bp_item *it = &items[i];
        bool legal = false;
        if (it->kind == BP_ITEM_PENALTY)
            legal = it->penalty < BP_PENALTY_INF && (hyphens || !is_soft_hyphen(it));
        else if (it->kind == BP_ITEM_GLUE)
            legal = i > 0 && items[i - 1].kind == BP_ITEM_BOX;
        if (legal) {
            double pw = it->kind == BP_ITEM_PENALTY ? it->width : 0;
            /* Best candidate per fitness class for a new node at i. */
            double best_d[4] = {DBL_MAX, DBL_MAX, DBL_MAX, DBL_MAX};
            int best_prev[4] = {-1, -1, -1, -1};
            double best_r[4] = {0};
            bool best_over[4] = {0};
            int fallback = -1; /* least-bad deactivated node, for force mode */
            double fallback_d = DBL_MAX, fallback_r = 0;
            size_t kept = 0;
            for (size_t k = 0; k < active.len; k++) {
                size_t a = active.items[k];
                node *an = &pool->items[a];
                double L = total.width - an->total_width + pw;
                double W = line_width(widths, n_widths, an->line);
                double r;
                if (L < W) {
                    double y = total.stretch - an->total_stretch;
                    r = y > 0 ? (W - L) / y : BP_PENALTY_INF;
                } else if (L > W) {
                    double z = total.shrink - an->total_shrink;
                    r = z > 0 ? (W - L) / z : -BP_PENALTY_INF;
                } else {
                    r = 0;
                }
                bool forced = it->kind == BP_ITEM_PENALTY && it->penalty <= -BP_PENALTY_INF;
                bool stays_active = true;
                if (r < -1 || forced) {
                    stays_active = false; /* no later line from here can be better */
                    if (r < -1 && force) {
                        double d = an->demerits + 1e8 * (1 - r);
                        if (d < fallback_d)
                            fallback = (int)a, fallback_d = d, fallback_r = r;
                    }
                }
                if (stays_active)
                    active.items[kept++] = a;
                if (r >= -1) {
                    double abs_r = fabs(r), badness = 100 * abs_r * abs_r * abs_r; /* TeX: 100 |r|^3 */
                    if (badness > tolerance && !(force && r > 0))
                        continue;
                    if (badness > 1e7)
                        badness = 1e7;
                    double pen = it->kind == BP_ITEM_PENALTY ? it->penalty : 0;
                    double base = p->line_penalty + badness;
                    double d = base * base;
                    if (pen >= 0)
                        d += pen * pen;
                    else if (pen > -BP_PENALTY_INF)
                        d -= pen * pen;
                    if (it->kind == BP_ITEM_PENALTY && it->flagged && an->position > 0 &&
                        items[an->position].kind == BP_ITEM_PENALTY && items[an->position].flagged)
                        d += p->flagged_demerits;
                    int fit = fitness_class(r);
                    if (abs(fit - an->fitness) > 1)
                        d += p->fitness_demerits;
                    d += an->demerits;
                    if (d < best_d[fit])
                        best_d[fit] = d, best_prev[fit] = (int)a, best_r[fit] = r, best_over[fit] = false;
                }
            }
            active.len = kept;
            bool any = false;
            for (int f = 0; f < 4; f++)
                any |= best_prev[f] >= 0;
            if (!any && force && fallback >= 0) {
                /* Nothing fits: break anyway at the least overfull line. */
                int f = fitness_class(fallback_r);
                best_prev[f] = fallback;
                best_d[f] = fallback_d;
                best_r[f] = fallback_r;
                best_over[f] = true;
            }
            sums s = after_break(items, n, i, total);
            for (int f = 0; f < 4; f++) {
                if (best_prev[f] < 0)
                    continue;
                node nn = {.position = i, .line = pool->items[best_prev[f]].line + 1, .fitness = f,
                           .total_width = s.width, .total_stretch = s.stretch,
                           .total_shrink = s.shrink, .demerits = best_d[f], .ratio = best_r[f],
                           .overfull = best_over[f], .prev = best_prev[f]};
                BP_PUSH(active, pool->len);
                BP_PUSH(*pool, nn);
            }
        }
        if (it->kind == BP_ITEM_BOX) {
            /* Boxes may stretch too: glyph expansion (see layout/inline.c). */
            total.width += it->width;
            total.stretch += it->stretch;
            total.shrink += it->shrink;
        } else if (it->kind == BP_ITEM_GLUE) {
            total.width += it->width;
            total.stretch += it->stretch;
            total.shrink += it->shrink;
        }
    }
    BP_VEC_FREE(active);
    /* The last item is the forced break: any node there ends the paragraph. */
    for (size_t a = 0; a < pool->len; a++)
        if (pool->items[a].position == n - 1 && n > 0 && pool->items[a].line > 0)
            return true;
    return false;
}

bp_break_result bp_linebreak(const bp_item *items, size_t n_items, const double *widths,
                             size_t n_widths, const bp_break_params *params)
{
    bp_break_result res = {0};
    if (n_items == 0 || n_widths == 0)
        return res;
    node_pool pool = {0};
    /* As TeX: first try without hyphenating at a stricter tolerance, then
     * with hyphenation, then lift the tolerance (emergency). */
    bool ok = params->pretolerance >= 0 && run_pass(items, n_items, widths, n_widths, params, params->pretolerance, false,
                       false, &pool);
    if (!ok)
        ok = run_pass(items, n_items, widths, n_widths, params, params->tolerance, true, false,
                      &pool);
    if (!ok) {
        res.emergency = true;
        ok = run_pass(items, n_items, widths, n_widths, params, INFINITY, true, true, &pool);
    }
    if (ok) {
        int best = -1;
        for (size_t a = 0; a < pool.len; a++) {
            const node *nd = &pool.items[a];
            if (nd->position == n_items - 1 && nd->line > 0 &&
                (best < 0 || nd->demerits < pool.items[best].demerits))
                best = (int)a;
        }
        res.demerits = pool.items[best].demerits;
        res.n_lines = pool.items[best].line;
        res.lines = bp_xcalloc(res.n_lines, sizeof(bp_line_break));
        for (int k = best; k > 0 && pool.items[k].line > 0; k = pool.items[k].prev) {
            const node *nd = &pool.items[k];
            res.lines[nd->line - 1] = (bp_line_break){nd->position, nd->ratio, nd->overfull};
        }
    }
    BP_VEC_FREE(pool);
    return res;
}
