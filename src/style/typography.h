/*
 * style/typography.h — typography rules: pattern → replacement rewrites of
 * the text (straight quotes to curly, -- to dashes, no-break spaces), named
 * by the style sheet's document { typography-rules: url(…) }.
 */
#ifndef BP_STYLE_TYPOGRAPHY_H
#define BP_STYLE_TYPOGRAPHY_H

#include "doc.h"

/* Applies the rules file in doc->settings.typography_rules (if any) to the
 * document's text. A rule that does not compile is an error at its
 * file:line:col, and no rule is applied. */
bp_status bp_typography_apply(bp_doc *doc);

#endif
