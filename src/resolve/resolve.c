/*
 * resolve/resolve.c — everything that needs the whole tree before layout:
 * ids, division/table/footnote numbers, cross-reference and citation text.
 *
 * Citations follow the Chicago notes style: the first citation of a work is
 * given in full, later ones in short form, and an immediate repeat of the
 * previous citation (within the same or the previous note) becomes "Ibid."
 */
#include "resolve.h"

#include "base/buf.h"
#include "base/image.h"
#include "base/path.h"
#include "ids.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

typedef struct resolver {
    bp_doc *doc;
    bp_arena *a;
    int n_auto_ids;
    int n_footnotes;
    int chapter_note;          /* number printed on the last note */
    const bp_node *note_chapter;
    const bp_node *last_cited; /* entry of the previous citation, for Ibid. */
    int last_cite_note;        /* footnote number it stood in (0 = body) */
    BP_VEC(bp_node *) footnotes;
    /* Bibliography entries with an abbrev, found once, sorted by it. */
    BP_VEC(struct abbrev_entry { const char *abbrev; size_t order; bp_node *entry; }) entries;
    bool entries_found;
} resolver;

static bool is_division(const bp_node *n) { return bp_node_is(n, BP_K_DIVISION); }

static bool is_numbered_division(const bp_node *n)
{
    switch (n->kind) {
    case BP_NODE_BIBLIOGRAPHY: case BP_NODE_SIMPLESECT: case BP_NODE_PREFACE:
    case BP_NODE_DEDICATION: case BP_NODE_COLOPHON: case BP_NODE_GLOSSARY:
    case BP_NODE_GLOSSDIV: case BP_NODE_QANDADIV:
        return false;
    default:
        return is_division(n);
    }
}

