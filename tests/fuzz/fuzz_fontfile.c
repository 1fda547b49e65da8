/*
 * tests/fuzz/fuzz_fontfile.c — libFuzzer target for the font table reader
 * (base/sfnt.c), the font check and the subsetter (render/fontfile.c):
 * arbitrary bytes as a font file must be refused with a reason, or read
 * (every glyph the cmap gives within the font, its advance, the metrics
 * and the name) and subset into a font that passes the same check, never
 * read out of bounds.
 *
 * Build with -DBP_FUZZ=ON (clang); replay.c runs the same function over
 * the shipped fonts as an ordinary test.
 */
#include "base/sfnt.h"
#include "render/fontfile.h"

#include <stdint.h>
#include <stdlib.h>

/* Everything the reader answers, over the code points a cmap most often
 * holds, a symbol font's page and some beyond the BMP. */
static void read_all(const uint8_t *data, size_t size)
{
    bp_sfnt f;
    const char *why = NULL;
    if (!bp_sfnt_open(&f, data, size, &why)) {
        if (!why)
            abort();
        return;
    }
    unsigned sum = 0;
    for (uint32_t cp = 0; cp < 0x20000; cp += cp < 0x800 || (cp >= 0xF000 && cp < 0xF100) ? 1 : 97) {
        unsigned gid = bp_sfnt_glyph(&f, cp);
        if (gid >= f.n_glyphs)
            abort(); /* layout would read metrics past the font's */
        sum += bp_sfnt_advance(&f, gid);
    }
    sum += bp_sfnt_advance(&f, f.n_glyphs - 1);
    bp_sfnt_metrics m = bp_sfnt_vertical_metrics(&f);
    char name[64];
    bp_sfnt_postscript_name(&f, name, sizeof name);
    if (m.ascender < 0 || m.descender > 0 || f.upem < 16 || f.upem > 16384)
        abort();
    (void)sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Latin with accents (composite glyphs), Thai, Hangul, CJK, and two
     * characters beyond the BMP. */
    static const uint32_t text[] = {' ', 'A', 'V', 'f', 0xE9, 0x1EA0, 0xFB01, 0x0E01, 0xAC00,
                                    0x4E00, 0x10400, 0x1F67C};
    read_all(data, size);
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
