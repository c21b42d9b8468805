/*
 * store_pg_bulk.c - loading many rows at once into the PostgreSQL store
 * (store.h's StoreBulk, for demo-data): one transaction of the schema's
 * owner with the row triggers off and the report's totals rebuilt once at
 * the end (store_pg_load.c), the rows streamed with COPY.
 *
 * Ids are given here, from the next free id of each table under the
 * load's lock, so that an answer names its attempt without anything read
 * back. The rows come in the caller's order (a learner, then their
 * attempts, answers and completions) and are written as COPY text into a
 * batch, one buffer per table. A second thread sends a full batch, table
 * by table in the order their references need (a row only ever names one
 * of its own batch's earlier tables or of an earlier batch), while the
 * caller fills the other batch: the program making rows and the server
 * storing them work at once.
 *
 * The report's totals are folded here as the rows come, by the same code
 * as SQLite's loader (rollup_fold.c: the rule of rollup.c, which
 * vaksam.cells writes as a query), and sent once the rows are in: the
 * server's rebuild would read every answer back and take longer than the
 * load itself. That needs each learner's rows together, after the
 * learner, each answer after its attempt, into tables with no answers or
 * completions yet, and choices a lesson can have (the server counts any
 * number, the fold only those); a load that is not like that has its
 * totals rebuilt by the server from the rows.
 */
#include "store_pg.h"

#include "i18n.h"
#include "lesson.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

enum { T_UNITS, T_LEARNERS, T_ATTEMPTS, T_ANSWERS, T_COMPLETIONS };
/* A batch's text before it is sent: 8 MiB of rows, about 75,000 answers,
 * so that a load of ten million answers is some 150 COPY statements. */
enum { BATCH_BYTES = 8 << 20 };

static const char *const copy_sql[PG_LOAD_TABLES] = {
    "COPY vaksam.units(id, name, parent_id, hr_id) FROM STDIN (FORMAT binary)",
    "COPY vaksam.learners(id, login, unit_id, role, created_at) "
    "FROM STDIN (FORMAT binary)",
    "COPY vaksam.attempts(id, uid, learner_id, lesson_id, lesson_version, "
    "kind, lang, started_at, finished_at, points, max_points) "
    "FROM STDIN (FORMAT binary)",
    "COPY vaksam.answers(id, uid, attempt_id, seq, scene_id, choice, topic, "
    "result, answered_at, unit_id, role) FROM STDIN (FORMAT binary)",
    "COPY vaksam.completions(id, learner_id, attempt_id, kind, unit_id, "
    "role, completed_at) FROM STDIN (FORMAT binary)",
};

typedef struct Batch {
    StrBuf t[PG_LOAD_TABLES]; /* COPY text, by table */
} Batch;

typedef struct PgBulk {
    StoreBulkHead head; /* first: store_backend.h */
    PgStore *p;
    PgLoad load; /* the transaction, and the next id of each table */
    PgUuids uuids;
    long long bad; /* times that were not times: the load fails */
    /* the report's totals as the rows come, while exact (see above) */
    RollFold *fold;
    bool exact;
    long long learner; /* the learner last made, whose rows come now */
    long long attempt; /* their attempt last made, and its decisions' */
    bool quiz;
    char lesson_id[ROLL_ITEM_MAX];
    VkError bad_err;
    int rc; /* the writer's: 0, or -1 and err */
    VkError err;
    /* two batches: the caller fills one while the writer sends the other */
    Batch batch[2];
    bool full[2];
    int cur;
    bool done;
    bool writing; /* the writer thread runs */
    pthread_t writer;
    pthread_mutex_t mu;
    pthread_cond_t cv;
} PgBulk;

/* Sends one batch, table by table; a failure stops the load's writes. */
static void send_batch(PgBulk *b, Batch *batch)
{
    for (int t = 0; t < PG_LOAD_TABLES; t++) {
        if (b->rc == 0 && batch->t[t].len > 0)
            b->rc = pg_copy_table(b->p, copy_sql[t], &batch->t[t], &b->err,
                                  _("load the data"));
        batch->t[t].len = 0;
    }
}

static void *writer_main(void *arg)
{
    PgBulk *b = arg;
    int w = 0;
    pthread_mutex_lock(&b->mu);
    for (;;) {
        while (!b->full[w] && !b->done)
            pthread_cond_wait(&b->cv, &b->mu);
        if (!b->full[w])
            break; /* done, and nothing left */
        pthread_mutex_unlock(&b->mu);
        send_batch(b, &b->batch[w]);
        pthread_mutex_lock(&b->mu);
        b->full[w] = false;
        pthread_cond_broadcast(&b->cv);
        w ^= 1;
    }
    pthread_mutex_unlock(&b->mu);
    return NULL;
}

/* Hands the current batch to the writer and waits for the other one. */
static void submit(PgBulk *b)
{
    pthread_mutex_lock(&b->mu);
    b->full[b->cur] = true;
    pthread_cond_broadcast(&b->cv);
    b->cur ^= 1;
    while (b->full[b->cur])
        pthread_cond_wait(&b->cv, &b->mu);
    pthread_mutex_unlock(&b->mu);
}

