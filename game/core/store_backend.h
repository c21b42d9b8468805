/*
 * store_backend.h - what a store backend gives the interface of store.h
 * (store.c dispatches to it). A backend's store begins with its
 * `const StoreOps *`, and its StoreBulk with the Store it loads into; an
 * operation a backend does not have is NULL, and the interface then says
 * so in err. Not for use outside the store.
 */
#ifndef VAKSAM_STORE_BACKEND_H
#define VAKSAM_STORE_BACKEND_H

#include "store.h"

typedef struct StoreOps {
    const char *name; /* "SQLite", "PostgreSQL": for messages */
    bool (*damaged)(const Store *s);
    void (*close)(Store *s);
    void (*set_busy_timeout)(Store *s, int ms);
    void (*set_clock)(Store *s, long long unix_time);
    int (*seed_units)(Store *s, const UnitSeed *units, int n, bool *created, VkError *err);
    int (*import_units)(Store *s, const UnitImport *units, int n, VkError *err);
    int (*list_units)(Store *s, Unit **out, int *n, VkError *err);
    int (*find_learner)(Store *s, const char *login, Learner *out, VkError *err);
    int (*save_learner)(Store *s, const char *login, long long unit_id, Role role, Learner *out, VkError *err);
    int (*import_learners)(Store *s, const LearnerImport *list, int n, bool check_only, bool *unknown, LearnerImportStats *st, VkError *err);
    int (*roster_kept)(Store *s, bool *kept, VkError *err);
    int (*latest_attempt)(Store *s, long long learner_id, const char *lesson_id, Attempt *out, VkError *err);
    int (*start_attempt)(Store *s, long long learner_id, const char *lesson_id, int lesson_version, const char *kind, const char *lang, const char *position, const char *plan, long long *attempt_id, VkError *err);
    int (*record_answer)(Store *s, long long attempt_id, int seq, const char *scene_id, int choice, Topic topic, Result result, VkError *err);
    int (*set_position)(Store *s, long long attempt_id, const char *scene_id, VkError *err);
    int (*finish_attempt)(Store *s, long long attempt_id, int points, int max_points, int course_lessons, VkError *err);
    int (*attempt_answers)(Store *s, long long attempt_id, StoredAnswer **out, int *n, VkError *err);
    int (*get_setting)(Store *s, const char *key, char **value, VkError *err);
    int (*set_setting)(Store *s, const char *key, const char *value, VkError *err);
    int (*set_settings)(Store *s, const StoreSetting *set, int n, VkError *err);
    int (*topic_levels)(Store *s, long long learner_id, TopicLevels *out, VkError *err);
    int (*recent_correct)(Store *s, long long learner_id, int days, char ***out, int *n, VkError *err);
    int (*quiz_history)(Store *s, long long learner_id, int max, QuizResult **out, int *n, VkError *err);
    int (*rollup_scan)(Store *s, int first, int last, RollupFn fn, void *ctx, VkError *err);
    int (*unit_sizes)(Store *s, UnitSizeFn fn, void *ctx, VkError *err);
    int (*learner_counts)(Store *s, UnitSizeFn fn, void *ctx, VkError *err);
    int (*item_counts)(Store *s, const long long *units, int nunits, int role, int first, int last, ItemCountFn fn, void *ctx, VkError *err);
    int (*span_rows)(Store *s, int span, int block, SpanFn fn, void *ctx, VkError *err);
    int (*cells)(Store *s, int month, int next_first, int next_last, RollupFn fn, void *ctx, VkError *err);
    int (*last_month)(Store *s, int *month, VkError *err);
    int (*stamp)(Store *s, StoreStamp *out, VkError *err);
    int (*read_begin)(Store *s, bool *began, VkError *err);
    void (*read_end)(Store *s, bool began);
    int (*spans_defer)(Store *s, VkError *err);
    int (*spans_refill)(Store *s, VkError *err);
    int (*explain_spans)(Store *s, FILE *out, VkError *err);
    int (*completions)(Store *s, int first, int last, CompletionFn fn, void *ctx, VkError *err);
    int (*export_attempts)(Store *s, const char *since, int groups_k, ExportAttemptFn fn, void *ctx, VkError *err);
    int (*xapi_org)(Store *s, char org[33], VkError *err);
    int (*xapi_sent)(Store *s, const char *endpoint, SentFn fn, void *ctx, VkError *err);
    int (*xapi_mark_sent)(Store *s, const char *endpoint, const char *const *ids, int n, VkError *err);
    int (*ciso_access)(Store *s, StoreCiso *out, VkError *err);
    int (*xapi_access)(Store *s, bool groups, StoreCiso *out, VkError *err);
    int (*published_report)(Store *s, int first, int last, long long unit, int role, int k, PublishedFn fn, void *ctx, VkError *err);
    int (*explain_report)(Store *s, FILE *out, VkError *err);
    int (*rebuild_report)(Store *s, VkError *err);
    StoreBulk *(*bulk_begin)(Store *s, VkError *err);
    long long (*bulk_unit)(StoreBulk *b, const char *name, long long parent, const char *hr_id);
    long long (*bulk_learner)(StoreBulk *b, const char *login, long long unit, Role role, const char *at);
    long long (*bulk_attempt)(StoreBulk *b, long long learner, const char *lesson_id, int version, const char *kind, const char *started, const char *finished, int points, int max_points);
    void (*bulk_answer)(StoreBulk *b, long long attempt, int seq, const char *scene_id, int choice, Topic topic, Result result, const char *at, long long unit, Role role);
    void (*bulk_completion)(StoreBulk *b, long long learner, long long attempt, bool course, long long unit, Role role, const char *at);
    int (*bulk_end)(StoreBulk *b, bool keep, VkError *err);
    int (*init_roles)(Store *s, VkError *err);
    const char *(*login)(const Store *s);
    int (*queue_status)(Store *s, StoreQueueStatus *out, VkError *err);
    int (*send_now)(Store *s, VkError *err);
} StoreOps;

