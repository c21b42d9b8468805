/*
 * report_oracle.h - the brute-force reading of the CISO's report, shared by
 * the report's tests: answers recorded at fixed times through the real
 * store, and every figure read again straight from the stored answers and
 * completions with SQL, to compare with the running totals.
 */
#ifndef VAKSAM_REPORT_ORACLE_H
#define VAKSAM_REPORT_ORACLE_H

#include "report.h"
#include "util.h"

#include "test.h"
#include "test_clock.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { JAN = 2026 * 12 };

/* Creates a learner, or moves one to another unit and role. */
static inline long long learner(Store *s, const char *login, long long unit,
                                Role r)
{
    Learner l;
    VkError err;
    CHECK(store_save_learner(s, login, unit, r, &l, &err) == 0);
    return l.id;
}

/* One answer in its own quiz attempt, at a given time. */
static inline void answer(Store *s, long long who, const char *item, Topic t,
                          Result r, long long when)
{
    VkError err;
    long long attempt;
    store_set_clock(s, when);
    CHECK(store_start_attempt(s, who, "quiz", 1, "quiz", "en", "", "", &attempt,
                              &err) == 0);
    CHECK(store_record_answer(s, attempt, 0, item, (int)r, t, r, &err) == 0);
}

static inline long long unit_id(Store *s, const char *name)
{
    Unit *u;
    int n;
    VkError err;
    long long id = 0;
    if (store_list_units(s, &u, &n, &err) == 0)
        for (int i = 0; i < n; i++)
            if (strcmp(u[i].name, name) == 0)
                id = u[i].id;
    free(u);
    return id;
}

/* The figures of one unit (0: all) and role (-1: both) in one period.
 * Answers and credit: every learner's latest answer to each decision in
 * the period, by answer time, where it was given. Learners of a topic:
 * those whose latest answer in the topic in the period was given there
 * (so a learner who moved is counted once, where they last answered);
 * contributors: every learner one of the counted answers is from. Active:
 * learners by their latest answer of any topic in the period; completed:
 * by their latest completion that counts (a quiz for staff, the course for
 * managers), each for the unit and role of that answer or completion. */
typedef struct Truth {
    long long credit[TOPIC_COUNT], answers[TOPIC_COUNT], learners[TOPIC_COUNT];
    long long contributors[TOPIC_COUNT];
    long long active, completed;
} Truth;

/* The answers with their learner, item and rank among that learner's
 * answers to the same item (n), topic (nt) and to anything (na) in the
 * period ?1..?2, newest first; ties in time go by insertion order. */
#define ORACLE_LATEST_SQL                                                      \
    "WITH a AS (SELECT t.learner_id AS who, a.topic, a.result, a.unit_id,"     \
    "  a.role, row_number() OVER (PARTITION BY t.learner_id, CASE t.kind"      \
    "  WHEN 'quiz' THEN a.scene_id ELSE t.lesson_id || '/' || a.scene_id END"  \
    "  ORDER BY a.answered_at DESC, a.id DESC) AS n, row_number() OVER"        \
    "  (PARTITION BY t.learner_id, a.topic ORDER BY a.answered_at DESC,"       \
    "  a.id DESC) AS nt, row_number() OVER (PARTITION BY t.learner_id"         \
    "  ORDER BY a.answered_at DESC, a.id DESC) AS na"                          \
    "  FROM answers a JOIN attempts t ON t.id = a.attempt_id"                  \
    "  WHERE substr(a.answered_at, 1, 7) BETWEEN ?1 AND ?2) "

#define ORACLE_WHERE " (?3 = 0 OR unit_id = ?3) AND (?4 = '' OR role = ?4) "

/* The oracle's own connection to a database file, with its three queries:
 * per topic, active learners, completed learners. */
typedef struct Oracle {
    sqlite3 *db;
    sqlite3_stmt *st[3];
} Oracle;

