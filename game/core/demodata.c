/*
 * demodata.c - the synthetic organisation of demodata.h.
 */
#include "demodata.h"

#include "i18n.h"
#include "period.h"
#include "player.h"
#include "quiz.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct Rng {
    uint64_t s;
} Rng;

static uint64_t next(Rng *r) /* splitmix64 */
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static double uniform(Rng *r)
{
    return (double)(next(r) >> 11) / 9007199254740992.0;
}

static int below(Rng *r, int n)
{
    return n > 0 ? (int)(uniform(r) * n) : 0;
}

/* How hard each topic is: a learner's log-odds of answering right. */
static const double topic_ease[TOPIC_COUNT] = {
    0.9,  /* confidentiality: familiar */
    0.2,  /* integrity */
    0.5,  /* availability */
    -0.3, /* responsibility: delegation and risk ownership trip managers */
    -0.6, /* the CISO's role */
    -0.4, /* systematic work */
};

typedef struct Gen {
    StoreBulk *bulk;
    Rng rng;
    const DemoDataOptions *o;
    DemoDataStats *stats;
    const Scene **questions; /* every quiz question */
    const char **question_pool;
    int nquestions;
} Gen;

/* A time in month m: day and second of day from the generator. */
static void two(char *p, int v)
{
    p[0] = (char)('0' + v / 10 % 10);
    p[1] = (char)('0' + v % 10);
}

/* Written by hand: ten million of these. */
static void stamp(int month, int day, int second, char out[32])
{
    memcpy(out, "2000-01-01T00:00:00Z", 21);
    two(out, month / 1200);
    two(out + 2, month / 12 % 100);
    two(out + 5, month % 12 + 1);
    two(out + 8, 1 + day % 28);
    two(out + 11, second / 3600 % 24);
    two(out + 14, second / 60 % 60);
    two(out + 17, second % 60);
}

/* Picks a choice of a decision for a learner of this skill. */
static int pick(Gen *g, const Scene *sc, double skill)
{
    double logit = skill + topic_ease[sc->topic];
    double p = 1.0 / (1.0 + exp(-logit));
    int right = -1, others[LESSON_MAX_CHOICES], nothers = 0;
    for (int i = 0; i < sc->nchoices; i++) {
        if (sc->choices[i].result == RESULT_CORRECT && right < 0)
            right = i;
        else
            others[nothers++] = i;
    }
    if (right >= 0 && (nothers == 0 || uniform(&g->rng) < p))
        return right;
    /* wrong choices are not equally tempting: the first is the trap */
    if (nothers > 1 && uniform(&g->rng) < 0.55)
        return others[0];
    return others[below(&g->rng, nothers)];
}

typedef struct Person {
    long long id, unit;
    Role role;
    double skill[TOPIC_COUNT];
} Person;

static void learn(Person *p, Topic t, Result r)
{
    /* practice helps, and a wrong answer's feedback helps most */
    p->skill[t] += r == RESULT_CORRECT ? 0.01 : 0.04;
}

typedef struct Answer {
    const char *scene;
    int choice;
    Topic topic;
    Result result;
    int second;
} Answer;

/* Plays one course lesson along the learner's choices; returns the
 * attempt's id. */
static long long play_lesson(Gen *g, Person *who, const Lesson *l, int month,
                             int day, int *second)
{
    Player pl;
    player_start(&pl, l, 0);
    char started[32], at[32];
    stamp(month, day, *second, started);
    Answer ans[64];
    int n = 0;
    while (pl.phase != PLAYER_SUMMARY) {
        const Scene *sc = player_scene(&pl);
        if (scene_is_decision(sc) && pl.phase == PLAYER_SCENE) {
            *second += 20 + below(&g->rng, 60);
            int c = pick(g, sc, who->skill[sc->topic]);
            if (n < 64)
                ans[n++] = (Answer){sc->id, c, sc->topic, sc->choices[c].result,
                                    *second};
            player_choose(&pl, c);
            learn(who, sc->topic, sc->choices[c].result);
        }
        if (!player_continue(&pl))
            break;
    }
    *second += 30;
    stamp(month, day, *second, at);
    long long attempt =
        store_bulk_attempt(g->bulk, who->id, l->id, l->version, "course",
                           started, at, pl.points, pl.max_points);
    for (int i = 0; i < n; i++) {
        char when[32];
        stamp(month, day, ans[i].second, when);
        store_bulk_answer(g->bulk, attempt, i, ans[i].scene, ans[i].choice,
                          ans[i].topic, ans[i].result, when, who->unit,
                          who->role);
    }
    g->stats->attempts++;
    g->stats->answers += n;
    return attempt;
}

