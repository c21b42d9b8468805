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
    Rebuild *fold;     /* the totals, folded as the rows come */
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
        return st_item_put(b->s, r->a, r->s1, &it, &b->err, _("load the data"));
    }
    case ROW_PRESENCE: {
        PresenceState p = {true, r->i2, r->b, r->i3};
        return st_presence_put(b->s, r->a, r->i1, &p, &b->err,
                               _("load the data"));
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
static void queue_item(void *ctx, long long learner, const char *item,
                       const ItemState *it)
{
    StoreBulk *b = ctx;
    Row *r = push(b, ROW_ITEM);
    r->a = learner;
    r->b = it->unit;
    r->i1 = it->month;
    r->i2 = it->credit;
    r->i3 = it->role;
    r->i4 = it->topic;
    copy(r->s1, sizeof r->s1, item);
}

static void queue_presence(void *ctx, long long learner, int what,
                           const PresenceState *p)
{
    StoreBulk *b = ctx;
    Row *r = push(b, ROW_PRESENCE);
    r->a = learner;
    r->b = p->unit;
    r->i1 = what;
    r->i2 = p->month;
    r->i3 = p->role;
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
    st_rebuild_answer(b->fold, r->id, at, item, choice, topic, result, unit,
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
        st_rebuild_completion(b->fold, r->id, at, unit, role);
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
