/*
 * report.c - the CISO's report from the store's running totals (see
 * report.h for the definitions, rollup.h for how the totals answer "the
 * latest answer in a period").
 */
#include "report.h"
#include "report_exact.h"
#include "report_missed.h"
#include "report_server.h"
#include "report_slots.h"
#include "shown.h"

#include "i18n.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* ---- sums to figures ---- */

typedef struct Acc {
    long long v[ROLL_COLS];
} Acc;

static void acc_add(Acc *a, const int *v, int sign)
{
    for (int c = 0; c < ROLL_COLS; c++)
        a->v[c] += sign * v[c];
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
    const Unit *all; /* every unit, in tree order (not owned) */
    UnitRow *rows;   /* every unit, sorted by id */
    int nrows;
    int *row_at; /* per unit (all order): index into Report.units, or -1 */
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

static void build_free(Build *b)
{
    free(b->rows);
    free(b->row_at);
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
static void count_slot(Build *b, int slot, int unit, int r, const int *v,
                       int sign)
{
    size_t base = (size_t)slot * MEASURES * (size_t)b->nrows + (size_t)unit;
    b->act[base][r] += sign * v[ROLL_ACTIVE];
    for (int t = 0; t < TOPIC_COUNT; t++)
        b->act[base + (size_t)(1 + t) * (size_t)b->nrows][r] +=
            sign * v[ROLL_LEARNERS + t];
}

/* Sums of one period slot (report_slots.h) for one unit and role. */
typedef struct SlotCtx {
    Build *b;
    int slot;
} SlotCtx;

static void on_slot(void *ctx, int at, int role, const int *v, int sign)
{
    const SlotCtx *sc = ctx;
    Build *b = sc->b;
    count_slot(b, sc->slot, at, role == ROLE_MANAGER ? 0 : 1, v, sign);
    int row = b->row_at[at];
    if (row < 0 || !role_wanted(b, role))
        return;
    if (sc->slot == SLOT_CUR) {
        acc_add(&b->total, v, sign);
        acc_add(&b->role[role], v, sign);
        acc_add(&b->unit[row], v, sign);
    } else if (sc->slot == SLOT_PREV) {
        acc_add(&b->previous, v, sign);
    } else {
        acc_add(&b->trend[sc->slot - SLOT_TREND], v, sign);
    }
}

/* Every slot's sums, and the learners who may take part. */
static int sum_slots(Build *b, Store *s, ReportCache *c, VkError *err)
{
    const Report *r = b->r;
    for (int slot = 0; slot < b->nslots; slot++) {
        SlotCtx sc = {b, slot};
        Period p = slot == SLOT_CUR    ? b->cur
                   : slot == SLOT_PREV ? b->prev
                                       : r->trend[slot - SLOT_TREND].period;
        if (slots_sum(c, s, p, on_slot, &sc, err) < 0)
            return -1;
    }
    const SizeRow *sz;
    int n;
    if (cache_sizes(c, s, &sz, &n, err) < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        int row = b->row_at[sz[i].at];
        if (row < 0 || !role_wanted(b, sz[i].role))
            continue;
        b->eligible[row] += sz[i].learners;
        b->eligible_total += sz[i].learners;
        b->eligible_role[sz[i].role] += sz[i].learners;
    }
    return 0;
}

/* The tree for shown.h: every unit's parent, and the selected unit. */
static void plan_tree(Build *b, long long root)
{
    int n = b->nrows;
    b->parent = xcalloc((size_t)(n > 0 ? n : 1), sizeof *b->parent);
    b->sel = n;
    for (int i = 0; i < n; i++) {
        const UnitRow *p = find_unit(b, b->all[i].parent_id);
        b->parent[i] = p ? p->at : -1;
        if (b->all[i].id == root)
            b->sel = i;
    }
}

/* The heat map's rows: the units just below the selected one (each with
 * everything below it), and the selected unit's own members. */
static int plan_rows(Build *b, const Unit *units, int n, long long **subtree,
                     int *nsubtree, VkError *err)
{
    Report *r = b->r;
    b->all = units;
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
    int *row_at = b->row_at = xcalloc((size_t)(n > 0 ? n : 1), sizeof *row_at);
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
    plan_tree(b, root);
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

/* The trend: months, or quarters when the period is longer than a year
 * (calendar quarters, the first and last cut to the period). */
void report_plan_trend(Report *r)
{
    Period p = r->filter.period;
    int len = p.last - p.first + 1;
    r->quarterly = len > 12;
    r->trend = xcalloc((size_t)len, sizeof *r->trend);
    for (int m = p.first; m <= p.last;) {
        int end = r->quarterly ? m - m % 3 + 2 : m;
        if (end > p.last)
            end = p.last;
        r->trend[r->ntrend++].period = (Period){m, end};
        m = end + 1;
    }
}

/* The change since the previous period, and the most-missed decisions. */
static int finish(Build *b, Store *s, ReportCache *c, const long long *subtree,
                  int nsubtree, VkError *err)
{
    Report *r = b->r;
    r->has_change = !r->overall.empty && !r->overall.suppressed &&
                    !r->overall_previous.empty &&
                    !r->overall_previous.suppressed;
    r->change =
        r->has_change ? r->overall.value - r->overall_previous.value : 0;
    if (!group_shown(b, SLOT_CUR, MEASURE_ACTIVE, r->filter.role))
        return 0;
    const MissedCounts *mc;
    if (cache_missed(c, s, r->filter.unit_id, subtree, nsubtree, r->filter.role,
                     r->filter.period, &mc, err) < 0)
        return -1;
    missed_publish(mc, b->pub, r);
    return 0;
}

static int build(Store *s, ReportCache *c, const ReportFilter *f,
                 const Publisher *pub, Report *out, VkError *err)
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
    int nsubtree = 0, nunits;
    const Unit *units;
    if (cache_units(c, s, &units, &nunits, err) < 0 ||
        plan_rows(&b, units, nunits, &subtree, &nsubtree, err) < 0)
        goto fail;
    report_plan_trend(r);
    b.unit = xcalloc((size_t)r->nunits + 1, sizeof *b.unit);
    b.trend = xcalloc((size_t)r->ntrend + 1, sizeof *b.trend);
    b.eligible = xcalloc((size_t)r->nunits + 1, sizeof *b.eligible);
    b.nslots = SLOT_TREND + r->ntrend;
    b.act = xcalloc((size_t)b.nslots * MEASURES * (size_t)(b.nrows + 1),
                    sizeof *b.act);
    if (sum_slots(&b, s, c, err) < 0)
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
    if (finish(&b, s, c, subtree, nsubtree, err) < 0)
        goto fail;
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

/* One snapshot of the file for the whole report, and the cache emptied
 * first when the file was written to since it was filled. */
static int build_in(Store *s, ReportCache *c, const ReportFilter *f,
                    const Publisher *pub, Report *out, VkError *err)
{
    bool began;
    if (store_read_begin(s, &began, err) < 0)
        return -1;
    int rc = cache_check(c, s, err);
    if (rc == 0)
        rc = build(s, c, f, pub, out, err);
    store_read_end(s, began);
    return rc;
}

int report_build_cached(Store *s, ReportCache *c, const ReportFilter *f,
                        Report *out, VkError *err)
{
    /* a server publishes the report itself, from what no CISO's
     * connection may read */
    if (store_publishes(s))
        return report_from_server(s, f, out, err);
    Publisher pub;
    memset(out, 0, sizeof *out);
    if (publisher_load(&pub, s, clamp_k(f->k), err) < 0)
        return -1;
    int rc = build_in(s, c, f, &pub, out, err);
    sodium_memzero(&pub, sizeof pub);
    char *reset = NULL;
    int found =
        rc < 0 ? 0 : store_get_setting(s, "password_reset_at", &reset, err);
    if (found > 0)
        snprintf(out->password_reset_at, sizeof out->password_reset_at, "%s",
                 reset);
    free(reset);
    if (found < 0) {
        report_free(out);
        return -1;
    }
    return rc;
}

int report_build(Store *s, const ReportFilter *f, Report *out, VkError *err)
{
    ReportCache *c = report_cache_new();
    int rc = report_build_cached(s, c, f, out, err);
    report_cache_free(c);
    return rc;
}

int report_build_exact(Store *s, const ReportFilter *f, Report *out,
                       VkError *err)
{
    Publisher pub = {.k = clamp_k(f->k), .exact = true};
    ReportCache *c = report_cache_new();
    int rc = build_in(s, c, f, &pub, out, err);
    report_cache_free(c);
    return rc;
}

void report_free(Report *r)
{
    free(r->units);
    free(r->trend);
    r->units = NULL;
    r->trend = NULL;
    r->nunits = r->ntrend = 0;
}
