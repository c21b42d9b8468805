/*
 * report_write.c - one table of a Report as CSV or JSON (report.h): the
 * columns period,unit_id,unit,role,measure,value,learners, a suppressed
 * figure as the word "suppressed" and never a number.
 */
#include "report.h"

#include "i18n.h"
#include "table.h"

#include <errno.h>
#include <string.h>

int report_by_from_id(const char *id)
{
    static const char *const ids[] = {"topic", "unit", "role", "month"};
    for (int i = 0; i < 4; i++)
        if (strcmp(id, ids[i]) == 0)
            return i;
    return -1;
}

static const char *const columns[] = {"period",  "unit_id", "unit",    "role",
                                      "measure", "value",   "learners"};

/* One row: a figure of a measure (a topic id, "overall" or
 * "participation") for a period, unit and role. */
static void put_row(TableWriter *w, const char *period, long long unit_id,
                    const char *unit, const char *role, const char *measure,
                    const Figure *f)
{
    char id[32] = "", value[16] = "", learners[16] = "";
    if (unit_id)
        snprintf(id, sizeof id, "%lld", unit_id);
    if (f->suppressed)
        snprintf(value, sizeof value, "suppressed");
    else if (!f->empty) {
        snprintf(value, sizeof value, "%d", f->value);
        snprintf(learners, sizeof learners, "%d", f->learners);
    }
    const char *fields[] = {period, id, unit, role, measure, value, learners};
    table_row(w, columns, fields, 7);
}

static void put_figures(TableWriter *w, const char *period, long long unit_id,
                        const char *unit, const char *role,
                        const Figure *overall, const Figure *topic,
                        const Figure *participation)
{
    put_row(w, period, unit_id, unit, role, "overall", overall);
    for (int t = 0; t < TOPIC_COUNT; t++)
        put_row(w, period, unit_id, unit, role, topic_id((Topic)t), &topic[t]);
    if (participation)
        put_row(w, period, unit_id, unit, role, "participation", participation);
}

int report_write(const Report *r, ReportBy by, ReportFormat fmt, FILE *out,
                 VkError *err)
{
    TableWriter w = {out, fmt == REPORT_JSON, 0};
    char period[32], unit_id[32] = "";
    period_format(r->filter.period, period, sizeof period);
    const char *role = r->filter.role == REPORT_ROLE_ALL
                           ? "all"
                           : role_id((Role)r->filter.role);
    if (r->filter.unit_id)
        snprintf(unit_id, sizeof unit_id, "%lld", r->filter.unit_id);
    if (fmt == REPORT_CSV) {
        for (int i = 0; i < 7; i++)
            fprintf(out, "%s%s", i ? "," : "", columns[i]);
        fputc('\n', out);
    } else {
        fputs("{\n  \"period\": ", out);
        table_json_string(out, period);
        fprintf(out, ",\n  \"unit_id\": %s,\n  \"unit\": ",
                *unit_id ? unit_id : "null");
        table_json_string(out, r->unit_name);
        fputs(",\n  \"role\": ", out);
        table_json_string(out, role);
        fprintf(out, ",\n  \"k\": %d,\n  \"password_reset_at\": ", r->filter.k);
        if (*r->password_reset_at)
            table_json_string(out, r->password_reset_at);
        else
            fputs("null", out);
        fputs(",\n  \"rows\": [", out);
    }
    const char *unit = r->unit_name;
    switch (by) {
    case REPORT_BY_TOPIC:
        put_figures(&w, period, r->filter.unit_id, unit, role, &r->overall,
                    r->topic, &r->participation);
        break;
    case REPORT_BY_UNIT:
        for (int i = 0; i < r->nunits; i++) {
            const ReportUnit *u = &r->units[i];
            put_figures(&w, period, u->id, u->name, role, &u->overall, u->topic,
                        &u->participation);
        }
        break;
    case REPORT_BY_ROLE:
        for (int i = 0; i < ROLE_COUNT; i++)
            if (r->filter.role == REPORT_ROLE_ALL || r->filter.role == i)
                put_row(&w, period, r->filter.unit_id, unit, role_id((Role)i),
                        "overall", &r->role[i]);
        break;
    case REPORT_BY_MONTH:
        for (int i = 0; i < r->ntrend; i++) {
            char p[32];
            period_format(r->trend[i].period, p, sizeof p);
            put_figures(&w, p, r->filter.unit_id, unit, role,
                        &r->trend[i].overall, r->trend[i].topic, NULL);
        }
        break;
    }
    if (fmt == REPORT_JSON)
        fputs("\n  ]\n}\n", out);
    if (fflush(out) != 0 || ferror(out)) {
        vk_error_set(err, _("cannot write the report: %s"), strerror(errno));
        return -1;
    }
    return 0;
}
