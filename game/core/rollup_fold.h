/*
 * rollup_fold.h - the report's running totals folded in memory from many
 * learners' answers and completions, each learner's in time order,
 * through the one rule of rollup.h. What every path that makes totals
 * from rows shares: SQLite's rebuild, its replay of a late answer and its
 * bulk loader (store_rebuild.c, store_bulk.c) write what the fold leaves
 * through store_totals.c; PostgreSQL's bulk loader (store_pg_bulk.c)
 * sends it with COPY instead of having the server compute the same cells
 * again from the rows (vaksam.cells), so a load's totals are the same
 * rule's whichever backend keeps them.
 *
 * A fold is fed one learner at a time: their events (rollup_fold_answer,
 * rollup_fold_completion), then rollup_fold_learner adds them to the
 * totals, rollup_fold_state hands over the learner's latest state (for a
 * store that keeps it) and rollup_fold_next forgets the events. The
 * totals are read at the end, cell by cell and count by count.
 */
#ifndef VAKSAM_ROLLUP_FOLD_H
#define VAKSAM_ROLLUP_FOLD_H

#include "rollup.h"
#include "score.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct RollFold RollFold;

/* A per-decision count of a choice keeps the choice's best result (a
 * new version of its lesson may have changed it), as every path does. */

/* An empty fold; cap is the first size of its maps (a power of two).
 * Free it with rollup_fold_free. */
RollFold *rollup_fold_new(size_t cap);
void rollup_fold_free(RollFold *f);

/* ---- one learner's events ---- */

/* An answer (id, time "2026-11-29T10:15:00Z", decision, choice, topic,
 * result, the learner's unit and role when answering) of the learner
 * whose events come now; item is copied (up to ROLL_ITEM_MAX - 1 bytes). */
enum { ROLL_ITEM_MAX = 160 };
void rollup_fold_answer(RollFold *f, long long id, const char *at,
                        const char *item, int choice, Topic topic,
                        Result result, long long unit, int role);
/* A completion that counts (the course for managers, a quiz for staff). */
void rollup_fold_completion(RollFold *f, long long id, const char *at,
                            long long unit, int role);
/* Adds the events given since rollup_fold_next to the totals in time
 * order, each change times sign, leaving out the answer skip_answer and
 * the completion skip_completion (0: none). */
void rollup_fold_learner(RollFold *f, int sign, long long skip_answer,
                         long long skip_completion);

/* Where a learner's state after rollup_fold_learner goes: their latest
 * answer per decision and their presence per topic, PRESENCE_ACTIVE and
 * PRESENCE_COMPLETED. A callback's non-zero return stops the hand-over. */
typedef struct RollStateSink {
    void *ctx;
    int (*item)(void *ctx, const char *item, const ItemState *it);
    int (*presence)(void *ctx, int what, const PresenceState *p);
} RollStateSink;
/* Hands the state to sink (NULL: nowhere) and clears it for the next
 * fold; the first callback's non-zero return, or 0. */
int rollup_fold_state(RollFold *f, const RollStateSink *sink);
/* Forgets the events: the next learner's come now. */
void rollup_fold_next(RollFold *f);

/* ---- the totals ---- */

/* Each cell that is not all zero, in no particular order; the first
 * non-zero return of fn stops and is returned. */
typedef int (*RollCellFn)(void *ctx, const RollDelta *d);
int rollup_fold_cells(const RollFold *f, RollCellFn fn, void *ctx);
/* Each per-decision count that is not zero: answers per unit (0: the
 * organisation), month, role, decision and choice (-1: the learners who
 * answered it, result -1), in that key's order (decisions by their bytes).
 * As rollup_fold_cells. */
typedef int (*RollItemFn)(void *ctx, long long unit, int month, int role,
                          const char *item, int choice, int result, int n);
int rollup_fold_items(const RollFold *f, RollItemFn fn, void *ctx);

#endif
