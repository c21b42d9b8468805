/*
 * cli_learners.c - `vaksam learners import FILE.csv`: the organisation's
 * learners from HR's list (learners.h), for organisations that assign
 * units centrally. Every bad row is printed as FILE:LINE: message, and a
 * file with any bad row imports nothing.
 */
#include "cli.h"

#include "i18n.h"
#include "learners.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_stats(const LearnerImportStats *st, const char *db)
{
    int total = st->added + st->changed + st->unchanged + st->back;
    fprintf(stderr,
            ngettext("Imported %d learner into %s: ",
                     "Imported %d learners into %s: ", (unsigned long)total),
            total, db);
    fprintf(stderr,
            _("%d added, %d changed, %d unchanged, %d back again; %d marked "
              "as having left.\n"),
            st->added, st->changed, st->unchanged, st->back, st->left);
}

int cmd_learners_import(const Options *o)
{
    char *db; /* as messages name it: never with a password */
    Store *s = open_store(o, &db);
    if (!s)
        return 1;
    Diags d = {0};
    LearnerImportStats st;
    int rc = learners_import_csv(s, o->args[0], &st, &d);
    for (int i = 0; i < d.count; i++)
        fprintf(stderr, "%s\n", d.items[i]);
    if (rc == 0)
        print_stats(&st, db);
    else
        fprintf(stderr, "%s\n", _("Nothing was imported."));
    diags_free(&d);
    store_close(s);
    free(db);
    return rc == 0 ? 0 : 1;
}
