/*
 * store_pg_roles.c - the database roles of a PostgreSQL store, and what
 * each may touch (store.h: store_init_roles). Four group roles, granted
 * to the organisation's own login roles (the last two to the service
 * account that feeds the learning record store, one of them):
 *
 *   vaksam_learner  reads the units and records its own attempts, answers
 *                   and completions; row-level security (store_pg.c)
 *                   limits it to the learner whose login is its role name
 *   vaksam_ciso     reads the units and the published report (the
 *                   functions of store_pg_publish.sql); never a table of
 *                   answers, attempts, learners, completions, totals or
 *                   settings
 *   vaksam_xapi     reads the learners' xAPI statements' pseudonymous
 *                   inputs and keeps what each LRS has of its own
 *                   (store_pg_xapi.sql); no table but the schema's
 *                   version, and not the CISO's register: its completion
 *                   times, matched with the statements', would name the
 *                   pseudonyms
 *   vaksam_xapi_groups  the same of the units' statements (--groups-only);
 *                   never with vaksam_xapi, with which the two could be
 *                   joined on their times
 *
 * The schema's owner migrates it and imports units and learners (a
 * learner's role may not move itself, nor add itself once the learners
 * come from HR: store_pg_roster.c). Running this again
 * changes nothing: roles that exist are kept, grants are set again.
 */
#include "store_pg.h"

#include "i18n.h"

/* clang-format off */
const char PG_ROLES_SQL[] =
    "DO $$ BEGIN CREATE ROLE vaksam_learner NOLOGIN;\n"
    "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;\n"
    "DO $$ BEGIN CREATE ROLE vaksam_ciso NOLOGIN;\n"
    "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;\n"
    "DO $$ BEGIN CREATE ROLE vaksam_xapi NOLOGIN;\n"
    "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;\n"
    "DO $$ BEGIN CREATE ROLE vaksam_xapi_groups NOLOGIN;\n"
    "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;\n"
    "REVOKE ALL ON SCHEMA vaksam FROM PUBLIC;\n"
    "REVOKE ALL ON ALL TABLES IN SCHEMA vaksam FROM PUBLIC;\n"
    "REVOKE ALL ON ALL TABLES IN SCHEMA vaksam\n"
    "  FROM vaksam_learner, vaksam_ciso, vaksam_xapi, vaksam_xapi_groups;\n"
    "REVOKE ALL ON ALL FUNCTIONS IN SCHEMA vaksam FROM PUBLIC;\n"
    "GRANT USAGE ON SCHEMA vaksam\n"
    "  TO vaksam_learner, vaksam_ciso, vaksam_xapi, vaksam_xapi_groups;\n"
    "GRANT SELECT ON vaksam.schema_version TO vaksam_xapi, vaksam_xapi_groups;\n"
    "GRANT SELECT ON vaksam.schema_version, vaksam.units\n"
    "  TO vaksam_learner, vaksam_ciso;\n"
    "GRANT SELECT, INSERT, UPDATE (unit_id, role) ON vaksam.learners\n"
    "  TO vaksam_learner;\n"
    "GRANT SELECT, UPDATE (position, finished_at, points, max_points)\n"
    "  ON vaksam.attempts TO vaksam_learner;\n"
    "GRANT SELECT ON vaksam.answers, vaksam.completions TO vaksam_learner;\n"
    /* every column but the id, which the server gives (schema 8) */
    "SELECT vaksam.grant_learner_rows();\n"
    "GRANT EXECUTE ON FUNCTION\n"
    "  vaksam.report(integer, integer, bigint, integer, integer),\n"
    "  vaksam.register(timestamptz, timestamptz), vaksam.report_k(),\n"
    "  vaksam.set_report_k(integer) TO vaksam_ciso;\n"
    "GRANT EXECUTE ON FUNCTION vaksam.xapi_attempts(timestamptz)\n"
    "  TO vaksam_xapi;\n"
    "GRANT EXECUTE ON FUNCTION vaksam.xapi_group_attempts(timestamptz)\n"
    "  TO vaksam_xapi_groups;\n"
    "GRANT EXECUTE ON FUNCTION vaksam.xapi_org(), vaksam.xapi_sent_ids(text),\n"
    "  vaksam.xapi_mark_sent(text, uuid[]), vaksam.report_k()\n"
    "  TO vaksam_xapi, vaksam_xapi_groups;\n"
    "GRANT EXECUTE ON FUNCTION vaksam.roster_kept() TO vaksam_learner;\n";
/* clang-format on */

static int grant(PgStore *p, void *ctx, VkError *err)
{
    (void)ctx;
    return pg_do(p, PG_ROLES_SQL, NULL, err, _("set up the database roles"));
}

int pgs_init_roles(Store *s, VkError *err)
{
    return pg_write((PgStore *)s, grant, NULL, err,
                    _("set up the database roles"));
}
