/*
 * shown.c - the blocks of a period (see shown.h).
 */
#include "shown.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

typedef struct Tally {
    long long n[2]; /* learners of a subtree by role */
} Tally;

static long long both(const Tally *t)
{
    return t->n[0] + t->n[1];
}

static bool small(long long n, int k)
{
    return n > 0 && n < k;
}

/* The children of every node as lists: first[node], next[child]; the
 * organisation is node n. */
typedef struct Kids {
    int *first, *next;
} Kids;

/* The remainder of a shown node must not be small: fold the smallest
 * shown child into it until it is not. by_role: check each role, else
 * the total. */
static void fold(const Kids *kids, const Tally *sub, const Tally *node,
                 int self, bool *shown, int k, bool by_role)
{
    Tally rest = *node;
    for (int i = kids->first[self]; i >= 0; i = kids->next[i])
        if (shown[i])
            for (int r = 0; r < 2; r++)
                rest.n[r] -= sub[i].n[r];
    for (;;) {
        bool bad = by_role ? small(rest.n[0], k) || small(rest.n[1], k)
                           : small(both(&rest), k);
        if (!bad)
            return;
        int least = -1;
        for (int i = kids->first[self]; i >= 0; i = kids->next[i])
            if (shown[i] && (least < 0 || both(&sub[i]) < both(&sub[least])))
                least = i;
        if (least < 0)
            return; /* cannot happen: the node itself is not small */
        shown[least] = false;
        for (int r = 0; r < 2; r++)
            rest.n[r] += sub[least].n[r];
    }
}

static bool fits(const Tally *t, int k, bool by_role)
{
    if (by_role)
        return !small(t->n[0], k) && !small(t->n[1], k) && both(t) > 0;
    return both(t) >= k;
}

/* One partition, top-down: parents come first, so a parent's children are
 * folded before anything below them is looked at, and a folded unit's
 * whole subtree stays hidden. */
static void decide(const ShownTree *t, const Kids *kids, const Tally *sub,
                   const bool *within, int k, bool by_role, bool *shown)
{
    int n = t->n;
    for (int i = 0; i <= n; i++)
        shown[i] = (!within || within[i]) && fits(&sub[i], k, by_role);
    if (shown[n])
        fold(kids, sub, &sub[n], n, shown, k, by_role);
    for (int i = 0; i < n; i++) {
        int p = t->parent[i] < 0 ? n : t->parent[i];
        if (!shown[p])
            shown[i] = false;
        if (shown[i])
            fold(kids, sub, &sub[i], i, shown, k, by_role);
    }
}

void shown_decide(const ShownTree *t, const int (*own)[2], int k, Shown *out)
{
    int n = t->n;
    Tally *sub = xcalloc((size_t)n + 1, sizeof *sub);
    Kids kids = {xcalloc((size_t)n + 1, sizeof(int)),
                 xcalloc((size_t)n + 1, sizeof(int))};
    for (int i = 0; i <= n; i++)
        kids.first[i] = kids.next[i] = -1;
    for (int i = n - 1; i >= 0; i--) {
        int p = t->parent[i] < 0 ? n : t->parent[i];
        kids.next[i] = kids.first[p];
        kids.first[p] = i;
    }
    for (int i = 0; i < n; i++)
        for (int r = 0; r < 2; r++)
            sub[i].n[r] = own[i][r];
    for (int i = n - 1; i >= 0; i--) {
        int p = t->parent[i] < 0 ? n : t->parent[i];
        for (int r = 0; r < 2; r++)
            sub[p].n[r] += sub[i].n[r];
    }
    bool *all = xcalloc((size_t)n + 1, sizeof *all);
    bool *roles = xcalloc((size_t)n + 1, sizeof *roles);
    decide(t, &kids, sub, NULL, k, false, all);
    decide(t, &kids, sub, all, k, true, roles);
    out->org = all[n];
    out->org_roles = roles[n];
    out->all = all;
    out->roles = roles;
    free(sub);
    free(kids.first);
    free(kids.next);
}

void shown_free(Shown *s)
{
    free(s->all);
    free(s->roles);
    s->all = s->roles = NULL;
}
