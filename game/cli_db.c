/*
 * cli_db.c - the commands that fill or check the database as a whole:
 * `units import` (the organisation's units from an HR system's CSV),
 * `demo-data` (a synthetic organisation to try the CISO's view on),
 * `db check` (SQLite's full check, read-only; a server's connection and
 * schema), `db init-roles` (a PostgreSQL database's roles) and `db copy`
 * (a SQLite file's organisation into an empty PostgreSQL database).
 */
#include "cli.h"

#include "demodata.h"
#include "i18n.h"
#include "lesson.h"
#include "store_check.h"
#include "store_copy.h"
#include "units.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_demo_data(const Options *o)
{
    long learners = 2000, units = 40, months = 24;
    if ((o->learners &&
         !whole_number("--learners", o->learners, 1, 1000000, &learners)) ||
        (o->units && !whole_number("--units", o->units, 1, 10000, &units)) ||
        (o->months && !whole_number("--months", o->months, 1, 120, &months)))
        return 2;
    Diags d = {0};
    LessonSet course = {0}, pools = {0};
    lessonset_load_dir(&course, o->cfg.lessons, &d);
    lessonset_take_quizzes(&course, &pools);
    int status = 1;
    if (d.count || course.count == 0 || pools.count == 0) {
        for (int i = 0; i < d.count; i++)
            fprintf(stderr, "%s\n", d.items[i]);
        fprintf(stderr, "vaksam: %s: %s\n", o->cfg.lessons,
                _("demo data needs the course and the quiz questions"));
    } else {
        char *db;
        Store *s = open_store(o, &db);
        if (s) {
            DemoDataOptions opt = {(int)learners,
                                   (int)units,
                                   (int)months,
                                   o->seed ? o->seed : 1,
                                   0,
                                   &course,
                                   &pools,
                                   1};
            DemoDataStats st;
            VkError err;
            if (demodata_fill(s, &opt, &st, &err) < 0) {
                fprintf(stderr, "vaksam: %s\n", err.msg);
            } else {
                fprintf(stderr,
                        _("%s: %lld units, %lld learners, %lld attempts, "
                          "%lld answers, %lld completions.\n"),
                        db, st.units, st.learners, st.attempts, st.answers,
                        st.completions);
                status = 0;
            }
            store_close(s);
            free(db);
        }
    }
    lessonset_free(&course);
    lessonset_free(&pools);
    diags_free(&d);
    return status;
}

int cmd_units_import(const Options *o)
{
    char *db; /* as messages name it: never with a password */
    Store *s = open_store(o, &db);
    if (!s)
        return 1;
    Diags d = {0};
    int n = 0;
    int rc = units_import_csv(s, o->args[0], &n, &d);
    for (int i = 0; i < d.count; i++)
        printf("%s\n", d.items[i]);
    if (rc == 0)
        fprintf(stderr,
                ngettext("Imported %d unit into %s.\n",
                         "Imported %d units into %s.\n", (unsigned long)n),
                n, db);
    else
        fprintf(stderr, "%s\n", _("Nothing was imported."));
    diags_free(&d);
    store_close(s);
    free(db);
    return rc == 0 ? 0 : 1;
}

/* `vaksam db init-roles`: a server's database roles and their grants. */
int cmd_db_init_roles(const Options *o)
{
    char *db;
    if (!store_is_server(o->cfg.db)) { /* said before a file is made */
        fprintf(stderr,
                _("vaksam: %s: db init-roles sets up the roles of a "
                  "PostgreSQL server; a SQLite file has none (its CISO's "
                  "view is behind a password: vaksam ciso set-password)\n"),
                o->cfg.db);
        return 1;
    }
    Store *s = open_store(o, &db);
    if (!s)
        return 1;
    VkError err;
    int rc = store_init_roles(s, &err);
    if (rc < 0)
        fprintf(stderr, "vaksam: %s\n", err.msg);
    else
        printf(_("%s: the roles vaksam_learner, vaksam_ciso, vaksam_xapi "
                 "and vaksam_xapi_groups are ready. Grant them to the "
                 "organisation's logins, for instance:\n"
                 "  GRANT vaksam_learner TO \"anna\";\n"
                 "  GRANT vaksam_ciso TO \"cecilia\";\n"
                 "  GRANT vaksam_xapi TO \"lrs_feed\";\n"
                 "A learner's login is the PostgreSQL role name. vaksam_xapi "
                 "(the learners' statements) or vaksam_xapi_groups (the "
                 "units', --groups-only) is for the account that feeds the "
                 "learning record store: one of them, and never to the "
                 "CISO's login.\n"),
               db);
    store_close(s);
    free(db);
    return rc < 0 ? 1 : 0;
}

/* `vaksam db copy`: a SQLite file's organisation into an empty
 * PostgreSQL database, all or nothing. */
int cmd_db_copy(const Options *o)
{
    if (!o->from || !o->to)
        return bad_usage("%s", _("use 'vaksam db copy --from FILE.db --to "
                                 "postgresql://...'"));
    if (store_is_server(o->from))
        return bad_usage(_("--from takes a SQLite file, not '%s'"), o->from);
    if (!store_is_server(o->to))
        return bad_usage(_("--to takes a postgresql:// URI, not '%s'"),
                         o->to);
    char *to = store_display_name(o->to); /* never a password in a message */
    StoreCopyStats st;
    VkError err;
    int rc = store_copy(o->from, o->to, &st, &err);
    if (rc < 0)
        fprintf(stderr, "vaksam: %s\n", err.msg);
    else
        printf(_("Copied %s into %s: units %lld, learners %lld, attempts "
                 "%lld, answers %lld, completions %lld, settings %lld; "
                 "every table was read back and checked.\n"),
               o->from, to, st.rows[0], st.rows[1], st.rows[2], st.rows[3],
               st.rows[4], st.rows[5]);
    free(to);
    return rc < 0 ? 1 : 0;
}

/* `vaksam db check`: SQLite's full check, on a read-only connection; a
 * server checks its own pages, so there it is the connection and the
 * schema that are checked. */
int cmd_db_check(const Options *o)
{
    if (store_is_server(o->cfg.db)) {
        char *name;
        Store *s = open_store(o, &name);
        if (s)
            printf(_("%s: connected; the schema is current.\n"), name);
        store_close(s);
        free(name);
        return s ? 0 : 1;
    }
    char *db = xstrdup(o->cfg.db);
    StoreCheck c;
    VkError err;
    int status = 1;
    if (store_check_file(db, &c, &err) < 0) {
        fprintf(stderr, "vaksam: %s\n", err.msg);
    } else {
        store_check_print(&c, db, stdout);
        status = c.problems ? 1 : 0;
    }
    store_check_free(&c);
    free(db);
    return status;
}
