/*
 * store_sqlite.c - the SQLite backend of store.h.
 *
 * One file in WAL mode with synchronous=FULL, so that a committed answer
 * survives a crash or a power cut and many learners on one machine can
 * write at once. Every write runs in BEGIN IMMEDIATE: a deferred
 * transaction that reads and then writes gets SQLITE_BUSY at once,
 * whatever the busy timeout. The schema is versioned with user_version and
 * upgraded by forward migrations in one transaction, after a backup copy.
 * The file holds every learner's answers, so it and everything SQLite
 * makes beside it (-wal, -shm, backups) is for its owner alone: 0600.
 */
#include "store_sqlite.h"

#include "i18n.h"
#include "period.h"
#include "rollup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* "VKSM": marks a file as ours (PRAGMA application_id). */
#define APPLICATION_ID 0x564B534D


/* A message for an SQLite failure that tells the user what to do. */
int st_fail(Store *s, VkError *err, const char *what)
{
    return st_fail_code(s, sqlite3_extended_errcode(s->db), err, what);
}

int st_fail_code(Store *s, int code, VkError *err, const char *what)
{
    /* the connection's message, when it is still about this failure */
    const char *why = (sqlite3_extended_errcode(s->db) & 0xff) == (code & 0xff)
                          ? sqlite3_errmsg(s->db)
                          : sqlite3_errstr(code);
    switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        vk_error_set(err,
                     _("%s: the database is busy (another program holds "
                       "a lock), so Vaksam could not %s; try again in a "
                       "moment"),
                     s->path, what);
        break;
    case SQLITE_READONLY:
        vk_error_set(err,
                     _("%s: the database is read-only, so Vaksam cannot "
                       "%s; check the permissions of the file and its "
                       "folder"),
                     s->path, what);
        break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return st_damaged(s, err, what, why);
    case SQLITE_FULL:
        vk_error_set(err, _("%s: the disk is full; cannot %s"), s->path, what);
        break;
    default: vk_error_set(err, _("%s: cannot %s: %s"), s->path, what, why);
    }
    return -1;
}

int st_exec(Store *s, const char *sql, VkError *err, const char *what)
{
    if (s->damaged) /* every write starts here: none into a damaged file */
        return st_damaged(s, err, what, NULL);
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return st_fail(s, err, what);
    return 0;
}

int st_begin(Store *s, VkError *err, const char *what)
{
    return st_exec(s, "BEGIN IMMEDIATE", err, what);
}

int st_commit(Store *s, VkError *err, const char *what)
{
    if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        st_fail(s, err, what);
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    return 0;
}

int st_rollback(Store *s)
{
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

sqlite3_stmt *st_prepare(Store *s, const char *sql, VkError *err,
                         const char *what)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        st_fail(s, err, what);
        return NULL;
    }
    return st;
}

sqlite3_stmt *st_cached(Store *s, int slot, const char *sql, VkError *err,
                        const char *what)
{
    sqlite3_stmt **st = &s->cache[slot];
    if (!*st && sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                                   st, NULL) != SQLITE_OK) {
        st_fail(s, err, what);
        *st = NULL;
        return NULL;
    }
    sqlite3_reset(*st);
    sqlite3_clear_bindings(*st);
    return *st;
}

void st_now(Store *s, char buf[32], int *month)
{
    time_t t = s->clock ? (time_t)s->clock : time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
    *month = month_of_time(t);
}

void sq_set_clock(Store *s, long long unix_time)
{
    s->clock = unix_time;
}

int st_pragma_int(Store *s, const char *sql, int *out)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

/* mkdir -p for the folder that will hold path. */
static int make_parent_dirs(const char *path, VkError *err)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir) {
        free(dir);
        return 0;
    }
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
            goto fail;
        *p = '/';
    }
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        goto fail;
    free(dir);
    return 0;
fail:
    vk_error_set(err, _("%s: cannot create the folder %s: %s"), path, dir,
                 strerror(errno));
    free(dir);
    return -1;
}

