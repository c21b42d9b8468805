/*
 * test_roster.c - learners from HR's list (learners.h, store.h:
 * store_import_learners), on either backend (test_place.h; the argument
 * says which): a list imported in one transaction, idempotent by login,
 * a changed unit moving the learner while their answers stay where they
 * were given, every bad row reported with its line and nothing changed,
 * fields of any length; and a learner who left: kept with their history
 * in the register, out of every unit's headcount, so that they neither
 * make a group look bigger than it is in the report nor let participation
 * be shown for fewer than k learners.
 */
#include "i18n.h"
#include "learners.h"
#include "report.h"

#include "../report_fixture.h"
#include "../report_oracle.h"
#include "../test.h"
#include "../test_place.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char csv_dir[64];

/* A CSV file of this text in the test's folder (caller frees its path). */
static char *csv(const char *name, const char *text)
{
    char *path = xasprintf("%s/%s", csv_dir, name);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    return path;
}

/* Imports a file; the problems in d (caller frees). */
static int import(Store *s, const char *path, LearnerImportStats *st, Diags *d)
{
    int rc = learners_import_csv(s, path, st, d);
    for (int i = 0; i < d->count; i++)
        fprintf(stderr, "  said: %s\n", d->items[i]);
    return rc;
}

static bool said(const Diags *d, const char *what)
{
    for (int i = 0; i < d->count; i++)
        if (strcmp(d->items[i], what) == 0)
            return true;
    return false;
}

static void units(Store *s)
{
    UnitImport u[] = {{"ORG", "Org", NULL}, {"A", "Unit A", "ORG"},
                      {"B", "Unit B", "ORG"}};
    VkError err;
    CHECK(store_import_units(s, u, 3, &err) == 0);
}

typedef struct Sizes {
    long long unit[8];
    int n[8][2];
    int count;
} Sizes;

static void on_size(void *ctx, long long unit, int role, int learners)
{
    Sizes *z = ctx;
    for (int i = 0; i < z->count; i++)
        if (z->unit[i] == unit) {
            z->n[i][role] += learners;
            return;
        }
    if (z->count < 8) {
        z->unit[z->count] = unit;
        z->n[z->count++][role] = learners;
    }
}

/* Learners of unit by role, as the report reads them (the kept counts),
 * checked against a count of the learners. */
static int size_of(Store *s, long long unit, int role)
{
    Sizes kept = {0}, counted = {0};
    VkError err;
    CHECK(store_learner_counts(s, on_size, &kept, &err) == 0);
    CHECK(store_unit_sizes(s, on_size, &counted, &err) == 0);
    int a = 0, b = 0;
    for (int i = 0; i < kept.count; i++)
        if (kept.unit[i] == unit)
            a = kept.n[i][role];
    for (int i = 0; i < counted.count; i++)
        if (counted.unit[i] == unit)
            b = counted.n[i][role];
    CHECK_INT(a, b);
    return a;
}

static void on_completion(void *ctx, const Completion *c)
{
    if (strcmp(c->login, "carl") == 0)
        (*(int *)ctx)++;
}

static void check_stats(const LearnerImportStats *st, int added, int changed,
                        int unchanged, int back, int left)
{
    CHECK_INT(st->added, added);
    CHECK_INT(st->changed, changed);
    CHECK_INT(st->unchanged, unchanged);
    CHECK_INT(st->back, back);
    CHECK_INT(st->left, left);
}

static const char FIRST[] =
    "login,name,unit,role\r\n"
    "anna,Anna Svensson,A,manager\r\n"
    "bo,\"Bo \"\"Bosse\"\" Ek, Jr\",A,staff\r\n"
    "carl,Carl,B,Staff\r\n";

