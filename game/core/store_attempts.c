/*
 * store_attempts.c - a learner's attempts and answers in the SQLite store
 * (store.h): each answer committed, with the report's totals, before the
 * player moves on; and the learner's own results read back.
 */
#include "store_sqlite.h"

#include "i18n.h"
#include "period.h"
#include "rollup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- attempts and answers ---- */

int sq_latest_attempt(Store *s, long long learner_id, const char *lesson_id,
                         Attempt *out, VkError *err)
{
    sqlite3_stmt *st = st_prepare(
        s,
        "SELECT id, lesson_version, finished_at IS NOT NULL, points, "
        "max_points, position, plan FROM attempts "
        "WHERE learner_id = ? AND lesson_id = ? "
        "ORDER BY started_at DESC, id DESC LIMIT 1",
        err, _("read progress"));
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, learner_id);
    sqlite3_bind_text(st, 2, lesson_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        out->id = sqlite3_column_int64(st, 0);
        snprintf(out->lesson_id, sizeof out->lesson_id, "%s", lesson_id);
        out->lesson_version = sqlite3_column_int(st, 1);
        out->finished = sqlite3_column_int(st, 2) != 0;
        out->points = sqlite3_column_int(st, 3);
        out->max_points = sqlite3_column_int(st, 4);
        snprintf(out->position, sizeof out->position, "%s",
                 (const char *)sqlite3_column_text(st, 5));
        out->plan = xstrdup((const char *)sqlite3_column_text(st, 6));
        found = 1;
    } else if (rc != SQLITE_DONE) {
        found = st_fail(s, err, _("read progress"));
    }
    sqlite3_finalize(st);
    return found;
}

void attempt_clear(Attempt *a)
{
    free(a->plan);
    a->plan = NULL;
}

int sq_start_attempt(Store *s, long long learner_id, const char *lesson_id,
                        int lesson_version, const char *kind, const char *lang,
                        const char *position, const char *plan,
                        long long *attempt_id, VkError *err)
{
    if (st_begin(s, err, _("start the lesson")) < 0)
        return -1;
    sqlite3_stmt *st = st_prepare(
        s,
        "INSERT INTO attempts(learner_id, lesson_id, lesson_version, kind, "
        "lang, started_at, position, plan, uid, waiting) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        err, _("start the lesson"));
    if (!st)
        return st_rollback(s);
    sqlite3_bind_int64(st, 1, learner_id);
    sqlite3_bind_text(st, 2, lesson_id, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, lesson_version);
    sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, lang, -1, SQLITE_STATIC);
    char now[32], uid[37];
    int month;
    st_now(s, now, &month);
    store_new_uid(uid);
    sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, position, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, plan, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, uid, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 10, s->queue);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return st_fail(s, err, _("start the lesson")), st_rollback(s);
    *attempt_id = sqlite3_last_insert_rowid(s->db);
    return st_commit(s, err, _("start the lesson"));
}

/* Who made an attempt, and the item an answer in it is to. */
typedef struct AttemptOwner {
    long long learner, unit;
    int role;
    bool quiz;
    bool finished; /* before this transaction */
    char lesson_id[64];
} AttemptOwner;

static int attempt_owner(Store *s, long long attempt_id, AttemptOwner *o,
                         VkError *err, const char *what)
{
    sqlite3_stmt *st = st_cached(
        s, 0,
        "SELECT t.learner_id, l.unit_id, l.role, t.kind = 'quiz', t.lesson_id, "
        "t.finished_at IS NOT NULL FROM attempts t JOIN learners l ON l.id = t.learner_id "
        "WHERE t.id = ?",
        err, what);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, attempt_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        o->learner = sqlite3_column_int64(st, 0);
        o->unit = sqlite3_column_int64(st, 1);
        int role = role_from_id((const char *)sqlite3_column_text(st, 2));
        o->role = role < 0 ? ROLE_STAFF : role;
        o->quiz = sqlite3_column_int(st, 3) != 0;
        snprintf(o->lesson_id, sizeof o->lesson_id, "%s",
                 (const char *)sqlite3_column_text(st, 4));
        o->finished = sqlite3_column_int(st, 5) != 0;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return 0;
    if (rc == SQLITE_DONE) {
        vk_error_set(err, _("%s: cannot %s: the lesson attempt is missing"),
                     s->path, what);
        return -1;
    }
    return st_fail(s, err, what);
}

