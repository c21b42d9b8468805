/*
 * test_report.c - the CISO's report, its figures: periods and their
 * forms, the awareness index on small cases computed by hand, the running
 * totals against a brute-force reading of the stored answers for every
 * period and role, published figures private (a hidden one carries no
 * numbers, a shown one comes from k learners or more), and the totals
 * rebuilt from the answers. What leaves the program (the exports, the
 * register, suppression against subtraction): test_report_write.c.
 *
 * It runs on either backend (test_place.h; the argument says which):
 * core.report on SQLite, pg.report on PostgreSQL, the oracle reading the
 * stored answers of each (report_oracle.h). Published figures carry
 * noise, so they are compared with each other and with the exact ones
 * (report_exact.h), never with fixed values. One part is SQLite's alone
 * and runs in core.report only: a file of schema 4 upgraded in place gets
 * the same totals (check_sqlite_upgrade).
 */
#include "i18n.h"
#include "report.h"
#include "report_exact.h"

#include "../report_fixture.h"
#include "../report_oracle.h"
#include "../report_totals.h"
#include "../test.h"
#include "../test_place.h"

#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

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

    /* integrity has two learners: hidden, with no numbers; the overall is
     * the mean of the topics shown, so it cannot give integrity away (a
     * server publishes no two months: it says so; pg.privacy holds it to
     * the rest) */
    if (!server_refuses(s, (Period){JAN, JAN + 1})) {
        r = build_pub(s, (Period){JAN, JAN + 1}, 0, REPORT_ROLE_ALL, 3);
        CHECK(r.topic[I].suppressed);
        CHECK_INT(r.topic[I].value, 0);
        CHECK_INT(r.topic[I].learners, 0);
        CHECK(!r.topic[C].suppressed);
        CHECK(!r.overall.suppressed);
        CHECK_INT(r.overall.value, r.topic[C].value);
        report_free(&r);
    }

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
    place_drop(path);
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

/* As published against exact, for the same filter: empty alike; a shown
 * figure drawn from k learners or more in truth; a shown index within
 * its noise (publish.h: at most PUBLISH_SPREAD / N points for N learners,
 * and a point of rounding) when bounded; whatever the noise's hash. */
static int noise_failures;

static void check_noise(const Figure *pub, const Figure *exact, int k,
                        bool bounded, const char *what)
{
    bool bad = pub->empty != exact->empty;
    if (!pub->empty && !pub->suppressed) {
        int n = exact->learners;
        bad = bad || n < k;
        if (bounded)
            bad =
                bad || abs(pub->value - exact->value) * n > PUBLISH_SPREAD + n;
    }
    if (bad && noise_failures++ < 5)
        fprintf(
            stderr, "%s: published %d from %d learners%s, exactly %d from %d\n",
            what, pub->value, pub->learners, pub->suppressed ? " (hidden)" : "",
            exact->value, exact->learners);
}

/* A group's figures: its topics against the exact ones, and its overall
 * index the mean of the topics shown (a point of rounding). */
static void check_group(const Figure *overall, const Figure *topic,
                        const Figure *exact_overall, const Figure *exact_topic,
                        int k, const char *what)
{
    int sum = 0, shown = 0;
    for (int t = 0; t < TOPIC_COUNT; t++) {
        check_noise(&topic[t], &exact_topic[t], k, true, what);
        if (!topic[t].suppressed && !topic[t].empty) {
            sum += topic[t].value;
            shown++;
        }
    }
    check_noise(overall, exact_overall, k, false, what);
    if (!overall->suppressed && !overall->empty &&
        (shown == 0 || abs(overall->value * shown - sum) > shown) &&
        noise_failures++ < 5)
        fprintf(stderr, "%s: overall %d, the topics shown sum to %d of %d\n",
                what, overall->value, sum, shown);
}

/* The whole published report against the exact one. A unit's own row is
 * left out: as published it also holds units too small to show alone
 * (shown.h), which the exact own row does not. */
static void check_published(const Report *pub, const Report *exact)
{
    int k = pub->filter.k;
    check_group(&pub->overall, pub->topic, &exact->overall, exact->topic, k,
                "the organisation");
    for (int i = 0; i < pub->nunits; i++)
        for (int j = 0; j < exact->nunits && !pub->units[i].own; j++)
            if (exact->units[j].id == pub->units[i].id)
                check_group(&pub->units[i].overall, pub->units[i].topic,
                            &exact->units[j].overall, exact->units[j].topic, k,
                            pub->units[i].name);
    for (int i = 0; i < pub->ntrend && i < exact->ntrend; i++)
        check_group(&pub->trend[i].overall, pub->trend[i].topic,
                    &exact->trend[i].overall, exact->trend[i].topic, k,
                    "a month of the trend");
    for (int i = 0; i < ROLE_COUNT; i++)
        check_noise(&pub->role[i], &exact->role[i], k, false, role_id(i));
    /* participation is exact where it is shown (publish.h) */
    if (!pub->participation.suppressed &&
        pub->participation.value != exact->participation.value &&
        noise_failures++ < 5)
        fprintf(stderr, "participation published %d, exactly %d\n",
                pub->participation.value, exact->participation.value);
    CHECK_INT(pub->ntrend, exact->ntrend);
}

static uint64_t rng = 12345;

static int roll(int n)
{
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (int)((rng >> 33) % (uint64_t)n);
}

/* An organisation of three units (the third too small to show) with 19
 * learners and 400 answers over six months, in time order. */
