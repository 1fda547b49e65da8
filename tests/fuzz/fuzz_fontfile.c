/*
 * tests/fuzz/fuzz_fontfile.c — libFuzzer target for the font check and
 * subsetter (render/fontfile.c): arbitrary bytes as a font file must be
 * refused with a reason or subset into a font that passes the same check,
 * never read out of bounds.
 *
 * Build with -DBP_FUZZ=ON (clang); replay.c runs the same function over
 * the shipped fonts as an ordinary test.
 */
#include "render/fontfile.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Latin with accents (composite glyphs), Thai, Hangul, CJK, and two
     * characters beyond the BMP. */
    static const uint32_t text[] = {' ', 'A', 'V', 'f', 0xE9, 0x1EA0, 0xFB01, 0x0E01, 0xAC00,
                                    0x4E00, 0x10400, 0x1F67C};
    const char *why = NULL;
    if (!bp_fontfile_check(data, size, &why))
        return why ? 0 : (abort(), 0);
    unsigned char *sub = NULL;
    size_t sub_len = 0;
    if (bp_fontfile_subset(data, size, text, sizeof text / sizeof text[0], &sub, &sub_len, &why)) {
        if (!bp_fontfile_check(sub, sub_len, &why))
            abort(); /* a subset the PDF could not embed */
    } else if (!why) {
        abort();
    }
    free(sub);
    return 0;
}
