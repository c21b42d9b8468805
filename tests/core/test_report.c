/*
 * test_report.c - the CISO's report: the awareness index on small cases
 * computed by hand, the running totals against a brute-force reading of
 * the stored answers for every period, k-anonymity with complementary
 * suppression (including an attempt to recover a small unit's figure by
 * subtraction), the exports parsed back, the completion register, and the
 * totals rebuilt on upgrade.
 */
#include "i18n.h"
#include "report.h"
#include "report_exact.h"

#include "../report_oracle.h"
#include "../test.h"
#include "../test_db.h"

#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static char dir[] = "/tmp/vaksam-test-report-XXXXXX";
static int dbs;

static Store *fresh(char **path)
{
    *path = xasprintf("%s/r%d.db", dir, ++dbs);
    VkError err;
    Store *s = store_open(*path, &err);
    if (!s)
        fprintf(stderr, "%s\n", err.msg);
    return s;
}

/* The report as published (noise and suppression: publish.h, shown.h). */
static Report build_pub(Store *s, Period p, long long unit, int role, int k)
{
    Report r;
    VkError err;
    ReportFilter f = {p, unit, role, k};
    if (report_build(s, &f, &r, &err) < 0) {
        fprintf(stderr, "report_build: %s\n", err.msg);
        memset(&r, 0, sizeof r);
    }
    return r;
}

/* The exact figures, for comparing with the answers (report_exact.h). */
static Report build(Store *s, Period p, long long unit, int role, int k)
{
    Report r;
    VkError err;
    ReportFilter f = {p, unit, role, k};
    if (report_build_exact(s, &f, &r, &err) < 0) {
        fprintf(stderr, "report_build: %s\n", err.msg);
        memset(&r, 0, sizeof r);
    }
    return r;
}

/* ---- periods ---- */

static void test_periods(void)
{
    Period p;
    VkError err;
    int now = 2026 * 12 + 10; /* 2026-11 */
    CHECK(period_parse("2026", now, &p, &err) == 0);
    CHECK_INT(p.first, JAN);
    CHECK_INT(p.last, JAN + 11);
    CHECK(period_parse("2026-Q3", now, &p, &err) == 0);
    CHECK_INT(p.first, JAN + 6);
    CHECK_INT(p.last, JAN + 8);
    CHECK(period_parse("2026-03", now, &p, &err) == 0);
    CHECK_INT(p.first, JAN + 2);
    CHECK_INT(p.last, JAN + 2);
    CHECK(period_parse("last-12", now, &p, &err) == 0);
    CHECK_INT(p.first, JAN - 1);
    CHECK_INT(p.last, JAN + 10);
    CHECK(period_parse("last-3", now, &p, &err) == 0);
    CHECK_INT(p.first, JAN + 8);
    CHECK_INT(p.last, JAN + 10);
    /* ranges could be subtracted from each other: refused, with why */
    CHECK(period_parse("2025-11..2026-02", now, &p, &err) < 0);
    CHECK(strstr(err.msg, "subtracted") != NULL);
    const char *bad[] = {
        "",       "2026-13", "2026-Q5", "26",     "2026-03..2026-01",
        "last-0", "last-7",  "last-x",  "2026-3", "yesterday"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        CHECK(period_parse(bad[i], now, &p, &err) < 0);
        CHECK(strstr(err.msg, "--period") != NULL);
    }
    char buf[32];
    period_format((Period){JAN + 6, JAN + 8}, buf, sizeof buf);
    CHECK_STR(buf, "2026-Q3");
    period_format((Period){JAN, JAN + 11}, buf, sizeof buf);
    CHECK_STR(buf, "2026");
    Period prev = period_previous((Period){JAN, JAN + 2});
    CHECK_INT(prev.first, JAN - 3);
    CHECK_INT(prev.last, JAN - 1);
    /* a stored time's month, read by hand and, in any other form, as
     * sscanf reads it */
    CHECK_INT(month_of_text("2026-01-31T23:59:59Z"), JAN);
    CHECK_INT(month_of_text("2026-12-01T00:00:00Z"), JAN + 11);
    CHECK_INT(month_of_text("2026-3-01"), JAN + 2);
    CHECK_INT(month_of_text("2026-13-01T00:00:00Z"), -1);
    CHECK_INT(month_of_text("2026-00-01T00:00:00Z"), -1);
    CHECK_INT(month_of_text("noon"), -1);
    CHECK_INT(month_of_text(NULL), -1);
}

