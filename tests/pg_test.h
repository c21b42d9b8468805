/*
 * pg_test.h - a fresh PostgreSQL database for each test, on the throwaway
 * server that the ctest fixture pg.start runs for the build tree
 * (tests/pg/pg_start.sh). A test that needs it has FIXTURES_REQUIRED pg
 * and links vaksam_pg_test; it makes its own database, so tests can run
 * in parallel, and drops it at the end:
 *
 *     char *uri = pg_test_db_new();
 *     if (!uri)
 *         return TEST_DONE();
 *     PGconn *c = pg_test_connect(uri);
 *     ...
 *     PQfinish(c);
 *     pg_test_db_drop(uri);
 *
 * When the server cannot be reached, each function prints why and counts a
 * failed check (test.h), so the test fails: a test that needs PostgreSQL
 * never skips. Roles belong to the whole server, not to one database: a
 * test names its roles after its database (pg_test_db_name(uri) + "_..."),
 * and pg_test_db_drop drops those roles with the database.
 */
#ifndef VAKSAM_PG_TEST_H
#define VAKSAM_PG_TEST_H

#include "test.h"

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef VAKSAM_TEST_PG_URI_FILE
#error "link vaksam_pg_test: it defines VAKSAM_TEST_PG_URI_FILE"
#endif

/* Counts a failed check and prints what failed and why. */
static inline void pg_test_fail(const char *what, const char *why)
{
    size_t n = strlen(why);
    while (n > 0 && why[n - 1] == '\n')
        n--;
    test_checks++;
    test_failed++;
    fprintf(stderr, "pg_test: %s: %.*s\n", what, (int)n, why);
}

/* The server's admin URI as pg.start wrote it (caller frees), or NULL. */
static inline char *pg_test_admin_uri(void)
{
    const char *path = VAKSAM_TEST_PG_URI_FILE;
    char line[4096];
    FILE *f = fopen(path, "r");
    bool got = f && fgets(line, sizeof line, f);
    if (f)
        fclose(f);
    if (!got) {
        char why[600];
        snprintf(why, sizeof why,
                 "cannot read %s: the test's PostgreSQL server is not "
                 "running (run the test through ctest, whose fixture "
                 "pg.start starts it)",
                 path);
        pg_test_fail("no server", why);
        return NULL;
    }
    line[strcspn(line, "\r\n")] = '\0';
    return strdup(line);
}

/* A connection to uri, or NULL (the reason printed, a check failed). */
static inline PGconn *pg_test_connect(const char *uri)
{
    PGconn *c = PQconnectdb(uri);
    if (PQstatus(c) == CONNECTION_OK)
        return c;
    pg_test_fail("cannot connect", c ? PQerrorMessage(c) : "out of memory");
    PQfinish(c);
    return NULL;
}

/* Runs sql, which returns no rows; false (printed, failed) on an error. */
static inline bool pg_test_exec(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK ||
              PQresultStatus(r) == PGRES_TUPLES_OK;
    if (!ok)
        pg_test_fail(sql, PQerrorMessage(c));
    PQclear(r);
    return ok;
}

/* The first column of the first row of sql as text (caller frees), or
 * NULL when it fails (printed, failed) or gives no row or a NULL. */
static inline char *pg_test_query(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    char *v = NULL;
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        pg_test_fail(sql, PQerrorMessage(c));
    else if (PQntuples(r) > 0 && PQnfields(r) > 0 && !PQgetisnull(r, 0, 0))
        v = strdup(PQgetvalue(r, 0, 0));
    PQclear(r);
    return v;
}

/* Appends the first len bytes of s to out (of size n), percent-encoded
 * as a URI component when pct. */
static inline void pg_test_append(char *out, size_t n, const char *s,
                                  size_t len, bool pct)
{
    size_t at = strlen(out);
    for (size_t i = 0; i < len && s[i] && at + 4 < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (!pct || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
            (ch >= '0' && ch <= '9') || strchr("-._~", ch))
            out[at++] = (char)ch;
        else
            at += (size_t)snprintf(out + at, n - at, "%%%02X", ch);
    }
    out[at] = '\0';
}

/* uri (postgresql://user:password@host:port/dbname, as pg.start writes
 * it) with its user and password, or its database, replaced; NULL keeps
 * that part. The caller frees it; NULL for a URI of another form. */
