/*
 * test_relay.c - learners keep working when the server is away. On a
 * PostgreSQL server of its own (tests/pg/pg_start.sh, so that it can stop
 * it without disturbing other tests), a learner's workstation store
 * (store_relay_open) plays a lesson: the first answer reaches the server
 * at once; the server is stopped mid-lesson and the learner answers on,
 * into the queue, the status saying what waits; the server comes back and
 * everything waiting arrives, each answer once, and the server's totals
 * equal a rebuild from its rows. Every answer sent again (as when the
 * server's reply was lost) still lands once. The learner moves to
 * another machine, goes on where they were, and the first machine takes
 * the other's answers in. A refused password is refused at once and the
 * queue keeps its answers; a server away at the first start, with nothing
 * to go on with, says so.
 *
 * Then a server whose host drops packets (../pg_proxy.h: a port that
 * never answers): the learner's answers and the window's retries return
 * while the connection is still being made, as the status says, and when
 * the server answers again every answer arrives once; a try that has no
 * answer within connect_timeout ends and says so. No check is timed.
 */
#include "i18n.h"
#include "report_exact.h"
#include "session.h"
#include "store.h"

#include "../pg_proxy.h"
#include "../pg_test.h"
#include "../test.h"
#include "../test_db.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[256], tmp[64];

static bool server(const char *what)
{
    char *cmd = strcmp(what, "new") == 0
                    ? xasprintf("sh %s/pg_start.sh '%s' >/dev/null", PG_SCRIPTS,
                                dir)
                : strcmp(what, "remove") == 0
                    ? xasprintf("sh %s/pg_stop.sh '%s' >/dev/null", PG_SCRIPTS,
                                dir)
                    : xasprintf("sh %s/pg_pause.sh '%s' %s >/dev/null",
                                PG_SCRIPTS, dir, what);
    bool ok = system(cmd) == 0;
    if (!ok)
        fprintf(stderr, "failed: %s\n", cmd);
    CHECK(ok);
    free(cmd);
    return ok;
}

static char *admin_uri(void)
{
    char *path = xasprintf("%s/uri", dir), line[4096] = "";
    FILE *f = fopen(path, "r");
    if (f && fgets(line, sizeof line, f))
        line[strcspn(line, "\n")] = '\0';
    if (f)
        fclose(f);
    free(path);
    return xstrdup(line);
}

static Lesson *fixture(void)
{
    Diags d = {0};
    Lesson *l = lesson_load(FIXTURES "/valid.lesson", &d);
    diags_free(&d);
    return l;
}

static long long server_count(const char *uri, const char *sql)
{
    PGconn *c = pg_test_connect(uri);
    char *v = c ? pg_test_query(c, sql) : NULL;
    long long n = v ? strtoll(v, NULL, 10) : -1;
    free(v);
    PQfinish(c);
    return n;
}

/* The report's tables as the owner reads them, exact. */
static char *tables(Store *s)
{
    char *text = NULL;
    size_t n = 0;
    FILE *out = open_memstream(&text, &n);
    int now = month_of_time(time(NULL));
    for (int by = 0; by < 4; by++) {
        ReportFilter f = {{now - 11, now}, 0, REPORT_ROLE_ALL, 3};
        Report r;
        VkError err;
        if (report_build_exact(s, &f, &r, &err) == 0) {
            report_write(&r, (ReportBy)by, REPORT_JSON, out, &err);
            report_free(&r);
        } else {
            fprintf(out, "error: %s\n", err.msg);
        }
    }
    fclose(out);
    return text;
}

static void check_totals_equal_rebuild(const char *owner_uri)
{
    VkError err;
    Store *owner = store_open(owner_uri, &err);
    CHECK(owner != NULL);
    if (!owner)
        return;
    char *live = tables(owner);
    CHECK(store_rebuild_report(owner, &err) == 0);
    char *rebuilt = tables(owner);
    CHECK_STR(live, rebuilt);
    CHECK(strstr(live, "error") == NULL);
    free(live);
    free(rebuilt);
    store_close(owner);
}

/* The owner's side: roles, units, the learner's login role. */
static char *prepare(const char *owner_uri)
{
    VkError err;
    Store *owner = store_open(owner_uri, &err);
    CHECK(owner != NULL);
    if (!owner)
        return NULL;
    static const UnitSeed units[] = {{"Org", -1}, {"Unit A", 0}};
    bool created;
    CHECK(store_seed_units(owner, units, 2, &created, &err) == 0);
    CHECK(store_init_roles(owner, &err) == 0);
    store_close(owner);
    PGconn *c = pg_test_connect(owner_uri);
    pg_test_exec(c, "CREATE ROLE rl_anna LOGIN PASSWORD 'pw-anna'");
    pg_test_exec(c, "GRANT vaksam_learner TO rl_anna");
    pg_test_exec(c, "CREATE ROLE rl_bea LOGIN PASSWORD 'pw-bea'");
    pg_test_exec(c, "GRANT vaksam_learner TO rl_bea");
    PQfinish(c);
    return pg_test_uri_as(owner_uri, "rl_anna", "pw-anna");
}

