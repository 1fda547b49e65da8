/*
 * text/hyphen.h — where words may be hyphenated, by language, with
 * libhyphen and the system's pattern files (Debian: /usr/share/hyphen).
 */
#ifndef BP_TEXT_HYPHEN_H
#define BP_TEXT_HYPHEN_H

#include <stdbool.h>
#include <stddef.h>

typedef struct bp_hyphenator bp_hyphenator;

/* Loads patterns lazily per language; caller frees with bp_hyphenator_free. */
bp_hyphenator *bp_hyphenator_new(const char *pattern_dir);
void bp_hyphenator_free(bp_hyphenator *h);

/* Finds the hyphenation points of one word (UTF-8, letters only) in language
 * `lang` (BCP 47, e.g. "en", "en-US"). points[i] is set for each byte offset
 * i at which a break may be taken (the hyphen goes before byte i). Returns
 * the number of points; 0 when the language has no patterns installed or
 * the word is not to be hyphenated. left/right: minimum letters kept on
 * each side. */
size_t bp_hyphenate(bp_hyphenator *h, const char *lang, const char *word, size_t len,
                    int left, int right, bool *points);

#endif
