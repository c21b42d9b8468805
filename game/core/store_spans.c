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

/* vk_spans_kept(): whether this connection keeps the span totals as
 * cells change (not while a bulk load leaves them for later). */
static void vk_spans_kept(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    const Store *s = sqlite3_user_data(ctx);
    sqlite3_result_int(ctx, !s->spans_deferred);
}

void st_register_span_functions(Store *s)
{
    sqlite3_create_function(s->db, "vk_spans_kept", 0,
                            SQLITE_UTF8 | SQLITE_INNOCUOUS, s, vk_spans_kept,
                            NULL, NULL);
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

/* ---- filling them from the cells (an upgrade) ---- */

/* The spans of one kind, summed in memory: an open-addressing table from
 * (block, unit, role) to a span's counters. */
typedef struct SpanKey {
    long long unit;
    int block, role;
} SpanKey;

typedef struct SpanSlot {
    bool used;
    SpanKey key;
    int v[SPAN_COLS];
} SpanSlot;

typedef struct SpanMap {
    SpanSlot *slot;
    size_t cap, n; /* cap a power of two */
} SpanMap;

static size_t key_hash(const SpanKey *k)
{
    uint64_t h = (uint64_t)k->unit * 0x9e3779b97f4a7c15ull;
    h ^= ((uint64_t)(unsigned)k->block << 8 | (unsigned)k->role) *
         0xbf58476d1ce4e5b9ull;
    return (size_t)(h ^ h >> 31);
}

static SpanSlot *span_slot(SpanMap *m, const SpanKey *k);

static void map_grow(SpanMap *m)
{
    SpanMap big = {xcalloc(m->cap ? m->cap * 2 : 4096, sizeof(SpanSlot)),
                   m->cap ? m->cap * 2 : 4096, 0};
    for (size_t i = 0; i < m->cap; i++)
        if (m->slot[i].used)
            *span_slot(&big, &m->slot[i].key) = m->slot[i];
    free(m->slot);
    *m = big;
}

static SpanSlot *span_slot(SpanMap *m, const SpanKey *k)
{
    if ((m->n + 1) * 10 > m->cap * 7)
        map_grow(m);
    for (size_t i = key_hash(k) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        SpanSlot *sl = &m->slot[i];
        if (!sl->used) {
            memset(sl, 0, sizeof *sl);
            sl->used = true;
            sl->key = *k;
            m->n++;
            return sl;
        }
        if (sl->key.unit == k->unit && sl->key.block == k->block &&
            sl->key.role == k->role)
            return sl;
    }
}

static int slot_cmp(const void *a, const void *b)
{
    const SpanKey *x = &(*(SpanSlot *const *)a)->key;
    const SpanKey *y = &(*(SpanSlot *const *)b)->key;
    if (x->block != y->block)
        return x->block < y->block ? -1 : 1;
    if (x->unit != y->unit)
        return x->unit < y->unit ? -1 : 1;
    return (x->role > y->role) - (x->role < y->role);
}

/* A kind of span: its code, its length, and whether any run of months
 * (else calendar ones). */
typedef struct SpanKind {
    int code, len;
    bool run;
} SpanKind;

/* Adds one cell to every span of the kind that holds its month and in
 * which it is not superseded. */
static void add_cell(SpanMap *m, const SpanKind *kind, sqlite3_stmt *st)
{
    int month = sqlite3_column_int(st, 2), next = sqlite3_column_int(st, 3);
    int v[ROLL_COLS];
    decode_n(sqlite3_column_value(st, 4), v, ROLL_COLS);
    int first = kind->run ? month - kind->len + 1 : month - month % kind->len;
    int last = kind->run ? month : first;
    for (int block = first; block <= last; block++) {
        if (next != 0 && next < block + kind->len)
            continue;
        SpanKey k = {sqlite3_column_int64(st, 0), block,
                     sqlite3_column_int(st, 1)};
        SpanSlot *sl = span_slot(m, &k);
        for (int c = 0; c < ROLL_COLS; c++)
            sl->v[(next ? ROLL_COLS : 0) + c] += v[c];
    }
}

/* Writes a kind's spans in key order (appends to the table's tree). */
static int write_kind(Store *s, const SpanKind *kind, SpanMap *m,
                      const char *what, VkError *err)
{
    SpanSlot **order = xcalloc(m->n + 1, sizeof *order);
    size_t n = 0;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slot[i].used)
            order[n++] = &m->slot[i];
    qsort(order, n, sizeof *order, slot_cmp);
    sqlite3_stmt *st =
        st_prepare(s,
                   "INSERT INTO rollup_spans(span, block, unit_id, role, v) "
                   "VALUES (?, ?, ?, ?, ?)",
                   err, what);
    int rc = st ? 0 : -1;
    for (size_t i = 0; i < n && rc == 0; i++) {
        unsigned char blob[4 * SPAN_COLS];
        for (int c = 0; c < SPAN_COLS; c++)
            put32(blob + 4 * c, order[i]->v[c]);
        sqlite3_bind_int(st, 1, kind->code);
        sqlite3_bind_int(st, 2, order[i]->key.block);
        sqlite3_bind_int64(st, 3, order[i]->key.unit);
        sqlite3_bind_int(st, 4, order[i]->key.role);
        sqlite3_bind_blob(st, 5, blob, sizeof blob, SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = st_fail(s, err, what);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    free(order);
    return rc;
}

int st_fill_spans(Store *s, const char *what, VkError *err)
{
    static const SpanKind kinds[] = {{1, 1, false},
                                     {3, 3, false},
                                     {12, 12, false},
                                     {STORE_SPAN_RUN + 3, 3, true},
                                     {STORE_SPAN_RUN + 12, 12, true}};
    if (st_exec(s, "DELETE FROM rollup_spans", err, what) < 0)
        return -1;
    /* one kind at a time: a few tens of MB at most */
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        sqlite3_stmt *st = st_prepare(
            s, "SELECT unit_id, role, month, next, v FROM rollup", err, what);
        if (!st)
            return -1;
        SpanMap m = {0};
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            add_cell(&m, &kinds[i], st);
        sqlite3_finalize(st);
        rc = rc == SQLITE_DONE ? write_kind(s, &kinds[i], &m, what, err)
                               : st_fail_code(s, rc, err, what);
        free(m.slot);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* The mark a deferred fill leaves in the file until it is done. */
#define SPANS_STALE "report_spans_stale"

int sq_spans_defer(Store *s, VkError *err)
{
    if (sq_set_setting(s, SPANS_STALE, "1", err) < 0)
        return -1;
    s->spans_deferred = true;
    return 0;
}

int sq_spans_refill(Store *s, VkError *err)
{
    const char *what = _("load the data");
    s->spans_deferred = false;
    if (st_begin(s, err, what) < 0)
        return -1;
    if (st_fill_spans(s, what, err) < 0 ||
        st_exec(s, "DELETE FROM settings WHERE key = '" SPANS_STALE "'", err,
                what) < 0)
        return st_rollback(s);
    return st_commit(s, err, what);
}

int st_spans_check(Store *s, VkError *err)
{
    int stale = 0;
    if (st_pragma_int(
            s, "SELECT count(*) FROM settings WHERE key = '" SPANS_STALE "'",
            &stale) < 0)
        return st_fail(s, err, _("read the database"));
    return stale ? sq_spans_refill(s, err) : 0;
}

/* ---- reading ---- */

static const char SPAN_ROWS_SQL[] = "SELECT unit_id, role, v FROM rollup_spans "
                                    "WHERE span = ? AND block = ?";
static const char CELLS_SQL[] =
    "SELECT unit_id, role, month, next, v FROM rollup "
    "WHERE month = ? AND next BETWEEN ? AND ?";
static const char LAST_MONTH_SQL[] =
    "SELECT coalesce(max(block), 0) FROM rollup_spans WHERE span = 1";

int sq_span_rows(Store *s, int span, int block, SpanFn fn, void *ctx,
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

int sq_cells(Store *s, int month, int next_first, int next_last, RollupFn fn,
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

int sq_last_month(Store *s, int *month, VkError *err)
{
    if (st_pragma_int(s, LAST_MONTH_SQL, month) < 0)
        return st_fail(s, err, _("read the report"));
    return 0;
}

int sq_stamp(Store *s, StoreStamp *out, VkError *err)
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

int sq_read_begin(Store *s, bool *began, VkError *err)
{
    *began = sqlite3_get_autocommit(s->db) != 0;
    if (*began && sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        *began = false;
        return st_fail(s, err, _("read the report"));
    }
    return 0;
}

void sq_read_end(Store *s, bool began)
{
    if (began && !sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
}

int sq_explain_spans(Store *s, FILE *out, VkError *err)
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