/* Creates path, empty and 0600 whatever the umask, when it does not
 * exist: SQLite gives a database's -wal and -shm (and a rollback journal)
 * the mode of the database file, so they are 0600 too. Any other problem
 * is left for sqlite3_open_v2 to report. */
static void create_private(const char *path)
{
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        (void)fchmod(fd, 0600);
        close(fd);
    }
}

/* Takes the group's and others' access away from path and its -wal and
 * -shm, where they exist and the user owns them (a file an older Vaksam
 * made under umask 022). Never adds access: a read-only file stays so. */
static void tighten(const char *path)
{
    static const char *const suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        char *p = xasprintf("%s%s", path, suffix[i]);
        struct stat st;
        if (stat(p, &st) == 0 && st.st_uid == geteuid() &&
            (st.st_mode & 077) != 0)
            (void)chmod(p, st.st_mode & 0700);
        free(p);
    }
}

/* Copies the database to path.bak-v<version> before a migration. */
static int backup(Store *s, int version, VkError *err)
{
    char *bak = xasprintf("%s.bak-v%d", s->path, version);
    create_private(bak);
    tighten(bak); /* one left by an earlier, failed upgrade */
    sqlite3 *to = NULL;
    int rc = sqlite3_open(bak, &to);
    if (rc == SQLITE_OK) {
        sqlite3_backup *b = sqlite3_backup_init(to, "main", s->db, "main");
        if (b) {
            rc = sqlite3_backup_step(b, -1);
            sqlite3_backup_finish(b);
            rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
        } else {
            rc = sqlite3_errcode(to);
        }
    }
    if (rc != SQLITE_OK)
        vk_error_set(err,
                     _("%s: cannot write the backup %s before upgrading "
                       "the database: %s"),
                     s->path, bak, to ? sqlite3_errmsg(to) : "out of memory");
    sqlite3_close(to);
    free(bak);
    return rc == SQLITE_OK ? 0 : -1;
}

static int migrate(Store *s, int from, VkError *err)
{
    if (from > 0 && backup(s, from, err) < 0)
        return -1;
    if (st_begin(s, err, _("upgrade the database")) < 0)
        return -1;
    /* another process may have migrated while we waited for the lock */
    int version = 0;
    if (st_pragma_int(s, "PRAGMA user_version", &version) < 0)
        return st_fail(s, err, _("read the schema version")), st_rollback(s);
    /* the span totals are filled once at the end, not cell by cell */
    s->spans_deferred = version < 7;
    for (int v = version; v < STORE_SCHEMA_VERSION; v++)
        if (st_exec(s, st_migrations[v], err, _("upgrade the database")) < 0)
            return st_rollback(s);
    if (version < 5 && st_rebuild(s, _("upgrade the database"), err) < 0)
        return st_rollback(s);
    s->spans_deferred = false;
    if (version < 7 && st_fill_spans(s, _("upgrade the database"), err) < 0)
        return st_rollback(s);
    char sql[96];
    snprintf(sql, sizeof sql,
             "PRAGMA user_version = %d; "
             "PRAGMA application_id = %d",
             STORE_SCHEMA_VERSION, APPLICATION_ID);
    if (st_exec(s, sql, err, _("upgrade the database")) < 0)
        return st_rollback(s);
    return st_commit(s, err, _("upgrade the database"));
}

