/*
 * base/arena.h — bump allocation for everything a document owns.
 *
 * Every node, string, style, line and page of one document lives in one
 * arena and is released at once by bp_arena_free(). Allocation never fails:
 * out of memory aborts with a message (there is nothing sensible to recover).
 */
#ifndef BP_BASE_ARENA_H
#define BP_BASE_ARENA_H

#include <stddef.h>

typedef struct bp_arena_chunk bp_arena_chunk;
typedef struct bp_arena {
    bp_arena_chunk *head;
} bp_arena;

void *bp_xmalloc(size_t size);
void *bp_xcalloc(size_t n, size_t size);
void *bp_xrealloc(void *p, size_t size);
char *bp_xstrdup(const char *s);

/* Zeroed memory aligned for any type; lives until bp_arena_free(). */
void *bp_arena_alloc(bp_arena *a, size_t size);
char *bp_arena_strdup(bp_arena *a, const char *s);
char *bp_arena_strndup(bp_arena *a, const char *s, size_t n);
char *bp_arena_printf(bp_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void bp_arena_free(bp_arena *a);
/* Moves everything allocated in from into to (freed with it); from is left
 * empty. */
void bp_arena_adopt(bp_arena *to, bp_arena *from);

#define BP_NEW(arena, type) ((type *)bp_arena_alloc((arena), sizeof(type)))
#define BP_NEW_ARRAY(arena, type, n) ((type *)bp_arena_alloc((arena), sizeof(type) * (n)))

/* A growable array of any element type: BP_VEC(int) v = {0}; BP_PUSH(v, 3); */
#define BP_VEC(type) struct { type *items; size_t len, cap; }
#define BP_PUSH(v, value)                                                              \
    do {                                                                               \
        if ((v).len == (v).cap) {                                                      \
            (v).cap = (v).cap ? (v).cap * 2 : 8;                                       \
            (v).items = bp_xrealloc((v).items, (v).cap * sizeof(*(v).items));          \
        }                                                                              \
        (v).items[(v).len++] = (value);                                                \
    } while (0)
#define BP_VEC_FREE(v) (free((v).items), (v).items = NULL, (v).len = (v).cap = 0)

#endif
