/*
 * rollup_fold.c - many learners' answers and completions folded into the
 * report's totals in memory (see rollup_fold.h).
 */
#include "rollup_fold.h"

#include "lesson.h"
#include "period.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Per-decision counts of one unit, role and month: a dense block
 * [item][choice + 1] (slot 0: learners), looked up once per cell instead
 * of once per answer. */
typedef struct BlockKey {
    long long unit;
    int month, role;
} BlockKey;

enum { BLOCK_SLOTS = LESSON_MAX_CHOICES + 1 };

typedef struct ItemValue {
    int result, n;
} ItemValue;

typedef struct Block {
    int nitems; /* items the block has room for */
    ItemValue *v;
} Block;

/* One answer or completion of the learner being folded. */
typedef struct Event {
    char at[24];
    long long id;
    long long unit;
    int role;
    int item;   /* index into the item names; -1 for a completion */
    int choice; /* answers */
    int topic;
    int result;
} Event;

struct RollFold {
    VkMap rollup; /* RollKey -> int[ROLL_COLS] */
    VkMap blocks; /* BlockKey -> Block */
    VkMap names;  /* item name (in item) -> int index */
    char **item;  /* names by index */
    int nitems, capitems;
    ItemState *state; /* by item index, for the current learner */
    PresenceState pres[PRESENCE_COUNT]; /* the current learner's */
    Event *ev;
    int nev, capev;
    bool sorted; /* ev is in time order */
};

RollFold *rollup_fold_new(size_t cap)
{
    RollFold *f = xcalloc(1, sizeof *f);
    vk_map_init(&f->rollup, sizeof(RollKey), ROLL_COLS * sizeof(int), cap * 4);
    vk_map_init(&f->blocks, sizeof(BlockKey), sizeof(Block), cap);
    vk_map_init_strings(&f->names, sizeof(int), cap);
    return f;
}

void rollup_fold_free(RollFold *f)
{
    if (!f)
        return;
    for (int i = 0; i < f->nitems; i++)
        free(f->item[i]);
    free(f->item);
    free(f->state);
    free(f->ev);
    vk_map_free(&f->rollup);
    const void *key;
    void *block;
    for (size_t at = 0; vk_map_next(&f->blocks, &at, &key, &block);)
        free(((Block *)block)->v);
    vk_map_free(&f->blocks);
    vk_map_free(&f->names); /* its keys are the strings in item, freed above */
    free(f);
}

static int intern(RollFold *f, const char *name)
{
    char key[ROLL_ITEM_MAX]; /* as long as a stored item name can be */
    vk_copy_cut(key, sizeof key, name);
    const int *known = vk_map_find(&f->names, key);
    if (known)
        return *known;
    if (f->nitems == f->capitems) {
        f->capitems = f->capitems ? f->capitems * 2 : 256;
        f->item = xrealloc(f->item, (size_t)f->capitems * sizeof *f->item);
        f->state = xrealloc(f->state, (size_t)f->capitems * sizeof *f->state);
    }
    f->item[f->nitems] = xstrdup(key);
    memset(&f->state[f->nitems], 0, sizeof *f->state);
    *(int *)vk_map_get(&f->names, f->item[f->nitems]) = f->nitems;
    return f->nitems++;
}

static Event *new_event(RollFold *f, long long id, const char *at)
{
    if (f->nev == f->capev) {
        f->capev = f->capev ? f->capev * 2 : 512;
        f->ev = xrealloc(f->ev, (size_t)f->capev * sizeof *f->ev);
    }
    Event *e = &f->ev[f->nev++];
    memset(e, 0, sizeof *e);
    e->id = id;
    vk_copy_cut(e->at, sizeof e->at, at);
    f->sorted = false;
    return e;
}

