/*
 * render/tags.c — structure elements, marked content and the ParentTree.
 *
 * Which element owns a draw: the nearest ancestor of its source node that
 * is a structure element (struct_type), so "quote" or "emphasis" text
 * belongs to its paragraph, a heading's number (origin: the division) to
 * the heading. A draw's role says what layout knew besides: TOC entries go
 * to a TOCI of the TOC, list marks and note numbers are Lbl, running heads
 * and leaders are artifacts.
 *
 * Reading order is the source's: each element's own content is marked in
 * page order (which for one element is reading order), its child elements
 * are sorted by their nodes' position in the document, and a footnote's
 * Note follows the marked content of its call.
 */
#include "render/tags.h"

#include "base/arena.h"
#include "base/utf8.h"
#include "render/compact.h"
#include "render/pdffont.h"

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct element element;

typedef struct kid {
    element *elem;        /* a child element, or … */
    size_t page;          /* … marked content (page and MCID), or an annotation */
    int mcid;
    uint32_t annotation;  /* the annotation's object number (an OBJR), or 0 */
    const bp_node *calls; /* the Link of a note call: that footnote (its Note follows) */
} kid;

struct element {
    const char *type; /* structure type: "P", "H2", "LI", … */
    const bp_node *node;
    element *parent;
    size_t order; /* the node's position in the document (pre-order) */
    int rank;     /* among elements of one position: Lbl 0, LBody 1, others 2 */
    BP_VEC(kid) kids;
    element *body;  /* LI: its LBody */
    uint32_t number; /* its PDF object number */
    size_t made;     /* its index in bp_tags.all: the making order */
    bool placed;    /* in its parent's kids yet */
    const bp_node *calls; /* a note call's Link: that footnote */
};

typedef BP_VEC(element *) element_list;

/* Nodes by address: their document position and element. */
typedef struct node_slot {
    const bp_node *node;
    size_t order;
    element *elem;
    element *label; /* its Lbl (list item, footnote) */
    element *link;  /* a footnote's call, or a TOC entry's link */
    element *toc_entry; /* a division's TOCI */
} node_slot;

struct bp_tags {
    const bp_doc *doc;
    node_slot *slots; /* open addressing, power-of-two size */
    size_t cap, len;
    element *document, *toc;
    size_t first_division_order;
    uint32_t root_number;    /* the StructTreeRoot's (reserved) object number */
    uint32_t *page_numbers;  /* the pages' object numbers */
    bp_arena scratch;        /* texts made while writing (alternatives) */
    size_t n_pages;
    element_list annotated;  /* the Link of each annotation, by /StructParent - n_pages */
    element_list all;            /* every element, to write and free */
    BP_VEC(element_list) mcids;  /* per page: the element of each MCID */
};

/* ---- node positions ---------------------------------------------------------- */

static size_t hash_ptr(const void *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdu;
    x ^= x >> 33;
    return (size_t)x;
}

static node_slot *find_slot(node_slot *slots, size_t cap, const bp_node *n)
{
    for (size_t i = hash_ptr(n) & (cap - 1);; i = (i + 1) & (cap - 1))
        if (slots[i].node == n || !slots[i].node)
            return &slots[i];
}

/* n's slot, made on first use. Only nodes that own elements get one (a
 * slot for every node of a 2,000-page document would take 100 MB); their
 * document positions are filled in before the tree is written. The table
 * may move: a slot pointer is good until the next call. */
static node_slot *slot_of(bp_tags *t, const bp_node *n)
{
    if ((t->len + 1) * 2 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 1024;
        node_slot *slots = bp_xcalloc(cap, sizeof *slots);
        for (size_t i = 0; i < t->cap; i++)
            if (t->slots[i].node)
                *find_slot(slots, cap, t->slots[i].node) = t->slots[i];
        free(t->slots);
        t->slots = slots;
        t->cap = cap;
    }
    node_slot *s = find_slot(t->slots, t->cap, n);
    if (!s->node) {
        s->node = n;
        t->len++;
    }
    return s;
}

/* Document positions (pre-order) for the nodes that own elements, and the
 * first division's (where the TOC stands), in one walk; then each
 * element's. */
