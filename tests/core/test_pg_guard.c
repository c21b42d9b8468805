/*
 * test_pg_guard.c - the PostgreSQL store against an adversarial review's
 * attacks (schemas 6 to 8), as the LRS feeds, the CISO and a learner
 * would try them: the xAPI functions each feed may run and nothing else,
 * neither the other kind nor the register; a caller's pg_temp types that
 * would run the caller's code as the owner; the bulk load's switch set by
 * a learner; a completion of another's attempt and ids of a learner's
 * choosing; and a server upgraded from the first schema 6.
 */
#include "i18n.h"
#include "store.h"

#include "../pg_test.h"
#include "../test.h"
#include "../pg_roles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A learner's rows hold together, and the server gives the ids: a
 * completion of another learner's attempt is refused (it named the wrong
 * person in the register, and the real one was dropped on the attempt's
 * unique key), and so is a row with an id of the learner's choosing
 * (one just ahead of the sequence made everyone else's next row fail). */
static void test_learner_rows(PGconn *admin, const Who *anna, const Who *bob)
{
    PGconn *c = pg_test_connect(anna->uri);
    if (!c)
        return;
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO vaksam.completions(learner_id, attempt_id, kind, "
             "unit_id, role, completed_at) VALUES (%lld, %lld, 'quiz', 2, "
             "'staff', now())",
             anna->le.id, bob->attempt);
    refused(c, sql, "row-level security");
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM vaksam.completions WHERE attempt_id = %lld",
             bob->attempt);
    CHECK_INT(count_as(admin, sql), 0);
    snprintf(sql, sizeof sql,
             "INSERT INTO vaksam.attempts(id, learner_id, lesson_id, "
             "lesson_version, kind, lang, started_at) VALUES (999999, %lld, "
             "'quiz', 1, 'quiz', 'en', now())",
             anna->le.id);
    refused(c, sql, "permission denied");
    refused(c, "INSERT INTO vaksam.answers(id, attempt_id, seq, scene_id, "
               "choice, topic, result, answered_at, unit_id, role) VALUES "
               "(999999, 1, 9, 'q', 0, 'ciso', 'correct', now(), 1, 'staff')",
            "permission denied");
    /* the learner's own rows without an id still go in */
    snprintf(sql, sizeof sql,
             "INSERT INTO vaksam.attempts(learner_id, lesson_id, "
             "lesson_version, kind, lang, started_at) VALUES (%lld, 'quiz', "
             "1, 'quiz', 'en', now())",
             anna->le.id);
    CHECK(pg_test_exec(c, sql));
    PQfinish(c);
}

/* A server upgraded while schema 6 was being made has one function for
 * both kinds of statement and a record of what was sent without senders;
 * schema 8 leaves it as a new one is: the two kinds apart, each sender's
 * record its own, what was sent kept. */
static void test_xapi_upgrade(PGconn *admin, const char *uri)
{
    CHECK(pg_test_exec(
        admin,
        "DROP FUNCTION vaksam.xapi_attempts(timestamptz);"
        "DROP FUNCTION vaksam.xapi_group_attempts(timestamptz);"
        "CREATE FUNCTION vaksam.xapi_attempts(since timestamptz, "
        "  groups_only boolean) RETURNS SETOF vaksam.xapi_row "
        "  LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $$ "
        "  SELECT * FROM vaksam.xapi_rows(since, groups_only) $$;"
        "ALTER TABLE vaksam.xapi_sent DROP CONSTRAINT xapi_sent_pkey;"
        "ALTER TABLE vaksam.xapi_sent DROP COLUMN sender;"
        "ALTER TABLE vaksam.xapi_sent ADD PRIMARY KEY (endpoint, id);"
        "INSERT INTO vaksam.xapi_sent(endpoint, id) VALUES ('http://old/', "
        "  '00000000-0000-5000-8000-0000000000aa');"
        "DROP FUNCTION vaksam.grant_learner_rows();" /* schema 8's */
        "UPDATE vaksam.schema_version SET version = 7"));
    VkError err;
    Store *s = store_open(uri, &err); /* the owner: upgrades */
    CHECK(s != NULL);
    if (!s)
        fprintf(stderr, "%s\n", err.msg);
    CHECK(s && store_init_roles(s, &err) == 0);
    store_close(s);
    CHECK_INT(count_as(admin, "SELECT count(*) FROM pg_proc WHERE "
                              "proname IN ('xapi_attempts', "
                              "'xapi_group_attempts') AND pronargs = 1"),
              2);
    CHECK_INT(count_as(admin, "SELECT count(*) FROM pg_proc WHERE "
                              "proname = 'xapi_attempts' AND pronargs = 2"),
              0);
    CHECK_INT(count_as(admin, "SELECT count(*) FROM vaksam.xapi_sent WHERE "
                              "endpoint = 'http://old/' AND sender <> ''"),
              1);
    CHECK_INT(count_as(admin, "SELECT count(*) FROM pg_constraint WHERE "
                              "conrelid = 'vaksam.xapi_sent'::regclass AND "
                              "contype = 'p' AND array_length(conkey, 1) = 3"),
              1);
}

