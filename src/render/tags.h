/*
 * render/tags.h — the logical structure of a tagged PDF (ISO 32000-1
 * §14.7 logical structure, §14.8 tagged PDF; PDF/UA-1).
 *
 * While pages are drawn, every piece of content is marked: text and
 * images as marked content with an MCID, owned by a structure element
 * chosen from the draw's source node (P, H1–H6, L/LI/Lbl/LBody,
 * Table/TR/TH/TD, Note, Link, BibEntry, Code, Caption, Figure, TOC/TOCI,
 * …); running heads, page numbers, leaders, rules and line-end hyphens as
 * artifacts. Link annotations join their Link element as OBJRs. When the
 * file is written the elements become a tree in reading order under one
 * Document element, with the ParentTree that maps each page's MCIDs (and
 * each annotation) back to its element, the IDTree of the notes,
 * /StructParents on the pages and /MarkInfo.
 */
#ifndef BP_RENDER_TAGS_H
#define BP_RENDER_TAGS_H

#include "base/buf.h"
#include "doc.h"

#include <hpdf.h>
#include <stdbool.h>

typedef struct bp_tags bp_tags;

bp_tags *bp_tags_new(const bp_doc *doc);
void bp_tags_free(bp_tags *t);

/* The marked-content sequence open: consecutive draws of one element share
 * it (within a line, or across lines when opened outside their text
 * objects). */
typedef struct bp_tags_seq {
    const void *owner; /* NULL: none open */
} bp_tags_seq;

/* Marks d on page `page`: continues the open sequence when d belongs to
 * the same element, else closes it and opens d's ("/P<</MCID 3>>BDC" or
 * "/Artifact BMC"), appending the operators to ops. bp_tags_end closes
 * what is open. */
void bp_tags_mark(bp_tags *t, size_t page, const bp_draw *d, bp_tags_seq *seq, bp_buf *ops);
/* Whose content d is (equal for draws one sequence may hold). */
const void *bp_tags_owner(bp_tags *t, const bp_draw *d);
void bp_tags_end(bp_tags_seq *seq, bp_buf *ops);
/* Rules and images, drawn by libharu between: open/close one sequence. */
void bp_tags_open(bp_tags *t, size_t page, const bp_draw *d, bp_buf *ops);
void bp_tags_open_artifact(bp_buf *ops);
void bp_tags_close(bp_buf *ops);

/* Once the pages are drawn: sets the pages' /StructParents and the
 * catalog's /MarkInfo, and reserves the StructTreeRoot (a placeholder the
 * catalog points to). pages[i] is doc page i. False when the PDF library
 * fails (it has recorded the error). */
bool bp_tags_prepare(bp_tags *t, HPDF_Doc pdf, HPDF_Page *pages, size_t n_pages);

/* Registers link annotation `annotation` (its object number), made for
 * link area d on page `page`, with the Link element of d's source (an
 * OBJR in its kids). Returns the annotation's /StructParent key. Call
 * after bp_tags_prepare. */
int bp_tags_annotation(bp_tags *t, size_t page, const bp_draw *d, uint32_t annotation);

/* The structure tree as PDF objects (compact.h's bp_pdf_extra_fn, with the
 * bp_tags as ctx): the StructTreeRoot in its placeholder's place, the
 * elements and the ParentTree numbered from first_free. Written directly,
 * not as libharu objects: a long document has tens of thousands. */
struct bp_pdf_objects;
void bp_tags_serialize(void *tags, uint32_t first_free, struct bp_pdf_objects *out);

#endif
