/*
 * tree/node.c — node construction, lookup and the element-name table.
 */
#include "node.h"

#include "base/buf.h"
#include "base/utf8.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    unsigned flags;
} kind_table[BP_NODE_KIND_COUNT] = {
    [BP_NODE_TEXT] = {"#text", BP_K_INLINE},
    [BP_NODE_UNKNOWN] = {"#unknown", BP_K_INLINE},
#define BP_X_TABLE(kind, name, flags) [BP_NODE_##kind] = {name, flags},
    BP_NODE_KINDS(BP_X_TABLE)
#undef BP_X_TABLE
};

/* The element kinds sorted by name, for a binary search: every parsed
 * element is looked up, and a scan of the table took a twentieth of
 * parsing. Sorted once, whichever thread asks first. */
static bp_node_kind by_name[BP_NODE_KIND_COUNT];
static size_t n_by_name;
static pthread_once_t by_name_once = PTHREAD_ONCE_INIT;

static int compare_kind_names(const void *a, const void *b)
{
    return strcmp(kind_table[*(const bp_node_kind *)a].name,
                  kind_table[*(const bp_node_kind *)b].name);
}

static void sort_kind_names(void)
{
    for (int k = BP_NODE_UNKNOWN + 1; k < BP_NODE_KIND_COUNT; k++)
        by_name[n_by_name++] = (bp_node_kind)k;
    qsort(by_name, n_by_name, sizeof by_name[0], compare_kind_names);
}

bp_node_kind bp_node_kind_from_name(const char *name)
{
    pthread_once(&by_name_once, sort_kind_names);
    size_t lo = 0, hi = n_by_name;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(kind_table[by_name[mid]].name, name);
        if (c == 0)
            return by_name[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return BP_NODE_UNKNOWN;
}

const char *bp_node_kind_name(bp_node_kind kind) { return kind_table[kind].name; }
unsigned bp_node_kind_flags(bp_node_kind kind) { return kind_table[kind].flags; }

bp_node *bp_node_make(bp_arena *a, bp_node_kind kind, const char *name, bp_loc loc)
{
    bp_node *n = BP_NEW(a, bp_node);
    n->kind = kind;
    n->name = name;
    n->loc = loc;
    return n;
}

void bp_node_append_child(bp_node *parent, bp_node *child)
{
    child->parent = parent;
    child->prev = parent->last_child;
    child->next = NULL;
    if (parent->last_child)
        parent->last_child->next = child;
    else
        parent->first_child = child;
    parent->last_child = child;
}

void bp_node_add_attr(bp_arena *a, bp_node *n, const char *name, const char *value)
{
    bp_attr *at = BP_NEW(a, bp_attr);
    at->name = bp_arena_strdup(a, name);
    at->value = bp_arena_strdup(a, value);
    /* Keep source order: append. */
    bp_attr **p = &n->attrs;
    while (*p)
        p = &(*p)->next;
    *p = at;
}

const char *bp_node_attr(const bp_node *n, const char *name)
{
    for (const bp_attr *a = n->attrs; a; a = a->next)
        if (strcmp(a->name, name) == 0)
            return a->value;
    return NULL;
}

const char *bp_node_id(const bp_node *n)
{
    const char *id = bp_node_attr(n, "xml:id");
    return id ? id : bp_node_attr(n, "id");
}

bp_node *bp_node_child(const bp_node *n, bp_node_kind kind)
{
    for (bp_node *c = n->first_child; c; c = c->next)
        if (c->kind == kind)
            return c;
    return NULL;
}

bp_node *bp_node_title(const bp_node *n)
{
    bp_node *t = bp_node_child(n, BP_NODE_TITLE);
    if (t)
        return t;
    if ((n->kind == BP_NODE_TABLE || n->kind == BP_NODE_FIGURE) &&
        (t = bp_node_child(n, BP_NODE_CAPTION)) != NULL)
        return t; /* HTML tables name themselves with <caption> */
    static const bp_node_kind infos[] = {BP_NODE_INFO, BP_NODE_ARTICLEINFO, BP_NODE_BOOKINFO,
                                         BP_NODE_SECTIONINFO};
    for (size_t i = 0; i < sizeof infos / sizeof infos[0]; i++) {
        bp_node *info = bp_node_child(n, infos[i]);
        if (info && (t = bp_node_child(info, BP_NODE_TITLE)))
            return t;
    }
    return NULL;
}

bp_node *bp_node_next_in(const bp_node *root, const bp_node *n)
{
    if (n->first_child)
        return n->first_child;
    while (n && n != root) {
        if (n->next)
            return n->next;
        n = n->parent;
    }
    return NULL;
}

size_t bp_node_text_bytes(const bp_node *root, size_t enough)
{
    size_t total = 0;
    for (const bp_node *n = root; n && total < enough; n = bp_node_next_in(root, n))
        if (n->kind == BP_NODE_TEXT)
            total += strlen(n->text);
    return total;
}

static void collect_text(bp_buf *b, const bp_node *n, const bp_node *root)
{
    if (n->kind == BP_NODE_TEXT) {
        bp_buf_puts(b, n->text);
        return;
    }
    /* Notes and index terms are not part of the text around them. */
    if (n != root && (n->kind == BP_NODE_FOOTNOTE || n->kind == BP_NODE_INDEXTERM ||
                      n->kind == BP_NODE_REMARK))
        return;
    if (n->gentext && !n->first_child) {
        bp_buf_puts(b, n->gentext);
        return;
    }
    for (const bp_node *c = n->first_child; c; c = c->next)
        collect_text(b, c, root);
}

char *bp_node_text(bp_arena *a, const bp_node *n)
{
    bp_buf raw = {0}, out = {0};
    collect_text(&raw, n, n);
    int space = 0;
    for (const char *p = bp_buf_str(&raw); *p; p++) {
        if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
            space = out.len > 0;
            continue;
        }
        if (space)
            bp_buf_putc(&out, ' ');
        space = 0;
        bp_buf_putc(&out, *p);
    }
    char *s = bp_arena_strdup(a, bp_buf_str(&out));
    bp_buf_free(&raw);
    bp_buf_free(&out);
    return s;
}

bp_loc bp_node_text_loc(const bp_node *t, size_t off)
{
    bp_loc loc = t->loc;
    size_t len = strnlen(t->text, off);
    for (size_t i = 0; i < len;) {
        size_t used;
        uint32_t cp = bp_utf8_decode(t->text + i, len - i, &used);
        i += used;
        if (cp == '\n')
            loc.line++, loc.col = 1;
        else
            loc.col++;
    }
    return loc;
}
