/*
 * test_rollup.c - the report's running totals (rollup.c) when answers and
 * completions arrive out of time order: a clock put back, or a late
 * delivery (an answer earlier than the learner's latest answer to the same
 * decision, or than their latest activity in a topic). After each
 * sequence, for every period within the months used, every unit and every
 * role, the totals' figures equal the brute-force reading of the stored
 * answers (report_oracle.h), the report shows the same, and the live
 * totals equal those rebuilt from the answers in time order.
 *
 * It runs on either backend (test_place.h; the argument says which):
 * core.rollup on SQLite, pg.rollup on PostgreSQL, where the database's
 * time zone is put far from UTC, as a server's may be, and the months
 * must still be UTC's. First it checks the oracle itself against counts
 * of the stored rows made without it, so that a wrong reading of
 * PostgreSQL's times cannot pass as agreement.
 */
#include "i18n.h"
#include "report.h"
#include "report_exact.h"

#include "../report_oracle.h"
#include "../report_totals.h"
#include "../test.h"
#include "../test_place.h"

#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static int dbs;

/* A fresh database with the units North, South and West under Org. */
typedef struct Org {
    Store *s;
    char *path;
    long long unit[3];
} Org;

/* PostgreSQL: the time zone of the database's sessions (the store's and
 * the oracle's), 14 hours from UTC, so that a month read in the session's
 * time zone instead of UTC's is wrong for an answer late on a month's
 * last day. */
static void far_time_zone(const char *place)
{
    char *name = pg_test_db_name(place);
    PGconn *c = name ? pg_test_connect(place) : NULL;
    if (c) {
        char *sql = xasprintf("ALTER DATABASE %s SET TimeZone = "
                              "'Pacific/Kiritimati'",
                              name);
        CHECK(pg_test_exec(c, sql));
        free(sql);
    }
    PQfinish(c);
    free(name);
}

static Org org_new(void)
{
    Org o = {0};
    char name[16];
    snprintf(name, sizeof name, "r%d", ++dbs);
    o.path = place_new(name);
    if (place_pg)
        far_time_zone(o.path);
    VkError err;
    o.s = store_open(o.path, &err);
    if (!o.s) {
        fprintf(stderr, "%s\n", err.msg);
        exit(1);
    }
    bool made;
    UnitSeed seed[] = {{"Org", -1}, {"North", 0}, {"South", 0}, {"West", 0}};
    CHECK(store_seed_units(o.s, seed, 4, &made, &err) == 0);
    o.unit[0] = unit_id(o.s, "North");
    o.unit[1] = unit_id(o.s, "South");
    o.unit[2] = unit_id(o.s, "West");
    return o;
}

static void org_free(Org *o)
{
    store_close(o->s);
    place_drop(o->path);
}

/* A quiz finished at a given time: a completion (that counts for staff). */
static void finish_quiz(Store *s, long long who, long long when)
{
    VkError err;
    long long attempt;
    store_set_clock(s, when);
    CHECK(store_start_attempt(s, who, "quiz", 1, "quiz", "en", "", "", &attempt,
                              &err) == 0);
    CHECK(store_finish_attempt(s, attempt, 0, 20, 0, &err) == 0);
}

/* A course of one lesson finished at a given time, with one answer in it:
 * a completion that counts for managers. */
static void finish_course(Store *s, long long who, const char *scene, Topic t,
                          Result r, long long when)
{
    VkError err;
    long long attempt;
    store_set_clock(s, when);
    CHECK(store_start_attempt(s, who, "lead", 1, "course", "en", "", "",
                              &attempt, &err) == 0);
    CHECK(store_record_answer(s, attempt, 0, scene, (int)r, t, r, &err) == 0);
    CHECK(store_finish_attempt(s, attempt, 2, 2, 1, &err) == 0);
}

/* ---- the totals against the oracle ---- */

typedef struct Cell {
    RollKey k;
    int v[ROLL_COLS];
} Cell;

typedef struct Cells {
    Cell *c;
    int n, cap;
} Cells;

static void on_cell(void *ctx, const RollKey *k, const int *v)
{
    Cells *cs = ctx;
    if (cs->n == cs->cap) {
        cs->cap = cs->cap ? 2 * cs->cap : 64;
        cs->c = xrealloc(cs->c, (size_t)cs->cap * sizeof *cs->c);
    }
    cs->c[cs->n].k = *k;
    memcpy(cs->c[cs->n].v, v, sizeof cs->c[cs->n].v);
    cs->n++;
}

