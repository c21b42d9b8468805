/*
 * store_pg_report.c - the report's read queries on the PostgreSQL store
 * (store.h): cells, span sums, learners per unit, per-decision counts and
 * the completion register, for a connection that may read the totals
 * (the schema's owner). Span sums are summed by the server from the cells
 * of the span's months as they are read.
 */
#include "store_pg.h"

#include "i18n.h"
#include "period.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "{1,2,3}" into n counters; missing ones are 0. */
static void ints(const char *text, int *v, int n)
{
    memset(v, 0, (size_t)n * sizeof *v);
    const char *c = text;
    if (*c == '{')
        c++;
    for (int i = 0; i < n && *c && *c != '}'; i++) {
        char *end;
        v[i] = (int)strtol(c, &end, 10);
        c = *end == ',' ? end + 1 : end;
    }
}

static int cells_of(PgStore *p, const char *sql, const PgArgs *a, RollupFn fn,
                    void *ctx, VkError *err)
{
    PGresult *r = pg_run(p, sql, a, err, _("read the report"));
    if (!r)
        return -1;
    for (int i = 0; i < PQntuples(r); i++) {
        RollKey k = {pg_ll(r, i, 0), (int)pg_ll(r, i, 1), (int)pg_ll(r, i, 2),
                     (int)pg_ll(r, i, 3)};
        int v[ROLL_COLS];
        ints(pg_str(r, i, 4), v, ROLL_COLS);
        fn(ctx, &k, v);
    }
    PQclear(r);
    return 0;
}

int pgs_rollup_scan(Store *s, int first, int last, RollupFn fn, void *ctx,
                    VkError *err)
{
    PgArgs a = {0};
    pa_int(&a, first);
    pa_int(&a, last);
    return cells_of((PgStore *)s,
                    "SELECT unit_id, role, month, next, v FROM vaksam.rollup "
                    "WHERE month BETWEEN $1 AND $2",
                    &a, fn, ctx, err);
}

int pgs_cells(Store *s, int month, int next_first, int next_last, RollupFn fn,
              void *ctx, VkError *err)
{
    PgArgs a = {0};
    pa_int(&a, month);
    pa_int(&a, next_first);
    pa_int(&a, next_last);
    return cells_of((PgStore *)s,
                    "SELECT unit_id, role, month, next, v FROM vaksam.rollup "
                    "WHERE month = $1 AND next BETWEEN $2 AND $3",
                    &a, fn, ctx, err);
}

int pgs_span_rows(Store *s, int span, int block, SpanFn fn, void *ctx,
                  VkError *err)
{
    int len = span % STORE_SPAN_RUN, end = block + len - 1;
    PgArgs a = {0};
    pa_int(&a, block);
    pa_int(&a, end);
    PGresult *r = pg_run(
        (PgStore *)s,
        "SELECT unit_id, role, vaksam.vsum(v) FILTER (WHERE next = 0), "
        "vaksam.vsum(v) FILTER (WHERE next > $2) FROM vaksam.rollup "
        "WHERE month BETWEEN $1 AND $2 GROUP BY unit_id, role",
        &a, err, _("read the report"));
    if (!r)
        return -1;
    for (int i = 0; i < PQntuples(r); i++) {
        int live[ROLL_COLS], after[ROLL_COLS];
        ints(pg_str(r, i, 2), live, ROLL_COLS);
        ints(pg_str(r, i, 3), after, ROLL_COLS);
        fn(ctx, pg_ll(r, i, 0), (int)pg_ll(r, i, 1), live, after);
    }
    PQclear(r);
    return 0;
}

int pgs_last_month(Store *s, int *month, VkError *err)
{
    PGresult *r = pg_run((PgStore *)s,
                         "SELECT coalesce(max(month), 0) FROM vaksam.rollup",
                         NULL, err, _("read the report"));
    if (!r)
        return -1;
    *month = (int)pg_ll(r, 0, 0);
    PQclear(r);
    return 0;
}

