/*
 * test_store_kept.c - what the store keeps current for the report so that
 * a report need not recount or rescan it: the learners per unit and role
 * (store_sizes.c) equal a count over the learners, and the span totals
 * (store_spans.c) equal sums over the rollup cells, after learners are
 * saved and moved, answers recorded in and out of time order over three
 * years, the totals rebuilt, demo data loaded in bulk (its spans filled
 * in one pass at the end, or at the next opening when the load stopped
 * first), and a file taken back to schema 6 upgraded again.
 */
#include "demo.h"
#include "demodata.h"
#include "i18n.h"
#include "store.h"

#include "../report_oracle.h"
#include "../test.h"
#include "../test_db.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

static char dir[] = "/tmp/vaksam-test-kept-XXXXXX";

#define KEPT_SQL                                                               \
    "SELECT group_concat(x, ';') FROM (SELECT unit_id || ',' || role || ','"   \
    " || n AS x FROM unit_sizes WHERE n > 0 ORDER BY unit_id, role)"
#define COUNTED_SQL                                                            \
    "SELECT group_concat(x, ';') FROM (SELECT unit_id || ',' || "              \
    "(role = 'staff') || ',' || count(*) AS x FROM learners "                  \
    "GROUP BY unit_id, role ORDER BY unit_id, role = 'staff')"

/* The kept counts equal a count over the learners; returns the counts. */
static char *check_sizes(const char *path, int line)
{
    char *kept = query_text(path, KEPT_SQL),
         *counted = query_text(path, COUNTED_SQL);
    if (strcmp(kept, counted) != 0)
        fprintf(stderr, "line %d: kept %s, counted %s\n", line, kept, counted);
    CHECK_STR(kept, counted);
    free(counted);
    return kept;
}

typedef struct Sizes {
    char text[4096];
} Sizes;

static void on_size(void *ctx, long long unit, int role, int n)
{
    Sizes *sz = ctx;
    size_t used = strlen(sz->text);
    snprintf(sz->text + used, sizeof sz->text - used, "%s%lld,%d,%d",
             used ? ";" : "", unit, role, n);
}

/* store_learner_counts gives what store_unit_sizes counts. */
static void check_reads(Store *s)
{
    Sizes a = {{0}}, b = {{0}};
    VkError err;
    CHECK(store_unit_sizes(s, on_size, &a, &err) == 0);
    CHECK(store_learner_counts(s, on_size, &b, &err) == 0);
    CHECK(a.text[0] != '\0');
    CHECK_STR(b.text, a.text);
}

/* ---- span totals ---- */

enum { SPAN_VALUES = 2 * ROLL_COLS, SPANS_MAX = 16384 };

typedef struct SpanSum {
    long long unit;
    int span, block, role;
    long long v[SPAN_VALUES];
} SpanSum;

typedef struct SpanSums {
    SpanSum *s;
    int n;
} SpanSums;

static SpanSum *span_sum(SpanSums *ss, int span, int block, long long unit,
                         int role)
{
    for (int i = 0; i < ss->n; i++)
        if (ss->s[i].span == span && ss->s[i].block == block &&
            ss->s[i].unit == unit && ss->s[i].role == role)
            return &ss->s[i];
    if (ss->n == SPANS_MAX)
        return NULL;
    SpanSum *x = &ss->s[ss->n++];
    memset(x, 0, sizeof *x);
    *x = (SpanSum){unit, span, block, role, {0}};
    return x;
}

static int counter(const unsigned char *b, int bytes, int c)
{
    if (4 * c + 4 > bytes)
        return 0;
    return (int)((unsigned)b[4 * c] | (unsigned)b[4 * c + 1] << 8 |
                 (unsigned)b[4 * c + 2] << 16 | (unsigned)b[4 * c + 3] << 24);
}

/* Adds a cell to the span [block, block + len - 1] (code span) unless it
 * was superseded within it; live (next 0) in the first half, else the
 * second. */
static void add_to_span(SpanSums *ss, int span, int block, int len,
                        sqlite3_stmt *st)
{
    int next = sqlite3_column_int(st, 3);
    if (next != 0 && next < block + len)
        return;
    const unsigned char *b = sqlite3_column_blob(st, 4);
    int bytes = sqlite3_column_bytes(st, 4);
    SpanSum *x = span_sum(ss, span, block, sqlite3_column_int64(st, 0),
                          sqlite3_column_int(st, 1));
    for (int c = 0; x && c < ROLL_COLS; c++)
        x->v[(next ? ROLL_COLS : 0) + c] += counter(b, bytes, c);
}

/* The spans as rollup.h and store_spans.c define them, summed here from
 * the cells: a cell is in its calendar month's, quarter's and year's
 * span, and in every run of 3 and of 12 months that holds its month. */
