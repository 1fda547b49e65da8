/*
 * base/jit.h — whether to JIT-compile regular expressions: only for text
 * enough to pay for the compiling, and not under valgrind.
 *
 * Not under valgrind: PCRE2's generated code reads ahead of the subject by
 * design, and valgrind, which cannot see that the bytes are never used,
 * reports every match. The interpreter gives the same matches.
 */
#ifndef BP_BASE_JIT_H
#define BP_BASE_JIT_H

#include <stdbool.h>
#include <stddef.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif

/* JIT-compiling a pattern costs more than its matches save on the text of
 * a brief: the membership check's two patterns took 0.3 ms to compile,
 * the typography rules 0.35 ms, on 15 KB of text. Over a 200-page
 * document's 490 KB, JIT is 1 ms (membership) and 12 ms (typography)
 * faster. Below this much text, patterns are interpreted. */
#define BP_JIT_MIN_TEXT ((size_t)64 * 1024)

static inline bool bp_jit_wanted(void)
{
#ifdef RUNNING_ON_VALGRIND
    return !RUNNING_ON_VALGRIND;
#else
    return true;
#endif
}

/* Whether to JIT-compile patterns to be run over text_bytes of text. */
static inline bool bp_jit_worth(size_t text_bytes)
{
    return text_bytes >= BP_JIT_MIN_TEXT && bp_jit_wanted();
}

#endif
