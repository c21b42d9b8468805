/*
 * test_player.c - the lesson state machine: hand-computed paths through
 * the fixture, and every path through every real lesson, each of which
 * must reach the summary with the score and meters the lesson's choices
 * add up to.
 */
#include "player.h"

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
    player_start(p, l);
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
    player_start(&p, l);
    CHECK(player_continue(&p));
    CHECK(player_choose(&p, 2));
    CHECK(player_continue(&p));
    CHECK_STR(player_scene(&p)->id, "detour");
    player_start(&p, l);
    CHECK(player_continue(&p));
    CHECK(player_choose(&p, 0));
    CHECK(player_continue(&p));
    CHECK_STR(player_scene(&p)->id, "last");

    /* what the machine refuses */
    player_start(&p, l);
    CHECK(!player_choose(&p, 0)); /* a scene without choices */
    CHECK(player_continue(&p));
    CHECK(!player_continue(&p)); /* a decision needs a choice */
    CHECK(!player_choose(&p, 3));
    CHECK(!player_choose(&p, -1));
    CHECK(player_choose(&p, 0));
    CHECK(!player_choose(&p, 1)); /* only once */
    CHECK_INT(p.decisions, 1);

    /* seeking follows scenes without choices only */
    player_start(&p, l);
    CHECK(player_seek(&p, "choose"));
    CHECK_STR(player_scene(&p)->id, "choose");
    CHECK(!player_seek(&p, "last"));
    CHECK_STR(player_scene(&p)->id, "choose");
    lesson_free(l);
}

/* Walks every path from scene si with the meters and points so far. */
typedef struct Walk {
    const Lesson *l;
    int path[64];
    int paths, min_decisions, max_decisions;
    int full_marks_paths;
} Walk;

static void check_path(Walk *w, int n)
{
    Player p;
    play(&p, w->l, w->path, n);
    /* what the path adds up to, computed here from the lesson's data */
    int meters[METER_COUNT], points = 0, si = w->l->start, k = 0;
    for (int m = 0; m < METER_COUNT; m++)
        meters[m] = METER_START;
    while (si != LESSON_END) {
        const Scene *s = &w->l->scenes[si];
        if (!s->nchoices) {
            si = s->next;
            continue;
        }
        const Choice *c = &s->choices[w->path[k++]];
        points += c->result == RESULT_CORRECT ? 2 : c->result == RESULT_PARTLY;
        for (int m = 0; m < METER_COUNT; m++) {
            meters[m] += c->effect[m];
            meters[m] = meters[m] < 0 ? 0 : meters[m] > 100 ? 100 : meters[m];
        }
        si = c->next;
    }
    CHECK_INT(p.points, points);
    CHECK_INT(p.max_points, 2 * n);
    CHECK_INT(player_score(&p), (points * 100 + n) / (2 * n));
    for (int m = 0; m < METER_COUNT; m++)
        CHECK_INT(p.meters[m], meters[m]);
    w->paths++;
    if (n < w->min_decisions)
        w->min_decisions = n;
    if (n > w->max_decisions)
        w->max_decisions = n;
    if (points == 2 * n)
        w->full_marks_paths++;
}

static void walk(Walk *w, int si, int n)
{
    if (si == LESSON_END) {
        check_path(w, n);
        return;
    }
    const Scene *s = &w->l->scenes[si];
    if (!s->nchoices) {
        walk(w, s->next, n);
        return;
    }
    for (int c = 0; c < s->nchoices; c++) {
        w->path[n] = c;
        walk(w, s->choices[c].next, n + 1);
    }
}

static void test_real_lessons(void)
{
    LessonSet set = {0};
    Diags d = {0};
    lessonset_load_dir(&set, VAKSAM_LESSONS_DIR, &d);
    LessonSet pools = {0};
    lessonset_take_quizzes(&set, &pools);
    lessonset_free(&pools);
    CHECK_INT(d.count, 0);
    CHECK(set.count >= 1);
    for (int i = 0; i < set.count; i++) {
        Walk w = {.l = set.items[i], .min_decisions = 1000};
        walk(&w, w.l->start, 0);
        printf("%s: %d paths, %d to %d decisions\n", w.l->id, w.paths,
               w.min_decisions, w.max_decisions);
        CHECK(w.paths > 1);
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
    test_real_lessons();
    return TEST_DONE();
}
