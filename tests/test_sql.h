/*
 * test_sql.h - a test's own SQL connection to a place (test_place.h) on
 * either backend, so that one text of SQL reads what is really stored in
 * both: a SQLite file, or a PostgreSQL database named by a postgresql://
 * URI (store_is_server decides, as it does for store_open).
 *
 * The SQL is written as for SQLite, with ?N placeholders. On PostgreSQL
 * they become $N, the connection's search_path is the vaksam schema, and
 * before anything runs the connection makes temporary views named
 * answers, attempts, completions and learners (pg_temp is searched
 * first, so they hide vaksam's tables of those names) that give every
 * time as SQLite stores it, text in UTC ("2026-11-29T10:15:00Z"), whatever
 * the session's time zone: substr(answered_at, 1, 7) is the month on
 * both. Every other table (units, settings, the report's totals) is
 * vaksam's own.
 *
 *     TestSql *db = tsql_open(place);
 *     TestSqlStmt *st = tsql_prepare(db, "SELECT ... WHERE id = ?1");
 *     tsql_bind_int(st, 1, 42);
 *     while (tsql_step(st) > 0)
 *         ... tsql_int(st, 0), tsql_text(st, 1) ...
 *     tsql_finalize(st);
 *     tsql_close(db);
 *
 * On PostgreSQL a statement runs at its first step (PQexecParams, each
 * parameter typed as it was bound: bigint or text) and its rows are read
 * whole; tsql_reset makes the next step run it again, with the same
 * bindings. An error prints what failed and counts a failed check
 * (test.h), so a query that cannot run never passes as "no rows".
 */
#ifndef VAKSAM_TEST_SQL_H
#define VAKSAM_TEST_SQL_H

#include "store.h"
#include "util.h"

#include "test.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { TSQL_PARAMS = 16 };

/* PostgreSQL's type oids (pg_type.h, a server header) of what tests bind. */
enum { TSQL_INT8OID = 20, TSQL_TEXTOID = 25 };

typedef struct TestSql {
    sqlite3 *lite; /* one of the two */
    PGconn *pg;
} TestSql;

typedef struct TestSqlStmt {
    TestSql *db;
    sqlite3_stmt *lite;
    char *sql;              /* PostgreSQL: with $N */
    int nparams;            /* PostgreSQL: the highest N */
    char *val[TSQL_PARAMS]; /* PostgreSQL: bound values, NULL: SQL NULL */
    Oid type[TSQL_PARAMS];
    PGresult *res; /* PostgreSQL: the rows, once run */
    int row;       /* the current row of res */
    bool failed;
} TestSqlStmt;

/* Counts a failed check and prints what failed and why. */
static inline void tsql_fail(const char *what, const char *why)
{
    size_t n = strlen(why);
    while (n > 0 && why[n - 1] == '\n')
        n--;
    test_checks++;
    test_failed++;
    fprintf(stderr, "test_sql: %s: %.*s\n", what, (int)n, why);
}

/* The views that make PostgreSQL's tables read as SQLite's (see above);
 * sqlite_time gives a time as SQLite stores it, in UTC. */
#define TSQL_PG_VIEWS                                                          \
    "SET search_path = vaksam; "                                               \
    "CREATE FUNCTION pg_temp.sqlite_time(t timestamptz) RETURNS text"          \
    "  LANGUAGE sql STABLE AS $$ SELECT to_char(t AT TIME ZONE 'UTC',"         \
    "  'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') $$; "                                 \
    "CREATE TEMPORARY VIEW answers AS SELECT id, attempt_id, seq, scene_id,"   \
    "  choice, topic, result, pg_temp.sqlite_time(answered_at)"                \
    "  AS answered_at, unit_id, role FROM vaksam.answers; "                    \
    "CREATE TEMPORARY VIEW attempts AS SELECT id, learner_id, lesson_id,"      \
    "  lesson_version, kind, lang, pg_temp.sqlite_time(started_at) AS"         \
    "  started_at, pg_temp.sqlite_time(finished_at) AS finished_at, position," \
    "  points, max_points, plan FROM vaksam.attempts; "                        \
    "CREATE TEMPORARY VIEW completions AS SELECT id, learner_id, attempt_id,"  \
    "  kind, unit_id, role, pg_temp.sqlite_time(completed_at) AS completed_at" \
    "  FROM vaksam.completions; "                                              \
    "CREATE TEMPORARY VIEW learners AS SELECT id, login, unit_id, role,"       \
    "  pg_temp.sqlite_time(created_at) AS created_at FROM vaksam.learners"

