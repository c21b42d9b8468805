/*
 * shown.h - which groups of a period may be shown at all, decided once for
 * the whole organisation so that every view agrees (publish.h adds the
 * noise on top).
 *
 * Within a period, a shown unit's figures cover its own members and every
 * unit below it. If a small unit were hidden while its parent and all its
 * siblings were shown, the parent minus the siblings would give it back.
 * So the units are split top-down into blocks: a unit is shown when it has
 * at least k learners and its parent is shown; the units below a shown
 * unit that are not shown on their own, together with its own members,
 * form its remainder, and when that remainder has fewer than k learners the
 * smallest shown unit below is folded into it until it has k or more (or
 * none). Every shown figure is then a sum of blocks of at least k, and no
 * sum or difference of shown figures can isolate fewer than k learners.
 *
 * The roles split a unit once more: a unit's figures by role are shown
 * only when it is shown for all roles and each role has none or at least k
 * learners, in the unit and in its remainder, folding the same way. A role
 * figure is then never the difference of two shown figures of fewer than k.
 */
#ifndef VAKSAM_SHOWN_H
#define VAKSAM_SHOWN_H

#include <stdbool.h>

/* The tree: parent[i] is the index of unit i's parent, or -1 for a root;
 * parents come before their children. own[i][r] is the number of learners
 * of unit i in role r (0 manager, 1 staff) in the period. */
typedef struct ShownTree {
    int n;
    const int *parent;
} ShownTree;

typedef struct Shown {
    bool org, org_roles; /* the whole organisation, and it by role */
    bool *all;           /* per unit: shown for all roles */
    bool *roles;         /* per unit: shown by role */
} Shown;

/* Decides for one period. The caller frees with shown_free. */
void shown_decide(const ShownTree *t, const int (*own)[2], int k, Shown *out);
void shown_free(Shown *s);

#endif
