/*
 * report_totals.h - the report's running totals as the store reads them
 * for a report, on either backend, as one text: every rollup cell and the
 * per-decision counts of the organisation and of each unit given, by role,
 * one sorted line each. Two readings compare with strcmp (the live totals
 * against those rebuilt from the answers, store_rebuild_report), and
 * totals_text_diff prints the lines only one of them has.
 */
#ifndef VAKSAM_REPORT_TOTALS_H
#define VAKSAM_REPORT_TOTALS_H

#include "period.h"
#include "store.h"
#include "util.h"

#include "test.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct TotalsLines {
    char **v;
    int n, cap;
    long long unit; /* of the item counts being read */
    int role;
} TotalsLines;

static inline void totals_add(TotalsLines *l, char *line)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 64;
        l->v = xrealloc(l->v, (size_t)l->cap * sizeof *l->v);
    }
    l->v[l->n++] = line;
}

static inline void totals_on_cell(void *ctx, const RollKey *k, const int *v)
{
    char buf[16 * ROLL_COLS];
    size_t used = 0;
    bool zero = true;
    for (int c = 0; c < ROLL_COLS; c++) {
        zero = zero && v[c] == 0;
        used += (size_t)snprintf(buf + used, sizeof buf - used, ",%d", v[c]);
    }
    char month[16], next[16] = "none";
    month_format(k->month, month, sizeof month);
    if (k->next)
        month_format(k->next, next, sizeof next);
    if (!zero) /* a cell a replay emptied, which a rebuild does not write */
        totals_add(ctx, xasprintf("cell unit %lld role %d %s next %s:%s",
                                  k->unit, k->role, month, next, buf + 1));
}

static inline void totals_on_item(void *ctx, const char *item, int month,
                                  int choice, int result, int n)
{
    TotalsLines *l = ctx;
    char m[16];
    month_format(month, m, sizeof m);
    totals_add(l, xasprintf("item unit %lld role %d %s %s choice %d result "
                            "%d: %d",
                            l->unit, l->role, m, item, choice, result, n));
}

static inline int totals_by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The totals of months first..last as the store reads them for a report:
 * the cells, and the item counts of the organisation and of each of the
 * nunits units by role, one sorted line each, joined with ';' (caller
 * frees). A failed reading fails a check. */
static inline char *totals_text(Store *s, const long long *units, int nunits,
                                int first, int last)
{
    TotalsLines l = {0};
    VkError err;
    CHECK(store_rollup_scan(s, first, last, totals_on_cell, &l, &err) == 0);
    for (int u = -1; u < nunits; u++)
        for (l.role = 0; l.role < ROLE_COUNT; l.role++) {
            l.unit = u < 0 ? 0 : units[u];
            CHECK(store_item_counts(s, u < 0 ? NULL : &units[u], u < 0 ? 0 : 1,
                                    l.role, first, last, totals_on_item, &l,
                                    &err) == 0);
        }
    qsort(l.v, (size_t)l.n, sizeof *l.v, totals_by_text);
    size_t len = 1;
    for (int i = 0; i < l.n; i++)
        len += strlen(l.v[i]) + 1;
    char *text = xmalloc(len), *end = text;
    *end = '\0';
    for (int i = 0; i < l.n; i++) {
        end += sprintf(end, "%s;", l.v[i]);
        free(l.v[i]);
    }
    free(l.v);
    return text;
}

/* Prints the lines (of totals_text) in only one of two texts. */
static inline void totals_text_diff(const char *live, const char *rebuilt)
{
    const char *a = live, *b = rebuilt;
    while (*a || *b) {
        size_t na = strcspn(a, ";"), nb = strcspn(b, ";");
        int c = !*a ? 1 : !*b ? -1 : strncmp(a, b, na < nb ? na : nb);
        if (c == 0 && na != nb)
            c = na < nb ? -1 : 1;
        if (c < 0)
            fprintf(stderr, "  live only:    %.*s\n", (int)na, a);
        if (c > 0)
            fprintf(stderr, "  rebuilt only: %.*s\n", (int)nb, b);
        if (c <= 0)
            a += na + (a[na] == ';');
        if (c >= 0)
            b += nb + (b[nb] == ';');
    }
}

#endif