static char *roman_label(bp_arena *a, int n)
{
    static const struct {
        int v;
        const char *s;
    } digits[] = {{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"},
                  {50, "L"},   {40, "XL"},  {10, "X"},  {9, "IX"},   {5, "V"},   {4, "IV"},
                  {1, "I"}};
    char buf[64] = "";
    for (size_t i = 0; i < sizeof digits / sizeof digits[0]; i++)
        while (n >= digits[i].v && strlen(buf) < 56) {
            strcat(buf, digits[i].s);
            n -= digits[i].v;
        }
    return bp_arena_strdup(a, buf);
}

/* ---- ids ------------------------------------------------------------------ */

static void collect_ids(resolver *r)
{
    bp_doc *doc = r->doc;
    doc->ids = bp_ids_new();
    for (bp_node *n = doc->root; n; n = bp_node_next_in(doc->root, n)) {
        const char *id = bp_node_id(n);
        if (!id)
            continue;
        bp_node *first = bp_ids_add(doc->ids, id, n);
        if (first) {
            bp_diag_emit(doc->diags, BP_ERROR, "id-duplicate", n->loc,
                         "duplicate id \"%s\" (first defined at %s:%u:%u)", id,
                         first->loc.file ? first->loc.file : "?", first->loc.line, first->loc.col);
            continue;
        }
        n->anchor = id;
    }
}

/* An id for an element links must reach (a note, a division), unless it
 * has one: one no source id uses, entered in the id table so a link's
 * target is found by its id like any other. */
static void give_anchor(resolver *r, bp_node *n)
{
    if (n->anchor)
        return;
    do
        n->anchor = bp_arena_printf(r->a, "_bp%d", ++r->n_auto_ids);
    while (bp_ids_add(r->doc->ids, n->anchor, n));
}

/* ---- numbering -------------------------------------------------------------- */

static char *letter_label(bp_arena *a, int n)
{
    char buf[16];
    int len = 0;
    for (n = n - 1; len < 15; n = n / 26 - 1) { /* A..Z, AA.. */
        buf[len++] = (char)('A' + n % 26);
        if (n < 26)
            break;
    }
    char out[16];
    for (int i = 0; i < len; i++)
        out[i] = buf[len - 1 - i];
    out[len] = '\0';
    return bp_arena_strdup(a, out);
}

static void number_divisions(resolver *r, bp_node *parent, const char *prefix, int level,
                             bool numbered)
{
    int n_divisions = 0, n_appendices = 0, n_parts = 0;
    for (bp_node *c = parent->first_child; c; c = c->next) {
        if (!is_division(c)) {
            /* A division inside something else (a section in a list item,
             * say) is unnumbered, but still a level below its parent and
             * still a link target. */
            if (bp_node_is(c, BP_K_BLOCK))
                number_divisions(r, c, NULL, level, false);
            continue;
        }
        c->level = level;
        give_anchor(r, c);
        if (!numbered)
            ; /* anchored, not numbered */
        else if (c->kind == BP_NODE_APPENDIX && (level == 1 || parent->kind == BP_NODE_PART))
            c->label = letter_label(r->a, ++n_appendices);
        else if (c->kind == BP_NODE_PART)
            c->label = roman_label(r->a, ++n_parts);
        else if (is_numbered_division(c))
            c->label = prefix ? bp_arena_printf(r->a, "%s.%d", prefix, ++n_divisions)
                              : bp_arena_printf(r->a, "%d", ++n_divisions);
        /* Chapters number on through the parts of a book: a part's label
         * does not prefix them. */
        number_divisions(r, c, c->kind == BP_NODE_PART ? NULL : c->label, level + 1, numbered);
    }
}

/* Tables, figures, examples and equations are numbered within their
 * appendix (A.1, A.2) and 1, 2, … elsewhere, each kind on its own; one walk
 * for all kinds. */
static void number_formal(resolver *r)
{
    static const bp_node_kind kinds[] = {BP_NODE_TABLE, BP_NODE_FIGURE, BP_NODE_EXAMPLE,
                                         BP_NODE_EQUATION};
    enum { N_KINDS = sizeof kinds / sizeof kinds[0] };
    int n_body[N_KINDS] = {0}, n_in_appendix[N_KINDS] = {0};
    const bp_node *appendix[N_KINDS] = {0};
    bp_node *root = r->doc->root;
    for (bp_node *n = root; n; n = bp_node_next_in(root, n)) {
        size_t k = 0;
        while (k < N_KINDS && n->kind != kinds[k])
            k++;
        if (k == N_KINDS)
            continue;
        const bp_node *app = n->parent;
        while (app && app->kind != BP_NODE_APPENDIX)
            app = app->parent;
        if (app && app->label) {
            if (app != appendix[k])
                appendix[k] = app, n_in_appendix[k] = 0;
            n->label = bp_arena_printf(r->a, "%s.%d", app->label, ++n_in_appendix[k]);
        } else {
            n->label = bp_arena_printf(r->a, "%d", ++n_body[k]);
        }
        give_anchor(r, n);
    }
}

const char *bp_resolve_division_label(bp_doc *doc, const bp_node *div)
{
    if (!div->label)
        return NULL;
    if (div->kind == BP_NODE_APPENDIX)
        return bp_arena_printf(&doc->arena, "Appendix %s", div->label);
    if (div->kind == BP_NODE_PART)
        return bp_arena_printf(&doc->arena, "Part %s", div->label);
    return div->label;
}

const char *bp_resolve_number_text(bp_doc *doc, const bp_node *n)
{
    if (!n->label)
        return NULL;
    const char *word = NULL;
    switch (n->kind) {
    case BP_NODE_CHAPTER: word = "Chapter"; break;
    case BP_NODE_APPENDIX: word = "Appendix"; break;
    case BP_NODE_TABLE: word = "Table"; break;
    case BP_NODE_FIGURE: word = "Figure"; break;
    case BP_NODE_EXAMPLE: word = "Example"; break;
    case BP_NODE_EQUATION: word = "Equation"; break;
    case BP_NODE_PART: word = "Part"; break;
    case BP_NODE_FOOTNOTE: word = "note"; break;
    default: word = is_division(n) ? "Section" : NULL; break;
    }
    return word ? bp_arena_printf(&doc->arena, "%s %s", word, n->label) : NULL;
}

/* ---- bibliography entries ----------------------------------------------------- */

typedef struct entry_parts {
    const char *author, *date, *publisher, *misc, *abbrev;
    const bp_node *title, *titleabbrev;
} entry_parts;

static const char *child_text(resolver *r, const bp_node *n, bp_node_kind kind)
{
    const bp_node *c = bp_node_child(n, kind);
    return c ? bp_node_text(r->a, c) : NULL;
}

/* A person's name from <personname> (or DocBook 4 <author>) parts:
 * "Given Surname", or "Surname, Given" for the bibliography. */
static const char *person_name(bp_arena *a, const bp_node *n, bool inverted)
{
    const bp_node *given = bp_node_child(n, BP_NODE_FIRSTNAME);
    if (!given)
        given = bp_node_child(n, BP_NODE_GIVENNAME);
    const bp_node *surname = bp_node_child(n, BP_NODE_SURNAME);
    if (!surname)
        return bp_node_text(a, n);
    const char *sur = bp_node_text(a, surname);
    if (!given)
        return sur;
    const char *giv = bp_node_text(a, given);
    return inverted ? bp_arena_printf(a, "%s, %s", sur, giv) : bp_arena_printf(a, "%s %s", giv, sur);
}

static const char *one_author(bp_arena *a, const bp_node *author, bool inverted);

/* Several authors: "Aho, Alfred V., Ravi Sethi, and Jeffrey D. Ullman"
 * (only the first inverted, as Chicago's bibliography has it). */
static const char *group_authors(bp_arena *a, const bp_node *group, bool inverted)
{
    BP_VEC(const char *) names = {0};
    for (const bp_node *c = group->first_child; c; c = c->next)
        if (c->kind == BP_NODE_AUTHOR || c->kind == BP_NODE_EDITOR || c->kind == BP_NODE_CORPAUTHOR) {
            const char *name = one_author(a, c, inverted && names.len == 0);
            BP_PUSH(names, name);
        }
    bp_buf b = {0};
    for (size_t i = 0; i < names.len; i++)
        bp_buf_printf(&b, "%s%s%s", i == 0 ? "" : names.len == 2 ? " and " : i + 1 == names.len ? ", and " : ", ",
                      "", names.items[i]);
    const char *s = bp_arena_strdup(a, bp_buf_str(&b));
    bp_buf_free(&b);
    BP_VEC_FREE(names);
    return s;
}

const char *bp_resolve_author(bp_arena *a, const bp_node *entry, bool inverted)
{
    const bp_node *author = bp_node_child(entry, BP_NODE_AUTHOR);
    if (!author) {
        const bp_node *group = bp_node_child(entry, BP_NODE_AUTHORGROUP);
        if (group)
            return group_authors(a, group, inverted);
    }
    if (!author)
        author = bp_node_child(entry, BP_NODE_EDITOR);
    if (!author) {
        const bp_node *corp = bp_node_child(entry, BP_NODE_CORPAUTHOR);
        return corp ? bp_node_text(a, corp) : NULL;
    }
    return one_author(a, author, inverted);
}

static const char *one_author(bp_arena *a, const bp_node *author, bool inverted)
{
    if (author->kind == BP_NODE_CORPAUTHOR)
        return bp_node_text(a, author);
    const bp_node *org = bp_node_child(author, BP_NODE_ORGNAME);
    if (org)
        return bp_node_text(a, org);
    const bp_node *person = bp_node_child(author, BP_NODE_PERSONNAME);
    return person_name(a, person ? person : author, inverted);
}

static entry_parts entry_fields(resolver *r, const bp_node *e)
{
    entry_parts p = {0};
    p.author = bp_resolve_author(r->a, e, false);
    p.date = child_text(r, e, BP_NODE_PUBDATE);
    const bp_node *pub = bp_node_child(e, BP_NODE_PUBLISHER);
    if (pub)
        p.publisher = child_text(r, pub, BP_NODE_PUBLISHERNAME);
    p.misc = child_text(r, e, BP_NODE_BIBLIOMISC);
    p.abbrev = child_text(r, e, BP_NODE_ABBREV);
    p.title = bp_node_child(e, BP_NODE_TITLE);
    if (!p.title)
        p.title = bp_node_child(e, BP_NODE_CITETITLE);
    p.titleabbrev = bp_node_child(e, BP_NODE_TITLEABBREV);
    return p;
}

static bp_node *make_text(resolver *r, bp_node *parent, const char *s)
{
    bp_node *t = bp_node_make(r->a, BP_NODE_TEXT, "#text", parent->loc);
    t->text = bp_arena_strdup(r->a, s);
    bp_node_append_child(parent, t);
    return t;
}

static void make_italic(resolver *r, bp_node *parent, const char *s)
{
    bp_node *em = bp_node_make(r->a, BP_NODE_CITETITLE, "citetitle", parent->loc);
    bp_node_append_child(parent, em);
    make_text(r, em, s);
}

/* A short title: the title abbreviation, else the title up to its colon,
 * cut to four words (Chicago 14.30). */
static const char *short_title(resolver *r, const entry_parts *p)
{
    if (p->titleabbrev)
        return bp_node_text(r->a, p->titleabbrev);
    char *t = bp_node_text(r->a, p->title);
    char *colon = strchr(t, ':');
    if (colon)
        *colon = '\0';
    int words = 0;
    for (char *s = t; *s; s++) {
        if (*s == ' ' && ++words == 4) {
            *s = '\0';
            break;
        }
    }
    size_t n = strlen(t);
    while (n > 0 && (t[n - 1] == ',' || t[n - 1] == ' '))
        t[--n] = '\0';
    return t;
}

static const char *strip_final_period(resolver *r, const char *s)
{
    size_t n = strlen(s);
    return n > 0 && s[n - 1] == '.' ? bp_arena_strndup(r->a, s, n - 1) : s;
}

typedef enum cite_form { CITE_FULL, CITE_SHORT, CITE_IBID } cite_form;

static bool is_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r')
            return false;
    return true;
}

