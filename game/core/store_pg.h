/*
 * store_pg.h - what the PostgreSQL backend's files share (store_pg.c:
 * statements, the schema and its migrations, settings; store_pg_connect.c
 * and store_pg_lookup.c: the connection; store_pg_org.c:
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

#include "rollup_fold.h"
#include "store_backend.h"

#include "pq.h"

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

/* The server's message, first line, without libpq's "ERROR:  ". */
void pg_message(const char *msg, char *out, size_t size);
/* Runs sql; the result when it succeeded (the caller PQclears it), NULL
 * with a message in err that names `what` and the server when not. */
PGresult *pg_run(PgStore *p, const char *sql, const PgArgs *a, VkError *err,
                 const char *what);
/* Sets err for a statement that failed with result r (NULL: the
 * connection's message), as pg_run does, and frees r; -1. */
int pg_fail(PgStore *p, PGresult *r, VkError *err, const char *what);
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

/* Once connected (store_pg_connect.c): the connection's role as the
 * learner (p->login), and the schema checked, upgraded when it is older
 * and the role owns it. */
int pg_sign_in(PgStore *p, VkError *err);

/* Looking the server's host names up without waiting
 * (store_pg_lookup.c). */
typedef struct PgLookup PgLookup;
/* Starts looking up the host names the URI (or PGHOST) gives; NULL when
 * libpq would look none up. Free it with pg_lookup_free. */
PgLookup *pg_lookup_start(const char *uri);
/* Whether every lookup has ended. */
bool pg_lookup_done(PgLookup *l);
/* Once done: the host, hostaddr and port lists (port NULL: as the URI
 * has it) that connect to the addresses found without another lookup,
 * owned by l; false, with why, when no entry is left. */
bool pg_lookup_result(PgLookup *l, const char **hosts, const char **addrs,
                      const char **ports, char *why, size_t n);
/* Frees l; a lookup still running is cancelled, or when it cannot be,
 * keeps l until it ends (l is then never freed). */
void pg_lookup_free(PgLookup *l);

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
int pgs_import_learners(Store *s, const LearnerImport *list, int n,
                        bool check_only, bool *unknown,
                        LearnerImportStats *st, VkError *err);
int pgs_roster_kept(Store *s, bool *kept, VkError *err);
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
/* store_pg_kept.sql and store_pg_publish.sql, built in (CMakeLists.txt) */
extern const char PG_KEPT_SQL[];
extern const char PG_PUBLISH_SQL[];
extern const char PG_ROSTER_SQL[];
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
/* The xAPI export (store_pg_xapi.c) */
extern const char PG_XAPI_SQL[];
extern const char PG_GUARD_SQL[]; /* store_pg_guard.sql */
extern const char PG_ROWS_SQL[];  /* store_pg_rows.sql */
int pgs_export_attempts(Store *s, const char *since, int groups_k,
                        ExportAttemptFn fn, void *ctx, VkError *err);
int pgs_xapi_org(Store *s, char org[33], VkError *err);
int pgs_xapi_access(Store *s, bool groups, StoreCiso *out, VkError *err);
int pgs_xapi_sent(Store *s, const char *endpoint, SentFn fn, void *ctx,
                  VkError *err);
int pgs_xapi_mark_sent(Store *s, const char *endpoint, const char *const *ids,
                       int n, VkError *err);
int pgs_read_begin(Store *s, bool *began, VkError *err);
void pgs_read_end(Store *s, bool began);

/* Rebuilds the report's totals from the rows inside the caller's
 * transaction (store_pg_totals.c). */
int pg_rebuild_totals(PgStore *p, VkError *err, const char *what);

/* Loading many rows (store_pg_load.c): COPY ... FROM STDIN in binary
 * format, inside one transaction of the schema's owner. */
enum { PG_LOAD_TABLES = 5 };
/* units, learners, attempts, answers, completions: the tables with ids */
extern const char *const pg_load_tables[PG_LOAD_TABLES];
/* Starts a COPY ... FROM STDIN (FORMAT binary), sending the stream's
 * header; on failure nothing is left open. */
int pg_copy_in_begin(PgStore *p, const char *sql, VkError *err,
                     const char *what);
/* Sends n bytes of COPY data (whole rows or not). */
int pg_copy_send(PgStore *p, const char *data, size_t n, VkError *err,
                 const char *what);
/* Ends it: 0 when the server took every row. */
int pg_copy_in_end(PgStore *p, VkError *err, const char *what);
/* Ends it with an error: the statement stores nothing. */
void pg_copy_in_abort(PgStore *p);
/* One COPY ... FROM STDIN (FORMAT binary) statement with its rows. */
int pg_copy_table(PgStore *p, const char *sql, const StrBuf *rows,
                  VkError *err, const char *what);
