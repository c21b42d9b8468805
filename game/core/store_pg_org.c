/*
 * store_pg_org.c - the organisation in the PostgreSQL store (store.h):
 * its units, from the demo or an HR system's import, and its learners.
 * A learner's connection sees only its own learner row (store_pg.c's
 * row-level security), so finding another login finds nothing.
 */
#include "store_pg.h"

#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- units ---- */

typedef struct SeedJob {
    const UnitSeed *units;
    int n;
    bool *created;
} SeedJob;

static int count_units(PgStore *p, long long *count, VkError *err)
{
    *count = -1;
    PGresult *r = pg_run(p, "SELECT count(*) FROM vaksam.units", NULL, err,
                         _("read the organisation"));
    if (!r)
        return -1;
    *count = pg_ll(r, 0, 0);
    PQclear(r);
    return 0;
}

static int seed(PgStore *p, void *ctx, VkError *err)
{
    SeedJob *job = ctx;
    const char *what = _("create the organisation");
    *job->created = false;
    /* an organisation with units (every learner's start): nothing to do,
     * and nothing a learner's role may not */
    long long count;
    if (count_units(p, &count, err) < 0 || count > 0)
        return count > 0 ? 0 : -1;
    /* two first starts at once: the second waits, then finds units */
    if (pg_do(p, "LOCK TABLE vaksam.units IN SHARE ROW EXCLUSIVE MODE", NULL,
              err, what) < 0 ||
        count_units(p, &count, err) < 0)
        return -1;
    if (count > 0)
        return 0;
    PGresult *r;
    long long *ids = xcalloc((size_t)job->n, sizeof *ids);
    int rc = 0;
    for (int i = 0; i < job->n && rc == 0; i++) {
        PgArgs a = {0};
        pa_text(&a, job->units[i].name);
        int parent = job->units[i].parent;
        if (parent >= 0 && parent < i)
            pa_int(&a, ids[parent]);
        else
            pa_text(&a, NULL);
        r = pg_run(p,
                   "INSERT INTO vaksam.units(name, parent_id) "
                   "VALUES ($1, $2) RETURNING id",
                   &a, err, what);
        if (!r)
            rc = -1;
        else
            ids[i] = pg_ll(r, 0, 0);
        PQclear(r);
    }
    free(ids);
    /* the tree the subtrees' counts are summed over (store_pg_kept.sql) */
    if (rc == 0)
        rc = pg_do(p, "SELECT vaksam.fill_item_tree()", NULL, err, what);
    if (rc == 0)
        *job->created = true;
    return rc;
}

int pgs_seed_units(Store *s, const UnitSeed *units, int n, bool *created,
                   VkError *err)
{
    SeedJob job = {units, n, created};
    return pg_write((PgStore *)s, seed, &job, err,
                    _("create the organisation"));
}

typedef struct ImportJob {
    const UnitImport *units;
    int n;
} ImportJob;

static int import(PgStore *p, void *ctx, VkError *err)
{
    const ImportJob *job = ctx;
    for (int i = 0; i < job->n; i++) {
        PgArgs a = {0};
        pa_text(&a, job->units[i].hr_id);
        pa_text(&a, job->units[i].name);
        pa_text(&a, job->units[i].parent_hr_id);
        if (pg_do(p,
                  "INSERT INTO vaksam.units(hr_id, name, parent_id) "
                  "VALUES ($1, $2, (SELECT id FROM vaksam.units "
                  "  WHERE hr_id = $3)) "
                  "ON CONFLICT (hr_id) DO UPDATE SET name = excluded.name, "
                  "  parent_id = excluded.parent_id",
                  &a, err, _("import the units")) < 0)
            return -1;
    }
    /* a unit moved: the subtrees' per-decision counts summed again over
     * the tree as it now is (store_pg_kept.sql) */
    return pg_do(p, "SELECT vaksam.fill_item_tree()", NULL, err,
                 _("import the units"));
}

int pgs_import_units(Store *s, const UnitImport *units, int n, VkError *err)
{
    ImportJob job = {units, n};
    return pg_write((PgStore *)s, import, &job, err, _("import the units"));
}

