/*
 * report.h - what the CISO sees: the organisation's awareness by topic,
 * unit, role and month, its participation, and the decisions most often
 * missed. The dashboard, the exports and the picture are all drawn from one
 * Report built here, so they always agree.
 *
 * The awareness index (the one definition; README "Awareness index"):
 *   - an answer earns credit 1 when correct, 1/2 when partly right, 0 when
 *     wrong;
 *   - for every learner and every decision or quiz question, only their
 *     latest answer given in the period counts;
 *   - a topic's index is 100 x the mean credit of those answers in the
 *     topic, over every learner in the selection;
 *   - the overall index is the mean of the topics' indexes (each topic
 *     weighs the same, however many questions it has).
 * Participation: the share of the selection's learners who completed, in
 * the period, the leadership course (managers: every course lesson finished)
 * or a quiz (staff).
 *
 * Privacy: a figure drawn from fewer than k distinct learners is
 * suppressed (k defaults to 5 and is never below 3), and where such a
 * figure could be recovered by subtracting its siblings from their total,
 * the next-smallest sibling is suppressed too. A suppressed Figure carries
 * no numbers at all: value, learners and answers are zero.
 */
#ifndef VAKSAM_REPORT_H
#define VAKSAM_REPORT_H

#include "period.h"
#include "publish.h"
#include "score.h"
#include "store.h"
#include "topic.h"

#include <stdio.h>
#include <time.h>

enum {
    REPORT_K_DEFAULT = 5,
    REPORT_K_MIN = 3,
    REPORT_MISSED_MAX = 10,
    REPORT_CHOICES_MAX = 8,
    REPORT_ROLE_ALL = -1,
};

typedef struct ReportFilter {
    Period period;
    long long unit_id; /* 0: the whole organisation */
    int role;          /* REPORT_ROLE_ALL or a Role */
    int k;             /* smallest group shown; raised to REPORT_K_MIN */
} ReportFilter;

/* A row of the heat map: a unit with everything below it, or the members
 * of the selected unit itself (own). */
typedef struct ReportUnit {
    long long id;
    char name[128];
    bool own;
    /* bit 0: the unit's learners and overall index, bit 1 + t: topic t,
     * are counted in the own row instead, because shown alone they would
     * let a small group be subtracted out (shown.h) */
    unsigned folded;
    bool with_folded; /* the own row: it counts units folded into it too */
    Figure overall;
    Figure topic[TOPIC_COUNT];
    Figure participation;
} ReportUnit;

typedef struct TrendPoint {
    Period period; /* one month, or one quarter when the period is long */
    Figure overall;
    Figure topic[TOPIC_COUNT];
} TrendPoint;

typedef struct MissedChoice {
    int choice;  /* the lesson's index of the choice */
    int percent; /* of the answers to this decision */
    Result result;
} MissedChoice;

/* A decision or question often answered wrong: its share of answers that
 * were not right, and how those spread over the wrong choices. Counted over
 * every answer given in the period. */
typedef struct Missed {
    char lesson_id[64];
    char scene_id[64];
    Topic topic; /* from a quiz pool's id; TOPIC_NONE for a course decision
                    (its scene in the lesson knows) */
    int answers;
    int learners; /* at least this many distinct learners */
    int missed_percent;
    int nchoices;
    MissedChoice choices[REPORT_CHOICES_MAX]; /* wrong and partly choices */
} Missed;

typedef struct Report {
    ReportFilter filter;
    Period previous;
    char unit_name[128]; /* the selected unit, or "" for the organisation */
    Figure overall, overall_previous;
    bool has_change;
    int change; /* overall - overall_previous, in index points */
    Figure topic[TOPIC_COUNT];
    Figure role[ROLE_COUNT];
    Figure participation;
    ReportUnit *units;
    int nunits;
    TrendPoint *trend;
    int ntrend;
    bool quarterly;
    Missed missed[REPORT_MISSED_MAX];
    int nmissed;
    /* when the CISO's password was last reset ("" never): every report
     * says so, since k went back to its default then (access.h) */
    char password_reset_at[32];
} Report;

/* The organisation's k (the setting "report_k"; REPORT_K_DEFAULT when
 * unset) and changing it (refused below REPORT_K_MIN). */
int report_k(Store *s, int *k, VkError *err);
int report_set_k(Store *s, int k, VkError *err);

/* Builds every figure for the filter. The caller frees with report_free. */
int report_build(Store *s, const ReportFilter *f, Report *out, VkError *err);
void report_free(Report *r);

/* What reports read from the store, kept decoded between them
 * (report_cache.c) for as long as nothing is written to the file: the
 * dashboard keeps one while it is open, so that a change of filter reads
 * nothing. It holds exact sums of small groups: free it when the CISO's
 * view closes. */
typedef struct ReportCache ReportCache;
ReportCache *report_cache_new(void);
void report_cache_free(ReportCache *c);
/* report_build through a cache: the same Report, byte for byte. The cache
 * empties itself when the store was written to since (PRAGMA
 * data_version, this connection's own writes) or is another store. */
int report_build_cached(Store *s, ReportCache *c, const ReportFilter *f,
                        Report *out, VkError *err);

typedef enum ReportBy {
    REPORT_BY_TOPIC,
    REPORT_BY_UNIT,
    REPORT_BY_ROLE,
    REPORT_BY_MONTH,
} ReportBy;

typedef enum ReportFormat { REPORT_CSV, REPORT_JSON } ReportFormat;

/* "topic" -> REPORT_BY_TOPIC, or -1. */
int report_by_from_id(const char *id);
/* Writes one table of the report. Suppressed figures are written as
 * "suppressed", never as numbers. */
int report_write(const Report *r, ReportBy by, ReportFormat fmt, FILE *out,
                 VkError *err);

/* Writes the completion register: who completed which course and when,
 * never scores or answers. */
int report_write_register(Store *s, const ReportFilter *f, ReportFormat fmt,
                          FILE *out, VkError *err);

#endif