/* ---- the index by hand ---- */

/* Three learners, two decisions in confidentiality and one in integrity:
 *   ann: c1 wrong (Jan), c1 right (Mar), c2 right (Jan), i1 partly (Feb)
 *   bo:  c1 partly (Feb), i1 wrong (Feb)
 *   cy:  c2 wrong (Jan), c2 right (Feb), i1 right (Mar)
 * Jan..Mar, latest per learner and decision:
 *   confidentiality: ann c1 1, ann c2 1, bo c1 1/2, cy c2 1 -> 3.5/4 = 87.5
 *   integrity: ann 1/2, bo 0, cy 1 -> 1.5/3 = 50
 *   overall: (87.5 + 50) / 2 = 68.75 -> 69
 * Jan..Feb: confidentiality ann c1 0, ann c2 1, bo 1/2, cy c2 1 -> 62.5
 *   integrity: ann 1/2, bo 0 -> 25 (two learners: suppressed at k = 3)
 * Mar alone: confidentiality ann c1 1 only -> one learner. */
static void test_index_by_hand(void)
{
    char *path;
    Store *s = fresh(&path);
    bool made;
    VkError err;
    UnitSeed seed[] = {{"Org", -1}};
    CHECK(store_seed_units(s, seed, 1, &made, &err) == 0);
    long long org = unit_id(s, "Org");
    long long ann = learner(s, "ann", org, ROLE_STAFF);
    long long bo = learner(s, "bo", org, ROLE_STAFF);
    long long cy = learner(s, "cy", org, ROLE_MANAGER);
    Topic C = TOPIC_CONFIDENTIALITY, I = TOPIC_INTEGRITY;
    answer(s, ann, "p/c1", C, RESULT_WRONG, at(JAN, 0));
    answer(s, ann, "p/c2", C, RESULT_CORRECT, at(JAN, 1));
    answer(s, cy, "p/c2", C, RESULT_WRONG, at(JAN, 2));
    answer(s, ann, "p/i1", I, RESULT_PARTLY, at(JAN + 1, 0));
    answer(s, bo, "p/c1", C, RESULT_PARTLY, at(JAN + 1, 1));
    answer(s, bo, "p/i1", I, RESULT_WRONG, at(JAN + 1, 2));
    answer(s, cy, "p/c2", C, RESULT_CORRECT, at(JAN + 1, 3));
    answer(s, ann, "p/c1", C, RESULT_CORRECT, at(JAN + 2, 0));
    answer(s, cy, "p/i1", I, RESULT_CORRECT, at(JAN + 2, 1));

    Report r = build(s, (Period){JAN, JAN + 2}, 0, REPORT_ROLE_ALL, 3);
    CHECK_INT(r.topic[C].value, 88); /* 87.5 rounds up */
    CHECK_INT(r.topic[C].answers, 4);
    CHECK_INT(r.topic[C].learners, 3);
    CHECK_INT(r.topic[I].value, 50);
    CHECK_INT(r.topic[I].learners, 3);
    CHECK(r.topic[TOPIC_AVAILABILITY].empty);
    CHECK_INT(r.overall.value, 69);
    CHECK_INT(r.overall.learners, 3);
    CHECK(!r.overall.suppressed);
    report_free(&r);

    r = build_pub(s, (Period){JAN, JAN + 1}, 0, REPORT_ROLE_ALL, 3);
    /* integrity has two learners: hidden, with no numbers; the overall is
     * the mean of the topics shown, so it cannot give integrity away */
    CHECK(r.topic[I].suppressed);
    CHECK_INT(r.topic[I].value, 0);
    CHECK_INT(r.topic[I].learners, 0);
    CHECK(!r.topic[C].suppressed);
    CHECK(!r.overall.suppressed);
    CHECK_INT(r.overall.value, r.topic[C].value);
    report_free(&r);

    r = build_pub(s, (Period){JAN + 2, JAN + 2}, 0, REPORT_ROLE_ALL, 3);
    CHECK(r.overall.suppressed); /* two learners in March */
    CHECK_INT(r.overall.value, 0);
    report_free(&r);

    /* the trend of Jan..Mar: one point a month */
    r = build_pub(s, (Period){JAN, JAN + 2}, 0, REPORT_ROLE_ALL, 3);
    CHECK_INT(r.ntrend, 3);
    CHECK(!r.quarterly);
    /* January: ann c1 0, ann c2 1, cy c2 0 -> 33 from two learners */
    CHECK(r.trend[0].overall.suppressed);
    report_free(&r);
    store_close(s);
    free(path);
}

