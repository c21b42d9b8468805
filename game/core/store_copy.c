/*
 * store_copy.c - a SQLite file's organisation into a new PostgreSQL
 * database (store_copy.h). The one file that knows both backends.
 *
 * The file is read in one read transaction, so the copy is of one moment
 * of it even while learners go on answering. The database is written in
 * one load transaction of its owner (store_pg_load.c: the tables locked,
 * the row triggers off, so that a copied answer keeps the unit and role
 * its learner had when giving it), table by table with COPY in binary
 * format, ids and uids as they are in the file (an attempt or an answer
 * from before uids, or of demo data, gets the one its xAPI statements
 * were made with, xapi.h: xapi_row_uid), so that what a learner's queue
 * sends later lands once and the statements sent before are the ones
 * sent after. Then the constraints are
 * checked, the sequences moved past the ids, the report's totals written
 * (folded from the file's rows by the program, as SQLite's rebuild does;
 * rebuilt by the server, vaksam.rebuild, from a file with rows its rule
 * counts otherwise), and every table read back: its row
 * count and a BLAKE2b checksum of each row's fields as text, in id order,
 * must be the file's, or nothing is kept. Times are text of one form in
 * both ("2026-11-29T10:15:00Z"), and one of another form in the file is
 * refused by name before anything is kept. A learner's queue file (the
 * setting "queue", store_relay.c) is not an organisation: refused.
 */
#include "store_copy.h"

#include "store_pg.h"
#include "store_sqlite.h"

#include "i18n.h"
#include "xapi.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *const store_copy_tables[STORE_COPY_TABLES] = {
    "units", "learners", "attempts", "answers", "completions", "settings"};

enum { COLS_MAX = 13, SEND_BYTES = 1 << 20 };

/* A table as both sides have it: its columns with their types (8 bigint,
 * 4 integer, t text, T time, u uid), and the column its rows are in
 * order of. */
typedef struct CopyTable {
    const char *order;
    const char *types;
    const char *col[COLS_MAX];
} CopyTable;

static const CopyTable tables[STORE_COPY_TABLES] = {
    {"id", "8t8t", {"id", "name", "parent_id", "hr_id"}},
    {"id", "8t8tT", {"id", "login", "unit_id", "role", "created_at"}},
    {"id",
     "8u8t4ttTTt44t",
     {"id", "uid", "learner_id", "lesson_id", "lesson_version", "kind", "lang",
      "started_at", "finished_at", "position", "points", "max_points", "plan"}},
    {"id",
     "8u84t4ttT8t",
     {"id", "uid", "attempt_id", "seq", "scene_id", "choice", "topic", "result",
      "answered_at", "unit_id", "role"}},
    {"id",
     "888t8tT",
     {"id", "learner_id", "attempt_id", "kind", "unit_id", "role",
      "completed_at"}},
    {"key", "tt", {"key", "value"}},
};

/* What one side holds of a table. */
typedef struct Sums {
    long long rows;
    crypto_generichash_state h;
} Sums;

/* What a copy needs at hand. */
typedef struct Copy {
    Store *src;
    PgStore *p;
    const char *what;
    unsigned char ns[UUID_BYTES]; /* the xAPI statements' namespace */
    Sums file[STORE_COPY_TABLES];
} Copy;

/* ---- the SQL of both sides ---- */

/* The columns, separated by commas; as text: each written as text, a
 * time in the file's form. */
static void columns(StrBuf *b, const CopyTable *t, bool as_text)
{
    for (int i = 0; t->types[i]; i++) {
        const char *c = t->col[i];
        if (i)
            strbuf_append(b, ", ", 2);
        if (!as_text || t->types[i] == 't')
            strbuf_printf(b, "%s", c);
        else if (t->types[i] == 'T')
            strbuf_printf(b,
                          "to_char(%s AT TIME ZONE 'UTC', "
                          "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
                          c);
        else
            strbuf_printf(b, "%s::text", c);
    }
}

/* SQLite: the file's rows in order. */
static char *read_sql(int k)
{
    StrBuf b = {0};
    strbuf_printf(&b, "SELECT ");
    columns(&b, &tables[k], false);
    strbuf_printf(&b, " FROM %s ORDER BY %s", store_copy_tables[k],
                  tables[k].order);
    return b.data;
}

