/*
 * store_fixture.h - what the store's tests start from: a store that
 * opens, the fixture lesson, and a learner in the demo organisation
 * (seeded when the store is empty).
 */
#ifndef VAKSAM_STORE_FIXTURE_H
#define VAKSAM_STORE_FIXTURE_H

#include "demo.h"
#include "lesson.h"
#include "store.h"

#include "test.h"

#include <stdio.h>
#include <stdlib.h>

/* The store at a place (caller closes it); without it the test ends
 * there, failed, with the store's message. */
static inline Store *fixture_open(const char *place)
{
    VkError err;
    Store *s = store_open(place, &err);
    if (!s) {
        fprintf(stderr, "%s\n", err.msg);
        CHECK(!"the store opens");
        exit(TEST_DONE());
    }
    return s;
}

static inline Lesson *fixture(void)
{
    Diags d = {0};
    Lesson *l = lesson_load(FIXTURES "/valid.lesson", &d);
    diags_free(&d);
    return l;
}

static inline long long make_learner(Store *s, const char *login)
{
    Unit *units;
    int n;
    VkError err;
    bool created;
    CHECK(demo_seed_if_empty(s, &created, &err) == 0);
    CHECK(store_list_units(s, &units, &n, &err) == 0);
    Learner le = {0};
    CHECK(n > 1 && store_save_learner(s, login, units[1].id, ROLE_MANAGER, &le,
                                      &err) == 0);
    free(units);
    return le.id;
}

#endif
