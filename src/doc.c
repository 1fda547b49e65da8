/*
 * doc.c — document lifetime and anchor lookup.
 */
#include "doc.h"

#include "base/hash.h"

#include <stdlib.h>
#include <string.h>

void bp_doc_init(bp_doc *doc, const bp_options *opts, bp_diag_sink *diags)
{
    memset(doc, 0, sizeof(*doc));
    doc->opts = opts;
    doc->diags = diags;
    doc->settings = (bp_settings){.toc_depth = 2, .ibid = true};
}

void bp_doc_free(bp_doc *doc)
{
    bp_arena_free(&doc->arena);
    memset(doc, 0, sizeof(*doc));
}

static size_t hash_id(const char *id) { return (size_t)bp_hash_str(BP_HASH_SEED, id); }

/* The index slot holding id, or the empty slot where it would go. */
static size_t *index_slot(const bp_doc *doc, const char *id)
{
    size_t mask = doc->anchor_index_cap - 1;
    for (size_t i = hash_id(id) & mask;; i = (i + 1) & mask) {
        size_t *slot = &doc->anchor_index[i];
        if (*slot == 0 || strcmp(doc->anchors[*slot - 1].id, id) == 0)
            return slot;
    }
}

void bp_doc_index_anchors(bp_doc *doc)
{
    bp_doc_unindex_anchors(doc);
    size_t cap = 16;
    while (cap < 2 * doc->n_anchors)
        cap *= 2;
    doc->anchor_index = bp_xcalloc(cap, sizeof *doc->anchor_index);
    doc->anchor_index_cap = cap;
    for (size_t i = 0; i < doc->n_anchors; i++) {
        if (!doc->anchors[i].id)
            continue;
        size_t *slot = index_slot(doc, doc->anchors[i].id);
        if (*slot == 0)
            *slot = i + 1; /* the first of equal ids wins */
    }
}

void bp_doc_unindex_anchors(bp_doc *doc)
{
    free(doc->anchor_index);
    doc->anchor_index = NULL;
    doc->anchor_index_cap = 0;
}

const bp_anchor *bp_doc_anchor(const bp_doc *doc, const char *id)
{
    if (!id)
        return NULL;
    if (doc->anchor_index_cap) {
        size_t slot = *index_slot(doc, id);
        return slot ? &doc->anchors[slot - 1] : NULL;
    }
    for (size_t i = 0; i < doc->n_anchors; i++)
        if (doc->anchors[i].id && strcmp(doc->anchors[i].id, id) == 0)
            return &doc->anchors[i];
    return NULL;
}

bp_path_policy bp_doc_path_policy(const bp_doc *doc)
{
    const bp_options *o = doc->opts;
    return (bp_path_policy){doc->path, o ? o->allowed_paths : NULL, o ? o->n_allowed_paths : 0};
}

void bp_doc_depend(const bp_doc *doc, const char *path)
{
    bp_dependencies *deps = doc->opts ? doc->opts->dependencies : NULL;
    if (!deps || !path || !*path)
        return;
    for (size_t i = 0; i < deps->len; i++)
        if (strcmp(deps->paths[i], path) == 0)
            return;
    if (deps->len == deps->cap) {
        deps->cap = deps->cap ? deps->cap * 2 : 16;
        deps->paths = bp_xrealloc(deps->paths, deps->cap * sizeof(*deps->paths));
    }
    deps->paths[deps->len++] = bp_xstrdup(path);
}

void bp_dependencies_free(bp_dependencies *deps)
{
    for (size_t i = 0; i < deps->len; i++)
        free(deps->paths[i]);
    free(deps->paths);
    memset(deps, 0, sizeof(*deps));
}
