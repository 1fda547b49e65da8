/*
 * doc.c — document lifetime and anchor lookup.
 */
#include "doc.h"

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

const bp_anchor *bp_doc_anchor(const bp_doc *doc, const char *id)
{
    for (size_t i = 0; id && i < doc->n_anchors; i++)
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
