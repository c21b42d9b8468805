/*
 * test_report_cache.c - reports over long periods from the span totals
 * (report_slots.c) and through a kept ReportCache (report_cache.c).
 * Over three and a half years of answers, some late, and completions:
 * every figure of periods that cross years, as quarters, years and cut
 * months, against the brute-force reading of the answers; then
 * report_build_cached against report_build, figure for figure, for many
 * filters in turn through one cache, and again after an answer from this
 * connection, an answer and a move from another connection, and with the
 * store closed and opened again.
 */
#include "i18n.h"
#include "report.h"
#include "report_exact.h"

#include "../report_oracle.h"
#include "../test.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

static char dir[] = "/tmp/vaksam-test-cache-XXXXXX";

enum { FIRST = JAN - 30, LAST = JAN + 9, LEARNERS = 40 };

typedef struct Org {
    char *path;
    Store *s;
    long long unit[6]; /* North, South, Tiny, North A, North B, South A */
    long long who[LEARNERS];
} Org;

static uint64_t rng = 4242;

static int roll(int n)
{
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (int)((rng >> 33) % (uint64_t)n);
}

/* A quiz of one question at a time; finished, it is a completion. */
static void quiz(Store *s, long long who, const char *item, Topic t, Result r,
                 long long when, bool finish)
{
    VkError err;
    long long attempt;
    store_set_clock(s, when);
    CHECK(store_start_attempt(s, who, "quiz", 1, "quiz", "en", "", "", &attempt,
                              &err) == 0);
    CHECK(store_record_answer(s, attempt, 0, item, (int)r, t, r, &err) == 0);
    if (finish)
        CHECK(store_finish_attempt(s, attempt, 1, 2, 0, &err) == 0);
}

static void make_org(Org *o)
{
    o->path = xasprintf("%s/org.db", dir);
    VkError err;
    o->s = store_open(o->path, &err);
    bool made;
    UnitSeed seed[] = {{"Org", -1},   {"North", 0},   {"South", 0},
                       {"Tiny", 0},   {"North A", 1}, {"North B", 1},
                       {"South A", 2}};
    CHECK(store_seed_units(o->s, seed, 7, &made, &err) == 0);
    const char *names[6] = {"North",   "South",   "Tiny",
                            "North A", "North B", "South A"};
    for (int i = 0; i < 6; i++)
        o->unit[i] = unit_id(o->s, names[i]);
    for (int i = 0; i < LEARNERS; i++) {
        char login[16];
        snprintf(login, sizeof login, "c%d", i);
        int u = i < 2 ? 2 : i % 5 == 0 ? 0 : 1 + i % 5;
        o->who[i] = learner(o->s, login, o->unit[u],
                            i % 4 == 0 ? ROLE_MANAGER : ROLE_STAFF);
    }
    const char *items[] = {"p/a", "p/b", "p/c", "p/d", "p/e", "p/f"};
    Topic topics[] = {TOPIC_CONFIDENTIALITY,
                      TOPIC_CONFIDENTIALITY,
                      TOPIC_INTEGRITY,
                      TOPIC_AVAILABILITY,
                      TOPIC_CISO,
                      TOPIC_SYSTEMATIC};
    int span = LAST - FIRST + 1;
    for (int i = 0; i < 700; i++) {
        int month = FIRST + i * span / 700, it = roll(6);
        if (i % 13 == 7 && month > FIRST + 8) /* late: a clock put back */
            month -= 1 + roll(8);
        quiz(o->s, o->who[roll(LEARNERS)], items[it], topics[it],
             (Result)roll(3), at(month, i), i % 3 == 0);
    }
}

/* Every figure of a report as text, to compare two reports whole. */
static void put_figure(StrBuf *sb, const Figure *f)
{
    strbuf_printf(sb, " %d/%d/%d/%d%d", f->value, f->learners, f->answers,
                  f->empty, f->suppressed);
}

