/*
 * test_store_copy.c - vaksam db copy (store_copy.c). A SQLite organisation
 * with a history (learners who move, so that answers carry units their
 * learners have left; quizzes and courses finished; the CISO's password
 * set and k changed) copied into a new PostgreSQL database holds the same
 * rows, read by the test from both sides, gives every table of the
 * report the same text, and opens the CISO's view with the same password.
 * A second copy into it is refused and changes nothing. A copy that fails
 * midway (an answer whose attempt is gone, an attempt of a kind the
 * server does not allow, a time or a uid of another form) leaves the
 * database as it was, and a damaged or a newer file, and a learner's
 * queue file, are refused before anything is written. The file's uids are
 * the copy's. The copy's totals are those the server's rule gives, folded
 * by the program from the file's rows (the server's rebuild is made to
 * fail meanwhile); a file with rows the rule counts otherwise than the
 * fold (an answer's role of neither kind, a choice no lesson has) is
 * rebuilt by the server, to the rule's totals all the same.
 */
#include "access.h"
#include "i18n.h"
#include "report.h"
#include "store.h"
#include "store_copy.h"

#include "../pg_test.h"
#include "../report_same.h"
#include "../same_rows.h"
#include "../test.h"
#include "../test_clock.h"
#include "../test_db.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { LEARNERS = 30, EVENTS = 400, FIRST = 2025 * 12, MONTHS = 14 };

static const char *const PASSWORD = "the copy's secret passphrase";
static char dir[] = "/tmp/vaksam-test-copy-XXXXXX";
static char *schema; /* a new database's constraints and indexes */

static unsigned rnd(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (*seed >> 16) & 0x7fff;
}

/* One answer of a random learner, who may first join or move. */
static void event(Store *s, const long long *units, unsigned *seed,
                  long long *who)
{
    static const char *const items[] = {"quiz-ciso/q1", "quiz-ciso/q2",
                                        "lesson-a/s1", "lesson-b/s2"};
    int l = (int)(rnd(seed) % LEARNERS);
    VkError err;
    int rc = 0;
    store_set_clock(
        s, at(FIRST + (int)(rnd(seed) % MONTHS), (int)(rnd(seed) % 86400)));
    if (!who[l] || rnd(seed) % 7 == 0) {
        char login[32];
        snprintf(login, sizeof login, "learner-%02d", l);
        Learner le;
        rc = store_save_learner(s, login, units[rnd(seed) % 6],
                                rnd(seed) % 3 ? ROLE_STAFF : ROLE_MANAGER, &le,
                                &err);
        who[l] = le.id;
    }
    const char *item = items[rnd(seed) % 4];
    bool quiz = item[0] == 'q';
    long long attempt = 0;
    if (rc == 0)
        rc = store_start_attempt(s, who[l], quiz ? "quiz" : "lesson-a", 1,
                                 quiz ? "quiz" : "course", "sv", "s1", "",
                                 &attempt, &err);
    if (rc == 0)
        rc = store_record_answer(s, attempt, 0, quiz ? item : item + 9,
                                 (int)(rnd(seed) % 3), (Topic)(rnd(seed) % 6),
                                 (Result)(rnd(seed) % 3), &err);
    if (rc == 0 && rnd(seed) % 3 == 0)
        rc = store_finish_attempt(s, attempt, 2, 4, 1, &err);
    if (rc < 0)
        fprintf(stderr, "%s\n", err.msg);
    CHECK_INT(rc, 0);
}

/* The organisation to copy; its units' ids in units[6]. */
static void make_file(const char *path, long long *units)
{
    static const UnitSeed seed[] = {{"Org", -1}, {"North", 0}, {"South", 0},
                                    {"N1", 1},   {"N2", 1},    {"S1", 2}};
    VkError err;
    Store *s = store_open(path, &err);
    CHECK(s != NULL);
    if (!s)
        return;
    bool created;
    CHECK(store_seed_units(s, seed, 6, &created, &err) == 0);
    Unit *u;
    int n;
    CHECK(store_list_units(s, &u, &n, &err) == 0 && n == 6);
    for (int i = 0; i < 6 && i < n; i++)
        units[i] = u[i].id;
    free(u);
    unsigned rs = 20261201;
    long long who[LEARNERS] = {0};
    for (int e = 0; e < EVENTS; e++)
        event(s, units, &rs, who);
    CHECK(access_set_password(s, PASSWORD, &err) == 0);
    CHECK(report_set_k(s, 4, &err) == 0);
    store_close(s);
}

/* The database is as new: no organisation, its own settings only, and
 * nothing a load turns off left off. */
static void still_new(const char *uri)
{
    PGconn *c = pg_test_connect(uri);
    if (!c)
        return;
    CHECK_INT(same_pg_int(c, "SELECT (SELECT count(*) FROM vaksam.units) + "
                             "(SELECT count(*) FROM vaksam.learners) + "
                             "(SELECT count(*) FROM vaksam.attempts) + "
                             "(SELECT count(*) FROM vaksam.answers) + "
                             "(SELECT count(*) FROM vaksam.completions)"),
              0);
    CHECK_INT(same_pg_int(c, "SELECT count(*) FROM vaksam.settings WHERE "
                             "key <> 'report_key'"),
              0);
    same_load_undone(c, schema);
    PQfinish(c);
}

