/*
 * bench_pg.c - many workstations against one PostgreSQL server.
 *
 *   bench_pg URI [--clients N] [--answers N] [--learners N] [--units N]
 *                [--months N] [--quizzes N] [--dashboard] [--plans]
 *
 * URI is a database the caller owns (it is filled if it has no units:
 * demo-data of --learners learners (5000), --units units (40), --months
 * months (12), --quizzes quizzes a learner takes in an active month (1;
 * 2 gives twice the answers from the same people)). First the dashboard
 * quiet: the organisation, a division and staff only, the median of 11
 * each; --plans then prints the server's plan of every statement behind
 * one (auto_explain, as a superuser); --dashboard stops there. N client
 * processes (default 50) each sign in as a learner of their own and
 * record --answers answers (default 200) as fast as the server takes
 * them, one transaction each, through the store, while this process
 * builds the full dashboard without pause. Prints the throughput, the
 * answers' latency (median, 95th and 99th percentile, worst), the
 * dashboard's time meanwhile and after, and checks that the server has
 * every answer once: the count before plus N x answers, and as many
 * distinct uids.
 *
 *   bench_pg URI --black-hole [--calls N]
 *
 * One workstation instead (store_relay_open, a queue file of its own)
 * reaching the server through a port that stops answering (../pg_proxy.h):
 * signed in (as the URI's user) and an answer sent while it answers, then
 * N times (default 5) an answer and the window's retry (store_send_now)
 * while the server is black-holed. Prints the longest each call took; then
 * the server answers again and every answer must arrive once.
 */
#include "demodata.h"
#include "i18n.h"
#include "lesson.h"
#include "report.h"
#include "store.h"

#include "../pg_proxy.h"
#include "clock.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static long long count(const char *uri, const char *sql)
{
    PGconn *c = PQconnectdb(uri);
    PGresult *r = PQexec(c, sql);
    long long n = PQresultStatus(r) == PGRES_TUPLES_OK
                      ? strtoll(PQgetvalue(r, 0, 0), NULL, 10)
                      : -1;
    PQclear(r);
    PQfinish(c);
    return n;
}

/* One workstation: its learner, its answers, each answer's time in ms
 * written to fd. */
static int client(const char *uri, int id, int answers, int fd)
{
    VkError err;
    Store *s = store_open(uri, &err);
    if (!s) {
        fprintf(stderr, "client %d: %s\n", id, err.msg);
        return 1;
    }
    Unit *u;
    int n;
    char login[32];
    snprintf(login, sizeof login, "bench-client-%d", id);
    Learner le;
    if (store_list_units(s, &u, &n, &err) < 0 || n < 2 ||
        store_save_learner(s, login, u[1 + id % (n - 1)].id, ROLE_STAFF, &le,
                           &err) < 0) {
        fprintf(stderr, "client %d: %s\n", id, err.msg);
        return 1;
    }
    free(u);
    long long attempt = 0;
    for (int i = 0; i < answers; i++) {
        if (i % 10 == 0 &&
            store_start_attempt(s, le.id, "quiz-ciso", 1, "quiz", "en", "", "",
                                &attempt, &err) < 0)
            break;
        char item[32];
        snprintf(item, sizeof item, "quiz-ciso/q%d", i % 40);
        double t0 = now_ms();
        if (store_record_answer(s, attempt, i % 10, item, i % 3,
                                (Topic)(i % TOPIC_COUNT), (Result)(i % 3),
                                &err) < 0) {
            fprintf(stderr, "client %d: %s\n", id, err.msg);
            store_close(s);
            return 1;
        }
        double ms = now_ms() - t0;
        if (write(fd, &ms, sizeof ms) != sizeof ms)
            break;
    }
    store_close(s);
    return 0;
}

typedef struct Size {
    int learners, units, months, quizzes;
} Size;

