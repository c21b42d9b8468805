/*
 * test_quiz.c - drawing and playing staff quizzes: no question twice,
 * shuffled choices, the same quiz for the same seed, weighting that
 * measurably favours weak topics and avoids questions answered right
 * lately (over many seeded draws, with margins chance cannot reach), a
 * plan that brings back the same quiz, and a quiz played against the
 * store (session.c): each answer stored before its feedback shows, a
 * refused answer or finish changing nothing, the quiz resumed on another
 * day, finished once, and the learner's results read back; "answered
 * right lately" counted back from the store's clock.
 *
 * It runs on either backend (test_place.h; the argument says which):
 * core.quiz on SQLite, pg.quiz on PostgreSQL. The draws use no store and
 * run the same on both.
 */
#include "i18n.h"
#include "quiz.h"
#include "session.h"

#include "../store_fixture.h"
#include "../test.h"
#include "../test_place.h"

#include <stdlib.h>
#include <unistd.h>

enum { DRAWS = 2000 };

static LessonSet pools;

static void test_draw_basics(void)
{
    Quiz a, b, c;
    quiz_draw(&a, &pools, NULL, 42);
    quiz_draw(&b, &pools, NULL, 42);
    quiz_draw(&c, &pools, NULL, 43);
    CHECK_INT(a.count, QUIZ_LENGTH);
    CHECK(memcmp(&a, &b, sizeof a) == 0); /* reproducible */
    CHECK(memcmp(&a, &c, sizeof a) != 0); /* and the seed matters */
    int shuffled = 0, correct_at[LESSON_MAX_CHOICES] = {0};
    for (uint64_t seed = 1; seed <= DRAWS; seed++) {
        Quiz q;
        quiz_draw(&q, &pools, NULL, seed);
        int per_topic[TOPIC_COUNT] = {0}, dup = 0;
        for (int i = 0; i < q.count; i++) {
            const QuizItem *it = &q.items[i];
            per_topic[quiz_item_scene(it)->topic]++;
            for (int j = 0; j < i; j++)
                dup += q.items[j].pool == it->pool &&
                       q.items[j].question == it->question;
            bool identity = true;
            for (int p = 0; p < it->nchoices; p++) {
                identity &= it->order[p] == p;
                if (quiz_item_choice(it, p)->result == RESULT_CORRECT)
                    correct_at[p]++;
            }
            shuffled += !identity;
        }
        CHECK_INT(dup, 0);
        for (int t = 0; t < TOPIC_COUNT; t++)
            CHECK(per_topic[t] <= QUIZ_MAX_PER_TOPIC);
    }
    /* 3 or 4 choices: an unshuffled order comes up 1 time in 6 or 24 */
    printf("shuffled: %d of %d questions\n", shuffled, DRAWS * QUIZ_LENGTH);
    CHECK(shuffled > DRAWS * QUIZ_LENGTH * 3 / 4);
    /* the right answer is not always in the same place */
    for (int p = 0; p < 3; p++)
        CHECK(correct_at[p] > DRAWS * QUIZ_LENGTH / 6);
}

/* Share of drawn questions on topic t over many seeded quizzes. */
static double topic_share(const QuizHistory *h, Topic t)
{
    long hits = 0, all = 0;
    for (uint64_t seed = 1; seed <= DRAWS; seed++) {
        Quiz q;
        quiz_draw(&q, &pools, h, seed * 7919);
        for (int i = 0; i < q.count; i++)
            hits += quiz_item_scene(&q.items[i])->topic == t;
        all += q.count;
    }
    return (double)hits / (double)all;
}

