/*
 * report_same.h - whether two stores give the same report: every table
 * of the report (by topic, unit, role and month, in JSON; exact for every
 * other unit and as published for the rest) for every unit and role and
 * many periods, and the completion register, written from both and
 * compared as text. For stores holding the same organisation with the
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

/* One table as the report writes it, or the error (caller frees). */
static char *same_written(Store *s, const ReportFilter *f, bool exact,
                          ReportBy by)
{
    Report r;
    VkError err;
    char *text = NULL;
    size_t n = 0;
    int rc = exact ? report_build_exact(s, f, &r, &err)
                   : report_build(s, f, &r, &err);
    if (rc < 0)
        return xasprintf("error: %s", err.msg);
    FILE *out = open_memstream(&text, &n);
    report_write(&r, by, REPORT_JSON, out, &err);
    fclose(out);
    report_free(&r);
    return text;
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
    for (int v = 0; v < 5; v++) {
        char *x = v < 4 ? same_written(a, f, exact, (ReportBy)v)
                        : same_register(a, f);
        char *y = v < 4 ? same_written(b, f, exact, (ReportBy)v)
                        : same_register(b, f);
        if (strcmp(x, y) != 0) {
            differ++;
            if ((*shown)++ < 3)
                fprintf(stderr,
                        "%s: months %d..%d unit %lld role %d table %d:\n"
                        "first:  %.600s\nsecond: %.600s\n",
                        when, f->period.first, f->period.last, f->unit_id,
                        f->role, v, x, y);
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
                    differ += same_filter(a, b, &f, u % 2 == 0, when, &shown);
                }
        }
    return differ;
}

#endif
