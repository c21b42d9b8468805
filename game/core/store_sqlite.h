/*
 * store_sqlite.h - what the SQLite backend's files share (store_sqlite.c:
 * the schema, learners and attempts; store_check.c: checking the file;
 * the report's running totals in store_totals.c, store_rollup.c,
 * store_rebuild.c, store_report.c and store_bulk.c, which share more in
 * store_totals.h). Not for use outside the store.
 */
#ifndef VAKSAM_STORE_SQLITE_H
#define VAKSAM_STORE_SQLITE_H

#include "rollup_fold.h"
#include "store_backend.h"

#include <sqlite3.h>

enum { STMT_CACHE = 16 };
/* SQL for the time now, as the store writes times. */
#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
/* How long a connection waits for another one's lock. */
#define BUSY_TIMEOUT_MS 10000

struct Store {
    const StoreOps *ops; /* first: store_backend.h */
    sqlite3 *db;
    char *path;
    long long clock;                 /* fixed time for tests; 0: real */
    sqlite3_stmt *cache[STMT_CACHE]; /* the answer path's statements */
    bool damaged;                    /* SQLite found damage: no more writes */
    bool queue; /* what is written waits for a server (store_relay.c) */
    long long opened;                /* when it was opened (st_monotonic_ns) */
    bool spans_deferred; /* the span totals are filled later (store.h) */
    char damage[256];    /* what SQLite said about it */
};

/* The schema: st_migrations[i] takes a file from version i to i + 1
 * (store_sqlite_schema.c). */
extern const char *const st_migrations[STORE_SCHEMA_VERSION];

/* Sets a message a user can act on for the last SQLite failure; -1. */
int st_fail(Store *s, VkError *err, const char *what);
/* The same for a failure with this result code, when other calls may
 * have run on the connection since. */
int st_fail_code(Store *s, int code, VkError *err, const char *what);
int st_exec(Store *s, const char *sql, VkError *err, const char *what);
/* BEGIN IMMEDIATE / COMMIT (rolls back when the commit fails). */
int st_begin(Store *s, VkError *err, const char *what);
int st_commit(Store *s, VkError *err, const char *what);
/* Rolls back an open transaction; always -1. */
int st_rollback(Store *s);
sqlite3_stmt *st_prepare(Store *s, const char *sql, VkError *err,
                         const char *what);
/* A statement kept for the life of the store (slot < STMT_CACHE), reset
 * and unbound, ready to bind. */
sqlite3_stmt *st_cached(Store *s, int slot, const char *sql, VkError *err,
                        const char *what);
int st_pragma_int(Store *s, const char *sql, int *out);

/* The file is damaged (store_check.c): marks the store so that it writes
 * nothing more and sets the damaged-file message (why: what SQLite said,
 * NULL to keep what it said first); -1. */
int st_damaged(Store *s, VkError *err, const char *what, const char *why);
/* The quick check store_open runs before it changes anything: always when
 * asked or when the schema must be upgraded, else on small files. */
int st_check_on_open(Store *s, int version, bool always, VkError *err);

/* The time now as "2026-11-29T10:15:00Z" and its month (report.h). */
void st_now(Store *s, char buf[32], int *month);

/* The report's totals (store_rollup.c), inside the caller's transaction,
 * for the answer or completion just stored with this id and time ("at",
 * in `month`). */
int st_rollup_answer(Store *s, long long learner, long long answer_id,
                     const char *at, long long unit, int role, const char *item,
                     int choice, Topic topic, Result result, int month,
                     VkError *err);
int st_rollup_completion(Store *s, long long learner, long long completion_id,
                         const char *at, long long unit, int role, int month,
                         VkError *err);
/* SQL functions the totals need (vk_add: counters added element-wise;
 * store_totals.c). */
void st_register_functions(Store *s);
/* SQL functions the span totals need (store_spans.c). */
void st_register_span_functions(Store *s);
/* Fills the span totals from the rollup cells (an upgrade to schema 7, a
 * bulk load), inside the caller's transaction; what names the job in
 * messages. */
int st_fill_spans(Store *s, const char *what, VkError *err);
/* Refills the span totals when a bulk load left them to be filled and did
 * not get to it (store_spans_defer); store_open calls it. */
int st_spans_check(Store *s, VkError *err);
/* A monotonic clock in nanoseconds: tells one opening of a store from
 * another. */
long long st_monotonic_ns(void);
/* Recomputes every total from the stored answers and completions
 * (store_rebuild.c); what names the job in messages ("upgrade the
 * database", "rebuild ..."). */
int st_rebuild(Store *s, const char *what, VkError *err);
/* Folds every stored answer and completion into f, learner by learner, as
 * a rebuild does, writing nothing (store_copy.c sends the totals to a
 * server). *exact is false when a row is one that the server's rule
 * counts otherwise than the fold (rollup_fold.h). */