/* ---- against a brute-force reading of the answers ---- */

/* As published: a hidden figure carries no numbers, and a shown one
 * comes from at least k learners (shown.h decides which; test_privacy.c
 * attacks them). */
static int privacy_failures;

static void check_figure(const Figure *f, int k)
{
    if (f->suppressed && (f->value || f->learners || f->answers))
        privacy_failures++;
    if (!f->suppressed && !f->empty && f->learners < k)
        privacy_failures++;
}

static void check_privacy(const Report *r)
{
    int k = r->filter.k;
    check_figure(&r->overall, k);
    for (int t = 0; t < TOPIC_COUNT; t++)
        check_figure(&r->topic[t], k);
    for (int i = 0; i < r->nunits; i++) {
        check_figure(&r->units[i].overall, k);
        for (int t = 0; t < TOPIC_COUNT; t++)
            check_figure(&r->units[i].topic[t], k);
    }
    for (int i = 0; i < ROLE_COUNT; i++)
        check_figure(&r->role[i], k);
}

static uint64_t rng = 12345;

static int roll(int n)
{
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (int)((rng >> 33) % (uint64_t)n);
}

static void test_against_brute_force(void)
{
    char *path;
    Store *s = fresh(&path);
    bool made;
    VkError err;
    UnitSeed seed[] = {{"Org", -1}, {"North", 0}, {"South", 0}, {"Tiny", 0}};
    CHECK(store_seed_units(s, seed, 4, &made, &err) == 0);
    long long units[3] = {unit_id(s, "North"), unit_id(s, "South"),
                          unit_id(s, "Tiny")};
    int sizes[3] = {9, 7, 2};
    long long who[19];
    int nwho = 0;
    for (int u = 0; u < 3; u++)
        for (int i = 0; i < sizes[u]; i++) {
            char login[16];
            snprintf(login, sizeof login, "l%d", nwho);
            who[nwho++] = learner(s, login, units[u],
                                  i % 4 == 0 ? ROLE_MANAGER : ROLE_STAFF);
        }
    const char *items[] = {"p/a", "p/b", "p/c", "p/d", "p/e"};
    Topic topics[] = {TOPIC_CONFIDENTIALITY, TOPIC_CONFIDENTIALITY,
                      TOPIC_INTEGRITY, TOPIC_CISO, TOPIC_SYSTEMATIC};
    /* 400 answers over six months, in time order */
    for (int i = 0; i < 400; i++) {
        int month = JAN + i * 6 / 400, it = roll(5);
        answer(s, who[roll(nwho)], items[it], topics[it], (Result)roll(3),
               at(month, i));
    }
    int checked = 0;
    for (int a = JAN; a < JAN + 6; a++)
        for (int b = a; b < JAN + 6; b++)
            for (int role = -1; role < ROLE_COUNT; role++) {
                Period p = {a, b};
                Report r = build(s, p, 0, role, 3);
                Truth all = truth(path, p, 0, role);
                for (int t = 0; t < TOPIC_COUNT; t++)
                    same(&r.topic[t], all.credit[t], all.answers[t],
                         all.learners[t], topic_id((Topic)t), p);
                CHECK_INT(r.nunits, 3);
                for (int u = 0; u < r.nunits; u++) {
                    Truth ut = truth(path, p, r.units[u].id, role);
                    for (int t = 0; t < TOPIC_COUNT; t++)
                        same(&r.units[u].topic[t], ut.credit[t], ut.answers[t],
                             ut.learners[t], r.units[u].name, p);
                }
                report_free(&r);
                /* as published, the tiny unit never shows */
                r = build_pub(s, p, 0, role, 3);
                for (int u = 0; u < r.nunits; u++)
                    if (r.units[u].id == units[2])
                        CHECK(r.units[u].overall.suppressed ||
                              r.units[u].overall.empty);
                check_privacy(&r);
                report_free(&r);
                checked++;
            }
    CHECK_INT(checked, 63);
    CHECK_INT(mismatches, 0);
    CHECK_INT(privacy_failures, 0);

    /* the totals rebuilt from the answers are the same totals */
    char *before = query_text(path, TOTALS_SQL);
    CHECK(store_rebuild_report(s, &err) == 0);
    char *after = query_text(path, TOTALS_SQL);
    CHECK(strlen(before) > 1000);
    CHECK_STR(before, after);
    CHECK_INT(item_mismatches(path, "brute force"), 0);
    free(before);
    free(after);
    Report r1 = build(s, (Period){JAN, JAN + 5}, 0, -1, 3);
    store_close(s);

    /* and an older database gets them when it is upgraded */
    sqlite3 *db;
    sqlite3_open(path, &db);
    CHECK(sqlite3_exec(db,
                       SCHEMA_8_OBJECTS
                       "DROP TABLE completions; DROP TABLE learner_items; "
                       "DROP TABLE learner_presence; DROP TABLE rollup; "
                       "DROP TABLE item_months; DROP INDEX learners_by_unit; "
                       "ALTER TABLE answers DROP COLUMN unit_id; "
                       "ALTER TABLE answers DROP COLUMN role; "
                       "PRAGMA user_version = 4",
                       NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    s = store_open(path, &err);
    CHECK(s != NULL);
    Report r2 = build(s, (Period){JAN, JAN + 5}, 0, -1, 3);
    CHECK_INT(r2.overall.value, r1.overall.value);
    for (int t = 0; t < TOPIC_COUNT; t++) {
        CHECK_INT(r2.topic[t].value, r1.topic[t].value);
        CHECK_INT(r2.topic[t].learners, r1.topic[t].learners);
    }
    for (int u = 0; u < r1.nunits && u < r2.nunits; u++)
        CHECK_INT(r2.units[u].overall.value, r1.units[u].overall.value);
    report_free(&r1);
    report_free(&r2);
    store_close(s);
    free(path);
}

/* ---- privacy: the adversary's sums ---- */

/* Two big units and one of two people. The organisation's figure is
 * shown; if the two big units were too, the small one's score would be
 * their difference from the total. */
static void test_subtraction_attack(void)
{
    char *path;
    Store *s = fresh(&path);
    bool made;
    VkError err;
    UnitSeed seed[] = {{"Org", -1}, {"Big A", 0}, {"Big B", 0}, {"Two", 0}};
    CHECK(store_seed_units(s, seed, 4, &made, &err) == 0);
    long long a = unit_id(s, "Big A"), b = unit_id(s, "Big B"),
              two = unit_id(s, "Two");
    int n = 0;
    for (int i = 0; i < 12; i++) {
        char login[16];
        snprintf(login, sizeof login, "a%d", i);
        answer(s, learner(s, login, a, ROLE_STAFF), "p/q",
               TOPIC_CONFIDENTIALITY, RESULT_CORRECT, at(JAN, n++));
        snprintf(login, sizeof login, "b%d", i);
        answer(s, learner(s, login, b, ROLE_STAFF), "p/q",
               TOPIC_CONFIDENTIALITY, i % 2 ? RESULT_CORRECT : RESULT_WRONG,
               at(JAN, n++));
    }
    /* the two people in the small unit both got it wrong */
    answer(s, learner(s, "t1", two, ROLE_STAFF), "p/q", TOPIC_CONFIDENTIALITY,
           RESULT_WRONG, at(JAN, n++));
    answer(s, learner(s, "t2", two, ROLE_MANAGER), "p/q", TOPIC_CONFIDENTIALITY,
           RESULT_WRONG, at(JAN, n++));
    Report r = build(s, (Period){JAN, JAN}, 0, REPORT_ROLE_ALL, 5);
    CHECK_INT(r.overall.value, 69); /* (24 + 12) / 52 * ... = 36/52 */
    report_free(&r);
    r = build_pub(s, (Period){JAN, JAN}, 0, REPORT_ROLE_ALL, 5);
    CHECK(!r.overall.suppressed);
    int hidden = 0;
    const ReportUnit *small = NULL;
    for (int i = 0; i < r.nunits; i++) {
        hidden += r.units[i].overall.suppressed;
        if (r.units[i].id == two)
            small = &r.units[i];
    }
    CHECK(small && small->overall.suppressed);
    CHECK_INT(hidden, 2); /* the small unit and the next-smallest */
    /* both are counted in the organisation's own row, 14 learners, so
     * whatever the adversary subtracts, two groups stay together */
    const ReportUnit *rest = NULL;
    for (int i = 0; i < r.nunits; i++)
        if (r.units[i].own)
            rest = &r.units[i];
    CHECK(rest && !rest->overall.suppressed && rest->overall.learners >= 5);
    /* the exports carry no figure of a hidden unit */
    char *buf;
    size_t len;
    for (int fmt = 0; fmt < 2; fmt++) {
        FILE *out = open_memstream(&buf, &len);
        CHECK(report_write(&r, REPORT_BY_UNIT, (ReportFormat)fmt, out, &err) ==
              0);
        fclose(out);
        /* the small unit's rows say suppressed or nothing, never 0 */
        char *line = strtok(buf, "\n");
        for (; line; line = strtok(NULL, "\n"))
            if (strstr(line, ",Two,") || strstr(line, "\"Two\"")) {
                CHECK(strstr(line, "suppressed") || strstr(line, ",,") ||
                      strstr(line, "null"));
                CHECK(!strstr(line, ",0,") && !strstr(line, ": 0,"));
            }
        free(buf);
    }
    report_free(&r);

    /* by role: one manager hides the managers, and so the staff too */
    r = build_pub(s, (Period){JAN, JAN}, 0, REPORT_ROLE_ALL, 5);
    CHECK(r.role[ROLE_MANAGER].suppressed);
    CHECK(r.role[ROLE_STAFF].suppressed);
    report_free(&r);
    /* k is never below 3 */
    r = build_pub(s, (Period){JAN, JAN}, two, REPORT_ROLE_ALL, 1);
    CHECK_INT(r.filter.k, 3);
    CHECK(r.overall.suppressed);
    report_free(&r);
    CHECK(report_set_k(s, 2, &err) < 0);
    int k = 0;
    CHECK(report_k(s, &k, &err) == 0 && k == REPORT_K_DEFAULT);
    CHECK(report_set_k(s, 7, &err) == 0);
    CHECK(report_k(s, &k, &err) == 0 && k == 7);
    store_close(s);
    free(path);
}

/* ---- exports parsed back ---- */

/* Splits a CSV line on commas (our writer quotes only names). */
static int split(char *line, char **f, int max)
{
    int n = 0;
    for (char *p = line; n < max;) {
        f[n++] = p;
        if (*p == '"') {
            char *q = p + 1;
            while (*q && !(*q == '"' && q[1] != '"'))
                q += *q == '"' ? 2 : 1;
            p = q + 1;
        } else {
            p += strcspn(p, ",");
        }
        if (*p != ',')
            break;
        *p++ = '\0';
    }
    return n;
}

static void test_exports(void)
{
    char *path;
    Store *s = fresh(&path);
    bool made;
    VkError err;
    UnitSeed seed[] = {{"Org", -1}, {"Sales, North", 0}, {"IT \"core\"", 0}};
    CHECK(store_seed_units(s, seed, 3, &made, &err) == 0);
    long long u1 = unit_id(s, "Sales, North"), u2 = unit_id(s, "IT \"core\"");
    for (int i = 0; i < 20; i++) {
        char login[16];
        snprintf(login, sizeof login, "x%d", i);
        long long w = learner(s, login, i % 2 ? u1 : u2,
                              i % 5 ? ROLE_STAFF : ROLE_MANAGER);
        answer(s, w, "p/q1", (Topic)(i % 3), (Result)(i % 3), at(JAN, i));
        answer(s, w, "p/q2", TOPIC_CISO, (Result)((i / 2) % 3), at(JAN + 1, i));
    }
    Report r = build(s, (Period){JAN, JAN + 1}, 0, REPORT_ROLE_ALL, 3);
    for (int by = 0; by < 4; by++) {
        char *buf;
        size_t len;
        FILE *out = open_memstream(&buf, &len);
        CHECK(report_write(&r, (ReportBy)by, REPORT_CSV, out, &err) == 0);
        fclose(out);
        int rows = 0, matched = 0;
        char *save, *line = strtok_r(buf, "\n", &save);
        CHECK_STR(line, "period,unit_id,unit,role,measure,value,learners");
        while ((line = strtok_r(NULL, "\n", &save))) {
            char *f[8];
            CHECK_INT(split(line, f, 8), 7);
            rows++;
            const Figure *fig = NULL;
            Topic t = topic_from_id(f[4]);
            if (by == REPORT_BY_TOPIC)
                fig = t != TOPIC_NONE                      ? &r.topic[t]
                      : strcmp(f[4], "overall") == 0       ? &r.overall
                      : strcmp(f[4], "participation") == 0 ? &r.participation
                                                           : NULL;
            else if (by == REPORT_BY_UNIT)
                for (int i = 0; i < r.nunits; i++)
                    if (r.units[i].id == atoll(f[1]))
                        fig = t != TOPIC_NONE ? &r.units[i].topic[t]
                              : strcmp(f[4], "overall") == 0
                                  ? &r.units[i].overall
                                  : &r.units[i].participation;
            if (by == REPORT_BY_ROLE)
                fig = &r.role[role_from_id(f[3])];
            if (by == REPORT_BY_MONTH) {
                int m = JAN + (strcmp(f[0], "2026-02") == 0);
                fig = t != TOPIC_NONE ? &r.trend[m - JAN].topic[t]
                                      : &r.trend[m - JAN].overall;
            }
            if (!fig)
                continue;
            if (fig->suppressed)
                matched += strcmp(f[5], "suppressed") == 0 && !*f[6];
            else if (fig->empty)
                matched += !*f[5] && !*f[6];
            else
                matched +=
                    atoi(f[5]) == fig->value && atoi(f[6]) == fig->learners;
        }
        CHECK(rows > 0);
        CHECK_INT(matched, rows);
        free(buf);

        /* JSON: the same rows */
        out = open_memstream(&buf, &len);
        CHECK(report_write(&r, (ReportBy)by, REPORT_JSON, out, &err) == 0);
        fclose(out);
        int objects = 0;
        for (char *p = buf; (p = strstr(p, "{\"period\"")); p++)
            objects++;
        CHECK_INT(objects, rows);
        CHECK(strstr(buf, "\"k\": 3") != NULL);
        if (by == REPORT_BY_UNIT)
            CHECK(strstr(buf, "\"IT \\\"core\\\"\"") != NULL);
        if (by == REPORT_BY_TOPIC) {
            char want[64];
            snprintf(want, sizeof want,
                     "\"measure\": \"overall\", \"value\": %d, "
                     "\"learners\": %d}",
                     r.overall.value, r.overall.learners);
            CHECK(strstr(buf, want) != NULL);
        }
        free(buf);
    }
    report_free(&r);
    store_close(s);
    free(path);
}

/* ---- participation and the register ---- */

static void test_participation_and_register(void)
{
    char *path;
    Store *s = fresh(&path);
    bool made;
    VkError err;
    UnitSeed seed[] = {{"Org", -1}};
    CHECK(store_seed_units(s, seed, 1, &made, &err) == 0);
    long long org = unit_id(s, "Org");
    long long boss[4], staff[6];
    char login[16];
    for (int i = 0; i < 4; i++) {
        snprintf(login, sizeof login, "boss%d", i);
        boss[i] = learner(s, login, org, ROLE_MANAGER);
    }
    for (int i = 0; i < 6; i++) {
        snprintf(login, sizeof login, "staff%d", i);
        staff[i] = learner(s, login, org, ROLE_STAFF);
    }
    /* a course of two lessons: three managers finish both, one only one */
    for (int i = 0; i < 4; i++)
        for (int l = 0; l < (i < 3 ? 2 : 1); l++) {
            long long att;
            store_set_clock(s, at(JAN, i * 10 + l));
            CHECK(store_start_attempt(s, boss[i], l ? "two" : "one", 1,
                                      "course", "en", "", "", &att, &err) == 0);
            CHECK(store_record_answer(s, att, 0, "d", 0, TOPIC_CISO,
                                      RESULT_CORRECT, &err) == 0);
            CHECK(store_finish_attempt(s, att, 2, 2, 2, &err) == 0);
        }
    /* four of six staff finish a quiz; a manager's quiz does not count */
    for (int i = 0; i < 4; i++) {
        long long att;
        store_set_clock(s, at(JAN, 100 + i));
        CHECK(store_start_attempt(s, staff[i], "quiz", 1, "quiz", "en", "", "",
                                  &att, &err) == 0);
        CHECK(store_finish_attempt(s, att, 0, 20, 0, &err) == 0);
    }
    long long att;
    store_set_clock(s, at(JAN, 200));
    CHECK(store_start_attempt(s, boss[3], "quiz", 1, "quiz", "en", "", "", &att,
                              &err) == 0);
    CHECK(store_finish_attempt(s, att, 0, 20, 0, &err) == 0);
    CHECK_INT(query_int(path, "SELECT count(*) FROM completions"), 3 + 4 + 1);

    Report r = build(s, (Period){JAN, JAN}, 0, REPORT_ROLE_ALL, 3);
    CHECK_INT(r.participation.value, 70); /* (3 + 4) of 10 */
    CHECK_INT(r.participation.learners, 10);
    report_free(&r);
    r = build(s, (Period){JAN, JAN}, 0, ROLE_MANAGER, 3);
    CHECK_INT(r.participation.value, 75);
    report_free(&r);
    r = build(s, (Period){JAN + 1, JAN + 1}, 0, REPORT_ROLE_ALL, 3);
    CHECK_INT(r.participation.value, 0); /* nobody in February */
    report_free(&r);

    /* the register: names and completion, no scores */
    char *buf;
    size_t len;
    FILE *out = open_memstream(&buf, &len);
    ReportFilter f = {{JAN, JAN}, 0, REPORT_ROLE_ALL, 3};
    CHECK(report_write_register(s, &f, REPORT_CSV, out, &err) == 0);
    fclose(out);
    CHECK(strncmp(buf, "login,unit_id,unit,role,course,completed_at\n", 44) ==
          0);
    int lines = 0;
    for (char *p = buf; *p; p++)
        lines += *p == '\n';
    CHECK_INT(lines, 1 + 8);
    CHECK(strstr(buf, "boss0,") && strstr(buf, "leadership-course"));
    CHECK(strstr(buf, "staff3,") && strstr(buf, "awareness-quiz"));
    CHECK(!strstr(buf, "boss3,1,Org,manager,leadership-course"));
    CHECK(!strstr(buf, "points") && !strstr(buf, "score"));
    free(buf);
    store_close(s);
    free(path);
}

int main(void)
{
    i18n_init(NULL);
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_periods();
    test_index_by_hand();
    test_against_brute_force();
    test_subtraction_attack();
    test_exports();
    test_participation_and_register();
    char *cmd = xasprintf("rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    free(cmd);
    return TEST_DONE();
}