int pgs_unit_sizes(Store *s, UnitSizeFn fn, void *ctx, VkError *err)
{
    PGresult *r = pg_run((PgStore *)s,
                         "SELECT unit_id, (role = 'staff')::integer, count(*) "
                         "FROM vaksam.learners WHERE active = 1 "
                         "GROUP BY 1, 2",
                         NULL, err, _("read the report"));
    if (!r)
        return -1;
    for (int i = 0; i < PQntuples(r); i++)
        fn(ctx, pg_ll(r, i, 0), (int)pg_ll(r, i, 1), (int)pg_ll(r, i, 2));
    PQclear(r);
    return 0;
}

int pgs_item_counts(Store *s, const long long *units, int nunits, int role,
                    int first, int last, ItemCountFn fn, void *ctx,
                    VkError *err)
{
    /* the units as an array literal: {1,2,3} */
    size_t cap = 16 + 24 * (size_t)(nunits > 0 ? nunits : 1), at = 0;
    char *list = xmalloc(cap);
    at += (size_t)snprintf(list, cap, "{");
    for (int i = 0; i < nunits; i++)
        at += (size_t)snprintf(list + at, cap - at, "%s%lld", i ? "," : "",
                               units[i]);
    if (nunits == 0)
        at += (size_t)snprintf(list + at, cap - at, "0");
    snprintf(list + at, cap - at, "}");
    PgArgs a = {0};
    pa_text(&a, list);
    pa_int(&a, first);
    pa_int(&a, last);
    pa_int(&a, role);
    PGresult *r = pg_run((PgStore *)s,
                         "SELECT item, month, choice, result, n "
                         "FROM vaksam.item_months WHERE unit_id = ANY($1) "
                         "AND month BETWEEN $2 AND $3 "
                         "AND ($4 < 0 OR role = $4) ORDER BY item",
                         &a, err, _("read the report"));
    free(list);
    if (!r)
        return -1;
    for (int i = 0; i < PQntuples(r); i++)
        fn(ctx, pg_str(r, i, 0), (int)pg_ll(r, i, 1), (int)pg_ll(r, i, 2),
           (int)pg_ll(r, i, 3), (int)pg_ll(r, i, 4));
    PQclear(r);
    return 0;
}

int pgs_completions(Store *s, int first, int last, CompletionFn fn, void *ctx,
                    VkError *err)
{
    char from[16], to[16];
    month_format(first, from, sizeof from);
    month_format(last + 1, to, sizeof to);
    char *since = xasprintf("%s-01T00:00:00Z", from);
    char *until = xasprintf("%s-01T00:00:00Z", to);
    PgArgs a = {0};
    pa_text(&a, since);
    pa_text(&a, until);
    /* the server's function, which the CISO's role may run */
    PGresult *r = pg_run((PgStore *)s,
                         "SELECT * FROM vaksam.register($1, $2)", &a, err,
                         _("read the register"));
    free(since);
    free(until);
    if (!r)
        return -1;
    for (int i = 0; i < PQntuples(r); i++) {
        int role = role_from_id(pg_str(r, i, 2));
        Completion c = {pg_str(r, i, 0), pg_ll(r, i, 1),
                        role < 0 ? ROLE_STAFF : (Role)role,
                        pg_str(r, i, 3)[0] == 't', pg_str(r, i, 4)};
        fn(ctx, &c);
    }
    PQclear(r);
    return 0;
}

/* No cheap change counter is asked of the server yet: every report reads
 * afresh, and a cache lives for one report. */
int pgs_stamp(Store *s, StoreStamp *out, VkError *err)
{
    (void)err;
    static long long reads;
    memset(out, 0, sizeof *out);
    out->store = s;
    out->changes = ++reads;
    return 0;
}

int pgs_read_begin(Store *s, bool *began, VkError *err)
{
    PgStore *p = (PgStore *)s;
    *began = PQtransactionStatus(p->conn) == PQTRANS_IDLE;
    if (!*began)
        return 0;
    return pg_do(p, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", NULL,
                 err, _("read the report"));
}

void pgs_read_end(Store *s, bool began)
{
    if (began)
        PQclear(PQexec(((PgStore *)s)->conn, "COMMIT"));
}
