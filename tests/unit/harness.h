/*
 * tests/unit/harness.h — a minimal test harness: CHECK and a closing
 * "N passed, N failed" line.
 */
#ifndef BP_TEST_HARNESS_H
#define BP_TEST_HARNESS_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int harness_passed, harness_failed;

#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (cond) {                                                                    \
            harness_passed++;                                                          \
        } else {                                                                       \
            harness_failed++;                                                          \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);   \
        }                                                                              \
    } while (0)
#define CHECK_INT(a, b)                                                                \
    do {                                                                               \
        long long va_ = (long long)(a), vb_ = (long long)(b);                          \
        if (va_ == vb_) {                                                              \
            harness_passed++;                                                          \
        } else {                                                                       \
            harness_failed++;                                                          \
            fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__,  \
                    #a, va_, vb_);                                                     \
        }                                                                              \
    } while (0)
#define CHECK_STR(a, b)                                                                \
    do {                                                                               \
        const char *va_ = (a), *vb_ = (b);                                             \
        if (va_ && vb_ && strcmp(va_, vb_) == 0) {                                     \
            harness_passed++;                                                          \
        } else {                                                                       \
            harness_failed++;                                                          \
            fprintf(stderr, "%s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__,        \
                    __LINE__, #a, va_ ? va_ : "(null)", vb_ ? vb_ : "(null)");         \
        }                                                                              \
    } while (0)

static inline int harness_finish(void)
{
    printf("%d passed, %d failed\n", harness_passed, harness_failed);
    return harness_failed ? 1 : 0;
}

#endif
