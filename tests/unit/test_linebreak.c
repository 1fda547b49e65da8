/*
 * Unit tests of the total-fit line breaker on synthetic paragraphs whose
 * optimal breaks are known (monospace words: every letter 1 unit wide,
 * spaces 1 unit, stretch 1/2 and shrink 1/3 as in the layout).
 */
#include "harness.h"
#include "layout/linebreak.h"

#include <stdlib.h>

typedef struct para {
    bp_item items[256];
    size_t n;
} para;

static void word(para *p, const char *w)
{
    if (p->n > 0)
        p->items[p->n++] = (bp_item){BP_ITEM_GLUE, 1, 0.5, 1.0 / 3, 0, false};
    p->items[p->n++] = (bp_item){BP_ITEM_BOX, (double)strlen(w), 0, 0, 0, false};
}

static void finish(para *p)
{
    p->items[p->n++] = (bp_item){BP_ITEM_GLUE, 0, BP_STRETCH_FIL, 0, 0, false};
    p->items[p->n++] = (bp_item){BP_ITEM_PENALTY, 0, 0, 0, -BP_PENALTY_INF, false};
}

static para words(const char *text)
{
    para p = {0};
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", text);
    for (char *w = strtok(buf, " "); w; w = strtok(NULL, " "))
        word(&p, w);
    finish(&p);
    return p;
}

/* The number of words on each line, from the break positions. */
static void words_per_line(const para *p, const bp_break_result *r, int *out)
{
    size_t from = 0;
    for (size_t k = 0; k < r->n_lines; k++) {
        int n = 0;
        for (size_t i = from; i < r->lines[k].position; i++)
            n += p->items[i].kind == BP_ITEM_BOX;
        out[k] = n;
        from = r->lines[k].position + 1;
    }
}

static void test_single_line(void)
{
    para p = words("aaa bbb ccc");
    double w = 20;
    bp_break_params bp = bp_break_params_default();
    bp_break_result r = bp_linebreak(p.items, p.n, &w, 1, &bp);
    CHECK_INT(r.n_lines, 1);
    CHECK(!r.lines[0].overfull);
    CHECK(r.lines[0].ratio >= 0 && r.lines[0].ratio < 0.01); /* finishing glue takes the rest */
    free(r.lines);
}

/* Two lines of exactly the measure: "aaaa bbbb" (9) and "cccc dddd" (9);
 * any other split would need stretching or shrinking. */
static void test_exact_fit(void)
{
    para p = words("aaaa bbbb cccc dddd");
    double w = 9;
    bp_break_params bp = bp_break_params_default();
    bp_break_result r = bp_linebreak(p.items, p.n, &w, 1, &bp);
    CHECK_INT(r.n_lines, 2);
    int n[8] = {0};
    words_per_line(&p, &r, n);
    CHECK_INT(n[0], 2);
    CHECK_INT(n[1], 2);
    CHECK(fabs(r.lines[0].ratio) < 1e-9);
    free(r.lines);
}

/* First-fit would take "a bb ccc dddd" (13 ≤ 14) and leave a lonely last
 * word; total fit balances demerits over the paragraph. The optimum here is
 * known by enumeration: lines of 3+2 words beat 4+1 (a loose 1-word line is
 * fine for the last line, so both are feasible; check the first line's
 * ratio stays within tolerance and that the chosen breaks minimise total
 * demerits among all feasible ones). */
static void test_total_fit_beats_first_fit(void)
{
    para p = words("a bb ccc dddd eeeee ff");
    double w = 14;
    bp_break_params bp = bp_break_params_default();
    bp_break_result r = bp_linebreak(p.items, p.n, &w, 1, &bp);
    int n[8] = {0};
    words_per_line(&p, &r, n);
    /* Enumerate every two-line split and compute its demerits the same way. */
    double best = 1e300;
    int best_k = -1;
    for (int k = 1; k < 6; k++) {
        double L = 0, y = 0, z = 0;
        const char *ws[] = {"a", "bb", "ccc", "dddd", "eeeee", "ff"};
        for (int i = 0; i < k; i++) {
            L += strlen(ws[i]) + (i ? 1 : 0);
            if (i)
                y += 0.5, z += 1.0 / 3;
        }
        double ratio = L < w ? (w - L) / y : (w - L) / z;
        if (ratio < -1)
            continue;
        double bad = 100 * pow(fabs(ratio), 3);
        if (bad > bp.tolerance)
            continue;
        double d = (bp.line_penalty + bad) * (bp.line_penalty + bad) +
                   bp.line_penalty * bp.line_penalty; /* last line: badness 0 */
        int fit = ratio < -0.5 ? 0 : ratio <= 0.5 ? 1 : ratio <= 1 ? 2 : 3;
        if (abs(fit - 1) > 1) /* the start node is "decent"; the last line is decent */
            d += bp.fitness_demerits;
        if (d < best)
            best = d, best_k = k;
    }
    CHECK_INT(r.n_lines, 2);
    CHECK_INT(n[0], best_k);
    free(r.lines);
}

/* A word wider than the measure cannot fit: the breaker still returns lines,
 * marks the offending one overfull and reports the emergency. */
