/*
 * test_store.c - the SQLite store's own promises, which a server has no
 * counterpart of: migration of an empty file and of an older schema (a
 * backup first); files it must refuse and leave untouched (a read-only
 * one too, checked as "nobody" when run as root; one with noise over
 * interior pages, header intact, opened or about to be upgraded); a lock
 * held by another program, which a write waits for (the busy timeout)
 * and then fails on, leaving the player where it was; and the modes of
 * the files it makes under umask 022 (0600: the database, -wal, -shm and
 * backups). What holds on every backend: test_store_shared.c and
 * test_session.c; damage met while playing, and the checks themselves:
 * test_store_check.c.
 */
#include "demo.h"
#include "i18n.h"
#include "session.h"
#include "store.h"

#include "../store_fixture.h"
#include "../test.h"
#include "../test_db.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[256];

static char *path_in(const char *name)
{
    return xasprintf("%s/%s", dir, name);
}

static int mode_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (int)(st.st_mode & 0777) : -1;
}

static void test_empty_file_migrates(void)
{
    char *path = path_in("empty.db");
    FILE *f = fopen(path, "w");
    fclose(f);
    VkError err;
    Store *s = store_open(path, &err);
    CHECK(s != NULL);
    store_close(s);
    CHECK_INT(query_int(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    CHECK_INT(query_int(path, "SELECT count(*) FROM sqlite_schema WHERE "
                              "name = 'answers'"),
              1);
    free(path);
}

/* What schema 5 added, to take a database back to schema 4. */
#define V5_OBJECTS                                                             \
    SCHEMA_8_OBJECTS                                                           \
    "DROP TABLE completions; DROP TABLE learner_items; "                       \
    "DROP TABLE learner_presence; DROP TABLE rollup; "                         \
    "DROP TABLE item_months; DROP INDEX learners_by_unit; "                    \
    "ALTER TABLE answers DROP COLUMN unit_id; "                                \
    "ALTER TABLE answers DROP COLUMN role; "

/* A database of schema 1 with a learner in it is upgraded in place: a
 * backup copy first, then the new column, and nothing lost. */
static void test_upgrade_from_v1(void)
{
    char *path = path_in("v1.db");
    VkError err;
    Store *s = store_open(path, &err);
    long long who = make_learner(s, "vera");
    CHECK(who > 0);
    store_close(s);
    /* take it back to schema 1, as an older Vaksam left it */
    sqlite3 *db;
    sqlite3_open(path, &db);
    CHECK(sqlite3_exec(db,
                       V5_OBJECTS
                       "ALTER TABLE attempts DROP COLUMN plan; "
                       "DROP TABLE settings; DROP INDEX units_by_hr_id; "
                       "ALTER TABLE units DROP COLUMN hr_id; "
                       "PRAGMA user_version = 1",
                       NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    s = store_open(path, &err);
    CHECK(s != NULL);
    store_close(s);
    CHECK_INT(query_int(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    CHECK_INT(query_int(path, "SELECT count(*) FROM pragma_table_info("
                              "'attempts') WHERE name = 'plan'"),
              1);
    CHECK_INT(query_int(path, "SELECT count(*) FROM learners WHERE login = "
                              "'vera'"),
              1);
    char *bak = xasprintf("%s.bak-v1", path);
    CHECK_INT(query_int(bak, "PRAGMA user_version"), 1);
    CHECK_INT(query_int(bak, "SELECT count(*) FROM learners"), 1);
    CHECK_INT(mode_of(bak), 0600);
    free(bak);
    free(path);
}

static char *slurp(const char *path, size_t *n)
{
    return read_file(path, n, NULL);
}

/* store_open must fail with a message containing `want` and leave the
 * file byte for byte as it was. */
static void expect_refused(const char *path, const char *want)
{
    size_t n1, n2;
    char *before = slurp(path, &n1);
    VkError err = {{0}};
    Store *s = store_open(path, &err);
    CHECK(s == NULL);
    store_close(s);
    if (!strstr(err.msg, want))
        fprintf(stderr, "message was: %s\n", err.msg);
    CHECK(strstr(err.msg, want) != NULL);
    CHECK(strstr(err.msg, path) != NULL); /* says where */
    char *after = slurp(path, &n2);
    CHECK(before && after && n1 == n2 && memcmp(before, after, n1) == 0);
    free(before);
    free(after);
    char *wal = xasprintf("%s-wal", path);
    struct stat st;
    CHECK(stat(wal, &st) != 0 || st.st_size == 0); /* nothing on the side */
    free(wal);
}

/* A database with a learner who has answered twice. */
static void make_played(const char *path)
{
    VkError err;
    Store *s = store_open(path, &err);
    CHECK(s != NULL);
    Lesson *l = fixture();
    Session ses;
    long long who = make_learner(s, "dora");
    CHECK(session_open(&ses, s, l, 1, who, "en", 0, &err) == 0 &&
          session_continue(&ses, &err) == 0 &&
          session_choose(&ses, 2, &err) == 0 &&
          session_continue(&ses, &err) == 0 &&
          session_continue(&ses, &err) == 0 &&
          session_choose(&ses, 0, &err) == 0);
    store_close(s);
    lesson_free(l);
}

/* Noise inside the file, its header and schema intact: opening reads only
 * those, so only SQLite's check can tell. Refused untouched, and before an
 * upgrade too: no backup of the damage, no migration. */
static void test_damaged_interior(void)
{
    char *path = path_in("interior.db");
    make_played(path);
    CHECK(damage_page(path, root_page(path, "answers")));
    CHECK(damage_page(path, root_page(path, "attempts")));
    CHECK(!sqlite_finds_whole(path));
    expect_refused(path, "the database file is damaged");

    char *old = path_in("damaged-v4.db");
    make_played(old);
    sqlite3 *db;
    sqlite3_open(old, &db);
    CHECK(sqlite3_exec(db, V5_OBJECTS "PRAGMA user_version = 4", NULL, NULL,
                       NULL) == SQLITE_OK);
    sqlite3_close(db);
    CHECK(damage_page(old, root_page(old, "answers")));
    expect_refused(old, "the database file is damaged");
    char *bak = xasprintf("%s.bak-v4", old);
    CHECK(access(bak, F_OK) != 0);
    free(bak);
    free(old);
    free(path);
}

static void test_refused_files(void)
{
    char *garbage = path_in("garbage.db");
    FILE *f = fopen(garbage, "w");
    for (int i = 0; i < 4096; i++)
        fputc("not a database "[i % 15], f);
    fclose(f);
    expect_refused(garbage, "not a Vaksam database, or it is damaged");

    char *other = path_in("other.db");
    sqlite3 *db;
    sqlite3_open(other, &db);
    sqlite3_exec(db,
                 "CREATE TABLE songs(title TEXT); "
                 "INSERT INTO songs VALUES ('x')",
                 NULL, NULL, NULL);
    sqlite3_close(db);
    expect_refused(other, "belongs to another program");

    char *newer = path_in("newer.db");
    VkError err;
    store_close(store_open(newer, &err));
    sqlite3_open(newer, &db);
    sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
    sqlite3_close(db);
    expect_refused(newer, "written by a newer Vaksam (schema 99");

    /* Root writes to read-only files anyway, so as root (CI runs so) the
     * check runs as "nobody", in a folder anyone may write to, as a user
     * whose own file is read-only. */
    char *ro = path_in("readonly.db");
    store_close(store_open(ro, &err));
    CHECK(chmod(ro, 0444) == 0);
    bool as_root = geteuid() == 0, can = true;
    if (as_root) {
        CHECK(chmod(dir, 0777) == 0);
        can = seteuid(65534) == 0; /* not where no such user is mapped */
        if (!can)
            printf("read-only file: not checked, root cannot become "
                   "nobody here (%s)\n",
                   strerror(errno));
    }
    if (can) {
        CHECK(faccessat(AT_FDCWD, ro, W_OK, AT_EACCESS) != 0);
        expect_refused(ro, "read-only");
    }
    if (as_root)
        CHECK((!can || seteuid(0) == 0) && chmod(dir, 0700) == 0);
    free(ro);
    free(garbage);
    free(other);
    free(newer);
}

/* Under umask 022 (main sets it) the database, its -wal and -shm (while
 * it is open) are 0600; a looser database of the user's is tightened on
 * open, a read-only one stays read-only. */
static void test_file_modes(void)
{
    char *path = path_in("modes.db");
    char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
    VkError err;
    Store *s = store_open(path, &err);
    CHECK(s != NULL);
    CHECK(make_learner(s, "mona") > 0);
    CHECK_INT(mode_of(path), 0600);
    CHECK_INT(mode_of(wal), 0600);
    CHECK_INT(mode_of(shm), 0600);
    store_close(s);
    CHECK(chmod(path, 0644) == 0);
    store_close(store_open(path, &err));
    CHECK_INT(mode_of(path), 0600);
    CHECK(chmod(path, 0444) == 0);
    store_close(store_open(path, &err));
    CHECK((mode_of(path) & 0222) == 0);
    free(wal);
    free(shm);
    free(path);
}

static void test_locked(void)
{
    char *path = path_in("locked.db");
    VkError err;
    Store *s = store_open(path, &err);
    Lesson *l = fixture();
    long long who = make_learner(s, "dan");
    Session ses;
    CHECK(session_open(&ses, s, l, 1, who, "en", 0, &err) == 0);
    CHECK(session_continue(&ses, &err) == 0);
    /* another program takes the write lock and keeps it */
    sqlite3 *other;
    sqlite3_open(path, &other);
    CHECK(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL) ==
          SQLITE_OK);
    store_set_busy_timeout(s, 200);
    CHECK(session_choose(&ses, 0, &err) < 0);
    CHECK(strstr(err.msg, "busy") != NULL);
    CHECK_INT(ses.player.phase, PLAYER_SCENE); /* nothing moved */
    sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(other);
    CHECK(session_choose(&ses, 0, &err) == 0); /* and it works again */
    CHECK_INT(query_int(path, "SELECT count(*) FROM answers"), 1);
    store_close(s);
    lesson_free(l);
    free(path);
}

int main(void)
{
    i18n_init(VAKSAM_LOCALE_DIR);
    i18n_set_language("en");
    umask(022); /* what most users have: the modes must not depend on it */
    snprintf(dir, sizeof dir, "/tmp/vaksam-test-store-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    test_empty_file_migrates();
    test_upgrade_from_v1();
    test_refused_files();
    test_damaged_interior();
    test_file_modes();
    test_locked();
    char *cmd = xasprintf("rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    free(cmd);
    return TEST_DONE();
}
