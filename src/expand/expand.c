/*
 * expand/expand.c — the membership appendix, generated from data.
 */
#include "expand.h"

#include "base/buf.h"
#include "parse/data.h"

#include <stdlib.h>
#include <string.h>

typedef struct builder {
    bp_doc *doc;
    bp_loc loc; /* generated nodes point at the instruction that asked for them */
} builder;

static bp_node *el(builder *b, bp_node *parent, const char *name)
{
    bp_node *n = bp_node_make(&b->doc->arena, bp_node_kind_from_name(name), name, b->loc);
    if (parent)
        bp_node_append_child(parent, n);
    return n;
}

static bp_node *el_text(builder *b, bp_node *parent, const char *name, const char *text)
{
    bp_node *n = el(b, parent, name);
    if (text && *text) {
        bp_node *t = bp_node_make(&b->doc->arena, BP_NODE_TEXT, "#text", b->loc);
        t->text = text;
        bp_node_append_child(n, t);
    }
    return n;
}

static void set_attr(builder *b, bp_node *n, const char *name, const char *value)
{
    bp_node_add_attr(&b->doc->arena, n, name, value);
}

static const char *status_text(builder *b, const bp_membership *m)
{
    static const char *const names[] = {
        [BP_MEMBER] = "Member",     [BP_ASSOCIATE] = "Associate member",
        [BP_OBSERVER] = "Observer", [BP_ACCEDING] = "Acceding",
        [BP_FORMER] = "Former member", [BP_NOT_MEMBER] = "Not a member"};
    const char *s = names[m->status];
    return m->status_note ? bp_arena_printf(&b->doc->arena, "%s (%s)", s, m->status_note) : s;
}

static const bp_membership *find_member(const bp_organization *o, const char *state)
{
    for (size_t i = 0; i < o->n_members; i++)
        if (strcmp(o->members[i].state, state) == 0)
            return &o->members[i];
    return NULL;
}

/* The other organizations the state belongs to, as acronyms. */
static const char *also_in(builder *b, const bp_memberships *d, const bp_organization *self,
                           const char *state)
{
    bp_buf buf = {0};
    for (size_t i = 0; i < d->n_orgs; i++) {
        const bp_membership *m = &d->orgs[i] == self ? NULL : find_member(&d->orgs[i], state);
        if (m && bp_member_belongs(m->status))
            bp_buf_printf(&buf, "%s%s", buf.len ? ", " : "", d->orgs[i].acronym);
    }
    const char *s = bp_arena_strdup(&b->doc->arena, buf.len ? bp_buf_str(&buf) : "\u2014");
    bp_buf_free(&buf);
    return s;
}

static const char *changes_text(builder *b, const bp_membership *m)
{
    bp_buf buf = {0};
    for (size_t i = 0; i < m->n_changes; i++)
        bp_buf_printf(&buf, "%s%s", i ? "; " : "", m->changes[i].text);
    const char *s = bp_arena_strdup(&b->doc->arena, bp_buf_str(&buf));
    bp_buf_free(&buf);
    return s;
}

/* Members first, alphabetically; then states listed only for a change. */
static int compare_members(const void *pa, const void *pb)
{
    const bp_membership *a = *(const bp_membership *const *)pa;
    const bp_membership *b = *(const bp_membership *const *)pb;
    int ba = bp_member_belongs(a->status), bb = bp_member_belongs(b->status);
    if (ba != bb)
        return bb - ba;
    return strcmp(a->state, b->state);
}

/* Generated tables give no column widths: the table engine sizes columns
 * to their content. */
static bp_node *table_head(builder *b, bp_node *table, const char *title, const char *const *cols,
                           size_t n)
{
    el_text(b, table, "title", title);
    bp_node *tg = el(b, table, "tgroup");
    set_attr(b, tg, "cols", bp_arena_printf(&b->doc->arena, "%zu", n));
    for (size_t i = 0; i < n; i++) {
        bp_node *cs = el(b, tg, "colspec");
        set_attr(b, cs, "colname", bp_arena_printf(&b->doc->arena, "c%zu", i + 1));
    }
    bp_node *row = el(b, el(b, tg, "thead"), "row");
    for (size_t i = 0; i < n; i++)
        el_text(b, row, "entry", cols[i]);
    return el(b, tg, "tbody");
}

