/*
 * base/hash.h — FNV-1a, the hash of the project's open-addressing tables
 * (ids, anchors, shaped words, hyphenated words) and of subset font tags.
 */
#ifndef BP_BASE_HASH_H
#define BP_BASE_HASH_H

#include <stddef.h>
#include <stdint.h>

#define BP_HASH_SEED 14695981039346656037u

/* Continues hash h over n bytes (start with BP_HASH_SEED, or the seed
 * mixed with what else the key holds). */
static inline uint64_t bp_hash_bytes(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211u;
    return h;
}

/* The same over a NUL-terminated string. */
static inline uint64_t bp_hash_str(uint64_t h, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return h;
}

#endif
