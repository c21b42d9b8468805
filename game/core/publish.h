/*
 * publish.h - the one place that decides what the CISO may see of a group
 * of learners (a unit subtree or a unit's own members, a role, a period),
 * the same way in every view, table, format and screen.
 *
 * The method is the cell key method of statistical offices (the Australian
 * Bureau of Statistics' TableBuilder, the UK ONS): every figure is moved
 * by a small amount of noise that is a keyed hash of exactly what the
 * figure is drawn from. The same group therefore always shows the same
 * figure, whichever view asks, and two overlapping views cannot be
 * subtracted to reveal a small group: the difference carries the noise of
 * both, which is as large as the influence of a few learners.
 *   - An index drawn from N learners moves by at most PUBLISH_SPREAD / N
 *     points; the overall index is the mean of the topics shown.
 *   - Learner and answer counts move by a few (a two-sided geometric
 *     amount, never below k for a shown figure).
 *   - A figure from fewer than k learners is suppressed: no numbers at all.
 *   - Participation is exact: the completion register names who completed
 *     by design, and a unit's headcount is the organisation chart.
 * The key is a secret of the database (settings "report_key", made by the
 * schema 6 migration); without it the noise cannot be predicted.
 */
#ifndef VAKSAM_PUBLISH_H
#define VAKSAM_PUBLISH_H

#include "rollup.h"
#include "store.h"

#include <stdbool.h>

enum {
    PUBLISH_SPREAD = 100, /* index points x learners */
    PUBLISH_KEY_BYTES = 16,
};

/* A figure as it leaves the core: an index 0-100 or a percentage. */
typedef struct Figure {
    int value;       /* rounded */
    int learners;    /* distinct learners it is drawn from (perturbed) */
    int answers;     /* answers (index, perturbed) or completed learners
                        (participation) */
    bool empty;      /* nobody in the selection: nothing to show */
    bool suppressed; /* fewer than k learners: no numbers at all */
} Figure;

typedef struct Publisher {
    unsigned char key[PUBLISH_KEY_BYTES];
    int k;
    bool exact; /* tests only (report_exact.h): no noise, no suppression */
} Publisher;

/* Reads the database's key; k is raised to at least REPORT_K_MIN by the
 * caller. */
int publisher_load(Publisher *p, Store *s, int k, VkError *err);

/* The figures of one group from its summed cells (ROLL_COLS values):
 * one per topic (suppressed where ok[t] is false: shown.h) and the overall
 * index, the mean of the topics shown. */
void publish_group(const Publisher *p, const long long *v, const bool *ok,
                   Figure *overall, Figure topic[TOPIC_COUNT]);
/* Participation: completed of eligible learners, as a percentage. */
Figure publish_participation(const Publisher *p, long long completed,
                             long long eligible);
/* A share in percent of n out of total answers to one decision (item)
 * that at least `learners` learners gave, perturbed like an index; -1
 * when it may not be shown. */
int publish_share(const Publisher *p, const char *item, int tag, long long n,
                  long long total, long long learners);
/* A count n about one decision (as publish_share), perturbed; never below
 * k. */
int publish_item_count(const Publisher *p, const char *item, int tag,
                       long long n, long long total, long long learners);

#endif