/* Checks that the file is ours and not from a newer Vaksam. */
static int check_file(Store *s, int *version, VkError *err)
{
    int app = 0, tables = 0;
    if (st_pragma_int(s, "PRAGMA user_version", version) < 0 ||
        st_pragma_int(s, "PRAGMA application_id", &app) < 0 ||
        st_pragma_int(s, "SELECT count(*) FROM sqlite_schema", &tables) < 0) {
        int code = sqlite3_errcode(s->db);
        if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
            vk_error_set(err,
                         _("%s: this is not a Vaksam database, or it is "
                           "damaged; Vaksam left it untouched (restore it "
                           "from a backup, or choose another file with "
                           "--db)"),
                         s->path);
        else
            st_fail(s, err, _("read the database"));
        return -1;
    }
    if (app != APPLICATION_ID && (tables > 0 || *version != 0)) {
        vk_error_set(err,
                     _("%s: this SQLite file belongs to another program; "
                       "Vaksam left it untouched (choose another file "
                       "with --db)"),
                     s->path);
        return -1;
    }
    if (*version > STORE_SCHEMA_VERSION) {
        vk_error_set(err,
                     _("%s: the database was written by a newer Vaksam "
                       "(schema %d; this program knows up to %d); update "
                       "Vaksam. The file was left untouched."),
                     s->path, *version, STORE_SCHEMA_VERSION);
        return -1;
    }
    return 0;
}

/* store_open; check: run the quick check whatever the file's size. */
static Store *open_store(const char *path, bool check, VkError *err)
{
    if (make_parent_dirs(path, err) < 0)
        return NULL;
    Store *s = xcalloc(1, sizeof *s);
    s->ops = &store_sqlite_ops;
    s->path = xstrdup(path);
    s->opened = st_monotonic_ns();
    /* one connection per thread: SQLite's own locks are not needed, and
     * neither are its memory statistics (both cost a mutex per call) */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    create_private(path);
    int rc = sqlite3_open_v2(
        path, &s->db,
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        vk_error_set(err, _("%s: cannot open the database: %s"), path,
                     s->db ? sqlite3_errmsg(s->db) : "out of memory");
        sq_close(s);
        return NULL;
    }
    sqlite3_extended_result_codes(s->db, 1);
    st_register_functions(s);
    st_register_span_functions(s);
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
    int version = 0;
    if (sqlite3_db_readonly(s->db, "main") == 1) {
        vk_error_set(err,
                     _("%s: the database is read-only, and Vaksam must "
                       "record every answer; check the permissions of "
                       "the file and its folder"),
                     path);
        goto fail;
    }
    /* before anything is written: WAL mode, a backup, a migration */
    if (check_file(s, &version, err) < 0 ||
        st_check_on_open(s, version, check, err) < 0)
        goto fail;
    tighten(path); /* only now: a refused file is left as it was */
    if (st_exec(s, "PRAGMA journal_mode = WAL", err, _("switch to WAL mode")) <
            0 ||
        st_exec(s, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON", err,
                _("set up the database")) < 0)
        goto fail;
    if ((version < STORE_SCHEMA_VERSION && migrate(s, version, err) < 0) ||
        st_spans_check(s, err) < 0)
        goto fail;
    int queue = 0;
    if (st_pragma_int(s, "SELECT count(*) FROM settings WHERE key = 'queue'",
                      &queue) < 0) {
        st_fail(s, err, _("read the settings"));
        goto fail;
    }
    s->queue = queue > 0;
    return s;
fail:
    sq_close(s);
    return NULL;
}

Store *sq_open(const char *path, VkError *err)
{
    return open_store(path, false, err);
}

Store *sq_open_checked(const char *path, VkError *err)
{
    return open_store(path, true, err);
}

void sq_close(Store *s)
{
    if (!s)
        return;
    for (int i = 0; i < STMT_CACHE; i++)
        sqlite3_finalize(s->cache[i]);
    sqlite3_close(s->db);
    free(s->path);
    free(s);
}

void sq_set_busy_timeout(Store *s, int ms)
{
    sqlite3_busy_timeout(s->db, ms);
}

char *store_default_path(void)
{
    const char *xdg = getenv("XDG_DATA_HOME");
    if (xdg && *xdg == '/')
        return xasprintf("%s/vaksam/vaksam.db", xdg);
    const char *home = getenv("HOME");
    return xasprintf("%s/.local/share/vaksam/vaksam.db",
                     home && *home ? home : ".");
}