int sq_record_answer(Store *s, long long attempt_id, int seq,
                        const char *scene_id, int choice, Topic topic,
                        Result result, VkError *err)
{
    const char *what = _("record your answer");
    if (st_begin(s, err, what) < 0)
        return -1;
    AttemptOwner o;
    if (attempt_owner(s, attempt_id, &o, err, what) < 0)
        return st_rollback(s);
    char now[32];
    int month;
    st_now(s, now, &month);
    sqlite3_stmt *st =
        st_cached(s, 1,
                  "INSERT INTO answers(attempt_id, seq, scene_id, choice, "
                  "topic, result, answered_at, unit_id, role, uid, waiting) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  err, what);
    if (!st)
        return st_rollback(s);
    sqlite3_bind_int64(st, 1, attempt_id);
    sqlite3_bind_int(st, 2, seq);
    sqlite3_bind_text(st, 3, scene_id, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, choice);
    sqlite3_bind_text(st, 5, topic_id(topic), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, result_id(result), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 8, o.unit);
    sqlite3_bind_text(st, 9, role_id((Role)o.role), -1, SQLITE_STATIC);
    char uid[37];
    store_new_uid(uid);
    sqlite3_bind_text(st, 10, uid, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 11, s->queue);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return st_fail(s, err, what), st_rollback(s);
    long long answer_id = sqlite3_last_insert_rowid(s->db);
    /* a quiz question's id names its pool already */
    char *item =
        o.quiz ? xstrdup(scene_id) : xasprintf("%s/%s", o.lesson_id, scene_id);
    rc = st_rollup_answer(s, o.learner, answer_id, now, o.unit, o.role, item,
                          choice, topic, result, month, err);
    free(item);
    if (rc < 0)
        return st_rollback(s);
    return st_commit(s, err, what);
}

int sq_set_position(Store *s, long long attempt_id, const char *scene_id,
                       VkError *err)
{
    const char *what = _("save your place");
    if (st_begin(s, err, what) < 0)
        return -1;
    sqlite3_stmt *st = st_cached(s, 2,
                                 "UPDATE attempts SET position = ?, "
                                 "waiting = waiting OR ? WHERE id = ?",
                                 err, what);
    if (!st)
        return st_rollback(s);
    sqlite3_bind_text(st, 1, scene_id, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, s->queue);
    sqlite3_bind_int64(st, 3, attempt_id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return st_fail(s, err, what), st_rollback(s);
    return st_commit(s, err, what);
}

int sq_finish_attempt(Store *s, long long attempt_id, int points,
                         int max_points, int course_lessons, VkError *err)
{
    const char *what = _("finish the lesson");
    if (st_begin(s, err, what) < 0)
        return -1;
    AttemptOwner o;
    if (attempt_owner(s, attempt_id, &o, err, what) < 0)
        return st_rollback(s);
    char now[32];
    int month;
    st_now(s, now, &month);
    sqlite3_stmt *st =
        st_prepare(s,
                   "UPDATE attempts SET points = ?, max_points = ?, "
                   "finished_at = ?, position = '', waiting = waiting OR ? "
                   "WHERE id = ?",
                   err, what);
    if (!st)
        return st_rollback(s);
    sqlite3_bind_int(st, 1, points);
    sqlite3_bind_int(st, 2, max_points);
    sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, s->queue);
    sqlite3_bind_int64(st, 5, attempt_id);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return st_fail(s, err, what), st_rollback(s);
    /* A quiz is completed when finished; the course when every lesson of
     * it has been finished since the learner last completed it. Finishing
     * an attempt again (two machines at once: the second waits for the
     * first's transaction) completes nothing more. */
    int done = o.quiz && !o.finished;
    /* what counts for participation: the course for managers, a quiz for
     * staff (every completion goes into the register) */
    bool counts = o.quiz == (o.role == ROLE_STAFF);
    if (!o.quiz && !o.finished && course_lessons > 0) {
        st = st_prepare(
            s,
            "SELECT count(DISTINCT t.lesson_id) FROM attempts t "
            "WHERE t.learner_id = ?1 AND t.kind = 'course' "
            "AND t.finished_at IS NOT NULL AND t.finished_at >= coalesce(("
            "  SELECT max(completed_at) FROM completions "
            "  WHERE learner_id = ?1 AND kind = 'course'), '') "
            "AND t.id NOT IN (SELECT attempt_id FROM completions "
            "  WHERE learner_id = ?1 AND kind = 'course')",
            err, what);
        if (!st)
            return st_rollback(s);
        sqlite3_bind_int64(st, 1, o.learner);
        rc = sqlite3_step(st);
        int finished = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
        sqlite3_finalize(st);
        if (finished < 0)
            return st_fail(s, err, what), st_rollback(s);
        done = finished >= course_lessons;
    }
    if (done) {
        st = st_prepare(s,
                        "INSERT INTO completions(learner_id, attempt_id, "
                        "kind, unit_id, role, completed_at) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        err, what);
        if (!st)
            return st_rollback(s);
        sqlite3_bind_int64(st, 1, o.learner);
        sqlite3_bind_int64(st, 2, attempt_id);
        sqlite3_bind_text(st, 3, o.quiz ? "quiz" : "course", -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, o.unit);
        sqlite3_bind_text(st, 5, role_id((Role)o.role), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        sqlite3_finalize(st);
        long long completion_id = sqlite3_last_insert_rowid(s->db);
        if (rc != SQLITE_DONE ||
            (counts && st_rollup_completion(s, o.learner, completion_id, now,
                                            o.unit, o.role, month, err) < 0))
            return (rc != SQLITE_DONE ? st_fail(s, err, what) : -1),
                   st_rollback(s);
    }
    return st_commit(s, err, what);
}

int sq_attempt_answers(Store *s, long long attempt_id, StoredAnswer **out,
                          int *n, VkError *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = st_prepare(s,
                                  "SELECT seq, scene_id, choice FROM answers "
                                  "WHERE attempt_id = ? ORDER BY seq",
                                  err, _("read your answers"));
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, attempt_id);
    int cap = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *out = xrealloc(*out, (size_t)cap * sizeof **out);
        }
        StoredAnswer *a = &(*out)[(*n)++];
        a->seq = sqlite3_column_int(st, 0);
        snprintf(a->scene_id, sizeof a->scene_id, "%s",
                 (const char *)sqlite3_column_text(st, 1));
        a->choice = sqlite3_column_int(st, 2);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        free(*out);
        *out = NULL;
        *n = 0;
        return st_fail(s, err, _("read your answers"));
    }
    return 0;
}

