/*
 * layout/linebreak.h — optimal paragraph breaking (Knuth & Plass 1981).
 *
 * In:   a paragraph as boxes, glue and penalties; the line widths.
 * Out:  the chosen break positions and each line's adjustment ratio.
 * The paragraph must end with a forced break (penalty <= -BP_PENALTY_INF),
 * normally preceded by finishing glue with infinite stretch.
 */
#ifndef BP_LAYOUT_LINEBREAK_H
#define BP_LAYOUT_LINEBREAK_H

#include <stdbool.h>
#include <stddef.h>

#define BP_PENALTY_INF 10000
#define BP_STRETCH_FIL 1e6 /* "infinite" stretch of finishing glue */

typedef enum bp_item_kind { BP_ITEM_BOX, BP_ITEM_GLUE, BP_ITEM_PENALTY } bp_item_kind;

typedef struct bp_item {
    bp_item_kind kind;
    double width, stretch, shrink; /* glue uses all three; box and penalty the width */
    int penalty;                   /* >= BP_PENALTY_INF forbids a break here */
    bool flagged;                  /* a hyphenation break */
} bp_item;

typedef struct bp_break_params {
    double pretolerance;     /* first pass, without hyphenation (TeX's \pretolerance), 100 */
    double tolerance;        /* largest acceptable badness (TeX's \tolerance), e.g. 200 */
    int line_penalty;        /* added to every line's badness, e.g. 10 */
    int flagged_demerits;    /* two flagged breaks in a row, e.g. 3000 */
    int fitness_demerits;    /* adjacent lines of incompatible fitness, e.g. 3000 */
} bp_break_params;

typedef struct bp_line_break {
    size_t position;  /* index of the item where the line ends (glue or penalty) */
    double ratio;     /* adjustment ratio: <0 shrink, >0 stretch */
    bool overfull;    /* no feasible break: the line is wider than its measure */
} bp_line_break;

typedef struct bp_break_result {
    bp_line_break *lines; /* heap; caller frees with free() */
    size_t n_lines;
    double demerits;
    bool emergency;       /* the tolerance had to be lifted */
} bp_break_result;

/* widths[i] is the measure of line i; lines past n_widths use the last. */
bp_break_result bp_linebreak(const bp_item *items, size_t n_items, const double *widths,
                             size_t n_widths, const bp_break_params *params);
bp_break_params bp_break_params_default(void);

#endif
