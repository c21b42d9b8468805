/*
 * store_sqlite.h - what the SQLite backend's files share (store_sqlite.c:
 * the schema, learners and attempts; store_check.c: checking the file;
 * the report's running totals in store_totals.c, store_rollup.c,
 * store_rebuild.c, store_report.c and store_bulk.c, which share more in
 * store_totals.h). Not for use outside the store.
 */
#ifndef VAKSAM_STORE_SQLITE_H
#define VAKSAM_STORE_SQLITE_H

#include "store.h"

#include <sqlite3.h>

enum { STMT_CACHE = 16 };
/* SQL for the time now, as the store writes times. */
#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
/* How long a connection waits for another one's lock. */
#define BUSY_TIMEOUT_MS 10000

struct Store {
    sqlite3 *db;
    char *path;
    long long clock;                 /* fixed time for tests; 0: real */
    sqlite3_stmt *cache[STMT_CACHE]; /* the answer path's statements */
    bool damaged;                    /* SQLite found damage: no more writes */
    long long opened;                /* when it was opened (st_monotonic_ns) */
    bool spans_deferred; /* the span totals are filled later (store.h) */
    char damage[256];    /* what SQLite said about it */
};

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
/* The month of a stored time text, or -1. */
int st_month_of_text(const char *t);

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

#endif
