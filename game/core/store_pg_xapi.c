/*
 * store_pg_xapi.c - the PostgreSQL store's side of the xAPI export
 * (store.h), through the server's functions of store_pg_xapi.sql, which
 * the role vaksam_xapi may run (migration 5 -> 6, PG_XAPI_SQL): the attempts
 * and answers, and the ids each learning record store has accepted, read
 * through a cursor a few thousand rows at a time in one snapshot, so that
 * neither takes more memory on this side than a batch; the organisation's
 * xAPI name; and what an LRS has just accepted.
 */
#include "store_pg.h"

#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { FETCH_ROWS = 2000 };

/* Takes one row of a cursor's; 0 to go on, -1 with err to stop. */
typedef int (*PgRowFn)(void *ctx, const PGresult *r, int row, VkError *err);

/* Runs query (with a) through a cursor, FETCH_ROWS rows at a time, each
 * row to fn, in one REPEATABLE READ snapshot unless the caller has a
 * transaction open; 0 or -1. */
static int each_row(PgStore *p, const char *query, const PgArgs *a,
                    int fields, PgRowFn fn, void *ctx, VkError *err,
                    const char *what)
{
    bool began;
    if (pgs_read_begin((Store *)p, &began, err) < 0)
        return -1;
    char *declare = xasprintf("DECLARE vaksam_rows NO SCROLL CURSOR FOR %s",
                              query);
    char *fetch = xasprintf("FETCH %d FROM vaksam_rows", FETCH_ROWS);
    int status = pg_do(p, declare, a, err, what), n = FETCH_ROWS;
    while (status == 0 && n == FETCH_ROWS) {
        PGresult *r = pg_run(p, fetch, NULL, err, what);
        if (!r) {
            status = -1;
            break;
        }
        n = PQntuples(r);
        if (PQnfields(r) != fields) {
            vk_error_set(err, _("%s: cannot %s: the server gives %d columns, "
                                "not %d"),
                         p->where, what, PQnfields(r), fields);
            status = -1;
        }
        for (int i = 0; i < n && status == 0; i++)
            status = fn(ctx, r, i, err);
        PQclear(r);
    }
    free(declare);
    free(fetch);
    if (began)
        pgs_read_end((Store *)p, began); /* the cursor ends with it */
    else if (status == 0)
        status = pg_do(p, "CLOSE vaksam_rows", NULL, err, what);
    return status;
}

int pgs_xapi_access(Store *s, bool groups, StoreCiso *out, VkError *err)
{
    PGresult *r = pg_run((PgStore *)s,
                         groups ? "SELECT has_function_privilege('vaksam."
                                  "xapi_group_attempts(timestamptz)', "
                                  "'EXECUTE')"
                                : "SELECT has_function_privilege('vaksam."
                                  "xapi_attempts(timestamptz)', 'EXECUTE')",
                         NULL, err, _("read the attempts for the xAPI export"));
    if (!r)
        return -1;
    *out = pg_str(r, 0, 0)[0] == 't' ? STORE_CISO_GRANTED : STORE_CISO_REFUSED;
    PQclear(r);
    return 0;
}

int pgs_xapi_org(Store *s, char org[33], VkError *err)
{
    PGresult *r = pg_run((PgStore *)s, "SELECT vaksam.xapi_org()", NULL, err,
                         _("read the organisation's name for xAPI"));
    if (!r)
        return -1;
    snprintf(org, 33, "%s", pg_str(r, 0, 0));
    PQclear(r);
    return 0;
}

static int export_one(void *ctx, const PGresult *r, int row, VkError *err)
{
    const char *f[EX_FIELDS];
    for (int c = 0; c < EX_FIELDS; c++)
        f[c] = PQgetisnull(r, row, c) ? NULL : PQgetvalue(r, row, c);
    return export_row(ctx, f, err);
}

int pgs_export_attempts(Store *s, const char *since, int groups_k,
                        ExportAttemptFn fn, void *ctx, VkError *err)
{
    char *from = since ? xasprintf("%sT00:00:00Z", since) : NULL;
    PgArgs a = {0};
    pa_text(&a, from);
    ExportRows rows = {.fn = fn, .ctx = ctx};
    /* the units' statements with the server's k, or the learners' */
    int status = each_row(
        (PgStore *)s,
        groups_k > 0 ? "SELECT * FROM vaksam.xapi_group_attempts($1)"
                     : "SELECT * FROM vaksam.xapi_attempts($1)",
        &a, EX_FIELDS, export_one, &rows, err,
        _("read the attempts for the xAPI export"));
    free(from);
    return export_rows_end(&rows, status, err);
}

typedef struct SentRows {
    SentFn fn;
    void *ctx;
} SentRows;

static int sent_one(void *ctx, const PGresult *r, int row, VkError *err)
{
    (void)err;
    const SentRows *x = ctx;
    x->fn(x->ctx, PQgetvalue(r, row, 0));
    return 0;
}

int pgs_xapi_sent(Store *s, const char *endpoint, SentFn fn, void *ctx,
                  VkError *err)
{
    PgArgs a = {0};
    pa_text(&a, endpoint);
    SentRows x = {fn, ctx};
    return each_row((PgStore *)s, "SELECT vaksam.xapi_sent_ids($1)", &a, 1,
                    sent_one, &x, err,
                    _("read what was sent to the learning record store"));
}

int pgs_xapi_mark_sent(Store *s, const char *endpoint, const char *const *ids,
                       int n, VkError *err)
{
    StrBuf list = {0};
    strbuf_append(&list, "{", 1);
    for (int i = 0; i < n; i++)
        strbuf_printf(&list, "%s%s", i ? "," : "", ids[i]);
    strbuf_append(&list, "}", 1);
    PgArgs a = {0};
    pa_text(&a, endpoint);
    pa_text(&a, list.data);
    /* one statement: its own transaction */
    int rc = pg_do((PgStore *)s, "SELECT vaksam.xapi_mark_sent($1, $2)", &a,
                   err,
                   _("remember what was sent to the learning record store"));
    free(list.data);
    return rc;
}
