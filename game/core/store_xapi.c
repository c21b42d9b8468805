/*
 * store_xapi.c - the SQLite store's side of the xAPI export (store.h):
 * the attempts and answers it is made of, read in one pass in one
 * snapshot, each learner (or unit) a pseudonym; the organisation's name;
 * and the statements each learning record store has accepted. The keys
 * are derived here as store_pg_xapi.sql derives them on a server: a
 * change to one is a change to both (pg.xapi holds them to each other).
 */
#include "store_sqlite.h"

#include "i18n.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAC_BYTES = crypto_auth_hmacsha256_BYTES };

static void mac(const unsigned char *key, size_t n, const void *msg,
                size_t len, unsigned char out[MAC_BYTES])
{
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key, n);
    crypto_auth_hmacsha256_update(&st, msg, len);
    crypto_auth_hmacsha256_final(&st, out);
    sodium_memzero(&st, sizeof st);
}

/* HMAC-SHA256 of what under the database's secret (report_key); -1 with
 * err when the database has none. */
static int derive(Store *s, const char *what, unsigned char out[MAC_BYTES],
                  VkError *err)
{
    char *hex = NULL;
    unsigned char secret[64];
    size_t len = 0;
    int found = store_get_setting(s, "report_key", &hex, err);
    if (found < 0)
        return -1;
    /* 16 bytes, as the server's twin (pub_pads) insists: the pseudonyms
     * are the same on both or the move to a server could not keep them */
    bool good = found && sodium_hex2bin(secret, sizeof secret, hex,
                                        strlen(hex), NULL, &len, NULL) == 0 &&
                len == 16;
    free(hex);
    if (!good) {
        vk_error_set(err, _("the database has no secret for the learners' "
                            "pseudonyms; it may have been altered by hand"));
        return -1;
    }
    mac(secret, len, what, strlen(what), out);
    sodium_memzero(secret, sizeof secret);
    return 0;
}

int sq_xapi_org(Store *s, char org[33], VkError *err)
{
    unsigned char h[MAC_BYTES];
    if (derive(s, "vaksam xapi statement ids", h, err) < 0)
        return -1;
    sodium_bin2hex(org, 33, h, 16);
    return 0;
}

/* The pseudonym of a learner or a unit (tag) under key. */
static void pseudonym(const unsigned char key[MAC_BYTES], const char *tag,
                      long long id, char out[33])
{
    char msg[64];
    int n = snprintf(msg, sizeof msg, "%s%c%lld", tag, 0, id);
    unsigned char h[MAC_BYTES];
    mac(key, MAC_BYTES, msg, (size_t)n, h);
    sodium_bin2hex(out, 33, h, 16);
}

/* The rows in the order of store_backend.h's EX_ fields (the actor's
 * column left NULL, made here), then the learner, the unit and its
 * size. */
#define EXPORT_SQL                                                          \
    "SELECT t.id, NULL, t.uid, t.lesson_id, t.lesson_version, t.kind, "     \
    "  t.lang, t.started_at, t.finished_at, t.points, t.max_points, "       \
    "  a.seq, a.scene_id, a.choice, a.result, a.answered_at, a.uid, "       \
    "  t.learner_id, l.unit_id, (SELECT coalesce(sum(n), 0) "               \
    "    FROM unit_sizes z WHERE z.unit_id = l.unit_id) "                   \
    "FROM attempts t JOIN learners l ON l.id = t.learner_id "               \
    "LEFT JOIN answers a ON a.attempt_id = t.id "                           \
    "WHERE ?1 IS NULL OR t.started_at >= ?1 OR t.finished_at >= ?1 "        \
    "  OR EXISTS (SELECT 1 FROM answers b WHERE b.attempt_id = t.id "       \
    "             AND b.answered_at >= ?1) "                                \
    "ORDER BY t.id, a.seq"

/* What the rows of one export share: the pseudonyms' key and the actor
 * of the attempt being read. */
typedef struct Actors {
    unsigned char key[MAC_BYTES];
    int groups_k;
    long long attempt;
    char actor[33];
    bool known, shown; /* of attempt */
} Actors;

/* The actor of the row's attempt: its learner's pseudonym, or its unit's
 * (NULL for a unit below k). */
static const char *actor_of(Actors *w, sqlite3_stmt *st)
{
    long long attempt = sqlite3_column_int64(st, 0);
    if (!w->known || attempt != w->attempt) {
        bool units = w->groups_k > 0;
        w->known = true;
        w->attempt = attempt;
        w->shown = !units || sqlite3_column_int(st, EX_FIELDS + 2) >=
                                 w->groups_k;
        if (w->shown)
            pseudonym(w->key, units ? "unit" : "learner",
                      sqlite3_column_int64(st, EX_FIELDS + (units ? 1 : 0)),
                      w->actor);
    }
    return w->shown ? w->actor : NULL;
}

static int read_rows(Store *s, sqlite3_stmt *st, Actors *w, ExportRows *rows,
                     VkError *err, const char *what)
{
    int rc, status = 0;
    while (status == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *f[EX_FIELDS];
        for (int i = 0; i < EX_FIELDS; i++)
            f[i] = (const char *)sqlite3_column_text(st, i);
        f[EX_ACTOR] = actor_of(w, st);
        status = export_row(rows, f, err);
    }
    if (status == 0 && rc != SQLITE_DONE)
        status = st_fail(s, err, what);
    return status;
}

int sq_export_attempts(Store *s, const char *since, int groups_k,
                       ExportAttemptFn fn, void *ctx, VkError *err)
{
    const char *what = _("read the attempts for the xAPI export");
    bool began;
    if (sq_read_begin(s, &began, err) < 0)
        return -1;
    Actors w = {.groups_k = groups_k};
    int status = derive(s, "vaksam xapi pseudonyms", w.key, err);
    sqlite3_stmt *st = status < 0 ? NULL : st_prepare(s, EXPORT_SQL, err, what);
    if (st) {
        if (since)
            sqlite3_bind_text(st, 1, since, -1, SQLITE_STATIC);
        ExportRows rows = {.fn = fn, .ctx = ctx};
        status = export_rows_end(&rows, read_rows(s, st, &w, &rows, err, what),
                                 err);
        sqlite3_finalize(st);
    } else {
        status = -1;
    }
    sodium_memzero(&w, sizeof w);
    sq_read_end(s, began);
    return status;
}

int sq_xapi_sent(Store *s, const char *endpoint, SentFn fn, void *ctx,
                 VkError *err)
{
    const char *what = _("read what was sent to the learning record store");
    sqlite3_stmt *st = st_prepare(
        s, "SELECT id FROM xapi_sent WHERE endpoint = ?", err, what);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, endpoint, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        fn(ctx, (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : st_fail(s, err, what);
}

int sq_xapi_mark_sent(Store *s, const char *endpoint, const char *const *ids,
                      int n, VkError *err)
{
    const char *what = _("remember what was sent to the learning record "
                         "store");
    if (st_begin(s, err, what) < 0)
        return -1;
    sqlite3_stmt *st = st_prepare(
        s, "INSERT OR IGNORE INTO xapi_sent(endpoint, id) VALUES (?, ?)", err,
        what);
    int rc = st ? 0 : -1;
    for (int i = 0; i < n && rc == 0; i++) {
        sqlite3_bind_text(st, 1, endpoint, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, ids[i], -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = st_fail(s, err, what);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    if (rc < 0)
        return st_rollback(s);
    return st_commit(s, err, what);
}
