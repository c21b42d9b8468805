/*
 * test_store_check.c - a damaged database file (noise over interior pages,
 * its header intact): met while playing, the answer is refused with the
 * damaged-file message and the store writes nothing more (a rebuild of the
 * report's totals too, named as such); the full check
 * lists what SQLite found without writing; the quick check runs on opening
 * up to STORE_CHECK_ON_OPEN_MAX and always for the CISO's commands.
 */
#include "demo.h"
#include "i18n.h"
#include "session.h"
#include "store.h"
#include "store_check.h"

#include "../test.h"
#include "../test_db.h"

#include <stdlib.h>
#include <sys/stat.h>

static char dir[256];

static char *path_in(const char *name)
{
    return xasprintf("%s/%s", dir, name);
}

static bool same_bytes(const char *a_path, const char *b_data, size_t b_len)
{
    size_t n;
    char *a = read_file(a_path, &n, NULL);
    bool same = a && b_data && n == b_len && memcmp(a, b_data, n) == 0;
    free(a);
    return same;
}

/* An organisation, a learner and another lesson started, two answers. */
static long long make_db(Store *s, const char *login)
{
    VkError err;
    bool created;
    Learner le = {0};
    long long attempt = 0;
    CHECK(demo_seed_if_empty(s, &created, &err) == 0);
    CHECK(store_save_learner(s, login, 1, ROLE_STAFF, &le, &err) == 0);
    CHECK(store_start_attempt(s, le.id, "another", 1, "course", "en", "one", "",
                              &attempt, &err) == 0);
    for (int i = 0; i < 2; i++)
        CHECK(store_record_answer(s, attempt, i, i ? "last" : "choose", 0,
                                  TOPIC_CISO, RESULT_CORRECT, &err) == 0);
    return le.id;
}

/* The file passed its check when opened; damage met later refuses the
 * answer with the same message, and from then on nothing is written,
 * whatever is asked. */
static void test_damaged_while_playing(void)
{
    char *path = path_in("playing.db");
    VkError err;
    Store *s = store_open(path, &err);
    Diags d = {0};
    Lesson *l = lesson_load(FIXTURES "/valid.lesson", &d);
    long long who = make_db(s, "eva");
    Session ses;
    CHECK(session_open(&ses, s, l, 1, who, "en", 0, &err) == 0);
    CHECK(session_continue(&ses, &err) == 0);
    CHECK(checkpoint(path));
    /* the totals an answer adds to; after the other connection's
     * checkpoint the store reads every page afresh */
    CHECK(damage_page(path, root_page(path, "rollup")));
    CHECK(!sqlite_finds_whole(path));
    size_t n;
    char *before = read_file(path, &n, NULL);
    CHECK(session_choose(&ses, 0, &err) < 0);
    CHECK(strstr(err.msg, "the database file is damaged") != NULL);
    CHECK(strstr(err.msg, "record your answer") != NULL);
    CHECK(strstr(err.msg, path) != NULL);
    CHECK_INT(ses.player.phase, PLAYER_SCENE); /* nothing moved */
    CHECK(store_damaged(s));
    memset(&err, 0, sizeof err);
    CHECK(store_set_setting(s, "report.k", "3", &err) < 0);
    CHECK(strstr(err.msg, "the database file is damaged") != NULL);
    CHECK(strstr(err.msg, "save the settings") != NULL);
    Learner le;
    CHECK(store_save_learner(s, "fia", 1, ROLE_STAFF, &le, &err) < 0);
    store_close(s);
    CHECK(same_bytes(path, before, n));
    CHECK_INT(query_int(path, "SELECT count(*) FROM answers"), 2);
    free(before);
    lesson_free(l);
    diags_free(&d);
    free(path);
}

/* A rebuild of the report's totals that meets the damage says so, and
 * names the rebuild, not an upgrade. */
