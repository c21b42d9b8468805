/*
 * pq.h - libpq, opened when a PostgreSQL database is first used rather
 * than linked: linking it (with the TLS, Kerberos and LDAP libraries it
 * brings) cost every start of the trainer some 13 ms before its first
 * frame, also for the many who keep their answers in a SQLite file.
 *
 * The store's PostgreSQL files include this instead of <libpq-fe.h>; the
 * libpq names they call go through the table loaded by pq_load, which
 * every entry point into them calls first (store_pg_connect.c,
 * store_pg_lookup.c). Tests that talk to the server themselves link
 * libpq and include <libpq-fe.h>.
 */
#ifndef VAKSAM_PQ_H
#define VAKSAM_PQ_H

#include "util.h"

#include <libpq-fe.h>
#include <stdbool.h>

#define VK_PQ_FUNCTIONS(X)                                                     \
    X(PQclear)                                                                 \
    X(PQcmdTuples)                                                             \
    X(PQconnectPoll)                                                           \
    X(PQconnectStartParams)                                                    \
    X(PQconnectdbParams)                                                       \
    X(PQconninfo)                                                              \
    X(PQconninfoFree)                                                          \
    X(PQconninfoParse)                                                         \
    X(PQerrorMessage)                                                          \
    X(PQexec)                                                                  \
    X(PQexecParams)                                                            \
    X(PQfinish)                                                                \
    X(PQfreemem)                                                               \
    X(PQgetCopyData)                                                           \
    X(PQgetResult)                                                             \
    X(PQgetvalue)                                                              \
    X(PQgetisnull)                                                             \
    X(PQnfields)                                                               \
    X(PQntuples)                                                               \
    X(PQputCopyData)                                                           \
    X(PQputCopyEnd)                                                            \
    X(PQresultErrorField)                                                      \
    X(PQresultErrorMessage)                                                    \
    X(PQresultStatus)                                                          \
    X(PQsendQuery)                                                             \
    X(PQsocket)                                                                \
    X(PQstatus)                                                                \
    X(PQtransactionStatus)

typedef struct PqApi {
#define VK_PQ_FIELD(name) __typeof__(name) *name;
    VK_PQ_FUNCTIONS(VK_PQ_FIELD)
#undef VK_PQ_FIELD
} PqApi;

extern PqApi vk_pq;

/* Opens libpq once; false with err (what to install) when it cannot. */
bool pq_load(VkError *err);

#ifndef VK_PQ_TABLE /* pq.c fills the table under the real names */
#define PQclear (vk_pq.PQclear)
#define PQcmdTuples (vk_pq.PQcmdTuples)
#define PQconnectPoll (vk_pq.PQconnectPoll)
#define PQconnectStartParams (vk_pq.PQconnectStartParams)
#define PQconnectdbParams (vk_pq.PQconnectdbParams)
#define PQconninfo (vk_pq.PQconninfo)
#define PQconninfoFree (vk_pq.PQconninfoFree)
#define PQconninfoParse (vk_pq.PQconninfoParse)
#define PQerrorMessage (vk_pq.PQerrorMessage)
#define PQexec (vk_pq.PQexec)
#define PQexecParams (vk_pq.PQexecParams)
#define PQfinish (vk_pq.PQfinish)
#define PQfreemem (vk_pq.PQfreemem)
#define PQgetCopyData (vk_pq.PQgetCopyData)
#define PQgetResult (vk_pq.PQgetResult)
#define PQgetvalue (vk_pq.PQgetvalue)
#define PQgetisnull (vk_pq.PQgetisnull)
#define PQnfields (vk_pq.PQnfields)
#define PQntuples (vk_pq.PQntuples)
#define PQputCopyData (vk_pq.PQputCopyData)
#define PQputCopyEnd (vk_pq.PQputCopyEnd)
#define PQresultErrorField (vk_pq.PQresultErrorField)
#define PQresultErrorMessage (vk_pq.PQresultErrorMessage)
#define PQresultStatus (vk_pq.PQresultStatus)
#define PQsendQuery (vk_pq.PQsendQuery)
#define PQsocket (vk_pq.PQsocket)
#define PQstatus (vk_pq.PQstatus)
#define PQtransactionStatus (vk_pq.PQtransactionStatus)
#endif

#endif