static void sums_from_cells(sqlite3 *db, SpanSums *ss)
{
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "SELECT unit_id, role, month, next, v FROM rollup",
                       -1, &st, NULL);
    while (sqlite3_step(st) == SQLITE_ROW) {
        int month = sqlite3_column_int(st, 2);
        static const int lens[3] = {1, 3, 12};
        for (int i = 0; i < 3; i++)
            add_to_span(ss, lens[i], month - month % lens[i], lens[i], st);
        for (int i = 1; i < 3; i++)
            for (int k = 0; k < lens[i]; k++)
                add_to_span(ss, STORE_SPAN_RUN + lens[i], month - k, lens[i],
                            st);
    }
    sqlite3_finalize(st);
}

static bool zero(const long long *v)
{
    for (int c = 0; c < SPAN_VALUES; c++)
        if (v[c])
            return false;
    return true;
}

/* rollup_spans holds exactly the sums over the cells (rows of zeros
 * aside); returns how many spans are not zero. */
static int check_spans(const char *path, int line)
{
    SpanSums want = {xcalloc(SPANS_MAX, sizeof(SpanSum)), 0};
    SpanSums kept = {xcalloc(SPANS_MAX, sizeof(SpanSum)), 0};
    sqlite3 *db;
    sqlite3_open(path, &db);
    sums_from_cells(db, &want);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db,
                       "SELECT span, block, unit_id, role, v FROM rollup_spans",
                       -1, &st, NULL);
    while (sqlite3_step(st) == SQLITE_ROW) {
        SpanSum *x = span_sum(
            &kept, sqlite3_column_int(st, 0), sqlite3_column_int(st, 1),
            sqlite3_column_int64(st, 2), sqlite3_column_int(st, 3));
        const unsigned char *b = sqlite3_column_blob(st, 4);
        for (int c = 0; x && c < SPAN_VALUES; c++)
            x->v[c] = counter(b, sqlite3_column_bytes(st, 4), c);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    CHECK(want.n < SPANS_MAX && kept.n < SPANS_MAX);
    int bad = 0, spans = 0;
    for (int i = 0; i < want.n; i++) {
        const SpanSum *w = &want.s[i];
        SpanSum *k = span_sum(&kept, w->span, w->block, w->unit, w->role);
        spans += !zero(w->v);
        bad += !k || memcmp(k->v, w->v, sizeof w->v) != 0;
        if (k)
            memset(k->v, 0, sizeof k->v); /* seen */
    }
    for (int i = 0; i < kept.n; i++)
        bad += !zero(kept.s[i].v); /* a span no cell gives */
    if (bad)
        fprintf(stderr, "line %d: %d spans differ from the cells\n", line, bad);
    CHECK_INT(bad, 0);
    free(want.s);
    free(kept.s);
    return spans;
}

