/*
 * report_oracle.h - the brute-force reading of the CISO's report, shared by
 * the report's tests: answers recorded at fixed times through the real
 * store, and every figure read again straight from the stored answers and
 * completions with SQL, to compare with the running totals. A place is a
 * SQLite file or a PostgreSQL URI (test_place.h); the SQL is one text for
 * both (test_sql.h).
 */
#ifndef VAKSAM_REPORT_ORACLE_H
#define VAKSAM_REPORT_ORACLE_H

#include "report.h"
#include "util.h"

#include "test.h"
#include "test_clock.h"
#include "test_sql.h"

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

/* The oracle's own connection to a place, with its three queries: per
 * topic, active learners, completed learners. */
typedef struct Oracle {
    TestSql *db;
    TestSqlStmt *st[3];
} Oracle;

static inline void oracle_close(Oracle *o)
{
    for (int i = 0; i < 3; i++)
        tsql_finalize(o->st[i]);
    tsql_close(o->db);
    memset(o, 0, sizeof *o);
}

/* 0, or -1 (printed, a check failed; the Oracle is closed). */
static inline int oracle_open(Oracle *o, const char *place)
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
    o->db = tsql_open(place);
    for (int i = 0; i < 3 && o->db; i++)
        if (!(o->st[i] = tsql_prepare(o->db, sql[i]))) {
            oracle_close(o);
            return -1;
        }
    return o->db ? 0 : -1;
}

static inline TestSqlStmt *oracle_bind(TestSqlStmt *st, Period p,
                                       long long unit, int role)
{
    char from[16], to[16];
    month_format(p.first, from, sizeof from);
    month_format(p.last, to, sizeof to);
    tsql_reset(st);
    tsql_bind_text(st, 1, from);
    tsql_bind_text(st, 2, to);
    tsql_bind_int(st, 3, unit);
    tsql_bind_text(st, 4, role < 0 ? "" : role_id((Role)role));
    return st;
}

static inline Truth oracle_truth(Oracle *o, Period p, long long unit, int role)
{
    Truth t = {0};
    if (!o->db)
        return t;
    TestSqlStmt *st = oracle_bind(o->st[0], p, unit, role);
    while (tsql_step(st) > 0) {
        Topic k = topic_from_id(tsql_text(st, 0));
        if (k == TOPIC_NONE)
            continue;
        t.credit[k] = tsql_int(st, 1);
        t.answers[k] = tsql_int(st, 2);
        t.learners[k] = tsql_int(st, 3);
        t.contributors[k] = tsql_int(st, 4);
    }
    st = oracle_bind(o->st[1], p, unit, role);
    if (tsql_step(st) > 0)
        t.active = tsql_int(st, 0);
    st = oracle_bind(o->st[2], p, unit, role);
    if (tsql_step(st) > 0)
        t.completed = tsql_int(st, 0);
    for (int i = 0; i < 3; i++)
        tsql_reset(o->st[i]);
    return t;
}

/* The same, opening the place for one reading. */
static inline Truth truth(const char *place, Period p, long long unit, int role)
{
    Oracle o;
    oracle_open(&o, place);
    Truth t = oracle_truth(&o, p, unit, role);
    oracle_close(&o);
    return t;
}

/* The per-decision counts behind the most-missed decisions (item_months),
 * read again from the answers: answers per unit (and for the organisation,
 * unit 0), month, role, decision and choice; and, as choice -1, the
 * learners who answered the decision that month, each counted once, in
 * the unit and role of their first answer to it that month (so that the
 * count is never more than the distinct learners of any group: the
 * most-missed panel takes it as the smallest number of learners behind a
 * decision, publish.h). Returns the number of rows that disagree,
 * printing the first few. */
