/*
 * store_pg_attempts.c - a learner's attempts and answers in the
 * PostgreSQL store (store.h): each answer committed before the player
 * moves on, and the learner's own results read back. Row-level security
 * (store_pg.c) keeps a learner's connection to its own attempts; the
 * server stamps every answer and completion with the learner's unit and
 * role.
 */
#include "store_pg.h"

#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pgs_latest_attempt(Store *s, long long learner_id, const char *lesson_id,
                       Attempt *out, VkError *err)
{
    PgArgs a = {0};
    pa_int(&a, learner_id);
    pa_text(&a, lesson_id);
    PGresult *r = pg_run(
        (PgStore *)s,
        "SELECT id, lesson_version, finished_at IS NOT NULL, points, "
        "max_points, position, plan FROM vaksam.attempts "
        "WHERE learner_id = $1 AND lesson_id = $2 ORDER BY id DESC LIMIT 1",
        &a, err, _("read progress"));
    if (!r)
        return -1;
    int found = PQntuples(r) == 1;
    if (found) {
        memset(out, 0, sizeof *out);
        out->id = pg_ll(r, 0, 0);
        snprintf(out->lesson_id, sizeof out->lesson_id, "%s", lesson_id);
        out->lesson_version = (int)pg_ll(r, 0, 1);
        out->finished = pg_str(r, 0, 2)[0] == 't';
        out->points = (int)pg_ll(r, 0, 3);
        out->max_points = (int)pg_ll(r, 0, 4);
        snprintf(out->position, sizeof out->position, "%s", pg_str(r, 0, 5));
        out->plan = xstrdup(pg_str(r, 0, 6));
    }
    PQclear(r);
    return found;
}

typedef struct StartJob {
    PgArgs a;
    long long *id;
} StartJob;

static int start(PgStore *p, void *ctx, VkError *err)
{
    StartJob *job = ctx;
    PGresult *r = pg_run(p,
                         "INSERT INTO vaksam.attempts(learner_id, lesson_id, "
                         "lesson_version, kind, lang, started_at, position, "
                         "plan) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                         "RETURNING id",
                         &job->a, err, _("start the lesson"));
    if (!r)
        return -1;
    *job->id = pg_ll(r, 0, 0);
    PQclear(r);
    return 0;
}

int pgs_start_attempt(Store *s, long long learner_id, const char *lesson_id,
                      int lesson_version, const char *kind, const char *lang,
                      const char *position, const char *plan,
                      long long *attempt_id, VkError *err)
{
    PgStore *p = (PgStore *)s;
    char now[32];
    int month;
    pg_now(p, now, &month);
    StartJob job = {.id = attempt_id};
    pa_int(&job.a, learner_id);
    pa_text(&job.a, lesson_id);
    pa_int(&job.a, lesson_version);
    pa_text(&job.a, kind);
    pa_text(&job.a, lang);
    pa_text(&job.a, now);
    pa_text(&job.a, position);
    pa_text(&job.a, plan);
    return pg_write(p, start, &job, err, _("start the lesson"));
}

/* A statement with its arguments, as one write. */
typedef struct OneJob {
    const char *sql;
    PgArgs a;
    const char *what;
} OneJob;

static int one(PgStore *p, void *ctx, VkError *err)
{
    OneJob *job = ctx;
    PGresult *r = pg_run(p, job->sql, &job->a, err, job->what);
    if (!r)
        return -1;
    bool changed = strcmp(PQcmdTuples(r), "0") != 0;
    PQclear(r);
    if (!changed) {
        vk_error_set(err, _("%s: cannot %s: the lesson attempt is missing"),
                     p->where, job->what);
        return -1;
    }
    return 0;
}

int pgs_record_answer(Store *s, long long attempt_id, int seq,
                      const char *scene_id, int choice, Topic topic,
                      Result result, VkError *err)
{
    PgStore *p = (PgStore *)s;
    char now[32];
    int month;
    pg_now(p, now, &month);
    /* the attempt must be the learner's (row-level security) */
    OneJob job = {
        .sql = "INSERT INTO vaksam.answers(attempt_id, seq, scene_id, choice, "
               "topic, result, answered_at, unit_id, role) "
               "SELECT t.id, $2, $3, $4, $5, $6, $7, 0, '' "
               "FROM vaksam.attempts t WHERE t.id = $1",
        .what = _("record your answer"),
    };
    pa_int(&job.a, attempt_id);
    pa_int(&job.a, seq);
    pa_text(&job.a, scene_id);
    pa_int(&job.a, choice);
    pa_text(&job.a, topic_id(topic));
    pa_text(&job.a, result_id(result));
    pa_text(&job.a, now);
    return pg_write(p, one, &job, err, job.what);
}

