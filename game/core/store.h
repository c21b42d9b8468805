/*
 * store.h - durable storage of the organisation, learners, attempts and
 * answers. One interface; the SQLite backend (store_sqlite.c) is the
 * embedded default. Every write is one transaction that is committed (and
 * on disk) before the call returns. Functions return 0 on success and -1
 * on failure with a message in err that a user can act on.
 */
#ifndef VAKSAM_STORE_H
#define VAKSAM_STORE_H

#include "rollup.h"
#include "score.h"
#include "topic.h"
#include "util.h"

#include <stdbool.h>
#include <stdio.h>

typedef struct Store Store;

typedef struct Unit {
    long long id;
    long long parent_id; /* 0 for a root */
    int depth;           /* 0 for a root, in tree order */
    char name[128];
} Unit;

/* A unit to create: parent is an index into the same list, or -1. */
typedef struct UnitSeed {
    const char *name;
    int parent;
} UnitSeed;

typedef struct Learner {
    long long id;
    char login[128];
    long long unit_id;
    Role role;
    bool listed; /* on HR's list (learners import): HR sets unit and role */
    bool left;   /* not on HR's latest list: signs in no more */
} Learner;

typedef struct Attempt {
    long long id;
    char lesson_id[64];
    int lesson_version;
    bool finished;
    int points, max_points;
    char position[64]; /* scene id the learner was last at; "" if none */
    char *plan;        /* a lesson's order of choices or a quiz's drawn
                          questions (store_start_attempt); owned,
                          free with attempt_clear */
} Attempt;

/* A finished quiz, for the learner's history. */
typedef struct QuizResult {
    char finished_at[32]; /* "2026-11-29T10:15:00Z" */
    int score;            /* percent */
    int questions;
} QuizResult;

/* What a learner knows per topic, from their latest answer to each
 * decision and question: a correct answer counts 1, partly 1/2. */
typedef struct TopicLevels {
    double level[TOPIC_COUNT]; /* 0..1; -1 when never asked */
    int answered[TOPIC_COUNT]; /* decisions and questions behind it */
} TopicLevels;

typedef struct StoredAnswer {
    int seq;
    char scene_id[64];
    int choice; /* the lesson's own index; replay derives the rest */
} StoredAnswer;

enum { STORE_SCHEMA_VERSION = 10 };

/* Opens (creating when missing, migrating when older) the database at
 * path, or the PostgreSQL database a postgresql:// URI names
 * (store_pg.c). Refuses files that are not Vaksam databases, newer than this
 * program, damaged or read-only. SQLite's quick check runs first when the
 * schema must be upgraded and on files up to STORE_CHECK_ON_OPEN_MAX
 * (store_check.h); damage found later refuses every write. The caller
 * closes the store. */
Store *store_open(const char *path, VkError *err);
/* Whether where names a PostgreSQL server (a postgresql:// or
 * postgres:// URI) rather than a SQLite file. */
bool store_is_server(const char *where);
/* A new random id (UUID version 4, lower case) for an attempt or an
 * answer: the same row has it in every store it is delivered to. */
void store_new_uid(char out[37]);
/* What messages call the database: its path, or a server URI without
 * its password (caller frees). */
char *store_display_name(const char *where);
/* Whether where is a server URI that holds a password (which does not
 * belong on a command line: ~/.pgpass or the config file keeps it). */
bool store_has_password(const char *where);
/* store_open with the quick check whatever the file's size: for the
 * CISO's commands, which must never show figures from, or write to, a
 * damaged file. */
Store *store_open_checked(const char *path, VkError *err);
/* Whether SQLite has found the file damaged (the store then writes no
 * more). */
bool store_damaged(const Store *s);
void store_close(Store *s);
/* How long a write waits for another program's lock before it fails
 * (default: 10 seconds). */
void store_set_busy_timeout(Store *s, int ms);
/* The built-in database path: $XDG_DATA_HOME/vaksam/vaksam.db, else
 * ~/.local/share/vaksam/vaksam.db ($VAKSAM_DB, the configuration files
 * and --db come before it: config.h). The caller frees it. */
