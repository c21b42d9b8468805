/*
 * demodata.h - a synthetic organisation for trying the CISO's report at
 * scale: a unit tree of uneven sizes (some small enough to be suppressed),
 * about one manager in ten, managers taking the course and everyone taking
 * quizzes over the months, with topics of different difficulty and
 * learners who get better with practice. Deterministic for a seed.
 */
#ifndef VAKSAM_DEMODATA_H
#define VAKSAM_DEMODATA_H

#include "lesson.h"
#include "store.h"

#include <stdint.h>

typedef struct DemoDataOptions {
    int learners; /* 1 .. 1,000,000 */
    int units;    /* 1 .. 10,000 */
    int months;   /* 1 .. 120, ending with last_month */
    uint64_t seed;
    int last_month;                  /* report.h months; 0: this month */
    const LessonSet *course, *pools; /* the decisions and questions used */
    int quizzes; /* quizzes in an active month (0: 1); more answers from
                    the same people, for the benchmark */
} DemoDataOptions;

typedef struct DemoDataStats {
    long long units, learners, attempts, answers, completions;
} DemoDataStats;

/* Fills an empty database (no units, no learners) in one transaction. */
int demodata_fill(Store *s, const DemoDataOptions *o, DemoDataStats *stats,
                  VkError *err);

#endif
