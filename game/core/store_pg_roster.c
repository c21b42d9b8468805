/*
 * store_pg_roster.c - learners from HR's list on a PostgreSQL server
 * (store.h: store_import_learners, store_roster_kept), and the schema
 * that holds them (migration 4 -> 5, PG_ROSTER_SQL). As in the SQLite
 * store, the list is the whole truth about who works where: the import
 * adds and updates the learners on it and marks every other one as
 * having left, and a unit's size (unit_sizes, kept by a trigger) counts
 * only those still there. The schema's owner imports; a learner's
 * connection may neither move itself nor come back once it has left, and
 * in an organisation whose learners come from HR it may not add itself
 * either (the row-level security below).
 */
#include "store_pg.h"

#include "i18n.h"

#include <stdlib.h>
#include <string.h>

/* clang-format off */
const char PG_ROSTER_SQL[] =
    "ALTER TABLE vaksam.learners ADD COLUMN name text,"
    "  ADD COLUMN listed integer NOT NULL DEFAULT 0 CHECK (listed IN (0, 1)),"
    "  ADD COLUMN active integer NOT NULL DEFAULT 1 CHECK (active IN (0, 1));\n"
    /* a unit's size counts the learners still there */
    "CREATE OR REPLACE FUNCTION vaksam.size_follow() RETURNS trigger\n"
    "LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$\n"
    "BEGIN\n"
    "  IF current_setting('vaksam.kept_later', true) = 'on' THEN\n"
    "    RETURN NULL;\n"
    "  END IF;\n"
    "  IF TG_OP IN ('UPDATE', 'DELETE') THEN\n"
    "    IF OLD.active = 1 THEN\n"
    "      UPDATE vaksam.unit_sizes SET n = n - 1\n"
    "      WHERE unit_id = OLD.unit_id AND role = (OLD.role = 'staff')::integer;\n"
    "    END IF;\n"
    "  END IF;\n"
    "  IF TG_OP IN ('UPDATE', 'INSERT') THEN\n"
    "    IF NEW.active = 1 THEN\n"
    "      INSERT INTO vaksam.unit_sizes AS s\n"
    "      VALUES (NEW.unit_id, (NEW.role = 'staff')::integer, 1)\n"
    "      ON CONFLICT (unit_id, role) DO UPDATE SET n = s.n + 1;\n"
    "    END IF;\n"
    "  END IF;\n"
    "  RETURN NULL;\n"
    "END $$;\n"
    "DROP TRIGGER learners_sizes ON vaksam.learners;\n"
    "CREATE TRIGGER learners_sizes\n"
    "  AFTER INSERT OR DELETE OR UPDATE OF unit_id, role, active\n"
    "  ON vaksam.learners FOR EACH ROW EXECUTE FUNCTION vaksam.size_follow();\n"
    /* the refill after a bulk load or a rebuild counts the same way
     * (run after fill_kept, whose count is of every learner) */
    "CREATE FUNCTION vaksam.fill_sizes() RETURNS void\n"
    "LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $$\n"
    "  DELETE FROM vaksam.unit_sizes;\n"
    "  INSERT INTO vaksam.unit_sizes\n"
    "  SELECT unit_id, (role = 'staff')::integer, count(*) FROM vaksam.learners\n"
    "  WHERE active = 1 GROUP BY 1, 2 $$;\n"
    "REVOKE ALL ON FUNCTION vaksam.fill_sizes() FROM PUBLIC;\n"
    "SELECT vaksam.fill_sizes();\n"
    /* whether the organisation's learners come from HR, for a learner's
     * connection, which sees only its own row */
    "CREATE FUNCTION vaksam.roster_kept() RETURNS boolean\n"
    "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$\n"
    "  SELECT EXISTS (SELECT 1 FROM vaksam.learners WHERE listed = 1) $$;\n"
    "REVOKE ALL ON FUNCTION vaksam.roster_kept() FROM PUBLIC;\n"
    /* learners of a schema whose roles are set up may ask it at once */
    "DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles\n"
    "  WHERE rolname = 'vaksam_learner') THEN\n"
    "  GRANT EXECUTE ON FUNCTION vaksam.roster_kept() TO vaksam_learner;\n"
    "END IF; END $$;\n"
    "DROP POLICY own ON vaksam.learners;\n"
    "CREATE POLICY own_read ON vaksam.learners FOR SELECT\n"
    "  USING (login = current_user);\n"
    "CREATE POLICY own_add ON vaksam.learners FOR INSERT\n"
    "  WITH CHECK (login = current_user AND listed = 0 AND active = 1\n"
    "              AND NOT vaksam.roster_kept());\n"
    "CREATE POLICY own_change ON vaksam.learners FOR UPDATE\n"
    "  USING (login = current_user AND listed = 0 AND active = 1)\n"
    "  WITH CHECK (login = current_user AND listed = 0 AND active = 1);\n";
/* clang-format on */

typedef struct RosterJob {
    const LearnerImport *list;
    int n;
    bool check_only;
    bool *unknown;
    LearnerImportStats *st;
} RosterJob;

/* The list into a table of this transaction, in one COPY: one round
 * trip for the whole list, however far away the server is. */
