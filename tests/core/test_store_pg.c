/*
 * test_store_pg.c - what the PostgreSQL store promises beyond the shared
 * suite, tried as a learner and a CISO who want more than their share
 * would try it: connected as a learner, read another learner's answers,
 * write answers into another learner's attempt, put answers into another
 * unit's figures, change another learner's unit, read the report's secret
 * key; connected as the CISO, read any table of answers, attempts,
 * learners, completions or totals, run a function behind the published
 * report, ask for a period or a k the server does not publish, or shadow
 * one of its tables with one of their own. Then the messages a user gets for a wrong
 * password, a server that is not there, a bad URI, a missing database,
 * a newer schema, a schema that is not ours, and an old schema met by a
 * learner, who may not upgrade it.
 */
#include "demo.h"
#include "i18n.h"
#include "period.h"
#include "report.h"
#include "store.h"

#include "../pg_test.h"
#include "../test.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../pg_roles.h"

static void test_learner_sees_only_own(PGconn *admin, Who *anna, Who *bob)
{
    VkError err;
    PGconn *c = pg_test_connect(anna->uri);
    if (!c)
        return;
    CHECK_INT(count_as(c, "SELECT count(*) FROM vaksam.answers"), 1);
    CHECK_INT(count_as(c, "SELECT count(*) FROM vaksam.attempts"), 1);
    CHECK_INT(count_as(c, "SELECT count(*) FROM vaksam.learners"), 1);
    /* through the store too: bob is not there for anna */
    Learner le;
    CHECK_INT(store_find_learner(anna->s, bob->role, &le, &err), 0);
    StoredAnswer *got;
    int n;
    CHECK(store_attempt_answers(anna->s, bob->attempt, &got, &n, &err) == 0);
    CHECK_INT(n, 0);
    free(got);
    /* writing as bob, or into bob's attempt, is refused */
    CHECK(store_record_answer(anna->s, bob->attempt, 1, "quiz-ciso/q2", 0,
                              TOPIC_CISO, RESULT_CORRECT, &err) < 0);
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO vaksam.answers(attempt_id, seq, scene_id, choice, "
             "topic, result, answered_at, unit_id, role) VALUES (%lld, 2, "
             "'quiz-ciso/q3', 0, 'ciso', 'correct', now(), 1, 'staff')",
             bob->attempt);
    refused(c, sql, "row-level security");
    CHECK(store_save_learner(anna->s, bob->role, 1, ROLE_MANAGER, &le, &err) <
          0);
    snprintf(sql, sizeof sql,
             "UPDATE vaksam.attempts SET points = 99 WHERE id = %lld",
             bob->attempt);
    pg_test_exec(c, sql);
    refused(c, "DELETE FROM vaksam.answers", "permission denied");
    refused(c, "UPDATE vaksam.answers SET result = 'correct'",
            "permission denied");
    refused(c, "SELECT value FROM vaksam.settings", "permission denied");
    CHECK_INT(count_as(admin, "SELECT count(*) FROM vaksam.answers"), 2);
    snprintf(sql, sizeof sql,
             "SELECT points FROM vaksam.attempts WHERE id = %lld",
             bob->attempt);
    CHECK_INT(count_as(admin, sql), 0);
    /* an answer that names another unit lands in the learner's own */
    snprintf(sql, sizeof sql,
             "INSERT INTO vaksam.answers(attempt_id, seq, scene_id, choice, "
             "topic, result, answered_at, unit_id, role) VALUES (%lld, 5, "
             "'quiz-ciso/q5', 0, 'ciso', 'correct', now(), 2, 'manager')",
             anna->attempt);
    CHECK(pg_test_exec(c, sql));
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM vaksam.answers WHERE attempt_id = %lld AND "
             "seq = 5 AND unit_id = %lld AND role = 'staff'",
             anna->attempt, anna->le.unit_id);
    CHECK_INT(count_as(admin, sql), 1);
    PQfinish(c);
}