/* The totals of a unit (0: all) and role (-1: both) for p, by the rule of
 * rollup.h: a cell counts when a <= month <= b and (next == 0 or next > b). */
static void sum_cells(const Cells *cs, Period p, long long unit, int role,
                      long long *v)
{
    memset(v, 0, ROLL_COLS * sizeof *v);
    for (int i = 0; i < cs->n; i++) {
        const RollKey *k = &cs->c[i].k;
        if (k->month < p.first || k->month > p.last ||
            (k->next != 0 && k->next <= p.last) || (unit && k->unit != unit) ||
            (role >= 0 && k->role != role))
            continue;
        for (int c = 0; c < ROLL_COLS; c++)
            v[c] += cs->c[i].v[c];
    }
}

/* The months that answers and completions fall in, oldest first: every
 * period is equivalent, for the totals, to one whose ends are among them. */
static int months_used(const char *place, int *out, int max)
{
    TestSql *db = tsql_open(place);
    TestSqlStmt *st = tsql_prepare(db, "SELECT substr(answered_at, 1, 7) AS m "
                                       "FROM answers UNION SELECT "
                                       "substr(completed_at, 1, 7) FROM "
                                       "completions ORDER BY 1");
    int n = 0;
    while (n < max && tsql_step(st) > 0) {
        int y, m;
        if (sscanf(tsql_text(st, 0), "%d-%d", &y, &m) == 2)
            out[n++] = y * 12 + m - 1;
    }
    tsql_finalize(st);
    tsql_close(db);
    return n;
}

static int cell_failures, total_failures, periods_checked;

static void differ(const char *what, const char *figure, Period p,
                   long long unit, int role, long long got, long long want)
{
    if (cell_failures++ < 12)
        fprintf(stderr,
                "%s: %s of unit %lld role %d in %d..%d is %lld, the answers "
                "say %lld\n",
                what, figure, unit, role, p.first - JAN, p.last - JAN, got,
                want);
}

/* One unit and role in one period: the totals against the oracle. */
static void check_cells(Oracle *orc, const Cells *cs, Period p, long long unit,
                        int role, const char *what)
{
    Truth t = oracle_truth(orc, p, unit, role);
    long long v[ROLL_COLS];
    sum_cells(cs, p, unit, role, v);
    for (int k = 0; k < TOPIC_COUNT; k++) {
        if (v[ROLL_CREDIT + k] != t.credit[k])
            differ(what, "credit", p, unit, role, v[ROLL_CREDIT + k],
                   t.credit[k]);
        if (v[ROLL_ANSWERS + k] != t.answers[k])
            differ(what, "answers", p, unit, role, v[ROLL_ANSWERS + k],
                   t.answers[k]);
        if (v[ROLL_LEARNERS + k] != t.learners[k])
            differ(what, "learners", p, unit, role, v[ROLL_LEARNERS + k],
                   t.learners[k]);
        /* never more learners than the figure is drawn from, and for the
         * whole organisation exactly those */
        if (t.learners[k] > t.contributors[k] ||
            (!unit && role < 0 && t.learners[k] != t.contributors[k]))
            differ(what, "oracle's learners", p, unit, role, t.learners[k],
                   t.contributors[k]);
    }
    if (v[ROLL_ACTIVE] != t.active)
        differ(what, "active learners", p, unit, role, v[ROLL_ACTIVE],
               t.active);
    if (v[ROLL_COMPLETED] != t.completed)
        differ(what, "completed learners", p, unit, role, v[ROLL_COMPLETED],
               t.completed);
}

/* The report itself for one period and role, before publication (noise
 * and blocks: publish.h): its figures agree. */
static void check_report(const Org *o, Oracle *orc, Period p, int role)
{
    Report r;
    VkError err;
    ReportFilter f = {p, 0, role, REPORT_K_MIN};
    if (report_build_exact(o->s, &f, &r, &err) < 0) {
        fprintf(stderr, "report_build: %s\n", err.msg);
        mismatches++;
        return;
    }
    Truth all = oracle_truth(orc, p, 0, role);
    for (int k = 0; k < TOPIC_COUNT; k++)
        same(&r.topic[k], all.credit[k], all.answers[k], all.learners[k],
             topic_id((Topic)k), p);
    if (!r.overall.suppressed && !r.overall.empty &&
        r.overall.learners != all.active && mismatches++ < 10)
        fprintf(stderr, "overall %d..%d: %d learners, expected %lld\n", p.first,
                p.last, r.overall.learners, all.active);
    for (int u = 0; u < r.nunits; u++) {
        Truth ut = oracle_truth(orc, p, r.units[u].id, role);
        for (int k = 0; k < TOPIC_COUNT; k++)
            same(&r.units[u].topic[k], ut.credit[k], ut.answers[k],
                 ut.learners[k], r.units[u].name, p);
    }
    report_free(&r);
}