/* The list, again, and changed; a learner who left and came back. */
static void test_import(void)
{
    char *path;
    Store *s = fresh(&path);
    VkError err;
    units(s);
    long long a = unit_id(s, "Unit A"), b = unit_id(s, "Unit B");
    bool kept = true;
    CHECK(store_roster_kept(s, &kept, &err) == 0);
    CHECK(!kept);
    long long old = learner(s, "old", a, ROLE_STAFF);
    CHECK(old > 0);
    CHECK_INT(size_of(s, a, ROLE_STAFF), 1);

    /* a name of 10,000 bytes comes through whole */
    char *dan = xmalloc(10001);
    memset(dan, 'n', 10000);
    dan[10000] = '\0';
    char *text = xasprintf("%sdan,%s,B,manager\n", FIRST, dan);
    char *first = csv("first.csv", text);
    free(text);
    LearnerImportStats st;
    Diags d = {0};
    CHECK(import(s, first, &st, &d) == 0);
    check_stats(&st, 4, 0, 0, 0, 1); /* old is not on the list: left */
    CHECK(store_roster_kept(s, &kept, &err) == 0);
    CHECK(kept);
    CHECK_INT(place_int(path, "SELECT length(name) FROM learners WHERE "
                              "login = 'dan'"),
              10000);
    char *name = place_text(path, "SELECT name FROM learners WHERE login = 'bo'");
    CHECK_STR(name, "Bo \"Bosse\" Ek, Jr");
    free(name);
    Learner le;
    CHECK_INT(store_find_learner(s, "old", &le, &err), 1);
    CHECK(le.left);
    CHECK_INT(store_find_learner(s, "anna", &le, &err), 1);
    CHECK(le.listed && !le.left);
    CHECK_INT(le.unit_id, a);
    CHECK_INT(le.role, ROLE_MANAGER);
    long long anna = le.id;
    /* the leaver is in no unit's headcount */
    CHECK_INT(size_of(s, a, ROLE_STAFF), 1); /* bo */
    CHECK_INT(size_of(s, a, ROLE_MANAGER), 1);
    CHECK_INT(size_of(s, b, ROLE_STAFF), 1);
    CHECK_INT(size_of(s, b, ROLE_MANAGER), 1);

    /* again: nothing changes */
    CHECK(import(s, first, &st, &d) == 0);
    check_stats(&st, 0, 0, 4, 0, 0);
    /* HR's unit and role stay, whatever the learner would choose */
    CHECK(store_save_learner(s, "anna", b, ROLE_STAFF, &le, &err) == 0);
    CHECK_INT(le.unit_id, a);
    CHECK_INT(le.role, ROLE_MANAGER);

    /* anna answers in A, carl completes a quiz; then anna moves to B and
     * carl leaves */
    answer(s, anna, "p/c1", TOPIC_CONFIDENTIALITY, RESULT_CORRECT, at(JAN, 0));
    CHECK_INT(store_find_learner(s, "carl", &le, &err), 1);
    long long attempt;
    store_set_clock(s, at(JAN, 5));
    CHECK(store_start_attempt(s, le.id, "quiz", 1, "quiz", "en", "", "",
                              &attempt, &err) == 0);
    CHECK(store_finish_attempt(s, attempt, 1, 1, 8, &err) == 0);
    char *second = csv("second.csv", "anna,Anna Svensson,B,manager\n"
                                     "bo,\"Bo \"\"Bosse\"\" Ek, Jr\",A,staff\n"
                                     "dan,Dan,B,manager\n");
    CHECK(import(s, second, &st, &d) == 0);
    check_stats(&st, 0, 2, 1, 0, 1); /* anna moved, dan renamed; carl left */
    CHECK_INT(store_find_learner(s, "anna", &le, &err), 1);
    CHECK_INT(le.unit_id, b);
    char *sql = xasprintf("SELECT unit_id FROM answers a JOIN attempts t ON "
                          "t.id = a.attempt_id WHERE t.learner_id = %lld",
                          anna);
    CHECK_INT(place_int(path, sql), a); /* where it was given */
    free(sql);
    CHECK_INT(size_of(s, b, ROLE_STAFF), 0);
    CHECK_INT(size_of(s, b, ROLE_MANAGER), 2);
    /* carl's completion is still in the register */
    int carl = 0;
    CHECK(store_completions(s, JAN, JAN, on_completion, &carl, &err) == 0);
    CHECK_INT(carl, 1);

    /* and back: HR's next list has him again */
    CHECK(import(s, first, &st, &d) == 0);
    check_stats(&st, 0, 2, 1, 1, 0); /* anna back to A, dan's name */
    CHECK_INT(store_find_learner(s, "carl", &le, &err), 1);
    CHECK(!le.left);
    CHECK_INT(size_of(s, b, ROLE_STAFF), 1);
    CHECK_INT(d.count, 0);
    free(first);
    free(second);
    free(dan);
    diags_free(&d);
    store_close(s);
    place_drop(path);
}

/* Every bad row with its line, the unknown unit among them; nothing
 * imported, not even the good rows. */
