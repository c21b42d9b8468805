/*
 * store_org.c - the organisation in the SQLite store (store.h): its units,
 * from the demo or an HR system's import, and its learners.
 */
#include "store_sqlite.h"

#include "i18n.h"
#include "period.h"
#include "rollup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- units ---- */

int sq_seed_units(Store *s, const UnitSeed *units, int n, bool *created,
                     VkError *err)
{
    *created = false;
    if (st_begin(s, err, _("create the organisation")) < 0)
        return -1;
    int count = 0;
    if (st_pragma_int(s, "SELECT count(*) FROM units", &count) < 0)
        return st_fail(s, err, _("read the organisation")), st_rollback(s);
    if (count > 0)
        return st_commit(s, err, _("create the organisation"));
    sqlite3_stmt *st =
        st_prepare(s, "INSERT INTO units(name, parent_id) VALUES (?, ?)", err,
                   _("create the organisation"));
    if (!st)
        return st_rollback(s);
    long long *ids = xcalloc((size_t)n, sizeof *ids);
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        sqlite3_bind_text(st, 1, units[i].name, -1, SQLITE_TRANSIENT);
        if (units[i].parent >= 0 && units[i].parent < i)
            sqlite3_bind_int64(st, 2, ids[units[i].parent]);
        else
            sqlite3_bind_null(st, 2);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = st_fail(s, err, _("create the organisation"));
        ids[i] = sqlite3_last_insert_rowid(s->db);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    free(ids);
    if (rc < 0)
        return st_rollback(s);
    *created = true;
    return st_commit(s, err, _("create the organisation"));
}

int sq_list_units(Store *s, Unit **out, int *n, VkError *err)
{
    *out = NULL;
    *n = 0;
    /* a recursive walk gives tree order and depth in one query */
    sqlite3_stmt *st =
        st_prepare(s,
                   "WITH RECURSIVE tree(id, parent_id, name, depth, path) AS ("
                   "  SELECT id, parent_id, name, 0, printf('%08d', 0) || name"
                   "  FROM units WHERE parent_id IS NULL"
                   "  UNION ALL"
                   "  SELECT u.id, u.parent_id, u.name, t.depth + 1,"
                   "         t.path || char(1) || u.name"
                   "  FROM units u JOIN tree t ON u.parent_id = t.id)"
                   "SELECT id, coalesce(parent_id, 0), name, depth FROM tree "
                   "ORDER BY path",
                   err, _("read the organisation"));
    if (!st)
        return -1;
    int cap = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *out = xrealloc(*out, (size_t)cap * sizeof **out);
        }
        Unit *u = &(*out)[(*n)++];
        u->id = sqlite3_column_int64(st, 0);
        u->parent_id = sqlite3_column_int64(st, 1);
        snprintf(u->name, sizeof u->name, "%s",
                 (const char *)sqlite3_column_text(st, 2));
        u->depth = sqlite3_column_int(st, 3);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        free(*out);
        *out = NULL;
        *n = 0;
        return st_fail(s, err, _("read the organisation"));
    }
    return 0;
}

/* ---- learners ---- */

int sq_find_learner(Store *s, const char *login, Learner *out, VkError *err)
{
    sqlite3_stmt *st =
        st_prepare(s,
                   "SELECT id, unit_id, role, listed, active FROM learners "
                   "WHERE login = ?",
                   err, _("read the learner"));
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        out->id = sqlite3_column_int64(st, 0);
        out->unit_id = sqlite3_column_int64(st, 1);
        int role = role_from_id((const char *)sqlite3_column_text(st, 2));
        out->role = role < 0 ? ROLE_STAFF : (Role)role;
        out->listed = sqlite3_column_int(st, 3) != 0;
        out->left = sqlite3_column_int(st, 4) == 0;
        snprintf(out->login, sizeof out->login, "%s", login);
        found = 1;
    } else if (rc != SQLITE_DONE) {
        found = st_fail(s, err, _("read the learner"));
    }
    sqlite3_finalize(st);
    return found;
}

int sq_save_learner(Store *s, const char *login, long long unit_id,
                       Role role, Learner *out, VkError *err)
{
    if (st_begin(s, err, _("save the learner")) < 0)
        return -1;
    sqlite3_stmt *st = st_prepare(
        s,
        "INSERT INTO learners(login, unit_id, role, created_at) "
        "VALUES (?, ?, ?, " NOW ") "
        "ON CONFLICT(login) DO UPDATE SET unit_id = excluded.unit_id, "
        "role = excluded.role WHERE NOT learners.listed", /* HR's, if listed */
        err, _("save the learner"));
    if (!st)
        return st_rollback(s);
    sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, unit_id);
    sqlite3_bind_text(st, 3, role_id(role), -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return st_fail(s, err, _("save the learner")), st_rollback(s);
    if (st_commit(s, err, _("save the learner")) < 0)
        return -1;
    return sq_find_learner(s, login, out, err) == 1 ? 0 : -1;
}

int sq_import_units(Store *s, const UnitImport *units, int n, VkError *err)
{
    const char *what = _("import the units");
    if (st_begin(s, err, what) < 0)
        return -1;
    sqlite3_stmt *st =
        st_prepare(s,
                   "INSERT INTO units(hr_id, name, parent_id) VALUES (?1, ?2, "
                   "  (SELECT id FROM units WHERE hr_id = ?3)) "
                   "ON CONFLICT(hr_id) DO UPDATE SET name = excluded.name, "
                   "  parent_id = excluded.parent_id",
                   err, what);
    if (!st)
        return st_rollback(s);
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        sqlite3_bind_text(st, 1, units[i].hr_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, units[i].name, -1, SQLITE_STATIC);
        if (units[i].parent_hr_id)
            sqlite3_bind_text(st, 3, units[i].parent_hr_id, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(st, 3);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = st_fail(s, err, what);
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    }
    sqlite3_finalize(st);
    if (rc < 0)
        return st_rollback(s);
    return st_commit(s, err, what);
}