static int fill(const char *uri, const Size *z)
{
    VkError err;
    Store *s = store_open(uri, &err);
    if (!s) {
        fprintf(stderr, "bench_pg: %s\n", err.msg);
        return -1;
    }
    Unit *u;
    int n = 0;
    int rc = store_list_units(s, &u, &n, &err);
    free(u);
    if (rc == 0 && n == 0) {
        Diags d = {0};
        LessonSet course = {0}, pools = {0};
        lessonset_load_dir(&course, VAKSAM_LESSONS_DIR, &d);
        lessonset_take_quizzes(&course, &pools);
        DemoDataOptions o = {z->learners, z->units,  z->months, 1,
                             0,           &course,   &pools,    z->quizzes};
        DemoDataStats st;
        double t0 = now_ms();
        rc = demodata_fill(s, &o, &st, &err);
        if (rc == 0)
            printf("demo-data: %lld learners, %lld answers in %.1f s\n",
                   st.learners, st.answers, (now_ms() - t0) / 1e3);
        lessonset_free(&course);
        lessonset_free(&pools);
        diags_free(&d);
    }
    if (rc < 0)
        fprintf(stderr, "bench_pg: %s\n", err.msg);
    store_close(s);
    return rc;
}

static double dashboard_of(Store *s, long long unit, int role)
{
    int now = month_of_time(time(NULL));
    ReportFilter f = {{now - 11, now}, unit, role, 5};
    Report r;
    VkError err;
    double t0 = now_ms();
    if (report_build(s, &f, &r, &err) < 0) {
        fprintf(stderr, "bench_pg: %s\n", err.msg);
        return -1;
    }
    report_free(&r);
    return now_ms() - t0;
}

static double dashboard(Store *s)
{
    return dashboard_of(s, 0, REPORT_ROLE_ALL);
}

/* The median of 11 dashboards: the organisation, a division (the first
 * unit with units below it, after the top one), staff only. */
static void quiet_dashboards(Store *s)
{
    Unit *u;
    int n;
    VkError err;
    long long division = 0;
    if (store_list_units(s, &u, &n, &err) == 0) {
        for (int i = 1; i < n && !division; i++)
            if (i + 1 < n && u[i + 1].parent_id == u[i].id)
                division = u[i].id;
        free(u);
    }
    const struct {
        const char *what;
        long long unit;
        int role;
    } views[] = {{"organisation", 0, REPORT_ROLE_ALL},
                 {"one division", division, REPORT_ROLE_ALL},
                 {"staff only", 0, ROLE_STAFF}};
    for (size_t v = 0; v < sizeof views / sizeof *views; v++) {
        double t[11];
        for (int i = 0; i < 11; i++)
            t[i] = dashboard_of(s, views[v].unit, views[v].role);
        printf("full dashboard, last 12 months, quiet, %s: median %.1f ms\n",
               views[v].what, median(t, 11));
    }
}

static void print_notice(void *ctx, const char *msg)
{
    (void)ctx;
    fputs(msg, stdout);
}

/* The server's plan of every statement behind one dashboard, with its
 * buffers (auto_explain: the URI's user must be a superuser). */
static void plans(const char *uri)
{
    PGconn *c = PQconnectdb(uri);
    PQsetNoticeProcessor(c, print_notice, NULL);
    PGresult *r = PQexec(
        c, "LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; "
           "SET auto_explain.log_nested_statements = on; "
           "SET auto_explain.log_analyze = on; "
           "SET auto_explain.log_buffers = on; "
           "SET auto_explain.log_timing = on; SET client_min_messages = log");
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        printf("no plans: %s", PQerrorMessage(c));
    PQclear(r);
    int now = month_of_time(time(NULL));
    char sql[160];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM vaksam.report(%d, %d, 0, -1, 5)", now - 11,
             now);
    printf("\nthe server's plans of one dashboard (EXPLAIN ANALYZE, BUFFERS "
           "through auto_explain):\n");
    PQclear(PQexec(c, sql));
    PQfinish(c);
}