static void test_weighting(void)
{
    /* with nothing known every topic has the same chance: 1/6 */
    QuizHistory none = {.nrecent = 0};
    for (int t = 0; t < TOPIC_COUNT; t++)
        none.level[t] = -1;
    double even = topic_share(&none, TOPIC_CONFIDENTIALITY);
    printf("confidentiality share, nothing known: %.3f\n", even);
    CHECK(even > 0.14 && even < 0.19);
    /* a learner weak on confidentiality and strong elsewhere: drawn
     * 20000 questions, the share under no weighting would be 0.167 with a
     * standard deviation of 0.003; 0.30 is 40 deviations away */
    QuizHistory weak = none;
    for (int t = 0; t < TOPIC_COUNT; t++)
        weak.level[t] = 1.0;
    weak.level[TOPIC_CONFIDENTIALITY] = 0.0;
    double share = topic_share(&weak, TOPIC_CONFIDENTIALITY);
    printf("confidentiality share, weak there: %.3f\n", share);
    CHECK(share > 0.30);
    CHECK(quiz_topic_weight(0.0) > quiz_topic_weight(0.5));
    CHECK(quiz_topic_weight(0.5) > quiz_topic_weight(1.0));
    CHECK(quiz_topic_weight(-1) == quiz_topic_weight(0.5));

    /* a question answered right lately comes up far less often than its
     * siblings (same topic, same weight otherwise) */
    const char *recent[] = {"quiz-integrity/q1"};
    QuizHistory h = none;
    h.recent = recent;
    h.nrecent = 1;
    long q1 = 0, q2 = 0;
    for (uint64_t seed = 1; seed <= DRAWS; seed++) {
        Quiz q;
        quiz_draw(&q, &pools, &h, seed);
        for (int i = 0; i < q.count; i++) {
            char *ref = quiz_item_ref(&q.items[i]);
            q1 += strcmp(ref, "quiz-integrity/q1") == 0;
            q2 += strcmp(ref, "quiz-integrity/q2") == 0;
            free(ref);
        }
    }
    printf("recently right question drawn %ld times, its sibling %ld\n", q1,
           q2);
    CHECK(q2 > 300);
    CHECK(q1 * 2 < q2);
}

static void test_plan_and_run(void)
{
    Quiz q, back;
    quiz_draw(&q, &pools, NULL, 7);
    char *plan = quiz_plan(&q);
    CHECK(quiz_from_plan(&back, &pools, plan));
    CHECK_INT(back.count, q.count);
    for (int i = 0; i < q.count; i++) {
        CHECK(back.items[i].pool == q.items[i].pool);
        CHECK_INT(back.items[i].question, q.items[i].question);
        CHECK(memcmp(back.items[i].order, q.items[i].order,
                     sizeof q.items[i].order) == 0);
    }
    free(plan);
    CHECK(!quiz_from_plan(&back, &pools, "quiz-nope/q1:012"));
    CHECK(!quiz_from_plan(&back, &pools, "quiz-ciso/q1:0011"));
    CHECK(!quiz_from_plan(&back, &pools, "garbage"));

    QuizRun r;
    quiz_run_start(&r, &q);
    CHECK(!quiz_run_next(&r));
    CHECK(!quiz_run_answer(&r, 9));
    for (int i = 0; i < q.count; i++) {
        /* answer right on even questions, wrong on odd ones */
        int want = -1;
        for (int p = 0; p < q.items[i].nchoices; p++) {
            Result res = quiz_item_choice(&q.items[i], p)->result;
            if ((i % 2 == 0) == (res == RESULT_CORRECT) && res != RESULT_PARTLY)
                want = p;
        }
        CHECK(quiz_run_answer(&r, want));
        CHECK(!quiz_run_answer(&r, want));
        CHECK(quiz_run_next(&r));
    }
    CHECK_INT(r.phase, QUIZ_DONE);
    CHECK_INT(r.correct, 5);
    CHECK_INT(quiz_run_score(&r), 50);
}

/* What the store holds of question i of a quiz, as answered at position:
 * 1 when its row is there with the question's reference, the choice's
 * own index in the pool (not its shuffled position), topic and result. */
static long long stored_as_answered(const char *db, long long attempt,
                                    const QuizItem *it, int i, int position)
{
    char *ref = quiz_item_ref(it);
    char *sql = xasprintf(
        "SELECT count(*) FROM answers WHERE attempt_id = %lld AND seq = %d "
        "AND scene_id = '%s' AND choice = %d AND topic = '%s' AND "
        "result = '%s'",
        attempt, i, ref, it->order[position],
        topic_id(quiz_item_scene(it)->topic),
        result_id(quiz_item_choice(it, position)->result));
    long long n = place_int(db, sql);
    free(sql);
    free(ref);
    return n;
}

/* Answers the quiz's current question at position: stored, as another
 * connection reads it, while its feedback shows; then the next. */
