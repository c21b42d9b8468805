/*
 * bench_report.c - the CISO's report at scale, in numbers (run on demand,
 * never in ctest; the README quotes its output).
 *
 *   build/tests/bench_report [LEARNERS [UNITS [MONTHS]]]
 *
 * Builds a demo organisation (default 50,000 learners, 200 units, 24
 * months: about 10 million answers) in a temporary database, then times
 * the full dashboard, the CSV export and one answer recorded while reports
 * run; then builds the same organisation with twice the answers and prints
 * the ratio of the dashboard's times. Prints every report query's plan.
 */
#include "demodata.h"
#include "report.h"
#include "session.h"

#include "clock.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what, const VkError *err)
{
    fprintf(stderr, "bench_report: %s: %s\n", what, err->msg);
    exit(1);
}

typedef struct Setup {
    int learners, units, months, quizzes;
    LessonSet *course, *pools;
} Setup;

static char *make_db(const Setup *su, const char *tag, double *ms,
                     DemoDataStats *st)
{
    char *path = xasprintf("/tmp/vaksam-bench-%d-%s.db", (int)getpid(), tag);
    VkError err;
    Store *s = store_open(path, &err);
    if (!s)
        die("open", &err);
    DemoDataOptions o = {su->learners, su->units, su->months, 42, 0,
                         su->course,   su->pools, su->quizzes};
    double t0 = now_ms();
    if (demodata_fill(s, &o, st, &err) < 0)
        die("demo-data", &err);
    *ms = now_ms() - t0;
    store_close(s);
    return path;
}

/* The median time to build the whole dashboard for the last 12 months, of
 * the organisation or of its first division (about a quarter of it). */
static double dashboard_ms(const char *path, int runs, bool division)
{
    VkError err;
    Store *s = store_open(path, &err);
    if (!s)
        die("open", &err);
    ReportFilter f = {.role = REPORT_ROLE_ALL, .k = REPORT_K_DEFAULT};
    if (division) {
        Unit *u;
        int n;
        if (store_list_units(s, &u, &n, &err) < 0)
            die("units", &err);
        for (int i = 0; i < n; i++)
            if (strcmp(u[i].name, "Division 1") == 0)
                f.unit_id = u[i].id;
        free(u);
    }
    period_parse("last-12", month_of_time(time(NULL)), &f.period, &err);
    double *t = xcalloc((size_t)runs, sizeof *t);
    for (int i = 0; i < runs; i++) {
        Report r;
        double t0 = now_ms();
        if (report_build(s, &f, &r, &err) < 0)
            die("report", &err);
        t[i] = now_ms() - t0;
        report_free(&r);
    }
    double m = median(t, runs);
    free(t);
    store_close(s);
    return m;
}

typedef struct Busy {
    const char *path;
    atomic_int stop;
    int reports;
} Busy;

static void *reports_loop(void *arg)
{
    Busy *b = arg;
    VkError err;
    Store *s = store_open(b->path, &err);
    if (!s)
        return NULL;
    ReportFilter f = {.role = REPORT_ROLE_ALL, .k = REPORT_K_DEFAULT};
    period_parse("last-24", month_of_time(time(NULL)), &f.period, &err);
    while (!atomic_load(&b->stop)) {
        Report r;
        if (report_build(s, &f, &r, &err) == 0)
            b->reports++;
        report_free(&r);
    }
    store_close(s);
    return NULL;
}

/* One answer at a time by a learner of the organisation, while another
 * connection builds reports without pause. */
static void answer_while_reporting(const char *path, const Lesson *l, int runs)
{
    VkError err;
    Store *s = store_open(path, &err);
    if (!s)
        die("open", &err);
    Learner who;
    if (store_find_learner(s, "learner000001", &who, &err) != 1)
        die("learner", &err);
    Busy b = {.path = path};
    pthread_t th;
    pthread_create(&th, NULL, reports_loop, &b);
    usleep(200 * 1000);
    double *t = xcalloc((size_t)runs, sizeof *t);
    int n = 0;
    while (n < runs) {
        Session ses;
        if (session_open(&ses, s, l, 8, who.id, "en", &err) < 0)
            die("session", &err);
        while (n < runs && ses.player.phase != PLAYER_SUMMARY) {
            const Scene *sc = player_scene(&ses.player);
            double t0 = now_ms();
            if (scene_is_decision(sc) && ses.player.phase == PLAYER_SCENE) {
                if (session_choose(&ses, 0, &err) < 0)
                    die("answer", &err);
                t[n++] = now_ms() - t0;
            }
            if (session_continue(&ses, &err) < 0)
                die("continue", &err);
        }
    }
    atomic_store(&b.stop, 1);
    pthread_join(th, NULL);
    qsort(t, (size_t)runs, sizeof *t, cmp_double);
    printf("answer recorded while reports run      median %7.2f ms   "
           "max %7.2f ms   (%d answers, %d reports meanwhile)\n",
           t[runs / 2], t[runs - 1], runs, b.reports);
    free(t);
    store_close(s);
}

