/*
 * session.h - one learner playing one lesson, kept in step with the store:
 * every answer is committed before the player moves on, the scene reached
 * is remembered, and opening a lesson left mid-way replays its stored
 * answers so the learner continues at the same scene with the same meters.
 */
#ifndef VAKSAM_SESSION_H
#define VAKSAM_SESSION_H

#include "player.h"
#include "quiz.h"
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
    int course_lessons; /* lessons in the course, for completing it */
} Session;

/* Opens a lesson of a course of course_lessons lessons for a learner:
 * resumes their unfinished attempt at the same lesson version, in the
 * order of choices it was shown in, or starts a new one whose choices are
 * shown in the order this seed gives (0: as in the file), kept with the
 * attempt. */
int session_open(Session *s, Store *store, const Lesson *l, int course_lessons,
                 long long learner_id, const char *lang, uint64_t seed,
                 VkError *err);
/* Stores the answer, then makes choice i. Nothing changes on failure. */
int session_choose(Session *s, int i, VkError *err);
/* Moves on from feedback or a scene without choices; records the new
 * position, or finishes the attempt when the summary is reached. */
int session_continue(Session *s, VkError *err);
/* The learner's state for a lesson and, when done, the score in percent. */
int session_status(Store *store, long long learner_id, const Lesson *l,
                   LessonState *state, int *score, VkError *err);

/* A staff quiz kept in step with the store, as a lesson is. */
typedef struct QuizSession {
    Store *store; /* not owned */
    QuizRun run;
    long long attempt_id;
} QuizSession;

enum { QUIZ_RECENT_DAYS = 30 }; /* "answered right lately" */

/* Resumes the learner's unfinished quiz, or draws a new one from the pools
 * in set (weighted by their results; see quiz.h) with this seed. */
int quiz_session_open(QuizSession *q, Store *store, const LessonSet *set,
                      long long learner_id, const char *lang, uint64_t seed,
                      VkError *err);
/* Stores the answer shown at `position`, then makes it. */
int quiz_session_answer(QuizSession *q, int position, VkError *err);
/* Moves to the next question; finishes the attempt after the last. */
int quiz_session_next(QuizSession *q, VkError *err);
/* Weeks in a row (Monday to Sunday) with a finished quiz, counting back
 * from the week of `today` (days since 1970-01-01), or from the week
 * before when this week has none yet (it is not over). history is newest
 * first, as store_quiz_history gives it. */
int quiz_streak_weeks(const QuizResult *history, int n, long today);
/* Days since 1970-01-01 of a "YYYY-MM-DD..." date; -1 when it is not one. */
long days_of_date(const char *date);

/* Whether the learner has a quiz under way, and how far it got. */
int quiz_session_status(Store *store, long long learner_id, bool *in_progress,
                        int *answered, VkError *err);

#endif