static void answer_and_next(QuizSession *qs, const char *db, int position)
{
    VkError err;
    int i = qs->run.current;
    CHECK(quiz_session_answer(qs, position, &err) == 0);
    CHECK_INT(qs->run.phase, QUIZ_FEEDBACK);
    CHECK_INT(stored_as_answered(db, qs->attempt_id, &qs->run.quiz.items[i], i,
                                 position),
              1);
    char *sql = xasprintf("SELECT count(*) FROM answers WHERE attempt_id = "
                          "%lld",
                          qs->attempt_id);
    CHECK_INT(place_int(db, sql), i + 1);
    free(sql);
    CHECK(quiz_session_next(qs, &err) == 0);
}

/* Whether a run is at the same point with the same answers and points
 * (the quiz itself a run does not change). */
static bool same_run(const QuizRun *a, const QuizRun *b)
{
    return a->phase == b->phase && a->current == b->current &&
           memcmp(a->chosen, b->chosen, sizeof a->chosen) == 0 &&
           a->correct == b->correct && a->points == b->points &&
           a->max_points == b->max_points;
}

/* An answer the store refuses changes nothing: the same question stays,
 * nothing is stored. */
static void answer_refused(QuizSession *qs, const char *db)
{
    VkError err;
    QuizRun before = qs->run;
    CHECK(place_refuse(db, "INSERT", "answers"));
    CHECK(quiz_session_answer(qs, 1, &err) < 0);
    CHECK_CONTAINS(err.msg, "refused by the test");
    CHECK(same_run(&qs->run, &before));
    CHECK_INT(qs->run.phase, QUIZ_QUESTION);
    char *sql = xasprintf("SELECT count(*) FROM answers WHERE attempt_id = "
                          "%lld",
                          qs->attempt_id);
    CHECK_INT(place_int(db, sql), qs->run.current);
    free(sql);
    CHECK(place_allow(db, "answers"));
}

/* After the last question: every answer stored, the attempt finished
 * once and completed, and the learner's results read back from them. */
static void check_finished(Store *s, const char *db, const QuizSession *qs,
                           long long who)
{
    VkError err;
    CHECK_INT(place_int(db, "SELECT count(*) FROM answers"), QUIZ_LENGTH);
    char *sql = xasprintf("SELECT count(*) FROM attempts WHERE kind = 'quiz' "
                          "AND finished_at IS NOT NULL AND points = %d AND "
                          "max_points = %d",
                          qs->run.points, qs->run.max_points);
    CHECK_INT(place_int(db, sql), 1);
    free(sql);
    CHECK_INT(place_int(db, "SELECT count(*) FROM completions WHERE kind = "
                            "'quiz' AND role = 'staff'"),
              1);
    QuizResult *hist;
    int n;
    CHECK(store_quiz_history(s, who, 10, &hist, &n, &err) == 0);
    CHECK_INT(n, 1);
    if (n) {
        CHECK_INT(hist[0].score, quiz_run_score(&qs->run));
        CHECK_INT(hist[0].questions, QUIZ_LENGTH);
    }
    free(hist);
    bool going;
    int answered;
    CHECK(quiz_session_status(s, who, &going, &answered, &err) == 0);
    CHECK(!going);
    /* the levels per topic come from the answers just given */
    TopicLevels lv;
    CHECK(store_topic_levels(s, who, &lv, &err) == 0);
    int total = 0;
    for (int t = 0; t < TOPIC_COUNT; t++)
        total += lv.answered[t];
    CHECK_INT(total, QUIZ_LENGTH);
    /* what was just right, for the next draw to stay away from */
    char **recent;
    int nrecent;
    CHECK(store_recent_correct(s, who, 30, &recent, &nrecent, &err) == 0);
    CHECK_INT(nrecent, qs->run.correct);
    for (int i = 0; i < nrecent; i++)
        free(recent[i]);
    free(recent);
}

static long long quiz_learner(Store *s, const char *login)
{
    VkError err;
    bool created;
    Unit *units = NULL;
    int n = 0;
    CHECK(store_seed_units(s, (UnitSeed[]){{"Org", -1}}, 1, &created, &err) ==
          0);
    CHECK(store_list_units(s, &units, &n, &err) == 0 && n == 1);
    Learner le = {0};
    CHECK(n == 1 && store_save_learner(s, login, units[0].id, ROLE_STAFF, &le,
                                       &err) == 0);
    free(units);
    return le.id;
}

