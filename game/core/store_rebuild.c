/*
 * store_rebuild.c - the report's running totals folded in memory from
 * stored answers and completions, each learner's in time order, through
 * the same rule as the live path (rollup.c; the fold itself is
 * rollup_fold.c), then written in one pass through store_totals.c. Three
 * callers: a whole rebuild (the upgrade to schema 5,
 * store_rebuild_report), the replay of one learner whose answer or
 * completion came late (store_rollup.c), and the bulk loader
 * (store_bulk.c), which feeds its rows in as it makes them.
 */
#include "store_totals.h"

#include "i18n.h"
#include "lesson.h"
#include "rollup_fold.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Rebuild {
    Store *s;
    RebuildSink sink; /* where the learners' state goes (item NULL: the
                       * store) */
    RollFold *fold;
    long long learner; /* whose state is being handed over */
    VkError *err;
    const char *what; /* the job, for messages */
} Rebuild;

static int put_item(void *ctx, const char *item, const ItemState *it)
{
    Rebuild *r = ctx;
    if (!r->sink.item)
        return st_item_put(r->s, r->learner, item, it, r->err, r->what);
    r->sink.item(r->sink.ctx, r->learner, item, it);
    return 0;
}

static int put_presence(void *ctx, int what, const PresenceState *p)
{
    Rebuild *r = ctx;
    if (!r->sink.presence)
        return st_presence_put(r->s, r->learner, what, p, r->err, r->what);
    r->sink.presence(r->sink.ctx, r->learner, what, p);
    return 0;
}

/* Writes the state the last fold left (unless write is false) and clears
 * it for the next fold. */
static int learner_state(Rebuild *r, long long learner, bool write,
                         VkError *err)
{
    r->learner = learner;
    r->err = err;
    return rollup_fold_state(
        r->fold, write ? &(RollStateSink){r, put_item, put_presence} : NULL);
}

int st_rebuild_learner(Rebuild *r, long long learner, VkError *err)
{
    int rc = 0;
    if (learner != 0) {
        rollup_fold_learner(r->fold, 1, 0, 0);
        rc = learner_state(r, learner, true, err);
    }
    rollup_fold_next(r->fold);
    return rc;
}

static int write_cell(void *ctx, const RollDelta *d)
{
    Rebuild *r = ctx;
    return st_cell_add(r->s, d, r->err, r->what);
}

static int write_item(void *ctx, long long unit, int month, int role,
                      const char *item, int choice, int result, int n)
{
    Rebuild *r = ctx;
    return st_item_count(r->s, unit, month, role, item, choice, result, n,
                         r->err, r->what);
}

/* what: the job, for messages; cap: the fold's first size, a power of
 * two */
static void rebuild_init(Rebuild *r, Store *s, const char *what, size_t cap)
{
    memset(r, 0, sizeof *r);
    r->s = s;
    r->what = what;
    r->fold = rollup_fold_new(cap);
}

/* Writes the totals (when ok; else -1) and frees what r holds. */
static int rebuild_finish(Rebuild *r, bool ok, VkError *err)
{
    r->err = err;
    int rc = ok ? 0 : -1;
    if (rc == 0 && (rollup_fold_cells(r->fold, write_cell, r) != 0 ||
                    rollup_fold_items(r->fold, write_item, r) != 0))
        rc = -1;
    rollup_fold_free(r->fold);
    r->fold = NULL;
    return rc;
}

Rebuild *st_rebuild_new(Store *s, const char *what, const RebuildSink *sink)
{
    Rebuild *r = xmalloc(sizeof *r);
    rebuild_init(r, s, what, 1 << 10);
    if (sink)
        r->sink = *sink;
    return r;
}

int st_rebuild_end(Rebuild *r, bool write, VkError *err)
{
    int rc = rebuild_finish(r, write, err);
    free(r);
    return rc;
}

void st_rebuild_answer(Rebuild *r, long long id, const char *at,
                       const char *item, int choice, Topic topic, Result result,
                       long long unit, int role)
{
    rollup_fold_answer(r->fold, id, at, item, choice, topic, result, unit,
                       role);
}

void st_rebuild_completion(Rebuild *r, long long id, const char *at,
                           long long unit, int role)
{
    rollup_fold_completion(r->fold, id, at, unit, role);
}

