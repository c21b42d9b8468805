/*
 * store_rebuild.c - the report's running totals folded in memory from
 * stored answers and completions, each learner's in time order, through
 * the same rule as the live path (rollup.c), then written in one pass
 * through store_totals.c. Three callers: a whole rebuild (the upgrade to
 * schema 5, store_rebuild_report), the replay of one learner whose answer
 * or completion came late (store_rollup.c), and the bulk loader
 * (store_bulk.c), which feeds its rows in as it makes them.
 */
#include "store_totals.h"

#include "i18n.h"
#include "lesson.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Per-decision counts of one unit, role and month: a dense block
 * [item][choice + 1] (slot 0: learners), looked up once per cell instead
 * of once per answer. */
typedef struct BlockKey {
    long long unit;
    int month, role;
} BlockKey;

enum { BLOCK_SLOTS = LESSON_MAX_CHOICES + 1 };

typedef struct ItemValue {
    int result, n;
} ItemValue;

typedef struct Block {
    int nitems; /* items the block has room for */
    ItemValue *v;
} Block;

/* One stored answer or completion of the learner being rebuilt. */
typedef struct Event {
    char at[24];
    long long id;
    long long unit;
    int role;
    int item;   /* index into the item names; -1 for a completion */
    int choice; /* answers */
    int topic;
    int result;
} Event;

typedef struct Rebuild {
    Store *s;
    RebuildSink
        sink;     /* where the learners' state goes (item NULL: the store) */
    VkMap rollup; /* RollKey -> int[ROLL_COLS] */
    VkMap blocks; /* BlockKey -> Block */
    VkMap names;  /* item name (in item) -> int index */
    char **item;  /* names by index */
    int nitems, capitems;
    ItemState *state; /* by item index, for the current learner */
    PresenceState pres[PRESENCE_COUNT]; /* the current learner's */
    Event *ev;
    int nev, capev;
    const char *what; /* the job, for messages */
} Rebuild;

static int intern(Rebuild *r, const char *name)
{
    char key[160]; /* as long as a stored item name can be */
    snprintf(key, sizeof key, "%s", name);
    const int *known = vk_map_find(&r->names, key);
    if (known)
        return *known;
    if (r->nitems == r->capitems) {
        r->capitems = r->capitems ? r->capitems * 2 : 256;
        r->item = xrealloc(r->item, (size_t)r->capitems * sizeof *r->item);
        r->state = xrealloc(r->state, (size_t)r->capitems * sizeof *r->state);
    }
    r->item[r->nitems] = xstrdup(key);
    memset(&r->state[r->nitems], 0, sizeof *r->state);
    *(int *)vk_map_get(&r->names, r->item[r->nitems]) = r->nitems;
    return r->nitems++;
}