static void test_overfull_word(void)
{
    para p = words("aa bbbbbbbbbbbbbbbbbbbb cc");
    double w = 10;
    bp_break_params bp = bp_break_params_default();
    bp_break_result r = bp_linebreak(p.items, p.n, &w, 1, &bp);
    CHECK(r.n_lines >= 2);
    CHECK(r.emergency);
    bool any_overfull = false;
    for (size_t k = 0; k < r.n_lines; k++)
        any_overfull |= r.lines[k].overfull;
    CHECK(any_overfull);
    free(r.lines);
}

/* A break at a penalty of +INF is never taken; a flagged penalty is. */
static void test_penalties(void)
{
    para p = {0};
    p.items[p.n++] = (bp_item){BP_ITEM_BOX, 6, 0, 0, 0, false};
    p.items[p.n++] = (bp_item){BP_ITEM_PENALTY, 0, 0, 0, 50, true}; /* after "Kassym-" */
    p.items[p.n++] = (bp_item){BP_ITEM_BOX, 6, 0, 0, 0, false};
    p.items[p.n++] = (bp_item){BP_ITEM_GLUE, 1, 0.5, 1.0 / 3, 0, false};
    p.items[p.n++] = (bp_item){BP_ITEM_PENALTY, 0, 0, 0, BP_PENALTY_INF, false};
    p.items[p.n++] = (bp_item){BP_ITEM_BOX, 4, 0, 0, 0, false};
    finish(&p);
    double w = 6;
    bp_break_params bp = bp_break_params_default();
    bp_break_result r = bp_linebreak(p.items, p.n, &w, 1, &bp);
    CHECK_INT(r.n_lines, 3);
    CHECK_INT(r.lines[0].position, 1); /* at the hyphen */
    CHECK_INT(r.lines[1].position, 3); /* at the glue, not the forbidden penalty */
    free(r.lines);
}

/* Two words that fit the measure exactly: the hyphenation point inside the
 * second is never used, since a paragraph that sets well without hyphens is
 * set without them. */
static void test_hyphen_not_needed(void)
{
    para p = {0};
    p.items[p.n++] = (bp_item){BP_ITEM_BOX, 4, 0, 0, 0, false};
    p.items[p.n++] = (bp_item){BP_ITEM_GLUE, 1, 0.5, 1.0 / 3, 0, false};
    p.items[p.n++] = (bp_item){BP_ITEM_BOX, 2, 0, 0, 0, false};
    p.items[p.n++] = (bp_item){BP_ITEM_PENALTY, 1, 0, 0, 50, true}; /* "ab-" */
    p.items[p.n++] = (bp_item){BP_ITEM_BOX, 3, 0, 0, 0, false};
    finish(&p);
    double w = 10;
    bp_break_params bp = bp_break_params_default();
    bp_break_result r = bp_linebreak(p.items, p.n, &w, 1, &bp);
    CHECK_INT(r.n_lines, 1);
    free(r.lines);
}

/* Two hyphenated lines in a row cost flagged_demerits: with a choice
 * between hyphen-hyphen and hyphen-space of otherwise equal quality, the
 * breaker avoids the stack. */
static void test_consecutive_hyphens_avoided(void)
{
    bp_break_params bp = bp_break_params_default();
    bp.pretolerance = -1;
    /* line 1: "aaaa-" (hyphen forced by the measure), then either "bb-"+"cc"
     * or "bbcc" whole on line 2 followed by "dd". */
    para p = {0};
    p.items[p.n++] = (bp_item){BP_ITEM_BOX, 4, 0, 0, 0, false};
    p.items[p.n++] = (bp_item){BP_ITEM_PENALTY, 1, 0, 0, 50, true};
    p.items[p.n++] = (bp_item){BP_ITEM_BOX, 4, 0, 0, 0, false};
    p.items[p.n++] = (bp_item){BP_ITEM_GLUE, 1, 0.5, 1.0 / 3, 0, false};
    p.items[p.n++] = (bp_item){BP_ITEM_BOX, 2, 0, 0, 0, false};
    p.items[p.n++] = (bp_item){BP_ITEM_PENALTY, 1, 0, 0, 50, true};
    p.items[p.n++] = (bp_item){BP_ITEM_BOX, 2, 0, 0, 0, false};
    finish(&p);
    double w = 5;
    bp_break_result r = bp_linebreak(p.items, p.n, &w, 1, &bp);
    int flagged_pairs = 0;
    for (size_t k = 0; k + 1 < r.n_lines; k++)
        flagged_pairs += p.items[r.lines[k].position].flagged &&
                         p.items[r.lines[k + 1].position].flagged &&
                         p.items[r.lines[k + 1].position].kind == BP_ITEM_PENALTY &&
                         p.items[r.lines[k + 1].position].penalty > -BP_PENALTY_INF;
    CHECK_INT(flagged_pairs, 0);
    free(r.lines);
}

int main(void)
{
    test_hyphen_not_needed();
    test_consecutive_hyphens_avoided();
    test_single_line();
    test_exact_fit();
    test_total_fit_beats_first_fit();
    test_overfull_word();
    test_penalties();
    return harness_finish();
}
