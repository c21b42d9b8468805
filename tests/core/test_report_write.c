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
    place_drop(path);
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
    CHECK_INT(place_int(path, "SELECT count(*) FROM completions"), 3 + 4 + 1);

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
    /* boss3 finished one lesson of two: no course, but the quiz */
    char *course = xasprintf("boss3,%lld,Org,manager,leadership-course", org);
    char *quiz = xasprintf("boss3,%lld,Org,manager,awareness-quiz", org);
    CHECK(!strstr(buf, course) && strstr(buf, quiz));
    free(course);
    free(quiz);
    CHECK(!strstr(buf, "points") && !strstr(buf, "score"));
    free(buf);
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