static inline char *pg_test_uri_with(const char *uri, const char *user,
                                     const char *password, const char *db)
{
    const char *scheme = strstr(uri, "://");
    const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
    const char *slash = at ? strchr(at, '/') : NULL;
    if (!slash || strchr(scheme + 3, '/') != slash || strchr(slash, '?'))
        return NULL;
    const char *userspec = scheme + 3;
    char out[4096] = "";
    pg_test_append(out, sizeof out, uri, (size_t)(userspec - uri), false);
    if (user) {
        pg_test_append(out, sizeof out, user, strlen(user), true);
        if (password) {
            pg_test_append(out, sizeof out, ":", 1, false);
            pg_test_append(out, sizeof out, password, strlen(password), true);
        }
    } else {
        pg_test_append(out, sizeof out, userspec, (size_t)(at - userspec),
                       false);
    }
    pg_test_append(out, sizeof out, at, (size_t)(slash + 1 - at), false);
    if (db)
        pg_test_append(out, sizeof out, db, strlen(db), true);
    else
        pg_test_append(out, sizeof out, slash + 1, strlen(slash + 1), false);
    return strdup(out);
}

/* The same database as another role (caller frees), or NULL. */
static inline char *pg_test_uri_as(const char *uri, const char *user,
                                   const char *password)
{
    char *as = pg_test_uri_with(uri, user, password, NULL);
    if (!as)
        pg_test_fail("pg_test_uri_as", "not a URI pg_test made");
    return as;
}

/* The database a URI names (caller frees), or NULL. */
static inline char *pg_test_db_name(const char *uri)
{
    char *err = NULL, *name = NULL;
    PQconninfoOption *opts = PQconninfoParse(uri, &err);
    for (PQconninfoOption *o = opts; o && o->keyword; o++)
        if (strcmp(o->keyword, "dbname") == 0 && o->val)
            name = strdup(o->val);
    if (!name)
        pg_test_fail("no database in the URI", err ? err : uri);
    PQfreemem(err);
    PQconninfoFree(opts);
    return name;
}

/* A new, empty database vaksam_t_<pid>_<n> for this test, as the server's
 * admin: its URI (caller drops it with pg_test_db_drop), or NULL. */
static inline char *pg_test_db_new(void)
{
    static int made;
    char *admin = pg_test_admin_uri();
    PGconn *c = admin ? pg_test_connect(admin) : NULL;
    char *uri = NULL;
    if (c) {
        char name[64], sql[128];
        snprintf(name, sizeof name, "vaksam_t_%ld_%d", (long)getpid(), ++made);
        snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
        if (pg_test_exec(c, sql) &&
            !(uri = pg_test_uri_with(admin, NULL, NULL, name)))
            pg_test_fail(VAKSAM_TEST_PG_URI_FILE, "not a URI pg.start wrote");
    }
    PQfinish(c);
    free(admin);
    return uri;
}

/* Drops the database of uri, after ending its connections, with the roles
 * named after it (<database>_...), and frees uri. False (printed, failed)
 * when it could not. */
static inline bool pg_test_db_drop(char *uri)
{
    if (!uri) {
        pg_test_fail("pg_test_db_drop", "no database (NULL)");
        return false;
    }
    char *name = pg_test_db_name(uri);
    char *admin = name ? pg_test_admin_uri() : NULL;
    PGconn *c = admin ? pg_test_connect(admin) : NULL;
    bool done = false;
    if (c) {
        char *ident = PQescapeIdentifier(c, name, strlen(name));
        char sql[256];
        snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", ident);
        PQfreemem(ident);
        done = pg_test_exec(c, sql);
        char prefix[80];
        snprintf(prefix, sizeof prefix, "%s_", name);
        const char *params[1] = {prefix};
        PGresult *r = PQexecParams(c,
                                   "SELECT rolname FROM pg_roles "
                                   "WHERE starts_with(rolname, $1)",
                                   1, NULL, params, NULL, NULL, 0);
        if (PQresultStatus(r) != PGRES_TUPLES_OK) {
            pg_test_fail("the database's roles", PQerrorMessage(c));
            done = false;
        }
        for (int i = 0; done && i < PQntuples(r); i++) {
            const char *role = PQgetvalue(r, i, 0);
            ident = PQescapeIdentifier(c, role, strlen(role));
            snprintf(sql, sizeof sql, "DROP ROLE %s", ident);
            PQfreemem(ident);
            done = pg_test_exec(c, sql);
        }
        PQclear(r);
    }
    PQfinish(c);
    free(admin);
    free(name);
    free(uri);
    return done;
}

#endif