static inline int oracle_open(Oracle *o, const char *path)
{
    static const char *const sql[3] = {
        ORACLE_LATEST_SQL
        "SELECT topic, sum(CASE WHEN n = 1 THEN CASE result WHEN 'correct' "
        "  THEN 2 WHEN 'partly' THEN 1 ELSE 0 END END), "
        "  count(CASE WHEN n = 1 THEN 1 END), "
        "  count(CASE WHEN nt = 1 THEN 1 END), "
        "  count(DISTINCT CASE WHEN n = 1 THEN who END) "
        "FROM a WHERE" ORACLE_WHERE "GROUP BY topic",
        ORACLE_LATEST_SQL
        "SELECT count(*) FROM a WHERE na = 1 AND" ORACLE_WHERE,
        "WITH c AS (SELECT unit_id, role, row_number() OVER (PARTITION BY "
        "  learner_id ORDER BY completed_at DESC, id DESC) AS n "
        "  FROM completions WHERE (kind = 'course') = (role = 'manager') "
        "  AND substr(completed_at, 1, 7) BETWEEN ?1 AND ?2) "
        "SELECT count(*) FROM c WHERE n = 1 AND" ORACLE_WHERE,
    };
    memset(o, 0, sizeof *o);
    if (sqlite3_open(path, &o->db) != SQLITE_OK)
        return -1;
    for (int i = 0; i < 3; i++)
        if (sqlite3_prepare_v2(o->db, sql[i], -1, &o->st[i], NULL) !=
            SQLITE_OK) {
            fprintf(stderr, "oracle: %s\n", sqlite3_errmsg(o->db));
            return -1;
        }
    return 0;
}

static inline void oracle_close(Oracle *o)
{
    for (int i = 0; i < 3; i++)
        sqlite3_finalize(o->st[i]);
    sqlite3_close(o->db);
    memset(o, 0, sizeof *o);
}

static inline sqlite3_stmt *oracle_bind(sqlite3_stmt *st, Period p,
                                        long long unit, int role)
{
    char from[16], to[16];
    month_format(p.first, from, sizeof from);
    month_format(p.last, to, sizeof to);
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, to, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, unit);
    sqlite3_bind_text(st, 4, role < 0 ? "" : role_id((Role)role), -1,
                      SQLITE_STATIC);
    return st;
}

static inline Truth oracle_truth(Oracle *o, Period p, long long unit, int role)
{
    Truth t = {0};
    if (!o->db)
        return t;
    sqlite3_stmt *st = oracle_bind(o->st[0], p, unit, role);
    while (sqlite3_step(st) == SQLITE_ROW) {
        Topic k = topic_from_id((const char *)sqlite3_column_text(st, 0));
        if (k == TOPIC_NONE)
            continue;
        t.credit[k] = sqlite3_column_int64(st, 1);
        t.answers[k] = sqlite3_column_int64(st, 2);
        t.learners[k] = sqlite3_column_int64(st, 3);
        t.contributors[k] = sqlite3_column_int64(st, 4);
    }
    st = oracle_bind(o->st[1], p, unit, role);
    if (sqlite3_step(st) == SQLITE_ROW)
        t.active = sqlite3_column_int64(st, 0);
    st = oracle_bind(o->st[2], p, unit, role);
    if (sqlite3_step(st) == SQLITE_ROW)
        t.completed = sqlite3_column_int64(st, 0);
    for (int i = 0; i < 3; i++)
        sqlite3_reset(o->st[i]);
    return t;
}

/* The same, opening the file for one reading. */
static inline Truth truth(const char *path, Period p, long long unit, int role)
{
    Oracle o;
    oracle_open(&o, path);
    Truth t = oracle_truth(&o, p, unit, role);
    oracle_close(&o);
    return t;
}

/* The per-decision counts behind the most-missed decisions (item_months),
 * read again from the answers: answers per unit (and for the organisation,
 * unit 0), month, role, decision and choice; and, as choice -1, the
 * learners who answered the decision that month. A learner whose answers
 * to a decision in one month were given in more than one unit or role may
 * be counted more than once there (the totals know only their latest
 * answer), so for those groups the count is only checked not to be fewer.
 * Returns the number of rows that disagree, printing the first few. */