/* PostgreSQL: the COPY that writes them. */
static char *write_sql(int k)
{
    StrBuf b = {0};
    strbuf_printf(&b, "COPY vaksam.%s(", store_copy_tables[k]);
    columns(&b, &tables[k], false);
    strbuf_printf(&b, ") FROM STDIN (FORMAT binary)");
    return b.data;
}

/* PostgreSQL: the same rows back, every field as text, in the same
 * order (text by its bytes, as SQLite orders it). */
static char *check_sql(int k)
{
    const CopyTable *t = &tables[k];
    StrBuf b = {0};
    strbuf_printf(&b, "COPY (SELECT ");
    columns(&b, t, true);
    /* r.: the column, not the text of it the select list calls so */
    strbuf_printf(&b,
                  " FROM vaksam.%s r ORDER BY r.%s%s) TO STDOUT "
                  "(FORMAT binary)",
                  store_copy_tables[k], t->order,
                  t->types[0] == 't' ? " COLLATE \"C\"" : "");
    return b.data;
}

/* ---- the checksum ---- */

static void sums_init(Sums *s)
{
    s->rows = 0;
    crypto_generichash_init(&s->h, NULL, 0, crypto_generichash_BYTES);
}

/* One field: NULL, or its length and bytes, so that no two rows give the
 * same text. */
static void sum_field(Sums *s, const char *v, size_t n)
{
    unsigned char tag[9] = {v != NULL};
    for (int i = 0; i < 8; i++)
        tag[1 + i] = (unsigned char)((unsigned long long)n >> (8 * i));
    crypto_generichash_update(&s->h, tag, v ? sizeof tag : 1);
    if (v)
        crypto_generichash_update(&s->h, (const unsigned char *)v, n);
}

static bool sums_equal(Sums *a, Sums *b)
{
    unsigned char x[crypto_generichash_BYTES], y[crypto_generichash_BYTES];
    crypto_generichash_final(&a->h, x, sizeof x);
    crypto_generichash_final(&b->h, y, sizeof y);
    return a->rows == b->rows && sodium_memcmp(x, y, sizeof x) == 0;
}

/* ---- from the file ---- */

/* A field that is not what its column holds: the copy stops. */
static int bad_field(Copy *c, int k, sqlite3_stmt *st, int i, const char *v,
                     VkError *err)
{
    vk_error_set(err,
                 tables[k].types[i] == 'u'
                     ? _("%s: table %s, row %s: %s '%s' is not a uid; "
                         "nothing was copied")
                     : _("%s: table %s, row %s: %s '%s' is not a time like "
                         "2026-11-29T10:15:00Z; nothing was copied"),
                 c->src->path, store_copy_tables[k],
                 (const char *)sqlite3_column_text(st, 0), tables[k].col[i], v);
    return -1;
}

/* A row's uid: the file's, or where it has none (rows from before uids,
 * demo data) the one xAPI gives it; summed as the text the server gives
 * back. */
static int put_uid(Copy *c, int k, sqlite3_stmt *st, int i, StrBuf *out,
                   VkError *err)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    unsigned char id[16];
    char made[UUID_TEXT];
    bool answer = strcmp(store_copy_tables[k], "answers") == 0;
    if (!v) /* attempts: id first; answers: id, uid, attempt_id, seq */
        xapi_row_uid(c->ns, sqlite3_column_int64(st, answer ? 2 : 0),
                     answer ? sqlite3_column_int(st, 3) : -1, made);
    if (!pg_uuid_parse(v ? v : made, id))
        return bad_field(c, k, st, i, v, err);
    char text[37];
    pg_uuid_text(id, text);
    sum_field(&c->file[k], text, 36);
    pg_bin_uuid(out, id);
    return 0;
}

/* One row of the file into COPY's binary format, and into the sums. */
static int put_row(Copy *c, int k, sqlite3_stmt *st, StrBuf *out, VkError *err)
{
    const CopyTable *t = &tables[k];
    int n = (int)strlen(t->types);
    pg_bin_row(out, n);
    for (int i = 0; i < n; i++) {
        if (t->types[i] == 'u') {
            if (put_uid(c, k, st, i, out, err) < 0)
                return -1;
            continue;
        }
        bool null = sqlite3_column_type(st, i) == SQLITE_NULL;
        const char *v = (const char *)sqlite3_column_text(st, i);
        sum_field(&c->file[k], null ? NULL : v,
                  (size_t)sqlite3_column_bytes(st, i));
        char type = null ? 'n' : t->types[i];
        if (type == '8')
            pg_bin_int8(out, sqlite3_column_int64(st, i));
        else if (type == '4')
            pg_bin_int4(out, sqlite3_column_int(st, i));
        else if (type == 'T' && pg_bin_time(out, v) < 0)
            return bad_field(c, k, st, i, v, err);
        else if (type == 't' || type == 'n')
            pg_bin_text(out, null ? NULL : v);
    }
    c->file[k].rows++;
    return 0;
}