/* The stored answers and the completions that count, as events: the
 * columns read_answer and read_completion take, in learner order. */
#define ANSWER_EVENTS_SQL(where)                                               \
    "SELECT t.learner_id, a.id, a.answered_at, t.kind = 'quiz', "              \
    "t.lesson_id, a.scene_id, a.choice, a.topic, a.result, "                   \
    "coalesce(a.unit_id, 0), a.role "                                          \
    "FROM attempts t JOIN answers a ON a.attempt_id = t.id " where             \
    " ORDER BY t.learner_id"
#define COMPLETION_EVENTS_SQL(where)                                           \
    "SELECT learner_id, id, completed_at, unit_id, role FROM completions "     \
    "WHERE (kind = 'course') = (role = 'manager') " where                      \
    " ORDER BY learner_id"

/* One answer into the fold; *exact (when given) turns false for a row
 * the server's rule (vaksam.cells) would count otherwise than the fold:
 * a role of neither kind (the fold's staff, the server's manager), a
 * choice no lesson has, a decision's name too long for the fold. */
static void read_answer(RollFold *f, sqlite3_stmt *a, bool *exact)
{
    Topic t = topic_from_id((const char *)sqlite3_column_text(a, 7));
    int res = result_from_id((const char *)sqlite3_column_text(a, 8));
    int role = role_from_id((const char *)sqlite3_column_text(a, 10));
    const char *lesson = (const char *)sqlite3_column_text(a, 4);
    const char *scene = (const char *)sqlite3_column_text(a, 5);
    int choice = sqlite3_column_int(a, 6);
    char item[ROLL_ITEM_MAX];
    int n = sqlite3_column_int(a, 3)
                ? snprintf(item, sizeof item, "%s", scene)
                : snprintf(item, sizeof item, "%s/%s", lesson, scene);
    if (exact && (role < 0 || choice < 0 || choice >= LESSON_MAX_CHOICES ||
                  n < 0 || n >= (int)sizeof item))
        *exact = false;
    if (t == TOPIC_NONE || res < 0)
        return;
    rollup_fold_answer(f, sqlite3_column_int64(a, 1),
                       (const char *)sqlite3_column_text(a, 2), item, choice, t,
                       (Result)res, sqlite3_column_int64(a, 9),
                       role < 0 ? ROLE_STAFF : role);
}

static void read_completion(RollFold *f, sqlite3_stmt *c, bool *exact)
{
    int role = role_from_id((const char *)sqlite3_column_text(c, 4));
    if (exact && role < 0)
        *exact = false;
    rollup_fold_completion(
        f, sqlite3_column_int64(c, 1), (const char *)sqlite3_column_text(c, 2),
        sqlite3_column_int64(c, 3), role < 0 ? ROLE_STAFF : role);
}

/* After each learner's events: done folds them (and may write their
 * state); non-zero stops. */
typedef int (*LearnerDone)(void *ctx, long long learner, VkError *err);

/* Every stored answer and completion that counts into f, learner by
 * learner (answers and completions, each in learner order, merged). */
static int read_events(Store *s, RollFold *f, bool *exact, LearnerDone done,
                       void *ctx, VkError *err, const char *what)
{
    sqlite3_stmt *a = st_prepare(s, ANSWER_EVENTS_SQL(""), err, what);
    sqlite3_stmt *c = st_prepare(s, COMPLETION_EVENTS_SQL(""), err, what);
    int rc = a && c ? 0 : -1;
    int ra = a ? sqlite3_step(a) : SQLITE_DONE;
    int rcomp = c ? sqlite3_step(c) : SQLITE_DONE;
    /* until both are done, or either fails */
    while (rc == 0 && (ra == SQLITE_ROW || rcomp == SQLITE_ROW) &&
           (ra == SQLITE_ROW || ra == SQLITE_DONE) &&
           (rcomp == SQLITE_ROW || rcomp == SQLITE_DONE)) {
        long long la =
            ra == SQLITE_ROW ? sqlite3_column_int64(a, 0) : INT64_MAX;
        long long lc =
            rcomp == SQLITE_ROW ? sqlite3_column_int64(c, 0) : INT64_MAX;
        long long learner = la < lc ? la : lc;
        for (; ra == SQLITE_ROW && sqlite3_column_int64(a, 0) == learner;
             ra = sqlite3_step(a))
            read_answer(f, a, exact);
        for (; rcomp == SQLITE_ROW && sqlite3_column_int64(c, 0) == learner;
             rcomp = sqlite3_step(c))
            read_completion(f, c, exact);
        rc = done(ctx, learner, err);
    }
    if (rc == 0 && ((ra != SQLITE_DONE && a) || (rcomp != SQLITE_DONE && c)))
        rc = st_fail_code(s, ra != SQLITE_DONE && a ? ra : rcomp, err, what);
    sqlite3_finalize(a);
    sqlite3_finalize(c);
    return rc;
}

