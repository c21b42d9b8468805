/*
 * report_slots.c - a period's sums from span totals (report_slots.h).
 *
 * A cell (month, next) counts in [a, b] when a <= month <= b and next is 0
 * or after b. A period of 3 or 12 months (last-3, last-12 and the periods
 * before them, in any month) is one span of the store. Another is cut
 * into calendar spans, greedily from its start: a year where one fits,
 * else a quarter, else a month. A span
 * [s, e] keeps its cells still latest (live) and those superseded after
 * e (rollup_spans), and their sum, "latest", is exactly what counts in
 * [s, e]. For the span that ends at b that is what counts in [a, b] too.
 * For an earlier one, the cells superseded in (e, b] must go: either
 * latest minus those cells, or live plus the cells superseded after b,
 * whichever reads fewer cells (the months between e and b against those
 * between b and the last month with cells). Nothing is superseded after
 * the last month with cells, so periods up to it need no cells at all.
 */
#include "report_slots.h"

#include <limits.h>

/* The span that starts at month m and fits in [m, last]. */
static int span_at(int m, int last)
{
    if (m % 12 == 0 && m + 11 <= last)
        return 12;
    if (m % 3 == 0 && m + 2 <= last)
        return 3;
    return 1;
}

static int add_span(ReportCache *c, Store *s, int len, int block, bool live,
                    SlotFn fn, void *ctx, VkError *err)
{
    const SpanRow *rows;
    int n;
    if (cache_span(c, s, len, block, &rows, &n, err) < 0)
        return -1;
    for (int i = 0; i < n; i++)
        fn(ctx, rows[i].at, rows[i].role, live ? rows[i].live : rows[i].latest,
           1);
    return 0;
}

static int add_cells(ReportCache *c, Store *s, int month, int next_first,
                     int next_last, int sign, SlotFn fn, void *ctx,
                     VkError *err)
{
    const CellRow *rows;
    int n;
    if (cache_cells(c, s, month, next_first, next_last, &rows, &n, err) < 0)
        return -1;
    for (int i = 0; i < n; i++)
        fn(ctx, rows[i].at, rows[i].role, rows[i].v, sign);
    return 0;
}

int slots_sum(ReportCache *c, Store *s, Period p, SlotFn fn, void *ctx,
              VkError *err)
{
    int months = p.last - p.first + 1;
    if (months == 3 || months == 12)
        return add_span(c, s, STORE_SPAN_RUN + months, p.first, false, fn, ctx,
                        err);
    int last;
    if (cache_last_month(c, s, &last, err) < 0)
        return -1;
    for (int m = p.first; m <= p.last;) {
        int len = span_at(m, p.last), e = m + len - 1;
        /* cells superseded in (e, p.last] must go, if there can be any */
        bool cut = e < p.last && e < last;
        bool tail = cut && p.last - e > last - p.last;
        if (add_span(c, s, len, m, tail, fn, ctx, err) < 0)
            return -1;
        /* tail: the cells superseded after p.last, if there can be any;
         * else those superseded in (e, p.last], taken away */
        bool read = cut && (!tail || p.last < last);
        int from = tail ? p.last + 1 : e + 1, to = tail ? INT_MAX : p.last;
        for (int month = m; read && month <= e; month++)
            if (add_cells(c, s, month, from, to, tail ? 1 : -1, fn, ctx, err) <
                0)
                return -1;
        m = e + 1;
    }
    return 0;
}
