/*
 * test_report_write.c - the CISO's report as it leaves the program:
 * k-anonymity with complementary suppression against an attempt to
 * recover a small unit's figure by subtraction, in the Report and in its
 * exports; k never below 3 and kept in the settings; every export (CSV
 * and JSON, by topic, unit, role and month) parsed back to the Report's
 * figures; participation, and the completion register with names and no
 * scores.
 *
 * It runs on either backend (test_place.h; the argument says which):
 * core.report_write on SQLite, pg.report_write on PostgreSQL. Published
 * figures carry noise, so they are compared with each other and with the
 * exact ones (report_exact.h), never with fixed values.
 */
#include "i18n.h"
#include "report.h"
#include "report_exact.h"

#include "../report_fixture.h"
#include "../report_oracle.h"
#include "../test.h"
#include "../test_place.h"

#include <stdlib.h>
#include <string.h>

/* ---- privacy: the adversary's sums ---- */

/* Two big units of twelve and one of two people, who both got it wrong;
 * the small unit's id. */
static long long two_small(Store *s)
{
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
    answer(s, learner(s, "t1", two, ROLE_STAFF), "p/q", TOPIC_CONFIDENTIALITY,
           RESULT_WRONG, at(JAN, n++));
    answer(s, learner(s, "t2", two, ROLE_MANAGER), "p/q", TOPIC_CONFIDENTIALITY,
           RESULT_WRONG, at(JAN, n++));
    return two;
}

/* The exports (CSV and JSON, by unit) carry no figure of the hidden unit
 * Two: its rows say suppressed or nothing, never 0. */
static void check_exports_hide(const Report *r)
{
    VkError err;
    char *buf;
    size_t len;
    for (int fmt = 0; fmt < 2; fmt++) {
        FILE *out = open_memstream(&buf, &len);
        CHECK(report_write(r, REPORT_BY_UNIT, (ReportFormat)fmt, out, &err) ==
              0);
        fclose(out);
        char *line = strtok(buf, "\n");
        for (; line; line = strtok(NULL, "\n"))
            if (strstr(line, ",Two,") || strstr(line, "\"Two\"")) {
                CHECK(strstr(line, "suppressed") || strstr(line, ",,") ||
                      strstr(line, "null"));
                CHECK(!strstr(line, ",0,") && !strstr(line, ": 0,"));
            }
        free(buf);
    }
}

/* The organisation's figure is shown; if the two big units were too, the
 * small one's score would be their difference from the total. */
static void test_subtraction_attack(void)
{
    char *path;
    Store *s = fresh(&path);
    long long two = two_small(s);
    VkError err;
    Report r = build(s, (Period){JAN, JAN}, 0, REPORT_ROLE_ALL, 5);
    CHECK_INT(r.overall.value, 69); /* (24 + 12) / 52 * ... = 36/52 */
    report_free(&r);
    r = build_pub(s, (Period){JAN, JAN}, 0, REPORT_ROLE_ALL, 5);
    CHECK(!r.overall.suppressed);
    int hidden = 0;
    const ReportUnit *small = NULL, *rest = NULL;
    for (int i = 0; i < r.nunits; i++) {
        hidden += r.units[i].overall.suppressed;
        if (r.units[i].id == two)
            small = &r.units[i];
        if (r.units[i].own)
            rest = &r.units[i];
    }
    CHECK(small && small->overall.suppressed);
    CHECK_INT(hidden, 2); /* the small unit and the next-smallest */
    /* both are counted in the organisation's own row, 14 learners, so
     * whatever the adversary subtracts, two groups stay together */
    CHECK(rest && !rest->overall.suppressed && rest->overall.learners >= 5);
    check_exports_hide(&r);
    /* by role: one manager hides the managers, and so the staff too */
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
    place_drop(path);
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

/* The Report's figure a CSV row (its fields f) of the table by stands
 * for, or NULL. */
static const Figure *csv_figure(const Report *r, ReportBy by, char **f)
{
    Topic t = topic_from_id(f[4]);
    bool overall = strcmp(f[4], "overall") == 0;
    if (by == REPORT_BY_TOPIC)
        return t != TOPIC_NONE                      ? &r->topic[t]
               : overall                            ? &r->overall
               : strcmp(f[4], "participation") == 0 ? &r->participation
                                                    : NULL;
    if (by == REPORT_BY_UNIT) {
        for (int i = 0; i < r->nunits; i++)
            if (r->units[i].id == atoll(f[1]))
                return t != TOPIC_NONE ? &r->units[i].topic[t]
                       : overall       ? &r->units[i].overall
                                       : &r->units[i].participation;
        return NULL;
    }
    if (by == REPORT_BY_ROLE)
        return &r->role[role_from_id(f[3])];
    int m = strcmp(f[0], "2026-02") == 0;
    return t != TOPIC_NONE ? &r->trend[m].topic[t] : &r->trend[m].overall;
}

/* The CSV table by: every row the Report's figure; the number of rows. */
static int check_csv(const Report *r, ReportBy by)
{
    VkError err;
    char *buf;
    size_t len;
    FILE *out = open_memstream(&buf, &len);
    CHECK(report_write(r, by, REPORT_CSV, out, &err) == 0);
    fclose(out);
    int rows = 0, matched = 0;
    char *save, *line = strtok_r(buf, "\n", &save);
    CHECK_STR(line, "period,unit_id,unit,role,measure,value,learners");
    while ((line = strtok_r(NULL, "\n", &save))) {
        char *f[8];
        CHECK_INT(split(line, f, 8), 7);
        rows++;
        const Figure *fig = csv_figure(r, by, f);
        if (!fig)
            continue;
        if (fig->suppressed)
            matched += strcmp(f[5], "suppressed") == 0 && !*f[6];
        else if (fig->empty)
            matched += !*f[5] && !*f[6];
        else
            matched += atoi(f[5]) == fig->value && atoi(f[6]) == fig->learners;
    }
    CHECK(rows > 0);
    CHECK_INT(matched, rows);
    free(buf);
    return rows;
}

/* The JSON table by: the same rows as the CSV's. */
static void check_json(const Report *r, ReportBy by, int rows)
{
    VkError err;
    char *buf;
    size_t len;
    FILE *out = open_memstream(&buf, &len);
    CHECK(report_write(r, by, REPORT_JSON, out, &err) == 0);
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
                 r->overall.value, r->overall.learners);
        CHECK(strstr(buf, want) != NULL);
    }
    free(buf);
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
    CHECK_INT(r.ntrend, 2);
    for (int by = 0; by < 4; by++)
        check_json(&r, (ReportBy)by, check_csv(&r, (ReportBy)by));
    report_free(&r);
    store_close(s);
    place_drop(path);
}