/* The switch a bulk load sets so that the kept sums wait for one refill
 * (vaksam.kept_later) is the owner's: a learner who sets it and moves to
 * another unit and back, three times, leaves every unit's headcount what
 * counting the learners gives (it took one from the other unit and added
 * one to their own each time, until the server heeded the owner only). */
static void test_load_switch(PGconn *admin, const Who *anna)
{
    static const char sizes[] =
        "SELECT string_agg(unit_id || ':' || role || ':' || n, ',' "
        "ORDER BY unit_id, role) FROM vaksam.unit_sizes WHERE n > 0";
    static const char counted[] =
        "SELECT string_agg(unit_id || ':' || r || ':' || n, ',' "
        "ORDER BY unit_id, r) FROM (SELECT unit_id, (role = 'staff')::integer "
        "AS r, count(*) AS n FROM vaksam.learners WHERE active = 1 "
        "GROUP BY 1, 2) c";
    PGconn *c = pg_test_connect(anna->uri);
    if (!c)
        return;
    char *before = pg_test_query(admin, sizes);
    for (int i = 0; i < 3; i++) {
        CHECK(pg_test_exec(c, "BEGIN; SELECT set_config('vaksam.kept_later', "
                              "'on', true); UPDATE vaksam.learners SET "
                              "unit_id = 3 WHERE login = current_user; "
                              "COMMIT"));
        CHECK(pg_test_exec(c, "UPDATE vaksam.learners SET unit_id = 2 "
                              "WHERE login = current_user"));
    }
    char *after = pg_test_query(admin, sizes);
    char *truth = pg_test_query(admin, counted);
    CHECK_STR(after, before);
    CHECK_STR(after, truth);
    free(before);
    free(after);
    free(truth);
    PQfinish(c);
}

/* Types and functions of a caller's own in pg_temp: a SECURITY DEFINER
 * function whose search_path left pg_temp out would look there first for
 * a type such as text or bytea, and a domain's check would then run the
 * caller's code as the schema's owner (the feed reading report_key, the
 * CISO granting itself more). Every function each role may run, run
 * with such a trap set, springs none; and every such function of the
 * schema names pg_temp last. */