static void test_bad_rows(void)
{
    char *path;
    Store *s = fresh(&path);
    VkError err;
    units(s);
    LearnerImportStats st;
    Diags d = {0};
    char *good = csv("good.csv", FIRST);
    CHECK(import(s, good, &st, &d) == 0);
    char *bad =
        csv("bad.csv", "login,name,unit,role\n"
                       "eva,Eva,A,staff\n"        /* 2: good */
                       ",Nobody,A,staff\n"        /* 3: no login */
                       "fia,Fia,Q,staff\n"        /* 4: unknown unit */
                       "gus,Gus,A,boss\n"         /* 5: bad role */
                       "eva,Eva Again,B,staff\n"  /* 6: eva twice */
                       "hal,Hal,A\n"              /* 7: three fields */
                       "ida,\"Ida\"x,A,staff\n"   /* 8: text after quote */
                       "jon,J\"o\"n,A,staff\n"    /* 9: quote inside */
                       "kim,K\xff,A,staff\n"      /* 10: not UTF-8 */
                       "lo,\"two\nlines\",,staff\n" /* 11: no unit */
                       "mo,\"never ends,A,staff\n");
    CHECK(import(s, bad, &st, &d) < 0);
    char want[12][160];
    const char *msgs[] = {
        NULL,
        NULL,
        NULL,
        "the learner's login is empty",
        "unit 'Q' of learner 'fia' is not in the organisation (import the "
        "units first: vaksam units import)",
        "role 'boss' is neither manager nor staff",
        "login 'eva' appears twice (first on line 2)",
        "expected 4 fields (login, name, unit id, role), found 3",
        "text after a field's closing quote: quote the whole field",
        "a quote inside a field that does not begin with one: quote the "
        "whole field and double the quote (\"a \"\"b\"\" c\")",
        "bad UTF-8: export the file as UTF-8",
        "the learner's unit is empty",
    };
    for (int line = 3; line <= 11; line++) {
        snprintf(want[line], sizeof want[line], "%s:%d: %s", bad, line,
                 msgs[line]);
        CHECK(said(&d, want[line]));
    }
    char never[160];
    snprintf(never, sizeof never, "%s:13: a quoted field never ends", bad);
    CHECK(said(&d, never));
    CHECK_INT(d.count, 10);
    /* nothing changed: eva is not there, the first list's learners are */
    CHECK_INT(place_int(path, "SELECT count(*) FROM learners"), 3);
    CHECK_INT(place_int(path, "SELECT count(*) FROM learners WHERE active = 1"),
              3);
    diags_free(&d);
    /* an empty list would make everyone a leaver: refused */
    char *empty = csv("empty.csv", "login,name,unit,role\n\n");
    CHECK(import(s, empty, &st, &d) < 0);
    CHECK_INT(d.count, 1);
    CHECK_INT(place_int(path, "SELECT count(*) FROM learners WHERE active = 1"),
              3);
    bool kept;
    CHECK(store_roster_kept(s, &kept, &err) == 0 && kept);
    diags_free(&d);
    free(good);
    free(bad);
    free(empty);
    store_close(s);
    place_drop(path);
}

/* Five staff in a unit answer in January; one leaves. The report still
 * counts the answers the leaver gave (they were given), but the unit's
 * headcount is four: participation, drawn from the headcount, is hidden
 * at k = 5 instead of showing a group of five that no longer exists. */
static void test_leaver_headcount(void)
{
    char *path;
    Store *s = fresh(&path);
    units(s);
    long long a = unit_id(s, "Unit A");
    StrBuf list = {0};
    for (int i = 0; i < 5; i++) {
        char login[16];
        snprintf(login, sizeof login, "s%d", i);
        strbuf_printf(&list, "%s,Staff %d,A,staff\n", login, i);
        long long who = learner(s, login, a, ROLE_STAFF);
        answer(s, who, "p/c1", TOPIC_CONFIDENTIALITY, RESULT_CORRECT,
               at(JAN, i));
    }
    Period jan = {JAN, JAN};
    Report r = build_pub(s, jan, a, REPORT_ROLE_ALL, 5);
    CHECK(!r.participation.suppressed && !r.participation.empty);
    CHECK_INT(r.participation.learners, 5);
    report_free(&r);
    char *all = csv("five.csv", list.data);
    LearnerImportStats st;
    Diags d = {0};
    CHECK(import(s, all, &st, &d) == 0);
    r = build_pub(s, jan, a, REPORT_ROLE_ALL, 5);
    CHECK_INT(r.participation.learners, 5);
    report_free(&r);
    /* s4 leaves */
    char *cut = strstr(list.data, "s4,");
    *cut = '\0';
    char *four = csv("four.csv", list.data);
    CHECK(import(s, four, &st, &d) == 0);
    CHECK_INT(st.left, 1);
    r = build_pub(s, jan, a, REPORT_ROLE_ALL, 5);
    CHECK(r.participation.suppressed);
    CHECK_INT(r.participation.learners, 0);
    /* their answers were given: the index is drawn from five */
    CHECK(!r.overall.suppressed);
    report_free(&r);
    r = build_pub(s, jan, 0, REPORT_ROLE_ALL, 5);
    CHECK(r.participation.suppressed);
    report_free(&r);
    free(all);
    free(four);
    free(list.data);
    diags_free(&d);
    store_close(s);
    place_drop(path);
}

int main(int argc, char **argv)
{
    i18n_init(VAKSAM_LOCALE_DIR);
    i18n_set_language("en");
    if (!place_init(argc, argv))
        return 2;
    snprintf(csv_dir, sizeof csv_dir, "/tmp/vaksam-test-roster-XXXXXX");
    if (!mkdtemp(csv_dir))
        return 2;
    test_import();
    test_bad_rows();
    test_leaver_headcount();
    place_done();
    char *rm = xasprintf("rm -rf '%s'", csv_dir);
    CHECK(system(rm) == 0);
    free(rm);
    return TEST_DONE();
}