/* Is there text before n in its note? ("see ibid." vs a note that is "Ibid.") */
static bool preceded_by_text(const bp_node *n)
{
    for (; n && n->kind != BP_NODE_FOOTNOTE; n = n->parent)
        for (const bp_node *p = n->prev; p; p = p->prev)
            if (p->kind != BP_NODE_TEXT || !is_blank(p->text))
                return true;
    return false;
}

/* Does the source text right after n start with a period? Then generated
 * text ending in one ("Ibid.") drops its own, so no "Ibid.." appears. */
static bool followed_by_period(const bp_node *n)
{
    return n->next && n->next->kind == BP_NODE_TEXT && n->next->text[0] == '.';
}

static void generate_citation(resolver *r, bp_node *cite, const bp_node *entry, cite_form form,
                              const char *locator)
{
    entry_parts p = entry_fields(r, entry);
    if (form == CITE_IBID) {
        const char *word = preceded_by_text(cite) ? "ibid" : "Ibid";
        if (locator)
            make_text(r, cite, bp_arena_printf(r->a, "%s., %s", word, locator));
        else
            make_text(r, cite, followed_by_period(cite) ? word : bp_arena_printf(r->a, "%s.", word));
        return;
    }
    bp_buf b = {0};
    if (p.author)
        bp_buf_puts(&b, p.author);
    if (p.title) {
        if (p.author)
            bp_buf_puts(&b, ", ");
        make_text(r, cite, bp_buf_str(&b));
        bp_buf_clear(&b);
        make_italic(r, cite, form == CITE_FULL ? bp_node_text(r->a, p.title) : short_title(r, &p));
        if (form == CITE_FULL && (p.publisher || p.date)) {
            bp_buf_printf(&b, " (%s%s%s)", p.publisher ? p.publisher : "",
                          p.publisher && p.date ? ", " : "", p.date ? p.date : "");
        }
    } else if (form == CITE_FULL && p.misc) {
        bp_buf_printf(&b, "%s%s", p.author ? ", " : "", strip_final_period(r, p.misc));
        if (p.date)
            bp_buf_printf(&b, " (%s)", p.date);
    } else if (!p.author) {
        bp_buf_puts(&b, p.abbrev ? p.abbrev : bp_node_id(entry));
    }
    if (locator)
        bp_buf_printf(&b, ", %s", locator);
    if (b.len)
        make_text(r, cite, bp_buf_str(&b));
    bp_buf_free(&b);
}

