/*
 * store_pg_queue.c - the server's side of a workstation's queue
 * (store_queue.h): an attempt and its answers stored by their uids, so
 * that one sent twice (the workstation lost the server's reply) lands
 * once; and a learner's attempts given back, for the machine they sit at
 * next. Row-level security keeps both to the connection's own learner.
 */
#include "store_pg.h"
#include "store_queue.h"

#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool pgs_connected(const Store *s)
{
    return PQstatus(((const PgStore *)s)->conn) == CONNECTION_OK;
}

typedef struct PutJob {
    const QueuedAttempt *a;
    int course_lessons;
} PutJob;

static int put_answers(PgStore *p, const QueuedAttempt *a, VkError *err,
                       const char *what)
{
    for (int i = 0; i < a->nanswers; i++) {
        const QueuedAnswer *q = &a->answers[i];
        PgArgs args = {0};
        pa_text(&args, a->uid);
        pa_int(&args, q->seq);
        pa_text(&args, q->scene_id);
        pa_int(&args, q->choice);
        pa_text(&args, q->topic);
        pa_text(&args, q->result);
        pa_text(&args, q->at);
        pa_text(&args, q->uid);
        if (pg_do(p,
                  "INSERT INTO vaksam.answers(attempt_id, seq, scene_id, "
                  "choice, topic, result, answered_at, unit_id, role, uid) "
                  "SELECT t.id, $2, $3, $4, $5, $6, $7, 0, '', $8 "
                  "FROM vaksam.attempts t WHERE t.uid = $1 "
                  "ON CONFLICT DO NOTHING",
                  &args, err, what) < 0)
            return -1;
    }
    return 0;
}

static int put(PgStore *p, void *ctx, VkError *err)
{
    const PutJob *job = ctx;
    const QueuedAttempt *a = job->a;
    const char *what = _("send your answers");
    PgArgs args = {0};
    pa_text(&args, a->uid);
    pa_text(&args, a->login);
    pa_text(&args, a->lesson_id);
    pa_int(&args, a->lesson_version);
    pa_text(&args, a->kind);
    pa_text(&args, a->lang);
    pa_text(&args, a->started_at);
    pa_text(&args, a->position);
    pa_text(&args, a->plan ? a->plan : "");
    /* the attempt, unless it is there; its place moves on only while it
     * goes on (a finished one is finished) */
    PGresult *r = pg_run(
        p,
        "INSERT INTO vaksam.attempts(uid, learner_id, lesson_id, "
        "lesson_version, kind, lang, started_at, position, plan) "
        "SELECT $1, l.id, $3, $4, $5, $6, $7, $8, $9 FROM vaksam.learners l "
        "WHERE l.login = $2 "
        "ON CONFLICT (uid) DO UPDATE SET position = excluded.position "
        "WHERE vaksam.attempts.finished_at IS NULL RETURNING id",
        &args, err, what);
    if (!r)
        return -1;
    PQclear(r);
    PgArgs id = {0};
    pa_text(&id, a->uid);
    r = pg_run(p, "SELECT id FROM vaksam.attempts WHERE uid = $1", &id, err,
               what);
    if (!r)
        return -1;
    long long attempt = PQntuples(r) ? pg_ll(r, 0, 0) : 0;
    PQclear(r);
    if (!attempt) { /* not this connection's learner, or not there */
        vk_error_set(err, _("%s: cannot %s: the server has no learner %s"),
                     p->where, what, a->login);
        return -1;
    }
    if (put_answers(p, a, err, what) < 0)
        return -1;
    if (!a->finished_at[0])
        return 0;
    return pgs_finish_in(p, attempt, a->points, a->max_points,
                         job->course_lessons, a->finished_at, err);
}

int pgs_queue_put(Store *s, const QueuedAttempt *a, int course_lessons,
                  VkError *err)
{
    PutJob job = {a, course_lessons};
    return pg_write((PgStore *)s, put, &job, err, _("send your answers"));
}

