/*
 * report_slots.h - the sums of a period for every unit and role, from the
 * span totals (store_spans.c) instead of a scan of every cell. Inside the
 * report only.
 */
#ifndef VAKSAM_REPORT_SLOTS_H
#define VAKSAM_REPORT_SLOTS_H

#include "report_cache.h"

/* A row of sums of one unit (its index in the cached units) and role, to
 * add (sign 1) or take away (sign -1). */
typedef void (*SlotFn)(void *ctx, int at, int role, const int *v, int sign);

/* Calls fn with rows whose signed sum is, for every unit and role, the
 * sum of the cells that count in period p (rollup.h): the same sums a scan
 * of every cell gives. */
int slots_sum(ReportCache *c, Store *s, Period p, SlotFn fn, void *ctx,
              VkError *err);

#endif