/* A copy of the file changed by sql, copied into a new database: refused
 * with a message that says `expect`, and the database left as new. */
static void copy_fails(const char *path, const char *sql, const char *expect)
{
    char *bad = xasprintf("%s/bad.db", dir);
    char *cmd = xasprintf("rm -f '%s'-wal '%s'-shm && cp '%s' '%s' && "
                          "sqlite3 '%s' \"%s\"",
                          bad, bad, path, bad, bad, sql);
    CHECK(system(cmd) == 0);
    char *uri = pg_test_db_new();
    VkError err;
    Store *s = uri ? store_open(uri, &err) : NULL; /* the schema made */
    store_close(s);
    StoreCopyStats st;
    CHECK_INT(store_copy(bad, uri, &st, &err), -1);
    CHECK_CONTAINS(err.msg, expect);
    if (uri)
        still_new(uri);
    pg_test_db_drop(uri);
    unlink(bad);
    free(cmd);
    free(bad);
}

/* A copy of the file changed by sql, copied into a new database: its
 * totals are the server's rule's. */
static void copy_rebuilt(const char *path, const char *sql)
{
    char *bad = xasprintf("%s/odd.db", dir);
    char *cmd = xasprintf("rm -f '%s'-wal '%s'-shm && cp '%s' '%s' && "
                          "sqlite3 '%s' \"%s\"",
                          bad, bad, path, bad, bad, sql);
    CHECK(system(cmd) == 0);
    char *uri = pg_test_db_new();
    StoreCopyStats st;
    VkError err;
    int rc = store_copy(bad, uri, &st, &err);
    if (rc < 0)
        fprintf(stderr, "%s\n", err.msg);
    CHECK_INT(rc, 0);
    Store *s = rc == 0 ? store_open(uri, &err) : NULL;
    if (s)
        same_totals_rebuilt(s, uri);
    store_close(s);
    pg_test_db_drop(uri);
    unlink(bad);
    free(cmd);
    free(bad);
}

/* Everything the file has, the copy has. */
static void check_copy(const char *path, const char *uri,
                       const long long *units, const StoreCopyStats *st)
{
    static const char *const count[] = {
        "SELECT count(*) FROM units",       "SELECT count(*) FROM learners",
        "SELECT count(*) FROM attempts",    "SELECT count(*) FROM answers",
        "SELECT count(*) FROM completions", "SELECT count(*) FROM settings"};
    for (int t = 0; t < STORE_COPY_TABLES; t++)
        CHECK_INT(st->rows[t], query_int(path, count[t]));
    CHECK(st->rows[3] > 300 && st->rows[4] > 50 && st->rows[5] >= 3);
    CHECK_INT(same_rows(path, uri, SAME_ALL), 0);
    VkError err;
    Store *s[2] = {store_open(path, &err), store_open(uri, &err)};
    CHECK(s[0] && s[1]);
    for (int b = 0; b < 2 && s[0] && s[1]; b++)
        store_set_clock(s[b], at(FIRST + MONTHS - 1, 0));
    if (s[0] && s[1])
        CHECK_INT(same_report(s[0], s[1], units, 6, FIRST, MONTHS, "copy"), 0);
    bool ok = false;
    int k = 0;
    CHECK(s[1] && access_check_password(s[1], PASSWORD, &ok, &err) == 0);
    CHECK(ok);
    CHECK(s[1] && report_k(s[1], &k, &err) == 0);
    CHECK_INT(k, 4);
    store_close(s[0]);
    store_close(s[1]);
}

/* The uids of the file's attempts and answers are the copy's, so that
 * what a learner's queue sends later lands once. */
static void uids_kept(const char *path, const char *uri)
{
    static const char *const table[] = {"attempts", "answers"};
    PGconn *c = pg_test_connect(uri);
    for (int t = 0; t < 2 && c; t++) {
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE uid IS NULL",
                 table[t]);
        CHECK_INT(query_int(path, sql), 0);
        snprintf(sql, sizeof sql,
                 "SELECT group_concat(r, ',') FROM (SELECT id || '=' || uid "
                 "AS r FROM %s ORDER BY id)",
                 table[t]);
        char *file = same_sqlite_text(path, sql);
        snprintf(sql, sizeof sql,
                 "SELECT string_agg(id || '=' || uid, ',' ORDER BY id) FROM "
                 "vaksam.%s",
                 table[t]);
        char *copy = pg_test_query(c, sql);
        CHECK(file && strlen(file) > 1000);
        CHECK_STR(copy, file);
        free(file);
        free(copy);
    }
    PQfinish(c);
}

