/*
 * store_rollup.c - the live path of the report's running totals: an
 * answer or a completion changes them in the transaction that stores it
 * (store_sqlite.c calls in), through the one rule of rollup.c and the
 * tables of store_totals.c. An event that arrives after a later one of the
 * same learner cannot be added to their latest state; it is handed to
 * store_rebuild.c's replay instead.
 */
#include "store_totals.h"

#include "i18n.h"

static int rollup_apply(Store *s, const RollChanges *c, VkError *err,
                        const char *what)
{
    for (int i = 0; i < c->n; i++)
        if (st_cell_add(s, &c->d[i], err, what) < 0)
            return -1;
    return 0;
}

/* Whether the learner has an answer (or a completion that counts) given
 * after `at`: then an event at `at` is late. 1, 0 or -1. */
static int later_than(Store *s, long long learner, const char *at,
                      bool completion, VkError *err, const char *what)
{
    sqlite3_stmt *st =
        completion ? st_cached(s, SLOT_COMPLETED_AFTER,
                               "SELECT EXISTS (SELECT 1 FROM completions WHERE "
                               "learner_id = ? AND completed_at > ? AND "
                               "(kind = 'course') = (role = 'manager'))",
                               err, what)
                   : st_cached(s, SLOT_ANSWERED_AFTER,
                               "SELECT EXISTS (SELECT 1 FROM attempts t JOIN "
                               "answers a ON a.attempt_id = t.id WHERE "
                               "t.learner_id = ? AND a.answered_at > ?)",
                               err, what);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, learner);
    sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    int later = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) != 0 : -1;
    sqlite3_reset(st);
    return later < 0 ? st_fail(s, err, what) : later;
}

int st_rollup_answer(Store *s, long long learner, long long answer_id,
                     const char *at, long long unit, int role, const char *item,
                     int choice, Topic topic, Result result, int month,
                     VkError *err)
{
    const char *what = _("record your answer");
    if (topic < 0 || topic >= TOPIC_COUNT)
        return 0; /* not part of any topic: nothing to count */
    PresenceState tp, active;
    if (st_presence_get(s, learner, PRESENCE_ACTIVE, &active, err, what) < 0)
        return -1;
    if (active.present && active.month >= month) {
        /* in the month of the learner's latest answer, or before it */
        int late = later_than(s, learner, at, false, err, what);
        if (late)
            return late < 0 ? -1
                            : st_replay_learner(s, learner, answer_id, 0, err);
    }
    ItemState it;
    if (st_item_get(s, learner, item, &it, err, what) < 0)
        return -1;
    if (st_presence_get(s, learner, topic, &tp, err, what) < 0)
        return -1;
    RollChanges ch;
    ch.n = 0; /* add() clears each cell it opens */
    bool first = rollup_answer(&it, &tp, &active, unit, role, month, topic,
                               score_points(result), &ch);
    if (st_item_put(s, learner, item, &it, err, what) < 0 ||
        st_presence_put(s, learner, topic, &tp, err, what) < 0 ||
        st_presence_put(s, learner, PRESENCE_ACTIVE, &active, err, what) < 0 ||
        rollup_apply(s, &ch, err, what) < 0)
        return -1;
    /* per decision: the unit's counts and the organisation's (unit 0) */
    long long units[2] = {unit, 0};
    for (int i = 0; i < 2; i++)
        if (st_item_count(s, units[i], month, role, item, choice, (int)result,
                          1, err, what) < 0 ||
            (first && st_item_count(s, units[i], month, role, item, -1, -1, 1,
                                    err, what) < 0))
            return -1;
    return 0;
}

int st_rollup_completion(Store *s, long long learner, long long completion_id,
                         const char *at, long long unit, int role, int month,
                         VkError *err)
{
    const char *what = _("finish the lesson");
    PresenceState p;
    if (st_presence_get(s, learner, PRESENCE_COMPLETED, &p, err, what) < 0)
        return -1;
    if (p.present && p.month >= month) {
        int late = later_than(s, learner, at, true, err, what);
        if (late)
            return late < 0
                       ? -1
                       : st_replay_learner(s, learner, 0, completion_id, err);
    }
    RollChanges ch;
    ch.n = 0; /* add() clears each cell it opens */
    rollup_completion(&p, unit, role, month, &ch);
    if (st_presence_put(s, learner, PRESENCE_COMPLETED, &p, err, what) < 0)
        return -1;
    return rollup_apply(s, &ch, err, what);
}
