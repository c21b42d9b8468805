/*
 * same_rows.h - what a SQLite file and a PostgreSQL database hold, read
 * by the tests themselves (not through the store): the rows of every
 * table of the organisation as text, one line per row in id order, from
 * each side's own SQL, to compare; and what a load must leave behind on
 * the server: its row triggers on, its constraints back, and totals that
 * a rebuild does not change. For pg.bulk and pg.copy.
 */
#ifndef VAKSAM_SAME_ROWS_H
#define VAKSAM_SAME_ROWS_H

#include "pg_test.h"
#include "store.h"
#include "test.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
#define SAME_TIME_PG(c) "to_char(" c " AT TIME ZONE 'UTC', " \
                        "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
#define SAME_TEXT(c) "coalesce(CAST(" c " AS text), '-')"

/* A table's rows as one line of text each, by either side's SQL. */
typedef struct SameTable {
    const char *name, *sqlite, *pg, *order;
} SameTable;

static const SameTable same_tables[] = {
    {"units",
     "id || '|' || name || '|' || " SAME_TEXT("parent_id") " || '|' || "
     SAME_TEXT("hr_id"),
     "id || '|' || name || '|' || " SAME_TEXT("parent_id") " || '|' || "
     SAME_TEXT("hr_id"),
     "id"},
    {"learners", "id || '|' || login || '|' || unit_id || '|' || role || "
                 "'|' || created_at",
     "id || '|' || login || '|' || unit_id || '|' || role || '|' || "
     SAME_TIME_PG("created_at"),
     "id"},
    {"attempts",
     "id || '|' || learner_id || '|' || lesson_id || '|' || lesson_version "
     "|| '|' || kind || '|' || lang || '|' || started_at || '|' || "
     SAME_TEXT("finished_at") " || '|' || position || '|' || points || '|' "
     "|| max_points || '|' || plan",
     "id || '|' || learner_id || '|' || lesson_id || '|' || lesson_version "
     "|| '|' || kind || '|' || lang || '|' || " SAME_TIME_PG("started_at")
     " || '|' || coalesce(" SAME_TIME_PG("finished_at") ", '-') || '|' || "
     "position || '|' || points || '|' || max_points || '|' || plan",
     "id"},
    {"answers",
     "id || '|' || attempt_id || '|' || seq || '|' || scene_id || '|' || "
     "choice || '|' || topic || '|' || result || '|' || answered_at || '|' "
     "|| unit_id || '|' || role",
     "id || '|' || attempt_id || '|' || seq || '|' || scene_id || '|' || "
     "choice || '|' || topic || '|' || result || '|' || "
     SAME_TIME_PG("answered_at") " || '|' || unit_id || '|' || role",
     "id"},
    {"completions",
     "id || '|' || learner_id || '|' || attempt_id || '|' || kind || '|' "
     "|| unit_id || '|' || role || '|' || completed_at",
     "id || '|' || learner_id || '|' || attempt_id || '|' || kind || '|' "
     "|| unit_id || '|' || role || '|' || " SAME_TIME_PG("completed_at"),
     "id"},
    {"settings", "key || '=' || value", "key || '=' || value",
     "key COLLATE \"C\""},
};
/* clang-format on */
enum { SAME_TABLES = sizeof same_tables / sizeof *same_tables };

/* The first column of the first row of sql on the file, as text (caller
 * frees), or NULL. */