static void report_latency(double *t, int n, double seconds)
{
    if (n == 0)
        return;
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    printf("answers recorded: %d in %.1f s, %.0f answers/s\n", n, seconds,
           n / seconds);
    printf("answer latency: median %.2f ms, p95 %.2f ms, p99 %.2f ms, "
           "max %.2f ms\n",
           t[n / 2], t[n * 95 / 100], t[n * 99 / 100], t[n - 1]);
}

/* The learner the relay signs in as, in the organisation's last unit
 * (made when it has none); 0 on failure. */
static long long bench_learner(Store *s)
{
    VkError err;
    Learner le;
    if (store_find_learner(s, store_login(s), &le, &err) == 1)
        return le.id;
    Unit *u = NULL;
    int n = 0;
    if (store_list_units(s, &u, &n, &err) < 0 || n == 0 ||
        store_save_learner(s, store_login(s), u[n - 1].id, ROLE_STAFF, &le,
                           &err) < 0)
        le.id = 0, fprintf(stderr, "bench_pg: %s\n", n ? err.msg : "no units");
    free(u);
    return le.id;
}

static double slowest(double worst, double t0)
{
    double ms = now_ms() - t0;
    return ms > worst ? ms : worst;
}

/* N answers and retries while the server is black-holed (px), timed. */
static void while_away(Store *s, long long attempt, int calls, PgProxy *px)
{
    VkError err;
    double answer = 0, retry = 0;
    pg_proxy_black_hole(px);
    for (int i = 1; i <= calls; i++) {
        double t0 = now_ms();
        if (store_record_answer(s, attempt, i, "quiz-ciso/q1", 0,
                                TOPIC_CONFIDENTIALITY, RESULT_CORRECT,
                                &err) < 0)
            fprintf(stderr, "bench_pg: %s\n", err.msg);
        answer = slowest(answer, t0);
        t0 = now_ms();
        store_send_now(s, &err);
        retry = slowest(retry, t0);
    }
    printf("server black-holed, %d calls each: longest answer %.1f ms, "
           "longest retry %.1f ms\n",
           calls, answer, retry);
}

