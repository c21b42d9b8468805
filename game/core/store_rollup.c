/*
 * store_rollup.c - the SQLite side of the CISO's report: the running
 * totals of rollup.h kept in the answer's own transaction, rebuilt from
 * the stored answers when the schema is upgraded or demo data is loaded,
 * and read back for report.c.
 */
#include "store_sqlite.h"

#include "i18n.h"
#include "lesson.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Statement cache slots (0-2 are store_sqlite.c's). */
enum {
    SLOT_ITEM_GET = 3,
    SLOT_ITEM_PUT,
    SLOT_PRESENCE_GET,
    SLOT_PRESENCE_PUT,
    SLOT_ROLLUP_ADD,
    SLOT_ITEM_COUNT,
    SLOT_ANSWERED_AFTER,
    SLOT_COMPLETED_AFTER,
};

/* A cell's counters travel as one blob: a report reads one column per
 * cell instead of twenty, and vk_add() adds a change in place. */
#define ROLLUP_ADD_SQL                                                         \
    "INSERT INTO rollup(unit_id, role, month, next, v) "                       \
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT(month, next, unit_id, role) "          \
    "DO UPDATE SET v = vk_add(v, excluded.v)"

static void encode(const int *v, unsigned char *out)
{
    for (int c = 0; c < ROLL_COLS; c++) {
        uint32_t u = (uint32_t)v[c];
        out[4 * c] = (unsigned char)u;
        out[4 * c + 1] = (unsigned char)(u >> 8);
        out[4 * c + 2] = (unsigned char)(u >> 16);
        out[4 * c + 3] = (unsigned char)(u >> 24);
    }
}

/* Counters from a blob; missing ones are 0. */
static void decode(const unsigned char *b, int n, int *v)
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
    decode(sqlite3_value_blob(argv[0]), sqlite3_value_bytes(argv[0]), a);
    decode(sqlite3_value_blob(argv[1]), sqlite3_value_bytes(argv[1]), b);
    for (int c = 0; c < ROLL_COLS; c++)
        a[c] += b[c];
    unsigned char out[4 * ROLL_COLS];
    encode(a, out);
    sqlite3_result_blob(ctx, out, sizeof out, SQLITE_TRANSIENT);
}

void st_register_functions(Store *s)
{
    sqlite3_create_function(s->db, "vk_add", 2,
                            SQLITE_UTF8 | SQLITE_DETERMINISTIC |
                                SQLITE_INNOCUOUS,
                            NULL, vk_add, NULL, NULL);
}

#define ITEM_COUNT_SQL                                                         \
    "INSERT INTO item_months(unit_id, month, role, item, choice, result, n) "  \
    "VALUES (?, ?, ?, ?, ?, ?, ?) "                                            \
    "ON CONFLICT(unit_id, month, role, item, choice) DO UPDATE SET "           \
    "n = n + excluded.n, result = excluded.result"

static int rollup_add(Store *s, const RollDelta *d, VkError *err,
                      const char *what)
{
    sqlite3_stmt *st = st_cached(s, SLOT_ROLLUP_ADD, ROLLUP_ADD_SQL, err, what);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, d->key.unit);
    sqlite3_bind_int(st, 2, d->key.role);
    sqlite3_bind_int(st, 3, d->key.month);
    sqlite3_bind_int(st, 4, d->key.next);
    unsigned char v[4 * ROLL_COLS];
    encode(d->v, v);
    sqlite3_bind_blob(st, 5, v, sizeof v, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : st_fail(s, err, what);
}

static int rollup_apply(Store *s, const RollChanges *c, VkError *err,
                        const char *what)
{
    for (int i = 0; i < c->n; i++)
        if (rollup_add(s, &c->d[i], err, what) < 0)
            return -1;
    return 0;
}

static int item_count(Store *s, long long unit, int month, int role,
                      const char *item, int choice, int result, int n,
                      VkError *err, const char *what)
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
    return rc == SQLITE_DONE ? 0 : st_fail(s, err, what);
}