int pgs_list_units(Store *s, Unit **out, int *n, VkError *err)
{
    *out = NULL;
    *n = 0;
    /* tree order: a path of names from the root, compared byte by byte */
    PGresult *r = pg_run(
        (PgStore *)s,
        "WITH RECURSIVE tree(id, parent_id, name, depth, path) AS ("
        "  SELECT id, parent_id, name, 0, ARRAY[convert_to(name, 'UTF8')]"
        "  FROM vaksam.units WHERE parent_id IS NULL"
        "  UNION ALL"
        "  SELECT u.id, u.parent_id, u.name, t.depth + 1,"
        "         t.path || convert_to(u.name, 'UTF8')"
        "  FROM vaksam.units u JOIN tree t ON u.parent_id = t.id)"
        "SELECT id, coalesce(parent_id, 0), name, depth FROM tree "
        "ORDER BY path",
        NULL, err, _("read the organisation"));
    if (!r)
        return -1;
    *n = PQntuples(r);
    *out = xcalloc((size_t)(*n > 0 ? *n : 1), sizeof **out);
    for (int i = 0; i < *n; i++) {
        Unit *u = &(*out)[i];
        u->id = pg_ll(r, i, 0);
        u->parent_id = pg_ll(r, i, 1);
        snprintf(u->name, sizeof u->name, "%s", pg_str(r, i, 2));
        u->depth = (int)pg_ll(r, i, 3);
    }
    PQclear(r);
    return 0;
}

/* ---- learners ---- */

int pgs_find_learner(Store *s, const char *login, Learner *out, VkError *err)
{
    PgArgs a = {0};
    pa_text(&a, login);
    PGresult *r = pg_run((PgStore *)s,
                         "SELECT id, unit_id, role, listed, active "
                         "FROM vaksam.learners WHERE login = $1",
                         &a, err, _("read the learner"));
    if (!r)
        return -1;
    int found = PQntuples(r) == 1;
    if (found) {
        memset(out, 0, sizeof *out);
        out->id = pg_ll(r, 0, 0);
        out->unit_id = pg_ll(r, 0, 1);
        int role = role_from_id(pg_str(r, 0, 2));
        out->role = role < 0 ? ROLE_STAFF : (Role)role;
        out->listed = pg_ll(r, 0, 3) != 0;
        out->left = pg_ll(r, 0, 4) == 0;
        snprintf(out->login, sizeof out->login, "%s", login);
    }
    PQclear(r);
    return found;
}

typedef struct LearnerJob {
    const char *login;
    long long unit;
    Role role;
} LearnerJob;

/* A learner on HR's list keeps HR's unit and role (the server's
 * row-level security would refuse the change: store_pg_roster.c), and a
 * row that is there is never inserted again (which that security checks
 * before it sees the row is there). */
static int save_learner(PgStore *p, void *ctx, VkError *err)
{
    const LearnerJob *job = ctx;
    const char *what = _("save the learner");
    PgArgs a = {0};
    pa_text(&a, job->login);
    pa_int(&a, job->unit);
    pa_text(&a, role_id(job->role));
    PGresult *r = pg_run(p,
                         "UPDATE vaksam.learners SET unit_id = $2, role = $3 "
                         "WHERE login = $1 AND listed = 0 AND active = 1 AND "
                         "(unit_id <> $2 OR role <> $3)",
                         &a, err, what);
    if (!r)
        return -1;
    PQclear(r);
    PgArgs b = {0};
    pa_text(&b, job->login);
    r = pg_run(p, "SELECT 1 FROM vaksam.learners WHERE login = $1", &b, err,
               what);
    if (!r)
        return -1;
    bool there = PQntuples(r) > 0;
    PQclear(r);
    if (there)
        return 0;
    return pg_do(p,
                 "INSERT INTO vaksam.learners(login, unit_id, role) "
                 "VALUES ($1, $2, $3)",
                 &a, err, what);
}

int pgs_save_learner(Store *s, const char *login, long long unit_id, Role role,
                     Learner *out, VkError *err)
{
    LearnerJob job = {login, unit_id, role};
    if (pg_write((PgStore *)s, save_learner, &job, err,
                 _("save the learner")) < 0)
        return -1;
    return pgs_find_learner(s, login, out, err) == 1 ? 0 : -1;
}
