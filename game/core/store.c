/*
 * store.c - the storage interface (store.h): opens the backend the place
 * names and hands every call to it (store_backend.h).
 */
#include "store_backend.h"

#include "i18n.h"

#include <sodium.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

static const StoreOps *ops_of(const Store *s)
{
    return ((const StoreHead *)(const void *)s)->ops;
}

static const StoreOps *bulk_ops(const StoreBulk *b)
{
    return ops_of(((const StoreBulkHead *)(const void *)b)->s);
}

/* An operation this backend does not have; -1. */
static int unsupported(const Store *s, VkError *err)
{
    vk_error_set(err, _("this cannot be done on a %s store"),
                 ops_of(s)->name);
    return -1;
}

Store *store_open(const char *where, VkError *err)
{
    return store_is_server(where) ? store_pg_open(where, NULL, err)
                                  : sq_open(where, err);
}

void store_new_uid(char out[37])
{
    unsigned char b[16];
    randombytes_buf(b, sizeof b);
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    char *o = out;
    for (int i = 0; i < 16; i++) {
        o += sprintf(o, "%02x", b[i]);
        if (i == 3 || i == 5 || i == 7 || i == 9)
            *o++ = '-';
    }
    *o = '\0';
}

char *store_display_name(const char *where)
{
    return store_is_server(where) ? store_pg_display_name(where)
                                  : xstrdup(where);
}

bool store_has_password(const char *where)
{
    return store_is_server(where) && store_pg_has_password(where);
}

/* A server checks its own pages: opening it is the check. */
Store *store_open_checked(const char *where, VkError *err)
{
    return store_is_server(where) ? store_pg_open(where, NULL, err)
                                  : sq_open_checked(where, err);
}

bool store_damaged(const Store *s)
{
    if (!s)
        return false;
    const StoreOps *o = ops_of(s);
    return o->damaged && o->damaged(s);
}

void store_close(Store *s)
{
    if (!s)
        return;
    const StoreOps *o = ops_of(s);
    if (o->close)
        o->close(s);
}

void store_set_busy_timeout(Store *s, int ms)
{
    const StoreOps *o = ops_of(s);
    if (o->set_busy_timeout)
        o->set_busy_timeout(s, ms);
}

void store_set_clock(Store *s, long long unix_time)
{
    const StoreOps *o = ops_of(s);
    if (o->set_clock)
        o->set_clock(s, unix_time);
}

int store_seed_units(Store *s, const UnitSeed *units, int n, bool *created, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->seed_units)
        return unsupported(s, err);
    return o->seed_units(s, units, n, created, err);
}

int store_import_units(Store *s, const UnitImport *units, int n, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->import_units)
        return unsupported(s, err);
    return o->import_units(s, units, n, err);
}

/* Units in tree order, depth first, siblings in natural order. */
typedef struct UnitTree {
    const Unit *in;
    int n;
    Unit *out;
    int nout;
} UnitTree;

static int by_natural_name(const void *a, const void *b)
{
    const Unit *x = a, *y = b;
    int c = vk_natural_cmp(x->name, y->name);
    return c ? c : (x->id > y->id) - (x->id < y->id);
}

static void place_children(UnitTree *t, long long parent, int depth)
{
    Unit *kids = xcalloc((size_t)t->n + 1, sizeof *kids);
    int nk = 0;
    for (int i = 0; i < t->n; i++)
        if (t->in[i].parent_id == parent)
            kids[nk++] = t->in[i];
    qsort(kids, (size_t)nk, sizeof *kids, by_natural_name);
    for (int k = 0; k < nk && t->nout < t->n; k++) {
        kids[k].depth = depth;
        t->out[t->nout++] = kids[k];
        place_children(t, kids[k].id, depth + 1);
    }
    free(kids);
}

int store_list_units(Store *s, Unit **out, int *n, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->list_units)
        return unsupported(s, err);
    if (o->list_units(s, out, n, err) < 0)
        return -1;
    /* the backends give tree order by name as text ("1.10" before "1.2");
     * people read numbers in names as numbers */
    UnitTree t = {*out, *n, xcalloc((size_t)*n + 1, sizeof(Unit)), 0};
    place_children(&t, 0, 0);
    if (t.nout == *n) {
        free(*out);
        *out = t.out;
    } else {
        free(t.out); /* a unit whose parent is missing: keep theirs */
    }
    return 0;
}

int store_find_learner(Store *s, const char *login, Learner *out, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->find_learner)
        return unsupported(s, err);
    return o->find_learner(s, login, out, err);
}

int store_save_learner(Store *s, const char *login, long long unit_id, Role role, Learner *out, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->save_learner)
        return unsupported(s, err);
    return o->save_learner(s, login, unit_id, role, out, err);
}

