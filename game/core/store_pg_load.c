/*
 * store_pg_load.c - what loading many rows into the PostgreSQL store
 * takes, shared by the bulk loader (store_pg_bulk.c, demo data) and the
 * copy of a SQLite file (store_copy.c): COPY ... FROM STDIN in binary
 * format (no text to parse on the server, and the rows' uids made here
 * rather than by the server's gen_random_uuid: measured, half the time of
 * text with uids from the server), and the load's transaction around it.
 *
 * A load is one transaction of the schema's owner. It locks the tables
 * against other writers, sets aside the row triggers of answers and
 * completions for its own rows (the totals would be recomputed per row,
 * and the stamp of unit and role would overwrite what the loader gives:
 * a copied answer keeps the unit its learner had when giving it; the
 * loader is the owner's, who may write any unit anyway), and the tables'
 * indexes and foreign keys, and puts all of it back before it commits, so
 * no other connection ever sees any of it off. At the end
 * the identity sequences are moved past the ids the load gave, the
 * statistics taken, and the report's totals written: those the loader
 * folded from its rows as they came (rollup_fold.h), or, when it could
 * not, rebuilt by the server from the rows (vaksam.rebuild).
 */
#include "store_pg.h"

#include "i18n.h"

#include <sodium.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const pg_load_tables[PG_LOAD_TABLES] = {
    "units", "learners", "attempts", "answers", "completions"};

/* ---- COPY ---- */

/* How much one CopyData message carries. */
enum { COPY_CHUNK = 256 * 1024 };

/* Reads the results of the statement that has run: 0, or -1 with the
 * first failure's message. */
