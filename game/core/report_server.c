/*
 * report_server.c - a Report from a server's published rows
 * (report_server.h; the rows are made by store_pg_publish.sql, which
 * holds the same rule as report.c, shown.c and publish.c).
 */
#include "report_server.h"
#include "report_missed.h"

#include "i18n.h"

#include <stdlib.h>
#include <string.h>

static Figure figure_of(const StorePublished *p)
{
    return (Figure){p->value, p->learners, p->answers, p->empty,
                    p->suppressed};
}

static void add_missed(Report *r, const StorePublished *p)
{
    if (r->nmissed == REPORT_MISSED_MAX)
        return;
    Missed *m = &r->missed[r->nmissed++];
    memset(m, 0, sizeof *m);
    missed_name(m, p->name);
    m->missed_percent = p->value;
    m->learners = p->learners;
    m->answers = p->answers;
}

static void add_choice(Report *r, const StorePublished *p)
{
    if (r->nmissed == 0 || p->i != r->nmissed)
        return; /* a choice of a decision left out */
    Missed *m = &r->missed[r->nmissed - 1];
    if (m->nchoices == REPORT_CHOICES_MAX)
        return;
    m->choices[m->nchoices++] =
        (MissedChoice){p->j, p->value, (Result)p->bits};
}

typedef struct Rows {
    Report *r;
    int cap; /* of r->units */
} Rows;

static void add_unit(Rows *rows, const StorePublished *p)
{
    Report *r = rows->r;
    if (r->nunits == rows->cap)
        return; /* units made since they were counted */
    ReportUnit *u = &r->units[r->nunits++];
    memset(u, 0, sizeof *u);
    u->id = p->id;
    snprintf(u->name, sizeof u->name, "%s", p->name);
    u->own = p->bits & 256;
    u->with_folded = p->bits & 512;
    u->folded = (unsigned)p->bits & 0xffu;
    u->overall = figure_of(p);
}

static bool in(int i, int n)
{
    return i >= 0 && i < n;
}

static void on_row(void *ctx, const StorePublished *p)
{
    Rows *rows = ctx;
    Report *r = rows->r;
    const char *k = p->kind;
    ReportUnit *u = r->nunits ? &r->units[r->nunits - 1] : NULL;
    if (strcmp(k, "overall") == 0)
        r->overall = figure_of(p);
    else if (strcmp(k, "previous") == 0)
        r->overall_previous = figure_of(p);
    else if (strcmp(k, "topic") == 0 && in(p->i, TOPIC_COUNT))
        r->topic[p->i] = figure_of(p);
    else if (strcmp(k, "role") == 0 && in(p->i, ROLE_COUNT))
        r->role[p->i] = figure_of(p);
    else if (strcmp(k, "participation") == 0)
        r->participation = figure_of(p);
    else if (strcmp(k, "unit") == 0)
        add_unit(rows, p);
    else if (strcmp(k, "unit_topic") == 0 && u && in(p->j, TOPIC_COUNT))
        u->topic[p->j] = figure_of(p);
    else if (strcmp(k, "unit_part") == 0 && u)
        u->participation = figure_of(p);
    else if (strcmp(k, "trend") == 0 && in(p->i, r->ntrend))
        r->trend[p->i].overall = figure_of(p);
    else if (strcmp(k, "trend_topic") == 0 && in(p->i, r->ntrend) &&
             in(p->j, TOPIC_COUNT))
        r->trend[p->i].topic[p->j] = figure_of(p);
    else if (strcmp(k, "name") == 0)
        snprintf(r->unit_name, sizeof r->unit_name, "%s", p->name);
    else if (strcmp(k, "missed") == 0)
        add_missed(r, p);
    else if (strcmp(k, "choice") == 0)
        add_choice(r, p);
}

int report_from_server(Store *s, const ReportFilter *f, Report *out,
                       VkError *err)
{
    memset(out, 0, sizeof *out);
    out->filter = *f;
    if (out->filter.k < REPORT_K_MIN)
        out->filter.k = REPORT_K_MIN;
    if (f->period.first > f->period.last) {
        vk_error_set(err, _("the period ends before it starts"));
        return -1;
    }
    out->previous = period_previous(f->period);
    report_plan_trend(out);
    /* at most every unit, and the selected unit's own row */
    Unit *units;
    int n;
    if (store_list_units(s, &units, &n, err) < 0) {
        report_free(out);
        return -1;
    }
    free(units);
    Rows rows = {out, n + 1};
    out->units = xcalloc((size_t)rows.cap, sizeof *out->units);
    if (store_published_report(s, f->period.first, f->period.last,
                               f->unit_id, f->role, out->filter.k, on_row,
                               &rows, err) < 0) {
        report_free(out);
        return -1;
    }
    out->has_change = !out->overall.empty && !out->overall.suppressed &&
                      !out->overall_previous.empty &&
                      !out->overall_previous.suppressed;
    out->change =
        out->has_change ? out->overall.value - out->overall_previous.value : 0;
    return 0;
}
