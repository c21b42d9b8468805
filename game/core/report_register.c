/*
 * report_register.c - the completion register (report.h): who completed
 * which course and when, in the selected unit with everything below it
 * and the selected role, never a score or an answer.
 */
#include "report.h"
#include "table.h"

#include "i18n.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct UnitAt {
    long long id;
    int at; /* index into the units, in tree order */
} UnitAt;

static int unitat_cmp(const void *a, const void *b)
{
    const UnitAt *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

typedef struct RegisterCtx {
    TableWriter w;
    const Unit *units;
    UnitAt *ids; /* sorted by id */
    bool *in;    /* per unit: in the selection */
    int n, role;
} RegisterCtx;

static const UnitAt *find(const RegisterCtx *rc, long long id)
{
    UnitAt key = {id, 0};
    return bsearch(&key, rc->ids, (size_t)rc->n, sizeof *rc->ids, unitat_cmp);
}

/* The selected unit and everything below it (units come parents first);
 * false when there is no such unit. */
static bool select_units(RegisterCtx *rc, long long root)
{
    bool found = root == 0;
    for (int i = 0; i < rc->n; i++) {
        const UnitAt *p = find(rc, rc->units[i].parent_id);
        rc->in[i] =
            root == 0 || rc->units[i].id == root || (p && rc->in[p->at]);
        found |= rc->units[i].id == root;
    }
    return found;
}

static void on_completion(void *ctx, const Completion *c)
{
    RegisterCtx *rc = ctx;
    const UnitAt *u = find(rc, c->unit);
    if (!u || !rc->in[u->at] ||
        (rc->role != REPORT_ROLE_ALL && rc->role != (int)c->role))
        return;
    char id[32];
    snprintf(id, sizeof id, "%lld", c->unit);
    const char *fields[] = {c->login,
                            id,
                            rc->units[u->at].name,
                            role_id(c->role),
                            c->course ? "leadership-course" : "awareness-quiz",
                            c->at};
    static const char *const names[] = {"login", "unit_id", "unit",
                                        "role",  "course",  "completed_at"};
    table_row(&rc->w, names, fields, 6);
}

static int write_rows(Store *s, const ReportFilter *f, ReportFormat fmt,
                      RegisterCtx *ctx, FILE *out, VkError *err)
{
    if (fmt == REPORT_CSV)
        fputs("login,unit_id,unit,role,course,completed_at\n", out);
    else
        fputs("{\n  \"register\": [", out);
    int rc = store_completions(s, f->period.first, f->period.last,
                               on_completion, ctx, err);
    if (fmt == REPORT_JSON)
        fputs("\n  ]\n}\n", out);
    if (rc == 0 && (fflush(out) != 0 || ferror(out))) {
        vk_error_set(err, _("cannot write the register: %s"), strerror(errno));
        rc = -1;
    }
    return rc;
}

int report_write_register(Store *s, const ReportFilter *f, ReportFormat fmt,
                          FILE *out, VkError *err)
{
    Unit *units;
    int n;
    if (store_list_units(s, &units, &n, err) < 0)
        return -1;
    RegisterCtx ctx = {{out, fmt == REPORT_JSON, 0},
                       units,
                       xcalloc((size_t)n + 1, sizeof(UnitAt)),
                       xcalloc((size_t)n + 1, sizeof(bool)),
                       n,
                       f->role};
    for (int i = 0; i < n; i++)
        ctx.ids[i] = (UnitAt){units[i].id, i};
    qsort(ctx.ids, (size_t)n, sizeof *ctx.ids, unitat_cmp);
    int rc = 0;
    if (!select_units(&ctx, f->unit_id)) {
        vk_error_set(err, _("--unit %lld: there is no unit with this id"),
                     f->unit_id);
        rc = -1;
    }
    if (rc == 0)
        rc = write_rows(s, f, fmt, &ctx, out, err);
    free(ctx.ids);
    free(ctx.in);
    free(units);
    return rc;
}
