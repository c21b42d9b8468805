/*
 * player.h - the lesson player: a deterministic state machine over one
 * lesson. It knows nothing of storage or screens: the UI records an answer
 * in the store first and then calls player_choose, and resuming replays the
 * stored answers through the same calls.
 */
#ifndef VAKSAM_PLAYER_H
#define VAKSAM_PLAYER_H

#include "lesson.h"

#include <stdbool.h>

typedef enum PlayerPhase {
    PLAYER_SCENE,    /* showing a scene, waiting for a choice or Continue */
    PLAYER_FEEDBACK, /* a choice was made; showing its feedback */
    PLAYER_SUMMARY,  /* the lesson is finished */
} PlayerPhase;

enum { PLAYER_MAX_TAKEN = 32 };

typedef struct Player {
    const Lesson *lesson; /* not owned */
    PlayerPhase phase;
    int scene;   /* current scene index (last one while in the summary) */
    int variant; /* the scene's variant in effect ("if:"), or -1 */
    int chosen;  /* choice shown in PLAYER_FEEDBACK, else -1 */
    uint32_t flags; /* the lesson's flags set by the choices made */
    uint64_t seed;  /* orders each scene's choices; 0: as in the file */
    int meters[METER_COUNT];
    int last_delta[METER_COUNT]; /* meter changes of the last choice */
    int points, max_points;
    int decisions; /* decisions answered so far */
    /* the decisions taken, in order, for the debrief: every decision
     * has two choices or more, so a way of more than 20 would make more
     * than the million ways the validator allows */
    uint8_t taken_scene[PLAYER_MAX_TAKEN], taken_choice[PLAYER_MAX_TAKEN];
} Player;

/* Starts the lesson at its first scene with every meter at METER_START,
 * no flags set, and the choices shown in the order this seed gives (0: as
 * in the file). */
void player_start(Player *p, const Lesson *l, uint64_t seed);
/* Chooses choice i of the current decision: scores it, moves the meters
 * and shows its feedback. Returns false (changing nothing) when there is no
 * decision to make or i is out of range. */
bool player_choose(Player *p, int i);
/* Leaves the feedback, or a scene without choices, for the next scene or
 * the summary. Returns false when there is nothing to continue from. */
bool player_continue(Player *p);
/* The scene being shown. */
const Scene *player_scene(const Player *p);
/* Its title and text as they stand now: its variant's, or its own. */
const Text *player_title(const Player *p);
const Text *player_text(const Player *p);
/* The order its choices are shown in: order[position] = choice index. The
 * same seed and scene always give the same order. Returns the count. */
int player_order(const Player *p, int order[LESSON_MAX_CHOICES]);
/* The score so far in percent. */
int player_score(const Player *p);
/* From the current scene, follows scenes without choices until the scene
 * with this id; returns false (staying put) when it is not on that way. */
bool player_seek(Player *p, const char *scene_id);

#endif