static void take_quiz(Gen *g, Person *who, int month)
{
    int day = below(&g->rng, 28), second = 8 * 3600 + below(&g->rng, 9 * 3600);
    char started[32], at[32];
    stamp(month, day, second, started);
    int pickq[QUIZ_LENGTH], n = 0;
    while (n < QUIZ_LENGTH && n < g->nquestions) {
        int q = below(&g->rng, g->nquestions);
        bool dup = false;
        for (int i = 0; i < n; i++)
            dup |= pickq[i] == q;
        if (!dup)
            pickq[n++] = q;
    }
    int choice[QUIZ_LENGTH], points = 0;
    for (int i = 0; i < n; i++) {
        const Scene *sc = g->questions[pickq[i]];
        choice[i] = pick(g, sc, who->skill[sc->topic]);
        points += score_points(sc->choices[choice[i]].result);
    }
    stamp(month, day, second + 40 * n + 20, at);
    long long attempt =
        store_bulk_attempt(g->bulk, who->id, "quiz", 1, "quiz", started, at,
                           points, n * SCORE_MAX_PER_DECISION);
    for (int i = 0; i < n; i++) {
        const Scene *sc = g->questions[pickq[i]];
        char ref[160], when[32];
        snprintf(ref, sizeof ref, "%s/%s", g->question_pool[pickq[i]], sc->id);
        stamp(month, day, second + 40 * i + 30, when);
        Result r = sc->choices[choice[i]].result;
        store_bulk_answer(g->bulk, attempt, i, ref, choice[i], sc->topic, r,
                          when, who->unit, who->role);
        learn(who, sc->topic, r);
    }
    store_bulk_completion(g->bulk, who->id, attempt, false, who->unit,
                          who->role, at);
    g->stats->attempts++;
    g->stats->answers += n;
    g->stats->completions++;
}

/* A unit tree: a root, divisions under it, departments under those; the
 * number of learners in each is drawn from a skewed distribution. */
static long long *make_units(Gen *g, double **weight)
{
    int u = g->o->units;
    long long *ids = xcalloc((size_t)u, sizeof *ids);
    *weight = xcalloc((size_t)u, sizeof **weight);
    int divisions = u <= 1 ? 0 : (int)ceil(sqrt((double)(u - 1) / 3.0));
    for (int i = 0; i < u; i++) {
        char name[64], hr[32];
        long long parent = 0;
        if (i == 0) {
            snprintf(name, sizeof name, "%s", _("Demo Region"));
            snprintf(hr, sizeof hr, "R0");
        } else if (i <= divisions) {
            snprintf(name, sizeof name, _("Division %d"), i);
            snprintf(hr, sizeof hr, "D%d", i);
            parent = ids[0];
        } else {
            int d = 1 + (i - divisions - 1) % (divisions ? divisions : 1);
            snprintf(name, sizeof name, _("Department %d.%d"), d,
                     (i - divisions - 1) / (divisions ? divisions : 1) + 1);
            snprintf(hr, sizeof hr, "U%d", i);
            parent = divisions ? ids[d] : ids[0];
        }
        ids[i] = store_bulk_unit(g->bulk, name, parent, hr);
        g->stats->units++;
        /* departments hold most people; a few are tiny */
        double w = i == 0 ? 0.2 : i <= divisions ? 0.5 : 1.0;
        double x = uniform(&g->rng);
        w *= x < 0.08 ? 0.01 : exp(1.2 * (uniform(&g->rng) - 0.5) * 2.0);
        (*weight)[i] = w;
    }
    return ids;
}

/* Every quiz question of the pools, with its pool's id. */
static void list_questions(Gen *g)
{
    const LessonSet *pools = g->o->pools;
    for (int i = 0; i < pools->count; i++)
        g->nquestions += pools->items[i]->nscenes;
    g->questions = xcalloc((size_t)g->nquestions + 1, sizeof *g->questions);
    g->question_pool =
        xcalloc((size_t)g->nquestions + 1, sizeof *g->question_pool);
    g->nquestions = 0;
    for (int i = 0; i < pools->count; i++)
        for (int q = 0; q < pools->items[i]->nscenes; q++) {
            g->question_pool[g->nquestions] = pools->items[i]->id;
            g->questions[g->nquestions++] = &pools->items[i]->scenes[q];
        }
}

/* A manager's month of the course: two or three lessons on one day, and
 * the course completed with its last lesson. */
