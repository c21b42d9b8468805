/*
 * test_player.c - the lesson state machine: hand-computed paths through
 * the fixtures (flags and variants in state.lesson), the order choices are
 * shown in, and every path through every real lesson under every state its
 * choices build, each of which must reach the summary with the score,
 * flags, meters and variants an oracle written from the format computes;
 * and in every lesson of the course choices matter (test_stories).
 */
#include "lesson_paths.h"
#include "lesson_state.h"

#include "../test.h"

#include <stdlib.h>

static Lesson *load(const char *path)
{
    Diags d = {0};
    Lesson *l = lesson_load(path, &d);
    for (int i = 0; i < d.count; i++)
        fprintf(stderr, "%s\n", d.items[i]);
    diags_free(&d);
    return l;
}

/* Plays choices[] (one per decision), continuing through every scene. */
static void play(Player *p, const Lesson *l, const int *choices, int n)
{
    player_start(p, l, 0);
    int k = 0;
    for (int guard = 0; guard < 100 && p->phase != PLAYER_SUMMARY; guard++) {
        if (p->phase == PLAYER_SCENE && player_scene(p)->nchoices) {
            CHECK(k < n);
            CHECK(player_choose(p, k < n ? choices[k] : 0));
            k++;
        } else {
            CHECK(player_continue(p));
        }
    }
    CHECK_INT(p->phase, PLAYER_SUMMARY);
    CHECK_INT(k, n);
}

static void test_fixture_paths(void)
{
    Lesson *l = load(FIXTURES "/valid.lesson");
    CHECK(l != NULL);
    if (!l)
        return;
    Player p;
    /* Good, Yes: trust 50+10, integrity 50+5, availability 50+50 */
    play(&p, l, (int[]){0, 0}, 2);
    CHECK_INT(player_score(&p), 100);
    CHECK_INT(p.meters[METER_TRUST], 60);
    CHECK_INT(p.meters[METER_INTEGRITY], 55);
    CHECK_INT(p.meters[METER_AVAILABILITY], 100);
    CHECK_INT(p.meters[METER_CONFIDENTIALITY], 50);
    /* Middling, Yes: 1 + 2 of 4 points */
    play(&p, l, (int[]){1, 0}, 2);
    CHECK_INT(player_score(&p), 75);
    CHECK_INT(p.meters[METER_TRUST], 45);
    /* Bad (via the detour), No: 0 points, availability clamps at 0 */
    play(&p, l, (int[]){2, 1}, 2);
    CHECK_INT(player_score(&p), 0);
    CHECK_INT(p.meters[METER_TRUST], 20);
    CHECK_INT(p.meters[METER_CONFIDENTIALITY], 30);
    CHECK_INT(p.meters[METER_AVAILABILITY], 0);
    CHECK_INT(p.last_delta[METER_AVAILABILITY], -50);
    CHECK_INT(p.decisions, 2);

    /* the branch really changes what comes next */
    player_start(&p, l, 0);
    CHECK(player_continue(&p));
    CHECK(player_choose(&p, 2));
    CHECK(player_continue(&p));
    CHECK_STR(player_scene(&p)->id, "detour");
    player_start(&p, l, 0);
    CHECK(player_continue(&p));
    CHECK(player_choose(&p, 0));
    CHECK(player_continue(&p));
    CHECK_STR(player_scene(&p)->id, "last");

    /* what the machine refuses */
    player_start(&p, l, 0);
    CHECK(!player_choose(&p, 0)); /* a scene without choices */
    CHECK(player_continue(&p));
    CHECK(!player_continue(&p)); /* a decision needs a choice */
    CHECK(!player_choose(&p, 3));
    CHECK(!player_choose(&p, -1));
    CHECK(player_choose(&p, 0));
    CHECK(!player_choose(&p, 1)); /* only once */
    CHECK_INT(p.decisions, 1);

    /* seeking follows scenes without choices only */
    player_start(&p, l, 0);
    CHECK(player_seek(&p, "choose"));
    CHECK_STR(player_scene(&p)->id, "choose");
    CHECK(!player_seek(&p, "last"));
    CHECK_STR(player_scene(&p)->id, "choose");
    lesson_free(l);
}