char *store_default_path(void);
/* Fixes the store's clock at a Unix time, for tests and demo data; 0 goes
 * back to the real clock. */
void store_set_clock(Store *s, long long unix_time);

/* Organisation units. */
/* Creates the units when the organisation has none; one transaction.
 * *created tells whether it did. */
int store_seed_units(Store *s, const UnitSeed *units, int n, bool *created,
                     VkError *err);
/* A unit from an HR system: its id there, name and parent's id there. */
typedef struct UnitImport {
    const char *hr_id, *name, *parent_hr_id; /* parent NULL: a root */
} UnitImport;

/* Adds or updates units by HR id in one transaction; parents come before
 * their children in the list. */
int store_import_units(Store *s, const UnitImport *units, int n, VkError *err);
/* All units in tree order (parents before children, siblings by name in
 * natural order: "Unit 2" before "Unit 10"). The caller frees *out. */
int store_list_units(Store *s, Unit **out, int *n, VkError *err);

/* Learners. */
/* Finds the learner with this login: 1 found, 0 not found, -1 error. */
int store_find_learner(Store *s, const char *login, Learner *out, VkError *err);
/* Creates a learner or updates their unit and role. */
int store_save_learner(Store *s, const char *login, long long unit_id,
                       Role role, Learner *out, VkError *err);
/* A learner on HR's list: login, name as HR writes it, the HR id of
 * their unit, and role. */
typedef struct LearnerImport {
    const char *login, *name, *unit_hr_id;
    Role role;
} LearnerImport;
/* What an import did: learners added, changed (unit, role or name),
 * unchanged, marked as having left (not on the list), and back (had
 * left, on the list again). */
typedef struct LearnerImportStats {
    int added, changed, unchanged, left, back;
} LearnerImportStats;
/* Makes the organisation's learners those of HR's list, by login, in one
 * transaction (learners.h checks the list first): new ones are added,
 * known ones take the list's unit, role and name, and every learner not
 * on it is marked as having left (kept, with their history; they count
 * in no unit's headcount). A unit HR id no unit has sets unknown[i] (n
 * of them, the caller's) and changes nothing: -1. check_only: only
 * that, and nothing changes either way. */
int store_import_learners(Store *s, const LearnerImport *list, int n,
                          bool check_only, bool *unknown,
                          LearnerImportStats *st, VkError *err);
/* Whether the organisation's learners come from HR's list (a learners
 * import has been made): then nobody chooses their own unit or role. */
int store_roster_kept(Store *s, bool *kept, VkError *err);

/* Attempts and answers. */
/* The learner's latest attempt at a lesson: 1 found, 0 none, -1 error. */
int store_latest_attempt(Store *s, long long learner_id, const char *lesson_id,
                         Attempt *out, VkError *err);
/* Frees what an Attempt owns. */
void attempt_clear(Attempt *a);
/* plan: a lesson's order of choices ("order:<seed>", session.c); a
 * quiz's drawn questions (quiz.h). */
int store_start_attempt(Store *s, long long learner_id, const char *lesson_id,
                        int lesson_version, const char *kind, const char *lang,
                        const char *position, const char *plan,
                        long long *attempt_id, VkError *err);
/* Records the answer to decision number seq (0-based) of an attempt;
 * durable when it returns. */
int store_record_answer(Store *s, long long attempt_id, int seq,
                        const char *scene_id, int choice, Topic topic,
                        Result result, VkError *err);
/* Remembers the scene the learner has reached. */
int store_set_position(Store *s, long long attempt_id, const char *scene_id,
                       VkError *err);
/* Finishes an attempt. A finished quiz is a completion; a course lesson
 * completes the course when the learner has now finished course_lessons
 * different lessons since they last completed it. */
int store_finish_attempt(Store *s, long long attempt_id, int points,
                         int max_points, int course_lessons, VkError *err);
/* The answers of an attempt in order. The caller frees *out. */
int store_attempt_answers(Store *s, long long attempt_id, StoredAnswer **out,
                          int *n, VkError *err);

