/*
 * test_privacy.c - an adversary against the CISO's report. It builds a
 * small organisation with groups below k (a two-person unit, a unit with
 * one manager, units with two or three managers, a unit whose only
 * complement is one sibling), asks for every view the command line allows
 * (every unit, role and period form; every --by table is a part of one
 * Report), and then tries to recover every hidden group's figures from
 * everything published:
 *   - by subtracting one published group from another (units, roles and
 *     periods), and by weighted means with the true answer counts as
 *     weights (more than a real attacker knows);
 *   - by solving the linear system that the published sums form within a
 *     period (a tau-ARGUS-style audit: a hidden group is exposed when its
 *     cells lie in the span of the published groups' cells).
 * It fails when a group is shown differently in two views, when a hidden
 * group's learner count is pinned (recovered exactly by a structurally
 * determined combination more often than by chance), or when an attack
 * estimates a hidden index better than the guess "the same as the smallest
 * published group that contains it".
 *
 * Ground truth comes from the test's own log of every answer it recorded,
 * not from the program; the store is checked to hold every one of them.
 *
 * It runs on either backend (test_place.h; the argument says which):
 * core.privacy on SQLite, pg.privacy on PostgreSQL, each attacking the
 * report its own store publishes.
 */
#include "report.h"

#include "../test.h"
#include "../test_clock.h"
#include "../test_place.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

enum { NUNITS = 8, K = 5, MONTHS = 6, MAXL = 96 };
static const int JAN = 2026 * 12, NOW = 2026 * 12 + 5;
#define NCELLS (NUNITS * 2)
#include "../span.h"

/* The organisation: parent index, own staff, own managers, skill. */
static const struct {
    const char *name;
    int parent, staff, managers;
    double skill;
} org[NUNITS] = {
    {"Org", -1, 4, 1, 0.70},        {"Sales", 0, 10, 3, 0.60},
    {"Sales North", 1, 2, 0, 0.85}, {"Sales South", 1, 6, 1, 0.45},
    {"Support", 0, 0, 0, 0.70},     {"Support Desk", 4, 8, 0, 0.75},
    {"Support Lab", 4, 3, 0, 0.35}, {"Finance", 0, 14, 2, 0.80},
};

typedef struct Ans {
    int cell, month, topic, item, credit; /* credit in half points */
    int learner; /* 1..MAXL, the test's own number (not the store's id) */
} Ans;

static Ans *log_;
static int nlog;
static long long unit_ids[NUNITS];

