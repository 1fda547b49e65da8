/*
 * Unit tests of hyphenation through libhyphen and Debian's en-US patterns.
 */
#include "harness.h"
#include "text/hyphen.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

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

/* Copies the pattern file into a fresh folder, so a hyphenator pointed
 * there loads it with libhyphen instead of using the compiled-in copy. */
static char *copy_patterns(const char *src)
{
    static char dir[] = "/tmp/bp-hyphen-XXXXXX";
    if (!mkdtemp(dir))
        return NULL;
    char dst[256];
    snprintf(dst, sizeof dst, "%s/hyph_en_US.dic", dir);
    FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
    char buf[8192];
    size_t n;
    while (in && out && (n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, out);
    if (in)
        fclose(in);
    if (out)
        fclose(out);
    return dir;
}

static void remove_copy(const char *dir)
{
    char path[256];
    snprintf(path, sizeof path, "%s/hyph_en_US.dic", dir);
    unlink(path);
    rmdir(dir);
}

/* Every word of `text_path` breaks the same with the compiled-in patterns
 * as with the pattern file loaded at run time. */
static void check_frozen_matches_loaded(const char *text_path)
{
    char *dir = copy_patterns("/usr/share/hyphen/hyph_en_US.dic");
    CHECK(dir != NULL);
    if (!dir)
        return;
    bp_hyphenator *frozen = bp_hyphenator_new(NULL), *loaded = bp_hyphenator_new(dir);
    FILE *f = fopen(text_path, "r");
    CHECK(f != NULL);
    char word[64];
    size_t len = 0, n_words = 0, n_differ = 0;
    int c;
    while (f && (c = fgetc(f)) != EOF) {
        if (isalpha(c) && len + 1 < sizeof word) {
            word[len++] = (char)tolower(c);
            continue;
        }
        word[len] = '\0';
        if (len >= 4) {
            char a[128];
            snprintf(a, sizeof a, "%s", marked(frozen, "en-US", word, 2, 3));
            n_differ += strcmp(a, marked(loaded, "en-US", word, 2, 3)) != 0;
            n_words++;
        }
        len = 0;
    }
    if (f)
        fclose(f);
    CHECK(n_words > 1000);
    CHECK(n_differ == 0);
    bp_hyphenator_free(frozen);
    bp_hyphenator_free(loaded);
    remove_copy(dir);
}

int main(int argc, char **argv)
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
    if (argc > 1)
        check_frozen_matches_loaded(argv[1]);
    return harness_finish();
}
