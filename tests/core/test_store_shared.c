/*
 * test_store_shared.c - the store's promises that hold on every backend,
 * run once on SQLite and once on PostgreSQL (test_place.h; the argument
 * says which): a fresh store seeded once, reopened with its learner; four
 * processes writing answers at once, none lost; two processes finishing
 * the same quiz at once, which completes it once. A learner's play of a
 * lesson (resuming, an answer surviving a killed process): test_session.c.
 */
#include "demo.h"
#include "i18n.h"
#include "store.h"

#include "../store_fixture.h"
#include "../test.h"
#include "../test_place.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

enum { WRITERS = 4, ANSWERS_EACH = 150 };

static void test_fresh_and_reopen(void)
{
    char *path = place_new("sub/dir/fresh");
    VkError err;
    Store *s = store_open(path, &err);
    CHECK(s != NULL);
    if (!s)
        return;
    bool created = false;
    CHECK(demo_seed_if_empty(s, &created, &err) == 0);
    CHECK(created);
    CHECK(demo_seed_if_empty(s, &created, &err) == 0);
    CHECK(!created); /* only once */
    Unit *units;
    int n;
    CHECK(store_list_units(s, &units, &n, &err) == 0);
    CHECK_INT(n, 9);
    CHECK_STR(units[0].name, "Demo Municipality");
    CHECK_INT(units[0].depth, 0);
    for (int i = 1; i < n; i++)
        CHECK(units[i].depth >= 1);
    /* children follow their parent */
    for (int i = 0; i < n; i++)
        if (units[i].depth == 2)
            CHECK_INT(units[i - 1].depth >= 1, 1);
    Learner le;
    CHECK_INT(store_find_learner(s, "anna", &le, &err), 0);
    CHECK(store_save_learner(s, "anna", units[2].id, ROLE_STAFF, &le, &err) ==
          0);
    CHECK(store_save_learner(s, "anna", units[3].id, ROLE_MANAGER, &le, &err) ==
          0);
    free(units);
    store_close(s);

    s = store_open(path, &err);
    CHECK(s != NULL);
    CHECK_INT(store_find_learner(s, "anna", &le, &err), 1);
    CHECK_INT(le.role, ROLE_MANAGER);
    store_close(s);
    CHECK_INT(place_int(path, "SELECT count(*) FROM learners"), 1);
    if (place_pg) {
        CHECK(place_int(path, "SELECT version FROM schema_version") >= 1);
    } else {
        CHECK_INT(place_int(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
        char *mode = place_text(path, "PRAGMA journal_mode");
        CHECK_STR(mode, "wal");
        free(mode);
    }
    place_drop(path);
}

/* Units come in the order people read them: "Dept 2" before "Dept 10",
 * "1.2" before "1.10", each under its parent. */
static void test_natural_order(void)
{
    char *path = place_new("natural");
    VkError err;
    Store *s = store_open(path, &err);
    CHECK(s != NULL);
    if (!s)
        return;
    UnitSeed seed[] = {{"Region", -1},  {"Dept 10", 0}, {"Dept 2", 0},
                       {"1.10", 2},     {"1.2", 2},     {"dept 3", 0},
                       {"Dept 1", 0}};
    bool created;
    CHECK(store_seed_units(s, seed, 7, &created, &err) == 0);
    Unit *units;
    int n;
    CHECK(store_list_units(s, &units, &n, &err) == 0);
    static const char *const want[] = {"Region", "Dept 1", "Dept 2", "1.2",
                                       "1.10",   "dept 3", "Dept 10"};
    CHECK_INT(n, 7);
    for (int i = 0; i < n && i < 7; i++)
        CHECK_STR(units[i].name, want[i]);
    if (n == 7)
        CHECK(units[3].depth == 2 && units[6].depth == 1);
    free(units);
    store_close(s);
    place_drop(path);
}

static void test_many_processes(void)
{
    char *path = place_new("shared");
    VkError err;
    Store *s = store_open(path, &err);
    make_learner(s, "setup");
    store_close(s);
    pid_t pids[WRITERS];
    for (int w = 0; w < WRITERS; w++) {
        pids[w] = fork();
        if (pids[w] == 0) {
            Store *cs = store_open(path, &err);
            if (!cs)
                _exit(1);
            char login[32];
            snprintf(login, sizeof login, "writer%d", w);
            Learner le;
            long long attempt;
            if (store_save_learner(cs, login, 1, ROLE_STAFF, &le, &err) < 0 ||
                store_start_attempt(cs, le.id, "fixture", 2, "course", "en",
                                    "one", "", &attempt, &err) < 0)
                _exit(1);
            for (int i = 0; i < ANSWERS_EACH; i++)
                if (store_record_answer(cs, attempt, i, "choose", i % 3,
                                        TOPIC_CISO, RESULT_CORRECT, &err) < 0) {
                    fprintf(stderr, "writer %d: %s\n", w, err.msg);
                    _exit(1);
                }
            store_close(cs);
            free(path); /* the parent's copy; valgrind checks each child */
            _exit(0);
        }
    }
    int ok = 0;
    for (int w = 0; w < WRITERS; w++) {
        int status;
        waitpid(pids[w], &status, 0);
        ok += WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    CHECK_INT(ok, WRITERS);
    CHECK_INT(place_int(path, "SELECT count(*) FROM answers"),
              WRITERS * ANSWERS_EACH);
    CHECK_INT(place_int(path, "SELECT count(DISTINCT attempt_id) FROM answers"),
              WRITERS);
    place_drop(path);
}

/* Two machines finish the same quiz at the same moment: one completion. */
static void test_finish_twice_at_once(void)
{
    char *path = place_new("finish");
    VkError err;
    Store *s = store_open(path, &err);
    CHECK(s != NULL);
    if (!s) {
        place_drop(path);
        return;
    }
    long long who = make_learner(s, "dora");
    long long attempt = 0;
    CHECK(store_start_attempt(s, who, "quiz-ciso", 1, "quiz", "en", "", "q1",
                              &attempt, &err) == 0);
    CHECK(store_record_answer(s, attempt, 0, "quiz-ciso/q1", 0, TOPIC_CISO,
                              RESULT_CORRECT, &err) == 0);
    store_close(s);
    pid_t pids[2];
    for (int w = 0; w < 2; w++) {
        pids[w] = fork();
        if (pids[w] == 0) {
            Store *cs = store_open(path, &err);
            int rc = cs ? store_finish_attempt(cs, attempt, 2, 2, 8, &err) : -1;
            if (rc < 0)
                fprintf(stderr, "finisher %d: %s\n", w, err.msg);
            store_close(cs);
            free(path);
            _exit(rc < 0);
        }
    }
    int ok = 0;
    for (int w = 0; w < 2; w++) {
        int status;
        waitpid(pids[w], &status, 0);
        ok += WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    CHECK_INT(ok, 2);
    CHECK_INT(place_int(path, "SELECT count(*) FROM completions"), 1);
    place_drop(path);
}

int main(int argc, char **argv)
{
    i18n_init(VAKSAM_LOCALE_DIR);
    i18n_set_language("en");
    umask(022);
    if (!place_init(argc, argv))
        return 2;
    test_fresh_and_reopen();
    test_natural_order();
    test_many_processes();
    test_finish_twice_at_once();
    place_done();
    return TEST_DONE();
}
