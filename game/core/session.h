/*
 * session.h - one learner playing one lesson, kept in step with the store:
 * every answer is committed before the player moves on, the scene reached
 * is remembered, and opening a lesson left mid-way replays its stored
 * answers so the learner continues at the same scene with the same meters.
 */
#ifndef VAKSAM_SESSION_H
#define VAKSAM_SESSION_H

#include "player.h"
#include "store.h"

typedef enum LessonState {
    LESSON_NOT_STARTED,
    LESSON_IN_PROGRESS,
    LESSON_DONE,
} LessonState;

typedef struct Session {
    Store *store; /* not owned */
    Player player;
    long long attempt_id;
} Session;

/* Opens a lesson for a learner: resumes their unfinished attempt at the
 * same lesson version, or starts a new one. */
int session_open(Session *s, Store *store, const Lesson *l,
                 long long learner_id, const char *lang, VkError *err);
/* Stores the answer, then makes choice i. Nothing changes on failure. */
int session_choose(Session *s, int i, VkError *err);
/* Moves on from feedback or a scene without choices; records the new
 * position, or finishes the attempt when the summary is reached. */
int session_continue(Session *s, VkError *err);
/* The learner's state for a lesson and, when done, the score in percent. */
int session_status(Store *store, long long learner_id, const Lesson *l,
                   LessonState *state, int *score, VkError *err);

#endif