int pgs_set_position(Store *s, long long attempt_id, const char *scene_id,
                     VkError *err)
{
    OneJob job = {
        .sql = "UPDATE vaksam.attempts SET position = $2 WHERE id = $1",
        .what = _("save your place"),
    };
    pa_int(&job.a, attempt_id);
    pa_text(&job.a, scene_id);
    return pg_write((PgStore *)s, one, &job, err, job.what);
}

typedef struct FinishJob {
    long long attempt;
    int points, max_points, course_lessons;
    char now[32];
} FinishJob;

/* Locks the attempt's row, so that two machines finishing it at once
 * finish it once: its learner, kind and whether it was finished before. */
static int lock_attempt(PgStore *p, long long attempt, long long *learner,
                        bool *quiz, bool *finished, VkError *err)
{
    const char *what = _("finish the lesson");
    PgArgs a = {0};
    pa_int(&a, attempt);
    PGresult *r = pg_run(p,
                         "SELECT learner_id, kind = 'quiz', finished_at IS "
                         "NOT NULL FROM vaksam.attempts WHERE id = $1 "
                         "FOR UPDATE",
                         &a, err, what);
    if (!r)
        return -1;
    int rows = PQntuples(r);
    if (rows == 1) {
        *learner = pg_ll(r, 0, 0);
        *quiz = pg_str(r, 0, 1)[0] == 't';
        *finished = pg_str(r, 0, 2)[0] == 't';
    }
    PQclear(r);
    if (rows == 1)
        return 0;
    vk_error_set(err, _("%s: cannot %s: the lesson attempt is missing"),
                 p->where, what);
    return -1;
}

/* Whether the learner has now finished every lesson of the course since
 * they last completed it. */
static int course_done(PgStore *p, long long learner, int course_lessons,
                       bool *done, VkError *err)
{
    PgArgs a = {0};
    pa_int(&a, learner);
    PGresult *r = pg_run(
        p,
        "SELECT count(DISTINCT t.lesson_id) FROM vaksam.attempts t "
        "WHERE t.learner_id = $1 AND t.kind = 'course' "
        "AND t.finished_at IS NOT NULL AND t.finished_at >= coalesce(("
        "  SELECT max(completed_at) FROM vaksam.completions "
        "  WHERE learner_id = $1 AND kind = 'course'), '-infinity') "
        "AND t.id NOT IN (SELECT attempt_id FROM vaksam.completions "
        "  WHERE learner_id = $1 AND kind = 'course')",
        &a, err, _("finish the lesson"));
    if (!r)
        return -1;
    *done = pg_ll(r, 0, 0) >= course_lessons;
    PQclear(r);
    return 0;
}

int pgs_finish_in(PgStore *p, long long attempt, int points, int max_points,
                  int course_lessons, const char *at, VkError *err)
{
    const char *what = _("finish the lesson");
    bool quiz, finished;
    long long learner;
    if (lock_attempt(p, attempt, &learner, &quiz, &finished, err) < 0)
        return -1;
    PgArgs a = {0};
    pa_int(&a, attempt);
    pa_int(&a, points);
    pa_int(&a, max_points);
    pa_text(&a, at);
    if (pg_do(p,
              "UPDATE vaksam.attempts SET points = $2, max_points = $3, "
              "finished_at = $4, position = '' WHERE id = $1",
              &a, err, what) < 0)
        return -1;
    /* a quiz is completed when finished, once */
    bool done = quiz && !finished;
    if (!quiz && !finished && course_lessons > 0 &&
        course_done(p, learner, course_lessons, &done, err) < 0)
        return -1;
    if (!done)
        return 0;
    PgArgs c = {0};
    pa_int(&c, learner);
    pa_int(&c, attempt);
    pa_text(&c, quiz ? "quiz" : "course");
    pa_text(&c, at);
    return pg_do(p,
                 "INSERT INTO vaksam.completions(learner_id, attempt_id, kind, "
                 "unit_id, role, completed_at) VALUES ($1, $2, $3, 0, '', $4) "
                 "ON CONFLICT (attempt_id) DO NOTHING",
                 &c, err, what);
}

static int finish(PgStore *p, void *ctx, VkError *err)
{
    const FinishJob *job = ctx;
    return pgs_finish_in(p, job->attempt, job->points, job->max_points,
                         job->course_lessons, job->now, err);
}

int pgs_finish_attempt(Store *s, long long attempt_id, int points,
                       int max_points, int course_lessons, VkError *err)
{
    PgStore *p = (PgStore *)s;
    FinishJob job = {attempt_id, points, max_points, course_lessons, ""};
    int month;
    pg_now(p, job.now, &month);
    return pg_write(p, finish, &job, err, _("finish the lesson"));
}