static void take_lessons(Gen *g, Person *p, int m, int *lesson, int *second)
{
    const LessonSet *course = g->o->course;
    int day = below(&g->rng, 20);
    int n = 2 + below(&g->rng, 2);
    long long attempt = 0;
    for (int k = 0; k < n && *lesson < course->count; k++)
        attempt = play_lesson(g, p, course->items[(*lesson)++], m, day, second);
    if (attempt && *lesson == course->count) {
        char done[32];
        stamp(m, day, *second, done);
        /* the register names the last lesson's attempt */
        store_bulk_completion(g->bulk, p->id, attempt, true, p->unit, p->role,
                              done);
        g->stats->completions++;
    }
}

/* Learner number i (0-based) of a unit with the given culture: who they
 * are, and what they did each month from joining to `last`. */
static void make_person(Gen *g, int i, long long unit, double culture,
                        int first, int last)
{
    const DemoDataOptions *o = g->o;
    Person p = {0};
    p.unit = unit;
    p.role = uniform(&g->rng) < 0.10 ? ROLE_MANAGER : ROLE_STAFF;
    double base = culture + (uniform(&g->rng) - 0.5) * 1.6 - 0.4;
    for (int t = 0; t < TOPIC_COUNT; t++)
        p.skill[t] = base + (uniform(&g->rng) - 0.5) * 0.8;
    char login[32], at[32];
    snprintf(login, sizeof login, "learner%06d", i + 1);
    /* people join over the period; a few are never active */
    int joined =
        first + (uniform(&g->rng) < 0.6 ? 0 : below(&g->rng, o->months));
    stamp(joined, 0, 8 * 3600, at);
    p.id = store_bulk_learner(g->bulk, login, p.unit, p.role, at);
    g->stats->learners++;
    double activity =
        uniform(&g->rng) < 0.07 ? 0 : 0.55 + 0.6 * uniform(&g->rng);
    if (activity > 1)
        activity = 1;
    int course_from = joined + below(&g->rng, 3);
    int lesson = 0, second = 9 * 3600;
    for (int m = joined; m <= last; m++) {
        if (p.role == ROLE_MANAGER && m >= course_from &&
            lesson < o->course->count && activity > 0) {
            take_lessons(g, &p, m, &lesson, &second);
            continue;
        }
        double chance =
            p.role == ROLE_MANAGER ? 0.25 * activity : 0.85 * activity;
        if (uniform(&g->rng) >= chance)
            continue;
        /* the keen take a second quiz some months */
        int quizzes = uniform(&g->rng) < 0.8 * activity ? 2 : 1;
        quizzes *= o->quizzes > 1 ? o->quizzes : 1;
        for (int q = 0; q < quizzes; q++)
            take_quiz(g, &p, m);
    }
}

int demodata_fill(Store *s, const DemoDataOptions *o, DemoDataStats *stats,
                  VkError *err)
{
    memset(stats, 0, sizeof *stats);
    Unit *existing;
    int nexisting;
    if (store_list_units(s, &existing, &nexisting, err) < 0)
        return -1;
    free(existing);
    if (nexisting > 0) {
        vk_error_set(err,
                     _("the database already has an organisation; demo data "
                       "goes only into a new, empty database (choose one "
                       "with --db)"));
        return -1;
    }
    Gen g = {.rng = {o->seed}, .o = o, .stats = stats};
    list_questions(&g);
    int last = o->last_month ? o->last_month : month_of_time(time(NULL));
    int first = last - o->months + 1;
    /* the report's span totals in one pass once the load is in */
    g.bulk = store_spans_defer(s, err) == 0 ? store_bulk_begin(s, err) : NULL;
    if (!g.bulk) {
        free(g.questions);
        free(g.question_pool);
        store_spans_refill(s, NULL);
        return -1;
    }
    double *weight;
    long long *units = make_units(&g, &weight);
    double total = 0;
    /* some units take security more seriously than others */
    double *culture = xcalloc((size_t)o->units, sizeof *culture);
    for (int i = 0; i < o->units; i++) {
        total += weight[i];
        culture[i] = (uniform(&g.rng) - 0.5) * 1.4;
    }
    int unit = 0;
    double acc = weight[0];
    for (int i = 0; i < o->learners; i++) {
        /* learners fill units in proportion to their weights */
        double target = (i + 0.5) * total / o->learners;
        while (acc < target && unit + 1 < o->units)
            acc += weight[++unit];
        make_person(&g, i, units[unit], culture[unit], first, last);
    }
    free(units);
    free(weight);
    free(culture);
    free(g.questions);
    free(g.question_pool);
    int rc = store_bulk_end(g.bulk, true, err);
    return store_spans_refill(s, rc == 0 ? err : NULL) < 0 ? -1 : rc;
}