/* Settings of the organisation. */
/* A setting to change: a NULL value removes it. */
typedef struct StoreSetting {
    const char *key;
    const char *value;
} StoreSetting;
/* The value of a setting (caller frees): 1 found, 0 not set, -1 error. */
int store_get_setting(Store *s, const char *key, char **value, VkError *err);
int store_set_setting(Store *s, const char *key, const char *value,
                      VkError *err);
/* Changes n settings in one transaction: all of them or none. */
int store_set_settings(Store *s, const StoreSetting *set, int n, VkError *err);

/* A learner's own results. */
int store_topic_levels(Store *s, long long learner_id, TopicLevels *out,
                       VkError *err);
/* Quiz questions ("pool/question") the learner answered right in the last
 * `days` days. The caller frees each string and the array. */
int store_recent_correct(Store *s, long long learner_id, int days, char ***out,
                         int *n, VkError *err);
/* The learner's finished quizzes, newest first, at most max. The caller
 * frees *out. */
int store_quiz_history(Store *s, long long learner_id, int max,
                       QuizResult **out, int *n, VkError *err);

/* The report's inputs (report.c). Months as in report.h. */
/* Every rollup cell with first <= month <= last. */
typedef void (*RollupFn)(void *ctx, const RollKey *k, const int *v);
int store_rollup_scan(Store *s, int first, int last, RollupFn fn, void *ctx,
                      VkError *err);
/* How many learners each unit has now, by role. */
typedef void (*UnitSizeFn)(void *ctx, long long unit, int role, int learners);
int store_unit_sizes(Store *s, UnitSizeFn fn, void *ctx, VkError *err);
/* The same, from the counts kept as learners are saved and moved
 * (store_sizes.c): no count over the learners. */
int store_learner_counts(Store *s, UnitSizeFn fn, void *ctx, VkError *err);
/* Answers per decision and choice, per month, of the given units (nunits
 * 0: the whole organisation) and role (-1: both). choice -1 gives the
 * learners who answered the decision that month (result is then -1). */
typedef void (*ItemCountFn)(void *ctx, const char *item, int month, int choice,
                            int result, int n);
int store_item_counts(Store *s, const long long *units, int nunits, int role,
                      int first, int last, ItemCountFn fn, void *ctx,
                      VkError *err);
/* The same totals by span (store_spans.c): for the span from month
 * `block` of `span` months (1, 3 or 12: a calendar month, quarter or
 * year; 103 or 112: any 3 or 12 months), per unit and role, the cells
 * still latest (live) and those superseded only after the span (after);
 * ROLL_COLS counters each. */
enum { STORE_SPAN_RUN = 100 }; /* + 3 or 12: a run of months */
typedef void (*SpanFn)(void *ctx, long long unit, int role, const int *live,
                       const int *after);
int store_span_rows(Store *s, int span, int block, SpanFn fn, void *ctx,
                    VkError *err);
/* The cells of one month whose next month is in [next_first, next_last]. */
int store_cells(Store *s, int month, int next_first, int next_last, RollupFn fn,
                void *ctx, VkError *err);
/* The last month that has cells (0 when none). */
int store_last_month(Store *s, int *month, VkError *err);
/* What tells whether anything was written since: another connection's
 * commits (PRAGMA data_version), this connection's own changes, and which
 * opening of which store it is. Equal stamps: nothing changed. */
typedef struct StoreStamp {
    const void *store;
    long long opened, data_version, changes;
} StoreStamp;
int store_stamp(Store *s, StoreStamp *out, VkError *err);
/* Reads between these see one snapshot of the file. *began says whether
 * this call began the transaction (and store_read_end must end it). */
int store_read_begin(Store *s, bool *began, VkError *err);
void store_read_end(Store *s, bool began);
/* Loading in bulk: the span totals are kept by triggers as every cell
 * changes, which costs a bulk load as much again as all else. Called
 * before store_bulk_begin, it leaves them to store_spans_refill, which
 * fills them in one pass from the cells once the load is in; a mark in
 * the file until then makes store_open refill them if the program stops
 * in between. */