/* The answers of the learner's attempts, attached to them (out holds the
 * attempts in id order). */
static int all_answers(PgStore *p, QueuedAttempt *out, int n, VkError *err)
{
    PGresult *r = pg_run(
        p,
        "SELECT t.uid, a.uid, a.seq, a.scene_id, a.choice, a.topic, "
        "a.result, " PG_ISO("a.answered_at") " FROM vaksam.answers a "
        "JOIN vaksam.attempts t ON t.id = a.attempt_id "
        "JOIN vaksam.learners l ON l.id = t.learner_id "
        "WHERE l.login = current_user ORDER BY t.id, a.seq",
        NULL, err, _("read your progress from the server"));
    if (!r)
        return -1;
    int rows = PQntuples(r), at = 0;
    for (int i = 0; i < rows; i++) {
        while (at < n && strcmp(out[at].uid, pg_str(r, i, 0)) != 0)
            at++;
        if (at == n) /* rows come in the attempts' order */
            break;
        QueuedAttempt *a = &out[at];
        a->answers =
            xrealloc(a->answers, (size_t)(a->nanswers + 1) * sizeof *a->answers);
        QueuedAnswer *q = &a->answers[a->nanswers++];
        snprintf(q->uid, sizeof q->uid, "%s", pg_str(r, i, 1));
        q->seq = (int)pg_ll(r, i, 2);
        snprintf(q->scene_id, sizeof q->scene_id, "%s", pg_str(r, i, 3));
        q->choice = (int)pg_ll(r, i, 4);
        snprintf(q->topic, sizeof q->topic, "%s", pg_str(r, i, 5));
        snprintf(q->result, sizeof q->result, "%s", pg_str(r, i, 6));
        snprintf(q->at, sizeof q->at, "%s", pg_str(r, i, 7));
    }
    PQclear(r);
    return 0;
}

int pgs_queue_all(Store *s, QueuedAttempt **out, int *n, VkError *err)
{
    PgStore *p = (PgStore *)s;
    *out = NULL;
    *n = 0;
    PGresult *r = pg_run(
        p,
        "SELECT t.id, l.login, t.uid, t.lesson_id, t.lesson_version, t.kind, "
        "t.lang, " PG_ISO("t.started_at") ", coalesce(" PG_ISO("t.finished_at")
        ", ''), t.points, t.max_points, t.position, t.plan "
        "FROM vaksam.attempts t JOIN vaksam.learners l ON l.id = t.learner_id "
        "WHERE l.login = current_user ORDER BY t.id",
        NULL, err, _("read your progress from the server"));
    if (!r)
        return -1;
    *n = PQntuples(r);
    *out = xcalloc((size_t)(*n > 0 ? *n : 1), sizeof **out);
    for (int i = 0; i < *n; i++) {
        QueuedAttempt *a = &(*out)[i];
        a->id = pg_ll(r, i, 0);
        snprintf(a->login, sizeof a->login, "%s", pg_str(r, i, 1));
        snprintf(a->uid, sizeof a->uid, "%s", pg_str(r, i, 2));
        snprintf(a->lesson_id, sizeof a->lesson_id, "%s", pg_str(r, i, 3));
        a->lesson_version = (int)pg_ll(r, i, 4);
        snprintf(a->kind, sizeof a->kind, "%s", pg_str(r, i, 5));
        snprintf(a->lang, sizeof a->lang, "%s", pg_str(r, i, 6));
        snprintf(a->started_at, sizeof a->started_at, "%s", pg_str(r, i, 7));
        snprintf(a->finished_at, sizeof a->finished_at, "%s", pg_str(r, i, 8));
        a->points = (int)pg_ll(r, i, 9);
        a->max_points = (int)pg_ll(r, i, 10);
        snprintf(a->position, sizeof a->position, "%s", pg_str(r, i, 11));
        a->plan = xstrdup(pg_str(r, i, 12));
    }
    PQclear(r);
    if (all_answers(p, *out, *n, err) < 0) {
        queued_free_all(*out, *n);
        *out = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}
