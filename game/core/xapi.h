/*
 * xapi.h - the learners' attempts and answers as xAPI 1.0.3 statements
 * for the organisation's learning record store (`vaksam xapi export` and
 * `xapi send`). Each learner is an opaque account: the pseudonym the
 * store makes (store.h: store_export_attempts), never a login or a name. Each statement's id is a
 * version 5 UUID of what it says (uuid.h), so the same answer gives the
 * same statement in every export. Within a registration (one attempt)
 * the order is: initialized, then per answer (resumed) answered, then
 * completed, passed or failed and terminated for a finished attempt,
 * suspended for one left open.
 */
#ifndef VAKSAM_XAPI_H
#define VAKSAM_XAPI_H

#include "lesson.h"
#include "store.h"
#include "uuid.h"

#include <stdbool.h>

enum {
    XAPI_PASS_PERCENT = 65, /* passed from here (score.h's good band) */
    XAPI_PAUSE_SECONDS = 30 * 60, /* a longer gap: suspended, resumed */
};

/* What an export is made with. */
typedef struct XapiOptions {
    char *home_page; /* account.homePage (owned: xapi_unload frees it) */
    unsigned char ns[UUID_BYTES]; /* the statements' namespace */
    bool groups_only; /* the actor is the learner's unit, and units of
                         fewer than k learners (on a server: than its k)
                         are left out */
    int k;
    const LessonSet *course, *pools; /* for the activities' definitions */
} XapiOptions;

typedef struct XapiStatement {
    char id[UUID_TEXT];
    char registration[UUID_TEXT];
    char *json; /* one JSON object */
} XapiStatement;

/* Takes one statement as it is made (x and its json are the caller's
 * until it returns); -1 with err stops the export. */
typedef int (*XapiSink)(void *ctx, const XapiStatement *x, VkError *err);

/* The statements of an export, in order: kept in items, or, with a sink,
 * handed to it one by one and not kept (an export of any size in the
 * memory of one attempt). */
typedef struct XapiList {
    XapiStatement *items;
    int count, cap;
    int attempts, left_out; /* attempts exported, and left out (groups) */
    XapiSink sink;
    void *sink_ctx;
} XapiList;

/* The ids' namespace, from the organisation's xAPI name (store_xapi_org),
 * and home_page as given (NULL: "urn:vaksam:org:<uuid of the namespace>"). */
int xapi_load(XapiOptions *o, Store *s, const char *home_page, VkError *err);
/* Adds the statements of every attempt with anything on or after since
 * (NULL: all) to out. */
int xapi_collect(Store *s, const XapiOptions *o, const char *since,
                 XapiList *out, VkError *err);
/* Frees what xapi_load made. */
void xapi_unload(XapiOptions *o);
void xapi_list_free(XapiList *l);

/* The namespace of an organisation's statement ids, from its xAPI name. */
void xapi_namespace(const char org[33], unsigned char ns[UUID_BYTES]);
/* The uid of a row stored without one (rows from before uids, demo
 * data): of an attempt (seq < 0), or of its answer seq; version 5 in the
 * namespace. `db copy` gives such rows these uids, so that the statements
 * stay the same when the organisation moves to a server. */
void xapi_row_uid(const unsigned char ns[UUID_BYTES], long long attempt,
                  int seq, char out[UUID_TEXT]);

#endif