int store_spans_defer(Store *s, VkError *err);
int store_spans_refill(Store *s, VkError *err);
/* Prints the query plans of the span totals' queries. */
int store_explain_spans(Store *s, FILE *out, VkError *err);
/* Completions with first <= month <= last, oldest first. */
typedef struct Completion {
    const char *login;
    long long unit;
    Role role;
    bool course; /* the leadership course; else a quiz */
    const char *at;
} Completion;
typedef void (*CompletionFn)(void *ctx, const Completion *c);
int store_completions(Store *s, int first, int last, CompletionFn fn, void *ctx,
                      VkError *err);
/* The xAPI export's inputs (xapi.h). Each learner is a pseudonym, made
 * where the data is: 32 hex digits of HMAC-SHA256, under a key derived
 * from the database's secret (report_key), of "learner", a 0 byte and
 * the learner's id; with groups_k > 0, of "unit", 0 and the unit's id
 * instead, and units of fewer than groups_k learners (on a server: of
 * fewer than its own k, whatever groups_k says) are left out. Written
 * twice, store_xapi.c for a file and store_pg_xapi.sql for a server, so
 * that a CISO's role on the server gets the pseudonyms and never the key
 * nor a learner's id. */
typedef struct StoreExportAnswer {
    int seq;
    const char *scene_id; /* "pool/question" in a quiz */
    int choice;           /* the lesson's own index */
    Result result;
    const char *at;
    const char *uid; /* NULL for rows from before uids */
} StoreExportAnswer;
typedef struct StoreExportAttempt {
    long long id;
    const char *actor; /* the pseudonym; NULL: left out (a unit below k),
                          and nothing else of it is given */
    const char *uid;   /* NULL for rows from before uids and demo data */
    const char *lesson_id, *kind, *lang, *started, *finished; /* NULL: open */
    int version, points, max_points;
    const StoreExportAnswer *answers;
    int nanswers;
} StoreExportAttempt;
typedef int (*ExportAttemptFn)(void *ctx, const StoreExportAttempt *a,
                               VkError *err);
/* Every attempt with anything on or after since ("2026-11-01", NULL:
 * all), oldest first, with its answers in order, in one snapshot. The
 * strings live until fn returns; fn returns 0 to go on, -1 to stop (the
 * call then returns -1 with err as fn left it). */
int store_export_attempts(Store *s, const char *since, int groups_k,
                          ExportAttemptFn fn, void *ctx, VkError *err);
/* The organisation's name for xAPI: 32 hex digits of a keyed hash of the
 * database's secret, the same wherever the organisation's data is. */
int store_xapi_org(Store *s, char org[33], VkError *err);
/* What `xapi send` has delivered to an endpoint: fn gets the id of every
 * statement the endpoint has accepted. */
typedef void (*SentFn)(void *ctx, const char *id);
int store_xapi_sent(Store *s, const char *endpoint, SentFn fn, void *ctx,
                    VkError *err);
/* Remembers that the endpoint accepted these n statements; one
 * transaction. */
int store_xapi_mark_sent(Store *s, const char *endpoint,
                         const char *const *ids, int n, VkError *err);
/* Who may see the CISO's view of this store. A file: whoever knows the
 * CISO's password (access.h). A server: the connection's own database
 * role, when the database lets it run the published report (a member of
 * vaksam_ciso, or the schema's owner); no password of the program's. */
typedef enum StoreCiso {
    STORE_CISO_PASSWORD,
    STORE_CISO_GRANTED,
    STORE_CISO_ONLY, /* granted, and the role records no answers: a CISO's
                        own login, which the window opens the view for */
    STORE_CISO_REFUSED,
} StoreCiso;
int store_ciso_access(Store *s, StoreCiso *out, VkError *err);
/* Who may read the xAPI statements' inputs, the learners' or (groups)
 * the units': on a file, as for the CISO's view (STORE_CISO_PASSWORD); on
 * a server, a member of vaksam_xapi or vaksam_xapi_groups (or the owner;
 * STORE_CISO_GRANTED), roles of their own for the service that feeds the
 * LRS and not the CISO's, whose register names who completed when and so
 * could name the pseudonyms. */
