/*
 * store_sqlite_queue.c - a workstation's SQLite store as the queue of what
 * goes to the organisation's server (store_queue.h). In a queue (the
 * setting "queue", Store.queue) every answer and every new or changed
 * attempt is written "waiting" in the transaction that stores it (schema
 * 8); it stops waiting only once the server has committed it.
 */
#include "store_queue.h"
#include "store_sqlite.h"

#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void queued_clear(QueuedAttempt *a)
{
    free(a->plan);
    free(a->answers);
    memset(a, 0, sizeof *a);
}

void queued_free_all(QueuedAttempt *a, int n)
{
    for (int i = 0; i < n; i++)
        queued_clear(&a[i]);
    free(a);
}

static void copy_text(char *out, size_t n, sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    snprintf(out, n, "%s", t ? (const char *)t : "");
}

/* The attempt's answers the server has not had. */
static int queue_answers(Store *s, QueuedAttempt *a, VkError *err)
{
    sqlite3_stmt *st = st_prepare(
        s,
        "SELECT uid, seq, scene_id, choice, topic, result, answered_at "
        "FROM answers WHERE attempt_id = ? AND waiting = 1 ORDER BY seq",
        err, _("send your answers"));
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, a->id);
    int cap = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (a->nanswers == cap) {
            cap = cap ? 2 * cap : 8;
            a->answers = xrealloc(a->answers, (size_t)cap * sizeof *a->answers);
        }
        QueuedAnswer *q = &a->answers[a->nanswers++];
        copy_text(q->uid, sizeof q->uid, st, 0);
        q->seq = sqlite3_column_int(st, 1);
        copy_text(q->scene_id, sizeof q->scene_id, st, 2);
        q->choice = sqlite3_column_int(st, 3);
        copy_text(q->topic, sizeof q->topic, st, 4);
        copy_text(q->result, sizeof q->result, st, 5);
        copy_text(q->at, sizeof q->at, st, 6);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : st_fail(s, err, _("send your answers"));
}

int sq_queue_next(Store *s, QueuedAttempt *out, VkError *err)
{
    memset(out, 0, sizeof *out);
    /* a queue is made new, at schema 8: everything waiting has a uid */
    sqlite3_stmt *st = st_prepare(
        s,
        "SELECT t.id, l.login, t.uid, t.lesson_id, t.lesson_version, t.kind, "
        "t.lang, t.started_at, coalesce(t.finished_at, ''), t.points, "
        "t.max_points, t.position, t.plan FROM attempts t "
        "JOIN learners l ON l.id = t.learner_id WHERE t.waiting = 1 OR t.id IN "
        "(SELECT attempt_id FROM answers WHERE waiting = 1) "
        "ORDER BY t.id LIMIT 1",
        err, _("send your answers"));
    if (!st)
        return -1;
    int rc = sqlite3_step(st), found = rc == SQLITE_ROW;
    if (found) {
        out->id = sqlite3_column_int64(st, 0);
        copy_text(out->login, sizeof out->login, st, 1);
        copy_text(out->uid, sizeof out->uid, st, 2);
        copy_text(out->lesson_id, sizeof out->lesson_id, st, 3);
        out->lesson_version = sqlite3_column_int(st, 4);
        copy_text(out->kind, sizeof out->kind, st, 5);
        copy_text(out->lang, sizeof out->lang, st, 6);
        copy_text(out->started_at, sizeof out->started_at, st, 7);
        copy_text(out->finished_at, sizeof out->finished_at, st, 8);
        out->points = sqlite3_column_int(st, 9);
        out->max_points = sqlite3_column_int(st, 10);
        copy_text(out->position, sizeof out->position, st, 11);
        out->plan = xstrdup((const char *)sqlite3_column_text(st, 12));
    }
    sqlite3_finalize(st);
    if (!found)
        return rc == SQLITE_DONE ? 0 : st_fail(s, err, _("send your answers"));
    if (queue_answers(s, out, err) < 0) {
        queued_clear(out);
        return -1;
    }
    return 1;
}