static void assign_orders(bp_tags *t)
{
    for (size_t i = 0; i < t->all.len; i++)
        if (t->all.items[i]->node)
            slot_of(t, t->all.items[i]->node);
    size_t order = 0;
    bool first_division = true;
    for (const bp_node *x = t->doc->root; x; x = bp_node_next_in(t->doc->root, x), order++) {
        node_slot *s = find_slot(t->slots, t->cap, x);
        if (s->node == x)
            s->order = order;
        if (first_division && bp_node_is(x, BP_K_DIVISION)) {
            t->first_division_order = order;
            first_division = false;
        }
    }
    for (size_t i = 0; i < t->all.len; i++) {
        element *e = t->all.items[i];
        if (e == t->toc)
            e->order = t->first_division_order;
        else if (e->node && e != t->document)
            e->order = find_slot(t->slots, t->cap, e->node)->order;
    }
}

/* ---- element types ------------------------------------------------------------ */

static bool in_kind(const bp_node *n, bp_node_kind kind)
{
    for (; n; n = n->parent)
        if (n->kind == kind)
            return true;
    return false;
}

static const char *heading(int level)
{
    static const char *const h[] = {"H1", "H2", "H3", "H4", "H5", "H6"};
    return h[level < 1 ? 0 : level > 6 ? 5 : level - 1];
}

/* Does n hold an image that is drawn (resolve checked its file)? */
static bool draws_image(const bp_node *n)
{
    for (const bp_node *x = n; x; x = bp_node_next_in(n, x))
        if (x->kind == BP_NODE_IMAGEDATA && x->image)
            return true;
    return false;
}

static bool only_element_child(const bp_node *n)
{
    for (const bp_node *c = n->parent->first_child; c; c = c->next)
        if (c != n && c->kind != BP_NODE_TEXT)
            return false;
    return true;
}

/* The structure type of n, or NULL when n is not an element of its own
 * (inline markup, text: it belongs to an ancestor). */
static const char *struct_type(const bp_node *n)
{
    const bp_node *p = n->parent;
    if (bp_node_is(n, BP_K_DIVISION))
        return "Sect";
    switch (n->kind) {
    case BP_NODE_TITLE:
    case BP_NODE_SUBTITLE:
        if (p && bp_node_is(p, BP_K_DIVISION))
            return heading(p->level);
        if (p && (p->kind == BP_NODE_INFO || p->kind == BP_NODE_ARTICLEINFO) && p->parent &&
            bp_node_is(p->parent, BP_K_DIVISION))
            return heading(p->parent->level);
        if (p && (p->kind == BP_NODE_TABLE || p->kind == BP_NODE_FIGURE ||
                  p->kind == BP_NODE_EXAMPLE || p->kind == BP_NODE_EQUATION))
            return "Caption";
        return n->kind == BP_NODE_TITLE && p == NULL ? "H1" : "P";
    case BP_NODE_CAPTION:
        return "Caption";
    case BP_NODE_PARA:
        /* A note of one paragraph holds its text itself, after its Lbl. */
        return p && p->kind == BP_NODE_FOOTNOTE && only_element_child(n) ? NULL : "P";
    case BP_NODE_SIMPARA: case BP_NODE_ATTRIBUTION: case BP_NODE_TERM:
    case BP_NODE_GLOSSTERM: case BP_NODE_GLOSSSEE: case BP_NODE_GLOSSSEEALSO:
        return "P";
    case BP_NODE_ITEMIZEDLIST: case BP_NODE_ORDEREDLIST: case BP_NODE_VARIABLELIST:
    case BP_NODE_SIMPLELIST:
        return "L";
    case BP_NODE_LISTITEM: case BP_NODE_VARLISTENTRY: case BP_NODE_MEMBER:
        return "LI";
    case BP_NODE_TABLE: case BP_NODE_INFORMALTABLE:
        return "Table";
    case BP_NODE_THEAD:
        return "THead";
    case BP_NODE_TBODY:
        return "TBody";
    case BP_NODE_TFOOT:
        return "TFoot";
    case BP_NODE_ROW: case BP_NODE_TR:
        return "TR";
    case BP_NODE_ENTRY: case BP_NODE_TD: case BP_NODE_TH:
        return n->kind == BP_NODE_TH || in_kind(n, BP_NODE_THEAD) ? "TH" : "TD";
    case BP_NODE_FOOTNOTE:
        return "Note";
    case BP_NODE_LINK: case BP_NODE_ULINK: case BP_NODE_XREF: case BP_NODE_BIBLIOREF:
    case BP_NODE_CITATION: case BP_NODE_FOOTNOTEREF:
        return "Link";
    case BP_NODE_BLOCKQUOTE: case BP_NODE_EPIGRAPH:
        return "BlockQuote";
    case BP_NODE_PROGRAMLISTING: case BP_NODE_SCREEN: case BP_NODE_LITERALLAYOUT:
        return "Code";
    case BP_NODE_FIGURE: case BP_NODE_INFORMALFIGURE:
        /* A figure of text (a DocBook figure may hold paragraphs) is a
         * group, not a graphic. */
        return draws_image(n) ? "Figure" : "Div";
    case BP_NODE_MEDIAOBJECT:
        if (!draws_image(n))
            return "Div"; /* its text alternative is set instead */
        return p && (p->kind == BP_NODE_FIGURE || p->kind == BP_NODE_INFORMALFIGURE) &&
                       draws_image(p) ? NULL : "Figure";
    case BP_NODE_BIBLIOENTRY: case BP_NODE_BIBLIOMIXED:
        return "BibEntry";
    case BP_NODE_ABSTRACT: case BP_NODE_NOTE: case BP_NODE_WARNING_BLOCK: case BP_NODE_CAUTION:
    case BP_NODE_IMPORTANT: case BP_NODE_TIP: case BP_NODE_SIDEBAR: case BP_NODE_EXAMPLE:
    case BP_NODE_INFORMALEXAMPLE: case BP_NODE_FORMALPARA: case BP_NODE_EQUATION:
    case BP_NODE_INFORMALEQUATION: case BP_NODE_QANDASET: case BP_NODE_QANDAENTRY:
    case BP_NODE_QUESTION: case BP_NODE_ANSWER: case BP_NODE_GLOSSENTRY: case BP_NODE_GLOSSDEF:
    case BP_NODE_PARTINTRO:
        return "Div";
    case BP_NODE_AUTHOR: case BP_NODE_CORPAUTHOR: case BP_NODE_DATE: case BP_NODE_PUBDATE:
    case BP_NODE_ADDRESS_BLOCK:
        return "P";
    default:
        return NULL;
    }
}