int store_xapi_access(Store *s, bool groups, StoreCiso *out, VkError *err);
/* A server publishes the CISO's report itself (store_pg_publish.sql):
 * the rows of one report, in order, as vaksam.report gives them
 * (report_server.c makes a Report of them). Nothing else of the totals
 * reaches a CISO's connection. */
typedef struct StorePublished {
    const char *kind; /* "overall", "topic", "unit", "missed", ... */
    int i, j;
    int value, learners, answers;
    bool empty, suppressed;
    long long id;
    const char *name;
    int bits;
} StorePublished;
typedef void (*PublishedFn)(void *ctx, const StorePublished *row);
bool store_publishes(const Store *s);
int store_published_report(Store *s, int first, int last, long long unit,
                           int role, int k, PublishedFn fn, void *ctx,
                           VkError *err);
/* Prints the query plan (EXPLAIN QUERY PLAN) of every query behind the
 * report and the answer's running totals. */
int store_explain_report(Store *s, FILE *out, VkError *err);
/* Recomputes the report's totals from the stored answers and completions
 * (they are kept up to date as answers come in; this is for repairs). */
int store_rebuild_report(Store *s, VkError *err);

/* The learner a server store's connection signs in as (its PostgreSQL
 * role: the database decides who may write what), or NULL when the store
 * leaves that to the program (SQLite: the login name or --user). */
const char *store_login(const Store *s);

/* A learner's workstation when the organisation's answers live on a
 * PostgreSQL server (store_relay.c): every answer is stored first in a
 * queue file here (queue: its path; NULL: one per server in the data
 * folder), then sent to the server, at once when it is there and as soon
 * as it is back when not. Opening waits for the server (up to its
 * connect_timeout, 5 s unless the URI says); it opens without it when it
 * cannot be reached and this computer has been signed in to it before; a
 * refused login or a schema the program cannot use is refused at once.
 * Trying it again later never waits for it (store_send_now). */
Store *store_relay_open(const char *uri, const char *queue, VkError *err);
typedef struct StoreQueueStatus {
    bool relayed;       /* a relay at all (else the rest is empty) */
    bool reachable;     /* the server is there */
    bool connecting;    /* a try to reach it is under way: store_send_now
                           takes it further */
    int waiting;        /* answers not on the server yet */
    char problem[1024]; /* why the last sending stopped, or "" */
} StoreQueueStatus;
/* Reads the relay's state; tries nothing. */
int store_queue_status(Store *s, StoreQueueStatus *out, VkError *err);
/* Tries the server now (not waiting for the next retry) and sends what
 * waits, never waiting for a server that does not answer: a try under
 * way is taken a step further, else one is started. 0 when the server is
 * there (what waited is sent), STORE_TRYING while the try goes on (call
 * again soon), -1 when it cannot be reached (err says why). */
enum { STORE_TRYING = 1 };
int store_send_now(Store *s, VkError *err);

/* A server store: creates the database roles vaksam_learner and
 * vaksam_ciso and grants them what each may do (store_pg_roles.c). The
 * connection must own the schema. */
int store_init_roles(Store *s, VkError *err);

/* Loading many rows at once (demo data): one transaction, the report's
 * totals rebuilt at the end. Times are "2026-11-29T10:15:00Z". */
typedef struct StoreBulk StoreBulk;
StoreBulk *store_bulk_begin(Store *s, VkError *err);
long long store_bulk_unit(StoreBulk *b, const char *name, long long parent,
                          const char *hr_id);
long long store_bulk_learner(StoreBulk *b, const char *login, long long unit,
                             Role role, const char *at);
long long store_bulk_attempt(StoreBulk *b, long long learner,
                             const char *lesson_id, int version,
                             const char *kind, const char *started,
                             const char *finished, int points, int max_points);
void store_bulk_answer(StoreBulk *b, long long attempt, int seq,
                       const char *scene_id, int choice, Topic topic,
                       Result result, const char *at, long long unit,
                       Role role);
void store_bulk_completion(StoreBulk *b, long long learner, long long attempt,
                           bool course, long long unit, Role role,
                           const char *at);
/* Commits (keep) or throws everything away; frees b. */
int store_bulk_end(StoreBulk *b, bool keep, VkError *err);

#endif