static void test_rebuild_damaged(void)
{
    char *path = path_in("rebuild.db");
    VkError err;
    Store *s = store_open(path, &err);
    make_db(s, "kim");
    CHECK(checkpoint(path));
    CHECK(damage_page(path, root_page(path, "answers")));
    CHECK(store_rebuild_report(s, &err) < 0);
    CHECK(strstr(err.msg, "the database file is damaged") != NULL);
    CHECK(strstr(err.msg, "could not rebuild the report") != NULL);
    CHECK(strstr(err.msg, "upgrade") == NULL);
    store_close(s);
    free(path);
}

/* store_check_file: "ok" for a whole file; for a damaged one the first
 * problems SQLite lists and their count; a missing file is not created. */
static void test_check_file(void)
{
    char *whole = path_in("whole.db");
    VkError err;
    Store *s = store_open(whole, &err);
    make_db(s, "gun");
    store_close(s);
    StoreCheck c;
    CHECK(store_check_file(whole, &c, &err) == 0);
    CHECK_INT(c.problems, 0);
    store_check_free(&c);

    char *path = path_in("damaged.db");
    s = store_open(path, &err);
    make_db(s, "hans");
    store_close(s);
    CHECK(damage_page(path, root_page(path, "answers")));
    CHECK(damage_page(path, root_page(path, "learners")));
    size_t n;
    char *before = read_file(path, &n, NULL);
    CHECK(store_check_file(path, &c, &err) == 0);
    CHECK(c.problems >= 2 && c.nshown >= 2 && !c.at_least);
    CHECK(c.nshown > 0 && strstr(c.shown[0], "Page ") != NULL);
    store_check_free(&c);
    CHECK(same_bytes(path, before, n));

    char *missing = path_in("missing.db");
    CHECK(store_check_file(missing, &c, &err) < 0);
    CHECK(strstr(err.msg, "missing.db: cannot open") != NULL);
    CHECK(access(missing, F_OK) != 0);
    free(before);
    free(missing);
    free(path);
    free(whole);
}

/* Above STORE_CHECK_ON_OPEN_MAX a learner's start is not checked (it
 * would take seconds); a CISO's command is, and is refused untouched. */
static void test_check_by_size(void)
{
    char *big = path_in("big.db");
    VkError err;
    Store *s = store_open(big, &err);
    make_db(s, "ida");
    store_close(s);
    sqlite3 *db;
    sqlite3_open(big, &db);
    char *sql = xasprintf("CREATE TABLE pad(b); "
                          "INSERT INTO pad VALUES (zeroblob(%lld))",
                          STORE_CHECK_ON_OPEN_MAX);
    CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    CHECK(damage_page(big, root_page(big, "answers")));
    size_t n;
    char *before = read_file(big, &n, NULL);
    s = store_open(big, &err);
    CHECK(s != NULL);
    store_close(s);
    CHECK(same_bytes(big, before, n));
    s = store_open_checked(big, &err);
    CHECK(s == NULL);
    store_close(s);
    CHECK(strstr(err.msg, "the database file is damaged") != NULL);
    CHECK(same_bytes(big, before, n));

    /* a small damaged file is checked on every start */
    char *small = path_in("small.db");
    s = store_open(small, &err);
    make_db(s, "jan");
    store_close(s);
    CHECK(damage_page(small, root_page(small, "answers")));
    CHECK(store_open(small, &err) == NULL);
    CHECK(strstr(err.msg, "the database file is damaged") != NULL);
    free(small);
    free(before);
    free(sql);
    free(big);
}

int main(void)
{
    i18n_init(VAKSAM_LOCALE_DIR);
    i18n_set_language("en");
    snprintf(dir, sizeof dir, "/tmp/vaksam-test-store-check-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    test_damaged_while_playing();
    test_rebuild_damaged();
    test_check_file();
    test_check_by_size();
    char *cmd = xasprintf("rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    free(cmd);
    return TEST_DONE();
}