int st_fold_stored(Store *s, RollFold *f, bool *exact, VkError *err,
                   const char *what);

/* The backend's side of store.h, one function per operation (the
 * interface's comments say what each does); store_sqlite_ops lists them. */
bool sq_damaged(const Store *s);
void sq_close(Store *s);
void sq_set_busy_timeout(Store *s, int ms);
void sq_set_clock(Store *s, long long unix_time);
int sq_seed_units(Store *s, const UnitSeed *units, int n, bool *created, VkError *err);
int sq_import_units(Store *s, const UnitImport *units, int n, VkError *err);
int sq_list_units(Store *s, Unit **out, int *n, VkError *err);
int sq_find_learner(Store *s, const char *login, Learner *out, VkError *err);
int sq_save_learner(Store *s, const char *login, long long unit_id, Role role, Learner *out, VkError *err);
int sq_import_learners(Store *s, const LearnerImport *list, int n, bool check_only, bool *unknown, LearnerImportStats *st, VkError *err);
int sq_roster_kept(Store *s, bool *kept, VkError *err);
int sq_latest_attempt(Store *s, long long learner_id, const char *lesson_id, Attempt *out, VkError *err);
int sq_start_attempt(Store *s, long long learner_id, const char *lesson_id, int lesson_version, const char *kind, const char *lang, const char *position, const char *plan, long long *attempt_id, VkError *err);
int sq_record_answer(Store *s, long long attempt_id, int seq, const char *scene_id, int choice, Topic topic, Result result, VkError *err);
int sq_set_position(Store *s, long long attempt_id, const char *scene_id, VkError *err);
int sq_finish_attempt(Store *s, long long attempt_id, int points, int max_points, int course_lessons, VkError *err);
int sq_attempt_answers(Store *s, long long attempt_id, StoredAnswer **out, int *n, VkError *err);
int sq_get_setting(Store *s, const char *key, char **value, VkError *err);
int sq_set_setting(Store *s, const char *key, const char *value, VkError *err);
int sq_set_settings(Store *s, const StoreSetting *set, int n, VkError *err);
int sq_topic_levels(Store *s, long long learner_id, TopicLevels *out, VkError *err);
int sq_recent_correct(Store *s, long long learner_id, int days, char ***out, int *n, VkError *err);
int sq_quiz_history(Store *s, long long learner_id, int max, QuizResult **out, int *n, VkError *err);
int sq_rollup_scan(Store *s, int first, int last, RollupFn fn, void *ctx, VkError *err);
int sq_unit_sizes(Store *s, UnitSizeFn fn, void *ctx, VkError *err);
int sq_learner_counts(Store *s, UnitSizeFn fn, void *ctx, VkError *err);
int sq_item_counts(Store *s, const long long *units, int nunits, int role, int first, int last, ItemCountFn fn, void *ctx, VkError *err);
int sq_span_rows(Store *s, int span, int block, SpanFn fn, void *ctx, VkError *err);
int sq_cells(Store *s, int month, int next_first, int next_last, RollupFn fn, void *ctx, VkError *err);
int sq_last_month(Store *s, int *month, VkError *err);
int sq_stamp(Store *s, StoreStamp *out, VkError *err);
int sq_read_begin(Store *s, bool *began, VkError *err);
void sq_read_end(Store *s, bool began);
int sq_spans_defer(Store *s, VkError *err);
int sq_spans_refill(Store *s, VkError *err);
int sq_explain_spans(Store *s, FILE *out, VkError *err);
int sq_completions(Store *s, int first, int last, CompletionFn fn, void *ctx, VkError *err);
int sq_export_attempts(Store *s, const char *since, int groups_k, ExportAttemptFn fn, void *ctx, VkError *err);
int sq_xapi_org(Store *s, char org[33], VkError *err);
int sq_xapi_sent(Store *s, const char *endpoint, SentFn fn, void *ctx, VkError *err);
int sq_xapi_mark_sent(Store *s, const char *endpoint, const char *const *ids, int n, VkError *err);
int sq_explain_report(Store *s, FILE *out, VkError *err);
int sq_rebuild_report(Store *s, VkError *err);
StoreBulk *sq_bulk_begin(Store *s, VkError *err);
long long sq_bulk_unit(StoreBulk *b, const char *name, long long parent, const char *hr_id);
long long sq_bulk_learner(StoreBulk *b, const char *login, long long unit, Role role, const char *at);
long long sq_bulk_attempt(StoreBulk *b, long long learner, const char *lesson_id, int version, const char *kind, const char *started, const char *finished, int points, int max_points);
void sq_bulk_answer(StoreBulk *b, long long attempt, int seq, const char *scene_id, int choice, Topic topic, Result result, const char *at, long long unit, Role role);
void sq_bulk_completion(StoreBulk *b, long long learner, long long attempt, bool course, long long unit, Role role, const char *at);
int sq_bulk_end(StoreBulk *b, bool keep, VkError *err);

#endif