/* ---- references ----------------------------------------------------------------- */

static const char *link_target_id(const bp_node *n)
{
    const char *id = bp_node_attr(n, "linkend");
    if (!id && n->kind == BP_NODE_XREF)
        id = bp_node_attr(n, "xlink:href");
    if (id && id[0] == '#')
        id++;
    return id;
}

static bp_node *lookup_target(resolver *r, bp_node *n, const char *id)
{
    bp_node *t = bp_ids_lookup(r->doc->ids, id);
    if (t)
        return t;
    const char *near = bp_ids_suggest(r->doc->ids, id);
    if (near)
        bp_diag_emit(r->doc->diags, BP_ERROR, "xref-unresolved", n->loc,
                     "no element with id \"%s\" (did you mean \"%s\"?)", id, near);
    else
        bp_diag_emit(r->doc->diags, BP_ERROR, "xref-unresolved", n->loc,
                     "no element with id \"%s\"", id);
    return NULL;
}

static int by_abbrev(const void *a, const void *b)
{
    const struct abbrev_entry *x = a, *y = b;
    int c = strcmp(x->abbrev, y->abbrev);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* Citations by abbrev look among the entries that have one, collected in a
 * single walk and sorted: walking the tree, or the entries, per citation
 * made long documents quadratic (2,000 pages: 5 s). Of entries sharing an
 * abbrev, the first in the document is cited. */
static bp_node *find_entry_by_abbrev(resolver *r, const char *key)
{
    bp_node *root = r->doc->root;
    if (!r->entries_found) {
        r->entries_found = true;
        for (bp_node *n = root; n; n = bp_node_next_in(root, n)) {
            const bp_node *ab = n->kind == BP_NODE_BIBLIOENTRY || n->kind == BP_NODE_BIBLIOMIXED
                                    ? bp_node_child(n, BP_NODE_ABBREV)
                                    : NULL;
            if (ab)
                BP_PUSH(r->entries, ((struct abbrev_entry){bp_node_text(r->a, ab),
                                                           r->entries.len, n}));
        }
        if (r->entries.len)
            qsort(r->entries.items, r->entries.len, sizeof *r->entries.items, by_abbrev);
    }
    size_t lo = 0, hi = r->entries.len;
    while (lo < hi) { /* the first entry whose abbrev is not below key */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(r->entries.items[mid].abbrev, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < r->entries.len && strcmp(r->entries.items[lo].abbrev, key) == 0
               ? r->entries.items[lo].entry
               : NULL;
}

static int enclosing_note(const bp_node *n)
{
    for (; n; n = n->parent)
        if (n->kind == BP_NODE_FOOTNOTE)
            return n->ordinal;
    return 0;
}

static void resolve_citation(resolver *r, bp_node *n)
{
    bp_node *entry = NULL;
    const char *citation_locator = NULL;
    if (n->kind == BP_NODE_BIBLIOREF) {
        const char *id = link_target_id(n);
        if (!id) {
            bp_diag_emit(r->doc->diags, BP_ERROR, "xref-no-linkend", n->loc,
                         "<biblioref> without linkend");
            return;
        }
        entry = lookup_target(r, n, id);
    } else {
        /* <citation>KEY</citation>, or KEY followed by a locator:
         * <citation>HRW2022, 4–5</citation>. */
        char *key = bp_node_text(r->a, n);
        char *comma = strchr(key, ',');
        if (comma) {
            *comma = '\0';
            citation_locator = comma + 1 + strspn(comma + 1, " ");
        }
        entry = bp_ids_lookup(r->doc->ids, key);
        if (!entry)
            entry = find_entry_by_abbrev(r, key);
        if (!entry) {
            bp_diag_emit(r->doc->diags, BP_ERROR, "citation-unknown", n->loc,
                         "no bibliography entry with id or abbrev \"%s\"", key);
            return;
        }
    }
    if (!entry)
        return;
    if (entry->kind != BP_NODE_BIBLIOENTRY && entry->kind != BP_NODE_BIBLIOMIXED) {
        bp_diag_emit(r->doc->diags, BP_ERROR, "citation-target", n->loc,
                     "\"%s\" is a <%s>, not a bibliography entry", bp_node_id(entry), entry->name);
        return;
    }
    int note = enclosing_note(n);
    cite_form form = entry->ordinal ? CITE_SHORT : CITE_FULL;
    if (r->doc->settings.ibid && r->last_cited == entry && note &&
        (note == r->last_cite_note || note == r->last_cite_note + 1))
        form = CITE_IBID;
    const char *begin = bp_node_attr(n, "begin"), *end = bp_node_attr(n, "end");
    const char *locator =
        begin ? (end ? bp_arena_printf(r->a, "%s\u2013%s", begin, end) : begin) : NULL;
    if (!locator && citation_locator && *citation_locator)
        locator = citation_locator;
    n->first_child = n->last_child = NULL; /* a <citation>'s key is replaced by the citation */
    generate_citation(r, n, entry, form, locator);
    n->target = entry;
    entry->ordinal++;
    r->last_cited = entry;
    r->last_cite_note = note;
}

static void resolve_xref(resolver *r, bp_node *n)
{
    const char *id = link_target_id(n);
    if (!id) {
        if (n->kind == BP_NODE_XREF)
            bp_diag_emit(r->doc->diags, BP_ERROR, "xref-no-linkend", n->loc,
                         "<xref> without linkend");
        return;
    }
    bp_node *t = lookup_target(r, n, id);
    if (!t)
        return;
    n->target = t;
    give_anchor(r, t);
    if (n->kind != BP_NODE_XREF)
        return; /* <link> and <footnoteref> keep their own text */
    const char *endterm = bp_node_attr(n, "endterm");
    const bp_node *term = endterm ? bp_ids_lookup(r->doc->ids, endterm) : NULL;
    const char *xreflabel = bp_node_attr(t, "xreflabel");
    if (term)
        n->gentext = bp_node_text(r->a, term);
    else if (xreflabel)
        n->gentext = xreflabel;
    else if (t->kind == BP_NODE_BIBLIOENTRY || t->kind == BP_NODE_BIBLIOMIXED) {
        /* A reference to a work reads as its short citation. */
        entry_parts p = entry_fields(r, t);
        const char *title = p.title ? short_title(r, &p) : NULL;
        n->gentext = p.author && title ? bp_arena_printf(r->a, "%s, %s", p.author, title)
                     : p.author        ? p.author
                     : title           ? title
                     : p.abbrev        ? p.abbrev
                                       : id;
    } else if ((n->gentext = bp_resolve_number_text(r->doc, t)) == NULL) {
        const bp_node *title = bp_node_title(t);
        n->gentext = title ? bp_node_text(r->a, title) : NULL;
    }
    if (!n->gentext) {
        bp_diag_emit(r->doc->diags, BP_WARNING, "xref-no-text", n->loc,
                     "cannot generate text for a reference to <%s> \"%s\"; using its id",
                     t->name, id);
        n->gentext = id;
    }
}

/* The top-level division holding n (for per-chapter note numbers). */
static const bp_node *top_division(const bp_node *n)
{
    const bp_node *top = NULL;
    for (; n; n = n->parent)
        if (bp_node_is(n, BP_K_DIVISION))
            top = n;
    return top;
}

/* ordinal: the note's place in the document (it indexes the page builder's
 * notes); label: the number printed, which restarts in each top-level
 * division when the style asks for footnote-numbering: chapter. */
static void number_footnote(resolver *r, bp_node *n)
{
    n->ordinal = ++r->n_footnotes;
    const bp_node *chapter = top_division(n);
    if (r->doc->settings.notes_per_chapter && chapter != r->note_chapter) {
        r->note_chapter = chapter;
        r->chapter_note = 0;
    }
    n->label = bp_arena_printf(r->a, "%d", ++r->chapter_note);
    give_anchor(r, n);
    BP_PUSH(r->footnotes, n);
}

/* Footnote numbers first (citations need them for Ibid.), then references,
 * all in document order. */
static void resolve_references(resolver *r)
{
    bp_node *root = r->doc->root;
    for (bp_node *n = root; n; n = bp_node_next_in(root, n))
        if (n->kind == BP_NODE_FOOTNOTE)
            number_footnote(r, n);
    for (bp_node *n = root; n; n = bp_node_next_in(root, n)) {
        switch (n->kind) {
        case BP_NODE_XREF:
        case BP_NODE_LINK:
        case BP_NODE_FOOTNOTEREF:
            resolve_xref(r, n);
            if (n->kind == BP_NODE_FOOTNOTEREF && n->target) {
                if (n->target->kind != BP_NODE_FOOTNOTE)
                    bp_diag_emit(r->doc->diags, BP_ERROR, "footnoteref-target", n->loc,
                                 "<footnoteref> must point to a <footnote>, not <%s>",
                                 n->target->name);
                else
                    n->label = n->target->label;
            }
            break;
        case BP_NODE_BIBLIOREF:
        case BP_NODE_CITATION:
            resolve_citation(r, n);
            break;
        default:
            break;
        }
    }
}

/* ---- bibliography ---------------------------------------------------------------- */

static int compare_entries(const void *pa, const void *pb)
{
    const bp_node *a = *(bp_node *const *)pa, *b = *(bp_node *const *)pb;
    int c = strcmp(a->gentext ? a->gentext : "", b->gentext ? b->gentext : "");
    return c ? c : (a->loc.line > b->loc.line) - (a->loc.line < b->loc.line);
}

/* Sorts each bibliography's entries by author, then title; warns about
 * entries nothing cites. */
static void order_bibliography(resolver *r, bp_node *bib)
{
    BP_VEC(bp_node *) entries = {0};
    for (bp_node *c = bib->first_child; c; c = c->next) {
        if (c->kind != BP_NODE_BIBLIOENTRY && c->kind != BP_NODE_BIBLIOMIXED)
            continue;
        entry_parts p = entry_fields(r, c);
        const char *sort_author = bp_resolve_author(r->a, c, true);
        c->gentext = bp_arena_printf(r->a, "%s\x01%s", sort_author ? sort_author : "",
                                     p.title ? bp_node_text(r->a, p.title) : (p.misc ? p.misc : ""));
        give_anchor(r, c);
        BP_PUSH(entries, c);
        if (c->ordinal == 0)
            bp_diag_emit(r->doc->diags, BP_WARNING, "bibliography-uncited", c->loc,
                         "bibliography entry \"%s\" is never cited",
                         bp_node_id(c) ? bp_node_id(c) : (p.abbrev ? p.abbrev : "?"));
    }
    if (entries.len > 1) {
        qsort(entries.items, entries.len, sizeof(bp_node *), compare_entries);
        /* Re-link: non-entry children first (title, intro), then sorted entries. */
        bp_node *keep = NULL, *c = bib->first_child;
        bib->first_child = bib->last_child = NULL;
        while (c) {
            bp_node *next = c->next;
            if (c->kind != BP_NODE_BIBLIOENTRY && c->kind != BP_NODE_BIBLIOMIXED)
                bp_node_append_child(bib, c);
            c = next;
        }
        (void)keep;
        for (size_t i = 0; i < entries.len; i++)
            bp_node_append_child(bib, entries.items[i]);
    }
    for (size_t i = 0; i < entries.len; i++)
        entries.items[i]->gentext = NULL;
    BP_VEC_FREE(entries);
}

/* ---- metadata and unknown elements ------------------------------------------------- */

static void collect_meta(resolver *r)
{
    bp_node *root = r->doc->root;
    bp_meta *m = &r->doc->meta;
    m->lang = bp_node_attr(root, "xml:lang");
    if (!m->lang)
        m->lang = bp_node_attr(root, "lang");
    bp_node *info = bp_node_child(root, BP_NODE_INFO);
    if (!info)
        info = bp_node_child(root, BP_NODE_ARTICLEINFO);
    if (!info)
        info = bp_node_child(root, BP_NODE_BOOKINFO);
    const bp_node *title = bp_node_title(root);
    if (title)
        m->title = bp_node_text(r->a, title);
    const bp_node *where = info ? info : root;
    m->subtitle = child_text(r, where, BP_NODE_SUBTITLE);
    if (info) {
        const bp_node *author = bp_node_child(info, BP_NODE_AUTHOR);
        if (!author)
            author = bp_node_child(info, BP_NODE_CORPAUTHOR);
        if (!author) {
            const bp_node *group = bp_node_child(info, BP_NODE_AUTHORGROUP);
            author = group ? bp_node_child(group, BP_NODE_AUTHOR) : NULL;
        }
        if (author)
            m->author = bp_node_text(r->a, author);
        m->date = child_text(r, info, BP_NODE_PUBDATE);
        if (!m->date)
            m->date = child_text(r, info, BP_NODE_DATE);
        m->abstract = child_text(r, info, BP_NODE_ABSTRACT);
    }
}

static void warn_unknown_elements(resolver *r)
{
    BP_VEC(const char *) seen = {0};
    bp_node *root = r->doc->root;
    for (bp_node *n = root; n; n = bp_node_next_in(root, n)) {
        if (n->kind != BP_NODE_UNKNOWN)
            continue;
        bool dup = false;
        for (size_t i = 0; i < seen.len && !dup; i++)
            dup = strcmp(seen.items[i], n->name) == 0;
        if (dup)
            continue;
        BP_PUSH(seen, n->name);
        bp_diag_emit(r->doc->diags, BP_WARNING, "unknown-element", n->loc,
                     "unknown element <%s>: its text is set as plain text", n->name);
    }
    BP_VEC_FREE(seen);
}

/* Every image is found and its header checked now, so that a missing or
 * unreadable file is reported at its element before any layout. */
static bool has_alt(const bp_node *n)
{
    for (const bp_node *c = n ? n->first_child : NULL; c; c = c->next)
        if (c->kind == BP_NODE_ALT_EL || c->kind == BP_NODE_TEXTOBJECT)
            return true;
    return false;
}

/* A drawn image is a Figure in the tagged PDF, and PDF/UA wants a text
 * alternative for it: the mediaobject's or figure's alt, or a textobject. */
static void warn_without_alt(resolver *r, const bp_node *imagedata)
{
    const bp_node *media = imagedata;
    while (media && media->kind != BP_NODE_MEDIAOBJECT)
        media = media->parent;
    const bp_node *figure = media ? media->parent : NULL;
    if (figure && figure->kind != BP_NODE_FIGURE && figure->kind != BP_NODE_INFORMALFIGURE)
        figure = NULL;
    if (has_alt(media) || has_alt(figure))
        return;
    bp_diag_emit(r->doc->diags, BP_WARNING, "figure-no-alt", media ? media->loc : imagedata->loc,
                 "an image without a text alternative (<alt> or <textobject>): screen readers "
                 "can say nothing of it");
}

static void check_image(resolver *r, bp_node *n)
{
    const char *ref = bp_node_attr(n, "fileref");
    if (!ref) {
        bp_diag_emit(r->doc->diags, BP_WARNING, "image-no-file", n->loc,
                     "<%s> without fileref: only files can be drawn", n->name);
        return;
    }
    bp_path_policy policy = bp_doc_path_policy(r->doc);
    char real[PATH_MAX];
    int missing = 0, unsupported = 0;
    const char *why = bp_path_resolve(&policy, n->loc.file, ref, real, &missing);
    if (why) {
        bp_diag_emit(r->doc->diags, BP_ERROR, missing ? "image-unreadable" : "image-refused", n->loc,
                     missing ? "cannot read image \"%s\": %s" : "image \"%s\" refused: %s", ref, why);
        return;
    }
    bp_doc_depend(r->doc, real);
    bp_image *img = BP_NEW(r->a, bp_image);
    why = bp_image_probe(bp_arena_strdup(r->a, real), img, &unsupported);
    if (why) {
        bp_diag_emit(r->doc->diags, BP_ERROR, unsupported ? "image-unsupported" : "image-unreadable",
                     n->loc, "image \"%s\" cannot be used: %s", ref, why);
        return;
    }
    n->image = img;
    warn_without_alt(r, n);
}

bp_status bp_resolve(bp_doc *doc)
{
    resolver r = {.doc = doc, .a = &doc->arena};
    size_t errors_before = doc->diags->n_errors;
    collect_ids(&r);
    collect_meta(&r);
    warn_unknown_elements(&r);
    number_divisions(&r, doc->root, NULL, 1, true);
    number_formal(&r);
    resolve_references(&r);
    for (bp_node *n = doc->root; n; n = bp_node_next_in(doc->root, n))
        if (n->kind == BP_NODE_BIBLIOGRAPHY)
            order_bibliography(&r, n);
        else if (n->kind == BP_NODE_IMAGEDATA)
            check_image(&r, n);
    doc->n_footnotes = r.footnotes.len;
    doc->footnotes = BP_NEW_ARRAY(&doc->arena, bp_node *, r.footnotes.len + 1);
    if (r.footnotes.len)
        memcpy(doc->footnotes, r.footnotes.items, r.footnotes.len * sizeof(bp_node *));
    BP_VEC_FREE(r.footnotes);
    BP_VEC_FREE(r.entries);
    return doc->diags->n_errors > errors_before ? BP_ERR_INPUT : BP_OK;
}

void bp_resolve_free(bp_doc *doc)
{
    bp_ids_free(doc->ids);
    doc->ids = NULL;
}
