/*
 * pg_roles.h - what the tests that try the PostgreSQL store's roles
 * share (test_store_pg.c, test_pg_guard.c): login roles made for this
 * test's database, a learner who plays a question, and statements that
 * must be refused. Include after pg_test.h and test.h.
 */
#ifndef VAKSAM_TEST_PG_ROLES_H
#define VAKSAM_TEST_PG_ROLES_H

#include "demo.h"
#include "store.h"

#include <stdlib.h>
#include <string.h>

typedef struct Who {
    char role[96];
    char *uri;
    Store *s;
    Learner le;
    long long attempt;
} Who;

static char *db_name; /* this test's database */

/* A login role named after the database, in group (NULL: none). */
static inline void make_role(PGconn *admin, const char *uri, Who *w, const char *name,
                      const char *group)
{
    snprintf(w->role, sizeof w->role, "%s_%s", db_name, name);
    char sql[512];
    snprintf(sql, sizeof sql, "CREATE ROLE %s LOGIN PASSWORD 'pw-%s'", w->role,
             name);
    pg_test_exec(admin, sql);
    if (group) {
        snprintf(sql, sizeof sql, "GRANT %s TO %s", group, w->role);
        pg_test_exec(admin, sql);
    }
    char password[64];
    snprintf(password, sizeof password, "pw-%s", name);
    w->uri = pg_test_uri_as(uri, w->role, password);
}

/* A learner who signs in, starts a quiz and answers its first question. */
static inline void play(Who *w, long long unit)
{
    VkError err;
    w->s = store_open(w->uri, &err);
    CHECK(w->s != NULL);
    if (!w->s) {
        fprintf(stderr, "%s\n", err.msg);
        return;
    }
    /* the learner is the connection's role, whatever the program was told */
    CHECK_STR(store_login(w->s), w->role);
    /* the program's start seeds the demo units only when there are none;
     * a learner's role may run it when there are */
    bool created = true;
    CHECK(demo_seed_if_empty(w->s, &created, &err) == 0);
    CHECK(!created);
    CHECK(store_save_learner(w->s, w->role, unit, ROLE_STAFF, &w->le, &err) ==
          0);
    CHECK(store_start_attempt(w->s, w->le.id, "quiz-ciso", 1, "quiz", "en", "",
                              "q1", &w->attempt, &err) == 0);
    CHECK(store_record_answer(w->s, w->attempt, 0, "quiz-ciso/q1", 1,
                              TOPIC_CISO, RESULT_WRONG, &err) == 0);
}

/* sql as the connection c, which must be refused with want in the
 * server's message. */
static inline void refused(PGconn *c, const char *sql, const char *want)
{
    PGresult *r = PQexec(c, sql);
    bool failed = PQresultStatus(r) == PGRES_FATAL_ERROR;
    CHECK(failed);
    if (failed)
        CHECK_CONTAINS(PQresultErrorMessage(r), want);
    else
        fprintf(stderr, "not refused: %s\n", sql);
    PQclear(r);
}

static inline long long count_as(PGconn *c, const char *sql)
{
    char *v = pg_test_query(c, sql);
    long long n = v ? strtoll(v, NULL, 10) : -1;
    free(v);
    return n;
}

#endif
