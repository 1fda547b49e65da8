/*
 * paginate/paginate.h — the page builder.
 *
 * In:   the vertical list and footnote bodies from layout.
 * Out:  doc->pages (draws in page coordinates, footnotes with their
 *       separator rule, the style's page margin boxes: running heads, page
 *       numbers), doc->anchors (page and y of every id), doc->outline.
 * Rules: a footnote is set on the page of its call — the builder counts the
 * height of the notes called in a box when deciding whether the box fits;
 * boxes marked keep_with_next stay with the following box (headings,
 * orphans, widows), unless that would leave a page empty.
 */
#ifndef BP_PAGINATE_PAGINATE_H
#define BP_PAGINATE_PAGINATE_H

#include "layout/layout.h"

/* fonts measure what the page margin boxes (running heads, page numbers) set. */
struct bp_fonts;
bp_status bp_paginate(bp_doc *doc, const bp_layout *layout, struct bp_fonts *fonts);
/* Sets every late-bound page number (bp_draw.page_of) to the page its id
 * landed on. Returns false when one of them is wider or narrower than the
 * guess layout set it with: the lines around it are then wrong, and layout
 * must run again with these numbers as its guesses. */
bool bp_paginate_bind_page_numbers(bp_doc *doc, struct bp_fonts *fonts);
/* Frees doc->pages and doc->anchors. */
void bp_paginate_free(bp_doc *doc);

#endif