/* A quiz resumed from the store: answers stored before their feedback,
 * the same quiz on another day whatever the seed, finished once. */
static void test_session(void)
{
    char *db = place_new("q");
    VkError err;
    Store *s = fixture_open(db);
    long long who = quiz_learner(s, "stina");
    QuizSession qs;
    CHECK(quiz_session_open(&qs, s, &pools, who, "sv", 99, &err) == 0);
    char *sql = xasprintf("SELECT count(*) FROM attempts WHERE id = %lld AND "
                          "kind = 'quiz' AND lang = 'sv' AND plan != '' AND "
                          "finished_at IS NULL",
                          qs.attempt_id);
    CHECK_INT(place_int(db, sql), 1);
    free(sql);
    /* the drawn quiz is stored as its plan, to be resumed from */
    char *want = quiz_plan(&qs.run.quiz);
    sql = xasprintf("SELECT plan FROM attempts WHERE id = %lld", qs.attempt_id);
    char *plan = place_text(db, sql);
    CHECK_STR(plan, want);
    free(plan);
    free(sql);
    free(want);
    Quiz drawn = qs.run.quiz;
    for (int i = 0; i < 3; i++)
        answer_and_next(&qs, db, 0);
    answer_refused(&qs, db);
    bool going;
    int answered;
    CHECK(quiz_session_status(s, who, &going, &answered, &err) == 0);
    CHECK(going);
    CHECK_INT(answered, 3);
    store_close(s);

    /* another day, another seed: the same quiz continues at question 4 */
    s = fixture_open(db);
    CHECK(quiz_session_open(&qs, s, &pools, who, "sv", 12345, &err) == 0);
    CHECK_INT(qs.run.current, 3);
    CHECK(memcmp(&qs.run.quiz, &drawn, sizeof drawn) == 0);
    while (qs.run.current < QUIZ_LENGTH - 1)
        answer_and_next(&qs, db, qs.run.current % 3);
    CHECK(quiz_session_answer(&qs, 0, &err) == 0);
    QuizRun before = qs.run;
    CHECK(place_refuse(db, "UPDATE", "attempts"));
    CHECK(quiz_session_next(&qs, &err) < 0);
    CHECK(same_run(&qs.run, &before));
    CHECK_INT(place_int(db, "SELECT count(*) FROM completions"), 0);
    CHECK(place_allow(db, "attempts"));
    CHECK(quiz_session_next(&qs, &err) == 0);
    CHECK_INT(qs.run.phase, QUIZ_DONE);
    check_finished(s, db, &qs, who);
    CHECK(quiz_session_open(&qs, s, &pools, who, "sv", 5, &err) == 0);
    CHECK_INT(qs.run.current, 0);
    store_close(s);
    place_drop(db);
}

/* The questions answered right lately, as the store reads them. */
static int recent_count(Store *s, long long who, int days)
{
    VkError err;
    char **recent = NULL;
    int n = -1;
    CHECK(store_recent_correct(s, who, days, &recent, &n, &err) == 0);
    for (int i = 0; i < n; i++)
        free(recent[i]);
    free(recent);
    return n;
}

/* The quiz history's time is the store's clock when the quiz finished,
 * in UTC; the levels come from the latest answer to each question. */
static void check_history_by_clock(Store *s, long long who, long long attempt,
                                   long long t)
{
    VkError err;
    store_set_clock(s, t + 3600);
    CHECK(store_finish_attempt(s, attempt, 2, 4, 0, &err) == 0);
    QuizResult *hist = NULL;
    int n = 0;
    CHECK(store_quiz_history(s, who, 10, &hist, &n, &err) == 0);
    CHECK_INT(n, 1);
    if (n) {
        CHECK_STR(hist[0].finished_at, "2026-01-01T13:00:00Z");
        CHECK_INT(hist[0].score, 50);
        CHECK_INT(hist[0].questions, 2);
    }
    free(hist);
    TopicLevels lv;
    CHECK(store_topic_levels(s, who, &lv, &err) == 0);
    CHECK(lv.level[TOPIC_CISO] == 0.5);
    CHECK_INT(lv.answered[TOPIC_CISO], 2);
    /* q1 again, wrong this time: the latest answer counts */
    long long again = 0;
    CHECK(store_start_attempt(s, who, "quiz", 1, "quiz", "en", "", "", &again,
                              &err) == 0);
    CHECK(store_record_answer(s, again, 0, "quiz-ciso/q1", 1, TOPIC_CISO,
                              RESULT_WRONG, &err) == 0);
    CHECK(store_topic_levels(s, who, &lv, &err) == 0);
    CHECK(lv.level[TOPIC_CISO] == 0.0);
    CHECK_INT(lv.answered[TOPIC_CISO], 2);
    CHECK(lv.level[TOPIC_INTEGRITY] < 0);
}