static void test_ciso_reads_no_rows(Who *ciso)
{
    PGconn *c = pg_test_connect(ciso->uri);
    if (!c)
        return;
    static const char *const tables[] = {
        "answers", "attempts",    "learners", "completions",
        "settings", "rollup", "item_months", "spans"};
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM vaksam.%s", tables[i]);
        refused(c, sql, "permission denied");
    }
    CHECK(count_as(c, "SELECT count(*) FROM vaksam.units") > 1);
    PQfinish(c);
}

/* The figures one report gives, as text. */
static char *report_text(Store *s, long long unit, int role)
{
    Report r;
    VkError err;
    int month = month_of_time(time(NULL));
    ReportFilter f = {{month - 11, month}, unit, role, 3};
    if (report_build(s, &f, &r, &err) < 0)
        return xasprintf("error: %s", err.msg);
    char *text = NULL;
    size_t n = 0;
    FILE *out = open_memstream(&text, &n);
    report_write(&r, REPORT_BY_UNIT, REPORT_JSON, out, &err);
    fclose(out);
    report_free(&r);
    return text;
}

/* The CISO runs the published report and nothing behind it: of every
 * function in the schema exactly the four of store_pg_publish.sql; the
 * figures as the owner's connection gets them; no period the server does
 * not publish, no k below 3; a table of the CISO's own named like one of
 * ours changes nothing; a learner may run none of it. */
static void test_ciso_publication(Store *owner, Who *ciso, const Who *anna)
{
    PGconn *c = pg_test_connect(ciso->uri);
    PGconn *l = pg_test_connect(anna->uri);
    if (!c || !l)
        return;
    char *runs = pg_test_query(
        c, "SELECT string_agg(p.proname, ' ' ORDER BY p.proname) FROM "
           "pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE "
           "n.nspname = 'vaksam' AND has_function_privilege(p.oid, 'EXECUTE')");
    CHECK_STR(runs, "register report report_k set_report_k");
    free(runs);
    refused(c, "SELECT vaksam.pub_pads()", "permission denied");
    refused(c, "SELECT vaksam.xapi_pads('\\x00')", "permission denied");
    refused(c, "SELECT * FROM vaksam.xapi_sent", "permission denied");
    refused(c, "SELECT * FROM vaksam.xapi_attempts(NULL)", "permission denied");
    refused(c, "SELECT * FROM vaksam.xapi_group_attempts(NULL)",
            "permission denied");
    refused(l, "SELECT * FROM vaksam.xapi_attempts(NULL)", "permission denied");
    refused(l, "SELECT vaksam.xapi_org()", "permission denied");
    refused(c, "SELECT * FROM vaksam.pub_cells(0, 99999, '{1}')",
            "permission denied");
    refused(l, "SELECT * FROM vaksam.report(24000, 24011, 0, -1, 5)",
            "permission denied");
    refused(l, "SELECT * FROM vaksam.register(now(), now())",
            "permission denied");
    refused(c, "SELECT * FROM vaksam.report(24000, 24001, 0, -1, 5)",
            "one month, three or twelve months");
    refused(c, "SELECT vaksam.set_report_k(2)", "k must be from 3");
    /* k below 3 is 3 */
#define NOW_MONTH "(SELECT vaksam_m FROM (SELECT (date_part('year', now()) * " \
                  "12 + date_part('month', now()) - 1)::integer AS vaksam_m) m)"
    char *k1 = pg_test_query(
        c, "SELECT md5(string_agg(r::text, ';')) FROM vaksam.report(" NOW_MONTH
           " - 11, " NOW_MONTH ", 0, -1, 1) r");
    char *k3 = pg_test_query(
        c, "SELECT md5(string_agg(r::text, ';')) FROM vaksam.report(" NOW_MONTH
           " - 11, " NOW_MONTH ", 0, -1, 3) r");
    CHECK_STR(k1, k3);
    free(k1);
    free(k3);
    VkError err;
    Store *s = store_open(ciso->uri, &err);
    CHECK(s != NULL);
    StoreCiso who = STORE_CISO_PASSWORD;
    if (s) {
        CHECK(store_ciso_access(s, &who, &err) == 0);
        CHECK_INT(who, STORE_CISO_ONLY);
        char *mine = report_text(s, 0, REPORT_ROLE_ALL);
        char *owners = report_text(owner, 0, REPORT_ROLE_ALL);
        CHECK(strncmp(mine, "error", 5) != 0);
        CHECK_STR(mine, owners);
        /* the CISO's own tables first in the search path change nothing */
        pg_test_exec(c, "CREATE TEMP TABLE units(id bigint, parent_id "
                        "bigint, name text); INSERT INTO units VALUES "
                        "(1, NULL, 'Fake')");
        char *again = report_text(s, 0, REPORT_ROLE_ALL);
        CHECK_STR(again, owners);
        free(mine);
        free(owners);
        free(again);
        CHECK(store_set_setting(s, "report_k", "7", &err) == 0);
        int k = 0;
        CHECK(report_k(s, &k, &err) == 0);
        CHECK_INT(k, 7);
        store_close(s);
    }
    CHECK(store_ciso_access(anna->s, &who, &err) == 0);
    CHECK_INT(who, STORE_CISO_REFUSED);
    PQfinish(c);
    PQfinish(l);
}