/* An oracle for the player, written from lessons/README.md and not from
 * player.c: which variant a scene shows and where it leads. */
typedef struct State {
    uint32_t flags;
    int meters[METER_COUNT];
    int points, max;
} State;

static bool term(const CondTerm *t, const State *st)
{
    if (t->flag >= 0)
        return t->not ? !(st->flags & 1u << t->flag)
                      : (st->flags & 1u << t->flag) != 0;
    int v = t->meter == COND_SCORE
                ? (st->max ? (st->points * 100 + st->max / 2) / st->max : 0)
                : st->meters[t->meter];
    return t->op == '<'   ? v < t->value
           : t->op == '>' ? v > t->value
           : t->op == 'l' ? v <= t->value
                          : v >= t->value;
}

static int shown_variant(const Scene *s, const State *st)
{
    for (int v = 0; v < s->nvariants; v++) {
        bool all = true;
        for (int i = 0; i < s->variants[v].cond.nterms; i++)
            all = all && term(&s->variants[v].cond.terms[i], st);
        if (all)
            return v;
    }
    return -1;
}

typedef struct Walk {
    const Lesson *l;
    int path[64];
    int paths, min_decisions, max_decisions;
    int full_marks_paths;
} Walk;

/* Plays the path through the player and checks it against the oracle's
 * state at the end and the variant of every scene on the way. */
static void check_path(Walk *w, const State *st, const int *variants, int n,
                       int nscenes)
{
    Player p;
    player_start(&p, w->l, 0);
    int k = 0, seen = 0;
    for (int guard = 0; guard < 100 && p.phase != PLAYER_SUMMARY; guard++) {
        if (p.phase == PLAYER_SCENE) {
            CHECK(seen < nscenes && p.variant == variants[seen]);
            seen++;
        }
        if (p.phase == PLAYER_SCENE && player_scene(&p)->nchoices)
            CHECK(player_choose(&p, w->path[k++]));
        else
            CHECK(player_continue(&p));
    }
    CHECK_INT(p.phase, PLAYER_SUMMARY); /* every path ends */
    CHECK_INT(k, n);
    CHECK_INT(seen, nscenes);
    CHECK_INT(p.points, st->points);
    CHECK_INT(p.max_points, 2 * n);
    CHECK_INT(p.flags, st->flags);
    for (int m = 0; m < METER_COUNT; m++)
        CHECK_INT(p.meters[m], st->meters[m]);
    w->paths++;
    if (n < w->min_decisions)
        w->min_decisions = n;
    if (n > w->max_decisions)
        w->max_decisions = n;
    if (st->points == 2 * n)
        w->full_marks_paths++;
}

/* Walks every path from scene si under every state the choices build. */
static void walk(Walk *w, int si, State st, int *variants, int nscenes,
                 int n)
{
    if (si == LESSON_END) {
        check_path(w, &st, variants, n, nscenes);
        return;
    }
    CHECK(nscenes < 64);
    if (nscenes >= 64)
        return;
    const Scene *s = &w->l->scenes[si];
    int v = shown_variant(s, &st);
    variants[nscenes] = v;
    int vnext = v >= 0 ? s->variants[v].next : LESSON_NO_NEXT;
    if (!s->nchoices) {
        walk(w, vnext != LESSON_NO_NEXT ? vnext : s->next, st, variants,
             nscenes + 1, n);
        return;
    }
    for (int c = 0; c < s->nchoices; c++) {
        const Choice *ch = &s->choices[c];
        State next = st;
        next.points += ch->result == RESULT_CORRECT ? 2
                                                    : ch->result == RESULT_PARTLY;
        next.max += 2;
        next.flags |= ch->sets;
        for (int m = 0; m < METER_COUNT; m++) {
            int x = next.meters[m] + ch->effect[m];
            next.meters[m] = x < 0 ? 0 : x > 100 ? 100 : x;
        }
        w->path[n] = c;
        int to = ch->own_next ? ch->next
                 : vnext != LESSON_NO_NEXT ? vnext
                                           : ch->next;
        walk(w, to, next, variants, nscenes + 1, n + 1);
    }
}

static void walk_all(Walk *w)
{
    State st = {0};
    for (int m = 0; m < METER_COUNT; m++)
        st.meters[m] = METER_START;
    int variants[64];
    walk(w, w->l->start, st, variants, 0, 0);
}