typedef struct StoreHead {
    const StoreOps *ops;
} StoreHead;

typedef struct StoreBulkHead {
    Store *s;
} StoreBulkHead;

/* The xAPI export's rows (store_export.c), one per answer (or one for an
 * attempt without answers, or left out), in attempt order, each field as
 * text (NULL: SQL NULL) in this order; both backends' queries give them
 * so, and export_row gathers them into attempts. */
enum {
    EX_ATTEMPT, EX_ACTOR, EX_UID, EX_LESSON, EX_VERSION, EX_KIND, EX_LANG,
    EX_STARTED, EX_FINISHED, EX_POINTS, EX_MAX, EX_SEQ, EX_SCENE, EX_CHOICE,
    EX_RESULT, EX_AT, EX_ANSWER_UID, EX_FIELDS
};
typedef struct ExportRows {
    ExportAttemptFn fn;
    void *ctx;
    StoreExportAttempt a;
    StoreExportAnswer *answers;
    int cap;
    bool have; /* an attempt is being gathered */
    Arena arena;
} ExportRows;
/* Takes one row; hands the attempt gathered so far to fn when the row
 * starts another: 0, or -1 when fn said stop. */
int export_row(ExportRows *r, const char *const f[EX_FIELDS], VkError *err);
/* Hands the last attempt over (status 0) and frees what r holds;
 * returns status, or fn's -1. */
int export_rows_end(ExportRows *r, int status, VkError *err);

/* The backends: SQLite (store_sqlite.c) and PostgreSQL (store_pg.c),
 * which store_is_server tells apart. */
extern const StoreOps store_pg_ops;
/* unreachable (may be NULL): set when the server could not be reached,
 * as against one that refused the login or the schema. */
Store *store_pg_open(const char *uri, bool *unreachable, VkError *err);
char *store_pg_display_name(const char *uri);
/* Connecting without waiting (store_pg_connect.c), for the relay: started,
 * then taken a step further now and then until the server is there or
 * the try has failed. No call waits for the network. */
typedef struct StorePgConnect StorePgConnect;
enum { STORE_PG_CONNECTING = 1 };
/* Starts connecting to uri (the caller frees it); NULL with err for a URI
 * libpq cannot read. */
StorePgConnect *store_pg_connect_start(const char *uri, VkError *err);
/* Takes it as far as it goes without waiting: STORE_PG_CONNECTING while
 * it goes on; 0 with *out the store (the caller's), signed in and its
 * schema checked; -1 with err, *unreachable as store_pg_open's. After 0
 * or -1, it is only to be freed. */
int store_pg_connect_step(StorePgConnect *c, Store **out, bool *unreachable,
                          VkError *err);
void store_pg_connect_free(StorePgConnect *c);
bool store_pg_has_password(const char *uri);
extern const StoreOps store_sqlite_ops;
Store *sq_open(const char *path, VkError *err);
Store *sq_open_checked(const char *path, VkError *err);

#endif