static void expect_open_fails(const char *uri, const char *want)
{
    VkError err = {{0}};
    Store *s = store_open(uri, &err);
    CHECK(s == NULL);
    store_close(s);
    CHECK_CONTAINS(err.msg, want);
    /* never the password */
    CHECK(strstr(err.msg, "pw-") == NULL);
}

static void test_connection_messages(const char *uri, const Who *anna)
{
    char *wrong = pg_test_uri_as(uri, anna->role, "pw-not-hers");
    expect_open_fails(wrong, "refused the login");
    free(wrong);
    expect_open_fails("postgresql://nobody@%2Fnonexistent-vaksam/x",
                      "cannot reach the database server");
    expect_open_fails("postgresql://[::1", "not a PostgreSQL connection URI");
    char *missing = pg_test_uri_with(uri, NULL, NULL, "vaksam_no_such_db");
    expect_open_fails(missing, "no such database");
    free(missing);
}

static void test_schema_versions(PGconn *admin, const char *uri,
                                 const Who *anna)
{
    long long current =
        count_as(admin, "SELECT version FROM vaksam.schema_version");
    CHECK(current >= 2);
    pg_test_exec(admin, "UPDATE vaksam.schema_version SET version = 99");
    expect_open_fails(uri, "newer than this program");
    /* a learner cannot upgrade, and is told who can */
    pg_test_exec(admin, "UPDATE vaksam.schema_version SET version = 0");
    expect_open_fails(anna->uri, "its owner upgrades it");
    char sql[96];
    snprintf(sql, sizeof sql, "UPDATE vaksam.schema_version SET version = %lld",
             current);
    pg_test_exec(admin, sql);
    VkError err;
    Store *s = store_open(anna->uri, &err);
    CHECK(s != NULL);
    store_close(s);
    /* a schema named vaksam that is someone else's */
    char *other = pg_test_db_new();
    PGconn *c = other ? pg_test_connect(other) : NULL;
    if (c) {
        pg_test_exec(c, "CREATE SCHEMA vaksam; CREATE TABLE vaksam.t(x int)");
        expect_open_fails(other, "not Vaksam's");
        CHECK_INT(count_as(c, "SELECT count(*) FROM vaksam.t"), 0);
    }
    PQfinish(c);
    if (other)
        pg_test_db_drop(other);
}

/* Once the learners come from HR (the owner imports them), a learner's
 * role moves itself nowhere, brings itself back from having left
 * nowhere, and a role not on the list cannot add itself. */
