/*
 * expand/expand.h — generated content: parts of the document built from
 * data files, and checks of the text against that data.
 *
 * In:   the parsed tree. A processing instruction
 *           <?briefpress-memberships data="memberships.xml"?>
 *       (the source stays valid DocBook) asks for the membership appendix.
 * Out:  the tree with the instruction replaced by plain DocBook: a section
 *       per organization with its table, and a state × organization matrix.
 *       Generated elements carry ids (sec-mem-ID, tab-ID, tab-memberships),
 *       so the text can cross-reference them; they get numbers, titles and
 *       contents entries like hand-written ones.
 * Runs before resolve.
 */
#ifndef BP_EXPAND_EXPAND_H
#define BP_EXPAND_EXPAND_H

#include "doc.h"
#include "tree/memberships.h"

bp_status bp_expand(bp_doc *doc);

/* Warns where the text names a state as a member of an organization that
 * the data does not list as belonging (consistency.c, with pcre2). */
void bp_check_memberships(bp_doc *doc, const bp_memberships *data);

#endif