static char *report_text(const Report *r)
{
    StrBuf sb = {0};
    strbuf_printf(&sb, "%d..%d %lld %d %d [%s] %d %d %d\n",
                  r->filter.period.first, r->filter.period.last,
                  r->filter.unit_id, r->filter.role, r->filter.k, r->unit_name,
                  r->has_change, r->change, r->quarterly);
    put_figure(&sb, &r->overall);
    put_figure(&sb, &r->overall_previous);
    put_figure(&sb, &r->participation);
    for (int t = 0; t < TOPIC_COUNT; t++)
        put_figure(&sb, &r->topic[t]);
    for (int i = 0; i < ROLE_COUNT; i++)
        put_figure(&sb, &r->role[i]);
    for (int i = 0; i < r->nunits; i++) {
        const ReportUnit *u = &r->units[i];
        strbuf_printf(&sb, "\nU %lld [%s] %d %u %d", u->id, u->name, u->own,
                      u->folded, u->with_folded);
        put_figure(&sb, &u->overall);
        put_figure(&sb, &u->participation);
        for (int t = 0; t < TOPIC_COUNT; t++)
            put_figure(&sb, &u->topic[t]);
    }
    for (int i = 0; i < r->ntrend; i++) {
        strbuf_printf(&sb, "\nT %d..%d", r->trend[i].period.first,
                      r->trend[i].period.last);
        put_figure(&sb, &r->trend[i].overall);
        for (int t = 0; t < TOPIC_COUNT; t++)
            put_figure(&sb, &r->trend[i].topic[t]);
    }
    for (int i = 0; i < r->nmissed; i++) {
        const Missed *m = &r->missed[i];
        strbuf_printf(&sb, "\nM %s/%s %d %d %d %d", m->lesson_id, m->scene_id,
                      m->answers, m->learners, m->missed_percent, m->nchoices);
        for (int c = 0; c < m->nchoices; c++)
            strbuf_printf(&sb, " %d=%d", m->choices[c].choice,
                          m->choices[c].percent);
    }
    return sb.data;
}

/* The periods checked: months, quarters, calendar years, rolling windows
 * and long ranges that start and end inside quarters and years. */
static const Period periods[] = {
    {JAN + 9, JAN + 9},  {JAN - 6, JAN - 4},  {JAN - 12, JAN - 1},
    {JAN + 7, JAN + 9},  {JAN - 2, JAN + 9},  {JAN - 14, JAN + 9},
    {JAN - 23, JAN + 9}, {FIRST, LAST},       {JAN - 25, JAN + 2},
    {JAN - 17, JAN - 5}, {JAN - 29, JAN - 7}, {FIRST + 1, LAST - 1},
};
enum { PERIODS = sizeof periods / sizeof *periods };

/* Whether a report's row counts only the members of one unit, as the
 * oracle reads a unit: an own row, or a unit with nothing below it. */
static bool one_unit(const Org *o, const ReportUnit *u)
{
    return u->own || (u->id != o->unit[0] && u->id != o->unit[1]);
}

/* The exact figures of long periods against the stored answers: the
 * organisation's, its trend's, and every row of one unit, for everyone
 * and for staff. */
static void test_against_answers(Org *o)
{
    long long units[4] = {0, o->unit[0], o->unit[1], o->unit[3]};
    Oracle orc;
    CHECK(oracle_open(&orc, o->path) == 0);
    for (int p = 0; p < PERIODS; p++)
        for (int u = 0; u < 4; u++)
            for (int role = -1; role < ROLE_COUNT; role += 2) {
                Report r;
                VkError err;
                ReportFilter f = {periods[p], units[u], role, REPORT_K_MIN};
                CHECK(report_build_exact(o->s, &f, &r, &err) == 0);
                Truth all = oracle_truth(&orc, periods[p], 0, role);
                for (int k = 0; k < TOPIC_COUNT && u == 0; k++)
                    same(&r.topic[k], all.credit[k], all.answers[k],
                         all.learners[k], "all", periods[p]);
                for (int i = 0; i < r.nunits; i++) {
                    if (!one_unit(o, &r.units[i]))
                        continue;
                    Truth t =
                        oracle_truth(&orc, periods[p], r.units[i].id, role);
                    for (int k = 0; k < TOPIC_COUNT; k++)
                        same(&r.units[i].topic[k], t.credit[k], t.answers[k],
                             t.learners[k], r.units[i].name, periods[p]);
                }
                /* the trend of the longest periods */
                for (int i = 0; i < r.ntrend && u == 0 && role < 0 &&
                                periods[p].last - periods[p].first > 20;
                     i++) {
                    Truth t =
                        oracle_truth(&orc, r.trend[i].period, units[u], role);
                    for (int k = 0; k < TOPIC_COUNT; k++)
                        same(&r.trend[i].topic[k], t.credit[k], t.answers[k],
                             t.learners[k], "trend", r.trend[i].period);
                }
                report_free(&r);
            }
    oracle_close(&orc);
    CHECK_INT(mismatches, 0);
}

