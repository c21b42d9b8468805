/*
 * lesson_paths.c - walking every path through a lesson (see
 * lesson_paths.h).
 */
#include "lesson_paths.h"

#include <stdlib.h>

typedef struct Walk {
    const Lesson *l;
    PathStep *steps;
    long paths, limit;
    PathVisit visit;
    void *ctx;
} Walk;

static void step(Walk *w, Player p, int depth)
{
    if (w->paths < 0)
        return;
    if (p.phase == PLAYER_SUMMARY) {
        if (++w->paths > w->limit) {
            w->paths = -1;
            return;
        }
        if (w->visit)
            w->visit(w->steps, depth, &p, w->ctx);
        return;
    }
    const Scene *s = player_scene(&p);
    w->steps[depth] = (PathStep){p.scene, p.variant, -1};
    if (!s->nchoices) {
        player_continue(&p);
        step(w, p, depth + 1);
        return;
    }
    for (int c = 0; c < s->nchoices; c++) {
        Player q = p;
        player_choose(&q, c);
        player_continue(&q);
        w->steps[depth].choice = c;
        step(w, q, depth + 1);
    }
}

long lesson_walk(const Lesson *l, long limit, PathVisit visit, void *ctx)
{
    /* without loops a path visits each scene at most once */
    Walk w = {l, xcalloc((size_t)l->nscenes + 1, sizeof(PathStep)), 0, limit,
              visit, ctx};
    Player p;
    player_start(&p, l, 0);
    step(&w, p, 0);
    free(w.steps);
    return w.paths;
}

/* What the paths showed: per scene, whether it was reached with no
 * variant in effect, and per variant whether it was ever in effect. */
typedef struct Seen {
    const Lesson *l;
    bool *own;       /* per scene */
    bool **variants; /* per scene, per variant */
    bool *reached;   /* per scene */
} Seen;

static void note(const PathStep *steps, int n, const Player *end, void *ctx)
{
    (void)end;
    Seen *seen = ctx;
    for (int i = 0; i < n; i++) {
        int s = steps[i].scene;
        seen->reached[s] = true;
        if (steps[i].variant < 0)
            seen->own[s] = true;
        else
            seen->variants[s][steps[i].variant] = true;
    }
}

static int report(const Lesson *l, const Seen *seen, const char *path,
                  Diags *diags)
{
    int problems = 0;
    for (int i = 0; i < l->nscenes; i++) {
        const Scene *s = &l->scenes[i];
        for (int v = 0; v < s->nvariants; v++)
            if (!seen->variants[i][v]) {
                diags_add(diags, path, s->variants[v].line,
                          "this 'if:' never holds on any way through the "
                          "lesson (or an earlier 'if:' of scene '%s' "
                          "always wins)",
                          s->id);
                problems++;
            }
        if (s->nvariants && seen->reached[i] && !seen->own[i]) {
            diags_add(diags, path, s->line,
                      "scene '%s' is always shown through one of its "
                      "'if:' variants, so its own text is never seen: make "
                      "the variant that always holds the scene's own",
                      s->id);
            problems++;
        }
    }
    return problems;
}

int lesson_check_paths(const Lesson *l, const char *path, Diags *diags)
{
    Seen seen = {.l = l,
                 .own = xcalloc((size_t)l->nscenes, sizeof(bool)),
                 .variants = xcalloc((size_t)l->nscenes, sizeof(bool *)),
                 .reached = xcalloc((size_t)l->nscenes, sizeof(bool))};
    for (int i = 0; i < l->nscenes; i++)
        seen.variants[i] =
            xcalloc((size_t)l->scenes[i].nvariants + 1, sizeof(bool));
    int problems = 0;
    if (lesson_walk(l, LESSON_PATH_LIMIT, note, &seen) < 0) {
        diags_add(diags, path, l->scenes[l->start].line,
                  "more than %d ways through the lesson: too many to check; "
                  "let more choices lead to the same scene",
                  LESSON_PATH_LIMIT);
        problems++;
    } else {
        problems = report(l, &seen, path, diags);
    }
    for (int i = 0; i < l->nscenes; i++)
        free(seen.variants[i]);
    free(seen.variants);
    free(seen.own);
    free(seen.reached);
    return problems;
}

static void left_from(const Lesson *l, int si, int (*memo)[2])
{
    if (memo[si][0] >= 0)
        return;
    const Scene *s = &l->scenes[si];
    int *to = xcalloc((size_t)(s->nchoices + s->nvariants + 1), sizeof *to);
    int n = scene_leads(s, to);
    int lo = -1, hi = 0, self = s->nchoices > 0;
    for (int i = 0; i < n; i++) {
        int a = 0, b = 0;
        if (to[i] >= 0) {
            left_from(l, to[i], memo);
            a = memo[to[i]][0];
            b = memo[to[i]][1];
        }
        if (lo < 0 || a < lo)
            lo = a;
        if (b > hi)
            hi = b;
    }
    free(to);
    memo[si][0] = (lo < 0 ? 0 : lo) + self;
    memo[si][1] = hi + self;
}

void lesson_decisions_left(const Lesson *l, int si, int *min, int *max)
{
    /* lessons have no loops, so the walk ends; each scene once */
    int(*memo)[2] = xmalloc((size_t)l->nscenes * sizeof *memo);
    for (int i = 0; i < l->nscenes; i++)
        memo[i][0] = memo[i][1] = -1;
    left_from(l, si, memo);
    *min = memo[si][0];
    *max = memo[si][1];
    free(memo);
}