static void test_saved_and_moved(void)
{
    char *path = xasprintf("%s/saved.db", dir);
    VkError err;
    Store *s = store_open(path, &err);
    bool created;
    CHECK(demo_seed_if_empty(s, &created, &err) == 0);
    Unit *u;
    int n;
    CHECK(store_list_units(s, &u, &n, &err) == 0 && n > 3);
    Learner le;
    for (int i = 0; i < 12; i++) {
        char login[16];
        snprintf(login, sizeof login, "p%d", i);
        CHECK(store_save_learner(s, login, u[1 + i % 3].id,
                                 i % 4 ? ROLE_STAFF : ROLE_MANAGER, &le,
                                 &err) == 0);
    }
    free(check_sizes(path, __LINE__));
    /* moved to another unit, another role, both, and saved unchanged */
    CHECK(store_save_learner(s, "p1", u[3].id, ROLE_STAFF, &le, &err) == 0);
    CHECK(store_save_learner(s, "p2", u[2].id, ROLE_MANAGER, &le, &err) == 0);
    CHECK(store_save_learner(s, "p0", u[2].id, ROLE_STAFF, &le, &err) == 0);
    CHECK(store_save_learner(s, "p5", u[2].id, ROLE_STAFF, &le, &err) == 0);
    free(check_sizes(path, __LINE__));
    check_reads(s);
    store_close(s);

    /* taken back to schema 6 with the counts wrong: upgraded, refilled */
    sqlite3 *db;
    sqlite3_open(path, &db);
    CHECK(sqlite3_exec(db,
                       SCHEMA_8_OBJECTS "DROP TRIGGER unit_sizes_insert; "
                       "UPDATE unit_sizes SET n = n + 7; "
                       "PRAGMA user_version = 6",
                       NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    s = store_open(path, &err);
    CHECK(s != NULL);
    CHECK(store_save_learner(s, "new", u[1].id, ROLE_STAFF, &le, &err) == 0);
    free(check_sizes(path, __LINE__));
    store_close(s);
    free(u);
    free(path);
}

/* Answers over three years, some arriving after later ones of the same
 * learner (the replay changes cells in other months), learners moving
 * between units and roles, then a rebuild and a file taken back to
 * schema 6: the spans follow the cells every time. */
static void test_spans_follow_cells(void)
{
    char *path = xasprintf("%s/spans.db", dir);
    VkError err;
    Store *s = store_open(path, &err);
    bool created;
    CHECK(demo_seed_if_empty(s, &created, &err) == 0);
    Unit *u;
    int n;
    CHECK(store_list_units(s, &u, &n, &err) == 0 && n > 4);
    long long who[8];
    for (int i = 0; i < 8; i++) {
        char login[16];
        snprintf(login, sizeof login, "s%d", i);
        who[i] = learner(s, login, u[1 + i % 4].id,
                         i % 3 ? ROLE_STAFF : ROLE_MANAGER);
    }
    const char *items[] = {"p/a", "p/b", "p/c"};
    Topic topics[] = {TOPIC_CONFIDENTIALITY, TOPIC_INTEGRITY, TOPIC_CISO};
    uint64_t r = 99;
    for (int i = 0; i < 300; i++) {
        r = r * 6364136223846793005ull + 1442695040888963407ull;
        int month = JAN - 14 + i * 36 / 300, it = (int)(r >> 33) % 3;
        if (i % 11 == 5) /* late: months before the learner's latest */
            month -= 1 + (int)(r >> 40) % 9;
        if (i % 37 == 0)
            learner(s, "s3", u[1 + i % 4].id,
                    i % 2 ? ROLE_STAFF : ROLE_MANAGER);
        answer(s, who[(r >> 20) % 8], items[it], topics[it],
               (Result)((r >> 50) % 3), at(month, i));
    }
    CHECK(check_spans(path, __LINE__) > 50);
    CHECK(store_rebuild_report(s, &err) == 0);
    CHECK(check_spans(path, __LINE__) > 50);
    store_close(s);
    sqlite3 *db;
    sqlite3_open(path, &db);
    CHECK(sqlite3_exec(db,
                       SCHEMA_8_OBJECTS "DROP TRIGGER rollup_spans_insert; "
                       "DELETE FROM rollup_spans WHERE block % 2 = 0; "
                       "PRAGMA user_version = 6",
                       NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    s = store_open(path, &err);
    CHECK(s != NULL);
    answer(s, who[0], "p/d", TOPIC_SYSTEMATIC, RESULT_WRONG, at(JAN + 30, 1));
    CHECK(check_spans(path, __LINE__) > 50);
    CHECK_INT(mismatches, 0);
    store_close(s);
    free(u);
    free(path);
}

/* The marks a bulk load leaves until its spans are filled. */
static int stale_marks(const char *path)
{
    char *n = query_text(path, "SELECT count(*) FROM settings WHERE key = "
                               "'report_spans_stale'");
    int marks = atoi(n);
    free(n);
    return marks;
}

static void test_bulk(void)
{
    char *path = xasprintf("%s/bulk.db", dir);
    VkError err;
    Store *s = store_open(path, &err);
    Diags d = {0};
    LessonSet course = {0}, pools = {0};
    lessonset_load_dir(&course, VAKSAM_LESSONS_DIR, &d);
    lessonset_take_quizzes(&course, &pools);
    DemoDataOptions o = {300, 12, 3, 7, 0, &course, &pools, 1};
    DemoDataStats st;
    CHECK(demodata_fill(s, &o, &st, &err) == 0);
    CHECK_INT(st.learners, 300);
    char *kept = check_sizes(path, __LINE__);
    CHECK(strlen(kept) > 20);
    free(kept);
    CHECK(check_spans(path, __LINE__) > 100);
    CHECK_INT(stale_marks(path), 0);
    store_close(s);
    /* a load that stopped before its spans were filled leaves a mark:
     * the next opening fills them */
    sqlite3 *db;
    sqlite3_open(path, &db);
    CHECK(
        sqlite3_exec(db,
                     "DELETE FROM rollup_spans WHERE span > 3; "
                     "INSERT INTO settings VALUES ('report_spans_stale', '1')",
                     NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    s = store_open(path, &err);
    CHECK(s != NULL);
    CHECK(check_spans(path, __LINE__) > 100);
    CHECK_INT(stale_marks(path), 0);
    check_reads(s);
    store_close(s);
    lessonset_free(&course);
    lessonset_free(&pools);
    diags_free(&d);
    free(path);
}

int main(void)
{
    i18n_init(VAKSAM_LOCALE_DIR);
    i18n_set_language("en");
    if (!mkdtemp(dir))
        return 1;
    test_saved_and_moved();
    test_spans_follow_cells();
    test_bulk();
    char *cmd = xasprintf("rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    free(cmd);
    return TEST_DONE();
}
