/*
 * test_cues.c - the cue check (cues.c) finds what an author would miss:
 * a correct choice that is always the longest, one that alone uses a key
 * term (in any case, at the start of a word, in English and in a
 * translation), and a terms file it cannot read. (That the course's own
 * lessons stay within the limits is lessons.cues: check-lessons --cues.)
 */
#include "cues.h"

#include "../test.h"

#include <stdlib.h>

static void test_fixture(void)
{
    Diags d = {0};
    CueTerms terms;
    CHECK(cue_terms_load(&terms, FIXTURES "/cues/terms.txt", &d));
    CHECK_INT(terms.count, 2);
    CHECK_STR(terms.items[1].forms[0][1], "follow-up");
    CHECK_STR(terms.items[1].forms[1][1], "uppföljning");
    Lesson *l = lesson_load(FIXTURES "/cues/long.lesson", &d);
    CHECK(l != NULL);
    if (!l)
        return;
    CueStats st = {0};
    cue_stats_add(&st, l, NULL, &terms, &d);
    CHECK_INT(st.items, 3);
    CHECK_INT(st.longest, 3); /* q3's "Yes, ask the Risk Owner." too */
    CHECK_INT(st.alone, 1);
    CHECK_INT(d.count, 1);
    if (d.count)
        CHECK_STR(d.items[0], FIXTURES "/cues/long.lesson:36: en: only the "
                              "correct choice of 'q3' uses the key term 'risk "
                              "owner': let a wrong choice use it too");
    char why[160];
    CHECK(!cue_stats_ok(&st, why, sizeof why));
    CHECK_STR(why, "the correct choice is the longest in 3 of 3 (more than a "
                   "third)");
    /* in Swedish q3's wrong choice is longer and names RISKÄGAREN too */
    Po *po = po_load(FIXTURES "/cues/long-sv.po", &d);
    CHECK(po != NULL);
    CueStats sv = {0};
    diags_free(&d);
    cue_stats_add(&sv, l, po, &terms, &d);
    CHECK_INT(sv.longest, 2);
    CHECK_INT(sv.alone, 0);
    CHECK_INT(d.count, 0);
    CHECK(!cue_stats_ok(&sv, why, sizeof why)); /* 2 of 3 still */
    po_free(po);
    lesson_free(l);
    cue_terms_free(&terms);
    diags_free(&d);

    /* within the limits: one longest of three, ranks spread, no term */
    CueStats fine = {.items = 3, .longest = 1, .rank = {1, 1, 1},
                     .rank_sum = 1.5};
    CHECK(cue_stats_ok(&fine, why, sizeof why));
    CueStats same = {.items = 4, .longest = 1, .rank = {1, 3}, .rank_sum = 2};
    CHECK(!cue_stats_ok(&same, why, sizeof why));
    CHECK_STR(why, "75 % of the correct choices have the same length rank (at "
                   "most half may)");
    CueStats shortest = {.items = 3, .longest = 0, .rank = {0, 1, 2},
                         .rank_sum = 2.5};
    CHECK(!cue_stats_ok(&shortest, why, sizeof why));
    CHECK_STR(why, "the correct choice's mean length rank is 0.83 (keep it "
                   "from 0.35 to 0.65)");
}

static void test_bad_terms(void)
{
    Diags d = {0};
    CueTerms terms;
    CHECK(!cue_terms_load(&terms, FIXTURES "/cues/bad-terms.txt", &d));
    CHECK_INT(d.count, 2);
    if (d.count == 2) {
        CHECK_STR(d.items[0], FIXTURES "/cues/bad-terms.txt:2: expected "
                              "'english, ... | svenska, ...', got 'no bar "
                              "here'");
        CHECK_STR(d.items[1], FIXTURES "/cues/bad-terms.txt:3: give 1 to 8 "
                              "forms on each side of '|'");
    }
    diags_free(&d);
    CHECK(!cue_terms_load(&terms, FIXTURES "/cues/none.txt", &d));
    CHECK_INT(d.count, 1);
    diags_free(&d);
}

int main(void)
{
    test_fixture();
    test_bad_terms();
    return TEST_DONE();
}
