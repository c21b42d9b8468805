/*
 * report_same.h - whether two stores give the same report: every table
 * of the report (by topic, unit, role and month, in JSON, and the
 * decisions most missed; exact for every other unit, and as published
 * for every unit and each period a server publishes) for every unit and
 * role and many periods, and the completion register, written from both
 * and compared as text. A server publishes with its own copy of the
 * rule (store_pg_publish.sql): this holds it to the C code's. For stores holding the same organisation with the
 * same ids: two backends (pg.same, pg.bulk), or a file and its copy
 * (pg.copy).
 */
#ifndef VAKSAM_REPORT_SAME_H
#define VAKSAM_REPORT_SAME_H

#include "report_exact.h"
#include "store.h"

#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The report's tables as it writes them (REPORT_BY_* into text[0..3]),
 * and the decisions most missed after the first; or the error in each.
 * The caller frees. */
static void same_written(Store *s, const ReportFilter *f, bool exact,
                         char *text[4])
{
    Report r;
    VkError err;
    int rc = exact ? report_build_exact(s, f, &r, &err)
                   : report_build(s, f, &r, &err);
    for (int by = 0; by < 4; by++) {
        if (rc < 0) {
            text[by] = xasprintf("error: %s", err.msg);
            continue;
        }
        size_t n = 0;
        FILE *out = open_memstream(&text[by], &n);
        report_write(&r, (ReportBy)by, REPORT_JSON, out, &err);
        /* and the decisions most missed, which no table holds */
        for (int i = 0; by == REPORT_BY_TOPIC && i < r.nmissed; i++) {
            const Missed *m = &r.missed[i];
            fprintf(out, "\nmissed %s/%s %d%% of %d by %d:", m->lesson_id,
                    m->scene_id, m->missed_percent, m->answers, m->learners);
            for (int c = 0; c < m->nchoices; c++)
                fprintf(out, " %d=%d%%(%d)", m->choices[c].choice,
                        m->choices[c].percent, (int)m->choices[c].result);
        }
        fclose(out);
    }
    if (rc == 0)
        report_free(&r);
}

static char *same_register(Store *s, const ReportFilter *f)
{
    char *text = NULL;
    size_t n = 0;
    VkError err;
    FILE *out = open_memstream(&text, &n);
    if (report_write_register(s, f, REPORT_CSV, out, &err) < 0)
        fprintf(out, "error: %s", err.msg);
    fclose(out);
    return text;
}

/* The tables of one filter that differ between a and b; the first few
 * are printed, *shown counts them. */
static int same_filter(Store *a, Store *b, const ReportFilter *f, bool exact,
                       const char *when, int *shown)
{
    int differ = 0;
    char *xs[5], *ys[5];
    same_written(a, f, exact, xs);
    same_written(b, f, exact, ys);
    xs[4] = same_register(a, f);
    ys[4] = same_register(b, f);
    for (int v = 0; v < 5; v++) {
        char *x = xs[v], *y = ys[v];
        if (strcmp(x, y) != 0) {
            differ++;
            /* from the line where they part */
            size_t at = 0, line = 0;
            while (x[at] && x[at] == y[at])
                if (x[at++] == '\n')
                    line = at;
            if ((*shown)++ < 3)
                fprintf(stderr,
                        "%s: months %d..%d unit %lld role %d table %d %s:\n"
                        "first:  %.400s\nsecond: %.400s\n",
                        when, f->period.first, f->period.last, f->unit_id,
                        f->role, v, exact ? "exact" : "published", x + line,
                        y + line);
        }
        free(x);
        free(y);
    }
    return differ;
}

/* Every table for every unit (units[], and 0: all of them), role and
 * period of 1, 3, 5 and 12 months from the first, third and sixth of
 * `months` months from `first`: how many differ between a and b. */
static int same_report(Store *a, Store *b, const long long *units, int nunits,
                       int first, int months, const char *when)
{
    static const int starts[] = {0, 2, 5}, lens[] = {1, 3, 5, 12};
    int differ = 0, shown = 0;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 4; j++) {
            int from = first + starts[i], len = lens[j];
            if (from + len > first + months)
                continue;
            for (int u = 0; u <= nunits; u++)
                for (int role = REPORT_ROLE_ALL; role < ROLE_COUNT; role++) {
                    ReportFilter f = {
                        {from, from + len - 1}, u ? units[u - 1] : 0, role, 3};
                    /* exact for every other unit; as published for all
                     * the periods a server publishes (1, 3, 12 months) */
                    if (u % 2 == 0)
                        differ += same_filter(a, b, &f, true, when, &shown);
                    if (len != 5)
                        differ += same_filter(a, b, &f, false, when, &shown);
                }
        }
    return differ;
}

#endif