/* ---- participation and the register ---- */

/* A course of two lessons in January: three of four managers finish both,
 * one only one; four of six staff finish a quiz, and the fourth manager
 * a quiz too, which does not count for a manager. The organisation's id. */
static long long completions_org(Store *s, const char *path)
{
    bool made;
    VkError err;
    UnitSeed seed[] = {{"Org", -1}};
    CHECK(store_seed_units(s, seed, 1, &made, &err) == 0);
    long long org = unit_id(s, "Org"), att;
    char login[16];
    for (int i = 0; i < 4; i++) {
        snprintf(login, sizeof login, "boss%d", i);
        long long boss = learner(s, login, org, ROLE_MANAGER);
        for (int l = 0; l < (i < 3 ? 2 : 1); l++) {
            store_set_clock(s, at(JAN, i * 10 + l));
            CHECK(store_start_attempt(s, boss, l ? "two" : "one", 1, "course",
                                      "en", "", "", &att, &err) == 0);
            CHECK(store_record_answer(s, att, 0, "d", 0, TOPIC_CISO,
                                      RESULT_CORRECT, &err) == 0);
            CHECK(store_finish_attempt(s, att, 2, 2, 2, &err) == 0);
        }
        if (i < 3)
            continue;
        store_set_clock(s, at(JAN, 200));
        CHECK(store_start_attempt(s, boss, "quiz", 1, "quiz", "en", "", "",
                                  &att, &err) == 0);
        CHECK(store_finish_attempt(s, att, 0, 20, 0, &err) == 0);
    }
    for (int i = 0; i < 6; i++) {
        snprintf(login, sizeof login, "staff%d", i);
        long long staff = learner(s, login, org, ROLE_STAFF);
        if (i >= 4)
            continue;
        store_set_clock(s, at(JAN, 100 + i));
        CHECK(store_start_attempt(s, staff, "quiz", 1, "quiz", "en", "", "",
                                  &att, &err) == 0);
        CHECK(store_finish_attempt(s, att, 0, 20, 0, &err) == 0);
    }
    CHECK_INT(place_int(path, "SELECT count(*) FROM completions"), 3 + 4 + 1);
    return org;
}

/* The register of January: names and completions, no scores. */
static void check_register(Store *s, long long org)
{
    VkError err;
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
    /* boss3 finished one lesson of two: no course, but the quiz; each
     * completion at the time it was made, in UTC */
    char *want[] = {
        xasprintf("boss0,%lld,Org,manager,leadership-course,"
                  "2026-01-10T12:00:01Z\n",
                  org),
        xasprintf("staff3,%lld,Org,staff,awareness-quiz,"
                  "2026-01-10T12:01:43Z\n",
                  org),
        xasprintf("boss3,%lld,Org,manager,awareness-quiz,"
                  "2026-01-10T12:03:20Z\n",
                  org),
    };
    for (int i = 0; i < 3; i++) {
        CHECK_CONTAINS(buf, want[i]);
        free(want[i]);
    }
    char *course = xasprintf("boss3,%lld,Org,manager,leadership-course", org);
    CHECK(!strstr(buf, course));
    free(course);
    CHECK(!strstr(buf, "points") && !strstr(buf, "score"));
    free(buf);
}

static void test_participation_and_register(void)
{
    char *path;
    Store *s = fresh(&path);
    long long org = completions_org(s, path);
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
    check_register(s, org);
    store_close(s);
    place_drop(path);
}

int main(int argc, char **argv)
{
    i18n_init(NULL);
    if (!place_init(argc, argv))
        return 2;
    test_subtraction_attack();
    test_exports();
    test_participation_and_register();
    place_done();
    return TEST_DONE();
}
