/*
 * test_store_same.c - the two backends give the same report. One random
 * history of an organisation (learners who move between units and roles,
 * answers in random month order so that many arrive after later ones,
 * repeated answers within a month, questions without a topic, finished
 * quizzes and courses) is recorded through the store into a SQLite file
 * and into a PostgreSQL database, with the same clock and the same noise
 * key. Then every table of the report (by topic, unit, role and month, in
 * JSON) for every unit and role and every period within the history is
 * written from both, exact and as published, and must be the same text;
 * and again after each backend rebuilds its totals from the answers, and
 * the register too. SQLite's totals are held to the brute-force reading
 * by core.report and core.rollup; this holds PostgreSQL's to SQLite's.
 */
#include "i18n.h"
#include "period.h"
#include "store.h"

#include "../pg_test.h"
#include "../report_same.h"
#include "../test.h"
#include "../test_clock.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { LEARNERS = 24, EVENTS = 700, FIRST = 2025 * 12, MONTHS = 14 };

static const char *const ITEMS[] = {"quiz-ciso/q1", "quiz-ciso/q2",
                                    "quiz-integrity/q1", "lesson-a/s1",
                                    "lesson-a/s2", "lesson-b/s1"};

typedef struct Org {
    Store *s[2];
    long long units[6];
    int nunits;
} Org;

static unsigned rnd(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (*seed >> 16) & 0x7fff;
}

/* The same call on both stores; both must succeed. */
#define BOTH(o, call)                                                          \
    for (int b_ = 0; b_ < 2; b_++) {                                           \
        Store *s = (o)->s[b_];                                                 \
        VkError err;                                                           \
        if ((call) < 0) {                                                      \
            fprintf(stderr, "backend %d: %s\n", b_, err.msg);                  \
            CHECK(0);                                                          \
        }                                                                      \
    }

static void make_org(Org *o)
{
    static const UnitSeed seed[] = {{"Org", -1},  {"North", 0}, {"South", 0},
                                    {"N1", 1},    {"N2", 1},    {"S1", 2}};
    bool created;
    BOTH(o, store_seed_units(s, seed, 6, &created, &err));
    BOTH(o, store_set_setting(s, "report_key",
                              "00112233445566778899aabbccddeeff", &err));
    Unit *u;
    int n;
    VkError err;
    CHECK(store_list_units(o->s[0], &u, &n, &err) == 0);
    o->nunits = n < 6 ? n : 6;
    for (int i = 0; i < o->nunits; i++)
        o->units[i] = u[i].id;
    free(u);
}

/* who[l][b]: learner l's id in backend b (PostgreSQL's ids have gaps) */
static void event(Org *o, unsigned *seed, long long (*who)[2])
{
    int l = (int)(rnd(seed) % LEARNERS);
    char login[32];
    snprintf(login, sizeof login, "l%02d", l);
    int month = FIRST + (int)(rnd(seed) % MONTHS);
    long long when = at(month, (int)(rnd(seed) % 86400));
    long long unit = o->units[rnd(seed) % (unsigned)o->nunits];
    Role role = rnd(seed) % 3 ? ROLE_STAFF : ROLE_MANAGER;
    if (!who[l][0] || rnd(seed) % 9 == 0) { /* a new learner, or a move */
        for (int b = 0; b < 2; b++) {
            Learner le;
            VkError err;
            CHECK(store_save_learner(o->s[b], login, unit, role, &le, &err) ==
                  0);
            who[l][b] = le.id;
        }
    }
    unsigned which = rnd(seed) % 6;
    const char *item = ITEMS[which];
    bool quiz = strncmp(item, "quiz", 4) == 0;
    Topic topic = rnd(seed) % 11 == 0 ? TOPIC_NONE
                                      : (Topic)(rnd(seed) % TOPIC_COUNT);
    (void)rnd(seed);
    int choice = (int)(rnd(seed) % 4);
    /* a choice is right or wrong by its decision, as in a lesson */
    Result r = (Result)(((unsigned)choice + which) % 3);
    bool finish = rnd(seed) % 4 == 0;
    for (int b = 0; b < 2; b++)
        store_set_clock(o->s[b], when);
    long long attempt[2];
    char lesson[32];
    snprintf(lesson, sizeof lesson, "%.*s", (int)strcspn(item, "/"), item);
    for (int b = 0; b < 2; b++) {
        VkError err;
        Store *s = o->s[b];
        const char *scene = quiz ? item : item + strlen(lesson) + 1;
        int rc = store_start_attempt(s, who[l][b], lesson, 1,
                                     quiz ? "quiz" : "course", "en", "", "",
                                     &attempt[b], &err);
        if (rc == 0)
            rc = store_record_answer(s, attempt[b], 0, scene, choice, topic, r,
                                     &err);
        if (rc == 0 && finish)
            rc = store_finish_attempt(s, attempt[b], 2 * (int)r, 4, 2, &err);
        if (rc < 0) {
            fprintf(stderr, "backend %d: %s\n", b, err.msg);
            CHECK(0);
        }
    }
}

/* Every table for every unit, role and period: the same on both. */
static int compare(Org *o, const char *when)
{
    return same_report(o->s[0], o->s[1], o->units, o->nunits, FIRST, MONTHS,
                       when);
}

int main(void)
{
    i18n_init(VAKSAM_LOCALE_DIR);
    i18n_set_language("en");
    char dir[] = "/tmp/vaksam-test-same-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char *path = xasprintf("%s/same.db", dir);
    char *uri = pg_test_db_new();
    if (!uri)
        return TEST_DONE();
    VkError err;
    Org o = {{store_open(path, &err), NULL}, {0}, 0};
    CHECK(o.s[0] != NULL);
    o.s[1] = store_open(uri, &err);
    CHECK(o.s[1] != NULL);
    if (o.s[0] && o.s[1]) {
        make_org(&o);
        unsigned seed = 20261201;
        long long who[LEARNERS][2] = {{0}};
        for (int e = 0; e < EVENTS; e++)
            event(&o, &seed, who);
        /* reports ask for now: the clock at the end of the history */
        for (int b = 0; b < 2; b++)
            store_set_clock(o.s[b], at(FIRST + MONTHS - 1, 0));
        CHECK_INT(compare(&o, "live"), 0);
        for (int b = 0; b < 2; b++)
            CHECK(store_rebuild_report(o.s[b], &err) == 0);
        CHECK_INT(compare(&o, "rebuilt"), 0);
    }
    store_close(o.s[0]);
    store_close(o.s[1]);
    pg_test_db_drop(uri);
    unlink(path);
    char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
    unlink(wal);
    unlink(shm);
    rmdir(dir);
    free(wal);
    free(shm);
    free(path);
    return TEST_DONE();
}