static inline char *same_sqlite_text(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st = NULL;
    char *text = NULL;
    if (sqlite3_open(path, &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        text = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return text;
}

/* Table t of the SQLite file as text (caller frees), "" when empty. */
static inline char *same_sqlite_rows(const char *path, int t)
{
    const SameTable *x = &same_tables[t];
    char sql[2048];
    snprintf(sql, sizeof sql,
             "SELECT coalesce(group_concat(r, char(10)), '') FROM (SELECT %s "
             "AS r FROM %s ORDER BY %s)",
             x->sqlite, x->name, strcmp(x->name, "settings") ? "id" : "key");
    sqlite3 *db;
    sqlite3_stmt *st = NULL;
    char *text = NULL;
    if (sqlite3_open(path, &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        text = strdup((const char *)sqlite3_column_text(st, 0));
    else
        fprintf(stderr, "%s: %s: %s\n", path, x->name, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return text ? text : strdup("(unreadable)");
}

/* The same of the PostgreSQL database (caller frees). */
static inline char *same_pg_rows(PGconn *c, int t)
{
    const SameTable *x = &same_tables[t];
    char sql[2048];
    snprintf(sql, sizeof sql,
             "SELECT coalesce(string_agg(%s, E'\\n' ORDER BY %s), '') "
             "FROM vaksam.%s",
             x->pg, x->order, x->name);
    char *text = pg_test_query(c, sql);
    return text ? text : strdup("(unreadable)");
}

enum { SAME_ALL = (1 << SAME_TABLES) - 1 };

/* How many tables differ between the file and the database (the first
 * difference printed); mask: which of same_tables (bit t: table t). */
static inline int same_rows(const char *path, const char *uri, int mask)
{
    PGconn *c = pg_test_connect(uri);
    if (!c)
        return SAME_TABLES;
    int differ = 0;
    for (int t = 0; t < SAME_TABLES; t++) {
        if (!(mask & 1 << t))
            continue;
        char *a = same_sqlite_rows(path, t), *b = same_pg_rows(c, t);
        if (strcmp(a, b) != 0 && differ++ == 0)
            fprintf(stderr,
                    "%s differ:\nSQLite:     %.300s\nPostgreSQL: "
                    "%.300s\n",
                    same_tables[t].name, a, b);
        free(a);
        free(b);
    }
    PQfinish(c);
    return differ;
}

/* A number from the database, or -1. */
static inline long long same_pg_int(PGconn *c, const char *sql)
{
    char *v = pg_test_query(c, sql);
    long long n = v ? strtoll(v, NULL, 10) : -1;
    free(v);
    return n;
}

/* The report's totals, as one digest (caller frees). */
static inline char *same_totals(PGconn *c)
{
    char *v = pg_test_query(
        c, "SELECT md5(coalesce((SELECT string_agg(format('%s/%s/%s/%s/%s', "
           "month, next, unit_id, role, v), ';' ORDER BY month, next, "
           "unit_id, role) FROM vaksam.rollup), '') || '#' || "
           "coalesce((SELECT string_agg(format('%s/%s/%s/%s/%s/%s/%s', "
           "unit_id, month, role, item, choice, result, n), ';' ORDER BY "
           "unit_id, month, role, item COLLATE \"C\", choice) FROM "
           "vaksam.item_months), ''))");
    return v ? v : strdup("(unreadable)");
}

/* The totals of the store s (the database uri) now, and after the
 * server's rebuild (vaksam.rebuild, the rule as a query): the same. */
static inline void same_totals_rebuilt(Store *s, const char *uri)
{
    PGconn *c = pg_test_connect(uri);
    if (!c)
        return;
    char *live = same_totals(c);
    VkError err;
    CHECK(store_rebuild_report(s, &err) == 0);
    char *rebuilt = same_totals(c);
    CHECK_STR(live, rebuilt);
    free(live);
    free(rebuilt);
    PQfinish(c);
}

/* The server's rebuild out of reach (every call fails), or back: a load
 * whose totals are the program's own must not need it. */
static inline void same_rebuild_fails(PGconn *c, bool fails)
{
    CHECK(pg_test_exec(
        c, fails ? "ALTER FUNCTION vaksam.rebuild() RENAME TO rebuild_kept; "
                   "CREATE FUNCTION vaksam.rebuild() RETURNS void LANGUAGE "
                   "plpgsql AS $$ BEGIN RAISE 'the server rebuilt the "
                   "totals'; END $$"
                 : "DROP FUNCTION vaksam.rebuild(); ALTER FUNCTION "
                   "vaksam.rebuild_kept() RENAME TO rebuild"));
}

/* The schema's constraints and indexes, every one by its definition, as
 * one digest (caller frees): what a load sets aside must come back as it
 * was. */
static inline char *same_schema(PGconn *c)
{
    char *v = pg_test_query(
        c, "SELECT md5(coalesce((SELECT string_agg(conrelid::regclass || ' "
           "' || conname || ' ' || pg_get_constraintdef(oid), ';' ORDER BY "
           "conrelid::regclass::text, conname) FROM pg_constraint WHERE "
           "connamespace = 'vaksam'::regnamespace), '') || '#' || "
           "coalesce((SELECT string_agg(indexdef, ';' ORDER BY indexdef) "
           "FROM pg_indexes WHERE schemaname = 'vaksam'), ''))");
    return v ? v : strdup("(unreadable)");
}

/* What every load leaves as it found it: the four row triggers on, and
 * the constraints and indexes of a new database of this schema (its
 * same_schema, given). */
static inline void same_load_undone(PGconn *c, const char *schema)
{
    CHECK_INT(same_pg_int(c, "SELECT count(*) FROM pg_trigger WHERE NOT "
                             "tgisinternal AND tgenabled = 'O' AND "
                             "tgrelid::regclass::text IN ('vaksam.answers', "
                             "'vaksam.completions')"),
              4);
    char *now = same_schema(c);
    CHECK_STR(now, schema);
    free(now);
}

#endif
