/*
 * rollup.c - how answers and completions change the report's running
 * totals (see rollup.h).
 */
#include "rollup.h"

#include <assert.h>
#include <string.h>

static void add(RollChanges *c, long long unit, int role, int month, int next,
                int col, int delta)
{
    if (delta == 0)
        return;
    int i = 0;
    while (i < c->n && (c->d[i].key.unit != unit || c->d[i].key.role != role ||
                        c->d[i].key.month != month || c->d[i].key.next != next))
        i++;
    if (i == c->n) {
        if (c->n == ROLL_CHANGES_MAX)
            return; /* cannot happen: one event touches at most 7 cells */
        memset(&c->d[i], 0, sizeof c->d[i]); /* padding too: keys hash */
        c->d[i].key.unit = unit;
        c->d[i].key.role = role;
        c->d[i].key.month = month;
        c->d[i].key.next = next;
        c->n++;
    }
    c->d[i].v[col] += delta;
}

/* Counts the learner once per month for one column, moving the count of
 * their previous month to "superseded by this month". */
static void presence(PresenceState *p, long long unit, int role, int month,
                     int col, RollChanges *c)
{
    assert(!p->present || p->month <= month); /* in time order */
    if (p->present && p->month == month) {
        if (p->unit == unit && p->role == role)
            return;
        add(c, p->unit, p->role, month, 0, col, -1); /* moved this month */
    } else if (p->present) {
        add(c, p->unit, p->role, p->month, 0, col, -1);
        add(c, p->unit, p->role, p->month, month, col, 1);
    }
    add(c, unit, role, month, 0, col, 1);
    *p = (PresenceState){true, month, unit, role};
}

bool rollup_answer(ItemState *item, PresenceState *topic_presence,
                   PresenceState *active, long long unit, int role, int month,
                   Topic topic, int credit, RollChanges *out)
{
    assert(!item->present || item->month <= month); /* in time order */
    /* counted once a month, where the month's first answer was given */
    bool new_in_month = !item->present || item->month != month;
    if (item->present) {
        int pt = item->topic;
        /* the previous latest answer leaves the "not superseded" cell */
        add(out, item->unit, item->role, item->month, 0, ROLL_CREDIT + pt,
            -item->credit);
        add(out, item->unit, item->role, item->month, 0, ROLL_ANSWERS + pt, -1);
        if (item->month < month) { /* and is kept as superseded */
            add(out, item->unit, item->role, item->month, month,
                ROLL_CREDIT + pt, item->credit);
            add(out, item->unit, item->role, item->month, month,
                ROLL_ANSWERS + pt, 1);
        }
    }
    add(out, unit, role, month, 0, ROLL_CREDIT + topic, credit);
    add(out, unit, role, month, 0, ROLL_ANSWERS + topic, 1);
    *item = (ItemState){true, month, credit, unit, role, topic};
    presence(topic_presence, unit, role, month, ROLL_LEARNERS + topic, out);
    presence(active, unit, role, month, ROLL_ACTIVE, out);
    return new_in_month;
}

void rollup_completion(PresenceState *completed, long long unit, int role,
                       int month, RollChanges *out)
{
    presence(completed, unit, role, month, ROLL_COMPLETED, out);
}
