/*
 * report_missed.c - the decisions most often missed (report_missed.h).
 * The store gives one row per unit, month, decision and choice; the rows
 * of one decision are summed in one place, found by its id ("lesson/scene"
 * or "pool/question") in util's hash map.
 */
#include "report_missed.h"

#include <stdlib.h>
#include <string.h>

typedef struct ItemAgg {
    char item[128];
    long long answers, right;
    int nchoices;
    struct {
        int choice, result;
        long long n;
    } choice[REPORT_CHOICES_MAX];
    int *learners; /* per month of the period */
} ItemAgg;

struct MissedCounts {
    ItemAgg *a;
    int n, cap;
    int last;  /* the decision of the row before, + 1: rows come by decision */
    VkMap index; /* item[128] -> index + 1 into a */
    Period p;
};

/* The counts of a decision, made empty when it is new. */
static ItemAgg *item_of(MissedCounts *mc, const char *item)
{
    if (mc->last && strcmp(mc->a[mc->last - 1].item, item) == 0)
        return &mc->a[mc->last - 1];
    char key[sizeof mc->a->item] = {0};
    snprintf(key, sizeof key, "%s", item);
    int *at = vk_map_get(&mc->index, key);
    if (*at) {
        mc->last = *at;
        return &mc->a[*at - 1];
    }
    if (mc->n == mc->cap) {
        mc->cap = mc->cap ? mc->cap * 2 : 64;
        mc->a = xrealloc(mc->a, (size_t)mc->cap * sizeof *mc->a);
    }
    ItemAgg *a = &mc->a[mc->n];
    memset(a, 0, sizeof *a);
    memcpy(a->item, key, sizeof a->item);
    a->learners = xcalloc((size_t)(mc->p.last - mc->p.first + 1), sizeof(int));
    *at = mc->last = ++mc->n;
    return a;
}

static void on_item(void *ctx, const char *item, int month, int choice,
                    int result, int n)
{
    MissedCounts *mc = ctx;
    ItemAgg *a = item_of(mc, item);
    if (choice < 0) {
        a->learners[month - mc->p.first] += n;
        return;
    }
    a->answers += n;
    if (result == RESULT_CORRECT)
        a->right += n;
    int c = 0;
    while (c < a->nchoices && a->choice[c].choice != choice)
        c++;
    if (c == a->nchoices) {
        if (c == REPORT_CHOICES_MAX)
            return;
        a->nchoices++;
        a->choice[c].choice = choice;
        a->choice[c].n = 0;
        a->choice[c].result = result;
    }
    /* a choice whose result a new version of its lesson changed shows
     * its best one, whatever order the rows come in (as the server's
     * copy of the rule: store_pg_publish.sql) */
    if (result > a->choice[c].result)
        a->choice[c].result = result;
    a->choice[c].n += n;
}

int missed_counts_read(Store *s, const long long *units, int nunits, int role,
                       Period p, MissedCounts **out, VkError *err)
{
    MissedCounts *mc = xcalloc(1, sizeof *mc);
    mc->p = p;
    vk_map_init(&mc->index, sizeof mc->a->item, sizeof(int), 256);
    int rc = store_item_counts(s, units, nunits, role, p.first, p.last, on_item,
                               mc, err);
    if (rc < 0) {
        missed_counts_free(mc);
        mc = NULL;
    }
    *out = mc;
    return rc;
}

void missed_counts_free(MissedCounts *mc)
{
    if (!mc)
        return;
    for (int i = 0; i < mc->n; i++)
        free(mc->a[i].learners);
    free(mc->a);
    vk_map_free(&mc->index);
    free(mc);
}

void missed_name(Missed *m, const char *item)
{
    const char *slash = strchr(item, '/');
    size_t len = slash ? (size_t)(slash - item) : strlen(item);
    snprintf(m->lesson_id, sizeof m->lesson_id, "%.*s", (int)len, item);
    snprintf(m->scene_id, sizeof m->scene_id, "%s", slash ? slash + 1 : "");
    m->topic = strncmp(m->lesson_id, "quiz-", 5) == 0
                   ? topic_from_id(m->lesson_id + 5)
                   : TOPIC_NONE;
}

static int missed_cmp(const void *x, const void *y)
{
    const Missed *a = x, *b = y;
    if (a->missed_percent != b->missed_percent)
        return b->missed_percent - a->missed_percent;
    if (a->answers != b->answers)
        return b->answers - a->answers;
    int c = strcmp(a->lesson_id, b->lesson_id);
    return c ? c : strcmp(a->scene_id, b->scene_id);
}

static int choice_cmp(const void *x, const void *y)
{
    const MissedChoice *a = x, *b = y;
    if (a->percent != b->percent)
        return b->percent - a->percent;
    return a->choice - b->choice;
}

/* One decision's published figures, or false when it may not be shown. */
static bool missed_of(const Publisher *pub, const ItemAgg *a, int least,
                      Missed *ms)
{
    memset(ms, 0, sizeof *ms);
    ms->missed_percent = publish_share(pub, a->item, 0, a->answers - a->right,
                                       a->answers, least);
    if (ms->missed_percent < 0)
        return false;
    missed_name(ms, a->item);
    ms->answers =
        publish_item_count(pub, a->item, 0, a->answers, a->answers, least);
    ms->learners =
        publish_item_count(pub, a->item, 1, least, a->answers, least);
    for (int c = 0; c < a->nchoices; c++) {
        if (a->choice[c].result == RESULT_CORRECT)
            continue;
        MissedChoice *mc = &ms->choices[ms->nchoices++];
        mc->choice = a->choice[c].choice;
        mc->result = (Result)a->choice[c].result;
        mc->percent = publish_share(pub, a->item, 1 + a->choice[c].choice,
                                    a->choice[c].n, a->answers, least);
    }
    qsort(ms->choices, (size_t)ms->nchoices, sizeof *ms->choices, choice_cmp);
    return true;
}

void missed_publish(const MissedCounts *mc, const Publisher *pub, Report *r)
{
    Missed *all = xcalloc((size_t)(mc->n > 0 ? mc->n : 1), sizeof *all);
    int nall = 0;
    for (int i = 0; i < mc->n; i++) {
        const ItemAgg *a = &mc->a[i];
        /* distinct learners over the period are at least the most in any
         * one month; fewer than k of those and the decision is left out */
        int least = 0;
        for (int m = 0; m <= mc->p.last - mc->p.first; m++)
            if (a->learners[m] > least)
                least = a->learners[m];
        if (a->answers > 0 && missed_of(pub, a, least, &all[nall]))
            nall++;
    }
    qsort(all, (size_t)nall, sizeof *all, missed_cmp);
    r->nmissed = 0;
    for (int i = 0; i < nall && r->nmissed < REPORT_MISSED_MAX; i++)
        if (all[i].missed_percent > 0)
            r->missed[r->nmissed++] = all[i];
    free(all);
}
