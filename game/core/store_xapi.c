/*
 * store_xapi.c - the SQLite store's side of the xAPI export (store.h):
 * the attempts and answers it is made of, read in one pass in one
 * snapshot, and the statements each learning record store has accepted.
 */
#include "store_sqlite.h"

#include "i18n.h"

#include <stdlib.h>
#include <string.h>

#define EXPORT_SQL                                                          \
    "SELECT t.id, t.uid, t.learner_id, l.unit_id, l.role, t.lesson_id, "     \
    "  t.lesson_version, t.kind, t.lang, t.started_at, t.finished_at, "     \
    "  t.points, t.max_points, a.seq, a.scene_id, a.choice, a.result, "     \
    "  a.answered_at, a.uid "                                               \
    "FROM attempts t JOIN learners l ON l.id = t.learner_id "               \
    "LEFT JOIN answers a ON a.attempt_id = t.id "                           \
    "WHERE ?1 IS NULL OR t.started_at >= ?1 OR t.finished_at >= ?1 "        \
    "  OR EXISTS (SELECT 1 FROM answers b WHERE b.attempt_id = t.id "       \
    "             AND b.answered_at >= ?1) "                                \
    "ORDER BY t.id, a.seq"

/* One attempt as it is gathered from its rows; the strings are copies,
 * since SQLite's change as the statement steps. */
typedef struct Gather {
    StoreExportAttempt a;
    StoreExportAnswer *answers;
    int cap;
    Arena arena;
} Gather;

static const char *text(Gather *g, sqlite3_stmt *st, int col)
{
    const char *v = (const char *)sqlite3_column_text(st, col);
    return v ? arena_strdup(&g->arena, v) : NULL;
}

static void gather_attempt(Gather *g, sqlite3_stmt *st)
{
    arena_free(&g->arena);
    memset(&g->a, 0, sizeof g->a);
    g->a.id = sqlite3_column_int64(st, 0);
    g->a.uid = text(g, st, 1);
    g->a.learner = sqlite3_column_int64(st, 2);
    g->a.unit = sqlite3_column_int64(st, 3);
    int role = role_from_id((const char *)sqlite3_column_text(st, 4));
    g->a.role = role < 0 ? ROLE_STAFF : (Role)role;
    g->a.lesson_id = text(g, st, 5);
    g->a.version = sqlite3_column_int(st, 6);
    g->a.kind = text(g, st, 7);
    g->a.lang = text(g, st, 8);
    g->a.started = text(g, st, 9);
    g->a.finished = text(g, st, 10);
    g->a.points = sqlite3_column_int(st, 11);
    g->a.max_points = sqlite3_column_int(st, 12);
}

static void gather_answer(Gather *g, sqlite3_stmt *st)
{
    if (sqlite3_column_type(st, 13) == SQLITE_NULL)
        return; /* an attempt without answers */
    if (g->a.nanswers == g->cap) {
        g->cap = g->cap ? 2 * g->cap : 16;
        g->answers = xrealloc(g->answers, (size_t)g->cap * sizeof *g->answers);
    }
    StoreExportAnswer *x = &g->answers[g->a.nanswers++];
    x->seq = sqlite3_column_int(st, 13);
    x->scene_id = text(g, st, 14);
    x->choice = sqlite3_column_int(st, 15);
    int r = result_from_id((const char *)sqlite3_column_text(st, 16));
    x->result = r < 0 ? RESULT_WRONG : (Result)r;
    x->at = text(g, st, 17);
    x->uid = text(g, st, 18);
}

static int hand_over(Gather *g, ExportAttemptFn fn, void *ctx, VkError *err)
{
    g->a.answers = g->answers;
    return fn(ctx, &g->a, err);
}

int sq_export_attempts(Store *s, const char *since, ExportAttemptFn fn,
                       void *ctx, VkError *err)
{
    const char *what = _("read the attempts for the xAPI export");
    bool began;
    if (sq_read_begin(s, &began, err) < 0)
        return -1;
    sqlite3_stmt *st = st_prepare(s, EXPORT_SQL, err, what);
    if (!st) {
        sq_read_end(s, began);
        return -1;
    }
    if (since)
        sqlite3_bind_text(st, 1, since, -1, SQLITE_STATIC);
    Gather g = {0};
    bool have = false;
    int rc, status = 0;
    while (status == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        if (have && id != g.a.id)
            status = hand_over(&g, fn, ctx, err);
        if (status == 0 && (!have || id != g.a.id))
            gather_attempt(&g, st);
        have = true;
        if (status == 0)
            gather_answer(&g, st);
    }
    if (status == 0 && rc != SQLITE_DONE)
        status = st_fail(s, err, what);
    if (status == 0 && have)
        status = hand_over(&g, fn, ctx, err);
    sqlite3_finalize(st);
    sq_read_end(s, began);
    arena_free(&g.arena);
    free(g.answers);
    return status;
}

int sq_xapi_sent(Store *s, const char *endpoint, SentFn fn, void *ctx,
                 VkError *err)
{
    const char *what = _("read what was sent to the learning record store");
    sqlite3_stmt *st = st_prepare(
        s, "SELECT id FROM xapi_sent WHERE endpoint = ?", err, what);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, endpoint, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        fn(ctx, (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : st_fail(s, err, what);
}

int sq_xapi_mark_sent(Store *s, const char *endpoint, const char *const *ids,
                      int n, VkError *err)
{
    const char *what = _("remember what was sent to the learning record "
                         "store");
    if (st_begin(s, err, what) < 0)
        return -1;
    sqlite3_stmt *st = st_prepare(
        s, "INSERT OR IGNORE INTO xapi_sent(endpoint, id) VALUES (?, ?)", err,
        what);
    int rc = st ? 0 : -1;
    for (int i = 0; i < n && rc == 0; i++) {
        sqlite3_bind_text(st, 1, endpoint, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, ids[i], -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = st_fail(s, err, what);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    if (rc < 0)
        return st_rollback(s);
    return st_commit(s, err, what);
}
