/*
 * test_store_pg_bulk.c - demo data loaded in bulk into PostgreSQL
 * (store_pg_bulk.c) is the same load into SQLite (store_bulk.c): with one
 * seed and one noise key, every row is the same, and every table of the
 * report for every unit, role and period is the same text, exact and as
 * published. The totals the load leaves are the loader's own, folded as
 * the rows came (the server's rebuild is made to fail meanwhile), and
 * those a rebuild gives; loads the fold cannot take (rows of two learners
 * interleaved, a load into tables that have answers) are rebuilt by the
 * server, to the same totals. The load has put back what it turned off
 * (row triggers, constraints, indexes), so an answer after it counts at
 * once, and the sequences are past its ids. A load that fails leaves
 * nothing, and one that is thrown away neither.
 */
#include "demodata.h"
#include "i18n.h"
#include "store.h"

#include "../pg_test.h"
#include "../report_same.h"
#include "../same_rows.h"
#include "../test.h"
#include "../test_clock.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { LAST = 2026 * 12 + 5, MONTHS = 6 };

static const char *const KEY = "00112233445566778899aabbccddeeff";
static const char *const T0 = "2026-01-01T08:00:00Z";

/* A quiz of one answer per month given; its attempt. */
static long long bulk_quiz(StoreBulk *b, long long learner, long long unit,
                           const int *months, int n)
{
    long long attempt =
        store_bulk_attempt(b, learner, "quiz", 1, "quiz", T0, "", 0, 2);
    for (int i = 0; i < n; i++) {
        char t[32];
        snprintf(t, sizeof t, "%04d-%02d-1%dT09:00:00Z", months[i] / 12,
                 months[i] % 12 + 1, i % 10);
        store_bulk_answer(b, attempt, i, "quiz-ciso/q1", i % 3, TOPIC_CISO,
                          (Result)(i % 3), t, unit, ROLE_STAFF);
    }
    return attempt;
}

/* Loads the fold leaves to the server, each into a database of its own:
 * an attempt of the learner made before the last one (0), a completion
 * of that learner (1), a second load into tables with answers (2). Their
 * totals are the rule's all the same: a fold would count the two
 * learners of 0 or 1 as one, and forget the first load's answers in 2. */
static void rebuilt_load(int how)
{
    static const int first[] = {LAST - 3, LAST - 1, LAST - 1, LAST};
    static const int second[] = {LAST - 2, LAST - 2, LAST};
    char *uri = pg_test_db_new();
    VkError err;
    Store *s = uri ? store_open(uri, &err) : NULL;
    CHECK(s != NULL);
    if (!s)
        return;
    StoreBulk *b = store_bulk_begin(s, &err);
    long long u = store_bulk_unit(b, "Org", 0, "R");
    long long v = store_bulk_unit(b, "Dept", u, "D");
    long long anna = store_bulk_learner(b, "anna", u, ROLE_STAFF, T0);
    long long quiz = how == 1 ? bulk_quiz(b, anna, u, first, 4) : 0;
    long long bo = store_bulk_learner(b, "bo", v, ROLE_STAFF, T0);
    if (how == 0)
        bulk_quiz(b, anna, u, first, 4); /* anna's after bo */
    long long done = bulk_quiz(b, bo, v, second, 3);
    store_bulk_completion(b, bo, done, false, v, ROLE_STAFF,
                          "2026-06-20T10:00:00Z");
    if (how == 1)
        store_bulk_completion(b, anna, quiz, false, u, ROLE_STAFF,
                              "2026-03-20T10:00:00Z");
    store_bulk_learner(b, "cy", v, ROLE_MANAGER, T0);
    CHECK_INT(store_bulk_end(b, true, &err), 0);
    if (how == 2) {
        b = store_bulk_begin(s, &err);
        long long dan = store_bulk_learner(b, "dan", u, ROLE_STAFF, T0);
        bulk_quiz(b, dan, u, first, 4);
        CHECK_INT(store_bulk_end(b, true, &err), 0);
    }
    same_totals_rebuilt(s, uri);
    PGconn *c = pg_test_connect(uri);
    char sql[128]; /* everyone counted: two active in LAST */
    snprintf(sql, sizeof sql,
             "SELECT sum(v[19]) FROM vaksam.rollup WHERE month = %d", LAST);
    if (c)
        CHECK_INT(same_pg_int(c, sql), 2);
    PQfinish(c);
    store_close(s);
    pg_test_db_drop(uri);
}

/* One more learner with one quiz answered, on both: the same ids. */
static void one_more(Store *s[2])
{
    long long ids[2][2];
    for (int b = 0; b < 2; b++) {
        VkError err;
        Learner le;
        store_set_clock(s[b], at(LAST, 3600));
        int rc =
            store_save_learner(s[b], "late-comer", 2, ROLE_STAFF, &le, &err);
        long long attempt = 0;
        if (rc == 0)
            rc = store_start_attempt(s[b], le.id, "quiz", 1, "quiz", "en", "",
                                     "", &attempt, &err);
        if (rc == 0)
            rc = store_record_answer(s[b], attempt, 0, "quiz-ciso/q1", 1,
                                     TOPIC_CISO, RESULT_WRONG, &err);
        if (rc == 0)
            rc = store_finish_attempt(s[b], attempt, 0, 2, 8, &err);
        if (rc < 0)
            fprintf(stderr, "backend %d: %s\n", b, err.msg);
        CHECK_INT(rc, 0);
        ids[b][0] = le.id;
        ids[b][1] = attempt;
    }
    CHECK_INT(ids[1][0], ids[0][0]);
    CHECK_INT(ids[1][1], ids[0][1]);
}

