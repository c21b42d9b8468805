/*
 * score.h - the rules for scoring a decision and moving the meters, in one
 * place so that the player, the store and reports agree.
 */
#ifndef VAKSAM_SCORE_H
#define VAKSAM_SCORE_H

typedef enum Result { RESULT_WRONG, RESULT_PARTLY, RESULT_CORRECT } Result;

enum {
    METER_START = 50, /* every meter's value when a lesson starts */
    METER_MIN = 0,
    METER_MAX = 100,
    EFFECT_LIMIT = 50, /* largest change one choice may make to a meter */
    SCORE_MAX_PER_DECISION = 2,
};

/* Points for one decision: 2 correct, 1 partly, 0 wrong. */
int score_points(Result r);
/* Score in percent (0-100, rounded) of points out of max; 0 when max is 0. */
int score_percent(int points, int max);
/* A meter's value after a change, kept within METER_MIN..METER_MAX. */
int meter_apply(int value, int delta);

/* How a score went, in four bands (a lesson's debrief, the home screen's
 * pill): 85 % and more, 65 %, 40 %, below. */
typedef enum ScoreBand {
    BAND_AGAIN,   /* below 40 %: worth another try */
    BAND_PARTWAY, /* 40 %: part of the way */
    BAND_GOOD,    /* 65 % */
    BAND_EXCELLENT /* 85 % */
} ScoreBand;
ScoreBand score_band(int percent);

/* "correct" / "partly" / "wrong", as stored and written in lesson files. */
const char *result_id(Result r);
/* Result for an id, or -1. */
int result_from_id(const char *id);

#endif