static Store *random_history(char **path, long long units[3])
{
    Store *s = fresh(path);
    bool made;
    VkError err;
    UnitSeed seed[] = {{"Org", -1}, {"North", 0}, {"South", 0}, {"Tiny", 0}};
    CHECK(store_seed_units(s, seed, 4, &made, &err) == 0);
    units[0] = unit_id(s, "North");
    units[1] = unit_id(s, "South");
    units[2] = unit_id(s, "Tiny");
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
    for (int i = 0; i < 400; i++) {
        int month = JAN + i * 6 / 400, it = roll(5);
        answer(s, who[roll(nwho)], items[it], topics[it], (Result)roll(3),
               at(month, i));
    }
    CHECK_INT(place_int(*path, "SELECT count(*) FROM answers"), 400);
    return s;
}

/* Every period of the six months and every role: the exact figures
 * against the oracle, and as published, private (the tiny unit never
 * shows) and within their noise of the exact ones. */
static void check_periods(Store *s, const char *path, const long long *units)
{
    Oracle orc;
    CHECK(oracle_open(&orc, path) == 0);
    int checked = 0;
    for (int a = JAN; a < JAN + 6; a++)
        for (int b = a; b < JAN + 6; b++)
            for (int role = -1; role < ROLE_COUNT; role++) {
                Period p = {a, b};
                Report r = build(s, p, 0, role, 3);
                Truth all = oracle_truth(&orc, p, 0, role);
                for (int t = 0; t < TOPIC_COUNT; t++)
                    same(&r.topic[t], all.credit[t], all.answers[t],
                         all.learners[t], topic_id((Topic)t), p);
                CHECK_INT(r.nunits, 3);
                for (int u = 0; u < r.nunits; u++) {
                    Truth ut = oracle_truth(&orc, p, r.units[u].id, role);
                    for (int t = 0; t < TOPIC_COUNT; t++)
                        same(&r.units[u].topic[t], ut.credit[t], ut.answers[t],
                             ut.learners[t], r.units[u].name, p);
                }
                checked++;
                if (server_refuses(s, p)) {
                    report_free(&r);
                    continue;
                }
                Report pub = build_pub(s, p, 0, role, 3);
                for (int u = 0; u < pub.nunits; u++)
                    if (pub.units[u].id == units[2])
                        CHECK(pub.units[u].overall.suppressed ||
                              pub.units[u].overall.empty);
                check_privacy(&pub);
                check_published(&pub, &r);
                report_free(&pub);
                report_free(&r);
            }
    oracle_close(&orc);
    CHECK_INT(checked, 63);
    CHECK_INT(mismatches, 0);
    CHECK_INT(privacy_failures, 0);
    CHECK_INT(noise_failures, 0);
}

/* The totals rebuilt from the answers are the same totals: as the store
 * reads them for a report, on both backends; on SQLite every table of
 * them as text too (TOTALS_SQL: SQLite's own tables). */
static void check_rebuilt(Store *s, const char *path, const long long *units)
{
    char *before = totals_text(s, units, 3, JAN, JAN + 5);
    char *before_sql = place_pg ? NULL : query_text(path, TOTALS_SQL);
    VkError err;
    CHECK(store_rebuild_report(s, &err) == 0);
    char *after = totals_text(s, units, 3, JAN, JAN + 5);
    CHECK(strlen(before) > 1000);
    CHECK_STR(before, after);
    if (strcmp(before, after) != 0)
        totals_text_diff(before, after);
    if (!place_pg) {
        char *after_sql = query_text(path, TOTALS_SQL);
        CHECK(strlen(before_sql) > 1000);
        CHECK_STR(before_sql, after_sql);
        free(after_sql);
    }
    CHECK_INT(item_mismatches(path, "brute force"), 0);
    free(before);
    free(after);
    free(before_sql);
}

/* SQLite only (core.report): a file taken back to schema 4, before the
 * totals were kept, gets the same totals when it is upgraded. A server's
 * schema has no such version to go back to. */
static void check_sqlite_upgrade(Store **s, const char *path)
{
    Report r1 = build(*s, (Period){JAN, JAN + 5}, 0, -1, 3);
    store_close(*s);
    CHECK(place_exec(path, SCHEMA_8_OBJECTS
                     "DROP TABLE completions; DROP TABLE learner_items; "
                     "DROP TABLE learner_presence; DROP TABLE rollup; "
                     "DROP TABLE item_months; DROP INDEX learners_by_unit; "
                     "ALTER TABLE answers DROP COLUMN unit_id; "
                     "ALTER TABLE answers DROP COLUMN role; "
                     "PRAGMA user_version = 4"));
    VkError err;
    *s = store_open(path, &err);
    CHECK(*s != NULL);
    if (!*s) {
        report_free(&r1);
        return;
    }
    Report r2 = build(*s, (Period){JAN, JAN + 5}, 0, -1, 3);
    CHECK_INT(r2.overall.value, r1.overall.value);
    for (int t = 0; t < TOPIC_COUNT; t++) {
        CHECK_INT(r2.topic[t].value, r1.topic[t].value);
        CHECK_INT(r2.topic[t].learners, r1.topic[t].learners);
    }
    CHECK_INT(r2.nunits, r1.nunits);
    for (int u = 0; u < r1.nunits && u < r2.nunits; u++)
        CHECK_INT(r2.units[u].overall.value, r1.units[u].overall.value);
    report_free(&r1);
    report_free(&r2);
}

static void test_against_brute_force(void)
{
    char *path;
    long long units[3];
    Store *s = random_history(&path, units);
    check_periods(s, path, units);
    check_rebuilt(s, path, units);
    if (!place_pg)
        check_sqlite_upgrade(&s, path);
    store_close(s);
    place_drop(path);
}

int main(int argc, char **argv)
{
    i18n_init(NULL);
    if (!place_init(argc, argv))
        return 2;
    test_periods();
    test_index_by_hand();
    test_against_brute_force();
    place_done();
    return TEST_DONE();
}