#define ORACLE_ITEMS_SQL                                                       \
    "WITH a AS (SELECT t.learner_id AS who, a.id, a.answered_at AS at,"        \
    "  a.unit_id AS u, CAST(substr("                                           \
    "  a.answered_at, 1, 4) AS INTEGER) * 12 + CAST(substr(a.answered_at,"     \
    "  6, 2) AS INTEGER) - 1 AS m, CASE a.role WHEN 'manager' THEN ?1 ELSE"    \
    "  ?2 END AS r, CASE t.kind WHEN 'quiz' THEN a.scene_id ELSE"              \
    "  t.lesson_id || '/' || a.scene_id END AS item, a.choice"                 \
    "  FROM answers a JOIN attempts t ON t.id = a.attempt_id), "               \
    "f AS (SELECT who, u, m, r, item, row_number() OVER (PARTITION BY who,"    \
    "  item, m ORDER BY at, id) AS k FROM a), "                                \
    "b AS (SELECT u, m, r, item, choice FROM a UNION ALL"                      \
    "  SELECT 0, m, r, item, choice FROM a), "                                 \
    "c AS (SELECT u, m, r, item FROM f WHERE k = 1 UNION ALL"                  \
    "  SELECT 0, m, r, item FROM f WHERE k = 1), "                             \
    "want AS (SELECT u, m, r, item, choice, count(*) AS n FROM b"              \
    "  GROUP BY u, m, r, item, choice UNION ALL SELECT u, m, r, item, -1,"     \
    "  count(*) FROM c GROUP BY u, m, r, item), "                              \
    "got AS (SELECT unit_id AS u, month AS m, role AS r, item, choice, n"      \
    "  FROM item_months) "                                                     \
    "SELECT coalesce(w.u, g.u), coalesce(w.m, g.m), coalesce(w.r, g.r),"       \
    "  coalesce(w.item, g.item), coalesce(w.choice, g.choice), g.n, w.n"       \
    "  FROM want w LEFT JOIN got g USING (u, m, r, item, choice)"              \
    "  WHERE g.n IS NULL OR g.n != w.n "                                       \
    "UNION ALL SELECT g.u, g.m, g.r, g.item, g.choice, g.n, NULL FROM got g"   \
    "  WHERE g.n != 0 AND NOT EXISTS (SELECT 1 FROM want w WHERE w.u = g.u"    \
    "  AND w.m = g.m AND w.r = g.r AND w.item = g.item"                        \
    "  AND w.choice = g.choice)"

static inline const char *oracle_text(TestSqlStmt *st, int col)
{
    const char *t = tsql_text(st, col);
    return t ? t : "nothing";
}

static inline int item_mismatches(const char *place, const char *what)
{
    TestSql *db = tsql_open(place);
    TestSqlStmt *st = tsql_prepare(db, ORACLE_ITEMS_SQL);
    tsql_bind_int(st, 1, ROLE_MANAGER);
    tsql_bind_int(st, 2, ROLE_STAFF);
    int bad = 0, rc;
    while ((rc = tsql_step(st)) > 0)
        if (bad++ < 5)
            fprintf(stderr,
                    "%s: item_months unit %s month %s role %s %s choice %s "
                    "holds %s, the answers say %s\n",
                    what, oracle_text(st, 0), oracle_text(st, 1),
                    oracle_text(st, 2), oracle_text(st, 3), oracle_text(st, 4),
                    oracle_text(st, 5), oracle_text(st, 6));
    tsql_finalize(st);
    tsql_close(db);
    return bad + (rc < 0);
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

/* Every running total of a SQLite file, as text, to compare two states of
 * them (SQLite's tables: its blobs of counters, learner_items and
 * learner_presence, which a PostgreSQL store keeps its own way). */
#define TOTALS_SQL                                                             \
    "SELECT group_concat(x, ';') FROM (SELECT unit_id || ',' || role || ','"   \
    " || month || ',' || next || ',' || hex(v) AS x FROM rollup WHERE "        \
    "v != zeroblob(length(v)) UNION ALL SELECT unit_id || ',' || month || "    \
    "',' || role || ',' || item || ',' || choice || ',' || n FROM "            \
    "item_months UNION ALL SELECT learner_id || ',' || item || ',' || month "  \
    "|| ',' || credit FROM learner_items UNION ALL SELECT learner_id || ','"   \
    " || what || ',' || month FROM learner_presence ORDER BY 1)"

/* The first column of the first row of sql as text (caller frees; ""
 * when there is none). */
static inline char *query_text(const char *place, const char *sql)
{
    return tsql_query_text(place, sql);
}

#endif
