/*
 * test.h - the few checks our tests need. A failed check prints where and
 * why and the test goes on; TEST_DONE() prints the count and returns the
 * exit status ctest reads.
 */
#ifndef VAKSAM_TEST_H
#define VAKSAM_TEST_H

#include <stdio.h>
#include <string.h>

static int test_checks, test_failed;

#define CHECK(cond)                                                            \
    do {                                                                       \
        test_checks++;                                                         \
        if (!(cond)) {                                                         \
            test_failed++;                                                     \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__,   \
                    #cond);                                                    \
        }                                                                      \
    } while (0)

#define CHECK_INT(a, b)                                                        \
    do {                                                                       \
        long long va_ = (long long)(a), vb_ = (long long)(b);                  \
        test_checks++;                                                         \
        if (va_ != vb_) {                                                      \
            test_failed++;                                                     \
            fprintf(stderr, "%s:%d: %s is %lld, expected %lld\n", __FILE__,    \
                    __LINE__, #a, va_, vb_);                                   \
        }                                                                      \
    } while (0)

#define CHECK_STR(a, b)                                                        \
    do {                                                                       \
        const char *sa_ = (a), *sb_ = (b);                                     \
        test_checks++;                                                         \
        if (!sa_ || !sb_ || strcmp(sa_, sb_) != 0) {                           \
            test_failed++;                                                     \
            fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n",          \
                    __FILE__, __LINE__, #a, sa_ ? sa_ : "(null)",              \
                    sb_ ? sb_ : "(null)");                                     \
        }                                                                      \
    } while (0)

#define CHECK_CONTAINS(hay, needle)                                            \
    do {                                                                       \
        const char *ha_ = (hay), *ne_ = (needle);                              \
        test_checks++;                                                         \
        if (!ha_ || !strstr(ha_, ne_)) {                                       \
            test_failed++;                                                     \
            fprintf(stderr, "%s:%d: %s is \"%s\", without \"%s\"\n",            \
                    __FILE__, __LINE__, #hay, ha_ ? ha_ : "(null)", ne_);      \
        }                                                                      \
    } while (0)

#define TEST_DONE()                                                            \
    (printf("%d checks, %d failed\n", test_checks, test_failed),               \
     test_failed ? 1 : (test_checks ? 0 : 1))

#endif
