/*
 * store_spans.c - the report's totals by span, so that a report over
 * months or years reads a few rows per unit instead of every cell.
 *
 * A rollup cell (unit, role, month, next) counts in a period [a, b] when
 * a <= month <= b and next is 0 or after b (rollup.h). rollup_spans keeps,
 * for every span of months, unit and role, two sums of the cells of its
 * months: those still latest (next 0) and those superseded only after the
 * span. Their sum is the span's own figure. The spans are every calendar
 * month, quarter and year (span 1, 3 or 12) and every run of 3 or 12
 * months (span 103 or 112: what last-3 and last-12 and the periods before
 * them are, in any month), each under its first month ("block"). Any
 * other period is a few spans (report_slots.c), each corrected by the
 * cells superseded between its end and the period's, read from rollup.
 *
 * Triggers on rollup keep the spans in the transaction of every change to
 * a cell (store_sqlite.c's migration to schema 7), whoever makes it: an
 * answer, a late answer's replay, a rebuild, a bulk load. Their counters
 * are blobs, as rollup's are, added by the SQL functions here.
 */
#include "store_sqlite.h"

#include "i18n.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { SPAN_COLS = 2 * ROLL_COLS };

static void put32(unsigned char *out, int v)
{
    uint32_t u = (uint32_t)v;
    for (int i = 0; i < 4; i++)
        out[i] = (unsigned char)(u >> (8 * i));
}

static int get32(const unsigned char *b)
{
    return (int)((uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
                 (uint32_t)b[3] << 24);
}

/* n counters from a blob (NULL: none); missing ones are 0. */
static void decode_n(sqlite3_value *val, int *v, int n)
{
    const unsigned char *b = sqlite3_value_blob(val);
    int bytes = b ? sqlite3_value_bytes(val) : 0;
    for (int c = 0; c < n; c++)
        v[c] = 4 * c + 4 <= bytes ? get32(b + 4 * c) : 0;
}

static void result_n(sqlite3_context *ctx, const int *v, int n)
{
    unsigned char out[4 * SPAN_COLS];
    for (int c = 0; c < n; c++)
        put32(out + 4 * c, v[c]);
    sqlite3_result_blob(ctx, out, 4 * n, SQLITE_TRANSIENT);
}

/* vk_span(new, old, live): a cell's change (new - old counters, NULL
 * for none) as a span's counters: in the first half when the cell is
 * still latest (next 0), else in the second. */
static void vk_span(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int now[ROLL_COLS], was[ROLL_COLS], out[SPAN_COLS] = {0};
    decode_n(argv[0], now, ROLL_COLS);
    decode_n(argv[1], was, ROLL_COLS);
    int at = sqlite3_value_int(argv[2]) ? 0 : ROLL_COLS;
    for (int c = 0; c < ROLL_COLS; c++)
        out[at + c] = now[c] - was[c];
    result_n(ctx, out, SPAN_COLS);
}

/* vk_span_add(a, b): a span's counters plus a change. */
static void vk_span_add(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int a[SPAN_COLS], b[SPAN_COLS];
    decode_n(argv[0], a, SPAN_COLS);
    decode_n(argv[1], b, SPAN_COLS);
    for (int c = 0; c < SPAN_COLS; c++)
        a[c] += b[c];
    result_n(ctx, a, SPAN_COLS);
}

void st_register_span_functions(Store *s)
{
    int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    sqlite3_create_function(s->db, "vk_span", 3, flags, NULL, vk_span, NULL,
                            NULL);
    sqlite3_create_function(s->db, "vk_span_add", 2, flags, NULL, vk_span_add,
                            NULL, NULL);
}

long long st_monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* ---- reading ---- */

static const char SPAN_ROWS_SQL[] = "SELECT unit_id, role, v FROM rollup_spans "
                                    "WHERE span = ? AND block = ?";
static const char CELLS_SQL[] =
    "SELECT unit_id, role, month, next, v FROM rollup "
    "WHERE month = ? AND next BETWEEN ? AND ?";
static const char LAST_MONTH_SQL[] =
    "SELECT coalesce(max(block), 0) FROM rollup_spans WHERE span = 1";

int store_span_rows(Store *s, int span, int block, SpanFn fn, void *ctx,
                    VkError *err)
{
    const char *what = _("read the report");
    sqlite3_stmt *st = st_prepare(s, SPAN_ROWS_SQL, err, what);
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, span);
    sqlite3_bind_int(st, 2, block);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int v[SPAN_COLS];
        decode_n(sqlite3_column_value(st, 2), v, SPAN_COLS);
        fn(ctx, sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1), v,
           v + ROLL_COLS);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : st_fail(s, err, what);
}

int store_cells(Store *s, int month, int next_first, int next_last, RollupFn fn,
                void *ctx, VkError *err)
{
    const char *what = _("read the report");
    sqlite3_stmt *st = st_prepare(s, CELLS_SQL, err, what);
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, month);
    sqlite3_bind_int(st, 2, next_first);
    sqlite3_bind_int(st, 3, next_last);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        RollKey k = {sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1),
                     sqlite3_column_int(st, 2), sqlite3_column_int(st, 3)};
        int v[ROLL_COLS];
        decode_n(sqlite3_column_value(st, 4), v, ROLL_COLS);
        fn(ctx, &k, v);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : st_fail(s, err, what);
}

int store_last_month(Store *s, int *month, VkError *err)
{
    if (st_pragma_int(s, LAST_MONTH_SQL, month) < 0)
        return st_fail(s, err, _("read the report"));
    return 0;
}

int store_stamp(Store *s, StoreStamp *out, VkError *err)
{
    int version = 0;
    if (st_pragma_int(s, "PRAGMA data_version", &version) < 0)
        return st_fail(s, err, _("read the report"));
    memset(out, 0, sizeof *out);
    out->store = s;
    out->opened = s->opened;
    out->data_version = version;
    out->changes = sqlite3_total_changes64(s->db);
    return 0;
}

int store_read_begin(Store *s, bool *began, VkError *err)
{
    *began = sqlite3_get_autocommit(s->db) != 0;
    if (*began && sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        *began = false;
        return st_fail(s, err, _("read the report"));
    }
    return 0;
}

void store_read_end(Store *s, bool began)
{
    if (began && !sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
}

int store_explain_spans(Store *s, FILE *out, VkError *err)
{
    static const char *const queries[] = {SPAN_ROWS_SQL, CELLS_SQL,
                                          LAST_MONTH_SQL};
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