static void test_roster_rights(Store *owner, PGconn *admin, const char *uri,
                               Who *anna, Who *bob)
{
    VkError err;
    UnitImport u = {"HR-A", "HR's unit", NULL};
    CHECK(store_import_units(owner, &u, 1, &err) == 0);
    LearnerImport list = {anna->role, "Anna", "HR-A", ROLE_STAFF};
    bool unknown = false;
    LearnerImportStats st;
    CHECK(store_import_learners(owner, &list, 1, false, &unknown, &st, &err) ==
          0);
    CHECK_INT(st.changed, 1);
    CHECK_INT(st.left, 1); /* bob */
    bool kept = false;
    CHECK(store_roster_kept(anna->s, &kept, &err) == 0);
    CHECK(kept);
    Learner le;
    CHECK_INT(store_find_learner(anna->s, anna->role, &le, &err), 1);
    CHECK(le.listed && !le.left);
    long long hr_unit = le.unit_id;
    /* anna's choice of unit changes nothing; by hand, neither */
    CHECK(store_save_learner(anna->s, anna->role, 2, ROLE_MANAGER, &le, &err) ==
          0);
    CHECK_INT(le.unit_id, hr_unit);
    PGconn *c = pg_test_connect(anna->uri);
    if (c) {
        pg_test_exec(c, "UPDATE vaksam.learners SET unit_id = 2");
        refused(c, "UPDATE vaksam.learners SET listed = 0",
                "permission denied");
        PQfinish(c);
    }
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT unit_id FROM vaksam.learners WHERE login = '%s'",
             anna->role);
    CHECK_INT(count_as(admin, sql), hr_unit);
    /* bob has left: he cannot come back by choosing a unit */
    CHECK_INT(store_find_learner(bob->s, bob->role, &le, &err), 1);
    CHECK(le.left);
    c = pg_test_connect(bob->uri);
    if (c) {
        refused(c, "UPDATE vaksam.learners SET active = 1",
                "permission denied");
        PQfinish(c);
    }
    snprintf(sql, sizeof sql,
             "SELECT active FROM vaksam.learners WHERE login = '%s'",
             bob->role);
    CHECK_INT(count_as(admin, sql), 0);
    /* and someone HR does not list cannot add themselves */
    Who eve = {0};
    make_role(admin, uri, &eve, "eve", "vaksam_learner");
    eve.s = store_open(eve.uri, &err);
    CHECK(eve.s != NULL);
    if (eve.s) {
        CHECK(store_save_learner(eve.s, eve.role, hr_unit, ROLE_STAFF, &le,
                                 &err) < 0);
        CHECK_CONTAINS(err.msg, "row-level security");
        store_close(eve.s);
    }
    free(eve.uri);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM vaksam.learners WHERE login = '%s'",
             eve.role);
    CHECK_INT(count_as(admin, sql), 0);
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
    CHECK(owner != NULL);
    bool created;
    PGconn *admin = pg_test_connect(uri);
    if (!owner || !admin) {
        fprintf(stderr, "%s\n", err.msg);
        return TEST_DONE();
    }
    CHECK(demo_seed_if_empty(owner, &created, &err) == 0);
    /* a schema made or upgraded where no one has run db init-roles (or
     * before it is run again) lets no one but its owner run a function */
    CHECK_INT(count_as(admin, "SELECT count(*) FROM pg_proc p JOIN "
                              "pg_namespace n ON n.oid = p.pronamespace "
                              "WHERE n.nspname = 'vaksam' AND "
                              "has_function_privilege('public', p.oid, "
                              "'EXECUTE')"),
              0);
    CHECK(store_init_roles(owner, &err) == 0);
    CHECK(store_init_roles(owner, &err) == 0); /* again: nothing changes */
    Who anna = {0}, bob = {0}, ciso = {0};
    make_role(admin, uri, &anna, "anna", "vaksam_learner");
    make_role(admin, uri, &bob, "bob", "vaksam_learner");
    make_role(admin, uri, &ciso, "ciso", "vaksam_ciso");
    play(&anna, 2);
    play(&bob, 3);
    if (anna.s && bob.s) {
        test_learner_sees_only_own(admin, &anna, &bob);
        test_ciso_reads_no_rows(&ciso);
        test_ciso_publication(owner, &ciso, &anna);
        test_connection_messages(uri, &anna);
        test_schema_versions(admin, uri, &anna);
        test_roster_rights(owner, admin, uri, &anna, &bob);
    }
    store_close(anna.s);
    store_close(bob.s);
    store_close(owner);
    PQfinish(admin);
    free(anna.uri);
    free(bob.uri);
    free(ciso.uri);
    free(db_name);
    pg_test_db_drop(uri);
    return TEST_DONE();
}
