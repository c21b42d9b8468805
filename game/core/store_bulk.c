/*
 * store_bulk.c - loading many rows at once (store.h's StoreBulk, for
 * demo-data) in one transaction. Ids are given here (the database is new),
 * so the rows can be written by a second thread while the caller makes the
 * next ones: a batch is filled while the one before it is written. The
 * rows of one learner come together (learner, then their attempts, answers
 * and completions), so the report's totals are folded as they come, with
 * the same code as a rebuild (store_rebuild.c), without reading anything
 * back, and written at the end.
 */
#include "store_totals.h"

#include "i18n.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum RowKind {
    ROW_UNIT,
    ROW_LEARNER,
    ROW_ATTEMPT,
    ROW_ANSWER,
    ROW_COMPLETION,
    ROW_ITEM,
    ROW_PRESENCE,
} RowKind;

/* A row on its way to the writer thread: kind says which member of the
 * union it fills; strings are copied in, cut to fit. */
typedef struct UnitRow {
    long long parent; /* 0: a root */
    char name[160];
    char hr_id[24]; /* "": none */
} UnitRow;

typedef struct LearnerRow {
    long long unit;
    Role role;
    char login[160];
    char created_at[24];
} LearnerRow;

typedef struct AttemptRow {
    long long learner;
    int version, points, max_points;
    bool quiz; /* else the course */
    char lesson_id[160];
    char started[24];
    char finished[24]; /* "": not finished */
} AttemptRow;

typedef struct AnswerRow {
    long long attempt;
    long long unit; /* the learner's when answering */
    int seq, choice;
    Topic topic;
    Result result;
    Role role; /* the learner's when answering */
    char scene_id[160];
    char at[24];
} AnswerRow;

typedef struct CompletionRow {
    long long learner, attempt, unit;
    bool course; /* else a quiz */
    Role role;
    char at[24];
} CompletionRow;

/* A learner's state after the fold (learner_items, learner_presence). */
typedef struct ItemRow {
    long long learner;
    ItemState state;
    char item[160];
} ItemRow;

typedef struct PresenceRow {
    long long learner;
    int what; /* a topic, PRESENCE_ACTIVE or PRESENCE_COMPLETED */
    PresenceState state;
} PresenceRow;

typedef struct BulkRow {
    RowKind kind;
    long long id; /* the new row's (units ... completions) */
    union {
        UnitRow unit;
        LearnerRow learner;
        AttemptRow attempt;
        AnswerRow answer;
        CompletionRow completion;
        ItemRow item;
        PresenceRow presence;
    };
} BulkRow;

enum { BATCH_ROWS = 16384 };

struct StoreBulk {
    Store *s;
    sqlite3_stmt *st[7]; /* by RowKind */
    int rc;              /* the writer's; read after it has stopped */
    VkError err;
    Rebuild *fold;     /* the totals, folded as the rows come */
    long long current; /* the learner whose rows are coming */
    bool quiz;         /* the last attempt's kind */
    char lesson_id[64];
    long long next[5]; /* the next id of units ... completions */
    /* two batches: the caller fills one while the writer writes the other */
    BulkRow *batch[2];
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

static void bind_unit(sqlite3_stmt *st, long long id, const UnitRow *u)
{
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, u->name, -1, SQLITE_STATIC);
    if (u->parent)
        sqlite3_bind_int64(st, 3, u->parent);
    else
        sqlite3_bind_null(st, 3);
    bind_text(st, 4, u->hr_id);
}

static void bind_learner(sqlite3_stmt *st, long long id, const LearnerRow *l)
{
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, l->login, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, l->unit);
    sqlite3_bind_text(st, 4, role_id(l->role), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, l->created_at, -1, SQLITE_STATIC);
}

