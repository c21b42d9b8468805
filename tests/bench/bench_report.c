/*
 * bench_report.c - the CISO's report at scale, in numbers (run on demand,
 * never in ctest; the README quotes its output).
 *
 *   build/tests/bench_report [--months N] [--org LEARNERS:UNITS]...
 *                            [--keep DIR] [--twice]
 *
 * Builds demo organisations (by default 50,000 learners in 200 units and
 * 100,000 learners in 2,000 units, both over 60 months: about 25 and 50
 * million answers) and prints, side by side, the full dashboard (every
 * panel, as the window builds it) for the last 12 months, the last
 * calendar year and 60 months, of the organisation and of one division; a
 * run of filter changes as the dashboard's buttons make them; the CSV
 * export; and answers recorded while another connection builds reports
 * without pause. --keep DIR keeps the databases in DIR and reuses them on
 * the next run (for work on the report; a reused one carries the answers
 * the last run recorded). --twice also builds the first organisation with
 * twice the answers and compares the dashboards.
 */
#include "demodata.h"
#include "report.h"
#include "session.h"

#include "clock.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what, const VkError *err)
{
    fprintf(stderr, "bench_report: %s: %s\n", what, err->msg);
    exit(1);
}

enum { ORGS_MAX = 4, VIEWS = 6, RUNS = 11, ANSWERS = 1000 };
enum { ANSWER_EVERY_US = 5000 };

typedef struct Setup {
    int months, quizzes;
    const char *keep; /* a folder to keep the databases in, or NULL */
    LessonSet *course, *pools;
} Setup;

/* What one organisation measured. */
typedef struct Org {
    int learners, units;
    char *path;
    double fill_s; /* demo-data, or -1 when reused */
    long long answers, cells, items;
    double view_med[VIEWS], view_p95[VIEWS];
    double change_med, change_max; /* no cache */
    double cached_med, cached_max; /* the window's cache */
    double csv_med;
    double ans_med, ans_p99, ans_max;
    int reports; /* built while the answers were recorded */
} Org;

static const char *const view_names[VIEWS] = {
    "full dashboard, last 12 months",   "full dashboard, last calendar year",
    "full dashboard, 12 months to m-4", "full dashboard, 60 months",
    "one division, last 12 months",     "one division, 60 months",
};
enum { VIEW_60 = 3, VIEW_DIVISION = 4 };

static int now_month(void)
{
    return month_of_time(time(NULL));
}

/* The filter of view i: the organisation or its first division; last-12,
 * the last calendar year, the 12 months to four months ago (last-12 as
 * asked in a month that ends no quarter, whatever month it is now), or
 * 60 months; the last two given as Periods directly. */
static ReportFilter view_filter(Store *s, int i)
{
    ReportFilter f = {.role = REPORT_ROLE_ALL, .k = REPORT_K_DEFAULT};
    int now = now_month();
    f.period = (Period){now - 11, now};
    if (i == 1)
        f.period = (Period){now / 12 * 12 - 12, now / 12 * 12 - 1};
    if (i == 2) {
        int end = now - 4;
        end -= end % 3 == 2 ? 1 : 0; /* not a quarter's last month */
        f.period = (Period){end - 11, end};
    }
    if (i == VIEW_60 || i == VIEW_DIVISION + 1)
        f.period = (Period){now - 59, now};
    if (i >= VIEW_DIVISION) {
        Unit *u;
        int n;
        VkError err;
        if (store_list_units(s, &u, &n, &err) < 0)
            die("units", &err);
        for (int j = 0; j < n; j++)
            if (strcmp(u[j].name, "Division 1") == 0)
                f.unit_id = u[j].id;
        free(u);
    }
    return f;
}

static char *make_db(const Setup *su, Org *o, const char *tag)
{
    char *path =
        su->keep ? xasprintf("%s/bench-%d-%d-%d-%d.db", su->keep, o->learners,
                             o->units, su->months, su->quizzes)
                 : xasprintf("/tmp/vaksam-bench-%d-%s.db", (int)getpid(), tag);
    struct stat st;
    o->fill_s = -1;
    if (su->keep && stat(path, &st) == 0)
        return path;
    VkError err;
    Store *s = store_open(path, &err);
    if (!s)
        die("open", &err);
    DemoDataOptions opt = {o->learners, o->units,   su->months, 42,
                           0,           su->course, su->pools,  su->quizzes};
    DemoDataStats stats;
    double t0 = now_ms();
    if (demodata_fill(s, &opt, &stats, &err) < 0)
        die("demo-data", &err);
    o->fill_s = (now_ms() - t0) / 1000;
    o->answers = stats.answers;
    store_close(s);
    return path;
}