/* A row of COPY's binary format: its number of fields, then each field
 * (text NULL: SQL NULL). */
void pg_bin_row(StrBuf *b, int fields);
void pg_bin_int4(StrBuf *b, int v);
void pg_bin_int8(StrBuf *b, long long v);
void pg_bin_text(StrBuf *b, const char *s);
/* A time "2026-11-29T10:15:00Z" as a timestamptz (NULL: SQL NULL); -1,
 * and nothing written, for text of another form. */
int pg_bin_time(StrBuf *b, const char *t);
/* New random (version 4) uuids, drawn from libsodium a pool at a time;
 * start with used = PG_UUIDS. */
enum { PG_UUIDS = 4096 };
typedef struct PgUuids {
    unsigned char pool[PG_UUIDS][16];
    int used;
} PgUuids;
/* The next new uuid (valid until PG_UUIDS more are drawn). */
const unsigned char *pg_uuid_new(PgUuids *u);
/* A uuid's text (8-4-4-4-12 hex digits) as its 16 bytes; false for text
 * of another form. */
bool pg_uuid_parse(const char *text, unsigned char id[16]);
/* Its text as PostgreSQL writes it: lower case, with dashes. */
void pg_uuid_text(const unsigned char id[16], char out[37]);
/* A uuid field of a binary row. */
void pg_bin_uuid(StrBuf *b, const unsigned char id[16]);
/* An integer[] field of n elements. */
void pg_bin_int4_array(StrBuf *b, const int *v, int n);

/* A load's transaction: the next free id of each of pg_load_tables, and
 * the indexes and constraints it put aside, to put back at the end. */
typedef struct PgLoad {
    long long next[PG_LOAD_TABLES];
    char *restore;  /* SQL; owned */
    bool restoring; /* sent, its results not read yet */
} PgLoad;
/* BEGIN; locks the tables against other writers, finds the next free
 * ids, and sets aside the row triggers of answers and completions, the
 * tables' indexes (with their keys) and foreign keys. On failure nothing
 * is left open. */
int pg_load_begin(PgStore *p, PgLoad *l, VkError *err, const char *what);
/* Once the rows are in: starts putting back indexes, constraints (which
 * checks every row) and triggers, and returns while the server works on
 * it, so that the caller can fold the totals meanwhile; the connection is
 * pg_load_finish's (or pg_load_abort's) until then. Optional. */
int pg_load_restore_begin(PgStore *p, PgLoad *l, VkError *err,
                          const char *what);
/* Once the rows are in: indexes, constraints and triggers back (started
 * here unless pg_load_restore_begin did), the sequences past the ids,
 * statistics, the report's totals (totals: what the loader folded from
 * every answer and completion the tables hold, written as they are;
 * NULL: rebuilt by the server from the rows). Still uncommitted. */
int pg_load_finish(PgStore *p, PgLoad *l, const RollFold *totals, VkError *err,
                   const char *what);
/* COMMIT (a failure rolls back), or ROLLBACK of everything; both free
 * what l holds. */
int pg_load_commit(PgStore *p, PgLoad *l, VkError *err, const char *what);
void pg_load_abort(PgStore *p, PgLoad *l);

/* Loading in bulk (store_pg_bulk.c). */
StoreBulk *pgs_bulk_begin(Store *s, VkError *err);
long long pgs_bulk_unit(StoreBulk *b, const char *name, long long parent,
                        const char *hr_id);
long long pgs_bulk_learner(StoreBulk *b, const char *login, long long unit,
                           Role role, const char *at);
long long pgs_bulk_attempt(StoreBulk *b, long long learner,
                           const char *lesson_id, int version, const char *kind,
                           const char *started, const char *finished,
                           int points, int max_points);
void pgs_bulk_answer(StoreBulk *b, long long attempt, int seq,
                     const char *scene_id, int choice, Topic topic,
                     Result result, const char *at, long long unit, Role role);
void pgs_bulk_completion(StoreBulk *b, long long learner, long long attempt,
                         bool course, long long unit, Role role,
                         const char *at);
int pgs_bulk_end(StoreBulk *b, bool keep, VkError *err);
/* store_spans_defer and store_spans_refill: nothing to do here. */
int pgs_spans_nothing(Store *s, VkError *err);

/* The report as the server publishes it (store_pg_publish.c). */
int pgs_ciso_access(Store *s, StoreCiso *out, VkError *err);
int pgs_published_report(Store *s, int first, int last, long long unit,
                         int role, int k, PublishedFn fn, void *ctx,
                         VkError *err);

/* The database roles (store_pg_roles.c). */
extern const char PG_ROLES_SQL[];
int pgs_init_roles(Store *s, VkError *err);

#endif