static void csv_export(const char *path)
{
    VkError err;
    Store *s = store_open(path, &err);
    if (!s)
        die("open", &err);
    ReportFilter f = {.role = REPORT_ROLE_ALL, .k = REPORT_K_DEFAULT};
    period_parse("last-12", month_of_time(time(NULL)), &f.period, &err);
    FILE *out = fopen("/dev/null", "w");
    double t[5];
    for (int i = 0; i < 5; i++) {
        double t0 = now_ms();
        Report r;
        if (report_build(s, &f, &r, &err) < 0)
            die("report", &err);
        for (int by = 0; by < 4; by++)
            report_write(&r, (ReportBy)by, REPORT_CSV, out, &err);
        report_free(&r);
        t[i] = now_ms() - t0;
    }
    fclose(out);
    printf("CSV export (every table)               median %7.2f ms\n",
           median(t, 5));
    store_close(s);
}

int main(int argc, char **argv)
{
    Setup su = {50000, 200, 24, 1, NULL, NULL};
    if (argc > 1)
        su.learners = atoi(argv[1]);
    if (argc > 2)
        su.units = atoi(argv[2]);
    if (argc > 3)
        su.months = atoi(argv[3]);
    Diags d = {0};
    LessonSet course = {0}, pools = {0};
    lessonset_load_dir(&course, VAKSAM_LESSONS_DIR, &d);
    lessonset_take_quizzes(&course, &pools);
    if (d.count || !course.count) {
        fprintf(stderr, "bench_report: cannot load the lessons\n");
        return 1;
    }
    su.course = &course;
    su.pools = &pools;
    double ms;
    DemoDataStats st;
    char *one = make_db(&su, "1x", &ms, &st);
    printf("demo-data %d learners, %d units, %d months: %lld answers in "
           "%.1f s\n",
           su.learners, su.units, su.months, st.answers, ms / 1000);
    VkError err;
    Store *s = store_open(one, &err);
    if (!s)
        die("open", &err);
    printf("\nQuery plans:\n");
    store_explain_report(s, stdout, &err);
    store_close(s);
    double dash1 = dashboard_ms(one, 21, false);
    printf("\nfull dashboard (every panel), 1x       median %7.2f ms\n", dash1);
    printf("  the same for one division              median %7.2f ms\n",
           dashboard_ms(one, 21, true));
    csv_export(one);
    answer_while_reporting(one, course.items[0], 200);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak RSS so far                        %7.1f MiB\n",
           ru.ru_maxrss / 1024.0);

    su.quizzes = 2;
    char *two = make_db(&su, "2x", &ms, &st);
    printf("\ndemo-data with twice the quizzes: %lld answers in %.1f s\n",
           st.answers, ms / 1000);
    /* measured in turns, so that the machine's mood weighs on both alike */
    double t1[11], t2[11];
    for (int i = 0; i < 11; i++) {
        t1[i] = dashboard_ms(one, 5, false);
        t2[i] = dashboard_ms(two, 5, false);
    }
    dash1 = median(t1, 11);
    double dash2 = median(t2, 11);
    printf("full dashboard, in turns: 1x %.2f ms, 2x %.2f ms\n", dash1, dash2);
    printf("ratio 2x / 1x answers                  %7.2f\n", dash2 / dash1);
    for (const char *p = one; p; p = p == one ? two : NULL) {
        char *wal = xasprintf("%s-wal", p), *shm = xasprintf("%s-shm", p);
        unlink(p);
        unlink(wal);
        unlink(shm);
        free(wal);
        free(shm);
    }
    free(one);
    free(two);
    lessonset_free(&course);
    lessonset_free(&pools);
    return 0;
}