static int put_list(PgStore *p, const RosterJob *job, VkError *err,
                    const char *what)
{
    if (pg_do(p,
              "CREATE TEMP TABLE vk_roster(at integer NOT NULL, login text "
              "PRIMARY KEY, name text, unit_hr text NOT NULL, role text NOT "
              "NULL) ON COMMIT DROP",
              NULL, err, what) < 0)
        return -1;
    StrBuf rows = {0};
    for (int i = 0; i < job->n; i++) {
        const LearnerImport *l = &job->list[i];
        pg_bin_row(&rows, 5);
        pg_bin_int4(&rows, i);
        pg_bin_text(&rows, l->login);
        pg_bin_text(&rows, l->name);
        pg_bin_text(&rows, l->unit_hr_id);
        pg_bin_text(&rows, role_id(l->role));
    }
    int rc = pg_copy_table(p,
                           "COPY vk_roster(at, login, name, unit_hr, role) "
                           "FROM STDIN (FORMAT binary)",
                           &rows, err, what);
    free(rows.data);
    return rc;
}

/* Marks the rows whose unit no unit has; how many. */
static int find_unknown(PgStore *p, const RosterJob *job, VkError *err,
                        const char *what)
{
    PGresult *r = pg_run(p,
                         "SELECT at FROM vk_roster r WHERE NOT EXISTS (SELECT "
                         "FROM vaksam.units u WHERE u.hr_id = r.unit_hr)",
                         NULL, err, what);
    if (!r)
        return -1;
    int n = PQntuples(r);
    for (int i = 0; i < n; i++) {
        long long at = pg_ll(r, i, 0);
        if (at >= 0 && at < job->n)
            job->unknown[at] = true;
    }
    PQclear(r);
    return n;
}

/* What the import is about to do, counted before it does it. */
static const char COUNT_SQL[] =
    "SELECT count(*) FILTER (WHERE l.id IS NULL),"
    "  count(*) FILTER (WHERE l.active = 1 AND (l.unit_id <> u.id"
    "    OR l.role <> r.role OR l.name IS DISTINCT FROM r.name"
    "    OR l.listed = 0)),"
    "  count(*) FILTER (WHERE l.active = 1 AND l.unit_id = u.id"
    "    AND l.role = r.role AND l.name IS NOT DISTINCT FROM r.name"
    "    AND l.listed = 1),"
    "  count(*) FILTER (WHERE l.active = 0),"
    "  (SELECT count(*) FROM vaksam.learners o WHERE o.active = 1"
    "    AND NOT EXISTS (SELECT FROM vk_roster x WHERE x.login = o.login))"
    " FROM vk_roster r JOIN vaksam.units u ON u.hr_id = r.unit_hr"
    " LEFT JOIN vaksam.learners l ON l.login = r.login";

static const char APPLY_SQL[] =
    "UPDATE vaksam.learners l SET unit_id = u.id, role = r.role,"
    "  name = r.name, listed = 1, active = 1"
    " FROM vk_roster r JOIN vaksam.units u ON u.hr_id = r.unit_hr"
    " WHERE l.login = r.login AND (l.unit_id <> u.id OR l.role <> r.role"
    "  OR l.name IS DISTINCT FROM r.name OR l.listed = 0 OR l.active = 0);"
    "INSERT INTO vaksam.learners(login, unit_id, role, name, listed, active)"
    " SELECT r.login, u.id, r.role, r.name, 1, 1"
    " FROM vk_roster r JOIN vaksam.units u ON u.hr_id = r.unit_hr"
    " WHERE NOT EXISTS (SELECT FROM vaksam.learners l"
    "  WHERE l.login = r.login) ORDER BY r.at;"
    "UPDATE vaksam.learners o SET active = 0 WHERE o.active = 1"
    " AND NOT EXISTS (SELECT FROM vk_roster x WHERE x.login = o.login)";

static int import_roster(PgStore *p, void *ctx, VkError *err)
{
    RosterJob *job = ctx;
    const char *what = _("import the learners");
    memset(job->unknown, 0, (size_t)job->n * sizeof *job->unknown);
    *job->st = (LearnerImportStats){0};
    /* one import at a time, and no learner added by hand meanwhile */
    if (pg_do(p, "LOCK TABLE vaksam.learners IN SHARE ROW EXCLUSIVE MODE",
              NULL, err, what) < 0 ||
        put_list(p, job, err, what) < 0)
        return -1;
    int missing = find_unknown(p, job, err, what);
    if (missing < 0)
        return -1;
    if (missing > 0) {
        vk_error_set(err,
                     ngettext("%d learner's unit is not in the organisation",
                              "%d learners' units are not in the organisation",
                              (unsigned long)missing),
                     missing);
        return -1;
    }
    PGresult *r = pg_run(p, COUNT_SQL, NULL, err, what);
    if (!r)
        return -1;
    LearnerImportStats st = {(int)pg_ll(r, 0, 0), (int)pg_ll(r, 0, 1),
                             (int)pg_ll(r, 0, 2), (int)pg_ll(r, 0, 4),
                             (int)pg_ll(r, 0, 3)};
    PQclear(r);
    if (job->check_only)
        return pg_do(p, "DROP TABLE vk_roster", NULL, err, what);
    if (pg_do(p, APPLY_SQL, NULL, err, what) < 0)
        return -1;
    *job->st = st;
    return 0;
}

int pgs_import_learners(Store *s, const LearnerImport *list, int n,
                        bool check_only, bool *unknown,
                        LearnerImportStats *st, VkError *err)
{
    RosterJob job = {list, n, check_only, unknown, st};
    return pg_write((PgStore *)s, import_roster, &job, err,
                    _("import the learners"));
}

int pgs_roster_kept(Store *s, bool *kept, VkError *err)
{
    PGresult *r = pg_run((PgStore *)s, "SELECT vaksam.roster_kept()", NULL,
                         err, _("read the learner"));
    if (!r)
        return -1;
    *kept = strcmp(pg_str(r, 0, 0), "t") == 0;
    PQclear(r);
    return 0;
}
