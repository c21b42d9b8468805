/*
 * test_store_kept.c - what the store keeps current for the report so that
 * a report need not recount it (store_sizes.c): the learners per unit and
 * role equal a count over the learners after learners are saved, moved
 * to another unit or role, loaded in bulk, and after a file taken back to
 * schema 6 is upgraded again.
 */
#include "demo.h"
#include "demodata.h"
#include "i18n.h"
#include "store.h"

#include "../test.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

static char dir[] = "/tmp/vaksam-test-kept-XXXXXX";

/* The first column of the first row of sql as text ("" for none). */
static char *text_of(const char *path, const char *sql)
{
    sqlite3 *db;
    char *v = NULL;
    if (sqlite3_open(path, &db) == SQLITE_OK) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
            v = xstrdup((const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return v ? v : xstrdup("");
}

#define KEPT_SQL                                                               \
    "SELECT group_concat(x, ';') FROM (SELECT unit_id || ',' || role || ','"   \
    " || n AS x FROM unit_sizes WHERE n > 0 ORDER BY unit_id, role)"
#define COUNTED_SQL                                                            \
    "SELECT group_concat(x, ';') FROM (SELECT unit_id || ',' || "              \
    "(role = 'staff') || ',' || count(*) AS x FROM learners "                  \
    "GROUP BY unit_id, role ORDER BY unit_id, role = 'staff')"

/* The kept counts equal a count over the learners; returns the counts. */
static char *check_sizes(const char *path, int line)
{
    char *kept = text_of(path, KEPT_SQL), *counted = text_of(path, COUNTED_SQL);
    if (strcmp(kept, counted) != 0)
        fprintf(stderr, "line %d: kept %s, counted %s\n", line, kept, counted);
    CHECK_STR(kept, counted);
    free(counted);
    return kept;
}

typedef struct Sizes {
    char text[4096];
} Sizes;

static void on_size(void *ctx, long long unit, int role, int n)
{
    Sizes *sz = ctx;
    size_t used = strlen(sz->text);
    snprintf(sz->text + used, sizeof sz->text - used, "%s%lld,%d,%d",
             used ? ";" : "", unit, role, n);
}

/* store_learner_counts gives what store_unit_sizes counts. */
static void check_reads(Store *s)
{
    Sizes a = {{0}}, b = {{0}};
    VkError err;
    CHECK(store_unit_sizes(s, on_size, &a, &err) == 0);
    CHECK(store_learner_counts(s, on_size, &b, &err) == 0);
    CHECK(a.text[0] != '\0');
    CHECK_STR(b.text, a.text);
}

static void test_saved_and_moved(void)
{
    char *path = xasprintf("%s/saved.db", dir);
    VkError err;
    Store *s = store_open(path, &err);
    bool created;
    CHECK(demo_seed_if_empty(s, &created, &err) == 0);
    Unit *u;
    int n;
    CHECK(store_list_units(s, &u, &n, &err) == 0 && n > 3);
    Learner le;
    for (int i = 0; i < 12; i++) {
        char login[16];
        snprintf(login, sizeof login, "p%d", i);
        CHECK(store_save_learner(s, login, u[1 + i % 3].id,
                                 i % 4 ? ROLE_STAFF : ROLE_MANAGER, &le,
                                 &err) == 0);
    }
    free(check_sizes(path, __LINE__));
    /* moved to another unit, another role, both, and saved unchanged */
    CHECK(store_save_learner(s, "p1", u[3].id, ROLE_STAFF, &le, &err) == 0);
    CHECK(store_save_learner(s, "p2", u[2].id, ROLE_MANAGER, &le, &err) == 0);
    CHECK(store_save_learner(s, "p0", u[2].id, ROLE_STAFF, &le, &err) == 0);
    CHECK(store_save_learner(s, "p5", u[2].id, ROLE_STAFF, &le, &err) == 0);
    free(check_sizes(path, __LINE__));
    check_reads(s);
    store_close(s);

    /* taken back to schema 6 with the counts wrong: upgraded, refilled */
    sqlite3 *db;
    sqlite3_open(path, &db);
    CHECK(sqlite3_exec(db,
                       "DROP TRIGGER unit_sizes_insert; "
                       "UPDATE unit_sizes SET n = n + 7; "
                       "PRAGMA user_version = 6",
                       NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    s = store_open(path, &err);
    CHECK(s != NULL);
    CHECK(store_save_learner(s, "new", u[1].id, ROLE_STAFF, &le, &err) == 0);
    free(check_sizes(path, __LINE__));
    store_close(s);
    free(u);
    free(path);
}

static void test_bulk(void)
{
    char *path = xasprintf("%s/bulk.db", dir);
    VkError err;
    Store *s = store_open(path, &err);
    Diags d = {0};
    LessonSet course = {0}, pools = {0};
    lessonset_load_dir(&course, VAKSAM_LESSONS_DIR, &d);
    lessonset_take_quizzes(&course, &pools);
    DemoDataOptions o = {300, 12, 3, 7, 0, &course, &pools, 1};
    DemoDataStats st;
    CHECK(demodata_fill(s, &o, &st, &err) == 0);
    CHECK_INT(st.learners, 300);
    char *kept = check_sizes(path, __LINE__);
    CHECK(strlen(kept) > 20);
    free(kept);
    check_reads(s);
    store_close(s);
    lessonset_free(&course);
    lessonset_free(&pools);
    diags_free(&d);
    free(path);
}

int main(void)
{
    i18n_init(VAKSAM_LOCALE_DIR);
    i18n_set_language("en");
    if (!mkdtemp(dir))
        return 1;
    test_saved_and_moved();
    test_bulk();
    char *cmd = xasprintf("rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    free(cmd);
    return TEST_DONE();
}