/* The buffer a row of table t goes into. */
static StrBuf *row(PgBulk *b, int t)
{
    return &b->batch[b->cur].t[t];
}

/* After a whole row: a full batch goes to the writer. */
static void row_done(PgBulk *b)
{
    const Batch *batch = &b->batch[b->cur];
    size_t bytes = 0;
    for (int t = 0; t < PG_LOAD_TABLES; t++)
        bytes += batch->t[t].len;
    if (bytes >= BATCH_BYTES)
        submit(b);
}

/* The rows of the learner before: their events into the totals. */
static void fold_flush(PgBulk *b)
{
    if (b->learner) {
        rollup_fold_learner(b->fold, 1, 0, 0);
        rollup_fold_state(b->fold, NULL); /* the server keeps none */
    }
    rollup_fold_next(b->fold);
}

/* An answer into the fold, as vaksam.cells would count it. */
static void fold_answer(PgBulk *b, long long id, long long attempt,
                        const char *scene_id, int choice, Topic topic,
                        Result result, const char *at, long long unit,
                        Role role)
{
    char item[ROLL_ITEM_MAX]; /* vaksam.item_of */
    size_t n = 0;
    if (!b->quiz) {
        n = vk_copy_cut(item, sizeof item, b->lesson_id);
        if (n + 1 < sizeof item)
            item[n] = '/';
        n++;
    }
    if (n < sizeof item)
        n += vk_copy_cut(item + n, sizeof item - n, scene_id);
    if (attempt != b->attempt || choice < 0 || choice >= LESSON_MAX_CHOICES ||
        n >= sizeof item) {
        b->exact = false;
        return;
    }
    if (topic != TOPIC_NONE) /* else counted nowhere */
        rollup_fold_answer(b->fold, id, at, item, choice, topic, result, unit,
                           role);
}

/* "" is no value (SQL NULL), as in store_bulk.c. */
static void text_or_null(StrBuf *r, const char *s)
{
    pg_bin_text(r, s && *s ? s : NULL);
}

/* A time of the caller's; one not of the form store.h gives stops the
 * load (the first such is what store_bulk_end says). */
static void time_field(PgBulk *b, StrBuf *r, const char *at, bool null_ok)
{
    if (null_ok && (!at || !*at)) {
        pg_bin_text(r, NULL);
    } else if (pg_bin_time(r, at ? at : "") < 0) {
        pg_bin_text(r, NULL); /* the row stays whole */
        if (b->bad == 0)
            vk_error_set(&b->bad_err,
                         _("%s: cannot load the data: '%s' is not a time "
                           "like 2026-11-29T10:15:00Z"),
                         b->p->where, at ? at : "");
        b->bad++;
    }
}

StoreBulk *pgs_bulk_begin(Store *s, VkError *err)
{
    PgStore *p = (PgStore *)s;
    if (sodium_init() < 0) {
        vk_error_set(err, _("cannot start libsodium (for the rows' uids)"));
        return NULL;
    }
    PgBulk *b = xcalloc(1, sizeof *b);
    b->head.s = s;
    b->p = p;
    b->uuids.used = PG_UUIDS;
    if (pg_load_begin(p, &b->load, err, _("load the data")) < 0) {
        free(b);
        return NULL;
    }
    b->fold = rollup_fold_new(1 << 10);
    b->exact = b->load.next[T_ANSWERS] == 1 && b->load.next[T_COMPLETIONS] == 1;
    pthread_mutex_init(&b->mu, NULL);
    pthread_cond_init(&b->cv, NULL);
    b->writing = pthread_create(&b->writer, NULL, writer_main, b) == 0;
    if (!b->writing) {
        vk_error_set(err, _("cannot start a thread to load the data"));
        pgs_bulk_end((StoreBulk *)b, false, NULL);
        return NULL;
    }
    return (StoreBulk *)b;
}

long long pgs_bulk_unit(StoreBulk *sb, const char *name, long long parent,
                        const char *hr_id)
{
    PgBulk *b = (PgBulk *)sb;
    long long id = b->load.next[T_UNITS]++;
    StrBuf *r = row(b, T_UNITS);
    pg_bin_row(r, 4);
    pg_bin_int8(r, id);
    pg_bin_text(r, name);
    if (parent)
        pg_bin_int8(r, parent);
    else
        pg_bin_text(r, NULL);
    text_or_null(r, hr_id);
    row_done(b);
    return id;
}

long long pgs_bulk_learner(StoreBulk *sb, const char *login, long long unit,
                           Role role, const char *at)
{
    PgBulk *b = (PgBulk *)sb;
    long long id = b->load.next[T_LEARNERS]++;
    fold_flush(b);
    b->learner = id;
    b->attempt = 0;
    StrBuf *r = row(b, T_LEARNERS);
    pg_bin_row(r, 5);
    pg_bin_int8(r, id);
    pg_bin_text(r, login);
    pg_bin_int8(r, unit);
    pg_bin_text(r, role_id(role));
    time_field(b, r, at, false);
    row_done(b);
    return id;
}

