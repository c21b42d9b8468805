/*
 * store_pg_publish.c - the CISO's report as a PostgreSQL server publishes
 * it (store.h: store_published_report, store_ciso_access). The figures
 * are made by the server's own copy of the publication rule
 * (store_pg_publish.sql, schema 4), which runs as the schema's owner: a
 * CISO's connection gets the published rows and never the totals, the
 * answers or the noise key they are made from.
 */
#include "store_pg.h"

#include "i18n.h"

#include <string.h>

#define PG_REPORT_FN "vaksam.report(integer, integer, bigint, integer, integer)"

int pgs_ciso_access(Store *s, StoreCiso *out, VkError *err)
{
    PgStore *p = (PgStore *)s;
    PGresult *r = pg_run(p,
                         "SELECT has_function_privilege('" PG_REPORT_FN
                         "', 'EXECUTE'), has_table_privilege("
                         "'vaksam.answers', 'INSERT')",
                         NULL, err, _("read the report"));
    if (!r)
        return -1;
    *out = pg_str(r, 0, 0)[0] != 't'   ? STORE_CISO_REFUSED
           : pg_str(r, 0, 1)[0] != 't' ? STORE_CISO_ONLY
                                       : STORE_CISO_GRANTED;
    PQclear(r);
    return 0;
}

/* The server's refusal in the program's words, where it has its own. */
static void explain(PgStore *p, long long unit, VkError *err)
{
    if (strcmp(p->sqlstate, "VK002") == 0)
        vk_error_set(err,
                     _("%s: a report from a server covers one month, three "
                       "months or twelve months"),
                     p->where);
    else if (strcmp(p->sqlstate, "VK004") == 0)
        vk_error_set(err, _("--unit %lld: there is no unit with this id"),
                     unit);
    else if (strcmp(p->sqlstate, "42501") == 0)
        vk_error_set(err,
                     _("%s: the database role %s may not see the CISO's "
                       "report; the database administrator can grant it "
                       "with GRANT vaksam_ciso TO \"%s\""),
                     p->where, p->login, p->login);
}

int pgs_published_report(Store *s, int first, int last, long long unit,
                         int role, int k, PublishedFn fn, void *ctx,
                         VkError *err)
{
    PgStore *p = (PgStore *)s;
    PgArgs a = {0};
    pa_int(&a, first);
    pa_int(&a, last);
    pa_int(&a, unit);
    pa_int(&a, role);
    pa_int(&a, k);
    PGresult *r = pg_run(p, "SELECT * FROM vaksam.report($1, $2, $3, $4, $5)",
                         &a, err, _("read the report"));
    if (!r) {
        explain(p, unit, err);
        return -1;
    }
    for (int i = 0; i < PQntuples(r); i++) {
        StorePublished row = {
            .kind = pg_str(r, i, 0),
            .i = (int)pg_ll(r, i, 1),
            .j = (int)pg_ll(r, i, 2),
            .value = (int)pg_ll(r, i, 3),
            .learners = (int)pg_ll(r, i, 4),
            .answers = (int)pg_ll(r, i, 5),
            .empty = pg_str(r, i, 6)[0] == 't',
            .suppressed = pg_str(r, i, 7)[0] == 't',
            .id = pg_ll(r, i, 8),
            .name = pg_str(r, i, 9),
            .bits = (int)pg_ll(r, i, 10),
        };
        fn(ctx, &row);
    }
    PQclear(r);
    return 0;
}
