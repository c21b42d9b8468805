/*
 * test_place.h - where a test keeps its store, on either backend: a new
 * SQLite file in a folder of the test's, or a new PostgreSQL database on
 * the test server (pg_test.h). A shared suite asks for places and reads
 * numbers back through place_int, so that the same test checks what is
 * really stored in both. The backend is the program's first argument:
 * "sqlite" (default) or "pg".
 */
#ifndef VAKSAM_TEST_PLACE_H
#define VAKSAM_TEST_PLACE_H

#include "pg_test.h"
#include "test_db.h"

#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* A new, empty place (caller frees with place_drop), or NULL (a check
 * has failed and said why). */
static inline char *place_new(const char *name)
{
    if (place_pg)
        return pg_test_db_new();
    return xasprintf("%s/%s.db", place_dir, name);
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