/* ---- the live totals against the rebuilt ---- */

/* The live totals against those rebuilt from the answers: as the store
 * reads them, on both backends; and on SQLite every table of them as
 * text, the learners' latest state per decision and topic too (a
 * PostgreSQL store keeps those its own way, or not at all). */
static void check_rebuilt(const Org *o, int first, int last, const char *what)
{
    char *live = totals_text(o->s, o->unit, 3, first, last);
    char *live_sql = place_pg ? NULL : query_text(o->path, TOTALS_SQL);
    VkError err;
    if (store_rebuild_report(o->s, &err) < 0) {
        fprintf(stderr, "%s: rebuild: %s\n", what, err.msg);
        CHECK(!"rebuilt");
    }
    char *rebuilt = totals_text(o->s, o->unit, 3, first, last);
    char *rebuilt_sql = place_pg ? NULL : query_text(o->path, TOTALS_SQL);
    if (strcmp(live, rebuilt) != 0 ||
        (!place_pg && strcmp(live_sql, rebuilt_sql) != 0)) {
        total_failures++;
        fprintf(stderr, "%s: live totals unlike the rebuilt:\n", what);
        if (strcmp(live, rebuilt) != 0)
            totals_text_diff(live, rebuilt);
        else
            fprintf(stderr, "  live   %s\n  rebuilt %s\n", live_sql,
                    rebuilt_sql);
    }
    CHECK(strlen(live) > 0);
    CHECK(strcmp(live, rebuilt) == 0);
    CHECK(place_pg || strcmp(live_sql, rebuilt_sql) == 0);
    free(live);
    free(rebuilt);
    free(live_sql);
    free(rebuilt_sql);
}

/* Every period within the months used, every unit and role; then the live
 * totals against those rebuilt from the answers. */
static void check_all(const Org *o, const char *what)
{
    int months[64];
    int n = months_used(o->path, months, 64);
    CHECK(n > 0);
    Cells cs = {0};
    VkError err;
    CHECK(store_rollup_scan(o->s, months[0], months[n - 1], on_cell, &cs,
                            &err) == 0);
    /* no cell is superseded within its own month (it could never count) */
    int within = 0;
    for (int i = 0; i < cs.n; i++) {
        bool zero = true;
        for (int c = 0; c < ROLL_COLS; c++)
            zero = zero && cs.c[i].v[c] == 0;
        within += !zero && cs.c[i].k.next && cs.c[i].k.next <= cs.c[i].k.month;
    }
    CHECK_INT(within, 0);
    long long units[4] = {0, o->unit[0], o->unit[1], o->unit[2]};
    int before = cell_failures, mis = mismatches;
    Oracle orc;
    CHECK(oracle_open(&orc, o->path) == 0);
    for (int i = 0; i < n; i++)
        for (int j = i; j < n; j++) {
            Period p = {months[i], months[j]};
            for (int role = -1; role < ROLE_COUNT; role++) {
                for (int u = 0; u < 4; u++)
                    check_cells(&orc, &cs, p, units[u], role, what);
                check_report(o, &orc, p, role);
            }
            periods_checked++;
        }
    oracle_close(&orc);
    free(cs.c);
    CHECK_INT(cell_failures - before, 0);
    CHECK_INT(mismatches - mis, 0);

    CHECK_INT(item_mismatches(o->path, what), 0);
    check_rebuilt(o, months[0], months[n - 1], what);
}

/* ---- the oracle itself ---- */

/* A generator of histories: each user has its own state, so that one
 * history added leaves the others as they were. */
static uint64_t rng = 4242;

static int roll_of(uint64_t *state, int n)
{
    *state = *state * 6364136223846793005ull + 1442695040888963407ull;
    return (int)((*state >> 33) % (uint64_t)n);
}

static int roll(int n)
{
    return roll_of(&rng, n);
}

/* The first second of month m, UTC. */
static long long month_start(int m)
{
    return at(m, 0) - (9 * 24 + 12) * 3600;
}