int sq_queue_sent(Store *s, const QueuedAttempt *a, VkError *err)
{
    const char *what = _("send your answers");
    if (st_begin(s, err, what) < 0)
        return -1;
    sqlite3_stmt *st = st_prepare(
        s, "UPDATE answers SET waiting = 0 WHERE uid = ?", err, what);
    if (!st)
        return st_rollback(s);
    int rc = 0;
    for (int i = 0; i < a->nanswers && rc == 0; i++) {
        sqlite3_bind_text(st, 1, a->answers[i].uid, -1, SQLITE_STATIC);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : st_fail(s, err, what);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    /* only as it was sent: a change since then goes again */
    st = rc == 0 ? st_prepare(s,
                              "UPDATE attempts SET waiting = 0 WHERE id = ? AND "
                              "position = ? AND coalesce(finished_at, '') = ?",
                              err, what)
                 : NULL;
    if (!st)
        return st_rollback(s);
    sqlite3_bind_int64(st, 1, a->id);
    sqlite3_bind_text(st, 2, a->position, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, a->finished_at, -1, SQLITE_STATIC);
    rc = sqlite3_step(st) == SQLITE_DONE ? 0 : st_fail(s, err, what);
    sqlite3_finalize(st);
    return rc < 0 ? st_rollback(s) : st_commit(s, err, what);
}

int sq_queue_waiting(Store *s, int *answers, int *attempts, VkError *err)
{
    if (st_pragma_int(s, "SELECT count(*) FROM answers WHERE waiting = 1",
                      answers) < 0 ||
        st_pragma_int(s, "SELECT count(*) FROM attempts WHERE waiting = 1",
                      attempts) < 0)
        return st_fail(s, err, _("send your answers"));
    return 0;
}

/* The answers of a that this store lacks, as the server has them. */
static int take_answers(Store *s, long long attempt, const QueuedAttempt *a,
                        VkError *err, const char *what)
{
    sqlite3_stmt *st = st_prepare(
        s,
        "INSERT INTO answers(attempt_id, seq, scene_id, choice, topic, "
        "result, answered_at, unit_id, role, uid) SELECT ?, ?, ?, ?, ?, ?, "
        "?, l.unit_id, l.role, ? FROM attempts t JOIN learners l ON l.id = "
        "t.learner_id WHERE t.id = ?1 "
        "ON CONFLICT DO NOTHING",
        err, what);
    if (!st)
        return -1;
    int rc = 0;
    for (int i = 0; i < a->nanswers && rc == 0; i++) {
        const QueuedAnswer *q = &a->answers[i];
        sqlite3_bind_int64(st, 1, attempt);
        sqlite3_bind_int(st, 2, q->seq);
        sqlite3_bind_text(st, 3, q->scene_id, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 4, q->choice);
        sqlite3_bind_text(st, 5, q->topic, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, q->result, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 7, q->at, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 8, q->uid, -1, SQLITE_STATIC);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : st_fail(s, err, what);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return rc;
}

int sq_queue_take(Store *s, long long learner_id, const QueuedAttempt *a,
                  VkError *err)
{
    const char *what = _("read your progress from the server");
    if (st_begin(s, err, what) < 0)
        return -1;
    /* new here: the whole attempt; known: the server's state, unless this
     * machine has a change of its own still waiting to go */
    sqlite3_stmt *st = st_prepare(
        s,
        "INSERT INTO attempts(learner_id, lesson_id, lesson_version, kind, "
        "lang, started_at, finished_at, points, max_points, position, plan, "
        "uid) VALUES (?, ?, ?, ?, ?, ?, nullif(?, ''), ?, ?, ?, ?, ?) "
        "ON CONFLICT(uid) DO UPDATE SET finished_at = excluded.finished_at, "
        "points = excluded.points, max_points = excluded.max_points, "
        "position = excluded.position WHERE waiting = 0 "
        "RETURNING id",
        err, what);
    if (!st)
        return st_rollback(s);
    sqlite3_bind_int64(st, 1, learner_id);
    sqlite3_bind_text(st, 2, a->lesson_id, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, a->lesson_version);
    sqlite3_bind_text(st, 4, a->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, a->lang, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, a->started_at, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, a->finished_at, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 8, a->points);
    sqlite3_bind_int(st, 9, a->max_points);
    sqlite3_bind_text(st, 10, a->position, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 11, a->plan ? a->plan : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 12, a->uid, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    long long id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_fail(s, err, what), st_rollback(s);
    if (!id) { /* kept as it is here: find it for its answers */
        st = st_prepare(s, "SELECT id FROM attempts WHERE uid = ?", err, what);
        if (!st)
            return st_rollback(s);
        sqlite3_bind_text(st, 1, a->uid, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            id = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    if (!id || take_answers(s, id, a, err, what) < 0)
        return (id ? -1 : st_fail(s, err, what)), st_rollback(s);
    return st_commit(s, err, what);
}

int sq_queue_units(Store *s, const Unit *units, int n, VkError *err)
{
    const char *what = _("read the organisation from the server");
    if (st_begin(s, err, what) < 0)
        return -1;
    sqlite3_stmt *st = st_prepare(
        s,
        "INSERT INTO units(id, name, parent_id) VALUES (?, ?, nullif(?, 0)) "
        "ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
        "parent_id = excluded.parent_id",
        err, what);
    if (!st)
        return st_rollback(s);
    int rc = 0;
    /* tree order: a parent is in before its children */
    for (int i = 0; i < n && rc == 0; i++) {
        sqlite3_bind_int64(st, 1, units[i].id);
        sqlite3_bind_text(st, 2, units[i].name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, units[i].parent_id);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : st_fail(s, err, what);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return rc < 0 ? st_rollback(s) : st_commit(s, err, what);
}