static uint64_t rng = 88172645463325252ull;
static double unif(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

/* ---- groups: a set of cells (unit x role) and a period ---- */

typedef struct Group {
    uint32_t cells; /* bit (unit * 2 + role) */
    int first, last;
} Group;

static uint32_t subtree_cells(int u, uint32_t roles)
{
    uint32_t c = 0;
    for (int v = 0; v < NUNITS; v++) {
        int p = v;
        while (p >= 0 && p != u)
            p = org[p].parent;
        if (p == u)
            for (int r = 0; r < 2; r++)
                if (roles & (1u << r))
                    c |= 1u << (v * 2 + r);
    }
    return c;
}

static uint32_t own_cells(int u, uint32_t roles)
{
    uint32_t c = 0;
    for (int r = 0; r < 2; r++)
        if (roles & (1u << r))
            c |= 1u << (u * 2 + r);
    return c;
}

/* The truth of a group: per topic credit, latest answers and learners,
 * and the learners active at all. */
typedef struct Truth {
    long long credit[TOPIC_COUNT], answers[TOPIC_COUNT], learners[TOPIC_COUNT];
    long long active;
    double overall; /* mean of the non-empty topics, or -1 */
} Truth;

static Truth truth(Group g)
{
    Truth t = {0};
    static int latest[MAXL + 1][TOPIC_COUNT][4];
    static char seen[MAXL + 1][TOPIC_COUNT + 1];
    memset(latest, -1, sizeof latest);
    memset(seen, 0, sizeof seen);
    for (int i = 0; i < nlog; i++) {
        const Ans *a = &log_[i];
        if (!(g.cells & (1u << a->cell)) || a->month < g.first ||
            a->month > g.last)
            continue;
        latest[a->learner][a->topic][a->item] = a->credit; /* log in order */
    }
    for (int l = 1; l <= MAXL; l++)
        for (int tp = 0; tp < TOPIC_COUNT; tp++)
            for (int it = 0; it < 4; it++)
                if (latest[l][tp][it] >= 0) {
                    t.credit[tp] += latest[l][tp][it];
                    t.answers[tp]++;
                    if (!seen[l][tp]++)
                        t.learners[tp]++;
                    if (!seen[l][TOPIC_COUNT]++)
                        t.active++;
                }
    double sum = 0;
    int n = 0;
    for (int tp = 0; tp < TOPIC_COUNT; tp++)
        if (t.answers[tp]) {
            sum += 100.0 * (double)t.credit[tp] / (2.0 * (double)t.answers[tp]);
            n++;
        }
    t.overall = n ? sum / n : -1;
    return t;
}

/* ---- what was published ---- */

enum { MEASURES = TOPIC_COUNT + 1, HIDDEN = -1, EMPTY = -2 }; /* 0: overall */

/* One published figure: a measure of a group. */
typedef struct Fact {
    char where[64];
    Group g;
    int m;
    int value;    /* as published, or HIDDEN / EMPTY */
    int learners; /* overall only */
} Fact;

static char where[64]; /* the view being read, for messages */
static Fact *facts;
static int nfacts, capfacts, inconsistent;

static int fig(const Figure *f)
{
    return f->empty ? EMPTY : f->suppressed ? HIDDEN : f->value;
}

static void fact(Group g, int m, const Figure *f)
{
    Fact n = {"", g, m, fig(f), m == 0 && fig(f) >= 0 ? f->learners : -1};
    snprintf(n.where, sizeof n.where, "%s", where);
    for (int i = 0; i < nfacts; i++) {
        Fact *o = &facts[i];
        if (o->g.cells != g.cells || o->g.first != g.first ||
            o->g.last != g.last || o->m != m)
            continue;
        if ((o->value != n.value || o->learners != n.learners) &&
            inconsistent++ < 5)
            fprintf(stderr,
                    "the same group is shown as %d (%d learners) in one view "
                    "and %d (%d) in another (cells %x, months %d..%d, "
                    "measure %d; %s / %s)\n",
                    o->value, o->learners, n.value, n.learners, g.cells,
                    g.first - JAN, g.last - JAN, m, o->where, where);
        return;
    }
    if (nfacts == capfacts) {
        capfacts = capfacts ? 2 * capfacts : 256;
        facts = realloc(facts, (size_t)capfacts * sizeof *facts);
    }
    facts[nfacts++] = n;
}

static void publish(Group g, const Figure *overall, const Figure *topic)
{
    fact(g, 0, overall);
    for (int t = 0; topic && t < TOPIC_COUNT; t++)
        fact(g, t + 1, &topic[t]);
}

static int unit_index(long long id)
{
    for (int u = 0; u < NUNITS; u++)
        if (unit_ids[u] == id)
            return u;
    return -1;
}

/* Every view of unit u (index, or -1 for the organisation), role and
 * period, recorded as facts about groups. */
static void view(Store *s, int u, int role, Period p)
{
    uint32_t roles = role < 0 ? 3u : 1u << (role == ROLE_MANAGER ? 0 : 1);
    ReportFilter f = {p, u < 0 ? 0 : unit_ids[u], role, K};
    Report r;
    VkError err;
    if (report_build(s, &f, &r, &err) < 0) {
        fprintf(stderr, "report_build: %s\n", err.msg);
        test_failed++;
        return;
    }
    int sel = u < 0 ? 0 : u;
    snprintf(where, sizeof where, "unit %d role %d months %d..%d", u, role,
             p.first - JAN, p.last - JAN);
    uint32_t all = subtree_cells(sel, roles);
    publish((Group){all, p.first, p.last}, &r.overall, r.topic);
    publish((Group){all, r.previous.first, r.previous.last},
            &r.overall_previous, NULL);
    for (int i = 0; i < ROLE_COUNT; i++) {
        uint32_t one = 1u << (i == ROLE_MANAGER ? 0 : 1);
        if (roles & one)
            publish((Group){subtree_cells(sel, one), p.first, p.last},
                    &r.role[i], NULL);
    }
    /* the own row holds, for each measure, the unit's own members and
     * every unit below it that does not show the measure on its own */
    for (int m = 0; m < MEASURES; m++) {
        uint32_t rest = all;
        for (int i = 0; i < r.nunits; i++) {
            if (!r.units[i].own && !(r.units[i].folded & (1u << m)))
                rest &= ~subtree_cells(unit_index(r.units[i].id), roles);
        }
        for (int i = 0; i < r.nunits; i++) {
            int c = unit_index(r.units[i].id);
            uint32_t cells = r.units[i].own ? rest : subtree_cells(c, roles);
            fact((Group){cells, p.first, p.last}, m,
                 m ? &r.units[i].topic[m - 1] : &r.units[i].overall);
        }
    }
    for (int i = 0; i < r.ntrend; i++)
        publish((Group){all, r.trend[i].period.first, r.trend[i].period.last},
                &r.trend[i].overall, r.trend[i].topic);
    report_free(&r);
}

/* ---- the attacks ---- */

typedef struct Score {
    int n, attack_within5, guess_within5;
    double attack_err, guess_err;
} Score;

static Score index_score;

/* The cells of published facts, for span_solve. */
static bool solve(const int *rows, int nrows, uint32_t target, double *alpha)
{
    static uint32_t cells[4096];
    for (int i = 0; i < nrows; i++)
        cells[i] = facts[rows[i]].g.cells;
    return span_solve(cells, nrows, target, alpha);
}
static int counts_tried, counts_exact;

static void score(double estimate, double guess, double want)
{
    if (estimate < 0)
        estimate = 0;
    if (estimate > 100)
        estimate = 100;
    index_score.n++;
    index_score.attack_err += fabs(estimate - want);
    index_score.guess_err += fabs(guess - want);
    index_score.attack_within5 += fabs(estimate - want) <= 5;
    index_score.guess_within5 += fabs(guess - want) <= 5;
}

/* The guess: the smallest published group of the period that contains the
 * target and shows the measure. */
static double guess(Group g, int m)
{
    int best = -1, size = 99;
    for (int i = 0; i < nfacts; i++) {
        const Fact *f = &facts[i];
        if (f->g.first != g.first || f->g.last != g.last || f->m != m ||
            (f->g.cells & g.cells) != g.cells || f->value < 0)
            continue;
        int bits = __builtin_popcount(f->g.cells);
        if (bits < size)
            best = i, size = bits;
    }
    return best < 0 ? 50 : facts[best].value;
}

/* A topic's published index as a credit total, given the true answers. */
static double credit_of(const Fact *f, int t)
{
    Truth tr = truth(f->g);
    return (double)f->value * 2.0 * (double)tr.answers[t] / 100.0;
}

/* Every hidden target of one period through the linear system. */
static void attack_period(int first, int last, Group target)
{
    static int rows[4096];
    int n = 0;
    double alpha[4096];
    Truth want = truth(target);
    if (want.active == 0 || want.active >= K)
        return;
    /* learners: published counts (additive: nobody moves) */
    n = 0;
    for (int i = 0; i < nfacts && n < 4096; i++)
        if (facts[i].g.first == first && facts[i].g.last == last &&
            facts[i].m == 0 && facts[i].learners >= 0)
            rows[n++] = i;
    if (solve(rows, n, target.cells, alpha)) {
        double est = 0;
        for (int r = 0; r < n; r++)
            est += alpha[r] * facts[rows[r]].learners;
        if (est < 1)
            est = 1;
        if (est > K - 1)
            est = K - 1;
        counts_tried++;
        counts_exact += fabs(est - (double)want.active) < 0.5;
    }
    /* each topic's index, weighted by the true answers */
    double sum = 0;
    int topics = 0, solved = 0;
    for (int t = 0; t < TOPIC_COUNT; t++) {
        if (!want.answers[t])
            continue;
        topics++;
        n = 0;
        for (int i = 0; i < nfacts && n < 4096; i++)
            if (facts[i].g.first == first && facts[i].g.last == last &&
                facts[i].m == t + 1 && facts[i].value >= 0)
                rows[n++] = i;
        if (!solve(rows, n, target.cells, alpha))
            continue;
        double credit = 0;
        for (int r = 0; r < n; r++)
            credit += alpha[r] * credit_of(&facts[rows[r]], t);
        double est = 100.0 * credit / (2.0 * (double)want.answers[t]);
        double exact =
            100.0 * (double)want.credit[t] / (2.0 * (double)want.answers[t]);
        score(est, guess(target, t + 1), exact);
        sum += est < 0 ? 0 : est > 100 ? 100 : est;
        solved++;
    }
    if (topics && solved == topics)
        score(sum / topics, guess(target, 0), want.overall);
}

/* Subtraction across periods: the same cells in a period and in a longer
 * one that shares its first or its last month give the months between. */
static void attack_periods(void)
{
    for (int i = 0; i < nfacts; i++)
        for (int j = 0; j < nfacts; j++) {
            const Fact *a = &facts[i], *b = &facts[j];
            if (a->g.cells != b->g.cells || a->m != b->m || a->m == 0 ||
                a->value < 0 || b->value < 0 ||
                (a->g.first != b->g.first && a->g.last != b->g.last) ||
                b->g.last - b->g.first <= a->g.last - a->g.first ||
                a->g.first < b->g.first || a->g.last > b->g.last)
                continue;
            Group d = {a->g.cells,
                       a->g.first == b->g.first ? a->g.last + 1 : b->g.first,
                       a->g.first == b->g.first ? b->g.last : a->g.first - 1};
            Truth want = truth(d), ta = truth(a->g), tb = truth(b->g);
            int t = a->m - 1;
            long long wa = ta.answers[t], wb = tb.answers[t];
            if (want.learners[t] == 0 || want.learners[t] >= K || wb <= wa)
                continue;
            double est = ((double)b->value * (double)wb -
                          (double)a->value * (double)wa) /
                         (double)(wb - wa);
            score(est, b->value,
                  100.0 * (double)want.credit[t] /
                      (2.0 * (double)want.answers[t]));
        }
}

/* ---- the organisation and its answers ---- */

static Store *make_org(const char *path)
{
    VkError err;
    Store *s = store_open(path, &err);
    if (!s) {
        fprintf(stderr, "%s\n", err.msg);
        return NULL;
    }
    /* a fixed key, so that the noise and so the test are the same on
     * every run */
    CHECK(store_set_setting(s, "report_key", "000102030405060708090a0b0c0d0e0f",
                            &err) == 0);
    UnitSeed seed[NUNITS];
    for (int u = 0; u < NUNITS; u++)
        seed[u] = (UnitSeed){org[u].name, org[u].parent};
    bool made;
    CHECK(store_seed_units(s, seed, NUNITS, &made, &err) == 0);
    Unit *units;
    int n;
    CHECK(store_list_units(s, &units, &n, &err) == 0);
    for (int u = 0; u < NUNITS; u++)
        for (int i = 0; i < n; i++)
            if (strcmp(units[i].name, org[u].name) == 0)
                unit_ids[u] = units[i].id;
    free(units);
    return s;
}

/* An answer of learner number n (1..MAXL), whose store id is who. */
static void answer(Store *s, long long who, int n, int cell, int month, int seq)
{
    static const double topic_ease[TOPIC_COUNT] = {0.1,  0,     -0.1,
                                                   -0.2, -0.25, 0.05};
    int u = cell / 2, role = cell % 2;
    int t = (int)(unif() * TOPIC_COUNT), item = (int)(unif() * 4);
    double p = org[u].skill + topic_ease[t] - (role == 0 ? 0.2 : 0);
    double x = unif();
    int credit = x < p ? 2 : x < p + 0.15 ? 1 : 0;
    char scene[64];
    snprintf(scene, sizeof scene, "quiz-%s/q%d", topic_id((Topic)t), item);
    VkError err;
    long long attempt;
    store_set_clock(s, at(JAN + month, seq));
    CHECK(store_start_attempt(s, who, "quiz", 1, "quiz", "en", "", "", &attempt,
                              &err) == 0);
    CHECK(store_record_answer(s, attempt, 0, scene, credit == 2 ? 0 : 1,
                              (Topic)t,
                              credit == 2   ? RESULT_CORRECT
                              : credit == 1 ? RESULT_PARTLY
                                            : RESULT_WRONG,
                              &err) == 0);
    log_[nlog++] = (Ans){cell, JAN + month, t, item, credit, n};
}

static void fill(Store *s)
{
    long long ids[MAXL];
    int cells[MAXL], nl = 0;
    for (int u = 0; u < NUNITS; u++)
        for (int r = 0; r < 2; r++) {
            int count = r == 0 ? org[u].managers : org[u].staff;
            for (int i = 0; i < count; i++) {
                char login[32];
                snprintf(login, sizeof login, "u%d-%c%d", u, r ? 's' : 'm', i);
                Learner l;
                VkError err;
                CHECK(store_save_learner(s, login, unit_ids[u],
                                         r ? ROLE_STAFF : ROLE_MANAGER, &l,
                                         &err) == 0);
                ids[nl] = l.id;
                cells[nl++] = u * 2 + r;
            }
        }
    log_ = calloc((size_t)nl * MONTHS * 8, sizeof *log_);
    for (int m = 0; m < MONTHS; m++)
        for (int i = 0; i < nl; i++) {
            if (unif() < 0.25)
                continue; /* not this month */
            int answers = 3 + (int)(unif() * 4);
            for (int a = 0; a < answers; a++)
                answer(s, ids[i], i + 1, cells[i], m, i * 10 + a);
        }
}

/* Every period the command line accepts over the months with data. */
static int periods(Period *out)
{
    char text[64];
    int n = 0;
    const char *fixed[] = {"2026", "2026-Q1", "2026-Q2", "2026-Q3"};
    for (int i = 0; i < 4 + 12 + 21 + 24; i++) {
        if (i < 4)
            snprintf(text, sizeof text, "%s", fixed[i]);
        else if (i < 16)
            snprintf(text, sizeof text, "2026-%02d", i - 3);
        else if (i < 37) {
            int a = 1, b = i - 16 + 1; /* the 21 ranges within Jan..Jun */
            while (b > 6 - a + 1) {
                b -= 6 - a + 1;
                a++;
            }
            snprintf(text, sizeof text, "2026-%02d..2026-%02d", a, a + b - 1);
        } else
            snprintf(text, sizeof text, "last-%d", i - 36);
        Period p;
        VkError err;
        if (period_parse(text, NOW, &p, &err) < 0)
            continue;
        bool dup = false;
        for (int j = 0; j < n; j++)
            dup |= out[j].first == p.first && out[j].last == p.last;
        if (!dup)
            out[n++] = p;
    }
    return n;
}

/* Every hidden group a view could name, and every unit's own role cells,
 * in every period that was published, attacked through the linear system
 * and then across periods; the number of targets. */
static int attack_all(const Period *ps, int np)
{
    int targets = 0;
    for (int p = 0; p < np; p++)
        for (int u = 0; u < NUNITS; u++)
            for (uint32_t roles = 1; roles <= 3; roles++)
                for (int own = 0; own < 2; own++) {
                    Group g = {own ? own_cells(u, roles)
                                   : subtree_cells(u, roles),
                               ps[p].first, ps[p].last};
                    Truth t = truth(g);
                    if (t.active > 0 && t.active < K) {
                        targets++;
                        attack_period(g.first, g.last, g);
                    }
                }
    int linear = index_score.n;
    printf("hidden figures the published sums determine: %d learner counts, "
           "%d index figures\n",
           counts_tried, linear);
    /* the audit: no hidden group lies in the span of the published ones */
    CHECK_INT(counts_tried, 0);
    CHECK_INT(linear, 0);
    attack_periods();
    return targets;
}

int main(int argc, char **argv)
{
    if (!place_init(argc, argv))
        return 2;
    char *path = place_new("org");
    Store *s = make_org(path);
    if (!s) {
        CHECK(!"a new store");
        return TEST_DONE();
    }
    fill(s);
    CHECK_INT(place_int(path, "SELECT count(*) FROM answers"), nlog);
    Period ps[64];
    int np = periods(ps), views = 0;
    for (int p = 0; p < np; p++)
        for (int u = -1; u < NUNITS; u++)
            for (int role = -1; role < ROLE_COUNT; role++, views++)
                view(s, u, role, ps[p]);
    printf("%s: %d answers, %d views over %d periods, %d groups published\n",
           place_pg ? "PostgreSQL" : "SQLite", nlog, views, np, nfacts);
    CHECK_INT(inconsistent, 0);
    int targets = attack_all(ps, np);
    Score *sc = &index_score;
    printf("%d hidden groups attacked; learner counts recovered exactly: %d "
           "of %d\n",
           targets, counts_exact, counts_tried);
    printf("hidden index figures estimated: %d; within 5 points: attack %d "
           "(%.0f %%), guess %d (%.0f %%); mean error: attack %.1f, guess "
           "%.1f points\n",
           sc->n, sc->attack_within5,
           100.0 * sc->attack_within5 / (sc->n + !sc->n), sc->guess_within5,
           100.0 * sc->guess_within5 / (sc->n + !sc->n),
           sc->attack_err / (sc->n + !sc->n), sc->guess_err / (sc->n + !sc->n));
    CHECK(targets > 20);
    /* the attack must do no better than the guess */
    CHECK(sc->attack_within5 <= sc->guess_within5);
    CHECK(sc->attack_err >= sc->guess_err);
    store_close(s);
    place_drop(path);
    place_done();
    free(log_);
    free(facts);
    return TEST_DONE();
}