static void iso_time(long long t, char out[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The oracle's figures read again with SQL of another form, through
 * place_int's reading, of the backend's own tables: on PostgreSQL its
 * times, compared with a UTC literal, not the oracle's views of them.
 * The latest answer is the one with no later one (by time, then id) in
 * the period, not the first by row_number. */
typedef struct Raw {
    PlaceConn *conn;
    char from[32], to[32]; /* the period's first second and the next's */
    char where[128];       /* the unit and role */
} Raw;

static Raw raw_of(PlaceConn *conn, Period p, long long unit, int role)
{
    Raw r = {conn, "", "", ""};
    iso_time(month_start(p.first), r.from);
    iso_time(month_start(p.last + 1), r.to);
    char u[48] = "", k[48] = "";
    if (unit)
        snprintf(u, sizeof u, " AND a.unit_id = %lld", unit);
    if (role >= 0)
        snprintf(k, sizeof k, " AND a.role = '%s'", role_id((Role)role));
    snprintf(r.where, sizeof r.where, "%s%s", u, k);
    return r;
}

/* what over the latest answers to each decision (same: "b.scene_id =
 * a.scene_id"), or in each topic, or at all ("true"), of a topic (or
 * any: "true"). The answers are all from quizzes: a decision is its
 * scene. */
static long long raw_latest(const Raw *r, const char *what, const char *same,
                            const char *topic)
{
    char *sql = xasprintf(
        "SELECT %s FROM answers a JOIN attempts t ON t.id = a.attempt_id "
        "WHERE %s AND a.answered_at >= '%s' AND a.answered_at < '%s'%s "
        "AND NOT EXISTS (SELECT 1 FROM answers b JOIN attempts u ON u.id = "
        "b.attempt_id WHERE u.learner_id = t.learner_id AND %s AND "
        "b.answered_at >= '%s' AND b.answered_at < '%s' AND (b.answered_at > "
        "a.answered_at OR (b.answered_at = a.answered_at AND b.id > a.id)))",
        what, topic, r->from, r->to, r->where, same, r->from, r->to);
    long long v = place_conn_int(r->conn, sql);
    free(sql);
    return v;
}

static long long raw_completed(const Raw *r)
{
    char *sql = xasprintf(
        "SELECT count(*) FROM completions a WHERE (a.kind = 'course') = "
        "(a.role = 'manager') AND a.completed_at >= '%s' AND a.completed_at "
        "< '%s'%s AND NOT EXISTS (SELECT 1 FROM completions b WHERE "
        "b.learner_id = a.learner_id AND (b.kind = 'course') = (b.role = "
        "'manager') AND b.completed_at >= '%s' AND b.completed_at < '%s' AND "
        "(b.completed_at > a.completed_at OR (b.completed_at = "
        "a.completed_at AND b.id > a.id)))",
        r->from, r->to, r->where, r->from, r->to);
    long long v = place_conn_int(r->conn, sql);
    free(sql);
    return v;
}

static int oracle_failures;

static void oracle_differs(const char *figure, Period p, long long unit,
                           int role, long long oracle, long long raw)
{
    if (oracle != raw && oracle_failures++ < 12)
        fprintf(stderr,
                "oracle: %s of unit %lld role %d in %d..%d is %lld, the "
                "stored rows say %lld\n",
                figure, unit, role, p.first - JAN, p.last - JAN, oracle, raw);
}

/* One unit and role in one period: the oracle against the raw reading. */
static void oracle_against_raw(Oracle *orc, PlaceConn *conn, Period p,
                               long long unit, int role, const Topic *topics,
                               int ntopics)
{
    Truth t = oracle_truth(orc, p, unit, role);
    Raw r = raw_of(conn, p, unit, role);
    for (int i = 0; i < ntopics; i++) {
        Topic k = topics[i];
        char topic[64];
        snprintf(topic, sizeof topic, "a.topic = '%s'", topic_id(k));
        const char *item = "b.scene_id = a.scene_id";
        oracle_differs("answers", p, unit, role, t.answers[k],
                       raw_latest(&r, "count(*)", item, topic));
        oracle_differs("credit", p, unit, role, t.credit[k],
                       raw_latest(&r,
                                  "coalesce(sum(CASE a.result WHEN 'correct' "
                                  "THEN 2 WHEN 'partly' THEN 1 ELSE 0 END), 0)",
                                  item, topic));
        oracle_differs("learners", p, unit, role, t.learners[k],
                       raw_latest(&r, "count(*)", "b.topic = a.topic", topic));
    }
    oracle_differs("active", p, unit, role, t.active,
                   raw_latest(&r, "count(*)", "true", "true"));
    oracle_differs("completed", p, unit, role, t.completed, raw_completed(&r));
}

/* Answers, quizzes and a course finished by learners who move, at the
 * edges of months and years (UTC) and in the middle, in no time order:
 * the oracle reads each time as it was given, puts it in its UTC month,
 * and gives every figure the raw reading gives. */
static void test_oracle(void)
{
    Org o = org_new();
    static const char *const items[] = {"q/a", "q/b", "q/c"};
    static const Topic topics[] = {TOPIC_CONFIDENTIALITY, TOPIC_CONFIDENTIALITY,
                                   TOPIC_INTEGRITY};
    const long long when[] = {
        month_start(JAN) - 1, month_start(JAN), month_start(JAN + 1) - 1,
        month_start(JAN + 1), at(JAN + 1, 0),   month_start(JAN + 2) - 1,
        month_start(JAN + 2),
    };
    enum { WHEN = sizeof when / sizeof *when, EVENTS = 60 };
    char login[4][8];
    long long who[4];
    for (int i = 0; i < 4; i++) {
        snprintf(login[i], sizeof login[i], "o%d", i);
        who[i] = learner(o.s, login[i], o.unit[i % 3],
                         i == 1 ? ROLE_MANAGER : ROLE_STAFF);
    }
    uint64_t state = 99;
    char given[EVENTS][32], done[EVENTS][32];
    int ngiven = 0, ndone = 0;
    for (int e = 0; e < EVENTS; e++) {
        int l = roll_of(&state, 4), kind = roll_of(&state, 12);
        long long t = when[roll_of(&state, WHEN)];
        if (kind < 8) {
            int it = roll_of(&state, 3);
            answer(o.s, who[l], items[it], topics[it],
                   (Result)roll_of(&state, 3), t);
            iso_time(t, given[ngiven++]);
        } else if (kind < 10) {
            finish_quiz(o.s, who[l], t);
            iso_time(t, done[ndone++]);
        } else if (kind < 11) {
            finish_course(o.s, who[l], "d1", TOPIC_INTEGRITY, RESULT_PARTLY, t);
            iso_time(t, given[ngiven++]); /* completes it when in order */
        } else {
            learner(o.s, login[l], o.unit[roll_of(&state, 3)],
                    (Role)roll_of(&state, 2));
        }
    }
    /* every time as it was given, in the order given; every quiz finished
     * a completion */
    TestSql *db = tsql_open(o.path);
    TestSqlStmt *st = tsql_prepare(db, "SELECT answered_at FROM answers "
                                       "ORDER BY id");
    int n = 0;
    for (; tsql_step(st) > 0; n++)
        if (n < ngiven)
            CHECK_STR(tsql_text(st, 0), given[n]);
    CHECK_INT(n, ngiven);
    tsql_finalize(st);
    st = tsql_prepare(db, "SELECT completed_at FROM completions WHERE "
                          "kind = ?1 ORDER BY id");
    tsql_bind_text(st, 1, "quiz");
    for (n = 0; tsql_step(st) > 0; n++)
        if (n < ndone)
            CHECK_STR(tsql_text(st, 0), done[n]);
    CHECK_INT(n, ndone);
    tsql_finalize(st);
    tsql_close(db);

    int months[8];
    CHECK_INT(months_used(o.path, months, 8), 4);
    for (int i = 0; i < 4; i++)
        CHECK_INT(months[i], JAN - 1 + i);
    Oracle orc;
    CHECK(oracle_open(&orc, o.path) == 0);
    PlaceConn conn = place_connect(o.path);
    const Topic used[] = {TOPIC_CONFIDENTIALITY, TOPIC_INTEGRITY};
    long long units[4] = {0, o.unit[0], o.unit[1], o.unit[2]};
    int before = oracle_failures, combos = 0;
    for (int a = JAN - 1; a <= JAN + 2; a++)
        for (int b = a; b <= JAN + 2; b++)
            for (int role = -1; role < ROLE_COUNT; role++)
                for (int u = 0; u < 4; u++, combos++)
                    oracle_against_raw(&orc, &conn, (Period){a, b}, units[u],
                                       role, used, 2);
    place_disconnect(&conn);
    oracle_close(&orc);
    CHECK_INT(combos, 120);
    CHECK_INT(oracle_failures - before, 0);
    /* and it is not all zeros */
    Truth all = truth(o.path, (Period){JAN - 1, JAN + 2}, 0, -1);
    CHECK(all.answers[TOPIC_CONFIDENTIALITY] > 2 &&
          all.answers[TOPIC_INTEGRITY] > 2 && all.active == 4 &&
          all.completed > 1);
    org_free(&o);
}

/* ---- sequences ---- */

static const Topic C = TOPIC_CONFIDENTIALITY, I = TOPIC_INTEGRITY;

/* Three learners (so that the report shows them) answer one decision,
 * a later month first and earlier ones after it. */
static void test_later_month_first(void)
{
    Org o = org_new();
    long long who[3];
    for (int i = 0; i < 3; i++) {
        char login[8];
        snprintf(login, sizeof login, "a%d", i);
        who[i] = learner(o.s, login, o.unit[0], ROLE_STAFF);
    }
    for (int i = 0; i < 3; i++)
        answer(o.s, who[i], "q/1", C, RESULT_CORRECT, at(JAN + 3, 100 + i));
    for (int i = 0; i < 3; i++)
        answer(o.s, who[i], "q/1", C, (Result)i, at(JAN + 1, 100 + i));
    check_all(&o, "a later month first");
    /* a second late answer between the two: the first is now superseded
     * by it, not by the latest */
    for (int i = 0; i < 3; i++)
        answer(o.s, who[i], "q/1", C, (Result)((i + 1) % 3),
               at(JAN + 2, 100 + i));
    check_all(&o, "a late answer between two");
    /* late again, in a month that has an answer: after it, then before */
    for (int i = 0; i < 3; i++)
        answer(o.s, who[i], "q/1", C, (Result)((i + 2) % 3),
               at(JAN + 1, 200 + i));
    check_all(&o, "late, after an answer of the same month");
    for (int i = 0; i < 3; i++)
        answer(o.s, who[i], "q/1", C, RESULT_CORRECT, at(JAN + 2, i));
    check_all(&o, "late, before an answer of the same month");
    /* and before everything */
    for (int i = 0; i < 3; i++)
        answer(o.s, who[i], "q/1", C, RESULT_WRONG, at(JAN, i));
    check_all(&o, "late, before everything");
    org_free(&o);
}

/* Answers in the same month as the latest, but earlier than it. */
static void test_equal_months(void)
{
    Org o = org_new();
    long long ann = learner(o.s, "ann", o.unit[0], ROLE_STAFF);
    long long bo = learner(o.s, "bo", o.unit[0], ROLE_STAFF);
    answer(o.s, ann, "q/1", C, RESULT_CORRECT, at(JAN + 2, 100));
    answer(o.s, ann, "q/1", C, RESULT_WRONG, at(JAN + 2, 50));
    answer(o.s, bo, "q/1", C, RESULT_PARTLY, at(JAN + 2, 100));
    /* the same second: the one stored later is the later */
    answer(o.s, bo, "q/1", C, RESULT_CORRECT, at(JAN + 2, 100));
    check_all(&o, "equal months");
    /* the same, for a learner who moved in between */
    learner(o.s, "ann", o.unit[1], ROLE_MANAGER);
    answer(o.s, ann, "q/1", C, RESULT_PARTLY, at(JAN + 2, 70));
    answer(o.s, ann, "q/2", C, RESULT_WRONG, at(JAN + 2, 60));
    check_all(&o, "equal months, moved");
    /* and one month later, then back in that month before all of it */
    answer(o.s, ann, "q/1", C, RESULT_WRONG, at(JAN + 3, 0));
    answer(o.s, ann, "q/1", C, RESULT_CORRECT, at(JAN + 2, 10));
    learner(o.s, "ann", o.unit[0], ROLE_STAFF);
    answer(o.s, ann, "q/2", C, RESULT_CORRECT, at(JAN + 2, 20));
    check_all(&o, "equal months, superseded");
    org_free(&o);
}

/* Out of order across topics: the learner's activity goes back in one
 * topic while it goes forward in another. */
static void test_across_topics(void)
{
    Org o = org_new();
    long long who[3];
    for (int i = 0; i < 3; i++) {
        char login[8];
        snprintf(login, sizeof login, "t%d", i);
        who[i] = learner(o.s, login, o.unit[i], ROLE_STAFF);
    }
    for (int i = 0; i < 3; i++) {
        long long w = who[i];
        answer(o.s, w, "q/c1", C, RESULT_CORRECT, at(JAN + 3, i));
        answer(o.s, w, "q/i1", I, RESULT_WRONG, at(JAN + 1, i));
        answer(o.s, w, "q/c2", C, RESULT_PARTLY, at(JAN + 2, i));
        answer(o.s, w, "q/i1", I, RESULT_CORRECT, at(JAN + 4, i));
        answer(o.s, w, "q/c1", C, RESULT_WRONG, at(JAN + 1, 10 + i));
        answer(o.s, w, "q/i2", I, RESULT_PARTLY, at(JAN + 2, 10 + i));
        answer(o.s, w, "q/c2", C, RESULT_CORRECT, at(JAN + 1, 20 + i));
        answer(o.s, w, "q/i1", I, RESULT_WRONG, at(JAN + 3, 20 + i));
    }
    check_all(&o, "across topics");
    org_free(&o);
}

/* A learner who changes unit and role between out-of-order answers. */
static void test_moves(void)
{
    Org o = org_new();
    long long w = learner(o.s, "mo", o.unit[0], ROLE_STAFF);
    long long x = learner(o.s, "ix", o.unit[1], ROLE_STAFF);
    answer(o.s, w, "q/1", C, RESULT_CORRECT, at(JAN + 3, 0));
    answer(o.s, x, "q/1", C, RESULT_CORRECT, at(JAN + 3, 0));
    learner(o.s, "mo", o.unit[1], ROLE_MANAGER);
    answer(o.s, w, "q/1", C, RESULT_WRONG, at(JAN + 1, 0));
    answer(o.s, w, "q/2", C, RESULT_PARTLY, at(JAN + 2, 0));
    check_all(&o, "moved, then late");
    learner(o.s, "mo", o.unit[2], ROLE_STAFF);
    answer(o.s, w, "q/1", C, RESULT_PARTLY, at(JAN + 2, 5));
    answer(o.s, w, "q/2", C, RESULT_CORRECT, at(JAN + 1, 5));
    answer(o.s, w, "q/3", I, RESULT_WRONG, at(JAN + 2, 1));
    check_all(&o, "moved twice");
    learner(o.s, "mo", o.unit[0], ROLE_MANAGER);
    answer(o.s, w, "q/1", C, RESULT_WRONG, at(JAN + 3, -5));
    answer(o.s, w, "q/3", I, RESULT_CORRECT, at(JAN + 1, 9));
    answer(o.s, w, "q/4", I, RESULT_CORRECT, at(JAN + 4, 9));
    answer(o.s, w, "q/3", I, RESULT_PARTLY, at(JAN + 3, 9));
    check_all(&o, "moved back");
    org_free(&o);
}

/* A learner who moves to another unit in the same role and answers a
 * decision again in the same month, then moves back and answers it once
 * more: the learners who answered it that month (item_months, choice -1),
 * for each unit and the organisation, are the same kept as rebuilt. */
static void test_moved_within_month(void)
{
    Org o = org_new();
    long long w = learner(o.s, "mw", o.unit[0], ROLE_STAFF);
    long long x = learner(o.s, "mx", o.unit[1], ROLE_STAFF);
    answer(o.s, w, "q/1", C, RESULT_WRONG, at(JAN, 0));
    learner(o.s, "mw", o.unit[1], ROLE_STAFF);
    answer(o.s, w, "q/1", C, RESULT_PARTLY, at(JAN, 10));
    answer(o.s, x, "q/1", C, RESULT_CORRECT, at(JAN, 20));
    learner(o.s, "mw", o.unit[0], ROLE_STAFF);
    answer(o.s, w, "q/1", C, RESULT_CORRECT, at(JAN, 30));
    check_all(&o, "moved and back within a month, in the same role");
    org_free(&o);
}

/* An answer years before everything else. */
static void test_far_past(void)
{
    Org o = org_new();
    long long w = learner(o.s, "old", o.unit[0], ROLE_STAFF);
    answer(o.s, w, "q/1", C, RESULT_CORRECT, at(JAN + 2, 0));
    answer(o.s, w, "q/1", C, RESULT_WRONG, at(JAN - 30, 0));
    answer(o.s, w, "q/2", I, RESULT_PARTLY, at(JAN - 30, 1));
    learner(o.s, "old", o.unit[1], ROLE_STAFF);
    answer(o.s, w, "q/1", C, RESULT_PARTLY, at(JAN - 29, 0));
    answer(o.s, w, "q/2", I, RESULT_CORRECT, at(JAN - 31, 0));
    check_all(&o, "far in the past");
    org_free(&o);
}

/* Completions out of order: quizzes of staff, and a manager's course. */
static void test_completions(void)
{
    Org o = org_new();
    long long w = learner(o.s, "cq", o.unit[0], ROLE_STAFF);
    long long x = learner(o.s, "cx", o.unit[0], ROLE_STAFF);
    finish_quiz(o.s, w, at(JAN + 3, 0));
    finish_quiz(o.s, x, at(JAN + 1, 0));
    finish_quiz(o.s, w, at(JAN + 1, 0));
    check_all(&o, "a completion before the latest");
    finish_quiz(o.s, w, at(JAN + 2, 0));
    finish_quiz(o.s, w, at(JAN + 1, 50));
    finish_quiz(o.s, w, at(JAN + 3, -10));
    check_all(&o, "completions between and in equal months");
    learner(o.s, "cq", o.unit[1], ROLE_STAFF);
    finish_quiz(o.s, w, at(JAN + 2, -10));
    finish_quiz(o.s, w, at(JAN + 1, -10));
    finish_quiz(o.s, w, at(JAN - 30, 0));
    /* in the month of the latest, earlier than it: still counted where the
     * latest was */
    finish_quiz(o.s, w, at(JAN + 3, -20));
    check_all(&o, "completions after a move");
    /* staff become a manager: a quiz no longer counts, the course does,
     * and their first course completion is older than their last quiz */
    learner(o.s, "cq", o.unit[2], ROLE_MANAGER);
    finish_quiz(o.s, w, at(JAN + 4, 0));
    finish_course(o.s, w, "d1", C, RESULT_CORRECT, at(JAN + 2, 30));
    check_all(&o, "a manager's course, late");
    org_free(&o);
}

/* Answers and completions in the first and last second of months (UTC),
 * out of order and across a year's end: each counts in its own month (on
 * PostgreSQL, with the sessions' time zone 14 hours away: far_time_zone). */
static void test_month_edges(void)
{
    Org o = org_new();
    long long who[3];
    for (int i = 0; i < 3; i++) {
        char login[8];
        snprintf(login, sizeof login, "e%d", i);
        who[i] = learner(o.s, login, o.unit[i], ROLE_STAFF);
    }
    for (int i = 0; i < 3; i++) {
        long long w = who[i];
        answer(o.s, w, "q/1", C, RESULT_CORRECT, month_start(JAN + 1) - 1 - i);
        answer(o.s, w, "q/1", C, RESULT_WRONG, month_start(JAN + 1) + i);
        answer(o.s, w, "q/1", C, RESULT_PARTLY, month_start(JAN) - 1 - i);
        answer(o.s, w, "q/2", I, RESULT_CORRECT, month_start(JAN) + i);
        answer(o.s, w, "q/2", I, RESULT_WRONG, month_start(JAN + 2) - 1);
        finish_quiz(o.s, w, month_start(JAN + 2) - 1);
        finish_quiz(o.s, w, month_start(JAN + 1) - 1);
        finish_quiz(o.s, w, month_start(JAN) + i);
    }
    check_all(&o, "at the edges of months");
    org_free(&o);
}

/* Random histories: answers, completions and moves, recorded in an order
 * that has nothing to do with their times. */
static void test_random(void)
{
    static const int month[] = {JAN - 30, JAN, JAN + 1, JAN + 2, JAN + 3};
    static const char *const items[] = {"q/a", "q/b", "q/c", "q/d"};
    static const Topic topics[] = {TOPIC_CONFIDENTIALITY, TOPIC_CONFIDENTIALITY,
                                   TOPIC_INTEGRITY, TOPIC_CISO};
    for (int seed = 0; seed < 12; seed++) {
        Org o = org_new();
        long long who[4];
        char login[4][8];
        for (int i = 0; i < 4; i++) {
            snprintf(login[i], sizeof login[i], "r%d", i);
            who[i] = learner(o.s, login[i], o.unit[roll(3)], (Role)roll(2));
        }
        for (int e = 0; e < 40; e++) {
            int l = roll(4), kind = roll(10);
            long long when = at(month[roll(5)], roll(4));
            if (kind < 7) {
                int it = roll(4);
                answer(o.s, who[l], items[it], topics[it], (Result)roll(3),
                       when);
            } else if (kind < 9) {
                finish_quiz(o.s, who[l], when);
            } else {
                learner(o.s, login[l], o.unit[roll(3)], (Role)roll(2));
            }
        }
        char what[32];
        snprintf(what, sizeof what, "random history %d", seed);
        check_all(&o, what);
        org_free(&o);
    }
}

int main(int argc, char **argv)
{
    i18n_init(NULL);
    if (!place_init(argc, argv))
        return 2;
    test_oracle();
    test_later_month_first();
    test_equal_months();
    test_across_topics();
    test_moves();
    test_moved_within_month();
    test_far_past();
    test_completions();
    test_month_edges();
    test_random();
    CHECK(periods_checked > 250);
    printf("%s: the oracle against the stored rows: %d mismatches; %d "
           "periods checked; %d cell and %d report mismatches, %d totals "
           "unlike the rebuilt\n",
           place_pg ? "PostgreSQL" : "SQLite", oracle_failures, periods_checked,
           cell_failures, mismatches, total_failures);
    place_done();
    return TEST_DONE();
}
