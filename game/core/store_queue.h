/*
 * store_queue.h - what the relay (store_relay.c) moves between a
 * workstation's SQLite store and the organisation's PostgreSQL store: an
 * attempt with its answers, each known by the uid it has in both. The
 * SQLite side (store_sqlite_queue.c) gives what the server does not have
 * yet and takes in what another machine gave the server; the PostgreSQL
 * side (store_pg_queue.c) takes an attempt in, once however often it is
 * sent, and gives a learner's attempts back. Not for use outside the
 * store.
 */
#ifndef VAKSAM_STORE_QUEUE_H
#define VAKSAM_STORE_QUEUE_H

#include "store.h"

typedef struct QueuedAnswer {
    char uid[37];
    int seq;
    char scene_id[64];
    int choice;
    char topic[32];
    char result[16];
    char at[32]; /* when it was given, "2026-11-29T10:15:00Z" */
} QueuedAnswer;

typedef struct QueuedAttempt {
    long long id; /* in the store it was read from */
    char login[128];
    char uid[37];
    char lesson_id[64];
    int lesson_version;
    char kind[16];
    char lang[16];
    char started_at[32];
    char finished_at[32]; /* "" while it goes on */
    int points, max_points;
    char position[64];
    char *plan;
    QueuedAnswer *answers;
    int nanswers;
} QueuedAttempt;

void queued_clear(QueuedAttempt *a);
void queued_free_all(QueuedAttempt *a, int n);

/* SQLite (store_sqlite_queue.c). */
/* The oldest attempt whose latest state the server may not have, with
 * the answers it has not had: 1, or 0 when nothing waits. */
int sq_queue_next(Store *s, QueuedAttempt *out, VkError *err);
/* The server has a (as sq_queue_next gave it): not to be sent again. */
int sq_queue_sent(Store *s, const QueuedAttempt *a, VkError *err);
/* How many answers and attempts wait for the server. */
int sq_queue_waiting(Store *s, int *answers, int *attempts, VkError *err);
/* Takes in an attempt of the learner (here: learner_id) from the server:
 * new ones whole, and for one it has, the answers it lacks and the state
 * the server has, unless it has a newer one of its own to send. */
int sq_queue_take(Store *s, long long learner_id, const QueuedAttempt *a,
                  VkError *err);
/* The organisation's units as the server has them, ids and all. */
int sq_queue_units(Store *s, const Unit *units, int n, VkError *err);

/* PostgreSQL (store_pg_queue.c). */
/* Stores a: the attempt by its uid, its answers that are new, and its
 * end (with the completion it earns) when it has ended; one transaction.
 * course_lessons as store_finish_attempt takes it. */
int pgs_queue_put(Store *s, const QueuedAttempt *a, int course_lessons,
                  VkError *err);
/* Every attempt of the connection's learner, with its answers. */
int pgs_queue_all(Store *s, QueuedAttempt **out, int *n, VkError *err);
/* Whether the connection is still up. */
bool pgs_connected(const Store *s);

#endif