/* Streams one table of the file into the database. */
static int copy_table(Copy *c, int k, VkError *err)
{
    char *sql = read_sql(k), *into = write_sql(k);
    sqlite3_stmt *st = st_prepare(c->src, sql, err, c->what);
    int rc = st ? pg_copy_in_begin(c->p, into, err, c->what) : -1;
    free(sql);
    free(into);
    if (rc < 0) {
        sqlite3_finalize(st);
        return -1;
    }
    StrBuf out = {0};
    sums_init(&c->file[k]);
    int step;
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        rc = put_row(c, k, st, &out, err);
        if (rc == 0 && out.len >= SEND_BYTES) {
            rc = pg_copy_send(c->p, out.data, out.len, err, c->what);
            out.len = 0;
        }
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = st_fail(c->src, err, c->what);
    if (rc == 0)
        rc = pg_copy_send(c->p, out.data, out.len, err, c->what);
    sqlite3_finalize(st);
    free(out.data);
    if (rc < 0) {
        pg_copy_in_abort(c->p);
        return -1;
    }
    return pg_copy_in_end(c->p, err, c->what);
}

/* ---- back from the database ---- */

static unsigned long long get_be(const unsigned char *p, int bytes)
{
    unsigned long long v = 0;
    for (int i = 0; i < bytes; i++)
        v = v << 8 | p[i];
    return v;
}

/* One message of COPY TO's binary stream (the header, a row, or the
 * trailer) into the sums; -1 when it is not that. */
static int sum_message(Sums *s, const unsigned char *m, size_t n, int fields)
{
    static const char sig[11] = "PGCOPY\n\377\r\n";
    size_t at = 0;
    if (n >= 19 && memcmp(m, sig, sizeof sig) == 0)
        at = 19 + (size_t)get_be(m + 15, 4); /* after its extension */
    while (at + 2 <= n) {
        int count = (int)(short)get_be(m + at, 2);
        at += 2;
        if (count == -1)
            return at == n ? 0 : -1;
        if (count != fields)
            return -1;
        for (int i = 0; i < count; i++) {
            if (at + 4 > n)
                return -1;
            long len = (long)(int)get_be(m + at, 4);
            at += 4;
            if (len > (long)(n - at))
                return -1;
            sum_field(s, len < 0 ? NULL : (const char *)m + at,
                      len < 0 ? 0 : (size_t)len);
            at += len < 0 ? 0 : (size_t)len;
        }
        s->rows++;
    }
    return at == n ? 0 : -1;
}

/* Reads one table back and compares it with the file's. */
static int check_table(Copy *c, int k, const char *from, VkError *err)
{
    PgStore *p = c->p;
    char *sql = check_sql(k);
    PGresult *r = PQexec(p->conn, sql);
    free(sql);
    if (PQresultStatus(r) != PGRES_COPY_OUT)
        return pg_fail(p, r, err, c->what);
    PQclear(r);
    Sums db;
    sums_init(&db);
    char *m;
    int n, bad = 0, fields = (int)strlen(tables[k].types);
    while ((n = PQgetCopyData(p->conn, &m, 0)) > 0) {
        bad |= sum_message(&db, (const unsigned char *)m, (size_t)n, fields);
        PQfreemem(m);
    }
    while ((r = PQgetResult(p->conn)) != NULL) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            return pg_fail(p, r, err, c->what);
        PQclear(r);
    }
    if (n == -2 || bad)
        return pg_fail(p, NULL, err, c->what);
    long long rows = db.rows;
    if (sums_equal(&db, &c->file[k]))
        return 0;
    vk_error_set(err,
                 _("%s: after the copy, table %s does not hold what %s "
                   "holds (%lld rows against %lld, checksums of their "
                   "rows compared); nothing was copied"),
                 p->where, store_copy_tables[k], from, rows, c->file[k].rows);
    return -1;
}

/* ---- the whole copy ---- */

