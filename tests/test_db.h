/*
 * test_db.h - reading a number straight from a database file, so that
 * tests check what is really stored, not what the program says it stored.
 */
#ifndef VAKSAM_TEST_DB_H
#define VAKSAM_TEST_DB_H

#include <sqlite3.h>

/* The first column of the first row of sql, or -1. */
static int query_int(const char *path, const char *sql)
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

#endif
