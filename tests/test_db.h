/*
 * test_db.h - reading a number straight from a database file, so that
 * tests check what is really stored, not what the program says it stored;
 * and damaging one, as a bad disk would.
 */
#ifndef VAKSAM_TEST_DB_H
#define VAKSAM_TEST_DB_H

#include <fcntl.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

/* SQL that takes a database of this version back to schema 9, as a
 * Vaksam before learners came from HR left it (migration 9 -> 10): the
 * learners' new columns gone, unit_sizes' triggers as they were. */
#define SCHEMA_10_OBJECTS                                                       \
    "DROP TRIGGER unit_sizes_insert; DROP TRIGGER unit_sizes_update; "         \
    "DROP TRIGGER unit_sizes_delete; "                                         \
    "ALTER TABLE learners DROP COLUMN name; "                                  \
    "ALTER TABLE learners DROP COLUMN listed; "                                \
    "ALTER TABLE learners DROP COLUMN active; "                                \
    "CREATE TRIGGER unit_sizes_insert AFTER INSERT ON learners BEGIN "         \
    "INSERT INTO unit_sizes VALUES (NEW.unit_id, NEW.role = 'staff', 1) "      \
    "ON CONFLICT(unit_id, role) DO UPDATE SET n = n + 1; END; "                \
    "CREATE TRIGGER unit_sizes_update AFTER UPDATE OF unit_id, role ON "       \
    "learners WHEN NEW.unit_id IS NOT OLD.unit_id OR NEW.role IS NOT "         \
    "OLD.role BEGIN UPDATE unit_sizes SET n = n - 1 WHERE unit_id = "          \
    "OLD.unit_id AND role = (OLD.role = 'staff'); INSERT INTO unit_sizes "     \
    "VALUES (NEW.unit_id, NEW.role = 'staff', 1) ON CONFLICT(unit_id, role) "  \
    "DO UPDATE SET n = n + 1; END; "                                           \
    "CREATE TRIGGER unit_sizes_delete AFTER DELETE ON learners BEGIN "         \
    "UPDATE unit_sizes SET n = n - 1 WHERE unit_id = OLD.unit_id AND role = "  \
    "(OLD.role = 'staff'); END; "

/* SQL that takes a database of this version back to schema 7, as a
 * Vaksam before the queue left it (store_sqlite.c's migration 7 -> 8):
 * for tests that upgrade older files. */
#define SCHEMA_8_OBJECTS                                                       \
    SCHEMA_10_OBJECTS                                                           \
    "DROP INDEX attempts_waiting; DROP INDEX answers_waiting; "                \
    "DROP INDEX attempts_by_uid; DROP INDEX answers_by_uid; "                  \
    "ALTER TABLE attempts DROP COLUMN uid; "                                   \
    "ALTER TABLE attempts DROP COLUMN waiting; "                               \
    "ALTER TABLE answers DROP COLUMN uid; "                                    \
    "ALTER TABLE answers DROP COLUMN waiting; "

/* The first column of the first row of sql, or -1. */
static inline int query_int(const char *path, const char *sql)
{
    sqlite3 *db;
    int v = -1;
    if (sqlite3_open(path, &db) == SQLITE_OK) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return v;
}

/* The root page of a table or index, or -1. */
static inline int root_page(const char *path, const char *name)
{
    sqlite3 *db;
    sqlite3_stmt *st = NULL;
    int page = -1;
    if (sqlite3_open(path, &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db,
                           "SELECT rootpage FROM sqlite_schema "
                           "WHERE name = ?",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            page = sqlite3_column_int(st, 0);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return page;
}

/* Writes noise over one page of a database file (of 4096-byte pages), as
 * a bad disk or an adversary leaves it: the header and page 1 stay as
 * they were. Returns false when it could not. */
static inline bool damage_page(const char *path, int page)
{
    static const char noise[] = "vaksam damage test noise\n";
    char buf[4096];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = noise[i % (sizeof noise - 1)];
    int fd = page > 1 ? open(path, O_WRONLY) : -1;
    bool done = fd >= 0 && pwrite(fd, buf, sizeof buf,
                                  (off_t)(page - 1) * (off_t)sizeof buf) ==
                               (ssize_t)sizeof buf;
    if (fd >= 0)
        close(fd);
    return done;
}

/* Moves everything in the WAL into the file, so that damage written to
 * the file is what SQLite reads, and closing changes nothing. */
static inline bool checkpoint(const char *path)
{
    sqlite3 *db;
    bool done = sqlite3_open(path, &db) == SQLITE_OK &&
                sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL,
                             NULL) == SQLITE_OK;
    sqlite3_close(db);
    return done;
}

/* Whether SQLite's full integrity check passes the file. */
static inline bool sqlite_finds_whole(const char *path)
{
    sqlite3 *db;
    sqlite3_stmt *st = NULL;
    bool whole = false;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        whole = strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return whole;
}

#endif
