/*
 * report.c - the CISO's report from the store's running totals (see
 * report.h for the definitions, rollup.h for how the totals answer "the
 * latest answer in a period").
 */
#include "report.h"
#include "report_exact.h"
#include "report_missed.h"
#include "shown.h"
#include "table.h"

#include "i18n.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* Whether a rollup cell holds answers that are the latest in p. */
static bool in_period(Period p, const RollKey *k)
{
    return k->month >= p.first && k->month <= p.last &&
           (k->next == 0 || k->next > p.last);
}

/* ---- sums to figures ---- */

typedef struct Acc {
    long long v[ROLL_COLS];
} Acc;

static void acc_add(Acc *a, const int *v)
{
    for (int c = 0; c < ROLL_COLS; c++)
        a->v[c] += v[c];
}

int report_k(Store *s, int *k, VkError *err)
{
    char *v;
    int found = store_get_setting(s, "report_k", &v, err);
    if (found < 0)
        return -1;
    *k = found ? atoi(v) : REPORT_K_DEFAULT;
    if (*k < REPORT_K_MIN)
        *k = REPORT_K_MIN;
    free(v);
    return 0;
}

int report_set_k(Store *s, int k, VkError *err)
{
    if (k < REPORT_K_MIN) {
        vk_error_set(err,
                     _("figures from fewer than %d learners are always "
                       "hidden; %d is too few"),
                     REPORT_K_MIN, k);
        return -1;
    }
    char v[16];
    snprintf(v, sizeof v, "%d", k);
    return store_set_setting(s, "report_k", v, err);
}

/* ---- building ---- */

typedef struct UnitRow {
    long long id;
    int at;  /* index into Build.all */
    int row; /* index into Report.units, or -1 outside the selection */
} UnitRow;

