/*
 * resolve/ids.h — the table of element ids (xml:id, or DocBook 4 id).
 */
#ifndef BP_RESOLVE_IDS_H
#define BP_RESOLVE_IDS_H

#include "tree/node.h"

typedef struct bp_id_table bp_id_table;

bp_id_table *bp_ids_new(void);              /* caller: bp_ids_free() */
void bp_ids_free(bp_id_table *t);
/* Adds id → n; returns the node already holding id (and adds nothing), or NULL. */
bp_node *bp_ids_add(bp_id_table *t, const char *id, bp_node *n);
bp_node *bp_ids_lookup(const bp_id_table *t, const char *id); /* borrowed */
/* The known id closest to `id` by edit distance, if close enough to be a
 * likely typo; NULL otherwise. */
const char *bp_ids_suggest(const bp_id_table *t, const char *id);

#endif