/* ---- a learner's own results ---- */

int sq_topic_levels(Store *s, long long learner_id, TopicLevels *out,
                       VkError *err)
{
    for (int t = 0; t < TOPIC_COUNT; t++) {
        out->level[t] = -1;
        out->answered[t] = 0;
    }
    /* the latest answer to each decision or question counts */
    sqlite3_stmt *st = st_prepare(
        s,
        "SELECT topic, avg(CASE result WHEN 'correct' THEN 1.0 "
        "  WHEN 'partly' THEN 0.5 ELSE 0.0 END), count(*) FROM ("
        "  SELECT a.topic, a.result, row_number() OVER ("
        "    PARTITION BY t.lesson_id, a.scene_id ORDER BY a.id DESC) AS n"
        "  FROM answers a JOIN attempts t ON t.id = a.attempt_id"
        "  WHERE t.learner_id = ?) WHERE n = 1 GROUP BY topic",
        err, _("read your results"));
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, learner_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        Topic t = topic_from_id((const char *)sqlite3_column_text(st, 0));
        if (t == TOPIC_NONE)
            continue;
        out->level[t] = sqlite3_column_double(st, 1);
        out->answered[t] = sqlite3_column_int(st, 2);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : st_fail(s, err, _("read your results"));
}

int sq_recent_correct(Store *s, long long learner_id, int days, char ***out,
                         int *n, VkError *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = st_prepare(
        s,
        "SELECT DISTINCT a.scene_id FROM answers a "
        "JOIN attempts t ON t.id = a.attempt_id "
        "WHERE t.learner_id = ? AND t.kind = 'quiz' AND a.result = 'correct' "
        "AND a.answered_at >= strftime('%Y-%m-%dT%H:%M:%SZ', ?, ?)",
        err, _("read your results"));
    if (!st)
        return -1;
    /* days back from the store's clock, as the answers were stamped */
    char now[32], since[32];
    int month;
    st_now(s, now, &month);
    snprintf(since, sizeof since, "-%d days", days);
    sqlite3_bind_int64(st, 1, learner_id);
    sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, since, -1, SQLITE_TRANSIENT);
    int rc, cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 32;
            *out = xrealloc(*out, (size_t)cap * sizeof **out);
        }
        (*out)[(*n)++] = xstrdup((const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : st_fail(s, err, _("read your results"));
}

int sq_quiz_history(Store *s, long long learner_id, int max,
                       QuizResult **out, int *n, VkError *err)
{
    *out = xcalloc((size_t)(max > 0 ? max : 1), sizeof **out);
    *n = 0;
    sqlite3_stmt *st = st_prepare(
        s,
        "SELECT finished_at, points, max_points FROM attempts "
        "WHERE learner_id = ? AND kind = 'quiz' AND finished_at IS NOT NULL "
        "ORDER BY id DESC LIMIT ?",
        err, _("read your results"));
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, learner_id);
    sqlite3_bind_int(st, 2, max);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
        QuizResult *r = &(*out)[(*n)++];
        snprintf(r->finished_at, sizeof r->finished_at, "%s",
                 (const char *)sqlite3_column_text(st, 0));
        int possible = sqlite3_column_int(st, 2);
        r->score = score_percent(sqlite3_column_int(st, 1), possible);
        r->questions = possible / SCORE_MAX_PER_DECISION;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return st_fail(s, err, _("read your results"));
    return 0;
}
