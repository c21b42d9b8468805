/*
 * test_place.h - where a test keeps its store, on either backend: a new
 * SQLite file in a folder of the test's, or a new PostgreSQL database on
 * the test server (pg_test.h). A shared suite asks for places and reads
 * numbers back through place_int (text through place_text), so that the
 * same test checks what is really stored in both; place_exec changes a
 * place behind the store's back, place_refuse makes it refuse a write,
 * to see what a failed write leaves, and place_hold_lock has another
 * program hold the lock a write must wait for. The backend is the program's
 * first argument: "sqlite" (default) or "pg".
 */
#ifndef VAKSAM_TEST_PLACE_H
#define VAKSAM_TEST_PLACE_H

#include "pg_test.h"
#include "test_db.h"

#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static bool place_pg;       /* the backend under test */
static char place_dir[256]; /* SQLite's files */

/* Reads the backend from argv; false when it is neither. */
static inline bool place_init(int argc, char **argv)
{
    place_pg = argc > 1 && strcmp(argv[1], "pg") == 0;
    if (argc > 1 && !place_pg && strcmp(argv[1], "sqlite") != 0) {
        fprintf(stderr, "usage: %s [sqlite|pg]\n", argv[0]);
        return false;
    }
    snprintf(place_dir, sizeof place_dir, "/tmp/vaksam-test-place-XXXXXX");
    return place_pg || mkdtemp(place_dir) != NULL;
}

/* A new, empty place (caller frees with place_drop). Without one (the
 * server cannot be reached: a check has failed and said why) the test
 * ends there, failed, rather than going on without a store. */
static inline char *place_new(const char *name)
{
    char *place =
        place_pg ? pg_test_db_new() : xasprintf("%s/%s.db", place_dir, name);
    if (!place)
        exit(TEST_DONE());
    return place;
}

static inline void place_drop(char *place)
{
    if (place_pg)
        pg_test_db_drop(place);
    else
        free(place);
}

/* A connection for many place_int readings (PostgreSQL; on SQLite each
 * reading opens the file, which costs little). */
typedef struct PlaceConn {
    const char *place;
    PGconn *pg;
} PlaceConn;

/* Connects as the place's owner (PostgreSQL: in the vaksam schema); a
 * failure is printed and fails a check, and its readings give -1. */
static inline PlaceConn place_connect(const char *place)
{
    PlaceConn c = {place, NULL};
    if (place_pg) {
        c.pg = pg_test_connect(place);
        if (c.pg && !pg_test_exec(c.pg, "SET search_path = vaksam")) {
            PQfinish(c.pg);
            c.pg = NULL;
        }
    }
    return c;
}

static inline void place_disconnect(PlaceConn *c)
{
    PQfinish(c->pg);
    c->pg = NULL;
}

/* The first column of the first row of sql, or -1. */
static inline long long place_conn_int(PlaceConn *c, const char *sql)
{
    if (!place_pg)
        return query_int(c->place, sql);
    char *s = c->pg ? pg_test_query(c->pg, sql) : NULL;
    long long v = s ? strtoll(s, NULL, 10) : -1;
    free(s);
    return v;
}

/* The first column of the first row of sql, as the place's owner sees it
 * (PostgreSQL: in the vaksam schema), or -1. */
static inline long long place_int(const char *place, const char *sql)
{
    PlaceConn c = place_connect(place);
    long long v = place_conn_int(&c, sql);
    place_disconnect(&c);
    return v;
}

/* Counts a failed check and prints what failed and why. */
static inline void place_fail(const char *what, const char *why)
{
    test_checks++;
    test_failed++;
    fprintf(stderr, "test_place: %s: %s\n", what, why);
}

/* Runs sql, which returns no rows (several statements may be given), as
 * the place's owner; false (printed, a check failed) on an error. */