long long pgs_bulk_attempt(StoreBulk *sb, long long learner,
                           const char *lesson_id, int version, const char *kind,
                           const char *started, const char *finished,
                           int points, int max_points)
{
    PgBulk *b = (PgBulk *)sb;
    long long id = b->load.next[T_ATTEMPTS]++;
    b->exact &= learner == b->learner &&
                vk_copy_cut(b->lesson_id, sizeof b->lesson_id, lesson_id) <
                    sizeof b->lesson_id;
    b->attempt = id;
    b->quiz = strcmp(kind, "quiz") == 0;
    StrBuf *r = row(b, T_ATTEMPTS);
    pg_bin_row(r, 11);
    pg_bin_int8(r, id);
    pg_bin_uuid(r, pg_uuid_new(&b->uuids));
    pg_bin_int8(r, learner);
    pg_bin_text(r, lesson_id);
    pg_bin_int4(r, version);
    pg_bin_text(r, kind);
    pg_bin_text(r, "en");
    time_field(b, r, started, false);
    time_field(b, r, finished, true);
    pg_bin_int4(r, points);
    pg_bin_int4(r, max_points);
    row_done(b);
    return id;
}

void pgs_bulk_answer(StoreBulk *sb, long long attempt, int seq,
                     const char *scene_id, int choice, Topic topic,
                     Result result, const char *at, long long unit, Role role)
{
    PgBulk *b = (PgBulk *)sb;
    long long id = b->load.next[T_ANSWERS]++;
    if (b->exact)
        fold_answer(b, id, attempt, scene_id, choice, topic, result, at, unit,
                    role);
    StrBuf *r = row(b, T_ANSWERS);
    pg_bin_row(r, 11);
    pg_bin_int8(r, id);
    pg_bin_uuid(r, pg_uuid_new(&b->uuids));
    pg_bin_int8(r, attempt);
    pg_bin_int4(r, seq);
    pg_bin_text(r, scene_id);
    pg_bin_int4(r, choice);
    pg_bin_text(r, topic_id(topic));
    pg_bin_text(r, result_id(result));
    time_field(b, r, at, false);
    pg_bin_int8(r, unit);
    pg_bin_text(r, role_id(role));
    row_done(b);
}

void pgs_bulk_completion(StoreBulk *sb, long long learner, long long attempt,
                         bool course, long long unit, Role role, const char *at)
{
    PgBulk *b = (PgBulk *)sb;
    long long id = b->load.next[T_COMPLETIONS]++;
    b->exact &= learner == b->learner;
    if (b->exact && course == (role == ROLE_MANAGER)) /* what counts */
        rollup_fold_completion(b->fold, id, at, unit, role);
    StrBuf *r = row(b, T_COMPLETIONS);
    pg_bin_row(r, 7);
    pg_bin_int8(r, id);
    pg_bin_int8(r, learner);
    pg_bin_int8(r, attempt);
    pg_bin_text(r, course ? "course" : "quiz");
    pg_bin_int8(r, unit);
    pg_bin_text(r, role_id(role));
    time_field(b, r, at, false);
    row_done(b);
}

int pgs_bulk_end(StoreBulk *sb, bool keep, VkError *err)
{
    PgBulk *b = (PgBulk *)sb;
    PgStore *p = b->p;
    const char *what = _("load the data");
    pthread_mutex_lock(&b->mu);
    if (keep)
        b->full[b->cur] = true; /* the last batch, however full */
    b->done = true;
    pthread_cond_broadcast(&b->cv);
    pthread_mutex_unlock(&b->mu);
    if (b->writing)
        pthread_join(b->writer, NULL);
    /* a time that was none is why the row could not be stored */
    int rc = keep && b->bad == 0 ? b->rc : -1;
    if (err && (b->bad > 0 || b->rc < 0))
        *err = b->bad > 0 ? b->bad_err : b->err;
    fold_flush(b);
    if (rc == 0)
        rc = pg_load_finish(p, &b->load, b->exact ? b->fold : NULL, err, what);
    if (rc == 0)
        rc = pg_load_commit(p, &b->load, err, what);
    else
        pg_load_abort(p, &b->load);
    pthread_mutex_destroy(&b->mu);
    pthread_cond_destroy(&b->cv);
    rollup_fold_free(b->fold);
    for (int i = 0; i < 2; i++)
        for (int t = 0; t < PG_LOAD_TABLES; t++)
            free(b->batch[i].t[t].data);
    free(b);
    return rc;
}

/* PostgreSQL keeps no span totals (store_pg_report.c sums a span's cells
 * as it reads them): there is nothing to defer or refill. */
int pgs_spans_nothing(Store *s, VkError *err)
{
    (void)s;
    (void)err;
    return 0;
}
