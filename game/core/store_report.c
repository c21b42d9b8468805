/*
 * store_report.c - the report's read queries (store.h): the rollup cells
 * of a range of months, the units' sizes, the per-decision counts and the
 * completion register, each read once per report and handed to report.c
 * row by row; and the query plans of these and of the live path's writes.
 * Nothing here writes.
 */
#include "store_totals.h"

#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>

static const char ROLLUP_SCAN_SQL[] =
    "SELECT unit_id, role, month, next, v FROM rollup "
    "WHERE month BETWEEN ? AND ?";
static const char UNIT_SIZES_SQL[] =
    "SELECT unit_id, role, count(*) FROM learners WHERE active "
    "GROUP BY unit_id, role";
static const char ITEM_COUNTS_SQL[] =
    "SELECT item, month, choice, result, n FROM item_months "
    "WHERE unit_id = ? AND month BETWEEN ? AND ? AND (? < 0 OR role = ?)";
static const char COMPLETIONS_SQL[] =
    "SELECT l.login, c.unit_id, c.role, c.kind = 'course', "
    "c.completed_at FROM completions c "
    "JOIN learners l ON l.id = c.learner_id "
    "WHERE c.completed_at >= ? AND c.completed_at < ? "
    "ORDER BY c.completed_at, c.id";

int sq_explain_report(Store *s, FILE *out, VkError *err)
{
    static const char *const queries[] = {
        ROLLUP_SCAN_SQL, UNIT_SIZES_SQL,   ITEM_COUNTS_SQL, COMPLETIONS_SQL,
        ITEM_GET_SQL,    PRESENCE_GET_SQL, ROLLUP_ADD_SQL,  ITEM_COUNT_SQL,
    };
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        char *sql = xasprintf("EXPLAIN QUERY PLAN %s", queries[i]);
        sqlite3_stmt *st = st_prepare(s, sql, err, _("read the report"));
        free(sql);
        if (!st)
            return -1;
        fprintf(out, "%.72s...\n", queries[i]);
        while (sqlite3_step(st) == SQLITE_ROW)
            fprintf(out, "    %s\n", (const char *)sqlite3_column_text(st, 3));
        sqlite3_finalize(st);
    }
    return 0;
}

int sq_rollup_scan(Store *s, int first, int last, RollupFn fn, void *ctx,
                      VkError *err)
{
    const char *what = _("read the report");
    sqlite3_stmt *st = st_prepare(s, ROLLUP_SCAN_SQL, err, what);
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, first);
    sqlite3_bind_int(st, 2, last);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        RollKey k = {sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1),
                     sqlite3_column_int(st, 2), sqlite3_column_int(st, 3)};
        int v[ROLL_COLS];
        st_cell_decode(sqlite3_column_blob(st, 4), sqlite3_column_bytes(st, 4),
                       v);
        fn(ctx, &k, v);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : st_fail(s, err, what);
}

int sq_unit_sizes(Store *s, UnitSizeFn fn, void *ctx, VkError *err)
{
    const char *what = _("read the report");
    sqlite3_stmt *st = st_prepare(s, UNIT_SIZES_SQL, err, what);
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int role = role_from_id((const char *)sqlite3_column_text(st, 1));
        fn(ctx, sqlite3_column_int64(st, 0), role < 0 ? ROLE_STAFF : role,
           sqlite3_column_int(st, 2));
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : st_fail(s, err, what);
}

int sq_item_counts(Store *s, const long long *units, int nunits, int role,
                      int first, int last, ItemCountFn fn, void *ctx,
                      VkError *err)
{
    const char *what = _("read the report");
    sqlite3_stmt *st = st_prepare(s, ITEM_COUNTS_SQL, err, what);
    if (!st)
        return -1;
    long long org = 0;
    if (nunits == 0) {
        units = &org;
        nunits = 1;
    }
    int rc = SQLITE_DONE;
    for (int i = 0; i < nunits && rc == SQLITE_DONE; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, units[i]);
        sqlite3_bind_int(st, 2, first);
        sqlite3_bind_int(st, 3, last);
        sqlite3_bind_int(st, 4, role);
        sqlite3_bind_int(st, 5, role);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            fn(ctx, (const char *)sqlite3_column_text(st, 0),
               sqlite3_column_int(st, 1), sqlite3_column_int(st, 2),
               sqlite3_column_int(st, 3), sqlite3_column_int(st, 4));
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : st_fail(s, err, what);
}

int sq_completions(Store *s, int first, int last, CompletionFn fn, void *ctx,
                      VkError *err)
{
    const char *what = _("read the register");
    sqlite3_stmt *st = st_prepare(s, COMPLETIONS_SQL, err, what);
    if (!st)
        return -1;
    char from[16], to[16];
    snprintf(from, sizeof from, "%04d-%02d", first / 12, first % 12 + 1);
    snprintf(to, sizeof to, "%04d-%02d", (last + 1) / 12, (last + 1) % 12 + 1);
    sqlite3_bind_text(st, 1, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, to, -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int role = role_from_id((const char *)sqlite3_column_text(st, 2));
        Completion c = {(const char *)sqlite3_column_text(st, 0),
                        sqlite3_column_int64(st, 1),
                        role < 0 ? ROLE_STAFF : (Role)role,
                        sqlite3_column_int(st, 3) != 0,
                        (const char *)sqlite3_column_text(st, 4)};
        fn(ctx, &c);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : st_fail(s, err, what);
}
