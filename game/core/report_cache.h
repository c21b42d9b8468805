/*
 * report_cache.h - what a report reads from the store, decoded, kept in a
 * ReportCache (report.h) between reports for as long as nothing is
 * written to the file, so that a report asked for again with another
 * filter reads nothing. Inside the report only: report.c, report_slots.c.
 *
 * Rows name their unit by its index in the cached units (tree order), so
 * that a report adds them up without looking units up; rows of units not
 * in the tree or of no role are left out when read, as a report leaves
 * them out.
 */
#ifndef VAKSAM_REPORT_CACHE_H
#define VAKSAM_REPORT_CACHE_H

#include "report.h"
#include "report_missed.h"

/* A span's totals for one unit and role (store_span_rows): the cells
 * still latest, and those plus the ones superseded after the span (the
 * span's own figure). */
typedef struct SpanRow {
    int at, role;
    int live[ROLL_COLS];
    int latest[ROLL_COLS];
} SpanRow;

/* Cells of one unit and role (store_cells), summed. */
typedef struct CellRow {
    int at, role;
    int v[ROLL_COLS];
} CellRow;

typedef struct SizeRow {
    int at, role, learners;
} SizeRow;

/* Empties the cache when the store has been written to since it was
 * filled, or is another store or another opening of it. Call first,
 * inside the report's read transaction. */
int cache_check(ReportCache *c, Store *s, VkError *err);

/* Each gives rows owned by the cache, valid until the next cache_check
 * (or report_cache_free). */
int cache_units(ReportCache *c, Store *s, const Unit **units, int *n,
                VkError *err);
int cache_sizes(ReportCache *c, Store *s, const SizeRow **rows, int *n,
                VkError *err);
/* The last month with cells (store_last_month). */
int cache_last_month(ReportCache *c, Store *s, int *month, VkError *err);
int cache_span(ReportCache *c, Store *s, int span, int block,
               const SpanRow **rows, int *n, VkError *err);
int cache_cells(ReportCache *c, Store *s, int month, int next_first,
                int next_last, const CellRow **rows, int *n, VkError *err);
/* The most-missed counts of a selection (unit 0: the organisation, whose
 * subtree's units are given) and role in a period. */
int cache_missed(ReportCache *c, Store *s, long long unit,
                 const long long *subtree, int nsubtree, int role, Period p,
                 const MissedCounts **out, VkError *err);

#endif