void rollup_fold_answer(RollFold *f, long long id, const char *at,
                        const char *item, int choice, Topic topic,
                        Result result, long long unit, int role)
{
    Event *e = new_event(f, id, at);
    e->item = intern(f, item);
    e->choice = choice;
    e->topic = topic;
    e->result = result;
    e->unit = unit;
    e->role = role;
}

void rollup_fold_completion(RollFold *f, long long id, const char *at,
                            long long unit, int role)
{
    Event *e = new_event(f, id, at);
    e->item = -1;
    e->unit = unit;
    e->role = role;
}

void rollup_fold_next(RollFold *f)
{
    f->nev = 0;
    f->sorted = true;
}

static int event_cmp(const void *a, const void *b)
{
    const Event *x = a, *y = b;
    int c = strcmp(x->at, y->at);
    if (c)
        return c;
    if (x->item < 0 && y->item >= 0) /* answers first, as they happen */
        return 1;
    if (y->item < 0 && x->item >= 0)
        return -1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static void add_changes(RollFold *f, const RollChanges *c, int sign)
{
    for (int i = 0; i < c->n; i++) {
        int *v = vk_map_get(&f->rollup, &c->d[i].key);
        for (int k = 0; k < ROLL_COLS; k++)
            v[k] += sign * c->d[i].v[k];
    }
}

static void add_item(RollFold *f, long long unit, int month, int role, int item,
                     int choice, int result, int sign)
{
    if (choice < -1 || choice >= LESSON_MAX_CHOICES)
        return; /* not a choice any lesson can have */
    BlockKey k;
    memset(&k, 0, sizeof k); /* padding takes part in the hash */
    k.unit = unit;
    k.month = month;
    k.role = role;
    Block *b = vk_map_get(&f->blocks, &k);
    if (item >= b->nitems) {
        int n = f->capitems > item ? f->capitems : item + 1;
        b->v = xrealloc(b->v, (size_t)n * BLOCK_SLOTS * sizeof *b->v);
        memset(b->v + (size_t)b->nitems * BLOCK_SLOTS, 0,
               (size_t)(n - b->nitems) * BLOCK_SLOTS * sizeof *b->v);
        b->nitems = n;
    }
    ItemValue *v = &b->v[item * BLOCK_SLOTS + choice + 1];
    /* a choice's best result, whatever order its answers come in (a
     * replay takes answers away and adds them again: never reset) */
    v->result = choice < 0 ? -1 : result > v->result ? result : v->result;
    v->n += sign;
}

/* One answer's changes: its cells, and its decision's counts for its
 * unit and the organisation (unit 0). */
static void fold_answer(RollFold *f, const Event *e, int month, int sign,
                        RollChanges *ch)
{
    bool first =
        rollup_answer(&f->state[e->item], &f->pres[e->topic],
                      &f->pres[PRESENCE_ACTIVE], e->unit, e->role, month,
                      (Topic)e->topic, score_points((Result)e->result), ch);
    long long units[2] = {e->unit, 0};
    for (int u = 0; u < 2; u++) {
        add_item(f, units[u], month, e->role, e->item, e->choice, e->result,
                 sign);
        if (first)
            add_item(f, units[u], month, e->role, e->item, -1, -1, sign);
    }
}

void rollup_fold_learner(RollFold *f, int sign, long long skip_answer,
                         long long skip_completion)
{
    if (!f->sorted && f->nev > 1)
        qsort(f->ev, (size_t)f->nev, sizeof *f->ev, event_cmp);
    f->sorted = true;
    memset(f->pres, 0, sizeof f->pres);
    for (int i = 0; i < f->nev; i++) {
        const Event *e = &f->ev[i];
        int month = month_of_text(e->at);
        RollChanges ch;
        ch.n = 0; /* add() clears each cell it opens */
        if (month < 0 || e->id == (e->item < 0 ? skip_completion : skip_answer))
            continue;
        if (e->item < 0)
            rollup_completion(&f->pres[PRESENCE_COMPLETED], e->unit, e->role,
                              month, &ch);
        else
            fold_answer(f, e, month, sign, &ch);
        add_changes(f, &ch, sign);
    }
}

int rollup_fold_state(RollFold *f, const RollStateSink *sink)
{
    int rc = 0;
    for (int i = 0; i < f->nev; i++) {
        const Event *e = &f->ev[i];
        if (e->item < 0 || !f->state[e->item].present)
            continue;
        if (rc == 0 && sink && sink->item)
            rc = sink->item(sink->ctx, f->item[e->item], &f->state[e->item]);
        f->state[e->item].present = false; /* handed over once, and reset */
    }
    for (int w = 0; w < PRESENCE_COUNT && rc == 0 && sink; w++)
        if (f->pres[w].present && sink->presence)
            rc = sink->presence(sink->ctx, w, &f->pres[w]);
    memset(f->pres, 0, sizeof f->pres);
    return rc;
}

int rollup_fold_cells(const RollFold *f, RollCellFn fn, void *ctx)
{
    const void *key;
    void *value;
    for (size_t at = 0; vk_map_next(&f->rollup, &at, &key, &value);) {
        RollDelta d;
        memcpy(&d.key, key, sizeof d.key);
        memcpy(d.v, value, sizeof d.v);
        bool zero = true;
        for (int c = 0; c < ROLL_COLS; c++)
            zero = zero && d.v[c] == 0;
        int rc = zero ? 0 : fn(ctx, &d);
        if (rc)
            return rc;
    }
    return 0;
}

/* A block as rollup_fold_items visits them. */
typedef struct BlockRef {
    const BlockKey *key;
    const Block *block;
} BlockRef;

static int block_cmp(const void *a, const void *b)
{
    const BlockKey *x = ((const BlockRef *)a)->key;
    const BlockKey *y = ((const BlockRef *)b)->key;
    if (x->unit != y->unit)
        return x->unit < y->unit ? -1 : 1;
    if (x->month != y->month)
        return x->month < y->month ? -1 : 1;
    return (x->role > y->role) - (x->role < y->role);
}

/* Item indexes in the order of their names, for qsort_r's lack. */
typedef struct NameRef {
    const char *name;
    int index;
} NameRef;

static int name_cmp(const void *a, const void *b)
{
    return strcmp(((const NameRef *)a)->name, ((const NameRef *)b)->name);
}

static int block_items(const RollFold *f, const BlockRef *r,
                       const NameRef *names, RollItemFn fn, void *ctx)
{
    for (int i = 0; i < f->nitems; i++) {
        int it = names[i].index;
        if (it >= r->block->nitems)
            continue;
        for (int c = 0; c < BLOCK_SLOTS; c++) {
            const ItemValue *v = &r->block->v[it * BLOCK_SLOTS + c];
            int rc = v->n ? fn(ctx, r->key->unit, r->key->month, r->key->role,
                               names[i].name, c - 1, v->result, v->n)
                          : 0;
            if (rc)
                return rc;
        }
    }
    return 0;
}

int rollup_fold_items(const RollFold *f, RollItemFn fn, void *ctx)
{
    size_t nblocks = f->blocks.count;
    BlockRef *refs = xcalloc(nblocks + 1, sizeof *refs);
    NameRef *names = xcalloc((size_t)f->nitems + 1, sizeof *names);
    size_t n = 0;
    const void *key;
    void *value;
    for (size_t at = 0;
         vk_map_next(&f->blocks, &at, &key, &value) && n < nblocks;)
        refs[n++] = (BlockRef){key, value};
    qsort(refs, n, sizeof *refs, block_cmp);
    for (int i = 0; i < f->nitems; i++)
        names[i] = (NameRef){f->item[i], i};
    qsort(names, (size_t)f->nitems, sizeof *names, name_cmp);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = block_items(f, &refs[i], names, fn, ctx);
    free(refs);
    free(names);
    return rc;
}