static int rebuild_done(void *ctx, long long learner, VkError *err)
{
    return st_rebuild_learner(ctx, learner, err);
}

int st_rebuild(Store *s, const char *what, VkError *err)
{
    if (st_exec(s,
                "DELETE FROM learner_items; DELETE FROM learner_presence; "
                "DELETE FROM rollup; DELETE FROM item_months",
                err, what) < 0)
        return -1;
    Rebuild r;
    rebuild_init(&r, s, what, 1 << 10);
    int rc = read_events(s, r.fold, NULL, rebuild_done, &r, err, what);
    return rebuild_finish(&r, rc == 0, err);
}

static int fold_done(void *ctx, long long learner, VkError *err)
{
    (void)learner;
    (void)err;
    rollup_fold_learner(ctx, 1, 0, 0);
    rollup_fold_state(ctx, NULL);
    rollup_fold_next(ctx);
    return 0;
}

int st_fold_stored(Store *s, RollFold *f, bool *exact, VkError *err,
                   const char *what)
{
    *exact = true;
    return read_events(s, f, exact, fold_done, f, err, what);
}

/* An answer or completion that arrived after a later one of the same
 * learner (a clock put back, a late delivery): the running rule keeps only
 * the learner's latest state, which cannot tell where in their history the
 * event belongs. So the learner's history is folded twice in time order,
 * without the event (taken away: what the totals hold for them now) and
 * with it (added), and their state rewritten: the totals end as a rebuild
 * would leave them. */
int st_replay_learner(Store *s, long long learner, long long answer_id,
                      long long completion_id, VkError *err)
{
    const char *what =
        answer_id ? _("record your answer") : _("finish the lesson");
    Rebuild r;
    rebuild_init(&r, s, what, 16);
    sqlite3_stmt *a =
        st_prepare(s, ANSWER_EVENTS_SQL("WHERE t.learner_id = ?"), err, what);
    sqlite3_stmt *c =
        st_prepare(s, COMPLETION_EVENTS_SQL("AND learner_id = ?"), err, what);
    int rc = a && c ? 0 : -1, ra = SQLITE_DONE, rcomp = SQLITE_DONE;
    if (rc == 0) {
        sqlite3_bind_int64(a, 1, learner);
        sqlite3_bind_int64(c, 1, learner);
        while ((ra = sqlite3_step(a)) == SQLITE_ROW)
            read_answer(r.fold, a, NULL);
        while ((rcomp = sqlite3_step(c)) == SQLITE_ROW)
            read_completion(r.fold, c, NULL);
        if (ra != SQLITE_DONE || rcomp != SQLITE_DONE)
            rc = st_fail(s, err, what);
    }
    sqlite3_finalize(a);
    sqlite3_finalize(c);
    if (rc == 0) {
        /* No per-decision count falls to an empty row: there is one
         * answer more, and a learner's runs of answers in one unit, role
         * and month never become fewer when an answer comes between. */
        rollup_fold_learner(r.fold, -1, answer_id, completion_id);
        learner_state(&r, learner, false, err);
        rollup_fold_learner(r.fold, 1, 0, 0);
        rc = learner_state(&r, learner, true, err);
    }
    return rebuild_finish(&r, rc == 0, err);
}

int sq_rebuild_report(Store *s, VkError *err)
{
    const char *what = _("rebuild the report");
    if (st_begin(s, err, what) < 0)
        return -1;
    if (st_rebuild(s, what, err) < 0)
        return st_rollback(s);
    return st_commit(s, err, what);
}
