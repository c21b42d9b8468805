/*
 * store_sizes.c - the learners of every unit by role, as the report
 * needs them, read from the counts the schema keeps (unit_sizes, kept by
 * triggers on learners: store_sqlite.c's migration to schema 7) instead
 * of counting every learner for every report.
 */
#include "store_sqlite.h"

#include "i18n.h"

static const char LEARNER_COUNTS_SQL[] =
    "SELECT unit_id, role, n FROM unit_sizes WHERE n > 0";

int sq_learner_counts(Store *s, UnitSizeFn fn, void *ctx, VkError *err)
{
    const char *what = _("read the report");
    sqlite3_stmt *st = st_prepare(s, LEARNER_COUNTS_SQL, err, what);
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int role = sqlite3_column_int(st, 1);
        fn(ctx, sqlite3_column_int64(st, 0),
           role == ROLE_MANAGER ? ROLE_MANAGER : ROLE_STAFF,
           sqlite3_column_int(st, 2));
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : st_fail(s, err, what);
}