int store_import_learners(Store *s, const LearnerImport *list, int n, bool check_only, bool *unknown, LearnerImportStats *st, VkError *err)
{
    const StoreOps *o = ops_of(s);
    memset(st, 0, sizeof *st);
    if (!o->import_learners)
        return unsupported(s, err);
    return o->import_learners(s, list, n, check_only, unknown, st, err);
}

int store_roster_kept(Store *s, bool *kept, VkError *err)
{
    const StoreOps *o = ops_of(s);
    *kept = false;
    if (!o->roster_kept)
        return unsupported(s, err);
    return o->roster_kept(s, kept, err);
}

int store_latest_attempt(Store *s, long long learner_id, const char *lesson_id, Attempt *out, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->latest_attempt)
        return unsupported(s, err);
    return o->latest_attempt(s, learner_id, lesson_id, out, err);
}

int store_start_attempt(Store *s, long long learner_id, const char *lesson_id, int lesson_version, const char *kind, const char *lang, const char *position, const char *plan, long long *attempt_id, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->start_attempt)
        return unsupported(s, err);
    return o->start_attempt(s, learner_id, lesson_id, lesson_version, kind, lang, position, plan, attempt_id, err);
}

int store_record_answer(Store *s, long long attempt_id, int seq, const char *scene_id, int choice, Topic topic, Result result, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->record_answer)
        return unsupported(s, err);
    return o->record_answer(s, attempt_id, seq, scene_id, choice, topic, result, err);
}

int store_set_position(Store *s, long long attempt_id, const char *scene_id, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->set_position)
        return unsupported(s, err);
    return o->set_position(s, attempt_id, scene_id, err);
}

int store_finish_attempt(Store *s, long long attempt_id, int points, int max_points, int course_lessons, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->finish_attempt)
        return unsupported(s, err);
    return o->finish_attempt(s, attempt_id, points, max_points, course_lessons, err);
}

int store_attempt_answers(Store *s, long long attempt_id, StoredAnswer **out, int *n, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->attempt_answers)
        return unsupported(s, err);
    return o->attempt_answers(s, attempt_id, out, n, err);
}

int store_get_setting(Store *s, const char *key, char **value, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->get_setting)
        return unsupported(s, err);
    return o->get_setting(s, key, value, err);
}

int store_set_setting(Store *s, const char *key, const char *value, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->set_setting)
        return unsupported(s, err);
    return o->set_setting(s, key, value, err);
}

int store_set_settings(Store *s, const StoreSetting *set, int n, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->set_settings)
        return unsupported(s, err);
    return o->set_settings(s, set, n, err);
}

int store_topic_levels(Store *s, long long learner_id, TopicLevels *out, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->topic_levels)
        return unsupported(s, err);
    return o->topic_levels(s, learner_id, out, err);
}

int store_recent_correct(Store *s, long long learner_id, int days, char ***out, int *n, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->recent_correct)
        return unsupported(s, err);
    return o->recent_correct(s, learner_id, days, out, n, err);
}

int store_quiz_history(Store *s, long long learner_id, int max, QuizResult **out, int *n, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->quiz_history)
        return unsupported(s, err);
    return o->quiz_history(s, learner_id, max, out, n, err);
}

int store_rollup_scan(Store *s, int first, int last, RollupFn fn, void *ctx, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->rollup_scan)
        return unsupported(s, err);
    return o->rollup_scan(s, first, last, fn, ctx, err);
}

int store_unit_sizes(Store *s, UnitSizeFn fn, void *ctx, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->unit_sizes)
        return unsupported(s, err);
    return o->unit_sizes(s, fn, ctx, err);
}

int store_learner_counts(Store *s, UnitSizeFn fn, void *ctx, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->learner_counts)
        return unsupported(s, err);
    return o->learner_counts(s, fn, ctx, err);
}

int store_item_counts(Store *s, const long long *units, int nunits, int role, int first, int last, ItemCountFn fn, void *ctx, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->item_counts)
        return unsupported(s, err);
    return o->item_counts(s, units, nunits, role, first, last, fn, ctx, err);
}

int store_span_rows(Store *s, int span, int block, SpanFn fn, void *ctx, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->span_rows)
        return unsupported(s, err);
    return o->span_rows(s, span, block, fn, ctx, err);
}

int store_cells(Store *s, int month, int next_first, int next_last, RollupFn fn, void *ctx, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->cells)
        return unsupported(s, err);
    return o->cells(s, month, next_first, next_last, fn, ctx, err);
}

int store_last_month(Store *s, int *month, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->last_month)
        return unsupported(s, err);
    return o->last_month(s, month, err);
}

int store_stamp(Store *s, StoreStamp *out, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->stamp)
        return unsupported(s, err);
    return o->stamp(s, out, err);
}

int store_read_begin(Store *s, bool *began, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->read_begin)
        return unsupported(s, err);
    return o->read_begin(s, began, err);
}

void store_read_end(Store *s, bool began)
{
    const StoreOps *o = ops_of(s);
    if (o->read_end)
        o->read_end(s, began);
}