static Store *open_relay(const char *uri, const char *queue)
{
    VkError err;
    Store *s = store_relay_open(uri, queue, &err);
    if (!s)
        fprintf(stderr, "relay: %s\n", err.msg);
    return s;
}

static long long sign_in(Store *s)
{
    Learner le;
    VkError err;
    if (store_find_learner(s, store_login(s), &le, &err) == 1)
        return le.id;
    Unit *u;
    int n;
    CHECK(store_list_units(s, &u, &n, &err) == 0 && n == 2);
    CHECK(store_save_learner(s, store_login(s), n == 2 ? u[1].id : 1,
                             ROLE_MANAGER, &le, &err) == 0);
    free(u);
    return le.id;
}

/* Takes the relay's try at the server on until it ends: what
 * store_send_now then says (0 there, -1 not). Each call returns at once;
 * the pause between them only keeps the loop from spinning, and the bound
 * (a minute at least) is far beyond any try's end. */
static int settle(Store *s, VkError *err)
{
    int rc = store_send_now(s, err);
    for (int i = 0; rc == STORE_TRYING && i < 60000; i++) {
        usleep(1000);
        rc = store_send_now(s, err);
    }
    return rc;
}

/* Answers while the server is away wait, and arrive once it is back. */
static void test_away_and_back(const char *owner, const char *anna,
                               const char *queue, const Lesson *l)
{
    VkError err;
    Store *s = open_relay(anna, queue);
    CHECK(s != NULL);
    if (!s)
        return;
    long long who = sign_in(s);
    Session ses;
    CHECK(session_open(&ses, s, l, 1, who, "en", 0, &err) == 0);
    CHECK(session_continue(&ses, &err) == 0);
    CHECK(session_choose(&ses, 2, &err) == 0); /* reaches the server */
    CHECK_INT(server_count(owner, "SELECT count(*) FROM vaksam.answers"), 1);
    server("stop");
    CHECK(session_continue(&ses, &err) == 0);
    CHECK(session_continue(&ses, &err) == 0);
    CHECK(session_choose(&ses, 0, &err) == 0); /* into the queue */
    CHECK(session_continue(&ses, &err) == 0);  /* finished, queued too */
    CHECK_INT(ses.player.phase, PLAYER_SUMMARY);
    StoreQueueStatus st;
    CHECK(store_queue_status(s, &st, &err) == 0);
    CHECK(st.relayed && !st.reachable);
    CHECK_INT(st.waiting, 1);
    CHECK_CONTAINS(st.problem, "cannot");
    CHECK(settle(s, &err) < 0); /* still away */
    server("start");
    CHECK(settle(s, &err) == 0);
    CHECK(store_queue_status(s, &st, &err) == 0);
    CHECK(st.reachable);
    CHECK_INT(st.waiting, 0);
    CHECK_STR(st.problem, "");
    CHECK_INT(server_count(owner, "SELECT count(*) FROM vaksam.answers"), 2);
    CHECK_INT(server_count(owner, "SELECT count(DISTINCT uid) FROM "
                                  "vaksam.answers"),
              2);
    CHECK_INT(server_count(owner, "SELECT count(*) FROM vaksam.attempts "
                                  "WHERE finished_at IS NOT NULL"),
              1);
    CHECK_INT(server_count(owner, "SELECT count(*) FROM vaksam.completions"),
              1);
    store_close(s);
    /* everything sent again, as when the server's replies were lost */
    sqlite3 *db;
    sqlite3_open(queue, &db);
    CHECK(sqlite3_exec(db,
                       "UPDATE answers SET waiting = 1; "
                       "UPDATE attempts SET waiting = 1",
                       NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    s = open_relay(anna, queue);
    CHECK(s != NULL);
    CHECK(store_queue_status(s, &st, &err) == 0 && st.waiting == 0);
    store_close(s);
    CHECK_INT(server_count(owner, "SELECT count(*) FROM vaksam.answers"), 2);
    CHECK_INT(server_count(owner, "SELECT count(*) FROM vaksam.completions"),
              1);
    check_totals_equal_rebuild(owner);
}

/* A learner who moves desks goes on where they were, and the first
 * machine takes in what they did at the second. */
static void test_move_desks(const char *owner, const char *anna,
                            const char *queue_a, const char *queue_b,
                            const Lesson *l)
{
    VkError err;
    Store *a = open_relay(anna, queue_a);
    if (!a)
        return;
    long long who = sign_in(a);
    Session ses;
    CHECK(session_open(&ses, a, l, 1, who, "en", 0, &err) == 0); /* again */
    CHECK(session_continue(&ses, &err) == 0);
    CHECK(session_choose(&ses, 0, &err) == 0);
    CHECK(session_continue(&ses, &err) == 0);
    const char *at_a = player_scene(&ses.player)->id;
    char scene[64];
    snprintf(scene, sizeof scene, "%s", at_a);
    store_close(a);

    Store *b = open_relay(anna, queue_b);
    CHECK(b != NULL);
    if (!b)
        return;
    who = sign_in(b);
    CHECK(session_open(&ses, b, l, 1, who, "en", 0, &err) == 0);
    CHECK_INT(ses.player.decisions, 1);
    CHECK_STR(player_scene(&ses.player)->id, scene);
    CHECK(session_choose(&ses, 0, &err) == 0);
    CHECK(session_continue(&ses, &err) == 0);
    CHECK_INT(ses.player.phase, PLAYER_SUMMARY);
    store_close(b);
    CHECK_INT(server_count(owner, "SELECT count(*) FROM vaksam.answers"), 4);

    a = open_relay(anna, queue_a);
    CHECK(a != NULL);
    if (!a)
        return;
    CHECK_INT(query_int(queue_a, "SELECT count(*) FROM answers"), 4);
    LessonState state;
    int score;
    CHECK(session_status(a, sign_in(a), l, &state, &score, &err) == 0);
    CHECK_INT(state, LESSON_DONE);
    store_close(a);
    check_totals_equal_rebuild(owner);
}

static void test_refusals(const char *owner, const char *queue_a,
                          const char *queue_new)
{
    VkError err = {{0}};
    char *wrong = pg_test_uri_as(owner, "rl_anna", "pw-wrong");
    int before = query_int(queue_a, "SELECT count(*) FROM answers");
    CHECK(store_relay_open(wrong, queue_a, &err) == NULL);
    CHECK_CONTAINS(err.msg, "refused the login");
    CHECK_INT(query_int(queue_a, "SELECT count(*) FROM answers"), before);
    free(wrong);
    server("stop");
    char *anna = pg_test_uri_as(owner, "rl_anna", "pw-anna");
    CHECK(store_relay_open(anna, queue_new, &err) == NULL);
    CHECK_CONTAINS(err.msg, "has not been signed in");
    Store *s = open_relay(anna, queue_a); /* signed in before: goes on */
    CHECK(s != NULL);
    StoreQueueStatus st;
    CHECK(s && store_queue_status(s, &st, &err) == 0 && !st.reachable);
    store_close(s);
    free(anna);
    server("start");
}

/* rl_bea's answers on the server (SQL: count(*) or count(DISTINCT
 * a.uid)). */
static long long bea(const char *owner, const char *what)
{
    char *sql = xasprintf("SELECT %s FROM vaksam.answers a "
                          "JOIN vaksam.attempts t ON t.id = a.attempt_id "
                          "JOIN vaksam.learners l ON l.id = t.learner_id "
                          "WHERE l.login = 'rl_bea'",
                          what);
    long long n = server_count(owner, sql);
    free(sql);
    return n;
}

static int answer(Store *s, long long attempt, int seq)
{
    VkError err;
    char scene[16];
    snprintf(scene, sizeof scene, "s%d", seq);
    int rc = store_record_answer(s, attempt, seq, scene, 0,
                                 TOPIC_CONFIDENTIALITY, RESULT_CORRECT, &err);
    if (rc < 0)
        fprintf(stderr, "answer %d: %s\n", seq, err.msg);
    return rc;
}

/* While the server's host drops packets, answers and the window's
 * retries return with the connection still being made; then it answers
 * and the waiting answers arrive, each once. */
static void black_holed(const char *owner, PgProxy *px, Store *s,
                        long long attempt, const char *queue)
{
    VkError err;
    StoreQueueStatus st;
    pg_proxy_black_hole(px);
    CHECK(answer(s, attempt, 1) == 0); /* finds the connection gone */
    CHECK(store_queue_status(s, &st, &err) == 0);
    CHECK(!st.reachable && !st.connecting);
    CHECK_INT(store_send_now(s, &err), STORE_TRYING); /* the window's tick */
    CHECK(answer(s, attempt, 2) == 0); /* a step further, and back */
    for (int i = 0; i < 20; i++)
        CHECK_INT(store_send_now(s, &err), STORE_TRYING);
    CHECK(store_queue_status(s, &st, &err) == 0);
    CHECK(st.connecting && !st.reachable);
    CHECK_INT(st.waiting, 2);
    CHECK_INT(query_int(queue, "SELECT count(*) FROM answers"), 3);
    CHECK_INT(bea(owner, "count(*)"), 1);
    pg_proxy_start(px);
    CHECK_INT(settle(s, &err), 0);
    CHECK(store_queue_status(s, &st, &err) == 0);
    CHECK(st.reachable && !st.connecting);
    CHECK_INT(st.waiting, 0);
    CHECK_STR(st.problem, "");
    CHECK_INT(bea(owner, "count(*)"), 3);
    CHECK_INT(bea(owner, "count(DISTINCT a.uid)"), 3);
}

/* A try with no answer within connect_timeout ends, saying so, and the
 * learner goes on; what waits arrives at the next start. */
static void timed_out(const char *owner, PgProxy *px, const char *bea_uri,
                      long long attempt, const char *queue)
{
    VkError err;
    StoreQueueStatus st;
    pg_proxy_black_hole(px);
    char *soon = pg_proxy_uri(px, bea_uri, "connect_timeout=2");
    Store *s = open_relay(soon, queue); /* signed in here before: opens */
    CHECK(s != NULL);
    if (s) {
        CHECK(answer(s, attempt, 3) == 0);
        CHECK_INT(settle(s, &err), -1);
        CHECK_CONTAINS(err.msg, "cannot reach the database server");
        CHECK_CONTAINS(err.msg, "no answer within 2 seconds");
        CHECK(store_queue_status(s, &st, &err) == 0);
        CHECK(!st.reachable && !st.connecting);
        CHECK_INT(st.waiting, 1);
        CHECK_CONTAINS(st.problem, "no answer within 2 seconds");
        store_close(s);
    }
    free(soon);
    pg_proxy_start(px);
    char *uri = pg_proxy_uri(px, bea_uri, NULL);
    s = open_relay(uri, queue);
    CHECK(s && store_queue_status(s, &st, &err) == 0 && st.waiting == 0);
    store_close(s);
    free(uri);
    CHECK_INT(bea(owner, "count(*)"), 4);
    CHECK_INT(bea(owner, "count(DISTINCT a.uid)"), 4);
}

static void test_black_hole(const char *owner)
{
    PgProxy px;
    CHECK(pg_proxy_open(&px, owner));
    char *bea_uri = pg_test_uri_as(owner, "rl_bea", "pw-bea");
    /* no deadline of the relay's own here: a try lasts as TCP's does */
    char *uri =
        bea_uri ? pg_proxy_uri(&px, bea_uri, "connect_timeout=0") : NULL;
    char *queue = xasprintf("%s/hole.db", tmp);
    pg_proxy_start(&px);
    Store *s = uri ? open_relay(uri, queue) : NULL;
    CHECK(s != NULL);
    VkError err;
    long long attempt = 0;
    if (s &&
        store_start_attempt(s, sign_in(s), "fixture", 1, "course", "en", "", "",
                            &attempt, &err) == 0 &&
        answer(s, attempt, 0) == 0) {
        CHECK_INT(bea(owner, "count(*)"), 1);
        black_holed(owner, &px, s, attempt, queue);
        store_close(s);
        timed_out(owner, &px, bea_uri, attempt, queue);
    } else {
        CHECK(false);
        store_close(s);
    }
    pg_proxy_close(&px);
    free(queue);
    free(uri);
    free(bea_uri);
}

int main(void)
{
    i18n_init(VAKSAM_LOCALE_DIR);
    i18n_set_language("en");
    snprintf(dir, sizeof dir, "%s/pg-relay", BUILD_DIR);
    snprintf(tmp, sizeof tmp, "/tmp/vaksam-test-relay-XXXXXX");
    if (!mkdtemp(tmp) || !server("new"))
        return TEST_DONE();
    char *owner = admin_uri();
    char *anna = prepare(owner);
    char *qa = xasprintf("%s/a.db", tmp), *qb = xasprintf("%s/b.db", tmp);
    char *qn = xasprintf("%s/new.db", tmp);
    Lesson *l = fixture();
    if (anna && l) {
        test_away_and_back(owner, anna, qa, l);
        test_move_desks(owner, anna, qa, qb, l);
        test_refusals(owner, qa, qn);
        test_black_hole(owner);
    }
    lesson_free(l);
    server("remove");
    char *cmd = xasprintf("rm -rf '%s'", tmp);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmp);
    free(cmd);
    free(owner);
    free(anna);
    free(qa);
    free(qb);
    free(qn);
    return TEST_DONE();
}