#define ORACLE_ITEMS_SQL                                                       \
    "WITH a AS (SELECT t.learner_id AS who, a.unit_id AS u, CAST(substr("      \
    "  a.answered_at, 1, 4) AS INTEGER) * 12 + CAST(substr(a.answered_at,"     \
    "  6, 2) AS INTEGER) - 1 AS m, CASE a.role WHEN 'manager' THEN ?1 ELSE"    \
    "  ?2 END AS r, CASE t.kind WHEN 'quiz' THEN a.scene_id ELSE"              \
    "  t.lesson_id || '/' || a.scene_id END AS item, a.choice"                 \
    "  FROM answers a JOIN attempts t ON t.id = a.attempt_id), "               \
    "s AS (SELECT who, item, m, count(DISTINCT u || ',' || r) = 1 AS steady"   \
    "  FROM a GROUP BY who, item, m), "                                        \
    "b AS (SELECT * FROM a UNION ALL SELECT who, 0, m, r, item, choice"        \
    "  FROM a), "                                                              \
    "want AS (SELECT u, m, r, item, choice, count(*) AS n, 1 AS exact FROM b"  \
    "  GROUP BY u, m, r, item, choice UNION ALL SELECT b.u, b.m, b.r, b.item," \
    "  -1, count(DISTINCT b.who), min(s.steady) FROM b JOIN s ON"              \
    "  s.who = b.who AND s.item = b.item AND s.m = b.m"                        \
    "  GROUP BY b.u, b.m, b.r, b.item), "                                      \
    "got AS (SELECT unit_id AS u, month AS m, role AS r, item, choice, n"      \
    "  FROM item_months) "                                                     \
    "SELECT coalesce(w.u, g.u), coalesce(w.m, g.m), coalesce(w.r, g.r),"       \
    "  coalesce(w.item, g.item), coalesce(w.choice, g.choice), g.n, w.n"       \
    "  FROM want w LEFT JOIN got g USING (u, m, r, item, choice)"              \
    "  WHERE g.n IS NULL OR (w.exact AND g.n != w.n) OR g.n < w.n "            \
    "UNION ALL SELECT g.u, g.m, g.r, g.item, g.choice, g.n, NULL FROM got g"   \
    "  WHERE NOT EXISTS (SELECT 1 FROM want w WHERE w.u = g.u AND w.m = g.m"   \
    "  AND w.r = g.r AND w.item = g.item AND w.choice = g.choice)"

static inline const char *oracle_text(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return t ? (const char *)t : "nothing";
}

static inline int item_mismatches(const char *path, const char *what)
{
    sqlite3 *db;
    sqlite3_stmt *st = NULL;
    int bad = 0;
    sqlite3_open(path, &db);
    if (sqlite3_prepare_v2(db, ORACLE_ITEMS_SQL, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "oracle: %s\n", sqlite3_errmsg(db));
        bad = 1;
    }
    sqlite3_bind_int(st, 1, ROLE_MANAGER);
    sqlite3_bind_int(st, 2, ROLE_STAFF);
    while (st && sqlite3_step(st) == SQLITE_ROW)
        if (bad++ < 5)
            fprintf(stderr,
                    "%s: item_months unit %s month %s role %s %s choice %s "
                    "holds %s, the answers say %s\n",
                    what, oracle_text(st, 0), oracle_text(st, 1),
                    oracle_text(st, 2), oracle_text(st, 3), oracle_text(st, 4),
                    oracle_text(st, 5), oracle_text(st, 6));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return bad;
}

/* Figures that disagree with the oracle; the first ten are printed. */
static int mismatches;

/* A shown figure of the report against the oracle's numbers. */
static inline void same(const Figure *f, long long credit, long long answers,
                        long long learners, const char *what, Period p)
{
    if (answers == 0) {
        if (!f->empty && mismatches++ < 10)
            fprintf(stderr, "%s %d..%d: expected empty\n", what, p.first,
                    p.last);
        return;
    }
    if (f->suppressed)
        return; /* checked by check_privacy */
    int want = (int)(100.0 * (double)credit / (2.0 * (double)answers) + 0.5);
    if ((f->value != want || f->answers != answers ||
         f->learners != learners) &&
        mismatches++ < 10)
        fprintf(stderr,
                "%s %d..%d: value %d answers %d learners %d, expected "
                "%d %lld %lld\n",
                what, p.first, p.last, f->value, f->answers, f->learners, want,
                answers, learners);
}

/* Every running total, as text, to compare two states of them. */
#define TOTALS_SQL                                                             \
    "SELECT group_concat(x, ';') FROM (SELECT unit_id || ',' || role || ','"   \
    " || month || ',' || next || ',' || hex(v) AS x FROM rollup WHERE "        \
    "v != zeroblob(length(v)) UNION ALL SELECT unit_id || ',' || month || "    \
    "',' || role || ',' || item || ',' || choice || ',' || n FROM "            \
    "item_months UNION ALL SELECT learner_id || ',' || item || ',' || month "  \
    "|| ',' || credit FROM learner_items UNION ALL SELECT learner_id || ','"   \
    " || what || ',' || month FROM learner_presence ORDER BY 1)"

/* The first column of the first row of sql as text (caller frees). */
static inline char *query_text(const char *path, const char *sql)
{
    sqlite3 *db;
    char *v = NULL;
    if (sqlite3_open(path, &db) == SQLITE_OK) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
            v = xstrdup((const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return v ? v : xstrdup("");
}

#endif
