/*
 * store_totals.c - the tables of the report's running totals, one
 * statement each: a rollup cell's counters as one blob (and vk_add, the
 * SQL function that adds two of them), the per-decision counts of
 * item_months, and each learner's latest state per decision and per topic
 * (learner_items, learner_presence). The live path, the rebuild and the
 * bulk loader all write through these (see store_totals.h).
 */
#include "store_totals.h"

#include <stdint.h>
#include <string.h>

static void cell_encode(const int *v, unsigned char *out)
{
    for (int c = 0; c < ROLL_COLS; c++) {
        uint32_t u = (uint32_t)v[c];
        out[4 * c] = (unsigned char)u;
        out[4 * c + 1] = (unsigned char)(u >> 8);
        out[4 * c + 2] = (unsigned char)(u >> 16);
        out[4 * c + 3] = (unsigned char)(u >> 24);
    }
}

void st_cell_decode(const unsigned char *b, int n, int *v)
{
    for (int c = 0; c < ROLL_COLS; c++)
        v[c] = 4 * c + 4 <= n
                   ? (int)((uint32_t)b[4 * c] | (uint32_t)b[4 * c + 1] << 8 |
                           (uint32_t)b[4 * c + 2] << 16 |
                           (uint32_t)b[4 * c + 3] << 24)
                   : 0;
}

static void vk_add(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int a[ROLL_COLS], b[ROLL_COLS];
    st_cell_decode(sqlite3_value_blob(argv[0]), sqlite3_value_bytes(argv[0]),
                   a);
    st_cell_decode(sqlite3_value_blob(argv[1]), sqlite3_value_bytes(argv[1]),
                   b);
    for (int c = 0; c < ROLL_COLS; c++)
        a[c] += b[c];
    unsigned char out[4 * ROLL_COLS];
    cell_encode(a, out);
    sqlite3_result_blob(ctx, out, sizeof out, SQLITE_TRANSIENT);
}

void st_register_functions(Store *s)
{
    sqlite3_create_function(s->db, "vk_add", 2,
                            SQLITE_UTF8 | SQLITE_DETERMINISTIC |
                                SQLITE_INNOCUOUS,
                            NULL, vk_add, NULL, NULL);
}

int st_cell_add(Store *s, const RollDelta *d, VkError *err, const char *what)
{
    sqlite3_stmt *st = st_cached(s, SLOT_ROLLUP_ADD, ROLLUP_ADD_SQL, err, what);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, d->key.unit);
    sqlite3_bind_int(st, 2, d->key.role);
    sqlite3_bind_int(st, 3, d->key.month);
    sqlite3_bind_int(st, 4, d->key.next);
    unsigned char v[4 * ROLL_COLS];
    cell_encode(d->v, v);
    sqlite3_bind_blob(st, 5, v, sizeof v, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : st_fail(s, err, what);
}

int st_item_count(Store *s, long long unit, int month, int role,
                  const char *item, int choice, int result, int n, VkError *err,
                  const char *what)
{
    sqlite3_stmt *st = st_cached(s, SLOT_ITEM_COUNT, ITEM_COUNT_SQL, err, what);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, unit);
    sqlite3_bind_int(st, 2, month);
    sqlite3_bind_int(st, 3, role);
    sqlite3_bind_text(st, 4, item, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, choice);
    sqlite3_bind_int(st, 6, result);
    sqlite3_bind_int(st, 7, n);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return st_fail(s, err, what);
    if (n >= 0)
        return 0;
    /* a count taken back to 0 (a replay moved it) is no row at all, as a
     * rebuild leaves it */
    st = st_prepare(s,
                    "DELETE FROM item_months WHERE unit_id = ? AND month = ? "
                    "AND role = ? AND item = ? AND choice = ? AND n = 0",
                    err, what);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, unit);
    sqlite3_bind_int(st, 2, month);
    sqlite3_bind_int(st, 3, role);
    sqlite3_bind_text(st, 4, item, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, choice);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : st_fail(s, err, what);
}

int st_presence_get(Store *s, long long learner, int what_id, PresenceState *p,
                    VkError *err, const char *what)
{
    sqlite3_stmt *st =
        st_cached(s, SLOT_PRESENCE_GET, PRESENCE_GET_SQL, err, what);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, learner);
    sqlite3_bind_int(st, 2, what_id);
    int rc = sqlite3_step(st);
    memset(p, 0, sizeof *p);
    if (rc == SQLITE_ROW)
        *p = (PresenceState){true, sqlite3_column_int(st, 0),
                             sqlite3_column_int64(st, 1),
                             sqlite3_column_int(st, 2)};
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : st_fail(s, err, what);
}

int st_presence_put(Store *s, long long learner, int what_id,
                    const PresenceState *p, VkError *err, const char *what)
{
    sqlite3_stmt *st =
        st_cached(s, SLOT_PRESENCE_PUT,
                  "INSERT OR REPLACE INTO learner_presence(learner_id, what, "
                  "month, unit_id, role) VALUES (?, ?, ?, ?, ?)",
                  err, what);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, learner);
    sqlite3_bind_int(st, 2, what_id);
    sqlite3_bind_int(st, 3, p->month);
    sqlite3_bind_int64(st, 4, p->unit);
    sqlite3_bind_int(st, 5, p->role);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : st_fail(s, err, what);
}

int st_item_put(Store *s, long long learner, const char *item,
                const ItemState *it, VkError *err, const char *what)
{
    sqlite3_stmt *st =
        st_cached(s, SLOT_ITEM_PUT,
                  "INSERT OR REPLACE INTO learner_items(learner_id, item, "
                  "month, credit, unit_id, role, topic) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?)",
                  err, what);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, learner);
    sqlite3_bind_text(st, 2, item, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, it->month);
    sqlite3_bind_int(st, 4, it->credit);
    sqlite3_bind_int64(st, 5, it->unit);
    sqlite3_bind_int(st, 6, it->role);
    sqlite3_bind_int(st, 7, it->topic);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : st_fail(s, err, what);
}

int st_item_get(Store *s, long long learner, const char *item, ItemState *it,
                VkError *err, const char *what)
{
    sqlite3_stmt *st = st_cached(s, SLOT_ITEM_GET, ITEM_GET_SQL, err, what);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, learner);
    sqlite3_bind_text(st, 2, item, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    memset(it, 0, sizeof *it);
    if (rc == SQLITE_ROW)
        *it = (ItemState){true,
                          sqlite3_column_int(st, 0),
                          sqlite3_column_int(st, 1),
                          sqlite3_column_int64(st, 2),
                          sqlite3_column_int(st, 3),
                          sqlite3_column_int(st, 4)};
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : st_fail(s, err, what);
}
