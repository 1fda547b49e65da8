/*
 * base/jit.h — whether to JIT-compile regular expressions.
 *
 * Not under valgrind: PCRE2's generated code reads ahead of the subject by
 * design, and valgrind, which cannot see that the bytes are never used,
 * reports every match. The interpreter gives the same matches.
 */
#ifndef BP_BASE_JIT_H
#define BP_BASE_JIT_H

#include <stdbool.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif

static inline bool bp_jit_wanted(void)
{
#ifdef RUNNING_ON_VALGRIND
    return !RUNNING_ON_VALGRIND;
#else
    return true;
#endif
}

#endif