static int black_hole(const char *uri, int calls)
{
    VkError err;
    static const UnitSeed units[] = {{"Org", -1}, {"Unit", 0}};
    bool created;
    Store *owner = store_open(uri, &err);
    if (!owner || store_seed_units(owner, units, 2, &created, &err) < 0)
        return fprintf(stderr, "bench_pg: %s\n", err.msg), 1;
    store_close(owner);
    PgProxy px;
    char dir[] = "/tmp/vaksam-bench-XXXXXX";
    if (!mkdtemp(dir) || !pg_proxy_open(&px, uri))
        return 1;
    char *via = pg_proxy_uri(&px, uri, NULL), queue[64];
    snprintf(queue, sizeof queue, "%s/queue.db", dir);
    pg_proxy_start(&px);
    Store *s = via ? store_relay_open(via, queue, &err) : NULL;
    long long who = s ? bench_learner(s) : 0, attempt = 0;
    if (!who ||
        store_start_attempt(s, who, "quiz-ciso", 1, "quiz", "en", "", "",
                            &attempt, &err) < 0 ||
        store_record_answer(s, attempt, 0, "quiz-ciso/q0", 0,
                            TOPIC_CONFIDENTIALITY, RESULT_CORRECT, &err) < 0) {
        fprintf(stderr, "bench_pg: %s\n", s ? err.msg : "no relay");
        return 1;
    }
    long long before = count(uri, "SELECT count(*) FROM vaksam.answers");
    while_away(s, attempt, calls, &px);
    pg_proxy_start(&px);
    double t0 = now_ms();
    int rc;
    while ((rc = store_send_now(s, &err)) != 0 && now_ms() - t0 < 60e3)
        usleep(10000);
    long long after = count(uri, "SELECT count(*) FROM vaksam.answers");
    printf("back: sent in %.1f s; answers on the server %lld more (%d "
           "expected)\n",
           (now_ms() - t0) / 1e3, after - before, calls);
    store_close(s);
    pg_proxy_close(&px);
    unlink(queue);
    rmdir(dir);
    free(via);
    return rc != 0 || after - before != calls;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_pg URI [--clients N] [--answers N] "
                        "[--learners N] [--units N] [--months N] "
                        "[--quizzes N] [--dashboard] [--plans]\n"
                        "       bench_pg URI --black-hole [--calls N]\n");
        return 2;
    }
    const char *uri = argv[1];
    int clients = 50, answers = 200, calls = 5;
    Size z = {5000, 40, 12, 1};
    bool hole = false, only = false, want_plans = false;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--black-hole") == 0) {
            hole = true;
            continue;
        }
        if (strcmp(argv[i], "--dashboard") == 0) {
            only = true;
            continue;
        }
        if (strcmp(argv[i], "--plans") == 0) {
            want_plans = true;
            continue;
        }
        const char *opt = argv[i];
        int v = i + 1 < argc ? atoi(argv[++i]) : 0;
        if (strcmp(opt, "--clients") == 0)
            clients = v;
        else if (strcmp(opt, "--answers") == 0)
            answers = v;
        else if (strcmp(opt, "--learners") == 0)
            z.learners = v;
        else if (strcmp(opt, "--units") == 0)
            z.units = v;
        else if (strcmp(opt, "--months") == 0)
            z.months = v;
        else if (strcmp(opt, "--quizzes") == 0)
            z.quizzes = v;
        else if (strcmp(opt, "--calls") == 0)
            calls = v;
    }
    i18n_init(VAKSAM_LOCALE_DIR);
    if (hole)
        return black_hole(uri, calls);
    if (fill(uri, &z) < 0)
        return 1;
    VkError err;
    Store *s = store_open(uri, &err);
    if (!s)
        return fprintf(stderr, "bench_pg: %s\n", err.msg), 1;
    printf("answers on the server: %lld\n",
           count(uri, "SELECT count(*) FROM vaksam.answers"));
    quiet_dashboards(s);
    if (want_plans)
        plans(uri);
    if (only) {
        store_close(s);
        return 0;
    }
    long long before = count(uri, "SELECT count(*) FROM vaksam.answers");
    int fds[2];
    if (pipe(fds) < 0)
        return 1;
    double t0 = now_ms();
    for (int c = 0; c < clients; c++)
        if (fork() == 0) {
            close(fds[0]);
            /* the parent's connection is the parent's: not closed here */
            _exit(client(uri, c, answers, fds[1]));
        }
    close(fds[1]);
    /* the dashboard without pause while the answers come in */
    double *t = malloc((size_t)clients * (size_t)answers * sizeof *t);
    double busy[4096];
    int n = 0, nbusy = 0;
    FILE *in = fdopen(fds[0], "r");
    for (;;) {
        double d = nbusy < 4096 ? dashboard(s) : 0;
        if (nbusy < 4096 && d >= 0)
            busy[nbusy++] = d;
        /* take what the clients wrote meanwhile; stop when all are done */
        int got = 0;
        while (n < clients * answers && fread(&t[n], sizeof *t, 1, in) == 1) {
            n++;
            if (++got == 256)
                break;
        }
        if (got == 0)
            break;
    }
    double seconds = (now_ms() - t0) / 1e3;
    int failed = 0;
    for (int c = 0; c < clients; c++) {
        int status;
        wait(&status);
        failed += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    }
    report_latency(t, n, seconds);
    printf("full dashboard while they ran: median %.1f ms over %d builds\n",
           nbusy ? median(busy, nbusy) : 0.0, nbusy);
    long long after = count(uri, "SELECT count(*) FROM vaksam.answers");
    long long uids =
        count(uri, "SELECT count(DISTINCT uid) FROM vaksam.answers");
    printf("answers on the server: %lld before, %lld after (%lld expected), "
           "%lld distinct uids; clients failed: %d\n",
           before, after, before + (long long)clients * answers, uids, failed);
    fclose(in);
    free(t);
    store_close(s);
    return failed || after != before + (long long)clients * answers ||
           uids != after;
}