int pgs_attempt_answers(Store *s, long long attempt_id, StoredAnswer **out,
                        int *n, VkError *err)
{
    *out = NULL;
    *n = 0;
    PgArgs a = {0};
    pa_int(&a, attempt_id);
    PGresult *r = pg_run((PgStore *)s,
                         "SELECT seq, scene_id, choice FROM vaksam.answers "
                         "WHERE attempt_id = $1 ORDER BY seq",
                         &a, err, _("read your answers"));
    if (!r)
        return -1;
    *n = PQntuples(r);
    *out = xcalloc((size_t)(*n > 0 ? *n : 1), sizeof **out);
    for (int i = 0; i < *n; i++) {
        StoredAnswer *sa = &(*out)[i];
        sa->seq = (int)pg_ll(r, i, 0);
        snprintf(sa->scene_id, sizeof sa->scene_id, "%s", pg_str(r, i, 1));
        sa->choice = (int)pg_ll(r, i, 2);
    }
    PQclear(r);
    if (*n == 0) {
        free(*out);
        *out = NULL;
    }
    return 0;
}

int pgs_topic_levels(Store *s, long long learner_id, TopicLevels *out,
                     VkError *err)
{
    for (int t = 0; t < TOPIC_COUNT; t++) {
        out->level[t] = -1;
        out->answered[t] = 0;
    }
    PgArgs a = {0};
    pa_int(&a, learner_id);
    /* the latest answer to each decision or question counts */
    PGresult *r = pg_run(
        (PgStore *)s,
        "SELECT topic, avg(CASE result WHEN 'correct' THEN 1.0 "
        "  WHEN 'partly' THEN 0.5 ELSE 0.0 END), count(*) FROM ("
        "  SELECT DISTINCT ON (t.lesson_id, a.scene_id) a.topic, a.result"
        "  FROM vaksam.answers a JOIN vaksam.attempts t ON t.id = a.attempt_id"
        "  WHERE t.learner_id = $1"
        "  ORDER BY t.lesson_id, a.scene_id, a.id DESC) latest GROUP BY topic",
        &a, err, _("read your results"));
    if (!r)
        return -1;
    for (int i = 0; i < PQntuples(r); i++) {
        Topic t = topic_from_id(pg_str(r, i, 0));
        if (t == TOPIC_NONE)
            continue;
        out->level[t] = strtod(pg_str(r, i, 1), NULL);
        out->answered[t] = (int)pg_ll(r, i, 2);
    }
    PQclear(r);
    return 0;
}

int pgs_recent_correct(Store *s, long long learner_id, int days, char ***out,
                       int *n, VkError *err)
{
    PgStore *p = (PgStore *)s;
    *out = NULL;
    *n = 0;
    char now[32];
    int month;
    pg_now(p, now, &month);
    PgArgs a = {0};
    pa_int(&a, learner_id);
    pa_text(&a, now);
    pa_int(&a, days);
    PGresult *r = pg_run(
        p,
        "SELECT DISTINCT a.scene_id FROM vaksam.answers a "
        "JOIN vaksam.attempts t ON t.id = a.attempt_id "
        "WHERE t.learner_id = $1 AND t.kind = 'quiz' AND a.result = 'correct' "
        "AND a.answered_at >= $2::timestamptz - make_interval(days => $3)",
        &a, err, _("read your results"));
    if (!r)
        return -1;
    *n = PQntuples(r);
    *out = xcalloc((size_t)(*n > 0 ? *n : 1), sizeof **out);
    for (int i = 0; i < *n; i++)
        (*out)[i] = xstrdup(pg_str(r, i, 0));
    PQclear(r);
    return 0;
}

int pgs_quiz_history(Store *s, long long learner_id, int max, QuizResult **out,
                     int *n, VkError *err)
{
    *out = xcalloc((size_t)(max > 0 ? max : 1), sizeof **out);
    *n = 0;
    PgArgs a = {0};
    pa_int(&a, learner_id);
    pa_int(&a, max);
    PGresult *r = pg_run((PgStore *)s,
                         "SELECT " PG_ISO("finished_at") ", points, max_points "
                         "FROM vaksam.attempts WHERE learner_id = $1 AND "
                         "kind = 'quiz' AND finished_at IS NOT NULL "
                         "ORDER BY id DESC LIMIT $2",
                         &a, err, _("read your results"));
    if (!r)
        return -1;
    for (int i = 0; i < PQntuples(r) && *n < max; i++) {
        QuizResult *q = &(*out)[(*n)++];
        snprintf(q->finished_at, sizeof q->finished_at, "%s", pg_str(r, i, 0));
        int possible = (int)pg_ll(r, i, 2);
        q->score = score_percent((int)pg_ll(r, i, 1), possible);
        q->questions = possible / SCORE_MAX_PER_DECISION;
    }
    PQclear(r);
    return 0;
}