/* The organisation's file copied into the new database uri, its totals
 * the program's (the server's rebuild cannot be called) and a rebuild's. */
static void first_copy(const char *path, const char *uri)
{
    long long units[6] = {0};
    make_file(path, units);
    StoreCopyStats st;
    VkError err;
    PGconn *c = pg_test_connect(uri);
    same_rebuild_fails(c, true);
    int rc = store_copy(path, uri, &st, &err);
    if (rc < 0)
        fprintf(stderr, "%s\n", err.msg);
    CHECK_INT(rc, 0);
    same_rebuild_fails(c, false);
    PQfinish(c);
    check_copy(path, uri, units, &st);
    Store *copied = store_open(uri, &err);
    if (copied)
        same_totals_rebuilt(copied, uri);
    store_close(copied);
}

/* A copy into a database that has an organisation: refused, unchanged. */
static void copy_again(const char *path, const char *uri)
{
    PGconn *c = pg_test_connect(uri);
    char *before = c ? same_totals(c) : NULL;
    StoreCopyStats st;
    VkError err;
    CHECK_INT(store_copy(path, uri, &st, &err), -1);
    CHECK_CONTAINS(err.msg, "the database is not empty");
    CHECK_CONTAINS(err.msg, "nothing was changed");
    CHECK_INT(same_rows(path, uri, SAME_ALL), 0);
    char *after = c ? same_totals(c) : NULL;
    CHECK_STR(after, before);
    if (c)
        same_load_undone(c, schema);
    free(before);
    free(after);
    PQfinish(c);
}

/* A damaged file and one from a newer Vaksam: refused, nothing written. */
static void bad_files(const char *path)
{
    char *bad = xasprintf("%s/bad.db", dir);
    char *cmd = xasprintf("rm -f '%s'-wal '%s'-shm && cp '%s' '%s'", bad, bad,
                          path, bad);
    CHECK(checkpoint(path) && system(cmd) == 0);
    CHECK(damage_page(bad, root_page(bad, "answers")));
    char *uri = pg_test_db_new();
    StoreCopyStats st;
    VkError err;
    CHECK_INT(store_copy(bad, uri, &st, &err), -1);
    CHECK_CONTAINS(err.msg, "the database file is damaged");
    CHECK(system(cmd) == 0);
    char *newer = xasprintf("sqlite3 '%s' 'PRAGMA user_version = 99'", bad);
    CHECK(system(newer) == 0);
    CHECK_INT(store_copy(bad, uri, &st, &err), -1);
    CHECK_CONTAINS(err.msg, "newer Vaksam");
    PGconn *c = uri ? pg_test_connect(uri) : NULL;
    if (c) /* the database was not even touched: no schema */
        CHECK_INT(same_pg_int(c, "SELECT count(*) FROM pg_namespace WHERE "
                                 "nspname = 'vaksam'"),
                  0);
    PQfinish(c);
    pg_test_db_drop(uri);
    unlink(bad);
    free(newer);
    free(cmd);
    free(bad);
}

int main(void)
{
    i18n_init(VAKSAM_LOCALE_DIR);
    i18n_set_language("en");
    CHECK(access_init());
    if (!mkdtemp(dir))
        return 1;
    char *path = xasprintf("%s/org.db", dir);
    char *uri = pg_test_db_new();
    if (!uri)
        return TEST_DONE();
    VkError err;
    Store *fresh = store_open(uri, &err); /* the schema, to count */
    PGconn *c = pg_test_connect(uri);
    schema = c ? same_schema(c) : strdup("(no server)");
    PQfinish(c);
    store_close(fresh);
    first_copy(path, uri);
    copy_rebuilt(path, "UPDATE answers SET role = 'boss' WHERE id = 11");
    copy_rebuilt(path, "UPDATE answers SET choice = 7 WHERE id = 12");
    uids_kept(path, uri);
    copy_again(path, uri);
    copy_fails(path,
               "PRAGMA foreign_keys = OFF; DELETE FROM attempts WHERE id = "
               "(SELECT attempt_id FROM answers ORDER BY id DESC LIMIT 1)",
               "violates foreign key constraint");
    copy_fails(path, "UPDATE attempts SET kind = 'exam' WHERE id = 7",
               "attempts_kind_check");
    copy_fails(path,
               "UPDATE answers SET answered_at = '2026-03-01 10:00' WHERE "
               "id = 5",
               "table answers, row 5: answered_at '2026-03-01 10:00' is not "
               "a time");
    copy_fails(path, "UPDATE answers SET uid = 'not-a-uid' WHERE id = 9",
               "table answers, row 9: uid 'not-a-uid' is not a uid");
    copy_fails(
        path,
        "INSERT INTO settings VALUES ('queue', 'postgresql://server/org')",
        "is a learner's queue for postgresql://server/org");
    bad_files(path);
    pg_test_db_drop(uri);
    free(schema);
    char *cmd = xasprintf("rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    free(cmd);
    free(path);
    return TEST_DONE();
}