static void test_state_fixture(void)
{
    Lesson *l = load(FIXTURES "/state.lesson");
    CHECK(l != NULL);
    if (!l)
        return;
    Player p;
    /* October: the meeting two scenes on is the October one */
    play(&p, l, (int[]){0}, 1);
    CHECK_INT(p.flags, 1u);
    player_start(&p, l, 0);
    CHECK(player_choose(&p, 0) && player_continue(&p) && player_continue(&p));
    CHECK_STR(player_scene(&p)->id, "meeting");
    CHECK_STR(player_text(&p)->src,
              "The meeting is held in October, as you decided.");
    CHECK_STR(player_title(&p)->src, "October");
    CHECK(player_continue(&p));
    CHECK_STR(player_text(&p)->src, "The year ends well.");
    /* February: the scene's own text; trust 20 darkens the close */
    player_start(&p, l, 0);
    CHECK(player_choose(&p, 1) && player_continue(&p) && player_continue(&p));
    CHECK_STR(player_text(&p)->src, "The meeting is held in February.");
    CHECK(player_title(&p)->src == NULL);
    CHECK(player_continue(&p));
    CHECK_STR(player_text(&p)->src, "The year ends with little trust left.");
    /* no meeting: the variant's next leads to the board's question */
    player_start(&p, l, 0);
    CHECK(player_choose(&p, 2) && player_continue(&p) && player_continue(&p));
    CHECK_STR(player_text(&p)->src, "No meeting is held.");
    CHECK(player_continue(&p));
    CHECK_STR(player_scene(&p)->id, "fallout");
    /* resuming seeks through variants the same way */
    player_start(&p, l, 0);
    CHECK(player_choose(&p, 2) && player_continue(&p));
    CHECK(player_seek(&p, "fallout"));
    CHECK_STR(player_scene(&p)->id, "fallout");
    Walk w = {.l = l, .min_decisions = 1000};
    walk_all(&w);
    CHECK_INT(w.paths, 4);
    long n = lesson_walk(l, 100, NULL, NULL);
    CHECK_INT(n, 4);
    /* decisions ahead: open, and the board's question when no meeting */
    int lo, hi;
    lesson_decisions_left(l, 0, &lo, &hi);
    CHECK(lo == 1 && hi == 2);
    lesson_decisions_left(l, lesson_find_scene(l, "fallout"), &lo, &hi);
    CHECK(lo == 1 && hi == 1);
    lesson_decisions_left(l, lesson_find_scene(l, "close"), &lo, &hi);
    CHECK(lo == 0 && hi == 0);
    CHECK_INT(lesson_walk(l, 3, NULL, NULL), -1);
    lesson_free(l);
}

/* The order of choices: a permutation, the same for a seed and a scene,
 * different across seeds, the file's order for seed 0. */
static void test_order(void)
{
    Lesson *l = load(FIXTURES "/valid.lesson");
    CHECK(l != NULL);
    if (!l)
        return;
    Player p;
    int order[LESSON_MAX_CHOICES], again[LESSON_MAX_CHOICES];
    player_start(&p, l, 0);
    CHECK(player_continue(&p));
    CHECK_INT(player_order(&p, order), 3);
    CHECK(order[0] == 0 && order[1] == 1 && order[2] == 2);
    int firsts[3] = {0}, differ = 0;
    for (uint64_t seed = 1; seed <= 300; seed++) {
        player_start(&p, l, seed);
        CHECK(player_continue(&p));
        player_order(&p, order);
        player_order(&p, again);
        int mask = 0;
        for (int i = 0; i < 3; i++) {
            CHECK(order[i] >= 0 && order[i] < 3);
            mask |= 1 << order[i];
            CHECK_INT(order[i], again[i]);
        }
        CHECK_INT(mask, 7);
        firsts[order[0]]++;
        differ += order[0] != 0 || order[1] != 1;
    }
    /* each choice comes first about a third of the time */
    for (int i = 0; i < 3; i++)
        CHECK(firsts[i] > 60 && firsts[i] < 140);
    CHECK(differ > 200);
    lesson_free(l);
}

