/*
 * resolve/resolve.h — ids, numbers and generated text.
 *
 * In:  doc->root from parse.
 * Out: doc->ids, doc->meta, doc->footnotes; on nodes: label (section,
 *      appendix, table and footnote numbers), level, anchor, target,
 *      gentext (xref text) and generated children for citations.
 * Errors: duplicate ids, undefined link targets (with a suggestion when an
 *      id is close); warnings: unknown elements, uncited bibliography entries.
 */
#ifndef BP_RESOLVE_RESOLVE_H
#define BP_RESOLVE_RESOLVE_H

#include "doc.h"

bp_status bp_resolve(bp_doc *doc);
/* Frees what resolve allocated outside the arena (the id table). */
void bp_resolve_free(bp_doc *doc);

/* How a division's heading, contents entry and bookmark name it before its
 * title: "2.1", "Appendix A", "Part II"; NULL for an unnumbered one. */
const char *bp_resolve_division_label(bp_doc *doc, const bp_node *div);

/* "Section 2.1", "Appendix A", "Table A.1" … for a numbered node; NULL if none. */
const char *bp_resolve_number_text(bp_doc *doc, const bp_node *n);

/* The author of a bibliography entry: an organisation's name, or a person's
 * as "Given Surname" (inverted: "Surname, Given"); NULL if none. */
const char *bp_resolve_author(bp_arena *a, const bp_node *entry, bool inverted);

#endif
