/*
 * period.h - months and the periods a report covers. A month is a number
 * (year * 12 + month - 1); a period is a closed range of them. Only fixed
 * periods are offered to people: calendar months, quarters and years, and
 * rolling windows of fixed length.
 */
#ifndef VAKSAM_PERIOD_H
#define VAKSAM_PERIOD_H

#include "util.h"

#include <stddef.h>
#include <time.h>

/* A month is year * 12 + (month - 1); a period is a closed range of them. */
typedef struct Period {
    int first, last;
} Period;

/* The month a time falls in (UTC). */
int month_of_time(time_t t);
/* The month of a time written "2026-11-29T10:15:00Z" (from its year and
 * month); -1 for text of another form. */
int month_of_text(const char *t);
/* "2026-03" */
void month_format(int month, char *buf, size_t n);
/* Parses "2026", "2026-Q3", "2026-03", "last-3" or "last-12" (the months
 * up to and including now_month). Ranges of months are refused: two
 * overlapping ones could be subtracted (publish.h). */
int period_parse(const char *text, int now_month, Period *out, VkError *err);
/* "2026-03", "2026-Q1", "2026" or "2026-01..2026-06". */
void period_format(Period p, char *buf, size_t n);
/* The period of the same length just before p. */
Period period_previous(Period p);

#endif