static void organization_section(builder *b, bp_node *parent, const bp_memberships *d,
                                 const bp_organization *o)
{
    bp_arena *a = &b->doc->arena;
    bp_node *sec = el(b, parent, "section");
    set_attr(b, sec, "xml:id", bp_arena_printf(a, "sec-mem-%s", o->id));
    el_text(b, sec, "title", bp_arena_printf(a, "%s (%s)", o->name, o->acronym));
    el_text(b, sec, "para", o->founded);
    for (size_t i = 0; i < o->n_notes; i++)
        el_text(b, sec, "para", o->notes[i]);
    bp_node *table = el(b, sec, "table");
    set_attr(b, table, "xml:id", bp_arena_printf(a, "tab-%s", o->id));
    set_attr(b, table, "frame", "topbot");
    static const char *const cols[] = {"Member state", "Status", "Since", "Also in",
                                       "Later changes"};
    bp_node *body = table_head(b, table,
                               bp_arena_printf(a, "Member states of the %s, %s", o->acronym, d->as_of),
                               cols, 5);
    const bp_membership **sorted = bp_xmalloc((o->n_members + 1) * sizeof(*sorted));
    for (size_t i = 0; i < o->n_members; i++)
        sorted[i] = &o->members[i];
    qsort(sorted, o->n_members, sizeof(*sorted), compare_members);
    for (size_t i = 0; i < o->n_members; i++) {
        const bp_membership *m = sorted[i];
        bp_node *row = el(b, body, "row");
        el_text(b, row, "entry", m->state);
        el_text(b, row, "entry", status_text(b, m));
        el_text(b, row, "entry", m->since ? m->since : "");
        el_text(b, row, "entry", bp_member_belongs(m->status) ? also_in(b, d, o, m->state) : "");
        el_text(b, row, "entry", changes_text(b, m));
    }
    free(sorted);
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every state × every organization, at as-of. */
static void matrix_section(builder *b, bp_node *parent, const bp_memberships *d)
{
    bp_arena *a = &b->doc->arena;
    BP_VEC(const char *) states = {0};
    for (size_t i = 0; i < d->n_orgs; i++)
        for (size_t j = 0; j < d->orgs[i].n_members; j++) {
            const char *s = d->orgs[i].members[j].state;
            bool seen = false;
            for (size_t k = 0; k < states.len && !seen; k++)
                seen = strcmp(states.items[k], s) == 0;
            if (!seen)
                BP_PUSH(states, s);
        }
    qsort(states.items, states.len, sizeof(char *), compare_strings);
    bp_node *sec = el(b, parent, "section");
    set_attr(b, sec, "xml:id", "sec-mem-matrix");
    el_text(b, sec, "title", "Memberships at a Glance");
    el_text(b, sec, "para",
            bp_arena_printf(a, "Each state named above and its status in each organization "
                               "as of %s; an empty cell means the state does not belong.",
                            d->as_of));
    bp_node *table = el(b, sec, "table");
    set_attr(b, table, "xml:id", "tab-memberships");
    set_attr(b, table, "frame", "topbot");
    const char **cols = bp_xmalloc((d->n_orgs + 2) * sizeof(char *));
    cols[0] = "State";
    for (size_t i = 0; i < d->n_orgs; i++)
        cols[i + 1] = d->orgs[i].acronym;
    bp_node *body = table_head(b, table, bp_arena_printf(a, "Memberships, %s", d->as_of),
                               (const char *const *)cols, d->n_orgs + 1);
    static const char *const short_status[] = {
        [BP_MEMBER] = "Member",     [BP_ASSOCIATE] = "Associate", [BP_OBSERVER] = "Observer",
        [BP_ACCEDING] = "Acceding", [BP_FORMER] = "Former",       [BP_NOT_MEMBER] = ""};
    for (size_t k = 0; k < states.len; k++) {
        bp_node *row = el(b, body, "row");
        el_text(b, row, "entry", states.items[k]);
        for (size_t i = 0; i < d->n_orgs; i++) {
            const bp_membership *m = find_member(&d->orgs[i], states.items[k]);
            el_text(b, row, "entry", m ? short_status[m->status] : "");
        }
    }
    free(cols);
    BP_VEC_FREE(states);
}

/* Pseudo-attribute NAME="value" of a processing instruction's data. */
static const char *pi_attr(bp_arena *a, const char *data, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = strstr(data, name); p; p = strstr(p + 1, name)) {
        if ((p == data || p[-1] == ' ') && p[n] == '=' && (p[n + 1] == '"' || p[n + 1] == '\'')) {
            const char *v = p + n + 2, *end = strchr(v, p[n + 1]);
            if (end)
                return bp_arena_strndup(a, v, (size_t)(end - v));
        }
    }
    return NULL;
}

static bool expand_memberships(bp_doc *doc, bp_node *pi)
{
    const char *file = pi_attr(&doc->arena, pi->text, "data");
    if (!file) {
        bp_diag_emit(doc->diags, BP_ERROR, "pi-syntax", pi->loc,
                     "<?briefpress-memberships?> needs data=\"FILE.xml\"");
        return false;
    }
    const char *base = pi->loc.file ? pi->loc.file : "";
    const char *slash = strrchr(base, '/');
    const char *path = file[0] == '/' || !slash
                           ? file
                           : bp_arena_printf(&doc->arena, "%.*s/%s", (int)(slash - base), base, file);
    bp_memberships *data = bp_parse_memberships(doc, path, pi->loc);
    if (!data)
        return false;
    builder b = {doc, pi->loc};
    /* Build under a scratch parent, then splice in place of the instruction. */
    bp_node *holder = el(&b, NULL, "section");
    for (size_t i = 0; i < data->n_orgs; i++)
        organization_section(&b, holder, data, &data->orgs[i]);
    matrix_section(&b, holder, data);
    bp_node *parent = pi->parent, *next = pi->next, *prev = pi->prev;
    bp_node *first = holder->first_child, *last = holder->last_child;
    for (bp_node *c = first; c; c = c->next)
        c->parent = parent;
    first->prev = prev;
    last->next = next;
    if (prev)
        prev->next = first;
    else
        parent->first_child = first;
    if (next)
        next->prev = last;
    else
        parent->last_child = last;
    bp_check_memberships(doc, data);
    return true;
}

bp_status bp_expand(bp_doc *doc)
{
    bool ok = true;
    for (bp_node *n = doc->root; n;) {
        /* Computed before n leaves the tree: a replaced instruction keeps its
         * links to where it stood, so the walk goes on from there. */
        bp_node *next = bp_node_next_in(doc->root, n);
        if (n->kind == BP_NODE_PI && strcmp(n->name, "briefpress-memberships") == 0 && n->parent)
            ok &= expand_memberships(doc, n);
        n = next;
    }
    return ok ? BP_OK : BP_ERR_INPUT;
}
