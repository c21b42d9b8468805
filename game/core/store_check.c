/*
 * store_check.c - SQLite's checks of the database file (store_check.h), and
 * the one message for a damaged file.
 *
 * A file with noise inside it (its header intact) opens like any other, and
 * most queries read past the damage without noticing. So the file is
 * checked before it is trusted, and once SQLite reports damage anywhere
 * (SQLITE_CORRUPT, SQLITE_NOTADB) the store is marked damaged: it writes
 * nothing more, and every later write gets the same message.
 */
#include "store_check.h"

#include "i18n.h"
#include "store_sqlite.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Enough rows to count a badly damaged file, not so many that it takes
 * long to list them. */
enum { INTEGRITY_MAX_ROWS = 10000 };

/* One line of SQLite's report, without its "*** in database main ***"
 * heading and whatever follows the first line. */
static void first_line(char *dst, size_t n, const char *row)
{
    const char *p = row ? row : "";
    if (strncmp(p, "*** ", 4) == 0 && strchr(p, '\n'))
        p = strchr(p, '\n') + 1;
    size_t len = strcspn(p, "\n");
    if (len >= n)
        len = n - 1;
    memcpy(dst, p, len);
    dst[len] = '\0';
}

int st_damaged(Store *s, VkError *err, const char *what, const char *why)
{
    if (why && why != s->damage)
        snprintf(s->damage, sizeof s->damage, "%s", why);
    s->damaged = true;
    vk_error_set(err,
                 _("%s: the database file is damaged (%s), so Vaksam could "
                   "not %s, and it writes nothing more to the file. Restore "
                   "the file from a backup; 'vaksam db check --db %s' lists "
                   "the damage."),
                 s->path, s->damage, what, s->path);
    return -1;
}

bool sq_damaged(const Store *s)
{
    return s && s->damaged;
}

/* PRAGMA quick_check on db: 0 whole, 1 damaged (why says how), -1 when
 * the check could not run. */
static int quick_check(sqlite3 *db, char *why, size_t n)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *row = (const char *)sqlite3_column_text(st, 0);
        first_line(why, n, row);
        rc = row && strcmp(row, "ok") == 0 ? SQLITE_OK : SQLITE_CORRUPT;
    } else if (rc != SQLITE_OK) {
        rc = sqlite3_errcode(db);
        snprintf(why, n, "%s", sqlite3_errmsg(db));
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_OK)
        return 0;
    return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB ? 1 : -1;
}

int store_check_quick(Store *s, VkError *err)
{
    /* on a connection of its own: read-only, SQLite checks about three
     * times as fast (measured: 4 s against 15 s on 1.5 GiB) */
    sqlite3 *ro = NULL;
    char why[256] = "";
    int rc = -1;
    if (sqlite3_open_v2(s->path, &ro,
                        SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                        NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(ro, BUSY_TIMEOUT_MS);
        rc = quick_check(ro, why, sizeof why);
    } else {
        snprintf(why, sizeof why, "%s",
                 ro ? sqlite3_errmsg(ro) : "out of memory");
    }
    sqlite3_close(ro);
    if (rc == 0)
        return 0;
    if (rc < 0) {
        vk_error_set(err, _("%s: cannot check the database file: %s"), s->path,
                     why);
        return -1;
    }
    s->damaged = true;
    snprintf(s->damage, sizeof s->damage, "%s", why);
    vk_error_set(err,
                 _("%s: the database file is damaged (SQLite's quick check: "
                   "%s); Vaksam stopped before using it and left it "
                   "untouched. Restore the file from a backup; 'vaksam db "
                   "check --db %s' lists the damage."),
                 s->path, why, s->path);
    return -1;
}

int st_check_on_open(Store *s, int version, bool always, VkError *err)
{
    int pages = 0, page_size = 0;
    if (!always && version == STORE_SCHEMA_VERSION &&
        st_pragma_int(s, "PRAGMA page_count", &pages) == 0 &&
        st_pragma_int(s, "PRAGMA page_size", &page_size) == 0 &&
        (long long)pages * page_size > STORE_CHECK_ON_OPEN_MAX)
        return 0;
    return store_check_quick(s, err);
}

static void add_problem(StoreCheck *c, const char *text)
{
    c->problems++;
    if (c->nshown < STORE_CHECK_SHOWN)
        c->shown[c->nshown++] = xstrdup(text);
}

/* Each row of integrity_check may hold several problems, one a line. */
static void add_row(StoreCheck *c, const char *row)
{
    while (row && *row) {
        size_t len = strcspn(row, "\n");
        if (len && strncmp(row, "*** ", 4) != 0) {
            char *line = xstrndup(row, len);
            add_problem(c, line);
            free(line);
        }
        row += len + (row[len] == '\n');
    }
}

int store_check_file(const char *path, StoreCheck *out, VkError *err)
{
    memset(out, 0, sizeof *out);
    struct stat info;
    if (stat(path, &info) != 0) { /* SQLite would only say "unable to" */
        vk_error_set(err, _("%s: cannot open the database: %s"), path,
                     strerror(errno));
        return -1;
    }
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        vk_error_set(err, _("%s: cannot open the database: %s"), path,
                     db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return -1;
    }
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA integrity_check(%d)", INTEGRITY_MAX_ROWS);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL), rows = 0;
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *row = (const char *)sqlite3_column_text(st, 0);
        rows++;
        if (!(rows == 1 && row && strcmp(row, "ok") == 0))
            add_row(out, row);
        rc = SQLITE_OK;
    }
    out->at_least = rows >= INTEGRITY_MAX_ROWS;
    int code = sqlite3_errcode(db);
    if (rc != SQLITE_DONE && (code == SQLITE_CORRUPT || code == SQLITE_NOTADB))
        add_problem(out, sqlite3_errmsg(db)); /* it stopped the check */
    else if (rc != SQLITE_DONE)
        vk_error_set(err, _("%s: cannot check the database file: %s"), path,
                     sqlite3_errmsg(db));
    sqlite3_finalize(st);
    sqlite3_close(db);
    if (rc != SQLITE_DONE && code != SQLITE_CORRUPT && code != SQLITE_NOTADB) {
        store_check_free(out);
        return -1;
    }
    return 0;
}

void store_check_free(StoreCheck *c)
{
    for (int i = 0; i < c->nshown; i++)
        free(c->shown[i]);
    memset(c, 0, sizeof *c);
}

void store_check_print(const StoreCheck *c, const char *path, FILE *out)
{
    if (c->problems == 0) {
        fprintf(out, _("%s: ok (SQLite's integrity check found no problems)\n"),
                path);
        return;
    }
    if (c->at_least)
        fprintf(out,
                _("%s: the database file is damaged; SQLite's integrity "
                  "check found at least %d problems:\n"),
                path, c->problems);
    else
        fprintf(out,
                ngettext("%s: the database file is damaged; SQLite's "
                         "integrity check found %d problem:\n",
                         "%s: the database file is damaged; SQLite's "
                         "integrity check found %d problems:\n",
                         (unsigned long)c->problems),
                path, c->problems);
    for (int i = 0; i < c->nshown; i++)
        fprintf(out, "  %s\n", c->shown[i]);
    int more = c->problems - c->nshown;
    if (more > 0)
        fprintf(
            out,
            ngettext("  and %d more\n", "  and %d more\n", (unsigned long)more),
            more);
    fprintf(out,
            _("Stop using this file and restore it from a backup (before "
              "each upgrade Vaksam keeps a copy as %s.bak-vN, N being the "
              "old schema number).\n"),
            path);
}