static void test_temp_traps(PGconn *owner, const Who *ciso, const Who *feed,
                            const Who *groups, const Who *anna)
{
    static const char trap[] =
        "CREATE FUNCTION pg_temp.trap(v pg_catalog.text) RETURNS boolean "
        "LANGUAGE plpgsql AS $t$ BEGIN RAISE EXCEPTION 'sprung as %', "
        "current_user; END $t$;"
        "CREATE DOMAIN pg_temp.text AS pg_catalog.text "
        "  CHECK (pg_temp.trap(VALUE));"
        "CREATE DOMAIN pg_temp.bytea AS pg_catalog.bytea "
        "  CHECK (pg_temp.trap(VALUE::pg_catalog.text));"
        "CREATE DOMAIN pg_temp.uuid AS pg_catalog.uuid "
        "  CHECK (pg_temp.trap(VALUE::pg_catalog.text));"
        "CREATE DOMAIN pg_temp.timestamptz AS pg_catalog.timestamptz "
        "  CHECK (pg_temp.trap(VALUE::pg_catalog.text));"
        "CREATE DOMAIN pg_temp.float8 AS pg_catalog.float8 "
        "  CHECK (pg_temp.trap(VALUE::pg_catalog.text))";
    static const struct {
        int who; /* 0 the CISO, 1 and 2 the feeds, 3 a learner */
        const char *sql;
    } calls[] = {
        {0, "SELECT count(*) FROM vaksam.report(24000, 24011, 0, -1, 5)"},
        {0, "SELECT count(*) FROM vaksam.register(now() - interval '1 year', "
            "now())"},
        {0, "SELECT vaksam.report_k()"},
        {0, "SELECT vaksam.set_report_k(vaksam.report_k())"},
        {1, "SELECT vaksam.xapi_org()"},
        {1, "SELECT count(*) FROM vaksam.xapi_attempts(NULL)"},
        {2, "SELECT count(*) FROM vaksam.xapi_group_attempts(NULL)"},
        {1, "SELECT count(*) FROM vaksam.xapi_sent_ids('http://lrs/')"},
        {1, "SELECT vaksam.xapi_mark_sent('http://lrs/', "
            "'{00000000-0000-5000-8000-000000000000}')"},
        {3, "SELECT vaksam.roster_kept()"},
    };
    const Who *who[] = {ciso, feed, groups, anna};
    for (int w = 0; w < 4; w++) {
        PGconn *c = pg_test_connect(who[w]->uri);
        CHECK(c && pg_test_exec(c, trap));
        for (size_t i = 0; c && i < sizeof calls / sizeof *calls; i++) {
            if (calls[i].who != w)
                continue;
            PGresult *r = PQexec(c, calls[i].sql);
            const char *msg = PQresultErrorMessage(r);
            if (strstr(msg, "sprung"))
                fprintf(stderr, "%s: %s", calls[i].sql, msg);
            CHECK(!strstr(msg, "sprung"));
            PQclear(r);
        }
        PQfinish(c);
    }
    CHECK_INT(count_as(owner, "SELECT count(*) FROM pg_proc WHERE "
                              "pronamespace = 'vaksam'::regnamespace AND "
                              "prosecdef AND NOT coalesce(proconfig @> "
                              "'{\"search_path=pg_catalog, pg_temp\"}', "
                              "false)"),
              0);
}

/* The LRS feeds' roles run the xAPI functions of their kind (and read k)
 * and nothing else: no table but the schema's version, not the units,
 * and neither the report nor the register, whose completion times would
 * name the statements' pseudonyms; vaksam_xapi the learners' statements
 * and vaksam_xapi_groups the units', never both (joined on their times
 * they would put each learner in a unit); each feed's record of what it
 * sent is its own. The store lets each read its kind, and not the CISO's
 * role nor a learner's. */
static void feed_rights(const Who *w, const char *kind, const char *other)
{
    PGconn *c = pg_test_connect(w->uri);
    if (!c)
        return;
    char *runs = pg_test_query(
        c, "SELECT string_agg(p.proname, ' ' ORDER BY p.proname) FROM "
           "pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE "
           "n.nspname = 'vaksam' AND has_function_privilege(p.oid, 'EXECUTE')");
    char *want = xasprintf("report_k %s xapi_mark_sent xapi_org "
                           "xapi_sent_ids", kind);
    CHECK_STR(runs, want);
    free(want);
    free(runs);
    char *tables = pg_test_query(
        c, "SELECT string_agg(c.relname, ' ' ORDER BY c.relname) FROM "
           "pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE "
           "n.nspname = 'vaksam' AND c.relkind IN ('r', 'v', 'p') AND "
           "has_table_privilege(c.oid, 'SELECT')");
    CHECK_STR(tables, "schema_version");
    free(tables);
    char *sql = xasprintf("SELECT count(*) FROM vaksam.%s(NULL)", other);
    refused(c, sql, "permission denied");
    free(sql);
    refused(c, "SELECT * FROM vaksam.register(now() - interval '1 year', "
               "now())",
            "permission denied");
    refused(c, "SELECT * FROM vaksam.units", "permission denied");
    refused(c, "SELECT * FROM vaksam.xapi_sent", "permission denied");
    PQfinish(c);
}