/* Runs sql, which returns nothing (several statements may be given);
 * false (printed, failed) on an error. */
static inline bool tsql_exec(TestSql *db, const char *sql)
{
    if (db->lite) {
        char *msg = NULL;
        if (sqlite3_exec(db->lite, sql, NULL, NULL, &msg) == SQLITE_OK)
            return true;
        tsql_fail(sql, msg ? msg : sqlite3_errmsg(db->lite));
        sqlite3_free(msg);
        return false;
    }
    PGresult *r = PQexec(db->pg, sql);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK ||
              PQresultStatus(r) == PGRES_TUPLES_OK;
    if (!ok)
        tsql_fail(sql, PQerrorMessage(db->pg));
    PQclear(r);
    return ok;
}

static inline void tsql_close(TestSql *db)
{
    if (!db)
        return;
    sqlite3_close(db->lite);
    PQfinish(db->pg);
    free(db);
}

/* A connection to a place (caller closes it), or NULL (printed, failed).
 * On PostgreSQL the store must have made its schema first. */
static inline TestSql *tsql_open(const char *place)
{
    TestSql *db = xcalloc(1, sizeof *db);
    if (!store_is_server(place)) {
        if (sqlite3_open(place, &db->lite) == SQLITE_OK)
            return db;
        tsql_fail(place, sqlite3_errmsg(db->lite));
    } else {
        db->pg = PQconnectdb(place);
        if (PQstatus(db->pg) != CONNECTION_OK)
            tsql_fail("cannot connect", PQerrorMessage(db->pg));
        else if (tsql_exec(db, TSQL_PG_VIEWS))
            return db;
    }
    tsql_close(db);
    return NULL;
}

static inline bool tsql_is_pg(const TestSql *db)
{
    return db->pg != NULL;
}

/* sql with SQLite's ?N (and ?) as PostgreSQL's $N, outside quotes (caller
 * frees); *max is the highest N. */
