/*
 * store_pg.h - what the PostgreSQL backend's files share (store_pg.c: the
 * connection, the schema and its migrations, settings; store_pg_org.c:
 * units and learners; store_pg_attempts.c: attempts, answers and a
 * learner's own results; store_pg_roles.c: the database roles). Not for
 * use outside the store.
 *
 * Every statement goes through pg_run with text parameters ($1, $2...);
 * every write is one transaction (pg_write), retried when PostgreSQL
 * reports a serialization failure or a deadlock.
 */
#ifndef VAKSAM_STORE_PG_H
#define VAKSAM_STORE_PG_H

#include "store_backend.h"

#include <libpq-fe.h>

typedef struct PgStore {
    const StoreOps *ops; /* first: store_backend.h */
    PGconn *conn;
    char *where;     /* the URI without its password, for messages */
    long long clock; /* fixed time for tests; 0: real */
    int schema;      /* the schema version the server has */
    char sqlstate[6]; /* of the last statement that failed */
    char login[128];  /* the connection's role: the learner */
} PgStore;

enum { PG_ARGS_MAX = 12 };

/* Text parameters for one statement. */
typedef struct PgArgs {
    const char *v[PG_ARGS_MAX];
    char buf[PG_ARGS_MAX][32];
    int n;
} PgArgs;

void pa_text(PgArgs *a, const char *s); /* NULL: SQL NULL */
void pa_int(PgArgs *a, long long v);

/* Runs sql; the result when it succeeded (the caller PQclears it), NULL
 * with a message in err that names `what` and the server when not. */
PGresult *pg_run(PgStore *p, const char *sql, const PgArgs *a, VkError *err,
                 const char *what);
/* pg_run for a statement whose rows are not wanted; 0 or -1. */
int pg_do(PgStore *p, const char *sql, const PgArgs *a, VkError *err,
          const char *what);
/* A result's value as a number, and as text ("" for NULL). */
long long pg_ll(const PGresult *r, int row, int col);
const char *pg_str(const PGresult *r, int row, int col);

/* Runs body inside BEGIN ... COMMIT (read committed: each statement sees
 * what others committed before it; a learner's writes are serialized by
 * the rows they lock); again (up to a few times) when the
 * server gives up on it for a serialization failure or a deadlock. */
typedef int (*PgBody)(PgStore *p, void *ctx, VkError *err);
int pg_write(PgStore *p, PgBody body, void *ctx, VkError *err,
             const char *what);

/* The time now as the store writes times, and its month. */
void pg_now(const PgStore *p, char buf[32], int *month);

/* SQL that formats a timestamptz column as "2026-11-29T10:15:00Z". */
#define PG_ISO(col)                                                            \
    "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

/* The backend's side of store.h (the interface's comments say what each
 * does); store_pg_ops lists them. */
int pgs_seed_units(Store *s, const UnitSeed *units, int n, bool *created,
                   VkError *err);
int pgs_import_units(Store *s, const UnitImport *units, int n, VkError *err);
int pgs_list_units(Store *s, Unit **out, int *n, VkError *err);
int pgs_find_learner(Store *s, const char *login, Learner *out, VkError *err);
int pgs_save_learner(Store *s, const char *login, long long unit_id, Role role,
                     Learner *out, VkError *err);
int pgs_latest_attempt(Store *s, long long learner_id, const char *lesson_id,
                       Attempt *out, VkError *err);
int pgs_start_attempt(Store *s, long long learner_id, const char *lesson_id,
                      int lesson_version, const char *kind, const char *lang,
                      const char *position, const char *plan,
                      long long *attempt_id, VkError *err);
int pgs_record_answer(Store *s, long long attempt_id, int seq,
                      const char *scene_id, int choice, Topic topic,
                      Result result, VkError *err);
int pgs_set_position(Store *s, long long attempt_id, const char *scene_id,
                     VkError *err);
int pgs_finish_attempt(Store *s, long long attempt_id, int points,
                       int max_points, int course_lessons, VkError *err);
/* Finishes an attempt at the time at, inside the caller's transaction. */
int pgs_finish_in(PgStore *p, long long attempt, int points, int max_points,
                  int course_lessons, const char *at, VkError *err);
int pgs_attempt_answers(Store *s, long long attempt_id, StoredAnswer **out,
                        int *n, VkError *err);
int pgs_topic_levels(Store *s, long long learner_id, TopicLevels *out,
                     VkError *err);
int pgs_recent_correct(Store *s, long long learner_id, int days, char ***out,
                       int *n, VkError *err);
int pgs_quiz_history(Store *s, long long learner_id, int max, QuizResult **out,
                     int *n, VkError *err);

/* The report's totals (store_pg_totals.c) and their reads
 * (store_pg_report.c). */
extern const char PG_TOTALS_SQL[];
int pgs_rebuild_report(Store *s, VkError *err);
int pgs_rollup_scan(Store *s, int first, int last, RollupFn fn, void *ctx,
                    VkError *err);
int pgs_cells(Store *s, int month, int next_first, int next_last, RollupFn fn,
              void *ctx, VkError *err);
int pgs_span_rows(Store *s, int span, int block, SpanFn fn, void *ctx,
                  VkError *err);
int pgs_last_month(Store *s, int *month, VkError *err);
int pgs_unit_sizes(Store *s, UnitSizeFn fn, void *ctx, VkError *err);
int pgs_item_counts(Store *s, const long long *units, int nunits, int role,
                    int first, int last, ItemCountFn fn, void *ctx,
                    VkError *err);
int pgs_completions(Store *s, int first, int last, CompletionFn fn, void *ctx,
                    VkError *err);
int pgs_stamp(Store *s, StoreStamp *out, VkError *err);
int pgs_read_begin(Store *s, bool *began, VkError *err);
void pgs_read_end(Store *s, bool began);

/* The database roles (store_pg_roles.c). */
extern const char PG_ROLES_SQL[];
int pgs_init_roles(Store *s, VkError *err);

#endif