static void bind_attempt(sqlite3_stmt *st, long long id, const AttemptRow *t)
{
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, t->learner);
    sqlite3_bind_text(st, 3, t->lesson_id, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, t->version);
    sqlite3_bind_text(st, 5, t->quiz ? "quiz" : "course", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, t->started, -1, SQLITE_STATIC);
    bind_text(st, 7, t->finished);
    sqlite3_bind_int(st, 8, t->points);
    sqlite3_bind_int(st, 9, t->max_points);
}

static void bind_answer(sqlite3_stmt *st, long long id, const AnswerRow *a)
{
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, a->attempt);
    sqlite3_bind_int(st, 3, a->seq);
    sqlite3_bind_text(st, 4, a->scene_id, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, a->choice);
    sqlite3_bind_text(st, 6, topic_id(a->topic), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, result_id(a->result), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, a->at, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 9, a->unit);
    sqlite3_bind_text(st, 10, role_id(a->role), -1, SQLITE_STATIC);
}

static void bind_completion(sqlite3_stmt *st, long long id,
                            const CompletionRow *c)
{
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, c->learner);
    sqlite3_bind_int64(st, 3, c->attempt);
    sqlite3_bind_text(st, 4, c->course ? "course" : "quiz", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, c->unit);
    sqlite3_bind_text(st, 6, role_id(c->role), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, c->at, -1, SQLITE_STATIC);
}

