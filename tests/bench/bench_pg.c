/*
 * bench_pg.c - many workstations against one PostgreSQL server.
 *
 *   bench_pg URI [--clients N] [--answers N] [--learners N]
 *
 * URI is a database the caller owns (it is filled if it has no units:
 * demo-data of --learners learners, 40 units, 12 months). N client
 * processes (default 50) each sign in as a learner of their own and
 * record --answers answers (default 200) as fast as the server takes
 * them, one transaction each, through the store, while this process
 * builds the full dashboard without pause. Prints the throughput, the
 * answers' latency (median, 95th and 99th percentile, worst), the
 * dashboard's time meanwhile and after, and checks that the server has
 * every answer once: the count before plus N x answers, and as many
 * distinct uids.
 */
#include "demodata.h"
#include "i18n.h"
#include "lesson.h"
#include "report.h"
#include "store.h"

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

static int fill(const char *uri, int learners)
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
        DemoDataOptions o = {learners, 40, 12, 1, 0, &course, &pools, 1};
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

static double dashboard(Store *s)
{
    int now = month_of_time(time(NULL));
    ReportFilter f = {{now - 11, now}, 0, REPORT_ROLE_ALL, 5};
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

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_pg URI [--clients N] [--answers N] "
                        "[--learners N]\n");
        return 2;
    }
    const char *uri = argv[1];
    int clients = 50, answers = 200, learners = 5000;
    for (int i = 2; i + 1 < argc; i += 2) {
        int v = atoi(argv[i + 1]);
        if (strcmp(argv[i], "--clients") == 0)
            clients = v;
        else if (strcmp(argv[i], "--answers") == 0)
            answers = v;
        else if (strcmp(argv[i], "--learners") == 0)
            learners = v;
    }
    i18n_init(VAKSAM_LOCALE_DIR);
    if (fill(uri, learners) < 0)
        return 1;
    VkError err;
    Store *s = store_open(uri, &err);
    if (!s)
        return fprintf(stderr, "bench_pg: %s\n", err.msg), 1;
    double quiet[11];
    for (int i = 0; i < 11; i++)
        quiet[i] = dashboard(s);
    printf("full dashboard, last 12 months, quiet: median %.1f ms\n",
           median(quiet, 11));
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
    long long uids = count(uri, "SELECT count(DISTINCT uid) FROM vaksam.answers");
    printf("answers on the server: %lld before, %lld after (%lld expected), "
           "%lld distinct uids; clients failed: %d\n",
           before, after, before + (long long)clients * answers, uids, failed);
    fclose(in);
    free(t);
    store_close(s);
    return failed || after != before + (long long)clients * answers ||
           uids != after;
}
