/*
 * Unit tests of hyphenation through libhyphen and Debian's en-US patterns.
 */
#include "harness.h"
#include "text/hyphen.h"

#include <stdbool.h>

/* The word with '-' at every allowed break, for readable expectations. */
static const char *marked(bp_hyphenator *h, const char *lang, const char *w, int left, int right)
{
    static char out[128];
    bool points[64];
    size_t len = strlen(w), o = 0;
    bp_hyphenate(h, lang, w, len, left, right, points);
    for (size_t i = 0; i < len; i++) {
        if (points[i])
            out[o++] = '-';
        out[o++] = w[i];
    }
    out[o] = '\0';
    return out;
}

int main(void)
{
    bp_hyphenator *h = bp_hyphenator_new(NULL);
    CHECK_STR(marked(h, "en", "hyphenation", 2, 3), "hy-phen-ation");
    CHECK_STR(marked(h, "en-US", "independence", 2, 3), "in-de-pen-dence");
    CHECK_STR(marked(h, "en", "authoritarian", 2, 3), "au-thor-i-tar-ian");
    /* Minimum fragments: nothing closer than left/right letters to the ends. */
    CHECK_STR(marked(h, "en", "authoritarian", 4, 5), "author-i-tarian");
    /* Languages without installed patterns are not hyphenated. */
    CHECK_STR(marked(h, "xx", "hyphenation", 2, 3), "hyphenation");
    CHECK_STR(marked(h, NULL, "hyphenation", 2, 3), "hyphenation");
    /* Short words stay whole. */
    CHECK_STR(marked(h, "en", "the", 2, 3), "the");
    bp_hyphenator_free(h);
    return harness_finish();
}