int store_spans_defer(Store *s, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->spans_defer)
        return unsupported(s, err);
    return o->spans_defer(s, err);
}

int store_spans_refill(Store *s, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->spans_refill)
        return unsupported(s, err);
    return o->spans_refill(s, err);
}

int store_explain_spans(Store *s, FILE *out, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->explain_spans)
        return unsupported(s, err);
    return o->explain_spans(s, out, err);
}

int store_completions(Store *s, int first, int last, CompletionFn fn, void *ctx, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->completions)
        return unsupported(s, err);
    return o->completions(s, first, last, fn, ctx, err);
}

int store_export_attempts(Store *s, const char *since, int groups_k,
                          ExportAttemptFn fn, void *ctx, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->export_attempts)
        return unsupported(s, err);
    return o->export_attempts(s, since, groups_k, fn, ctx, err);
}

int store_xapi_org(Store *s, char org[33], VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->xapi_org)
        return unsupported(s, err);
    return o->xapi_org(s, org, err);
}

int store_xapi_sent(Store *s, const char *endpoint, SentFn fn, void *ctx,
                    VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->xapi_sent)
        return unsupported(s, err);
    return o->xapi_sent(s, endpoint, fn, ctx, err);
}

int store_xapi_mark_sent(Store *s, const char *endpoint,
                         const char *const *ids, int n, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->xapi_mark_sent)
        return unsupported(s, err);
    return o->xapi_mark_sent(s, endpoint, ids, n, err);
}

int store_ciso_access(Store *s, StoreCiso *out, VkError *err)
{
    const StoreOps *o = ops_of(s);
    *out = STORE_CISO_PASSWORD;
    return o->ciso_access ? o->ciso_access(s, out, err) : 0;
}

int store_xapi_access(Store *s, bool groups, StoreCiso *out, VkError *err)
{
    const StoreOps *o = ops_of(s);
    *out = STORE_CISO_PASSWORD;
    return o->xapi_access ? o->xapi_access(s, groups, out, err) : 0;
}

bool store_publishes(const Store *s)
{
    return ops_of(s)->published_report != NULL;
}

int store_published_report(Store *s, int first, int last, long long unit,
                           int role, int k, PublishedFn fn, void *ctx,
                           VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->published_report)
        return unsupported(s, err);
    return o->published_report(s, first, last, unit, role, k, fn, ctx, err);
}

int store_explain_report(Store *s, FILE *out, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->explain_report)
        return unsupported(s, err);
    return o->explain_report(s, out, err);
}

int store_rebuild_report(Store *s, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->rebuild_report)
        return unsupported(s, err);
    return o->rebuild_report(s, err);
}

StoreBulk *store_bulk_begin(Store *s, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->bulk_begin)
        return unsupported(s, err), NULL;
    return o->bulk_begin(s, err);
}

long long store_bulk_unit(StoreBulk *b, const char *name, long long parent, const char *hr_id)
{
    return bulk_ops(b)->bulk_unit(b, name, parent, hr_id);
}

long long store_bulk_learner(StoreBulk *b, const char *login, long long unit, Role role, const char *at)
{
    return bulk_ops(b)->bulk_learner(b, login, unit, role, at);
}

long long store_bulk_attempt(StoreBulk *b, long long learner, const char *lesson_id, int version, const char *kind, const char *started, const char *finished, int points, int max_points)
{
    return bulk_ops(b)->bulk_attempt(b, learner, lesson_id, version, kind, started, finished, points, max_points);
}

void store_bulk_answer(StoreBulk *b, long long attempt, int seq, const char *scene_id, int choice, Topic topic, Result result, const char *at, long long unit, Role role)
{
    bulk_ops(b)->bulk_answer(b, attempt, seq, scene_id, choice, topic, result, at, unit, role);
}

void store_bulk_completion(StoreBulk *b, long long learner, long long attempt, bool course, long long unit, Role role, const char *at)
{
    bulk_ops(b)->bulk_completion(b, learner, attempt, course, unit, role, at);
}

int store_bulk_end(StoreBulk *b, bool keep, VkError *err)
{
    /* a backend with bulk_begin has them all */
    return bulk_ops(b)->bulk_end(b, keep, err);
}

int store_init_roles(Store *s, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->init_roles)
        return unsupported(s, err);
    return o->init_roles(s, err);
}

const char *store_login(const Store *s)
{
    const StoreOps *o = ops_of(s);
    return o->login ? o->login(s) : NULL;
}

int store_queue_status(Store *s, StoreQueueStatus *out, VkError *err)
{
    const StoreOps *o = ops_of(s);
    if (!o->queue_status) {
        memset(out, 0, sizeof *out);
        return 0;
    }
    return o->queue_status(s, out, err);
}

int store_send_now(Store *s, VkError *err)
{
    const StoreOps *o = ops_of(s);
    return o->send_now ? o->send_now(s, err) : 0;
}