/* ---- building the tree ---------------------------------------------------- */

/* Its document position (order) is set when the tree is written
 * (assign_orders). */
static element *new_element(bp_tags *t, const char *type, const bp_node *node, element *parent)
{
    element *e = bp_xcalloc(1, sizeof *e);
    e->type = type;
    e->node = node;
    e->parent = parent;
    e->rank = strcmp(type, "Lbl") == 0 ? 0 : strcmp(type, "LBody") == 0 ? 1 : 2;
    BP_PUSH(t->all, e);
    return e;
}

/* Most elements have one or two kids (a cell, a line of a heading): the
 * array starts small, unlike BP_PUSH's eight. */
static void push_kid(element *e, kid k)
{
    if (e->kids.len == e->kids.cap) {
        e->kids.cap = e->kids.cap ? e->kids.cap * 2 : 2;
        e->kids.items = bp_xrealloc(e->kids.items, e->kids.cap * sizeof *e->kids.items);
    }
    e->kids.items[e->kids.len++] = k;
}

/* Puts e among its parent's kids (and the parent among its own, up the
 * tree) when its first content is marked: elements are made while a line
 * is looked at, but take their place in the order content is marked, which
 * is reading order. */
static void place(element *e)
{
    for (; e && !e->placed && e->parent; e = e->parent) {
        e->placed = true;
        push_kid(e->parent, (kid){.elem = e, .calls = e->calls});
    }
}

/* A list item's content goes into its LBody. */
static element *content_parent(bp_tags *t, element *e)
{
    if (strcmp(e->type, "LI") != 0)
        return e;
    if (!e->body)
        e->body = new_element(t, "LBody", e->node, e);
    return e->body;
}

static element *element_for(bp_tags *t, const bp_node *n);