/* "Answered right lately" counts its days back from the store's clock
 * (store_set_clock, as demo data and tests set it), to the second. */
static void test_recent_by_clock(void)
{
    char *db = place_new("recent");
    Store *s = fixture_open(db);
    long long who = quiz_learner(s, "rut");
    const long long t = 1767268800, day = 86400; /* 2026-01-01 12:00 UTC */
    VkError err;
    long long attempt = 0;
    store_set_clock(s, t);
    CHECK(store_start_attempt(s, who, "quiz", 1, "quiz", "en", "", "", &attempt,
                              &err) == 0);
    CHECK(store_record_answer(s, attempt, 0, "quiz-ciso/q1", 0, TOPIC_CISO,
                              RESULT_CORRECT, &err) == 0);
    CHECK(store_record_answer(s, attempt, 1, "quiz-ciso/q2", 1, TOPIC_CISO,
                              RESULT_WRONG, &err) == 0);
    CHECK_INT(place_int(db, "SELECT count(*) FROM answers"), 2);
    CHECK_INT(recent_count(s, who, 30), 1);
    store_set_clock(s, t + 30 * day);
    CHECK_INT(recent_count(s, who, 30), 1);
    store_set_clock(s, t + 30 * day + 1);
    CHECK_INT(recent_count(s, who, 30), 0);
    CHECK_INT(recent_count(s, who, 31), 1);
    check_history_by_clock(s, who, attempt, t);
    store_close(s);
    place_drop(db);
}

/* The streak: weeks in a row with a quiz, this week or from last week. */
static void test_streak(void)
{
    CHECK_INT(days_of_date("1970-01-01"), 0);
    CHECK_INT(days_of_date("2026-12-01T10:00:00Z"), 20788);
    CHECK_INT(days_of_date("no date"), -1);
    long today = days_of_date("2026-12-01"); /* a Tuesday */
    QuizResult h[] = {
        {"2026-11-30T08:00:00Z", 80, 10}, /* this week (Monday) */
        {"2026-11-24T08:00:00Z", 60, 10}, /* last week */
        {"2026-11-23T08:00:00Z", 70, 10}, /* last week again */
        {"2026-11-20T08:00:00Z", 50, 10}, /* the week before */
        {"2026-11-06T08:00:00Z", 90, 10}, /* after a gap */
    };
    CHECK_INT(quiz_streak_weeks(h, 5, today), 3);
    /* nothing yet this week: the streak still counts from last week */
    CHECK_INT(quiz_streak_weeks(h + 1, 4, today), 2);
    /* the last quiz two weeks ago: no streak */
    CHECK_INT(quiz_streak_weeks(h + 3, 2, today), 0);
    CHECK_INT(quiz_streak_weeks(NULL, 0, today), 0);
}

int main(int argc, char **argv)
{
    if (!place_init(argc, argv))
        return 2;
    i18n_init(VAKSAM_LOCALE_DIR);
    i18n_set_language("en");
    Diags d = {0};
    lessonset_load_dir(&pools, FIXTURES "/pools", &d);
    for (int i = 0; i < d.count; i++)
        fprintf(stderr, "%s\n", d.items[i]);
    CHECK_INT(d.count, 0);
    CHECK_INT(pools.count, TOPIC_COUNT);
    diags_free(&d);
    test_draw_basics();
    test_weighting();
    test_plan_and_run();
    test_session();
    test_recent_by_clock();
    test_streak();
    lessonset_free(&pools);
    place_done();
    return TEST_DONE();
}