/* ---- settings ---- */

int sq_get_setting(Store *s, const char *key, char **value, VkError *err)
{
    *value = NULL;
    sqlite3_stmt *st = st_prepare(s, "SELECT value FROM settings WHERE key = ?",
                                  err, _("read the settings"));
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *value = xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return st_fail(s, err, _("read the settings"));
    return *value ? 1 : 0;
}

int sq_set_setting(Store *s, const char *key, const char *value,
                      VkError *err)
{
    StoreSetting one = {key, value};
    return sq_set_settings(s, &one, 1, err);
}

int sq_set_settings(Store *s, const StoreSetting *set, int n, VkError *err)
{
    const char *what = _("save the settings");
    if (st_begin(s, err, what) < 0)
        return -1;
    sqlite3_stmt *put =
        st_prepare(s,
                   "INSERT INTO settings(key, value) VALUES (?, ?) "
                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                   err, what);
    sqlite3_stmt *del =
        put ? st_prepare(s, "DELETE FROM settings WHERE key = ?", err, what)
            : NULL;
    int rc = del ? 0 : -1;
    for (int i = 0; i < n && rc == 0; i++) {
        sqlite3_stmt *st = set[i].value ? put : del;
        sqlite3_bind_text(st, 1, set[i].key, -1, SQLITE_STATIC);
        if (set[i].value)
            sqlite3_bind_text(st, 2, set[i].value, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = st_fail(s, err, what);
        sqlite3_reset(st);
    }
    sqlite3_finalize(put);
    sqlite3_finalize(del);
    if (rc < 0)
        return st_rollback(s);
    return st_commit(s, err, what);
}

const StoreOps store_sqlite_ops = {
    .name = "SQLite",
    .damaged = sq_damaged,
    .close = sq_close,
    .set_busy_timeout = sq_set_busy_timeout,
    .set_clock = sq_set_clock,
    .seed_units = sq_seed_units,
    .import_units = sq_import_units,
    .list_units = sq_list_units,
    .find_learner = sq_find_learner,
    .save_learner = sq_save_learner,
    .import_learners = sq_import_learners,
    .roster_kept = sq_roster_kept,
    .latest_attempt = sq_latest_attempt,
    .start_attempt = sq_start_attempt,
    .record_answer = sq_record_answer,
    .set_position = sq_set_position,
    .finish_attempt = sq_finish_attempt,
    .attempt_answers = sq_attempt_answers,
    .get_setting = sq_get_setting,
    .set_setting = sq_set_setting,
    .set_settings = sq_set_settings,
    .topic_levels = sq_topic_levels,
    .recent_correct = sq_recent_correct,
    .quiz_history = sq_quiz_history,
    .rollup_scan = sq_rollup_scan,
    .unit_sizes = sq_unit_sizes,
    .learner_counts = sq_learner_counts,
    .item_counts = sq_item_counts,
    .span_rows = sq_span_rows,
    .cells = sq_cells,
    .last_month = sq_last_month,
    .stamp = sq_stamp,
    .read_begin = sq_read_begin,
    .read_end = sq_read_end,
    .spans_defer = sq_spans_defer,
    .spans_refill = sq_spans_refill,
    .explain_spans = sq_explain_spans,
    .completions = sq_completions,
    .export_attempts = sq_export_attempts,
    .xapi_org = sq_xapi_org,
    .xapi_sent = sq_xapi_sent,
    .xapi_mark_sent = sq_xapi_mark_sent,
    .explain_report = sq_explain_report,
    .rebuild_report = sq_rebuild_report,
    .bulk_begin = sq_bulk_begin,
    .bulk_unit = sq_bulk_unit,
    .bulk_learner = sq_bulk_learner,
    .bulk_attempt = sq_bulk_attempt,
    .bulk_answer = sq_bulk_answer,
    .bulk_completion = sq_bulk_completion,
    .bulk_end = sq_bulk_end,
};