static inline bool place_exec(const char *place, const char *sql)
{
    if (place_pg) {
        PlaceConn c = place_connect(place);
        bool ok = c.pg && pg_test_exec(c.pg, sql);
        place_disconnect(&c);
        return ok;
    }
    sqlite3 *db;
    char *msg = NULL;
    bool ok = sqlite3_open(place, &db) == SQLITE_OK &&
              sqlite3_busy_timeout(db, 5000) == SQLITE_OK &&
              sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK;
    if (!ok)
        place_fail(sql, msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    sqlite3_close(db);
    return ok;
}

/* The first column of the first row of sql as text (caller frees), or
 * NULL when there is no row or it is NULL (a query that fails is printed
 * and fails a check). */
static inline char *place_text(const char *place, const char *sql)
{
    if (place_pg) {
        PlaceConn c = place_connect(place);
        char *v = c.pg ? pg_test_query(c.pg, sql) : NULL;
        place_disconnect(&c);
        return v;
    }
    sqlite3 *db;
    sqlite3_stmt *st = NULL;
    char *v = NULL;
    int rc = sqlite3_open(place, &db);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
        v = xstrdup((const char *)sqlite3_column_text(st, 0));
    else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        place_fail(sql, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* Makes the place refuse every write of one kind ("INSERT" or "UPDATE")
 * to a table, as a failing disk or server would, with the message
 * "refused by the test": a trigger of each backend's own kind, which
 * place_allow drops. False (printed, failed) when it could not. */
static inline bool place_refuse(const char *place, const char *event,
                                const char *table)
{
    char *sql =
        place_pg
            ? xasprintf("CREATE OR REPLACE FUNCTION public.test_refuse() "
                        "RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                        "RAISE EXCEPTION 'refused by the test'; END $$; "
                        "CREATE TRIGGER test_refuse_%s BEFORE %s ON %s "
                        "FOR EACH ROW EXECUTE FUNCTION public.test_refuse()",
                        table, event, table)
            : xasprintf("CREATE TRIGGER test_refuse_%s BEFORE %s ON %s "
                        "BEGIN SELECT RAISE(ABORT, 'refused by the test'); "
                        "END",
                        table, event, table);
    bool ok = place_exec(place, sql);
    free(sql);
    return ok;
}

static inline bool place_allow(const char *place, const char *table)
{
    char *sql =
        place_pg ? xasprintf("DROP TRIGGER test_refuse_%s ON %s", table, table)
                 : xasprintf("DROP TRIGGER test_refuse_%s", table);
    bool ok = place_exec(place, sql);
    free(sql);
    return ok;
}

/* The child of place_hold_lock: takes the lock, says so on fd, keeps it
 * ms milliseconds and lets it go; its exit status says whether it could. */
static inline int place_lock_child(const char *place, int fd, int ms)
{
    bool held = false, done = false;
    if (place_pg) {
        PGconn *c = PQconnectdb(place);
        PGresult *r = PQexec(c, "SET search_path = vaksam; BEGIN; "
                                "LOCK TABLE answers IN EXCLUSIVE MODE");
        held = PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        if (held && write(fd, "x", 1) == 1) {
            usleep((useconds_t)ms * 1000);
            r = PQexec(c, "COMMIT");
            done = PQresultStatus(r) == PGRES_COMMAND_OK;
            PQclear(r);
        }
        PQfinish(c);
    } else {
        sqlite3 *db;
        held =
            sqlite3_open(place, &db) == SQLITE_OK &&
            sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK;
        if (held && write(fd, "x", 1) == 1) {
            usleep((useconds_t)ms * 1000);
            done = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
        }
        sqlite3_close(db);
    }
    return done ? 0 : 1;
}

/* Another program's write lock on the place, which every answer's write
 * must wait for (SQLite: the database's; PostgreSQL: the answers
 * table's), held by a child process for ms milliseconds and then let go.
 * Returns once the lock is held, with the child's pid (reap it with
 * waitpid: it exits 0 when it held and let go of the lock), or -1
 * (printed, failed). */
static inline pid_t place_hold_lock(const char *place, int ms)
{
    int fds[2];
    char got;
    if (pipe(fds) != 0) {
        place_fail("place_hold_lock", "no pipe");
        return -1;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        _exit(place_lock_child(place, fds[1], ms));
    }
    close(fds[1]);
    bool held = pid > 0 && read(fds[0], &got, 1) == 1;
    close(fds[0]);
    if (!held) {
        place_fail("place_hold_lock", "the other program took no lock");
        if (pid > 0)
            waitpid(pid, NULL, 0);
        return -1;
    }
    return pid;
}

/* Removes SQLite's folder at the end. */
static inline void place_done(void)
{
    if (place_pg)
        return;
    char *cmd = xasprintf("rm -rf '%s'", place_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", place_dir);
    free(cmd);
}

#endif