/* A load that stops: a time that is none, and a load thrown away. */
static void failed_loads(const char *schema)
{
    char *uri = pg_test_db_new();
    VkError err;
    Store *s = uri ? store_open(uri, &err) : NULL;
    CHECK(s != NULL);
    if (!s)
        return;
    StoreBulk *b = store_bulk_begin(s, &err);
    CHECK(b != NULL);
    long long u = store_bulk_unit(b, "Org", 0, "R");
    store_bulk_learner(b, "anna", u, ROLE_STAFF, "2026-02-30 noon");
    CHECK_INT(store_bulk_end(b, true, &err), -1);
    CHECK_CONTAINS(err.msg, "'2026-02-30 noon' is not a time");
    b = store_bulk_begin(s, &err);
    CHECK(b != NULL);
    store_bulk_unit(b, "Org", 0, "R");
    CHECK_INT(store_bulk_end(b, false, &err), -1);
    PGconn *c = pg_test_connect(uri);
    if (c) {
        CHECK_INT(same_pg_int(c, "SELECT (SELECT count(*) FROM vaksam.units) "
                                 "+ (SELECT count(*) FROM vaksam.learners)"),
                  0);
        same_load_undone(c, schema);
        PQfinish(c);
    }
    store_close(s);
    pg_test_db_drop(uri);
}

static void load_both(Store *s[2], const char *path, const char *uri)
{
    Diags d = {0};
    LessonSet course = {0}, pools = {0};
    lessonset_load_dir(&course, VAKSAM_LESSONS_DIR, &d);
    lessonset_take_quizzes(&course, &pools);
    CHECK_INT(d.count, 0);
    DemoDataOptions o = {240, 8, MONTHS, 11, LAST, &course, &pools, 1};
    DemoDataStats st[2];
    for (int b = 0; b < 2; b++) {
        VkError err;
        CHECK(store_set_setting(s[b], "report_key", KEY, &err) == 0);
        int rc = demodata_fill(s[b], &o, &st[b], &err);
        if (rc < 0)
            fprintf(stderr, "backend %d: %s\n", b, err.msg);
        CHECK_INT(rc, 0);
        store_set_clock(s[b], at(LAST, 0));
    }
    CHECK(st[0].answers > 10000);
    CHECK_INT(st[1].answers, st[0].answers);
    CHECK_INT(st[1].completions, st[0].completions);
    CHECK_INT(same_rows(path, uri, SAME_ALL), 0);
    lessonset_free(&course);
    lessonset_free(&pools);
    diags_free(&d);
}

int main(void)
{
    i18n_init(VAKSAM_LOCALE_DIR);
    i18n_set_language("en");
    char dir[] = "/tmp/vaksam-test-bulk-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char *path = xasprintf("%s/bulk.db", dir);
    char *uri = pg_test_db_new();
    if (!uri)
        return TEST_DONE();
    VkError err;
    Store *s[2] = {store_open(path, &err), store_open(uri, &err)};
    CHECK(s[0] && s[1]);
    PGconn *c = pg_test_connect(uri);
    char *schema = c ? same_schema(c) : strdup("(no server)");
    if (s[0] && s[1] && c) {
        same_rebuild_fails(c, true);
        load_both(s, path, uri);
        same_rebuild_fails(c, false);
        same_load_undone(c, schema);
        Unit *u;
        int n = 0;
        CHECK(store_list_units(s[0], &u, &n, &err) == 0);
        long long units[8];
        for (int i = 0; i < n && i < 8; i++)
            units[i] = u[i].id;
        free(u);
        CHECK_INT(same_report(s[0], s[1], units, n < 8 ? n : 8,
                              LAST - MONTHS + 1, MONTHS, "loaded"),
                  0);
        same_totals_rebuilt(s[1], uri);
        one_more(s);
        /* (SQLite's start of an attempt and a learner's creation take the
         * real clock, PostgreSQL's start the store's: only these compare) */
        CHECK_INT(same_rows(path, uri, 1 << 3 | 1 << 4), 0);
        same_totals_rebuilt(s[1], uri);
        CHECK_INT(same_report(s[0], s[1], units, 2, LAST - MONTHS + 1, MONTHS,
                              "after an answer"),
                  0);
    }
    PQfinish(c);
    failed_loads(schema);
    for (int how = 0; how < 3; how++)
        rebuilt_load(how);
    free(schema);
    store_close(s[0]);
    store_close(s[1]);
    pg_test_db_drop(uri);
    char *cmd = xasprintf("rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    free(cmd);
    free(path);
    return TEST_DONE();
}