/* Refuses a database that holds an organisation already. */
static int check_empty(Copy *c, const PgLoad *l, VkError *err)
{
    StrBuf has = {0};
    for (int i = 0; i < PG_LOAD_TABLES; i++)
        if (l->next[i] > 1)
            strbuf_printf(&has, "%s%s", has.len ? ", " : "", pg_load_tables[i]);
    if (!has.len)
        return 0;
    vk_error_set(err,
                 _("%s: the database is not empty (it has %s); db copy "
                   "copies only into a database with no organisation, and "
                   "nothing was changed"),
                 c->p->where, has.data);
    free(has.data);
    return -1;
}

static int copy_all(Copy *c, const char *from, VkError *err)
{
    bool began;
    if (store_read_begin(c->src, &began, err) < 0)
        return -1;
    PgLoad load;
    int rc = pg_load_begin(c->p, &load, err, c->what);
    if (rc < 0) {
        store_read_end(c->src, began);
        return -1;
    }
    rc = check_empty(c, &load, err);
    char org[33];
    if (rc == 0 && (rc = store_xapi_org(c->src, org, err)) == 0)
        xapi_namespace(org, c->ns);
    /* the file's settings, its noise key among them, replace the new
     * database's own */
    if (rc == 0)
        rc = pg_do(c->p, "DELETE FROM vaksam.settings", NULL, err, c->what);
    for (int k = 0; k < STORE_COPY_TABLES && rc == 0; k++)
        rc = copy_table(c, k, err);
    /* the report's totals folded from the file's rows, in the same read
     * of it, as SQLite's rebuild folds them: the server's rebuild read
     * every answer back again (144 of 325 s at 50,000 learners); a file
     * with rows the server counts otherwise is left to it */
    RollFold *fold = rollup_fold_new(1 << 10);
    bool exact = false;
    if (rc == 0) /* while the server builds the indexes */
        rc = pg_load_restore_begin(c->p, &load, err, c->what);
    if (rc == 0)
        rc = st_fold_stored(c->src, fold, &exact, err, c->what);
    if (rc == 0)
        rc = pg_load_finish(c->p, &load, exact ? fold : NULL, err, c->what);
    rollup_fold_free(fold);
    for (int k = 0; k < STORE_COPY_TABLES && rc == 0; k++)
        rc = check_table(c, k, from, err);
    store_read_end(c->src, began);
    if (rc == 0)
        return pg_load_commit(c->p, &load, err, c->what);
    pg_load_abort(c->p, &load);
    return -1;
}

/* Opens both sides, or says why not. */
static int open_both(const char *from, const char *to, Store **src, Store **dst,
                     VkError *err)
{
    *src = *dst = NULL;
    struct stat st;
    if (store_is_server(from) || !store_is_server(to)) {
        vk_error_set(err, _("db copy copies a SQLite file (--from FILE.db) "
                            "into a PostgreSQL database (--to "
                            "postgresql://...)"));
        return -1;
    }
    if (stat(from, &st) != 0) {
        vk_error_set(err, _("%s: cannot read the file: %s"), from,
                     strerror(errno));
        return -1;
    }
    if (sodium_init() < 0) {
        vk_error_set(err, _("cannot start libsodium (for the rows' uids)"));
        return -1;
    }
    if (!(*src = store_open_checked(from, err)))
        return -1;
    char *server = NULL;
    int queue = store_get_setting(*src, "queue", &server, err);
    if (queue != 0) {
        if (queue > 0)
            vk_error_set(err,
                         _("%s: this file is a learner's queue for %s, not "
                           "an organisation's database; nothing was "
                           "copied"),
                         from, server);
        free(server);
        store_close(*src);
        *src = NULL;
        return -1;
    }
    if (!(*dst = store_open(to, err))) {
        store_close(*src);
        *src = NULL;
        return -1;
    }
    return 0;
}

int store_copy(const char *from, const char *to, StoreCopyStats *stats,
               VkError *err)
{
    memset(stats, 0, sizeof *stats);
    Store *src, *dst;
    if (open_both(from, to, &src, &dst, err) < 0)
        return -1;
    Copy *c = xcalloc(1, sizeof *c);
    c->src = src;
    c->p = (PgStore *)dst;
    c->what = _("copy the organisation");
    int rc = copy_all(c, from, err);
    for (int k = 0; rc == 0 && k < STORE_COPY_TABLES; k++)
        stats->rows[k] = c->file[k].rows;
    free(c);
    store_close(dst);
    store_close(src);
    return rc;
}
