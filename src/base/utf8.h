/*
 * base/utf8.h — UTF-8 decoding and encoding.
 */
#ifndef BP_BASE_UTF8_H
#define BP_BASE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BP_UTF8_INVALID 0xFFFFFFFFu

/* The multi-byte part of bp_utf8_decode. */
uint32_t bp_utf8_decode_multibyte(const char *s, size_t n, size_t *used);

/* Decodes one code point at s (n bytes available); sets *used to the bytes
 * consumed (at least 1). Returns BP_UTF8_INVALID on malformed input.
 * Inline for ASCII: layout and rendering decode every character. */
static inline uint32_t bp_utf8_decode(const char *s, size_t n, size_t *used)
{
    if (n > 0 && (unsigned char)s[0] < 0x80) {
        *used = 1;
        return (unsigned char)s[0];
    }
    return bp_utf8_decode_multibyte(s, n, used);
}
/* Whether s[0..n) is well-formed UTF-8 (no overlong forms, surrogates or
 * code points past U+10FFFF), as PCRE2 requires of its subjects. */
bool bp_utf8_valid(const char *s, size_t n);
/* Writes cp as UTF-8 into out (at least 4 bytes); returns the byte count. */
size_t bp_utf8_encode(uint32_t cp, char *out);
/* Is cp a space that separates words (not a no-break space)? */
int bp_utf8_is_break_space(uint32_t cp);

#endif