static inline char *tsql_dollars(const char *sql, int *max)
{
    size_t n = strlen(sql);
    char *out = xmalloc(6 * n + 1), *o = out; /* "?" can become "$99999" */
    char quote = 0;
    *max = 0;
    for (const char *p = sql; *p; p++) {
        if (quote) {
            quote = *p == quote ? 0 : quote; /* '' reopens at once */
            *o++ = *p;
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
            *o++ = *p;
        } else if (*p == '?') {
            char *end = (char *)p + 1;
            long k = *max + 1; /* a bare ?: the next number, as in SQLite */
            if (p[1] >= '0' && p[1] <= '9')
                k = strtol(p + 1, &end, 10);
            if (k > 99999 || k < 1)
                k = 99999; /* far more than TSQL_PARAMS: refused */
            p = end - 1;
            *max = k > *max ? (int)k : *max;
            o += sprintf(o, "$%ld", k);
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return out;
}

/* A statement (caller finalizes it), or NULL (printed, failed). */
static inline TestSqlStmt *tsql_prepare(TestSql *db, const char *sql)
{
    if (!db)
        return NULL;
    TestSqlStmt *st = xcalloc(1, sizeof *st);
    st->db = db;
    if (db->lite) {
        if (sqlite3_prepare_v2(db->lite, sql, -1, &st->lite, NULL) == SQLITE_OK)
            return st;
        tsql_fail(sql, sqlite3_errmsg(db->lite));
        free(st);
        return NULL;
    }
    st->sql = tsql_dollars(sql, &st->nparams);
    if (st->nparams > TSQL_PARAMS) {
        tsql_fail(sql, "too many parameters for test_sql.h");
        free(st->sql);
        free(st);
        return NULL;
    }
    st->row = -1;
    return st;
}

static inline void tsql_reset(TestSqlStmt *st)
{
    if (!st)
        return;
    if (st->lite)
        sqlite3_reset(st->lite);
    PQclear(st->res);
    st->res = NULL;
    st->row = -1;
    st->failed = false;
}

static inline void tsql_finalize(TestSqlStmt *st)
{
    if (!st)
        return;
    sqlite3_finalize(st->lite);
    PQclear(st->res);
    for (int i = 0; i < TSQL_PARAMS; i++)
        free(st->val[i]);
    free(st->sql);
    free(st);
}

/* Binds parameter i (from 1) to text, which is copied; NULL: SQL NULL. */
static inline void tsql_bind_text(TestSqlStmt *st, int i, const char *text)
{
    if (!st)
        return;
    if (st->lite) {
        if (sqlite3_bind_text(st->lite, i, text, -1, SQLITE_TRANSIENT) !=
            SQLITE_OK)
            tsql_fail("bind", sqlite3_errmsg(st->db->lite));
        return;
    }
    if (i < 1 || i > st->nparams) {
        tsql_fail("bind", "no such parameter");
        return;
    }
    free(st->val[i - 1]);
    st->val[i - 1] = text ? xstrdup(text) : NULL;
    st->type[i - 1] = TSQL_TEXTOID;
}

static inline void tsql_bind_int(TestSqlStmt *st, int i, long long v)
{
    if (st && st->lite) {
        if (sqlite3_bind_int64(st->lite, i, v) != SQLITE_OK)
            tsql_fail("bind", sqlite3_errmsg(st->db->lite));
        return;
    }
    char buf[24];
    snprintf(buf, sizeof buf, "%lld", v);
    tsql_bind_text(st, i, buf);
    if (st && i >= 1 && i <= st->nparams)
        st->type[i - 1] = TSQL_INT8OID;
}

/* The next row: 1, 0 when there are no more, -1 on an error (printed,
 * failed; -1 again until the statement is reset). */
static inline int tsql_step(TestSqlStmt *st)
{
    if (!st || st->failed)
        return -1;
    if (st->lite) {
        int rc = sqlite3_step(st->lite);
        if (rc == SQLITE_ROW)
            return 1;
        if (rc == SQLITE_DONE)
            return 0;
        st->failed = true;
        tsql_fail(sqlite3_sql(st->lite), sqlite3_errmsg(st->db->lite));
        return -1;
    }
    if (!st->res) {
        st->res = PQexecParams(st->db->pg, st->sql, st->nparams, st->type,
                               (const char *const *)st->val, NULL, NULL, 0);
        ExecStatusType rc = PQresultStatus(st->res);
        if (rc != PGRES_TUPLES_OK && rc != PGRES_COMMAND_OK) {
            st->failed = true;
            tsql_fail(st->sql, PQerrorMessage(st->db->pg));
            return -1;
        }
    }
    return ++st->row < PQntuples(st->res) ? 1 : 0;
}

/* Whether column col of the current row is NULL. */
static inline bool tsql_null(TestSqlStmt *st, int col)
{
    if (st->lite)
        return sqlite3_column_type(st->lite, col) == SQLITE_NULL;
    return PQgetisnull(st->res, st->row, col);
}

/* Column col of the current row as an integer: 0 for NULL, 1 and 0 for
 * PostgreSQL's booleans (SQLite's are integers already). */
static inline long long tsql_int(TestSqlStmt *st, int col)
{
    if (st->lite)
        return sqlite3_column_int64(st->lite, col);
    if (PQgetisnull(st->res, st->row, col))
        return 0;
    const char *v = PQgetvalue(st->res, st->row, col);
    if (strcmp(v, "t") == 0 || strcmp(v, "f") == 0)
        return v[0] == 't';
    return strtoll(v, NULL, 10);
}

/* Column col of the current row as text, or NULL; valid until the next
 * step, reset or finalize. */
static inline const char *tsql_text(TestSqlStmt *st, int col)
{
    if (st->lite)
        return (const char *)sqlite3_column_text(st->lite, col);
    if (PQgetisnull(st->res, st->row, col))
        return NULL;
    return PQgetvalue(st->res, st->row, col);
}

/* The first column of the first row of sql, which takes no parameters,
 * as text (caller frees); "" when there is no row, it is NULL or the
 * query fails (printed, failed). */
static inline char *tsql_query_text(const char *place, const char *sql)
{
    TestSql *db = tsql_open(place);
    TestSqlStmt *st = tsql_prepare(db, sql);
    char *v =
        xstrdup(tsql_step(st) > 0 && !tsql_null(st, 0) ? tsql_text(st, 0) : "");
    tsql_finalize(st);
    tsql_close(db);
    return v;
}

/* The same as an integer; -1 when there is no row or the query fails. */
static inline long long tsql_query_int(const char *place, const char *sql)
{
    TestSql *db = tsql_open(place);
    TestSqlStmt *st = tsql_prepare(db, sql);
    long long v = tsql_step(st) > 0 ? tsql_int(st, 0) : -1;
    tsql_finalize(st);
    tsql_close(db);
    return v;
}

#endif
