/*
 * store_roster.c - learners from HR's list in the SQLite store (store.h:
 * store_import_learners, store_roster_kept). The list is the whole truth
 * about who works where: one transaction adds and updates the learners on
 * it and marks every other learner as having left, so that a unit's size
 * (the triggers of schema 9 keep unit_sizes) counts only those still
 * there. Their answers keep the unit and role they were given in.
 */
#include "store_sqlite.h"

#include "i18n.h"

#include <stdlib.h>
#include <string.h>

/* The learners' units by HR id; false, with unknown[] set, when any is
 * missing. */
static int find_units(Store *s, const LearnerImport *list, int n,
                      long long *unit, bool *unknown, int *missing,
                      VkError *err, const char *what)
{
    sqlite3_stmt *st =
        st_prepare(s, "SELECT id FROM units WHERE hr_id = ?", err, what);
    if (!st)
        return -1;
    *missing = 0;
    for (int i = 0; i < n; i++) {
        sqlite3_bind_text(st, 1, list[i].unit_hr_id, -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            unit[i] = sqlite3_column_int64(st, 0);
        } else if (rc == SQLITE_DONE) {
            unknown[i] = true;
            (*missing)++;
        } else {
            sqlite3_finalize(st);
            return st_fail(s, err, what);
        }
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return 0;
}

typedef struct RosterSql {
    sqlite3_stmt *find, *add, *change, *mark;
} RosterSql;

static void roster_sql_free(RosterSql *q)
{
    sqlite3_finalize(q->find);
    sqlite3_finalize(q->add);
    sqlite3_finalize(q->change);
    sqlite3_finalize(q->mark);
}

static int roster_sql(Store *s, RosterSql *q, VkError *err, const char *what)
{
    *q = (RosterSql){0};
    q->find = st_prepare(s,
                         "SELECT id, unit_id, role, name IS ?2, listed, "
                         "active FROM learners WHERE login = ?1",
                         err, what);
    q->add = q->find ? st_prepare(s,
                                  "INSERT INTO learners(login, unit_id, role, "
                                  "created_at, name, listed, active) VALUES "
                                  "(?1, ?2, ?3, " NOW ", ?4, 1, 1)",
                                  err, what)
                     : NULL;
    q->change = q->add ? st_prepare(s,
                                    "UPDATE learners SET unit_id = ?2, role "
                                    "= ?3, name = ?4, listed = 1, active = 1 "
                                    "WHERE id = ?1",
                                    err, what)
                       : NULL;
    q->mark = q->change ? st_prepare(s, "INSERT INTO temp.vk_roster VALUES (?)",
                                     err, what)
                        : NULL;
    if (q->mark)
        return 0;
    roster_sql_free(q);
    return -1;
}

static int step_done(Store *s, sqlite3_stmt *st, VkError *err,
                     const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : st_fail_code(s, rc, err, what);
}

/* One learner of the list: added, changed, back or unchanged. */
static int put_learner(Store *s, const RosterSql *q, const LearnerImport *l,
                       long long unit, LearnerImportStats *st, VkError *err,
                       const char *what)
{
    const char *role = role_id(l->role);
    sqlite3_bind_text(q->mark, 1, l->login, -1, SQLITE_STATIC);
    if (step_done(s, q->mark, err, what) < 0)
        return -1;
    sqlite3_bind_text(q->find, 1, l->login, -1, SQLITE_STATIC);
    sqlite3_bind_text(q->find, 2, l->name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q->find);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        sqlite3_reset(q->find);
        return st_fail_code(s, rc, err, what);
    }
    if (rc == SQLITE_DONE) {
        sqlite3_reset(q->find);
        sqlite3_bind_text(q->add, 1, l->login, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q->add, 2, unit);
        sqlite3_bind_text(q->add, 3, role, -1, SQLITE_STATIC);
        sqlite3_bind_text(q->add, 4, l->name, -1, SQLITE_STATIC);
        st->added++;
        return step_done(s, q->add, err, what);
    }
    long long id = sqlite3_column_int64(q->find, 0);
    bool same = sqlite3_column_int64(q->find, 1) == unit &&
                strcmp((const char *)sqlite3_column_text(q->find, 2), role) ==
                    0 &&
                sqlite3_column_int(q->find, 3) &&
                sqlite3_column_int(q->find, 4);
    bool active = sqlite3_column_int(q->find, 5) != 0;
    sqlite3_reset(q->find);
    if (same && active) {
        st->unchanged++;
        return 0;
    }
    if (active)
        st->changed++;
    else
        st->back++;
    sqlite3_bind_int64(q->change, 1, id);
    sqlite3_bind_int64(q->change, 2, unit);
    sqlite3_bind_text(q->change, 3, role, -1, SQLITE_STATIC);
    sqlite3_bind_text(q->change, 4, l->name, -1, SQLITE_STATIC);
    return step_done(s, q->change, err, what);
}

/* Every learner of the list, then those not on it marked as gone. */
static int put_all(Store *s, const LearnerImport *list, int n,
                   const long long *unit, LearnerImportStats *st, VkError *err,
                   const char *what)
{
    if (st_exec(s,
                "CREATE TEMP TABLE IF NOT EXISTS vk_roster(login TEXT "
                "PRIMARY KEY); DELETE FROM temp.vk_roster",
                err, what) < 0)
        return -1;
    RosterSql q;
    if (roster_sql(s, &q, err, what) < 0)
        return -1;
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++)
        rc = put_learner(s, &q, &list[i], unit[i], st, err, what);
    roster_sql_free(&q);
    if (rc == 0)
        rc = st_exec(s,
                     "UPDATE learners SET active = 0 WHERE active AND login "
                     "NOT IN (SELECT login FROM temp.vk_roster)",
                     err, what);
    if (rc == 0)
        st->left = sqlite3_changes(s->db);
    if (rc == 0)
        rc = st_exec(s, "DROP TABLE temp.vk_roster", err, what);
    return rc;
}

int sq_import_learners(Store *s, const LearnerImport *list, int n,
                       bool check_only, bool *unknown, LearnerImportStats *st,
                       VkError *err)
{
    const char *what = _("import the learners");
    if (st_begin(s, err, what) < 0)
        return -1;
    long long *unit = xcalloc((size_t)(n > 0 ? n : 1), sizeof *unit);
    int missing = 0;
    int rc = find_units(s, list, n, unit, unknown, &missing, err, what);
    if (rc == 0 && missing > 0) {
        vk_error_set(err,
                     ngettext("%d learner's unit is not in the organisation",
                              "%d learners' units are not in the organisation",
                              (unsigned long)missing),
                     missing);
        rc = -1;
    }
    if (rc == 0 && !check_only)
        rc = put_all(s, list, n, unit, st, err, what);
    free(unit);
    if (rc < 0 || check_only) {
        *st = (LearnerImportStats){0};
        st_rollback(s);
        return rc;
    }
    return st_commit(s, err, what);
}

int sq_roster_kept(Store *s, bool *kept, VkError *err)
{
    int n = 0;
    if (st_pragma_int(s, "SELECT EXISTS (SELECT 1 FROM learners WHERE listed)",
                      &n) < 0)
        return st_fail(s, err, _("read the learner"));
    *kept = n != 0;
    return 0;
}
