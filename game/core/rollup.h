/*
 * rollup.h - the running totals behind the CISO's report, and the one rule
 * that keeps them: how an answer or a completed course changes them. The
 * store applies it in the transaction that records the answer; a rebuild
 * replays every stored answer through the same rule.
 *
 * "The latest answer in a period" for any period, from totals per month:
 * each learner's latest answer to a decision within a month is kept in the
 * cell of that month, together with the month of the learner's next answer
 * to the same decision (0 while there is none). The answer is the latest in
 * a period [a, b] exactly when a <= month <= b and (next == 0 or next > b),
 * so the figures for any period are sums over cells, never over answers.
 * Distinct learners are counted the same way, with each learner's months of
 * activity in place of answers.
 *
 * The rule takes each learner's answers and completions in time order: a
 * learner's state says only where their latest answer is, not where an
 * earlier one would fit in their history. The store replays a learner
 * whose answer or completion arrives after a later one (store_rollup.c
 * notices, store_rebuild.c replays).
 */
#ifndef VAKSAM_ROLLUP_H
#define VAKSAM_ROLLUP_H

#include "topic.h"

#include <stdbool.h>

/* The columns of a cell. Credit is in half points: 2 correct, 1 partly. */
enum {
    ROLL_CREDIT = 0,                 /* + topic: credit of latest answers */
    ROLL_ANSWERS = TOPIC_COUNT,      /* + topic: latest answers */
    ROLL_LEARNERS = 2 * TOPIC_COUNT, /* + topic: learners who answered */
    ROLL_ACTIVE = 3 * TOPIC_COUNT,   /* learners who answered anything */
    ROLL_COMPLETED = 3 * TOPIC_COUNT + 1, /* learners who completed */
    ROLL_COLS
};

typedef struct RollKey {
    long long unit;
    int role;
    int month;
    int next; /* 0: not superseded */
} RollKey;

typedef struct RollDelta {
    RollKey key;
    int v[ROLL_COLS];
} RollDelta;

enum { ROLL_CHANGES_MAX = 12 };

typedef struct RollChanges {
    RollDelta d[ROLL_CHANGES_MAX];
    int n;
} RollChanges;

/* A learner's latest answer to one decision. */
typedef struct ItemState {
    bool present;
    int month;
    int credit;
    long long unit;
    int role;
    int topic;
} ItemState;

/* The latest month a learner was counted for something. */
enum { PRESENCE_ACTIVE = TOPIC_COUNT, PRESENCE_COMPLETED, PRESENCE_COUNT };

typedef struct PresenceState {
    bool present;
    int month;
    long long unit;
    int role;
} PresenceState;

/* An answer with `credit` half points in `topic`, given in `month` (not
 * before the learner's state) by a learner now in `unit` and `role`:
 * updates the learner's state for the decision and their presence for the
 * topic and for PRESENCE_ACTIVE (topic_presence, active), and adds the
 * changes to the cells to *out.
 * Returns true when this is the learner's first answer to the decision in
 * this month: the month's per-decision counts count the learner once, in
 * the unit and role of that answer, so that they never exceed the
 * distinct learners of any group. */
bool rollup_answer(ItemState *item, PresenceState *topic_presence,
                   PresenceState *active, long long unit, int role, int month,
                   Topic topic, int credit, RollChanges *out);
/* A learner completed the course or a quiz in `month` (not before their
 * state). */
void rollup_completion(PresenceState *completed, long long unit, int role,
                       int month, RollChanges *out);

#endif
