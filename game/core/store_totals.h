/*
 * store_totals.h - what the files of the report's running totals share;
 * private to them, like store_sqlite.h to the store. The totals are kept
 * by four files, each with one job, in one direction:
 *
 *   store_totals.c   the tables: a cell's counters as a blob, one reader or
 *                    writer per row of rollup, item_months, learner_items
 *                    and learner_presence
 *   store_rebuild.c  folds stored answers and completions into totals in
 *                    memory: a whole rebuild, one learner's replay, and the
 *                    fold the bulk loader feeds
 *   store_rollup.c   the live path: an answer or completion changes the
 *                    totals in its own transaction (a late one replays)
 *   store_bulk.c     loading many rows at once, folded as they come
 *
 * store_report.c reads the totals for report.c. rollup.h has the one rule
 * all of them apply.
 */
#ifndef VAKSAM_STORE_TOTALS_H
#define VAKSAM_STORE_TOTALS_H

#include "store_sqlite.h"

/* Statement cache slots (0-2 are store_sqlite.c's). */
enum {
    SLOT_ITEM_GET = 3,
    SLOT_ITEM_PUT,
    SLOT_PRESENCE_GET,
    SLOT_PRESENCE_PUT,
    SLOT_ROLLUP_ADD,
    SLOT_ITEM_COUNT,
    SLOT_ANSWERED_AFTER,
    SLOT_COMPLETED_AFTER,
};
_Static_assert((int)SLOT_COMPLETED_AFTER < (int)STMT_CACHE,
               "room in the cache");

/* ---- the tables (store_totals.c) ---- */

/* The live path's statements, here because store_explain_report shows
 * their plans too. A cell's counters travel as one blob: a report reads
 * one column per cell instead of twenty, and vk_add() adds a change in
 * place. */
#define ROLLUP_ADD_SQL                                                         \
    "INSERT INTO rollup(unit_id, role, month, next, v) "                       \
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT(month, next, unit_id, role) "          \
    "DO UPDATE SET v = vk_add(v, excluded.v)"
#define ITEM_COUNT_SQL                                                         \
    "INSERT INTO item_months(unit_id, month, role, item, choice, result, n) "  \
    "VALUES (?, ?, ?, ?, ?, ?, ?) "                                            \
    "ON CONFLICT(unit_id, month, role, item, choice) DO UPDATE SET "           \
    "n = n + excluded.n, result = max(result, excluded.result)"
#define ITEM_GET_SQL                                                           \
    "SELECT month, credit, unit_id, role, topic FROM learner_items "           \
    "WHERE learner_id = ? AND item = ?"
#define PRESENCE_GET_SQL                                                       \
    "SELECT month, unit_id, role FROM learner_presence "                       \
    "WHERE learner_id = ? AND what = ?"

/* A cell's counters from its blob (n bytes); missing ones are 0. */
void st_cell_decode(const unsigned char *b, int n, int *v);
/* Adds a change to its cell of rollup. */
int st_cell_add(Store *s, const RollDelta *d, VkError *err, const char *what);
/* Adds n to the answers of one decision and choice (-1: its learners) in a
 * unit (0: the organisation), month and role. */
int st_item_count(Store *s, long long unit, int month, int role,
                  const char *item, int choice, int result, int n, VkError *err,
                  const char *what);
/* A learner's latest answer to a decision; present is false when none. */
int st_item_get(Store *s, long long learner, const char *item, ItemState *it,
                VkError *err, const char *what);
int st_item_put(Store *s, long long learner, const char *item,
                const ItemState *it, VkError *err, const char *what);
/* A learner's presence for a topic or PRESENCE_ACTIVE / _COMPLETED. */
int st_presence_get(Store *s, long long learner, int what_id, PresenceState *p,
                    VkError *err, const char *what);
int st_presence_put(Store *s, long long learner, int what_id,
                    const PresenceState *p, VkError *err, const char *what);

/* ---- folding events into totals in memory (store_rebuild.c) ---- */

typedef struct Rebuild Rebuild;

/* Where a fold puts each learner's state instead of writing it (the bulk
 * loader queues it for its writer thread). */
typedef struct RebuildSink {
    void *ctx;
    void (*item)(void *ctx, long long learner, const char *item,
                 const ItemState *it);
    void (*presence)(void *ctx, long long learner, int what,
                     const PresenceState *p);
} RebuildSink;

/* A fold whose learners' state goes to sink; what names the job in
 * messages. Free it with st_rebuild_end. */
Rebuild *st_rebuild_new(Store *s, const char *what, const RebuildSink *sink);
/* One stored answer or completion of the learner whose events come now. */
void st_rebuild_answer(Rebuild *r, long long id, const char *at,
                       const char *item, int choice, Topic topic, Result result,
                       long long unit, int role);
void st_rebuild_completion(Rebuild *r, long long id, const char *at,
                           long long unit, int role);
/* Folds the events given since the last call as learner's, in time order,
 * and hands over their state (learner 0: nobody's, dropped). */
int st_rebuild_learner(Rebuild *r, long long learner, VkError *err);
/* Writes the totals (when write) and frees r. */
int st_rebuild_end(Rebuild *r, bool write, VkError *err);

/* Folds a learner's history again, with the answer or completion just
 * stored at its place in time, and corrects the totals by the difference. */
int st_replay_learner(Store *s, long long learner, long long answer_id,
                      long long completion_id, VkError *err);

#endif