static int finish_result(PgStore *p, VkError *err, const char *what)
{
    int rc = 0;
    PGresult *r;
    while ((r = PQgetResult(p->conn)) != NULL) {
        ExecStatusType st = PQresultStatus(r);
        if (rc == 0 && st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
            rc = pg_fail(p, r, err, what);
        else
            PQclear(r);
    }
    return rc;
}

int pg_copy_send(PgStore *p, const char *data, size_t n, VkError *err,
                 const char *what)
{
    while (n > 0) {
        size_t part = n < COPY_CHUNK ? n : COPY_CHUNK;
        if (PQputCopyData(p->conn, data, (int)part) != 1)
            return pg_fail(p, NULL, err, what);
        data += part;
        n -= part;
    }
    return 0;
}

int pg_copy_in_begin(PgStore *p, const char *sql, VkError *err,
                     const char *what)
{
    /* the signature, then no flags and no header extension */
    static const char header[19] = "PGCOPY\n\377\r\n";
    PGresult *r = PQexec(p->conn, sql);
    if (PQresultStatus(r) != PGRES_COPY_IN)
        return pg_fail(p, r, err, what);
    PQclear(r);
    if (pg_copy_send(p, header, sizeof header, err, what) == 0)
        return 0;
    pg_copy_in_abort(p);
    return -1;
}

int pg_copy_in_end(PgStore *p, VkError *err, const char *what)
{
    static const char trailer[2] = {'\xff', '\xff'}; /* -1: no more rows */
    if (pg_copy_send(p, trailer, sizeof trailer, err, what) < 0) {
        pg_copy_in_abort(p);
        return -1;
    }
    if (PQputCopyEnd(p->conn, NULL) != 1)
        return pg_fail(p, NULL, err, what);
    return finish_result(p, err, what);
}

void pg_copy_in_abort(PgStore *p)
{
    PQputCopyEnd(p->conn, "vaksam: the load stopped");
    finish_result(p, NULL, "");
}

int pg_copy_table(PgStore *p, const char *sql, const StrBuf *rows, VkError *err,
                  const char *what)
{
    if (pg_copy_in_begin(p, sql, err, what) < 0)
        return -1;
    if (pg_copy_send(p, rows->data, rows->len, err, what) < 0) {
        pg_copy_in_abort(p);
        return -1;
    }
    return pg_copy_in_end(p, err, what);
}

/* ---- COPY's binary format ---- */

static void be(StrBuf *b, unsigned long long v, int bytes)
{
    unsigned char out[8];
    for (int i = 0; i < bytes; i++)
        out[i] = (unsigned char)(v >> (8 * (bytes - 1 - i)));
    strbuf_append(b, (const char *)out, (size_t)bytes);
}

void pg_bin_row(StrBuf *b, int fields)
{
    be(b, (unsigned)fields, 2);
}

void pg_bin_int4(StrBuf *b, int v)
{
    be(b, 4, 4);
    be(b, (unsigned)v, 4);
}

void pg_bin_int8(StrBuf *b, long long v)
{
    be(b, 8, 4);
    be(b, (unsigned long long)v, 8);
}

void pg_bin_text(StrBuf *b, const char *s)
{
    if (!s) {
        be(b, 0xffffffffu, 4); /* -1: NULL */
        return;
    }
    size_t n = strlen(s);
    be(b, n, 4);
    strbuf_append(b, s, n);
}

const unsigned char *pg_uuid_new(PgUuids *u)
{
    if (u->used == PG_UUIDS) {
        randombytes_buf(u->pool, sizeof u->pool);
        u->used = 0;
    }
    unsigned char *id = u->pool[u->used++];
    id[6] = (unsigned char)((id[6] & 0x0f) | 0x40); /* version 4: random */
    id[8] = (unsigned char)((id[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    return id;
}

/* Where the dashes of a uuid's text are. */
static bool dash_at(int i)
{
    return i == 8 || i == 13 || i == 18 || i == 23;
}

bool pg_uuid_parse(const char *text, unsigned char id[16])
{
    if (!text || strlen(text) != 36)
        return false;
    int n = 0, hi = -1;
    for (int i = 0; i < 36; i++) {
        char c = text[i];
        if (dash_at(i)) {
            if (c != '-')
                return false;
            continue;
        }
        int v = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (v < 0)
            return false;
        if (hi < 0)
            hi = v;
        else {
            id[n++] = (unsigned char)(hi << 4 | v);
            hi = -1;
        }
    }
    return true;
}

void pg_uuid_text(const unsigned char id[16], char out[37])
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 0, at = 0; i < 16; i++) {
        if (dash_at(at))
            out[at++] = '-';
        out[at++] = hex[id[i] >> 4];
        out[at++] = hex[id[i] & 15];
    }
    out[36] = '\0';
}

void pg_bin_uuid(StrBuf *b, const unsigned char id[16])
{
    be(b, 16, 4);
    strbuf_append(b, (const char *)id, 16);
}

void pg_bin_int4_array(StrBuf *b, const int *v, int n)
{
    enum { INT4_OID = 23 };
    be(b, 20 + 8 * (unsigned)n, 4); /* the field's length */
    be(b, 1, 4);                    /* one dimension */
    be(b, 0, 4);                    /* no NULLs */
    be(b, INT4_OID, 4);
    be(b, (unsigned)n, 4); /* its length */
    be(b, 1, 4);           /* and lower bound */
    for (int i = 0; i < n; i++)
        pg_bin_int4(b, v[i]);
}

/* Days from 1970-01-01 to a date of the Gregorian calendar (H. Hinnant's
 * days_from_civil). */
static long long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    int yoe = (int)(y - era * 400);
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int pg_bin_time(StrBuf *b, const char *t)
{
    if (!t) {
        pg_bin_text(b, NULL);
        return 0;
    }
    static const int mdays[12] = {31, 29, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
    /* by hand, digit by digit: sscanf was a tenth of demo-data's time */
    static const char form[] = "0000-00-00T00:00:00Z";
    int v[6] = {0}, field = 0;
    for (int i = 0; i < 20; i++) {
        if (form[i] != '0') {
            if (t[i] != form[i])
                return -1;
            field++;
        } else if (t[i] < '0' || t[i] > '9') {
            return -1; /* the end of t, too */
        } else {
            v[field] = v[field] * 10 + (t[i] - '0');
        }
    }
    int y = v[0], mo = v[1], d = v[2], h = v[3], mi = v[4], sec = v[5];
    if (t[20] != '\0' || y < 1 || mo < 1 || mo > 12 || d < 1 ||
        d > mdays[mo - 1] || h > 23 || mi > 59 || sec > 59)
        return -1;
    if (mo == 2 && d == 29 && (y % 4 != 0 || (y % 100 == 0 && y % 400 != 0)))
        return -1;
    /* microseconds since 2000-01-01 00:00 UTC */
    long long days = days_from_civil(y, mo, d) - days_from_civil(2000, 1, 1);
    long long us = ((days * 24 + h) * 60 + mi) * 60 + sec;
    pg_bin_int8(b, us * 1000000);
    return 0;
}

/* ---- the load's transaction ---- */

/* What a load sets aside and puts back once its rows are in. The row
 * triggers of answers and completions (store_pg.c's stamps of unit and
 * role, store_pg_totals.c's totals): the totals would be recomputed per
 * row, the stamps would overwrite the unit and role the loader gives, and
 * a BEFORE trigger, even one turned off, makes COPY insert row by row
 * instead of a page at a time (3 million answers: 4.4-6.6 s against
 * 3.3-4.1 s). The tables' indexes, with the keys they carry, and every
 * foreign key of the tables: a foreign key is checked by a query per row
 * (ten million for a large load) but by one join when it is added, and an
 * index costs every row an insert (the random uids of answers and
 * attempts a random page each, a completion's time another) where
 * building it sorts once: 1 million completions took 12 s into their
 * indexes and 4 s before them, 3 million answers 14 s into their primary
 * key and 12 s before it. Put back keys first, foreign keys after them
 * (each needs the key it names), triggers last; taken away the other way
 * round. The rows are checked all the same before the load commits:
 * adding the constraints back fails on any row that breaks them. */
/* clang-format off */
#define ASIDE_TABLES_SQL(col) col "::regclass::text = ANY ($1::text[])"
static const char set_aside_sql[] =
    "SELECT d, a FROM ("
    "  SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, "
    "    conname) AS d, format('ALTER TABLE %s ADD CONSTRAINT %I %s', "
    "    conrelid::regclass, conname, pg_get_constraintdef(oid)) AS a, "
    "    CASE contype WHEN 'f' THEN 3 ELSE 1 END AS step, conname::text AS n "
    "  FROM pg_constraint WHERE contype IN ('p', 'u', 'f') "
    "  AND (" ASIDE_TABLES_SQL("conrelid") " OR (contype = 'f' "
    "    AND " ASIDE_TABLES_SQL("confrelid") ")) "
    "  UNION ALL SELECT format('DROP INDEX %s', indexrelid::regclass), "
    "    pg_get_indexdef(indexrelid), 2, indexrelid::regclass::text "
    "  FROM pg_index i WHERE " ASIDE_TABLES_SQL("indrelid") " "
    "  AND NOT EXISTS (SELECT FROM pg_constraint c " /* an index on its own */
    "    WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid) "
    "  UNION ALL SELECT format('DROP TRIGGER %I ON %s', tgname, "
    "    tgrelid::regclass), pg_get_triggerdef(oid), 4, tgname::text "
    "  FROM pg_trigger WHERE NOT tgisinternal AND tgname IN ('answers_unit', "
    "    'answers_totals', 'completions_unit', 'completions_totals', "
    "    'learners_sizes', 'rollup_spans', 'item_months_tree') "
    "  AND " ASIDE_TABLES_SQL("tgrelid") ") x "
    "ORDER BY step, n";
/* clang-format on */

/* Sets aside what set_aside_sql names of the tables (a text[] of
 * vaksam.name); *restore gets the SQL that puts it back (caller frees). */
static int set_aside(PgStore *p, const char *tables, char **restore,
                     VkError *err, const char *what)
{
    PgArgs a = {0};
    pa_text(&a, tables);
    PGresult *r = pg_run(p, set_aside_sql, &a, err, what);
    if (!r)
        return -1;
    StrBuf drop = {0}, add = {0};
    for (int i = PQntuples(r) - 1; i >= 0; i--) /* the other way round */
        strbuf_printf(&drop, "%s;", pg_str(r, i, 0));
    for (int i = 0; i < PQntuples(r); i++)
        strbuf_printf(&add, "%s;", pg_str(r, i, 1));
    PQclear(r);
    int rc = drop.len ? pg_do(p, drop.data, NULL, err, what) : 0;
    free(drop.data);
    *restore = add.data;
    return rc;
}

int pg_load_begin(PgStore *p, PgLoad *l, VkError *err, const char *what)
{
    memset(l, 0, sizeof *l);
    /* what schema 3's triggers keep is filled once, at the end */
    if (pg_do(p,
              "BEGIN; SELECT set_config('vaksam.kept_later', 'on', true)",
              NULL, err, what) < 0)
        return -1;
    /* nobody else writes in between: the ids after max(id) are ours */
    PGresult *r = NULL;
    /* (the largest ids read by their keys, before those are set aside) */
    if (pg_do(p,
              "LOCK TABLE vaksam.units, vaksam.learners, vaksam.attempts, "
              "vaksam.answers, vaksam.completions, vaksam.settings "
              "IN SHARE ROW EXCLUSIVE MODE",
              NULL, err, what) < 0 ||
        !(r = pg_run(p,
                     "SELECT (SELECT coalesce(max(id), 0) FROM vaksam.units), "
                     "(SELECT coalesce(max(id), 0) FROM vaksam.learners), "
                     "(SELECT coalesce(max(id), 0) FROM vaksam.attempts), "
                     "(SELECT coalesce(max(id), 0) FROM vaksam.answers), "
                     "(SELECT coalesce(max(id), 0) FROM vaksam.completions)",
                     NULL, err, what))) {
        pg_load_abort(p, l);
        return -1;
    }
    for (int i = 0; i < PG_LOAD_TABLES; i++)
        l->next[i] = pg_ll(r, 0, i) + 1;
    PQclear(r);
    if (set_aside(p,
                  "{vaksam.units,vaksam.learners,vaksam.attempts,"
                  "vaksam.answers,vaksam.completions}",
                  &l->restore, err, what) < 0) {
        pg_load_abort(p, l);
        return -1;
    }
    return 0;
}

/* Moves a table's identity sequence past the ids the load gave (never
 * back: ids handed out before, and not used, stay used). */
static int sequence_past(PgStore *p, const char *table, VkError *err,
                         const char *what)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT setval(q, m) FROM (SELECT pg_get_serial_sequence("
             "'vaksam.%1$s', 'id')::regclass AS q, "
             "(SELECT max(id) FROM vaksam.%1$s) AS m) x "
             "WHERE m > coalesce(pg_sequence_last_value(q), 0)",
             table);
    return pg_do(p, sql, NULL, err, what);
}

/* ---- the totals a load folded itself ---- */

/* Rows on their way into one COPY. */
typedef struct TotalsOut {
    PgStore *p;
    StrBuf rows;
    VkError *err;
    const char *what;
} TotalsOut;

/* After a row: a full buffer is sent (non-zero when that failed). */
static int totals_row_done(TotalsOut *o)
{
    if (o->rows.len < COPY_CHUNK * 4)
        return 0;
    int rc = pg_copy_send(o->p, o->rows.data, o->rows.len, o->err, o->what);
    o->rows.len = 0;
    return rc;
}

static int put_cell(void *ctx, const RollDelta *d)
{
    TotalsOut *o = ctx;
    pg_bin_row(&o->rows, 5);
    pg_bin_int4(&o->rows, d->key.month);
    pg_bin_int4(&o->rows, d->key.next);
    pg_bin_int8(&o->rows, d->key.unit);
    pg_bin_int4(&o->rows, d->key.role);
    pg_bin_int4_array(&o->rows, d->v, ROLL_COLS);
    return totals_row_done(o);
}

static int put_item(void *ctx, long long unit, int month, int role,
                    const char *item, int choice, int result, int n)
{
    TotalsOut *o = ctx;
    pg_bin_row(&o->rows, 7);
    pg_bin_int8(&o->rows, unit);
    pg_bin_int4(&o->rows, month);
    pg_bin_int4(&o->rows, role);
    pg_bin_text(&o->rows, item);
    pg_bin_int4(&o->rows, choice);
    pg_bin_int4(&o->rows, result);
    pg_bin_int4(&o->rows, n);
    return totals_row_done(o);
}

/* One table of the totals from the fold, by one COPY. */
static int copy_totals(TotalsOut *o, const RollFold *f, bool cells)
{
    const char *sql =
        cells ? "COPY vaksam.rollup(month, next, unit_id, role, v) "
                "FROM STDIN (FORMAT binary)"
              : "COPY vaksam.item_months(unit_id, month, role, item, choice, "
                "result, n) FROM STDIN (FORMAT binary)";
    if (pg_copy_in_begin(o->p, sql, o->err, o->what) < 0)
        return -1;
    o->rows.len = 0;
    int rc = cells ? rollup_fold_cells(f, put_cell, o)
                   : rollup_fold_items(f, put_item, o);
    if (rc == 0)
        rc = pg_copy_send(o->p, o->rows.data, o->rows.len, o->err, o->what);
    if (rc != 0) {
        pg_copy_in_abort(o->p);
        return -1;
    }
    return pg_copy_in_end(o->p, o->err, o->what);
}

/* The report's totals as the loader folded them from its rows (the rule
 * of rollup.c, which vaksam.cells writes as a query), in place of the
 * server's rebuild: the same cells and counts, without reading ten
 * million answers back. Their keys are set aside and built again, as the
 * rows' are (1.8 million per-decision counts: 4.3-8.3 s into the key,
 * 2.3-3.0 s before it). No answer can come in meanwhile: the load holds
 * their table. */
static int put_totals(PgStore *p, const RollFold *f, VkError *err,
                      const char *what)
{
    char *restore = NULL;
    if (pg_do(p, "TRUNCATE vaksam.rollup, vaksam.item_months", NULL, err,
              what) < 0 ||
        set_aside(p, "{vaksam.rollup,vaksam.item_months}", &restore, err,
                  what) < 0) {
        free(restore);
        return -1;
    }
    TotalsOut o = {p, {0}, err, what};
    int rc = copy_totals(&o, f, true);
    if (rc == 0)
        rc = copy_totals(&o, f, false);
    if (rc == 0 && restore && *restore)
        rc = pg_do(p, restore, NULL, err, what);
    free(o.rows.data);
    free(restore);
    return rc;
}

int pg_load_restore_begin(PgStore *p, PgLoad *l, VkError *err,
                          const char *what)
{
    if (l->restoring)
        return 0;
    /* the indexes' sorts in memory (at the server's default of 64 MB the
     * answers' uids took 540 MB of temporary files each): for this
     * transaction, and never less than the server's own */
    char *sql = xasprintf(
        "SELECT set_config('maintenance_work_mem', '1GB', true) "
        "WHERE pg_size_bytes(current_setting('maintenance_work_mem')) "
        "< pg_size_bytes('1GB'); %s",
        l->restore ? l->restore : "");
    int sent = PQsendQuery(p->conn, sql);
    free(sql);
    if (!sent)
        return pg_fail(p, NULL, err, what);
    l->restoring = true;
    return 0;
}

int pg_load_finish(PgStore *p, PgLoad *l, const RollFold *totals, VkError *err,
                   const char *what)
{
    if (pg_load_restore_begin(p, l, err, what) < 0)
        return -1;
    l->restoring = false;
    if (finish_result(p, err, what) < 0)
        return -1;
    for (int i = 0; i < PG_LOAD_TABLES; i++)
        if (sequence_past(p, pg_load_tables[i], err, what) < 0)
            return -1;
    /* the planner's statistics, for the rebuild's plan and the reports'
     * (the transaction's own rows count) */
    if (pg_do(p,
              "ANALYZE vaksam.units, vaksam.learners, vaksam.attempts, "
              "vaksam.answers, vaksam.completions",
              NULL, err, what) < 0)
        return -1;
    if (!totals)
        return pg_rebuild_totals(p, err, what);
    /* what schema 3 keeps from the cells, once they are in */
    return put_totals(p, totals, err, what) < 0
               ? -1
               : pg_do(p, "SELECT vaksam.fill_kept(); SELECT vaksam.fill_sizes()",
                       NULL, err, what);
}

int pg_load_commit(PgStore *p, PgLoad *l, VkError *err, const char *what)
{
    if (pg_do(p, "COMMIT", NULL, err, what) == 0) {
        free(l->restore);
        l->restore = NULL;
        return 0;
    }
    pg_load_abort(p, l);
    return -1;
}

void pg_load_abort(PgStore *p, PgLoad *l)
{
    /* a COPY left open ends first, and the restoring statements, so that
     * the rollback can run */
    if (PQtransactionStatus(p->conn) == PQTRANS_ACTIVE)
        pg_copy_in_abort(p);
    l->restoring = false;
    PQclear(PQexec(p->conn, "ROLLBACK"));
    free(l->restore);
    l->restore = NULL;
}
