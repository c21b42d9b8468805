/*
 * lesson_paths.h - every way through a lesson: each combination of choices
 * played through the player, with the flags and meters it builds up, so
 * the validator can tell which variants can hold and tests can check that
 * every path ends and what it shows on the way.
 */
#ifndef VAKSAM_LESSON_PATHS_H
#define VAKSAM_LESSON_PATHS_H

#include "player.h"

/* Paths the validator will walk; it also bounds a path's decisions (two
 * choices or more each) at 20, under PLAYER_MAX_TAKEN. */
enum { LESSON_PATH_LIMIT = 1000000 };

/* One scene of a path: which variant was in effect and what was chosen
 * (-1: a scene without choices). */
typedef struct PathStep {
    int scene, variant, choice;
} PathStep;

typedef void (*PathVisit)(const PathStep *steps, int n, const Player *end,
                          void *ctx);

/* Calls visit for every path from the start to the summary, with the
 * player as it stands in the summary. Returns the number of paths, or -1
 * (having stopped) when there are more than limit. The lesson must be
 * valid, so without loops. */
long lesson_walk(const Lesson *l, long limit, PathVisit visit, void *ctx);

/* The validator's part: adds "path:line: message" to diags for every
 * variant that is never in effect on any path, and for every scene whose
 * own text is never shown because one of its variants always holds.
 * Returns the number of problems. */
int lesson_check_paths(const Lesson *l, const char *path, Diags *diags);

/* The fewest and the most decisions from scene si (itself included when
 * it is one) to the summary, on any way the lesson allows. */
void lesson_decisions_left(const Lesson *l, int si, int *min, int *max);

#endif