/* Rows behind a 60-month report: rollup cells and per-decision counts. */
static void count_rows(Org *o)
{
    sqlite3 *db;
    if (sqlite3_open_v2(o->path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        return;
    int first = now_month() - 59;
    char *sql = xasprintf("SELECT (SELECT count(*) FROM rollup WHERE month "
                          ">= %d), (SELECT count(*) FROM item_months WHERE "
                          "month >= %d), (SELECT count(*) FROM answers)",
                          first, first);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        o->cells = sqlite3_column_int64(st, 0);
        o->items = sqlite3_column_int64(st, 1);
        o->answers = sqlite3_column_int64(st, 2);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    free(sql);
}

/* The median and 95th percentile of RUNS builds of each view. */
static void time_views(Org *o)
{
    VkError err;
    Store *s = store_open(o->path, &err);
    if (!s)
        die("open", &err);
    for (int v = 0; v < VIEWS; v++) {
        ReportFilter f = view_filter(s, v);
        double t[RUNS];
        for (int i = 0; i < RUNS; i++) {
            Report r;
            double t0 = now_ms();
            if (report_build(s, &f, &r, &err) < 0)
                die("report", &err);
            t[i] = now_ms() - t0;
            report_free(&r);
        }
        o->view_med[v] = median(t, RUNS);
        o->view_p95[v] = t[RUNS * 95 / 100];
    }
    store_close(s);
}

/* The dashboard's buttons pressed in turn, as the window does: the role
 * (managers, staff, all), the period (last 3, last 12, this year, last
 * year) and a division and back, with no answer between. Without a
 * cache every press builds the report afresh; with one, as the window
 * keeps it, the dashboard opened on the last 12 months and read the other
 * period presets into it first (app_ciso.c). */
static void filter_changes(Org *o, bool cached, double *med, double *max)
{
    VkError err;
    Store *s = store_open(o->path, &err);
    if (!s)
        die("open", &err);
    ReportCache *c = report_cache_new();
    ReportFilter f = view_filter(s, 0),
                 division = view_filter(s, VIEW_DIVISION);
    int now = now_month(), year = now / 12 * 12;
    Period presets[4] = {
        {now - 2, now}, {now - 11, now}, {year, now}, {year - 12, year - 1}};
    for (int p = 0; p < 4; p++) { /* the dashboard opened */
        Report r;
        f.period = presets[(p + 1) % 4];
        if ((cached ? report_build_cached(s, c, &f, &r, &err)
                    : report_build(s, &f, &r, &err)) < 0)
            die("report", &err);
        report_free(&r);
    }
    f.period = presets[1];
    double t[3 * 10];
    int n = 0;
    for (int round = 0; round < 3; round++)
        for (int step = 0; step < 10; step++) {
            if (step < 3)
                f.role = step < 2 ? step : REPORT_ROLE_ALL;
            else if (step < 7)
                f.period = presets[step - 3];
            else
                f.unit_id = step == 8 ? division.unit_id : 0;
            Report r;
            double t0 = now_ms();
            if ((cached ? report_build_cached(s, c, &f, &r, &err)
                        : report_build(s, &f, &r, &err)) < 0)
                die("report", &err);
            t[n++] = now_ms() - t0;
            report_free(&r);
        }
    *med = median(t, n);
    *max = t[n - 1];
    report_cache_free(c);
    store_close(s);
}

static void csv_export(Org *o)
{
    VkError err;
    Store *s = store_open(o->path, &err);
    if (!s)
        die("open", &err);
    ReportFilter f = view_filter(s, 0);
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
    o->csv_med = median(t, 5);
    store_close(s);
}

typedef struct Busy {
    const char *path;
    atomic_int stop;
    int reports;
} Busy;

/* Full dashboards without pause, the last 12 months and 60 months in
 * turn. */
static void *reports_loop(void *arg)
{
    Busy *b = arg;
    VkError err;
    Store *s = store_open(b->path, &err);
    if (!s)
        return NULL;
    ReportFilter f[2] = {view_filter(s, 0), view_filter(s, VIEW_60)};
    while (!atomic_load(&b->stop)) {
        Report r;
        if (report_build(s, &f[b->reports % 2], &r, &err) == 0)
            b->reports++;
        report_free(&r);
    }
    store_close(s);
    return NULL;
}

/* The first second of next month, less an hour: after every demo answer
 * (their days go up to the 28th), so the answers recorded are ordinary
 * ones, not late ones that replay the learner's history. */
static long long after_demo(void)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    tm.tm_mday = 1;
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_mon++;
    return (long long)timegm(&tm) - 3600;
}

/* A learner with no answers after the demo's (an earlier run's on a kept
 * database), so that every run's learner has a demo learner's history. */
static void pick_learner(const char *path, long long after, char *login,
                         size_t n)
{
    char since[32];
    time_t t = (time_t)after;
    strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
    sqlite3 *db;
    sqlite3_stmt *st = NULL;
    snprintf(login, n, "learner000001");
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db,
                           "SELECT l.login FROM learners l WHERE NOT EXISTS "
                           "(SELECT 1 FROM attempts t JOIN answers a ON "
                           "a.attempt_id = t.id WHERE t.learner_id = l.id "
                           "AND a.answered_at >= ?) ORDER BY l.id LIMIT 1",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, since, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            snprintf(login, n, "%s", (const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* One answer at a time by a learner of the organisation, while another
 * connection builds reports without pause. */
static void answer_while_reporting(Org *o, const Lesson *l)
{
    VkError err;
    Store *s = store_open(o->path, &err);
    if (!s)
        die("open", &err);
    long long clock = after_demo();
    char login[64];
    pick_learner(o->path, clock, login, sizeof login);
    Learner who;
    if (store_find_learner(s, login, &who, &err) != 1)
        die("learner", &err);
    Busy b = {.path = o->path};
    pthread_t th;
    pthread_create(&th, NULL, reports_loop, &b);
    usleep(200 * 1000);
    double *t = xcalloc(ANSWERS, sizeof *t);
    int n = 0;
    while (n < ANSWERS) {
        Session ses;
        store_set_clock(s, clock + n);
        if (session_open(&ses, s, l, 8, who.id, "en", 0, &err) < 0)
            die("session", &err);
        while (n < ANSWERS && ses.player.phase != PLAYER_SUMMARY) {
            const Scene *sc = player_scene(&ses.player);
            store_set_clock(s, clock + n);
            double t0 = now_ms();
            if (scene_is_decision(sc) && ses.player.phase == PLAYER_SCENE) {
                if (session_choose(&ses, 0, &err) < 0)
                    die("answer", &err);
                t[n++] = now_ms() - t0;
                usleep(ANSWER_EVERY_US); /* the reports go on meanwhile */
            }
            if (session_continue(&ses, &err) < 0)
                die("continue", &err);
        }
    }
    atomic_store(&b.stop, 1);
    pthread_join(th, NULL);
    qsort(t, ANSWERS, sizeof *t, cmp_double);
    o->ans_med = t[ANSWERS / 2];
    o->ans_p99 = t[ANSWERS * 99 / 100];
    o->ans_max = t[ANSWERS - 1];
    o->reports = b.reports;
    free(t);
    store_close(s);
}

static void remove_db(const char *p)
{
    char *wal = xasprintf("%s-wal", p), *shm = xasprintf("%s-shm", p);
    unlink(p);
    unlink(wal);
    unlink(shm);
    free(wal);
    free(shm);
}

static void print_orgs(const Org *o, int n, int months)
{
    printf("\n%-40s", "");
    for (int i = 0; i < n; i++)
        printf(" | %7d learners %5d units", o[i].learners, o[i].units);
    printf("\n%-40s", "demo-data, answers (s)");
    for (int i = 0; i < n; i++)
        printf(" | %9lld in %5.1f s%s", o[i].answers, o[i].fill_s,
               o[i].fill_s < 0 ? " (reused)" : "         ");
    printf("\n%-40s", "rows in 60 months: cells, per-decision");
    for (int i = 0; i < n; i++)
        printf(" | %9lld, %10lld    ", o[i].cells, o[i].items);
    printf("\n%-40s", "(ms)");
    for (int i = 0; i < n; i++)
        printf(" | %10s %10s      ", "median", "p95");
    for (int v = 0; v < VIEWS; v++) {
        printf("\n%-40s", view_names[v]);
        for (int i = 0; i < n; i++)
            printf(" | %10.2f %10.2f      ", o[i].view_med[v],
                   o[i].view_p95[v]);
    }
    printf("\n%-40s", "filter change, no cache: median, max");
    for (int i = 0; i < n; i++)
        printf(" | %10.2f %10.2f      ", o[i].change_med, o[i].change_max);
    printf("\n%-40s", "filter change, cached: median, max");
    for (int i = 0; i < n; i++)
        printf(" | %10.2f %10.2f      ", o[i].cached_med, o[i].cached_max);
    printf("\n%-40s", "CSV export, every table: median");
    for (int i = 0; i < n; i++)
        printf(" | %10.2f %17s", o[i].csv_med, "");
    printf("\n%-40s", "answer while reports run: median, p99");
    for (int i = 0; i < n; i++)
        printf(" | %10.2f %10.2f      ", o[i].ans_med, o[i].ans_p99);
    printf("\n%-40s", "  max; reports built meanwhile");
    for (int i = 0; i < n; i++)
        printf(" | %10.2f %10d      ", o[i].ans_max, o[i].reports);
    printf("\n(data over %d months; filter changes: 30 presses of the role, "
           "period and unit buttons;\n %d answers, each the learner's latest, "
           "one every %d ms)\n",
           months, ANSWERS, ANSWER_EVERY_US / 1000);
}

/* Twice the answers from the same people: the dashboard's time should
 * not follow the number of answers. */
static void twice(Setup *su, Org *one)
{
    Org two = *one;
    su->quizzes = 2;
    two.path = make_db(su, &two, "2x");
    su->quizzes = 1;
    count_rows(&two);
    printf("\ndemo-data with twice the quizzes: %lld answers in %.1f s\n",
           two.answers, two.fill_s);
    double t1[11], t2[11];
    for (int i = 0; i < 11; i++) { /* in turns: the machine's mood alike */
        time_views(one);
        time_views(&two);
        t1[i] = one->view_med[0];
        t2[i] = two.view_med[0];
    }
    double d1 = median(t1, 11), d2 = median(t2, 11);
    printf("full dashboard, in turns: 1x %.2f ms, 2x %.2f ms, ratio %.2f\n", d1,
           d2, d2 / d1);
    if (!su->keep)
        remove_db(two.path);
    free(two.path);
}

static int parse_args(int argc, char **argv, Setup *su, Org *orgs)
{
    int n = 0;
    bool want_twice = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--months") == 0 && i + 1 < argc)
            su->months = atoi(argv[++i]);
        else if (strcmp(argv[i], "--org") == 0 && i + 1 < argc &&
                 n < ORGS_MAX &&
                 sscanf(argv[++i], "%d:%d", &orgs[n].learners,
                        &orgs[n].units) == 2)
            n++;
        else if (strcmp(argv[i], "--keep") == 0 && i + 1 < argc)
            su->keep = argv[++i];
        else if (strcmp(argv[i], "--twice") == 0)
            want_twice = true;
        else {
            fprintf(stderr, "usage: bench_report [--months N] "
                            "[--org LEARNERS:UNITS]... [--keep DIR] "
                            "[--twice]\n");
            exit(2);
        }
    }
    if (n == 0) {
        orgs[n++] = (Org){.learners = 50000, .units = 200};
        orgs[n++] = (Org){.learners = 100000, .units = 2000};
    }
    return want_twice ? -n : n;
}

int main(int argc, char **argv)
{
    Setup su = {60, 1, NULL, NULL, NULL};
    Org orgs[ORGS_MAX] = {0};
    int n = parse_args(argc, argv, &su, orgs);
    bool want_twice = n < 0;
    n = abs(n);
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
    for (int i = 0; i < n; i++) {
        char tag[16];
        snprintf(tag, sizeof tag, "org%d", i);
        orgs[i].path = make_db(&su, &orgs[i], tag);
        count_rows(&orgs[i]);
        if (i == 0) {
            VkError err;
            Store *s = store_open(orgs[i].path, &err);
            if (!s)
                die("open", &err);
            printf("Query plans:\n");
            store_explain_report(s, stdout, &err);
            store_explain_spans(s, stdout, &err);
            store_close(s);
        }
        time_views(&orgs[i]);
        filter_changes(&orgs[i], false, &orgs[i].change_med,
                       &orgs[i].change_max);
        filter_changes(&orgs[i], true, &orgs[i].cached_med,
                       &orgs[i].cached_max);
        csv_export(&orgs[i]);
        answer_while_reporting(&orgs[i], course.items[0]);
        fprintf(stderr, "bench_report: %d learners, %d units measured\n",
                orgs[i].learners, orgs[i].units);
    }
    print_orgs(orgs, n, su.months);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak RSS                                 %7.1f MiB\n",
           ru.ru_maxrss / 1024.0);
    if (want_twice)
        twice(&su, &orgs[0]);
    for (int i = 0; i < n; i++) {
        if (!su.keep)
            remove_db(orgs[i].path);
        free(orgs[i].path);
    }
    lessonset_free(&course);
    lessonset_free(&pools);
    return 0;
}
