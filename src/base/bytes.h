/*
 * base/bytes.h — big-endian fields, as font files (OpenType), PNG and JPEG
 * store them.
 */
#ifndef BP_BASE_BYTES_H
#define BP_BASE_BYTES_H

#include <stdint.h>

static inline uint16_t bp_be16(const unsigned char *p)
{
    return (uint16_t)((p[0] << 8) | p[1]);
}

static inline uint32_t bp_be32(const unsigned char *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

#endif