/* report_build_cached through c against report_build, for one filter;
 * returns the report's text. */
static char *same_report(Store *s, ReportCache *c, const ReportFilter *f)
{
    Report fresh, kept;
    VkError err;
    CHECK(report_build(s, f, &fresh, &err) == 0);
    CHECK(report_build_cached(s, c, f, &kept, &err) == 0);
    char *a = report_text(&fresh), *b = report_text(&kept);
    if (strcmp(a, b) != 0) {
        fprintf(stderr, "cached report differs:\n%s\n--- fresh ---\n%s\n", b,
                a);
        CHECK_STR(b, a);
    }
    report_free(&fresh);
    report_free(&kept);
    free(b);
    return a;
}

static ReportFilter filter_of(const Org *o, int i)
{
    long long units[4] = {0, o->unit[0], o->unit[1], o->unit[3]};
    ReportFilter f = {periods[i % PERIODS], units[i / PERIODS % 4],
                      i / PERIODS / 4 % 3 - 1, i % 7 ? REPORT_K_DEFAULT : 3};
    return f;
}

enum { FILTERS = PERIODS * 4 * 3 };

static void test_cached_equals_fresh(Org *o)
{
    ReportCache *c = report_cache_new();
    /* every filter twice, in two orders, through the same cache */
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < FILTERS; i++) {
            int j = round ? (i * 37 + 11) % FILTERS : i;
            ReportFilter f = filter_of(o, j);
            free(same_report(o->s, c, &f));
        }
    ReportFilter org = {{JAN - 2, JAN + 9}, 0, REPORT_ROLE_ALL, 5};
    char *before = same_report(o->s, c, &org);
    /* an answer from this connection, between two reports */
    quiz(o->s, o->who[5], "p/a", TOPIC_CONFIDENTIALITY, RESULT_WRONG,
         at(JAN + 9, 5000), true);
    char *after = same_report(o->s, c, &org);
    CHECK(strcmp(before, after) != 0); /* the answer shows */
    free(before);
    /* an answer and a move from another connection */
    VkError err;
    Store *other = store_open(o->path, &err);
    CHECK(other != NULL);
    quiz(other, o->who[6], "p/b", TOPIC_CONFIDENTIALITY, RESULT_CORRECT,
         at(JAN + 9, 5001), false);
    before = after;
    after = same_report(o->s, c, &org);
    CHECK(strcmp(before, after) != 0);
    free(before);
    learner(other, "c6", o->unit[2], ROLE_MANAGER);
    store_close(other);
    ReportFilter tiny = {{JAN - 2, JAN + 9}, o->unit[1], REPORT_ROLE_ALL, 3};
    free(same_report(o->s, c, &tiny));
    before = after;
    after = same_report(o->s, c, &org);
    free(before);
    /* the store closed and opened again, the cache kept */
    store_close(o->s);
    o->s = store_open(o->path, &err);
    CHECK(o->s != NULL);
    for (int i = 0; i < FILTERS; i += 5) {
        ReportFilter f = filter_of(o, i);
        free(same_report(o->s, c, &f));
    }
    free(after);
    report_cache_free(c);
}

int main(void)
{
    i18n_init(VAKSAM_LOCALE_DIR);
    i18n_set_language("en");
    if (!mkdtemp(dir))
        return 1;
    Org o = {0};
    make_org(&o);
    test_against_answers(&o);
    test_cached_equals_fresh(&o);
    store_close(o.s);
    free(o.path);
    char *cmd = xasprintf("rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    free(cmd);
    return TEST_DONE();
}