static int write_row(StoreBulk *b, const BulkRow *r)
{
    const char *what = _("load the data");
    sqlite3_stmt *st = b->st[r->kind];
    switch (r->kind) {
    case ROW_UNIT: bind_unit(st, r->id, &r->unit); break;
    case ROW_LEARNER: bind_learner(st, r->id, &r->learner); break;
    case ROW_ATTEMPT: bind_attempt(st, r->id, &r->attempt); break;
    case ROW_ANSWER: bind_answer(st, r->id, &r->answer); break;
    case ROW_COMPLETION: bind_completion(st, r->id, &r->completion); break;
    case ROW_ITEM:
        return st_item_put(b->s, r->item.learner, r->item.item, &r->item.state,
                           &b->err, what);
    case ROW_PRESENCE:
        return st_presence_put(b->s, r->presence.learner, r->presence.what,
                               &r->presence.state, &b->err, what);
    }
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : st_fail(b->s, &b->err, what);
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

/* The next row of the batch being filled; the caller fills the member
 * that kind names, every field of it. */
static BulkRow *push(StoreBulk *b, RowKind kind)
{
    if (b->fill[b->cur] == BATCH_ROWS)
        submit(b);
    BulkRow *r = &b->batch[b->cur][b->fill[b->cur]++];
    r->kind = kind;
    return r;
}

/* A learner's state after the fold, queued instead of written. */
static void queue_item(void *ctx, long long learner, const char *item,
                       const ItemState *it)
{
    StoreBulk *b = ctx;
    BulkRow *r = push(b, ROW_ITEM);
    r->item.learner = learner;
    r->item.state = *it;
    r->item.state.present = true;
    vk_copy_cut(r->item.item, sizeof r->item.item, item);
}

static void queue_presence(void *ctx, long long learner, int what,
                           const PresenceState *p)
{
    StoreBulk *b = ctx;
    BulkRow *r = push(b, ROW_PRESENCE);
    r->presence.learner = learner;
    r->presence.what = what;
    r->presence.state = *p;
    r->presence.state.present = true;
}

static void bulk_flush(StoreBulk *b)
{
    st_rebuild_learner(b->fold, b->current, NULL); /* queued: cannot fail */
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

StoreBulk *sq_bulk_begin(Store *s, VkError *err)
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
    b->fold =
        st_rebuild_new(s, what, &(RebuildSink){b, queue_item, queue_presence});
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
    b->batch[0] = xmalloc(BATCH_ROWS * sizeof(BulkRow));
    b->batch[1] = xmalloc(BATCH_ROWS * sizeof(BulkRow));
    pthread_mutex_init(&b->mu, NULL);
    pthread_cond_init(&b->cv, NULL);
    if (pthread_create(&b->writer, NULL, writer_main, b) != 0) {
        vk_error_set(err, _("cannot start a thread to load the data"));
        b->done = true;
        ok = false;
    }
    if (!ok) {
        sq_bulk_end(b, false, NULL);
        return NULL;
    }
    return b;
}

long long sq_bulk_unit(StoreBulk *b, const char *name, long long parent,
                       const char *hr_id)
{
    BulkRow *r = push(b, ROW_UNIT);
    r->id = b->next[0]++;
    r->unit.parent = parent;
    vk_copy_cut(r->unit.name, sizeof r->unit.name, name);
    vk_copy_cut(r->unit.hr_id, sizeof r->unit.hr_id, hr_id);
    return r->id;
}

long long sq_bulk_learner(StoreBulk *b, const char *login, long long unit,
                          Role role, const char *at)
{
    bulk_flush(b);
    BulkRow *r = push(b, ROW_LEARNER);
    r->id = b->next[1]++;
    r->learner.unit = unit;
    r->learner.role = role;
    vk_copy_cut(r->learner.login, sizeof r->learner.login, login);
    vk_copy_cut(r->learner.created_at, sizeof r->learner.created_at, at);
    b->current = r->id;
    return r->id;
}

long long sq_bulk_attempt(StoreBulk *b, long long learner,
                          const char *lesson_id, int version, const char *kind,
                          const char *started, const char *finished, int points,
                          int max_points)
{
    BulkRow *r = push(b, ROW_ATTEMPT);
    AttemptRow *t = &r->attempt;
    r->id = b->next[2]++;
    t->learner = learner;
    t->version = version;
    t->quiz = strcmp(kind, "quiz") == 0;
    t->points = points;
    t->max_points = max_points;
    vk_copy_cut(t->lesson_id, sizeof t->lesson_id, lesson_id);
    vk_copy_cut(t->started, sizeof t->started, started);
    vk_copy_cut(t->finished, sizeof t->finished, finished);
    b->quiz = t->quiz;
    vk_copy_cut(b->lesson_id, sizeof b->lesson_id, lesson_id);
    return r->id;
}

void sq_bulk_answer(StoreBulk *b, long long attempt, int seq,
                    const char *scene_id, int choice, Topic topic,
                    Result result, const char *at, long long unit, Role role)
{
    BulkRow *r = push(b, ROW_ANSWER);
    AnswerRow *a = &r->answer;
    r->id = b->next[3]++;
    a->attempt = attempt;
    a->unit = unit;
    a->seq = seq;
    a->choice = choice;
    a->topic = topic;
    a->result = result;
    a->role = role;
    vk_copy_cut(a->scene_id, sizeof a->scene_id, scene_id);
    vk_copy_cut(a->at, sizeof a->at, at);
    char item[160];
    if (b->quiz)
        vk_copy_cut(item, sizeof item, scene_id);
    else
        snprintf(item, sizeof item, "%s/%s", b->lesson_id, scene_id);
    st_rebuild_answer(b->fold, r->id, at, item, choice, topic, result, unit,
                      role);
}

void sq_bulk_completion(StoreBulk *b, long long learner, long long attempt,
                        bool course, long long unit, Role role, const char *at)
{
    BulkRow *r = push(b, ROW_COMPLETION);
    CompletionRow *c = &r->completion;
    r->id = b->next[4]++;
    c->learner = learner;
    c->attempt = attempt;
    c->unit = unit;
    c->course = course;
    c->role = role;
    vk_copy_cut(c->at, sizeof c->at, at);
    if (course == (role == ROLE_MANAGER)) /* what counts for participation */
        st_rebuild_completion(b->fold, r->id, at, unit, role);
}

int sq_bulk_end(StoreBulk *b, bool keep, VkError *err)
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
    rc = st_rebuild_end(b->fold, rc == 0 && keep, err) < 0 ? -1 : rc;
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
