/*
 * quiz.h - staff quizzes: drawing questions from the pools and playing
 * them. A quiz is QUIZ_LENGTH questions drawn at random, weighted toward
 * the learner's weakest topics and away from questions they answered
 * correctly lately, with each question's choices shuffled; the same seed
 * and history give the same quiz. The drawn quiz is kept as a plan (a
 * short string) so a quiz left mid-way resumes exactly.
 */
#ifndef VAKSAM_QUIZ_H
#define VAKSAM_QUIZ_H

#include "lesson.h"

#include <stdint.h>

enum {
    QUIZ_LENGTH = 10,
    QUIZ_MAX_PER_TOPIC = 4, /* so that one quiz still covers several topics */
};

/* What the draw knows of the learner. */
typedef struct QuizHistory {
    double level[TOPIC_COUNT]; /* 0..1 share right; < 0 when unknown */
    const char **recent;       /* "pool/question" answered correctly lately */
    int nrecent;
} QuizHistory;

typedef struct QuizItem {
    const Lesson *pool;
    int question;                  /* scene index in the pool */
    int order[LESSON_MAX_CHOICES]; /* shown position -> choice index */
    int nchoices;
} QuizItem;

typedef struct Quiz {
    QuizItem items[QUIZ_LENGTH];
    int count;
} Quiz;

typedef enum QuizPhase { QUIZ_QUESTION, QUIZ_FEEDBACK, QUIZ_DONE } QuizPhase;

/* A quiz being played. */
typedef struct QuizRun {
    Quiz quiz;
    QuizPhase phase;
    int current;             /* item being asked */
    int chosen[QUIZ_LENGTH]; /* choice index (not position), -1 unanswered */
    int correct, partly;     /* answers right and partly right so far */
    int points, max_points;  /* as for lessons (score.h) */
} QuizRun;

/* The weight of a topic in the draw for a learner at this level (unknown:
 * as for 0.5). One definition, used by the draw and its tests. */
double quiz_topic_weight(double level);
/* Draws a quiz from the pools of set (lessons with kind: quiz). */
void quiz_draw(Quiz *q, const LessonSet *set, const QuizHistory *h,
               uint64_t seed);
/* The plan of a quiz: "pool/question:2130;..." (caller frees). */
char *quiz_plan(const Quiz *q);
/* Rebuilds a quiz from its plan; false when the pools changed so that it
 * no longer fits. */
bool quiz_from_plan(Quiz *q, const LessonSet *set, const char *plan);
/* "pool/question", the id answers are stored under (caller frees). */
char *quiz_item_ref(const QuizItem *it);
const Scene *quiz_item_scene(const QuizItem *it);
const Choice *quiz_item_choice(const QuizItem *it, int position);

/* Playing. */
void quiz_run_start(QuizRun *r, const Quiz *q);
/* Answers the current question with the choice shown at `position`;
 * false when not asking or out of range. */
bool quiz_run_answer(QuizRun *r, int position);
/* From the feedback to the next question, or to the end. */
bool quiz_run_next(QuizRun *r);
/* Score in percent of the questions answered. */
int quiz_run_score(const QuizRun *r);

#endif