/* The element n's element goes into: its nearest structural ancestor's. */
static element *parent_element(bp_tags *t, const bp_node *n)
{
    for (const bp_node *a = n->parent; a; a = a->parent)
        if (a != t->doc->root && struct_type(a))
            return content_parent(t, element_for(t, a));
    return t->document;
}

/* The element of structural node n, made on first use with its ancestors. */
static element *element_for(bp_tags *t, const bp_node *n)
{
    if (slot_of(t, n)->elem)
        return slot_of(t, n)->elem;
    element *parent = parent_element(t, n); /* may move the slots */
    element *e = new_element(t, struct_type(n), n, parent);
    slot_of(t, n)->elem = e;
    return e;
}

/* The Link of footnote fn's call, in the element the call stands in. */
static element *call_link(bp_tags *t, const bp_node *fn)
{
    if (slot_of(t, fn)->link)
        return slot_of(t, fn)->link;
    element *link = new_element(t, "Link", fn, parent_element(t, fn));
    link->calls = fn;
    slot_of(t, fn)->link = link;
    return link;
}

/* The element whose content a draw is. */
static element *owner_of(bp_tags *t, const bp_draw *d)
{
    const bp_node *n = d->origin;
    if (d->role == BP_ROLE_TOC) {
        if (!t->toc) {
            /* Where the TOC is set: after the title block, before the
             * first division. */
            t->toc = new_element(t, "TOC", NULL, t->document);
            t->toc->rank = 0;
        }
        const bp_node *div = n;
        while (div && !bp_node_is(div, BP_K_DIVISION))
            div = div->parent;
        if (!div)
            return new_element(t, "TOCI", NULL, t->toc);
        /* One TOCI per division entry. */
        if (!slot_of(t, div)->toc_entry)
            slot_of(t, div)->toc_entry = new_element(t, "TOCI", div, t->toc);
        return slot_of(t, div)->toc_entry;
    }
    if (!n)
        return t->document;
    if (d->role == BP_ROLE_LABEL) {
        if (slot_of(t, n)->label)
            return slot_of(t, n)->label;
        element *owner = struct_type(n) ? element_for(t, n) : parent_element(t, n);
        element *label = new_element(t, "Lbl", n, owner);
        slot_of(t, n)->label = label;
        return label;
    }
    /* A heading's number is drawn for the division: it is the title's. */
    if (bp_node_is(n, BP_K_DIVISION)) {
        const bp_node *title = bp_node_title(n);
        if (title)
            n = title;
    }
    /* A note's call is a Link in the text around it; the Note follows it. */
    if (n->kind == BP_NODE_FOOTNOTE)
        return call_link(t, n);
    for (const bp_node *a = n; a; a = a->parent)
        if (a != t->doc->root && struct_type(a))
            return content_parent(t, element_for(t, a));
    return t->document;
}

bp_tags *bp_tags_new(const bp_doc *doc)
{
    bp_tags *t = bp_xcalloc(1, sizeof *t);
    t->doc = doc;
    t->document = new_element(t, "Document", doc->root, NULL);
    return t;
}

void bp_tags_free(bp_tags *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->all.len; i++) {
        BP_VEC_FREE(t->all.items[i]->kids);
        free(t->all.items[i]);
    }
    BP_VEC_FREE(t->all);
    for (size_t i = 0; i < t->mcids.len; i++)
        BP_VEC_FREE(t->mcids.items[i]);
    BP_VEC_FREE(t->mcids);
    BP_VEC_FREE(t->annotated);
    free(t->page_numbers);
    bp_arena_free(&t->scratch);
    free(t->slots);
    free(t);
}

/* ---- marked content ---------------------------------------------------------- */

void bp_tags_open_artifact(bp_buf *ops) { bp_buf_puts(ops, "/Artifact BMC\n"); }
void bp_tags_close(bp_buf *ops) { bp_buf_puts(ops, "EMC\n"); }

static const char artifact_owner[] = "artifact";

static void open_for(bp_tags *t, size_t page, element *e, bp_buf *ops)
{
    while (t->mcids.len <= page)
        BP_PUSH(t->mcids, ((element_list){0}));
    int mcid = (int)t->mcids.items[page].len;
    BP_PUSH(t->mcids.items[page], e);
    place(e);
    push_kid(e, (kid){.page = page, .mcid = mcid});
    bp_buf_putc(ops, '/');
    bp_buf_puts(ops, e->type);
    bp_buf_puts(ops, "<</MCID ");
    bp_buf_put_uint(ops, (unsigned)mcid);
    bp_buf_puts(ops, ">>BDC\n");
}