static int presence_get(Store *s, long long learner, int what_id,
                        PresenceState *p, VkError *err, const char *what)
{
    sqlite3_stmt *st = st_cached(s, SLOT_PRESENCE_GET,
                                 "SELECT month, unit_id, role FROM "
                                 "learner_presence WHERE learner_id = ? AND "
                                 "what = ?",
                                 err, what);
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

static int presence_put(Store *s, long long learner, int what_id,
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

static int item_put(Store *s, long long learner, const char *item,
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

static int replay_learner(Store *s, long long learner, long long answer_id,
                          long long completion_id, VkError *err);

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
    if (presence_get(s, learner, PRESENCE_ACTIVE, &active, err, what) < 0)
        return -1;
    if (active.present && active.month >= month) {
        /* in the month of the learner's latest answer, or before it */
        int late = later_than(s, learner, at, false, err, what);
        if (late)
            return late < 0 ? -1
                            : replay_learner(s, learner, answer_id, 0, err);
    }
    sqlite3_stmt *st = st_cached(s, SLOT_ITEM_GET,
                                 "SELECT month, credit, unit_id, role, topic "
                                 "FROM learner_items WHERE learner_id = ? "
                                 "AND item = ?",
                                 err, what);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, learner);
    sqlite3_bind_text(st, 2, item, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    ItemState it = {0};
    if (rc == SQLITE_ROW)
        it = (ItemState){true,
                         sqlite3_column_int(st, 0),
                         sqlite3_column_int(st, 1),
                         sqlite3_column_int64(st, 2),
                         sqlite3_column_int(st, 3),
                         sqlite3_column_int(st, 4)};
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_fail(s, err, what);
    if (presence_get(s, learner, topic, &tp, err, what) < 0)
        return -1;
    RollChanges ch;
    ch.n = 0; /* add() clears each cell it opens */
    bool first = rollup_answer(&it, &tp, &active, unit, role, month, topic,
                               score_points(result), &ch);
    if (item_put(s, learner, item, &it, err, what) < 0 ||
        presence_put(s, learner, topic, &tp, err, what) < 0 ||
        presence_put(s, learner, PRESENCE_ACTIVE, &active, err, what) < 0 ||
        rollup_apply(s, &ch, err, what) < 0)
        return -1;
    /* per decision: the unit's counts and the organisation's (unit 0) */
    long long units[2] = {unit, 0};
    for (int i = 0; i < 2; i++)
        if (item_count(s, units[i], month, role, item, choice, (int)result, 1,
                       err, what) < 0 ||
            (first && item_count(s, units[i], month, role, item, -1, -1, 1, err,
                                 what) < 0))
            return -1;
    return 0;
}

int st_rollup_completion(Store *s, long long learner, long long completion_id,
                         const char *at, long long unit, int role, int month,
                         VkError *err)
{
    const char *what = _("finish the lesson");
    PresenceState p;
    if (presence_get(s, learner, PRESENCE_COMPLETED, &p, err, what) < 0)
        return -1;
    if (p.present && p.month >= month) {
        int late = later_than(s, learner, at, true, err, what);
        if (late)
            return late < 0 ? -1
                            : replay_learner(s, learner, 0, completion_id, err);
    }
    RollChanges ch;
    ch.n = 0; /* add() clears each cell it opens */
    rollup_completion(&p, unit, role, month, &ch);
    if (presence_put(s, learner, PRESENCE_COMPLETED, &p, err, what) < 0)
        return -1;
    return rollup_apply(s, &ch, err, what);
}

/* ---- rebuilding from the stored answers ---- */

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

typedef struct StoreBulk StoreBulk;
static void queue_item(StoreBulk *b, long long learner, const char *item,
                       const ItemState *it);
static void queue_presence(StoreBulk *b, long long learner, int what,
                           const PresenceState *p);

typedef struct Rebuild {
    Store *s;
    StoreBulk *sink; /* loading in bulk: the learners' state goes there */
    VkMap rollup;    /* RollKey -> int[ROLL_COLS] */
    VkMap blocks;    /* BlockKey -> Block */
    VkMap names;     /* item name (in item) -> int index */
    char **item;     /* names by index */
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
    v->result = result;
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
        if (write && r->sink)
            queue_item(r->sink, learner, r->item[e->item], &r->state[e->item]);
        else if (write)
            rc = item_put(r->s, learner, r->item[e->item], &r->state[e->item],
                          err, what);
        r->state[e->item].present = false; /* written once, and reset */
    }
    for (int w = 0; w < PRESENCE_COUNT && rc == 0 && write; w++) {
        if (!r->pres[w].present)
            continue;
        if (r->sink)
            queue_presence(r->sink, learner, w, &r->pres[w]);
        else
            rc = presence_put(r->s, learner, w, &r->pres[w], err, what);
    }
    return rc;
}

/* Folds one learner's events, in time order, and writes their state. */
static int flush_learner(Rebuild *r, long long learner, VkError *err)
{
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
        if (!zero && rollup_add(r->s, &d, err, what) < 0)
            return -1;
    }
    for (size_t at = 0; vk_map_next(&r->blocks, &at, &key, &value);) {
        const BlockKey *k = key;
        const Block *b = value;
        for (int it = 0; it < b->nitems; it++)
            for (int c = 0; c < BLOCK_SLOTS; c++) {
                const ItemValue *v = &b->v[it * BLOCK_SLOTS + c];
                if (v->n &&
                    item_count(r->s, k->unit, k->month, k->role, r->item[it],
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

/* Writes the totals (when ok) and frees everything. */
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

static void rebuild_answer(Rebuild *r, long long id, const char *at,
                           const char *item, int choice, Topic topic,
                           Result result, long long unit, int role)
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

static void rebuild_completion(Rebuild *r, long long id, const char *at,
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
    rebuild_answer(r, sqlite3_column_int64(a, 1),
                   (const char *)sqlite3_column_text(a, 2), item,
                   sqlite3_column_int(a, 6), t, (Result)res,
                   sqlite3_column_int64(a, 9), role < 0 ? ROLE_STAFF : role);
}

static void read_completion(Rebuild *r, sqlite3_stmt *c)
{
    int role = role_from_id((const char *)sqlite3_column_text(c, 4));
    rebuild_completion(
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
        rc = flush_learner(&r, learner, err);
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
static int replay_learner(Store *s, long long learner, long long answer_id,
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

int store_rebuild_report(Store *s, VkError *err)
{
    const char *what = _("rebuild the report");
    if (st_begin(s, err, what) < 0)
        return -1;
    if (st_rebuild(s, what, err) < 0)
        return st_rollback(s);
    return st_commit(s, err, what);
}

/* ---- reading for the report ---- */

static const char ROLLUP_SCAN_SQL[] =
    "SELECT unit_id, role, month, next, v FROM rollup "
    "WHERE month BETWEEN ? AND ?";
static const char UNIT_SIZES_SQL[] =
    "SELECT unit_id, role, count(*) FROM learners GROUP BY unit_id, role";
static const char ITEM_COUNTS_SQL[] =
    "SELECT item, month, choice, result, n FROM item_months "
    "WHERE unit_id = ? AND month BETWEEN ? AND ? AND (? < 0 OR role = ?)";
static const char COMPLETIONS_SQL[] =
    "SELECT l.login, c.unit_id, c.role, c.kind = 'course', "
    "c.completed_at FROM completions c "
    "JOIN learners l ON l.id = c.learner_id "
    "WHERE c.completed_at >= ? AND c.completed_at < ? "
    "ORDER BY c.completed_at, c.id";

int store_explain_report(Store *s, FILE *out, VkError *err)
{
    static const char *const queries[] = {
        ROLLUP_SCAN_SQL,
        UNIT_SIZES_SQL,
        ITEM_COUNTS_SQL,
        COMPLETIONS_SQL,
        "SELECT month, credit, unit_id, role, topic FROM learner_items "
        "WHERE learner_id = ? AND item = ?",
        "SELECT month, unit_id, role FROM learner_presence "
        "WHERE learner_id = ? AND what = ?",
        ROLLUP_ADD_SQL,
        ITEM_COUNT_SQL,
    };
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

int store_rollup_scan(Store *s, int first, int last, RollupFn fn, void *ctx,
                      VkError *err)
{
    const char *what = _("read the report");
    sqlite3_stmt *st = st_prepare(s, ROLLUP_SCAN_SQL, err, what);
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, first);
    sqlite3_bind_int(st, 2, last);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        RollKey k = {sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1),
                     sqlite3_column_int(st, 2), sqlite3_column_int(st, 3)};
        int v[ROLL_COLS];
        decode(sqlite3_column_blob(st, 4), sqlite3_column_bytes(st, 4), v);
        fn(ctx, &k, v);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : st_fail(s, err, what);
}

int store_unit_sizes(Store *s, UnitSizeFn fn, void *ctx, VkError *err)
{
    const char *what = _("read the report");
    sqlite3_stmt *st = st_prepare(s, UNIT_SIZES_SQL, err, what);
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int role = role_from_id((const char *)sqlite3_column_text(st, 1));
        fn(ctx, sqlite3_column_int64(st, 0), role < 0 ? ROLE_STAFF : role,
           sqlite3_column_int(st, 2));
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : st_fail(s, err, what);
}

int store_item_counts(Store *s, const long long *units, int nunits, int role,
                      int first, int last, ItemCountFn fn, void *ctx,
                      VkError *err)
{
    const char *what = _("read the report");
    sqlite3_stmt *st = st_prepare(s, ITEM_COUNTS_SQL, err, what);
    if (!st)
        return -1;
    long long org = 0;
    if (nunits == 0) {
        units = &org;
        nunits = 1;
    }
    int rc = SQLITE_DONE;
    for (int i = 0; i < nunits && rc == SQLITE_DONE; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, units[i]);
        sqlite3_bind_int(st, 2, first);
        sqlite3_bind_int(st, 3, last);
        sqlite3_bind_int(st, 4, role);
        sqlite3_bind_int(st, 5, role);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            fn(ctx, (const char *)sqlite3_column_text(st, 0),
               sqlite3_column_int(st, 1), sqlite3_column_int(st, 2),
               sqlite3_column_int(st, 3), sqlite3_column_int(st, 4));
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : st_fail(s, err, what);
}

int store_completions(Store *s, int first, int last, CompletionFn fn, void *ctx,
                      VkError *err)
{
    const char *what = _("read the register");
    sqlite3_stmt *st = st_prepare(s, COMPLETIONS_SQL, err, what);
    if (!st)
        return -1;
    char from[16], to[16];
    snprintf(from, sizeof from, "%04d-%02d", first / 12, first % 12 + 1);
    snprintf(to, sizeof to, "%04d-%02d", (last + 1) / 12, (last + 1) % 12 + 1);
    sqlite3_bind_text(st, 1, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, to, -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int role = role_from_id((const char *)sqlite3_column_text(st, 2));
        Completion c = {(const char *)sqlite3_column_text(st, 0),
                        sqlite3_column_int64(st, 1),
                        role < 0 ? ROLE_STAFF : (Role)role,
                        sqlite3_column_int(st, 3) != 0,
                        (const char *)sqlite3_column_text(st, 4)};
        fn(ctx, &c);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : st_fail(s, err, what);
}

/* ---- bulk loading ---- */

/* The rows of one learner come together (learner, then their attempts,
 * answers and completions), so the totals are folded as they come, with
 * the same code as a rebuild, without reading anything back. Ids are given
 * here (the database is new), so the rows can be written by a second
 * thread while the caller makes the next ones: a batch is filled while the
 * one before it is written. */
typedef enum RowKind {
    ROW_UNIT,
    ROW_LEARNER,
    ROW_ATTEMPT,
    ROW_ANSWER,
    ROW_COMPLETION,
    ROW_ITEM,
    ROW_PRESENCE,
} RowKind;

typedef struct Row {
    RowKind kind;
    long long id, a, b, c;
    int i1, i2, i3, i4, i5;
    char s1[160]; /* name, login, lesson, scene or item */
    char s2[24];  /* a time, or an HR id */
    char s3[24];  /* a finishing time */
} Row;

enum { BATCH_ROWS = 16384 };

struct StoreBulk {
    Store *s;
    sqlite3_stmt *st[7]; /* by RowKind */
    int rc;              /* the writer's; read after it has stopped */
    VkError err;
    Rebuild fold;
    long long current; /* the learner whose rows are coming */
    bool quiz;         /* the last attempt's kind */
    char lesson_id[64];
    long long next[5]; /* the next id of units ... completions */
    /* two batches: the caller fills one while the writer writes the other */
    Row *batch[2];
    int fill[2];
    bool full[2];
    int cur;
    bool done;
    pthread_t writer;
    pthread_mutex_t mu;
    pthread_cond_t cv;
};

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (*s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static int write_row(StoreBulk *b, const Row *r)
{
    sqlite3_stmt *st = b->st[r->kind];
    switch (r->kind) {
    case ROW_UNIT:
        sqlite3_bind_int64(st, 1, r->id);
        sqlite3_bind_text(st, 2, r->s1, -1, SQLITE_STATIC);
        if (r->a)
            sqlite3_bind_int64(st, 3, r->a);
        else
            sqlite3_bind_null(st, 3);
        bind_text(st, 4, r->s2);
        break;
    case ROW_LEARNER:
        sqlite3_bind_int64(st, 1, r->id);
        sqlite3_bind_text(st, 2, r->s1, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, r->a);
        sqlite3_bind_text(st, 4, role_id((Role)r->i1), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, r->s2, -1, SQLITE_STATIC);
        break;
    case ROW_ATTEMPT:
        sqlite3_bind_int64(st, 1, r->id);
        sqlite3_bind_int64(st, 2, r->a);
        sqlite3_bind_text(st, 3, r->s1, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 4, r->i1);
        sqlite3_bind_text(st, 5, r->i2 ? "quiz" : "course", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, r->s2, -1, SQLITE_STATIC);
        bind_text(st, 7, r->s3);
        sqlite3_bind_int(st, 8, r->i3);
        sqlite3_bind_int(st, 9, r->i4);
        break;
    case ROW_ANSWER:
        sqlite3_bind_int64(st, 1, r->id);
        sqlite3_bind_int64(st, 2, r->a);
        sqlite3_bind_int(st, 3, r->i1);
        sqlite3_bind_text(st, 4, r->s1, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 5, r->i2);
        sqlite3_bind_text(st, 6, topic_id((Topic)r->i3), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 7, result_id((Result)r->i4), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 8, r->s2, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 9, r->b);
        sqlite3_bind_text(st, 10, role_id((Role)r->i5), -1, SQLITE_STATIC);
        break;
    case ROW_COMPLETION:
        sqlite3_bind_int64(st, 1, r->id);
        sqlite3_bind_int64(st, 2, r->a);
        sqlite3_bind_int64(st, 3, r->b);
        sqlite3_bind_text(st, 4, r->i1 ? "course" : "quiz", -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 5, r->c);
        sqlite3_bind_text(st, 6, role_id((Role)r->i3), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 7, r->s2, -1, SQLITE_STATIC);
        break;
    case ROW_ITEM: {
        ItemState it = {true, r->i1, r->i2, r->b, r->i3, r->i4};
        return item_put(b->s, r->a, r->s1, &it, &b->err, _("load the data"));
    }
    case ROW_PRESENCE: {
        PresenceState p = {true, r->i2, r->b, r->i3};
        return presence_put(b->s, r->a, r->i1, &p, &b->err, _("load the data"));
    }
    }
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : st_fail(b->s, &b->err, _("load the data"));
}

static void *writer_main(void *arg)
{
    StoreBulk *b = arg;
    int w = 0;
    pthread_mutex_lock(&b->mu);
    for (;;) {
        while (!b->full[w] && !b->done)
            pthread_cond_wait(&b->cv, &b->mu);
        if (!b->full[w])
            break; /* done, and nothing left */
        pthread_mutex_unlock(&b->mu);
        for (int i = 0; i < b->fill[w] && b->rc == 0; i++)
            b->rc = write_row(b, &b->batch[w][i]);
        pthread_mutex_lock(&b->mu);
        b->full[w] = false;
        b->fill[w] = 0;
        pthread_cond_broadcast(&b->cv);
        w ^= 1;
    }
    pthread_mutex_unlock(&b->mu);
    return NULL;
}

/* Hands the current batch to the writer and waits for the other one. */
static void submit(StoreBulk *b)
{
    pthread_mutex_lock(&b->mu);
    b->full[b->cur] = true;
    pthread_cond_broadcast(&b->cv);
    b->cur ^= 1;
    while (b->full[b->cur])
        pthread_cond_wait(&b->cv, &b->mu);
    pthread_mutex_unlock(&b->mu);
}

static Row *push(StoreBulk *b, RowKind kind)
{
    if (b->fill[b->cur] == BATCH_ROWS)
        submit(b);
    Row *r = &b->batch[b->cur][b->fill[b->cur]++];
    r->kind = kind;
    r->s2[0] = r->s3[0] = '\0';
    return r;
}

static void copy(char *dst, size_t n, const char *src)
{
    size_t len = src ? strlen(src) : 0;
    if (len >= n)
        len = n - 1;
    memcpy(dst, src ? src : "", len);
    dst[len] = '\0';
}

/* A learner's state after the fold, queued instead of written. */
static void queue_item(StoreBulk *b, long long learner, const char *item,
                       const ItemState *it)
{
    Row *r = push(b, ROW_ITEM);
    r->a = learner;
    r->b = it->unit;
    r->i1 = it->month;
    r->i2 = it->credit;
    r->i3 = it->role;
    r->i4 = it->topic;
    copy(r->s1, sizeof r->s1, item);
}

static void queue_presence(StoreBulk *b, long long learner, int what,
                           const PresenceState *p)
{
    Row *r = push(b, ROW_PRESENCE);
    r->a = learner;
    r->b = p->unit;
    r->i1 = what;
    r->i2 = p->month;
    r->i3 = p->role;
}

static void bulk_flush(StoreBulk *b)
{
    if (b->current)
        flush_learner(&b->fold, b->current, NULL);
    b->fold.nev = 0;
}

static long long max_id(Store *s, const char *table)
{
    char *sql = xasprintf("SELECT coalesce(max(id), 0) FROM %s", table);
    int v = 0;
    st_pragma_int(s, sql, &v);
    free(sql);
    return v;
}

/* Back to how store_open set the connection up. Syncing comes back
 * first, so the switch to WAL commits like any write and puts the whole
 * unsynced load on disk before the command says it is done. */
static void restore_pragmas(Store *s)
{
    sqlite3_exec(s->db,
                 "PRAGMA synchronous = FULL; PRAGMA journal_mode = WAL; "
                 "PRAGMA cache_size = -2000; PRAGMA foreign_keys = ON",
                 NULL, NULL, NULL);
}

StoreBulk *store_bulk_begin(Store *s, VkError *err)
{
    const char *what = _("load the data");
    /* A crash half-way loses only the load, which runs in one transaction.
     * The database is new, so a rollback journal holds next to nothing,
     * where WAL would write every page twice. */
    /* The ids are ours and every row points at one made before it, so
     * SQLite need not look each reference up (foreign keys are turned on
     * again at the end). */
    if (st_exec(s,
                "PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF; "
                "PRAGMA cache_size = -262144; PRAGMA foreign_keys = OFF",
                err, what) < 0 ||
        st_begin(s, err, what) < 0) {
        restore_pragmas(s);
        return NULL;
    }
    StoreBulk *b = xcalloc(1, sizeof *b);
    b->s = s;
    rebuild_init(&b->fold, s, what, 1 << 10);
    b->fold.sink = b;
    static const char *const tables[] = {"units", "learners", "attempts",
                                         "answers", "completions"};
    for (int i = 0; i < 5; i++)
        b->next[i] = max_id(s, tables[i]) + 1;
    static const char *const sql[] = {
        "INSERT INTO units(id, name, parent_id, hr_id) VALUES (?, ?, ?, ?)",
        "INSERT INTO learners(id, login, unit_id, role, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        "INSERT INTO attempts(id, learner_id, lesson_id, lesson_version, "
        "kind, lang, started_at, finished_at, points, max_points) "
        "VALUES (?, ?, ?, ?, ?, 'en', ?, ?, ?, ?)",
        "INSERT INTO answers(id, attempt_id, seq, scene_id, choice, topic, "
        "result, answered_at, unit_id, role) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        "INSERT INTO completions(id, learner_id, attempt_id, kind, unit_id, "
        "role, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    };
    bool ok = true;
    for (int i = 0; i < 5; i++)
        ok &= (b->st[i] = st_prepare(s, sql[i], err, what)) != NULL;
    b->batch[0] = xmalloc(BATCH_ROWS * sizeof(Row));
    b->batch[1] = xmalloc(BATCH_ROWS * sizeof(Row));
    pthread_mutex_init(&b->mu, NULL);
    pthread_cond_init(&b->cv, NULL);
    if (pthread_create(&b->writer, NULL, writer_main, b) != 0) {
        vk_error_set(err, _("cannot start a thread to load the data"));
        b->done = true;
        ok = false;
    }
    if (!ok) {
        store_bulk_end(b, false, NULL);
        return NULL;
    }
    return b;
}

long long store_bulk_unit(StoreBulk *b, const char *name, long long parent,
                          const char *hr_id)
{
    Row *r = push(b, ROW_UNIT);
    r->id = b->next[0]++;
    r->a = parent;
    copy(r->s1, sizeof r->s1, name);
    copy(r->s2, sizeof r->s2, hr_id);
    return r->id;
}

long long store_bulk_learner(StoreBulk *b, const char *login, long long unit,
                             Role role, const char *at)
{
    bulk_flush(b);
    Row *r = push(b, ROW_LEARNER);
    r->id = b->next[1]++;
    r->a = unit;
    r->i1 = role;
    copy(r->s1, sizeof r->s1, login);
    copy(r->s2, sizeof r->s2, at);
    b->current = r->id;
    return r->id;
}

long long store_bulk_attempt(StoreBulk *b, long long learner,
                             const char *lesson_id, int version,
                             const char *kind, const char *started,
                             const char *finished, int points, int max_points)
{
    Row *r = push(b, ROW_ATTEMPT);
    r->id = b->next[2]++;
    r->a = learner;
    r->i1 = version;
    r->i2 = strcmp(kind, "quiz") == 0;
    r->i3 = points;
    r->i4 = max_points;
    copy(r->s1, sizeof r->s1, lesson_id);
    copy(r->s2, sizeof r->s2, started);
    copy(r->s3, sizeof r->s3, finished);
    b->quiz = r->i2;
    copy(b->lesson_id, sizeof b->lesson_id, lesson_id);
    return r->id;
}

void store_bulk_answer(StoreBulk *b, long long attempt, int seq,
                       const char *scene_id, int choice, Topic topic,
                       Result result, const char *at, long long unit, Role role)
{
    Row *r = push(b, ROW_ANSWER);
    r->id = b->next[3]++;
    r->a = attempt;
    r->b = unit;
    r->i1 = seq;
    r->i2 = choice;
    r->i3 = topic;
    r->i4 = result;
    r->i5 = role;
    copy(r->s1, sizeof r->s1, scene_id);
    copy(r->s2, sizeof r->s2, at);
    char item[160];
    if (b->quiz)
        copy(item, sizeof item, scene_id);
    else
        snprintf(item, sizeof item, "%s/%s", b->lesson_id, scene_id);
    rebuild_answer(&b->fold, r->id, at, item, choice, topic, result, unit,
                   role);
}

void store_bulk_completion(StoreBulk *b, long long learner, long long attempt,
                           bool course, long long unit, Role role,
                           const char *at)
{
    Row *r = push(b, ROW_COMPLETION);
    r->id = b->next[4]++;
    r->a = learner;
    r->b = attempt;
    r->i1 = course;
    r->c = unit;
    r->i3 = role;
    copy(r->s2, sizeof r->s2, at);
    if (course == (role == ROLE_MANAGER)) /* what counts for participation */
        rebuild_completion(&b->fold, r->id, at, unit, role);
}

int store_bulk_end(StoreBulk *b, bool keep, VkError *err)
{
    Store *s = b->s;
    if (keep)
        bulk_flush(b);
    pthread_mutex_lock(&b->mu);
    if (keep && b->fill[b->cur])
        b->full[b->cur] = true;
    b->done = true;
    pthread_cond_broadcast(&b->cv);
    pthread_mutex_unlock(&b->mu);
    if (b->writer)
        pthread_join(b->writer, NULL);
    int rc = b->rc;
    if (rc < 0 && err)
        *err = b->err;
    for (int i = 0; i < 5; i++)
        sqlite3_finalize(b->st[i]);
    /* the totals, once every row is in */
    rc = rebuild_finish(&b->fold, rc == 0 && keep, err) < 0 ? -1 : rc;
    pthread_mutex_destroy(&b->mu);
    pthread_cond_destroy(&b->cv);
    free(b->batch[0]);
    free(b->batch[1]);
    free(b);
    if (rc == 0 && keep)
        rc = st_commit(s, err, _("load the data"));
    else
        rc = st_rollback(s);
    restore_pragmas(s);
    return rc;
}
