/*
 * report_missed.h - the decisions most often missed (report.h's Missed):
 * the per-decision counts of a selection and period, summed once, and
 * what a report publishes of them. Inside the report only.
 */
#ifndef VAKSAM_REPORT_MISSED_H
#define VAKSAM_REPORT_MISSED_H

#include "report.h"

/* Answers per decision and choice, summed over a selection's units and
 * a period. */
typedef struct MissedCounts MissedCounts;

/* Reads the counts of the units (nunits 0: the whole organisation) and
 * role (REPORT_ROLE_ALL: both) in period p. The caller frees *out with
 * missed_counts_free. */
int missed_counts_read(Store *s, const long long *units, int nunits, int role,
                       Period p, MissedCounts **out, VkError *err);
void missed_counts_free(MissedCounts *mc);

/* Fills r->missed with the decisions most often missed, as published:
 * a decision answered by fewer than k learners in every month is left
 * out, and shares carry the publisher's noise. */
void missed_publish(const MissedCounts *mc, const Publisher *pub, Report *r);
/* A decision's lesson and scene from its id ("lesson/scene" or
 * "pool/question"), and a quiz pool's topic. */
void missed_name(Missed *m, const char *item);

#endif