void bp_tags_open(bp_tags *t, size_t page, const bp_draw *d, bp_buf *ops)
{
    if (d->role == BP_ROLE_ARTIFACT)
        bp_tags_open_artifact(ops);
    else
        open_for(t, page, owner_of(t, d), ops);
}

const void *bp_tags_owner(bp_tags *t, const bp_draw *d)
{
    return d->role == BP_ROLE_ARTIFACT ? (const void *)artifact_owner : (const void *)owner_of(t, d);
}

void bp_tags_mark(bp_tags *t, size_t page, const bp_draw *d, bp_tags_seq *seq, bp_buf *ops)
{
    const void *owner = bp_tags_owner(t, d);
    if (owner == seq->owner)
        return;
    bp_tags_end(seq, ops);
    if (owner == artifact_owner)
        bp_tags_open_artifact(ops);
    else
        open_for(t, page, (element *)owner, ops);
    seq->owner = owner;
}

void bp_tags_end(bp_tags_seq *seq, bp_buf *ops)
{
    if (seq->owner)
        bp_tags_close(ops);
    seq->owner = NULL;
}

/* ---- writing ------------------------------------------------------------------- */

static int by_order(const void *a, const void *b)
{
    const kid *x = a, *y = b;
    size_t ox = x->elem->order, oy = y->elem->order;
    if (ox != oy)
        return (ox > oy) - (ox < oy);
    return (x->elem->rank > y->elem->rank) - (x->elem->rank < y->elem->rank);
}

/* Kids in reading order. An element with marked content of its own (a
 * paragraph) keeps them as marked, which is reading order: its text and
 * its inline Links in turn. One without (a section, a list) orders its
 * child elements by document position. Either way a footnote's Note comes
 * right after the Link of its call. */
static void order_kids(element *e)
{
    bool marked = false;
    for (size_t i = 0; i < e->kids.len && !marked; i++)
        marked = !e->kids.items[i].elem;
    size_t n = e->kids.len;
    if (n == 0)
        return;
    kid *in = bp_xmalloc(n * sizeof *in);
    memcpy(in, e->kids.items, n * sizeof *in);
    if (!marked) /* stable: elements of one position keep their making order */
        for (size_t i = 1; i < n; i++) {
            kid k = in[i];
            size_t j = i;
            for (; j > 0 && in[j - 1].elem && k.elem && by_order(&in[j - 1], &k) > 0; j--)
                in[j] = in[j - 1];
            in[j] = k;
        }
    /* Notes whose call is here move behind it. */
    bool *moved = bp_xcalloc(n + 1, sizeof *moved);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; in[i].calls && j < n; j++)
            if (in[j].elem && in[j].elem->node == in[i].calls && strcmp(in[j].elem->type, "Note") == 0)
                moved[j] = true;
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        if (moved[i])
            continue;
        e->kids.items[out++] = in[i];
        for (size_t j = 0; in[i].calls && j < n; j++)
            if (moved[j] && in[j].elem->node == in[i].calls)
                e->kids.items[out++] = in[j];
    }
    free(moved);
    free(in);
}

/* The Link an annotation belongs to: that of the link, cross-reference or
 * citation it was made for, a note call's, or a TOC entry's (made here:
 * the TOC's text is its TOCI's, the link a Link inside it). */
static element *link_of(bp_tags *t, const bp_draw *d)
{
    const bp_node *n = d->origin;
    if (d->role == BP_ROLE_TOC) {
        const bp_node *div = n;
        while (div && !bp_node_is(div, BP_K_DIVISION))
            div = div->parent;
        element *entry = div ? slot_of(t, div)->toc_entry : NULL;
        if (!entry)
            return NULL;
        if (!slot_of(t, div)->link)
            slot_of(t, div)->link = new_element(t, "Link", div, entry);
        return slot_of(t, div)->link;
    }
    if (n && n->kind == BP_NODE_FOOTNOTE)
        return call_link(t, n);
    for (const bp_node *a = n; a; a = a->parent) {
        const char *type = a != t->doc->root ? struct_type(a) : NULL;
        if (type && strcmp(type, "Link") == 0)
            return element_for(t, a);
        if (type)
            break;
    }
    return NULL;
}