static void test_xapi_feed(const Who *feed, const Who *groups, const Who *ciso,
                           const Who *anna)
{
    feed_rights(feed, "xapi_attempts", "xapi_group_attempts");
    feed_rights(groups, "xapi_group_attempts", "xapi_attempts");
    const Who *who[] = {feed, groups, ciso, anna};
    const StoreCiso refused_ = STORE_CISO_REFUSED, granted = STORE_CISO_GRANTED;
    for (int i = 0; i < 4; i++) {
        VkError err;
        Store *s = store_open(who[i]->uri, &err);
        StoreCiso learners = STORE_CISO_PASSWORD, units = STORE_CISO_PASSWORD;
        CHECK(s && store_xapi_access(s, false, &learners, &err) == 0 &&
              store_xapi_access(s, true, &units, &err) == 0);
        CHECK_INT(learners, i == 0 ? granted : refused_);
        CHECK_INT(units, i == 1 ? granted : refused_);
        char org[33] = "";
        if (s && i < 2) {
            CHECK(store_xapi_org(s, org, &err) == 0);
            CHECK_INT(strlen(org), 32);
        }
        store_close(s);
    }
    /* one feed's record is not the other's to read or to fill */
    PGconn *a = pg_test_connect(feed->uri), *b = pg_test_connect(groups->uri);
    if (!a || !b)
        return;
    CHECK(pg_test_exec(a, "SELECT vaksam.xapi_mark_sent('http://lrs/', "
                          "'{00000000-0000-5000-8000-000000000001}')"));
    CHECK_INT(count_as(a, "SELECT count(*) FROM "
                          "vaksam.xapi_sent_ids('http://lrs/')"),
              1);
    CHECK_INT(count_as(b, "SELECT count(*) FROM "
                          "vaksam.xapi_sent_ids('http://lrs/')"),
              0);
    refused(b, "SELECT vaksam.xapi_mark_sent('http://lrs/', ARRAY(SELECT "
               "gen_random_uuid() FROM generate_series(1, 1001)))",
            "at most 1000 statements at a time");
    PQfinish(a);
    PQfinish(b);
}

int main(void)
{
    i18n_init(VAKSAM_LOCALE_DIR);
    i18n_set_language("en");
    char *uri = pg_test_db_new();
    if (!uri)
        return TEST_DONE();
    db_name = pg_test_db_name(uri);
    VkError err;
    Store *owner = store_open(uri, &err);
    PGconn *admin = pg_test_connect(uri);
    bool created;
    CHECK(owner && admin && demo_seed_if_empty(owner, &created, &err) == 0 &&
          store_init_roles(owner, &err) == 0);
    Who anna = {0}, bob = {0}, ciso = {0}, feed = {0}, groups = {0};
    if (owner && admin) {
        make_role(admin, uri, &anna, "anna", "vaksam_learner");
        make_role(admin, uri, &bob, "bob", "vaksam_learner");
        make_role(admin, uri, &ciso, "ciso", "vaksam_ciso");
        make_role(admin, uri, &feed, "feed", "vaksam_xapi");
        make_role(admin, uri, &groups, "groups", "vaksam_xapi_groups");
        play(&anna, 2);
        play(&bob, 3);
    }
    if (anna.s && bob.s) {
        test_xapi_feed(&feed, &groups, &ciso, &anna);
        test_temp_traps(admin, &ciso, &feed, &groups, &anna);
        test_load_switch(admin, &anna);
        test_learner_rows(admin, &anna, &bob);
        test_xapi_upgrade(admin, uri);
        feed_rights(&feed, "xapi_attempts", "xapi_group_attempts");
        feed_rights(&groups, "xapi_group_attempts", "xapi_attempts");
    }
    store_close(anna.s);
    store_close(bob.s);
    store_close(owner);
    PQfinish(admin);
    free(anna.uri);
    free(bob.uri);
    free(ciso.uri);
    free(feed.uri);
    free(groups.uri);
    free(db_name);
    pg_test_db_drop(uri);
    return TEST_DONE();
}