static int event_cmp(const void *a, const void *b)
{
    const Event *x = a, *y = b;
    int c = strcmp(x->at, y->at);
    if (c)
        return c;
    if (x->item < 0 && y->item >= 0) /* answers first, as they happen */
        return 1;
    if (y->item < 0 && x->item >= 0)
        return -1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static void add_changes(Rebuild *r, const RollChanges *c, int sign)
{
    for (int i = 0; i < c->n; i++) {
        int *v = vk_map_get(&r->rollup, &c->d[i].key);
        for (int k = 0; k < ROLL_COLS; k++)
            v[k] += sign * c->d[i].v[k];
    }
}

static void add_item(Rebuild *r, long long unit, int month, int role, int item,
                     int choice, int result, int sign)
{
    if (choice < -1 || choice >= LESSON_MAX_CHOICES)
        return; /* not a choice any lesson can have */
    BlockKey k;
    memset(&k, 0, sizeof k); /* padding takes part in the hash */
    k.unit = unit;
    k.month = month;
    k.role = role;
    Block *b = vk_map_get(&r->blocks, &k);
    if (item >= b->nitems) {
        int n = r->capitems > item ? r->capitems : item + 1;
        b->v = xrealloc(b->v, (size_t)n * BLOCK_SLOTS * sizeof *b->v);
        memset(b->v + (size_t)b->nitems * BLOCK_SLOTS, 0,
               (size_t)(n - b->nitems) * BLOCK_SLOTS * sizeof *b->v);
        b->nitems = n;
    }
    ItemValue *v = &b->v[item * BLOCK_SLOTS + choice + 1];
    /* a choice's result is its best one: a new version of its lesson may
     * have changed it, and every path must keep the same */
    v->result = choice < 0 ? -1 : result > v->result ? result : v->result;
    v->n += sign;
}

/* Adds one learner's events, in time order, to the totals, each change
 * times sign, leaving out the answer skip_answer and the completion
 * skip_completion (0: none). Their state is left in r->state and r->pres. */
static void fold_learner(Rebuild *r, int sign, long long skip_answer,
                         long long skip_completion)
{
    memset(r->pres, 0, sizeof r->pres);
    for (int i = 0; i < r->nev; i++) {
        const Event *e = &r->ev[i];
        int month = st_month_of_text(e->at);
        RollChanges ch;
        ch.n = 0; /* add() clears each cell it opens */
        if (month < 0 || e->id == (e->item < 0 ? skip_completion : skip_answer))
            continue;
        if (e->item < 0) {
            rollup_completion(&r->pres[PRESENCE_COMPLETED], e->unit, e->role,
                              month, &ch);
        } else {
            bool first = rollup_answer(&r->state[e->item], &r->pres[e->topic],
                                       &r->pres[PRESENCE_ACTIVE], e->unit,
                                       e->role, month, (Topic)e->topic,
                                       score_points((Result)e->result), &ch);
            long long units[2] = {e->unit, 0};
            for (int u = 0; u < 2; u++) {
                add_item(r, units[u], month, e->role, e->item, e->choice,
                         e->result, sign);
                if (first)
                    add_item(r, units[u], month, e->role, e->item, -1, -1,
                             sign);
            }
        }
        add_changes(r, &ch, sign);
    }
}

/* Writes the state fold_learner left (unless write is false) and clears
 * it for the next fold. */
static int learner_state(Rebuild *r, long long learner, bool write,
                         VkError *err)
{
    const char *what = r->what;
    int rc = 0;
    for (int i = 0; i < r->nev && rc == 0; i++) {
        const Event *e = &r->ev[i];
        if (e->item < 0 || !r->state[e->item].present)
            continue;
        if (write && r->sink.item)
            r->sink.item(r->sink.ctx, learner, r->item[e->item],
                         &r->state[e->item]);
        else if (write)
            rc = st_item_put(r->s, learner, r->item[e->item],
                             &r->state[e->item], err, what);
        r->state[e->item].present = false; /* written once, and reset */
    }
    for (int w = 0; w < PRESENCE_COUNT && rc == 0 && write; w++) {
        if (!r->pres[w].present)
            continue;
        if (r->sink.presence)
            r->sink.presence(r->sink.ctx, learner, w, &r->pres[w]);
        else
            rc = st_presence_put(r->s, learner, w, &r->pres[w], err, what);
    }
    return rc;
}

int st_rebuild_learner(Rebuild *r, long long learner, VkError *err)
{
    if (learner == 0) {
        r->nev = 0;
        return 0;
    }
    if (r->nev > 1) /* a learner with no events yet has no array */
        qsort(r->ev, (size_t)r->nev, sizeof *r->ev, event_cmp);
    fold_learner(r, 1, 0, 0);
    int rc = learner_state(r, learner, true, err);
    r->nev = 0;
    return rc;
}

static Event *new_event(Rebuild *r)
{
    if (r->nev == r->capev) {
        r->capev = r->capev ? r->capev * 2 : 512;
        r->ev = xrealloc(r->ev, (size_t)r->capev * sizeof *r->ev);
    }
    Event *e = &r->ev[r->nev++];
    memset(e, 0, sizeof *e);
    return e;
}

static int write_totals(Rebuild *r, VkError *err)
{
    const char *what = r->what;
    const void *key;
    void *value;
    for (size_t at = 0; vk_map_next(&r->rollup, &at, &key, &value);) {
        RollDelta d;
        memcpy(&d.key, key, sizeof d.key);
        memcpy(d.v, value, sizeof d.v);
        bool zero = true;
        for (int c = 0; c < ROLL_COLS; c++)
            zero = zero && d.v[c] == 0;
        if (!zero && st_cell_add(r->s, &d, err, what) < 0)
            return -1;
    }
    for (size_t at = 0; vk_map_next(&r->blocks, &at, &key, &value);) {
        const BlockKey *k = key;
        const Block *b = value;
        for (int it = 0; it < b->nitems; it++)
            for (int c = 0; c < BLOCK_SLOTS; c++) {
                const ItemValue *v = &b->v[it * BLOCK_SLOTS + c];
                if (v->n &&
                    st_item_count(r->s, k->unit, k->month, k->role, r->item[it],
                                  c - 1, v->result, v->n, err, what) < 0)
                    return -1;
            }
    }
    return 0;
}

/* what: the job, for messages; cap: the maps' first size, a power of two */
static void rebuild_init(Rebuild *r, Store *s, const char *what, size_t cap)
{
    memset(r, 0, sizeof *r);
    r->s = s;
    r->what = what;
    vk_map_init(&r->rollup, sizeof(RollKey), ROLL_COLS * sizeof(int), cap * 4);
    vk_map_init(&r->blocks, sizeof(BlockKey), sizeof(Block), cap);
    vk_map_init_strings(&r->names, sizeof(int), cap);
}

/* Writes the totals (when ok; else -1) and frees what r holds. */
static int rebuild_finish(Rebuild *r, bool ok, VkError *err)
{
    int rc = ok ? write_totals(r, err) : -1;
    for (int i = 0; i < r->nitems; i++)
        free(r->item[i]);
    free(r->item);
    free(r->state);
    free(r->ev);
    vk_map_free(&r->rollup);
    const void *key;
    void *block;
    for (size_t at = 0; vk_map_next(&r->blocks, &at, &key, &block);)
        free(((Block *)block)->v);
    vk_map_free(&r->blocks);
    vk_map_free(&r->names); /* its keys are the strings in item, freed above */
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
    Event *e = new_event(r);
    e->id = id;
    snprintf(e->at, sizeof e->at, "%s", at);
    e->item = intern(r, item);
    e->choice = choice;
    e->topic = topic;
    e->result = result;
    e->unit = unit;
    e->role = role;
}

void st_rebuild_completion(Rebuild *r, long long id, const char *at,
                           long long unit, int role)
{
    Event *e = new_event(r);
    e->id = id;
    snprintf(e->at, sizeof e->at, "%s", at);
    e->item = -1;
    e->unit = unit;
    e->role = role;
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

static void read_answer(Rebuild *r, sqlite3_stmt *a)
{
    Topic t = topic_from_id((const char *)sqlite3_column_text(a, 7));
    int res = result_from_id((const char *)sqlite3_column_text(a, 8));
    int role = role_from_id((const char *)sqlite3_column_text(a, 10));
    if (t == TOPIC_NONE || res < 0)
        return;
    const char *lesson = (const char *)sqlite3_column_text(a, 4);
    const char *scene = (const char *)sqlite3_column_text(a, 5);
    char item[160];
    if (sqlite3_column_int(a, 3))
        snprintf(item, sizeof item, "%s", scene);
    else
        snprintf(item, sizeof item, "%s/%s", lesson, scene);
    st_rebuild_answer(r, sqlite3_column_int64(a, 1),
                      (const char *)sqlite3_column_text(a, 2), item,
                      sqlite3_column_int(a, 6), t, (Result)res,
                      sqlite3_column_int64(a, 9), role < 0 ? ROLE_STAFF : role);
}

static void read_completion(Rebuild *r, sqlite3_stmt *c)
{
    int role = role_from_id((const char *)sqlite3_column_text(c, 4));
    st_rebuild_completion(
        r, sqlite3_column_int64(c, 1), (const char *)sqlite3_column_text(c, 2),
        sqlite3_column_int64(c, 3), role < 0 ? ROLE_STAFF : role);
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
    /* answers and completions, each in learner order, merged */
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
            read_answer(&r, a);
        for (; rcomp == SQLITE_ROW && sqlite3_column_int64(c, 0) == learner;
             rcomp = sqlite3_step(c))
            read_completion(&r, c);
        rc = st_rebuild_learner(&r, learner, err);
    }
    if (rc == 0 && ((ra != SQLITE_DONE && a) || (rcomp != SQLITE_DONE && c)))
        rc = st_fail_code(s, ra != SQLITE_DONE && a ? ra : rcomp, err, what);
    sqlite3_finalize(a);
    sqlite3_finalize(c);
    return rebuild_finish(&r, rc == 0, err);
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
            read_answer(&r, a);
        while ((rcomp = sqlite3_step(c)) == SQLITE_ROW)
            read_completion(&r, c);
        if (ra != SQLITE_DONE || rcomp != SQLITE_DONE)
            rc = st_fail(s, err, what);
    }
    sqlite3_finalize(a);
    sqlite3_finalize(c);
    if (rc == 0) {
        qsort(r.ev, (size_t)r.nev, sizeof *r.ev, event_cmp);
        /* No per-decision count falls to an empty row: there is one
         * answer more, and a learner's runs of answers in one unit, role
         * and month never become fewer when an answer comes between. */
        fold_learner(&r, -1, answer_id, completion_id);
        learner_state(&r, learner, false, err);
        fold_learner(&r, 1, 0, 0);
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
