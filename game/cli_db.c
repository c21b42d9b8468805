/*
 * cli_db.c - the database's own commands: `db check` (SQLite's full check
 * of a file, or a server's connection and schema), `db init-roles` (a
 * server's database roles) and `db copy` (a SQLite file's organisation
 * into a new PostgreSQL database).
 */
#include "cli.h"

#include "i18n.h"
#include "store_check.h"
#include "store_copy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* `vaksam db init-roles`: a server's database roles and their grants. */
static int cmd_init_roles(const Options *o)
{
    char *db;
    Store *s = open_store(o, &db);
    if (!s)
        return 1;
    VkError err;
    int rc = store_init_roles(s, &err);
    if (rc < 0)
        fprintf(stderr, "vaksam: %s\n", err.msg);
    else
        printf(_("%s: the roles vaksam_learner and vaksam_ciso are ready. "
                 "Grant them to the organisation's logins, for instance:\n"
                 "  GRANT vaksam_learner TO \"anna\";\n"
                 "A learner's login is the PostgreSQL role name.\n"),
               db);
    store_close(s);
    free(db);
    return rc < 0 ? 1 : 0;
}

/* `vaksam db copy`: a SQLite file's organisation into an empty
 * PostgreSQL database, all or nothing. */
static int cmd_copy(const Options *o)
{
    if (!o->from || !o->to)
        return bad_usage("%s", _("use 'vaksam db copy --from FILE.db --to "
                                 "postgresql://...'"));
    if (store_is_server(o->from))
        return bad_usage(_("--from takes a SQLite file, not '%s'"), o->from);
    if (!store_is_server(o->to))
        return bad_usage(_("--to takes a postgresql:// URI, not '%s'"), o->to);
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
int cmd_db(const Options *o)
{
    if (o->nfiles == 1 && strcmp(o->files[0], "init-roles") == 0)
        return cmd_init_roles(o);
    if (o->nfiles == 1 && strcmp(o->files[0], "copy") == 0)
        return cmd_copy(o);
    if (o->nfiles != 1 || strcmp(o->files[0], "check") != 0)
        return bad_usage("%s", _("use 'vaksam db check', 'vaksam db "
                                 "init-roles' [--db PATH or URI] or "
                                 "'vaksam db copy --from FILE.db --to "
                                 "postgresql://...'"));
    if (o->db && store_is_server(o->db)) {
        char *name;
        Store *s = open_store(o, &name);
        if (s)
            printf(_("%s: connected; the schema is current.\n"), name);
        store_close(s);
        free(name);
        return s ? 0 : 1;
    }
    char *db = o->db ? xstrdup(o->db) : store_default_path();
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