static int unitrow_cmp(const void *a, const void *b)
{
    const UnitRow *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

typedef struct Build {
    Report *r;
    const Publisher *pub;
    Unit *all;     /* every unit, in tree order */
    UnitRow *rows; /* every unit, sorted by id */
    int nrows;
    Period cur, prev;
    Acc total, previous, role[ROLE_COUNT];
    Acc *unit;           /* per report row */
    Acc *trend;          /* per trend point */
    long long *eligible; /* per report row */
    long long eligible_total, eligible_role[ROLE_COUNT];
    /* shown.h decides, for each period (SLOT_CUR, SLOT_PREV, then the
     * trend points) and each measure (MEASURE_ACTIVE, then the topics),
     * from the learners per unit (b->all order) and role */
    int nslots;
    int (*act)[2]; /* [(slot * MEASURES + measure) * nrows + unit] */
    Shown *shown;  /* [slot * MEASURES + measure] */
    int *parent;   /* per unit: index of its parent, or -1 */
    int sel;       /* the selected unit's index, or nrows for the whole org */
    bool *folded;  /* [row * MEASURES + measure]: in the own row instead */
} Build;

enum { MEASURE_ACTIVE, MEASURES = 1 + TOPIC_COUNT };
enum { SLOT_CUR, SLOT_PREV, SLOT_TREND };

static const UnitRow *find_unit(const Build *b, long long unit)
{
    UnitRow key = {unit, 0, 0};
    return bsearch(&key, b->rows, (size_t)b->nrows, sizeof *b->rows,
                   unitrow_cmp);
}

static int row_of(const Build *b, long long unit)
{
    const UnitRow *u = find_unit(b, unit);
    return u ? u->row : -1;
}

static void build_free(Build *b)
{
    free(b->all);
    free(b->rows);
    free(b->unit);
    free(b->trend);
    free(b->eligible);
    free(b->act);
    free(b->parent);
    for (int i = 0; b->shown && i < b->nslots * MEASURES; i++)
        shown_free(&b->shown[i]);
    free(b->shown);
    free(b->folded);
}

static bool role_wanted(const Build *b, int role)
{
    return b->r->filter.role == REPORT_ROLE_ALL || b->r->filter.role == role;
}

/* The learners of every unit, whatever the selection, for shown.h. */
static void count_slot(Build *b, int slot, int unit, int r, const int *v)
{
    size_t base = (size_t)slot * MEASURES * (size_t)b->nrows + (size_t)unit;
    b->act[base][r] += v[ROLL_ACTIVE];
    for (int t = 0; t < TOPIC_COUNT; t++)
        b->act[base + (size_t)(1 + t) * (size_t)b->nrows][r] +=
            v[ROLL_LEARNERS + t];
}

static void count_active(Build *b, const RollKey *k, const int *v, int trend)
{
    const UnitRow *u = find_unit(b, k->unit);
    if (!u || k->role < 0 || k->role >= ROLE_COUNT)
        return;
    int r = k->role == ROLE_MANAGER ? 0 : 1;
    if (in_period(b->cur, k))
        count_slot(b, SLOT_CUR, u->at, r, v);
    if (in_period(b->prev, k))
        count_slot(b, SLOT_PREV, u->at, r, v);
    if (trend >= 0)
        count_slot(b, SLOT_TREND + trend, u->at, r, v);
}

static void on_cell(void *ctx, const RollKey *k, const int *v)
{
    Build *b = ctx;
    /* the one trend point whose months hold this cell (quarters are
     * calendar quarters, the first and last cut to the period) */
    const Report *r = b->r;
    int first = r->filter.period.first;
    int i = r->quarterly ? k->month / 3 - first / 3 : k->month - first;
    if (i < 0 || i >= r->ntrend || !in_period(r->trend[i].period, k))
        i = -1;
    count_active(b, k, v, i);
    int row = row_of(b, k->unit);
    if (row < 0 || !role_wanted(b, k->role) || k->role < 0 ||
        k->role >= ROLE_COUNT)
        return;
    if (in_period(b->prev, k))
        acc_add(&b->previous, v);
    if (in_period(b->cur, k)) {
        acc_add(&b->total, v);
        acc_add(&b->role[k->role], v);
        acc_add(&b->unit[row], v);
    }
    if (i >= 0)
        acc_add(&b->trend[i], v);
}

static void on_size(void *ctx, long long unit, int role, int learners)
{
    Build *b = ctx;
    int row = row_of(b, unit);
    if (row < 0 || !role_wanted(b, role))
        return;
    b->eligible[row] += learners;
    b->eligible_total += learners;
    b->eligible_role[role] += learners;
}

/* The heat map's rows: the units just below the selected one (each with
 * everything below it), and the selected unit's own members. */
static int plan_rows(Build *b, Store *s, long long **subtree, int *nsubtree,
                     VkError *err)
{
    Report *r = b->r;
    int n;
    if (store_list_units(s, &b->all, &n, err) < 0)
        return -1;
    const Unit *units = b->all;
    long long root = r->filter.unit_id;
    /* an organisation under one top unit: its rows are the units below */
    int roots = 0;
    for (int i = 0; i < n; i++)
        roots += units[i].parent_id == 0;
    if (root == 0 && roots == 1)
        root = units[0].id;
    b->rows = xcalloc((size_t)(n > 0 ? n : 1), sizeof *b->rows);
    b->nrows = n;
    for (int i = 0; i < n; i++)
        b->rows[i] = (UnitRow){units[i].id, i, -1};
    qsort(b->rows, (size_t)n, sizeof *b->rows, unitrow_cmp);
    r->units = xcalloc((size_t)n + 1, sizeof *r->units);
    *subtree = xcalloc((size_t)(n > 0 ? n : 1), sizeof **subtree);
    *nsubtree = 0;
    /* units come parents first: a unit's row is its parent's, unless the
     * parent is the selected unit */
    int *row_at = xcalloc((size_t)(n > 0 ? n : 1), sizeof *row_at);
    bool found = root == 0;
    for (int i = 0; i < n; i++) {
        const Unit *u = &units[i];
        int row = -1;
        if (u->id == root || u->parent_id == root) {
            found |= u->id == root;
            if (u->id == root)
                snprintf(r->unit_name, sizeof r->unit_name, "%s", u->name);
            row = r->nunits++;
            ReportUnit *ru = &r->units[row];
            ru->id = u->id;
            ru->own = u->id == root;
            snprintf(ru->name, sizeof ru->name, "%s", u->name);
        } else {
            const UnitRow *p = find_unit(b, u->parent_id);
            row = p ? row_at[p->at] : -1;
        }
        row_at[i] = row;
        if (row >= 0)
            (*subtree)[(*nsubtree)++] = u->id;
    }
    for (int i = 0; i < n; i++)
        b->rows[i].row = row_at[b->rows[i].at];
    free(row_at);
    b->parent = xcalloc((size_t)(n > 0 ? n : 1), sizeof *b->parent);
    b->sel = n;
    for (int i = 0; i < n; i++) {
        const UnitRow *p = find_unit(b, units[i].parent_id);
        b->parent[i] = p ? p->at : -1;
        if (units[i].id == root)
            b->sel = i;
    }
    if (!found) {
        vk_error_set(err, _("--unit %lld: there is no unit with this id"),
                     root);
        return -1;
    }
    return 0;
}

/* ---- what may be shown (shown.h) ---- */

/* Whether the selection may show a measure in a period slot, for all
 * roles or one. */
static bool group_shown(const Build *b, int slot, int m, int role)
{
    if (b->pub->exact)
        return true;
    const Shown *sh = &b->shown[slot * MEASURES + m];
    if (b->sel >= b->nrows)
        return role == REPORT_ROLE_ALL ? sh->org : sh->org_roles;
    return role == REPORT_ROLE_ALL ? sh->all[b->sel] : sh->roles[b->sel];
}

/* The columns of a cell that a measure's figures are drawn from. */
static void add_measure(Acc *to, const Acc *from, int m)
{
    if (m == MEASURE_ACTIVE) {
        to->v[ROLL_ACTIVE] += from->v[ROLL_ACTIVE];
        to->v[ROLL_COMPLETED] += from->v[ROLL_COMPLETED];
        return;
    }
    int t = m - 1;
    to->v[ROLL_CREDIT + t] += from->v[ROLL_CREDIT + t];
    to->v[ROLL_ANSWERS + t] += from->v[ROLL_ANSWERS + t];
    to->v[ROLL_LEARNERS + t] += from->v[ROLL_LEARNERS + t];
}

/* A row that may not show a measure on its own gives it to the selected
 * unit's own row (its remainder). */
static void fold_rows(Build *b)
{
    Report *r = b->r;
    int own = -1, role = r->filter.role;
    for (int i = 0; i < r->nunits; i++)
        if (r->units[i].own)
            own = i;
    b->folded = xcalloc((size_t)(r->nunits + 1) * MEASURES, sizeof *b->folded);
    for (int i = 0; i < r->nunits && !b->pub->exact; i++) {
        const UnitRow *u = find_unit(b, r->units[i].id);
        if (r->units[i].own || !u)
            continue;
        for (int m = 0; m < MEASURES; m++) {
            const Shown *sh = &b->shown[SLOT_CUR * MEASURES + m];
            if (role == REPORT_ROLE_ALL ? sh->all[u->at] : sh->roles[u->at])
                continue;
            b->folded[i * MEASURES + m] = true;
            r->units[i].folded |= 1u << m;
            if (own < 0)
                continue;
            r->units[own].with_folded = true;
            add_measure(&b->unit[own], &b->unit[i], m);
            if (m == MEASURE_ACTIVE)
                b->eligible[own] += b->eligible[i];
        }
    }
}

/* Decides every period's blocks for every measure, then folds rows. */
static void decide_shown(Build *b)
{
    ShownTree t = {b->nrows, b->parent};
    b->shown = xcalloc((size_t)b->nslots * MEASURES, sizeof *b->shown);
    for (int i = 0; i < b->nslots * MEASURES; i++)
        shown_decide(&t,
                     (const int(*)[2])(b->act + (size_t)i * (size_t)b->nrows),
                     b->pub->k, &b->shown[i]);
    fold_rows(b);
}

/* What a figure may show: the overall index and each topic. */
typedef struct Mask {
    bool overall, topic[TOPIC_COUNT];
} Mask;

static Mask mask_of(const Build *b, int slot, int role)
{
    Mask k;
    k.overall = group_shown(b, slot, MEASURE_ACTIVE, role);
    for (int t = 0; t < TOPIC_COUNT; t++)
        k.topic[t] = k.overall && group_shown(b, slot, 1 + t, role);
    return k;
}

static Mask row_mask(const Build *b, Mask sel, int row)
{
    const bool *f = &b->folded[row * MEASURES];
    sel.overall &= !f[MEASURE_ACTIVE];
    for (int t = 0; t < TOPIC_COUNT; t++)
        sel.topic[t] &= sel.overall && !f[1 + t];
    return sel;
}

static void hide(Figure *f)
{
    if (!f->empty)
        *f = (Figure){.suppressed = true};
}

/* The figures of a group from its sums, as far as the mask allows. */
static void acc_figures(const Publisher *p, const Acc *a, const Mask *m,
                        Figure *overall, Figure *topic)
{
    publish_group(p, a->v, m->topic, overall, topic);
    if (!m->overall)
        hide(overall);
}

/* Every figure of the report from the sums, as far as shown.h allows. */
static void make_figures(Build *b)
{
    Report *r = b->r;
    const Publisher *pub = b->pub;
    int role = r->filter.role;
    Mask sel = mask_of(b, SLOT_CUR, role), prev = mask_of(b, SLOT_PREV, role);
    Figure topics[TOPIC_COUNT];
    acc_figures(pub, &b->total, &sel, &r->overall, r->topic);
    acc_figures(pub, &b->previous, &prev, &r->overall_previous, topics);
    for (int i = 0; i < ROLE_COUNT; i++) {
        Mask m = mask_of(b, SLOT_CUR, role == REPORT_ROLE_ALL ? i : role);
        acc_figures(pub, &b->role[i], &m, &r->role[i], topics);
    }
    r->participation = publish_participation(pub, b->total.v[ROLL_COMPLETED],
                                             b->eligible_total);
    if (!sel.overall)
        hide(&r->participation);
    for (int i = 0; i < r->nunits; i++) {
        ReportUnit *u = &r->units[i];
        Mask m = row_mask(b, sel, i);
        acc_figures(pub, &b->unit[i], &m, &u->overall, u->topic);
        u->participation = publish_participation(
            pub, b->unit[i].v[ROLL_COMPLETED], b->eligible[i]);
        if (!m.overall)
            hide(&u->participation);
    }
    for (int i = 0; i < r->ntrend; i++) {
        Mask m = mask_of(b, SLOT_TREND + i, role);
        acc_figures(pub, &b->trend[i], &m, &r->trend[i].overall,
                    r->trend[i].topic);
    }
}

static int build(Store *s, const ReportFilter *f, const Publisher *pub,
                 Report *out, VkError *err)
{
    memset(out, 0, sizeof *out);
    out->filter = *f;
    out->filter.k = pub->k;
    if (f->period.first > f->period.last) {
        vk_error_set(err, _("the period ends before it starts"));
        return -1;
    }
    Report *r = out;
    r->previous = period_previous(f->period);
    Build b = {.r = r, .pub = pub, .cur = f->period, .prev = r->previous};
    long long *subtree = NULL;
    int nsubtree = 0;
    if (plan_rows(&b, s, &subtree, &nsubtree, err) < 0)
        goto fail;
    /* the trend: months, or quarters when the period is longer than a
     * year */
    int len = f->period.last - f->period.first + 1;
    r->quarterly = len > 12;
    r->trend = xcalloc((size_t)len, sizeof *r->trend);
    for (int m = f->period.first; m <= f->period.last;) {
        int end = r->quarterly ? m - m % 3 + 2 : m;
        if (end > f->period.last)
            end = f->period.last;
        r->trend[r->ntrend++].period = (Period){m, end};
        m = end + 1;
    }
    b.unit = xcalloc((size_t)r->nunits + 1, sizeof *b.unit);
    b.trend = xcalloc((size_t)r->ntrend + 1, sizeof *b.trend);
    b.eligible = xcalloc((size_t)r->nunits + 1, sizeof *b.eligible);
    b.nslots = SLOT_TREND + r->ntrend;
    b.act = xcalloc((size_t)b.nslots * MEASURES * (size_t)(b.nrows + 1),
                    sizeof *b.act);
    if (store_rollup_scan(s, r->previous.first, f->period.last, on_cell, &b,
                          err) < 0 ||
        store_learner_counts(s, on_size, &b, err) < 0)
        goto fail;
    decide_shown(&b);
    make_figures(&b);
    /* the selected unit's own row only when someone is in it */
    int kept = 0;
    for (int i = 0; i < r->nunits; i++)
        if (!r->units[i].own || !r->units[i].overall.empty ||
            !r->units[i].participation.empty)
            r->units[kept++] = r->units[i];
    r->nunits = kept;
    r->has_change = !r->overall.empty && !r->overall.suppressed &&
                    !r->overall_previous.empty &&
                    !r->overall_previous.suppressed;
    r->change =
        r->has_change ? r->overall.value - r->overall_previous.value : 0;
    if (group_shown(&b, SLOT_CUR, MEASURE_ACTIVE, f->role)) {
        MissedCounts *mc;
        if (missed_counts_read(s, subtree, f->unit_id ? nsubtree : 0, f->role,
                               f->period, &mc, err) < 0)
            goto fail;
        missed_publish(mc, pub, r);
        missed_counts_free(mc);
    }
    build_free(&b);
    free(subtree);
    return 0;
fail:
    build_free(&b);
    free(subtree);
    report_free(out);
    return -1;
}

static int clamp_k(int k)
{
    return k < REPORT_K_MIN ? REPORT_K_MIN : k;
}

int report_build(Store *s, const ReportFilter *f, Report *out, VkError *err)
{
    Publisher pub;
    memset(out, 0, sizeof *out);
    if (publisher_load(&pub, s, clamp_k(f->k), err) < 0)
        return -1;
    int rc = build(s, f, &pub, out, err);
    sodium_memzero(&pub, sizeof pub);
    return rc;
}

int report_build_exact(Store *s, const ReportFilter *f, Report *out,
                       VkError *err)
{
    Publisher pub = {.k = clamp_k(f->k), .exact = true};
    return build(s, f, &pub, out, err);
}

void report_free(Report *r)
{
    free(r->units);
    free(r->trend);
    r->units = NULL;
    r->trend = NULL;
    r->nunits = r->ntrend = 0;
}

/* ---- the completion register ---- */

typedef struct RegisterCtx {
    TableWriter w;
    const Build *b;
} RegisterCtx;

static void on_completion(void *ctx, const Completion *c)
{
    RegisterCtx *rc = ctx;
    const UnitRow *u = find_unit(rc->b, c->unit);
    if (!u || u->row < 0 || !role_wanted(rc->b, c->role))
        return;
    const char *unit = rc->b->all[u->at].name;
    char id[32];
    snprintf(id, sizeof id, "%lld", c->unit);
    const char *fields[] = {c->login,
                            id,
                            unit,
                            role_id(c->role),
                            c->course ? "leadership-course" : "awareness-quiz",
                            c->at};
    static const char *const names[] = {"login", "unit_id", "unit",
                                        "role",  "course",  "completed_at"};
    table_row(&rc->w, names, fields, 6);
}

int report_write_register(Store *s, const ReportFilter *f, ReportFormat fmt,
                          FILE *out, VkError *err)
{
    Report r = {.filter = *f};
    Build b = {.r = &r};
    long long *subtree = NULL;
    int nsubtree = 0;
    RegisterCtx ctx = {{out, fmt == REPORT_JSON, 0}, &b};
    int rc = plan_rows(&b, s, &subtree, &nsubtree, err);
    if (rc == 0) {
        if (fmt == REPORT_CSV)
            fputs("login,unit_id,unit,role,course,completed_at\n", out);
        else
            fputs("{\n  \"register\": [", out);
        rc = store_completions(s, f->period.first, f->period.last,
                               on_completion, &ctx, err);
        if (fmt == REPORT_JSON)
            fputs("\n  ]\n}\n", out);
        if (rc == 0 && (fflush(out) != 0 || ferror(out))) {
            vk_error_set(err, _("cannot write the register: %s"),
                         strerror(errno));
            rc = -1;
        }
    }
    build_free(&b);
    free(subtree);
    report_free(&r);
    return rc;
}