int bp_tags_annotation(bp_tags *t, size_t page, const bp_draw *d, uint32_t annotation)
{
    element *link = link_of(t, d);
    if (!link) /* a link area with no link source: a Link of its own */
        link = new_element(t, "Link", d->origin,
                           d->origin ? parent_element(t, d->origin) : t->document);
    place(link);
    push_kid(link, (kid){.page = page, .annotation = annotation});
    BP_PUSH(t->annotated, link);
    return (int)(t->n_pages + t->annotated.len - 1);
}

static uint32_t object_number(const void *obj)
{
    return ((const HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF;
}

bool bp_tags_prepare(bp_tags *t, HPDF_Doc pdf, HPDF_Page *pages, size_t n_pages)
{
    HPDF_Dict root = HPDF_Dict_New(pdf->mmgr);
    if (!root || HPDF_Xref_Add(pdf->xref, root) != HPDF_OK)
        return false;
    t->root_number = object_number(root);
    t->page_numbers = bp_xmalloc((n_pages ? n_pages : 1) * sizeof *t->page_numbers);
    t->n_pages = n_pages;
    for (size_t p = 0; p < n_pages; p++) {
        HPDF_Dict_AddNumber(pages[p], "StructParents", (HPDF_INT32)p);
        t->page_numbers[p] = object_number(pages[p]);
    }
    HPDF_Dict mark_info = HPDF_Dict_New(pdf->mmgr);
    HPDF_Dict_AddBoolean(mark_info, "Marked", HPDF_TRUE);
    HPDF_Dict_Add(pdf->catalog, "MarkInfo", mark_info);
    HPDF_Dict_Add(pdf->catalog, "StructTreeRoot", root);
    return true;
}

static bp_buf *new_object(struct bp_pdf_objects *out, uint32_t number)
{
    BP_PUSH(*out, ((bp_pdf_object){.number = number}));
    return &out->items[out->len - 1].body;
}

/* ---- attributes ------------------------------------------------------------ */

/* Position of CALS column `name` among its tgroup's colspecs, or -1. */
static long column_of(const bp_node *cell, const char *name)
{
    if (!name)
        return -1;
    const bp_node *group = cell;
    while (group && group->kind != BP_NODE_TGROUP)
        group = group->parent;
    long i = 0;
    for (const bp_node *c = group ? group->first_child : NULL; c; c = c->next) {
        if (c->kind != BP_NODE_COLSPEC)
            continue;
        const char *colname = bp_node_attr(c, "colname");
        if (colname && strcmp(colname, name) == 0)
            return i;
        i++;
    }
    return -1;
}

static long attr_number(const bp_node *n, const char *name, long fallback)
{
    const char *v = bp_node_attr(n, name);
    return v && *v ? strtol(v, NULL, 10) : fallback;
}

/* A table cell's attributes: a heading's scope, and its spans. */
static void write_cell_attributes(const element *e, bp_buf *b)
{
    const bp_node *n = e->node;
    long first = column_of(n, bp_node_attr(n, "namest"));
    long last = column_of(n, bp_node_attr(n, "nameend"));
    long cols = first >= 0 && last >= first ? last - first + 1 : attr_number(n, "colspan", 1);
    long rows = bp_node_attr(n, "rowspan") ? attr_number(n, "rowspan", 1)
                                           : attr_number(n, "morerows", 0) + 1;
    bool th = strcmp(e->type, "TH") == 0;
    if (!th && cols <= 1 && rows <= 1)
        return;
    bp_buf_puts(b, "/A<</O/Table");
    if (th)
        bp_buf_puts(b, "/Scope/Column");
    if (cols > 1)
        bp_buf_printf(b, "/ColSpan %ld", cols);
    if (rows > 1)
        bp_buf_printf(b, "/RowSpan %ld", rows);
    bp_buf_puts(b, ">>");
}

/* A PDF text string: ASCII in parentheses with \, ( and ) escaped, else
 * UTF-16BE in hex with a byte order mark. */
static void put_text_string(bp_buf *b, const char *s)
{
    if (bp_pdf_text_is_ascii(s)) {
        bp_buf_putc(b, '(');
        for (; *s; s++) {
            if (*s == '\\' || *s == '(' || *s == ')')
                bp_buf_putc(b, '\\');
            bp_buf_putc(b, *s);
        }
        bp_buf_putc(b, ')');
        return;
    }
    bp_buf_puts(b, "<FEFF");
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        size_t used;
        uint32_t cp = bp_utf8_decode(s + i, len - i, &used);
        i += used;
        bp_pdf_put_utf16_hex(b, cp == BP_UTF8_INVALID ? 0xFFFD : cp);
    }
    bp_buf_putc(b, '>');
}

/* n's own text alternative: an alt child, else a textobject's text, else
 * one of its media objects'. */
static const char *alt_in(bp_tags *t, const bp_node *n)
{
    for (const bp_node *c = n->first_child; c; c = c->next)
        if (c->kind == BP_NODE_ALT_EL)
            return bp_node_text(&t->scratch, c);
    for (const bp_node *c = n->first_child; c; c = c->next)
        if (c->kind == BP_NODE_TEXTOBJECT)
            return bp_node_text(&t->scratch, c);
    for (const bp_node *c = n->first_child; c; c = c->next)
        if (c->kind == BP_NODE_MEDIAOBJECT && n->kind != BP_NODE_MEDIAOBJECT) {
            const char *alt = alt_in(t, c);
            if (alt && *alt)
                return alt;
        }
    return NULL;
}

/* A figure's text alternative: its own, or its enclosing figure's. */
static const char *figure_alt(bp_tags *t, const bp_node *n)
{
    const char *alt = alt_in(t, n);
    if ((!alt || !*alt) && n->parent &&
        (n->parent->kind == BP_NODE_FIGURE || n->parent->kind == BP_NODE_INFORMALFIGURE))
        alt = alt_in(t, n->parent);
    return alt;
}

/* "<</S/P/P 12 0 R/Pg 4 0 R/K[0 1 15 0 R]>>": kids in reading order,
 * marked content on the element's page (that of its first) as bare MCIDs. */
static void write_element(bp_tags *t, const element *e, bp_buf *b)
{
    bp_buf_puts(b, "<</S/");
    bp_buf_puts(b, e->type);
    bp_buf_puts(b, "/P ");
    bp_buf_put_ref(b, e->parent ? e->parent->number : t->root_number);
    size_t home = SIZE_MAX;
    for (size_t j = 0; j < e->kids.len && home == SIZE_MAX; j++)
        if (!e->kids.items[j].elem && !e->kids.items[j].annotation)
            home = e->kids.items[j].page;
    if (home != SIZE_MAX) {
        bp_buf_puts(b, "/Pg ");
        bp_buf_put_ref(b, t->page_numbers[home]);
    }
    const bp_node *n = e->node;
    if (n && (strcmp(e->type, "TD") == 0 || strcmp(e->type, "TH") == 0))
        write_cell_attributes(e, b);
    if (n && strcmp(e->type, "Note") == 0 && n->anchor) {
        bp_buf_puts(b, "/ID");
        put_text_string(b, n->anchor);
    }
    if (n && strcmp(e->type, "Figure") == 0) {
        const char *alt = figure_alt(t, n);
        if (alt && *alt) {
            bp_buf_puts(b, "/Alt");
            put_text_string(b, alt);
        }
    }
    const char *lang = n ? bp_node_attr(n, "xml:lang") : NULL;
    if (lang && *lang && (!t->doc->meta.lang || strcmp(lang, t->doc->meta.lang) != 0)) {
        bp_buf_puts(b, "/Lang");
        put_text_string(b, lang);
    }
    bp_buf_puts(b, e->kids.len == 1 ? "/K " : "/K[");
    for (size_t j = 0; j < e->kids.len; j++) {
        const kid *x = &e->kids.items[j];
        if (j)
            bp_buf_putc(b, ' ');
        if (x->elem)
            bp_buf_put_ref(b, x->elem->number);
        else if (x->annotation && x->page == home) /* on the element's /Pg */
            bp_buf_printf(b, "<</Type/OBJR/Obj %u 0 R>>", x->annotation);
        else if (x->annotation)
            bp_buf_printf(b, "<</Type/OBJR/Obj %u 0 R/Pg %u 0 R>>", x->annotation,
                          t->page_numbers[x->page]);
        else if (x->page == home)
            bp_buf_put_uint(b, (unsigned)x->mcid);
        else
            bp_buf_printf(b, "<</Type/MCR/Pg %u 0 R/MCID %d>>", t->page_numbers[x->page],
                          x->mcid);
    }
    bp_buf_puts(b, e->kids.len == 1 ? ">>" : "]>>");
}

static int by_id(const void *a, const void *b)
{
    const element *x = *(element *const *)a, *y = *(element *const *)b;
    return strcmp(x->node->anchor, y->node->anchor);
}

/* /IDTree: each Note's /ID → the Note, keys in byte order (a name tree). */
static void write_id_tree(const bp_tags *t, bp_buf *b)
{
    element_list notes = {0};
    for (size_t i = 0; i < t->all.len; i++) {
        element *e = t->all.items[i];
        if (e->placed && e->node && e->node->anchor && strcmp(e->type, "Note") == 0)
            BP_PUSH(notes, e);
    }
    if (notes.len) {
        qsort(notes.items, notes.len, sizeof *notes.items, by_id);
        bp_buf_puts(b, "/IDTree<</Names[");
        for (size_t i = 0; i < notes.len; i++) {
            put_text_string(b, notes.items[i]->node->anchor);
            bp_buf_printf(b, "%u 0 R", notes.items[i]->number);
        }
        bp_buf_puts(b, "]>>");
    }
    BP_VEC_FREE(notes);
}

/* Elements of one type side by side, in making order within it: their
 * dictionaries differ only in numbers, so the object streams holding them
 * compress better (a tenth smaller for a table-heavy document). */
static int by_type(const void *a, const void *b)
{
    const element *x = *(element *const *)a, *y = *(element *const *)b;
    int c = strcmp(x->type, y->type);
    return c ? c : (x->made > y->made) - (x->made < y->made);
}

void bp_tags_serialize(void *tags, uint32_t first_free, struct bp_pdf_objects *out)
{
    bp_tags *t = tags;
    assign_orders(t);
    /* Elements made while a line was looked at but given no content are
     * left out. */
    element_list written = {0};
    for (size_t i = 0; i < t->all.len; i++) {
        element *e = t->all.items[i];
        e->made = i;
        if (e == t->document || e->placed)
            BP_PUSH(written, e);
    }
    qsort(written.items, written.len, sizeof *written.items, by_type);
    for (size_t i = 0; i < written.len; i++)
        written.items[i]->number = first_free + (uint32_t)i;
    uint32_t parent_tree = first_free + (uint32_t)written.len;
    for (size_t i = 0; i < written.len; i++) {
        order_kids(written.items[i]);
        write_element(t, written.items[i], new_object(out, written.items[i]->number));
    }
    BP_VEC_FREE(written);
    /* ParentTree: page i (its /StructParents) → the element of each MCID. */
    bp_buf *pt = new_object(out, parent_tree);
    bp_buf_puts(pt, "<</Nums[");
    for (size_t p = 0; p < t->n_pages; p++) {
        if (p)
            bp_buf_putc(pt, ' ');
        bp_buf_put_uint(pt, p);
        bp_buf_putc(pt, '[');
        for (size_t i = 0; p < t->mcids.len && i < t->mcids.items[p].len; i++) {
            if (i)
                bp_buf_putc(pt, ' ');
            bp_buf_put_ref(pt, t->mcids.items[p].items[i]->number);
        }
        bp_buf_putc(pt, ']');
    }
    /* Each annotation (its /StructParent) → its Link. */
    for (size_t i = 0; i < t->annotated.len; i++)
        bp_buf_printf(pt, " %zu %u 0 R", t->n_pages + i, t->annotated.items[i]->number);
    bp_buf_puts(pt, "]>>");
    bp_buf *root = new_object(out, t->root_number);
    bp_buf_printf(root,
                  "<</Type/StructTreeRoot/K %u 0 R/ParentTree %u 0 R/ParentTreeNextKey %zu",
                  t->document->number, parent_tree, t->n_pages + t->annotated.len);
    write_id_tree(t, root);
    bp_buf_puts(root, ">>");
}