/* What the ways through a lesson show of its consequences: the closings
 * (the last scene and its variant), a flag read by a variant two or more
 * scenes after the choice that set it, a variant on a meter in effect. */
typedef struct Story {
    int closings[64][2], nclosings;
    bool later, meter;
    char later_what[160];
} Story;

static void story_path(const PathStep *steps, int n, const Player *end,
                       void *ctx)
{
    Story *st = ctx;
    const Lesson *l = end->lesson;
    const PathStep *last = &steps[n - 1];
    bool known = false;
    for (int i = 0; i < st->nclosings; i++)
        known |= st->closings[i][0] == last->scene &&
                 st->closings[i][1] == last->variant;
    if (!known && st->nclosings < 64) {
        st->closings[st->nclosings][0] = last->scene;
        st->closings[st->nclosings++][1] = last->variant;
    }
    for (int j = 0; j < n; j++) {
        if (steps[j].variant < 0)
            continue;
        const Scene *s = &l->scenes[steps[j].scene];
        const Cond *c = &s->variants[steps[j].variant].cond;
        st->meter |= cond_reads_meter(c);
        for (int t = 0; t < c->nterms; t++) {
            int f = c->terms[t].flag;
            if (f < 0 || c->terms[t].not)
                continue;
            for (int i = 0; i + 2 <= j && !st->later; i++) {
                const PathStep *at = &steps[i];
                if (at->choice >= 0 &&
                    l->scenes[at->scene].choices[at->choice].sets & 1u << f) {
                    st->later = true;
                    snprintf(st->later_what, sizeof st->later_what,
                             "'%s' set in %s, read %d scenes later in %s",
                             l->flags[f], l->scenes[at->scene].id, j - i,
                             s->id);
                }
            }
        }
    }
}

/* The course's lessons, without the quiz pools. */
static void load_course(LessonSet *set, Diags *d)
{
    lessonset_load_dir(set, VAKSAM_LESSONS_DIR, d);
    LessonSet pools = {0};
    lessonset_take_quizzes(set, &pools);
    lessonset_free(&pools);
}

/* Every lesson of the course lets choices matter: a consequence two or
 * more scenes after its cause, two closings or more, and a meter that
 * changes the story when it falls. */
static void test_stories(void)
{
    LessonSet set = {0};
    Diags d = {0};
    load_course(&set, &d);
    CHECK(set.count >= 8);
    for (int i = 0; i < set.count; i++) {
        Story st = {0};
        CHECK(lesson_walk(set.items[i], LESSON_PATH_LIMIT, story_path, &st) >
              0);
        printf("%s: %d closings; %s; %s\n", set.items[i]->id, st.nclosings,
               st.later ? st.later_what : "NO consequence two scenes on",
               st.meter ? "a meter changes the story"
                        : "NO variant on a meter");
        CHECK(st.nclosings >= 2);
        CHECK(st.later);
        CHECK(st.meter);
    }
    lessonset_free(&set);
    diags_free(&d);
}

static void test_real_lessons(void)
{
    LessonSet set = {0};
    Diags d = {0};
    load_course(&set, &d);
    CHECK_INT(d.count, 0);
    CHECK(set.count >= 1);
    for (int i = 0; i < set.count; i++) {
        Walk w = {.l = set.items[i], .min_decisions = 1000};
        walk_all(&w);
        printf("%s: %d paths, %d to %d decisions\n", w.l->id, w.paths,
               w.min_decisions, w.max_decisions);
        CHECK(w.paths > 1);
        CHECK_INT(lesson_walk(w.l, LESSON_PATH_LIMIT, NULL, NULL), w.paths);
        CHECK(w.min_decisions >= 4); /* the course's rule */
        CHECK(w.full_marks_paths >= 1);
        /* at least one choice leads somewhere its siblings do not */
        bool branch = false;
        for (int s = 0; s < w.l->nscenes; s++)
            for (int c = 1; c < w.l->scenes[s].nchoices; c++)
                branch |= w.l->scenes[s].choices[c].next !=
                          w.l->scenes[s].choices[0].next;
        CHECK(branch);
    }
    lessonset_free(&set);
    diags_free(&d);
}

int main(void)
{
    test_fixture_paths();
    test_state_fixture();
    test_order();
    test_real_lessons();
    test_stories();
    return TEST_DONE();
}
