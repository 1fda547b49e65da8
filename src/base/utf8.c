#include "utf8.h"

uint32_t bp_utf8_decode_multibyte(const char *str, size_t n, size_t *used)
{
    const unsigned char *s = (const unsigned char *)str;
    *used = 1;
    if (n == 0)
        return BP_UTF8_INVALID;
    unsigned char c = s[0];
    if (c < 0x80)
        return c;
    size_t len;
    uint32_t cp, min;
    if ((c & 0xE0) == 0xC0) {
        len = 2, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, cp = c & 0x07, min = 0x10000;
    } else {
        return BP_UTF8_INVALID;
    }
    if (n < len)
        return BP_UTF8_INVALID;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return BP_UTF8_INVALID;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return BP_UTF8_INVALID;
    *used = len;
    return cp;
}

bool bp_utf8_valid(const char *s, size_t n)
{
    for (size_t i = 0, used; i < n; i += used)
        if (bp_utf8_decode(s + i, n - i, &used) == BP_UTF8_INVALID)
            return false;
    return true;
}

size_t bp_utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int bp_utf8_is_break_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
           (cp >= 0x2000 && cp <= 0x200A && cp != 0x2007) || cp == 0x205F || cp == 0x3000;
}
