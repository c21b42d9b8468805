/*
 * test_session.c - a learner's play of a lesson against the store
 * (session.c), run once on SQLite and once on PostgreSQL (test_place.h;
 * the argument says which), each reading back what is really stored:
 * an answer is in the store, for another connection, while its feedback
 * is shown, and the scene reached is saved as the learner moves on; a
 * write the store refuses (place_refuse) moves the player not at all and
 * the same step then goes through; an answer waits for a lock another
 * program holds and then goes through; a lesson resumed mid-way in a new
 * program run at the same scene with the same meters; an answer that
 * survives the process being killed right after it was given; an attempt
 * answered to the end but never marked finished is finished on opening;
 * a new lesson version, or stored answers that no longer fit the lesson,
 * start afresh and leave the old attempt as it was; a course of two
 * lessons completed by the second, once; each attempt's order of choices
 * kept with it.
 *
 * SQLite's own cases stay in core.store and core.store_check: a lock held
 * past SQLite's busy timeout (the server's store has no such timeout),
 * damage met while playing.
 */
#include "i18n.h"
#include "session.h"
#include "store.h"

#include "../store_fixture.h"
#include "../test.h"
#include "../test_place.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* A count of the rows of sql ("... WHERE" left open) for one attempt. */
static long long count_for(const char *path, const char *sql, long long id)
{
    char *q = xasprintf("%s %lld", sql, id);
    long long n = place_int(path, q);
    free(q);
    return n;
}

#define ANSWERS_OF "SELECT count(*) FROM answers WHERE attempt_id ="
#define POSITION_IS(scene)                                                     \
    "SELECT count(*) FROM attempts WHERE position = '" scene "' AND "          \
    "finished_at IS NULL AND id ="

/* Every answer is stored before its feedback shows, and every step on
 * saves the scene reached: another connection sees each as it happens. */
static void test_stored_before_feedback(void)
{
    char *path = place_new("feedback");
    VkError err;
    Store *s = fixture_open(path);
    Lesson *l = fixture();
    long long who = make_learner(s, "eva");
    Session ses;
    CHECK(session_open(&ses, s, l, 1, who, "sv", 0, &err) == 0);
    long long id = ses.attempt_id;
    CHECK_INT(count_for(path, POSITION_IS("one"), id), 1);
    CHECK(session_continue(&ses, &err) == 0);
    CHECK_INT(count_for(path, POSITION_IS("choose"), id), 1);
    CHECK_INT(count_for(path, ANSWERS_OF, id), 0);
    CHECK(session_choose(&ses, 1, &err) == 0); /* Middling */
    CHECK_INT(ses.player.phase, PLAYER_FEEDBACK);
    CHECK_INT(count_for(path,
                        "SELECT count(*) FROM answers WHERE seq = 0 AND "
                        "scene_id = 'choose' AND choice = 1 AND result = "
                        "'partly' AND topic = 'responsibility' AND "
                        "attempt_id =",
                        id),
              1);
    /* stamped with the learner's unit and role as they answered */
    CHECK_INT(count_for(path,
                        "SELECT count(*) FROM answers a JOIN attempts t ON "
                        "t.id = a.attempt_id JOIN learners l ON l.id = "
                        "t.learner_id WHERE a.unit_id = l.unit_id AND "
                        "a.role = 'manager' AND t.id =",
                        id),
              1);
    CHECK(session_continue(&ses, &err) == 0); /* -> last */
    CHECK_INT(count_for(path, POSITION_IS("last"), id), 1);
    CHECK(session_choose(&ses, 1, &err) == 0); /* No */
    CHECK_INT(ses.player.phase, PLAYER_FEEDBACK);
    CHECK_INT(count_for(path,
                        "SELECT count(*) FROM answers WHERE seq = 1 AND "
                        "scene_id = 'last' AND choice = 1 AND result = "
                        "'wrong' AND topic = 'ciso' AND attempt_id =",
                        id),
              1);
    /* not finished until the learner moves on */
    CHECK_INT(count_for(path, POSITION_IS("last"), id), 1);
    CHECK(session_continue(&ses, &err) == 0); /* -> summary */
    CHECK_INT(ses.player.phase, PLAYER_SUMMARY);
    char *sql = xasprintf("SELECT count(*) FROM attempts WHERE id = %lld AND "
                          "finished_at IS NOT NULL AND points = %d AND "
                          "max_points = %d AND lang = 'sv'",
                          id, ses.player.points, ses.player.max_points);
    CHECK_INT(place_int(path, sql), 1);
    free(sql);
    CHECK(ses.player.max_points > 0);
    CHECK_INT(count_for(path, ANSWERS_OF, id), 2);
    store_close(s);
    lesson_free(l);
    place_drop(path);
}

/* Whether two players are at the same point with the same meters and
 * points (field by field: a struct's padding is not its value). */
static bool same_player(const Player *a, const Player *b)
{
    return a->lesson == b->lesson && a->phase == b->phase &&
           a->scene == b->scene && a->chosen == b->chosen &&
           memcmp(a->meters, b->meters, sizeof a->meters) == 0 &&
           memcmp(a->last_delta, b->last_delta, sizeof a->last_delta) == 0 &&
           a->points == b->points && a->max_points == b->max_points &&
           a->decisions == b->decisions;
}

/* A write the store refuses changes nothing: not the player, not the
 * store; the same step goes through once the store takes it. */
static void test_refused_moves_nothing(void)
{
    char *path = place_new("refused");
    VkError err;
    Store *s = fixture_open(path);
    Lesson *l = fixture();
    long long who = make_learner(s, "fia");
    Session ses;
    CHECK(session_open(&ses, s, l, 1, who, "en", 0, &err) == 0);
    long long id = ses.attempt_id;
    CHECK(session_continue(&ses, &err) == 0); /* -> choose */
    Player before = ses.player;

    CHECK(place_refuse(path, "INSERT", "answers"));
    CHECK(session_choose(&ses, 2, &err) < 0);
    CHECK_CONTAINS(err.msg, "refused by the test");
    CHECK(same_player(&ses.player, &before));
    CHECK_INT(count_for(path, ANSWERS_OF, id), 0);
    CHECK(place_allow(path, "answers"));
    CHECK(session_choose(&ses, 2, &err) == 0); /* Bad */
    CHECK_INT(count_for(path, ANSWERS_OF, id), 1);

    /* moving on saves the scene reached: refused, the feedback stays */
    before = ses.player;
    CHECK(place_refuse(path, "UPDATE", "attempts"));
    CHECK(session_continue(&ses, &err) < 0);
    CHECK_CONTAINS(err.msg, "refused by the test");
    CHECK(same_player(&ses.player, &before));
    CHECK_INT(count_for(path, POSITION_IS("choose"), id), 1);
    CHECK(place_allow(path, "attempts"));
    CHECK(session_continue(&ses, &err) == 0);
    CHECK_STR(player_scene(&ses.player)->id, "detour");
    CHECK_INT(count_for(path, POSITION_IS("detour"), id), 1);

    /* and finishing: refused, the lesson is not finished anywhere */
    CHECK(session_continue(&ses, &err) == 0);  /* -> last */
    CHECK(session_choose(&ses, 0, &err) == 0); /* Yes */
    before = ses.player;
    CHECK(place_refuse(path, "UPDATE", "attempts"));
    CHECK(session_continue(&ses, &err) < 0);
    CHECK(same_player(&ses.player, &before));
    CHECK_INT(count_for(path, POSITION_IS("last"), id), 1);
    CHECK_INT(place_int(path, "SELECT count(*) FROM completions"), 0);
    CHECK(place_allow(path, "attempts"));
    CHECK(session_continue(&ses, &err) == 0);
    CHECK_INT(ses.player.phase, PLAYER_SUMMARY);
    CHECK_INT(count_for(path,
                        "SELECT count(*) FROM attempts WHERE finished_at IS "
                        "NOT NULL AND id =",
                        id),
              1);
    CHECK_INT(place_int(path, "SELECT count(*) FROM completions"), 1);
    store_close(s);
    lesson_free(l);
    place_drop(path);
}

/* Another program holds the lock every answer's write waits for: the
 * answer waits, then goes through and is stored once. (SQLite's busy
 * timeout running out first: test_store.c.) */
static void test_waits_for_lock(void)
{
    char *path = place_new("lock");
    VkError err;
    Store *s = fixture_open(path);
    Lesson *l = fixture();
    long long who = make_learner(s, "jon");
    Session ses;
    CHECK(session_open(&ses, s, l, 1, who, "en", 0, &err) == 0);
    CHECK(session_continue(&ses, &err) == 0); /* -> choose */
    struct timespec t0, t1;
    pid_t other = place_hold_lock(path, 400);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK(session_choose(&ses, 0, &err) == 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long long ms =
        (t1.tv_sec - t0.tv_sec) * 1000LL + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    printf("the answer waited %lld ms for the other program's lock\n", ms);
    CHECK(ms >= 300);
    int status = -1;
    CHECK(other > 0 && waitpid(other, &status, 0) == other);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK_INT(ses.player.phase, PLAYER_FEEDBACK);
    CHECK_INT(count_for(path, ANSWERS_OF, ses.attempt_id), 1);
    store_close(s);
    lesson_free(l);
    place_drop(path);
}

static void test_resume(void)
{
    char *path = place_new("resume");
    VkError err;
    Store *s = fixture_open(path);
    Lesson *l = fixture();
    long long who = make_learner(s, "bo");
    Session ses;
    CHECK(session_open(&ses, s, l, 1, who, "sv", 0, &err) == 0);
    long long attempt = ses.attempt_id;
    CHECK(session_continue(&ses, &err) == 0);  /* one -> choose */
    CHECK(session_choose(&ses, 2, &err) == 0); /* Bad */
    CHECK(session_continue(&ses, &err) == 0);  /* -> detour */
    CHECK_STR(player_scene(&ses.player)->id, "detour");
    Player before = ses.player;
    LessonState state;
    int score;
    CHECK(session_status(s, who, l, &state, &score, &err) == 0);
    CHECK_INT(state, LESSON_IN_PROGRESS);
    store_close(s);

    /* a new program run continues at the same scene with the same meters */
    s = fixture_open(path);
    CHECK(session_open(&ses, s, l, 1, who, "sv", 0, &err) == 0);
    CHECK_INT(ses.attempt_id, attempt);
    CHECK_STR(player_scene(&ses.player)->id, "detour");
    CHECK_INT(ses.player.phase, PLAYER_SCENE);
    for (int m = 0; m < METER_COUNT; m++)
        CHECK_INT(ses.player.meters[m], before.meters[m]);
    CHECK_INT(ses.player.points, before.points);
    CHECK(session_continue(&ses, &err) == 0);  /* -> last */
    CHECK(session_choose(&ses, 0, &err) == 0); /* Yes */
    CHECK(session_continue(&ses, &err) == 0);  /* -> summary */
    CHECK_INT(ses.player.phase, PLAYER_SUMMARY);
    CHECK(session_status(s, who, l, &state, &score, &err) == 0);
    CHECK_INT(state, LESSON_DONE);
    CHECK_INT(score, 50);
    CHECK_INT(place_int(path, "SELECT count(*) FROM answers"), 2);
    CHECK_INT(place_int(path, "SELECT count(*) FROM answers WHERE "
                              "scene_id = 'choose' AND choice = 2 AND "
                              "result = 'wrong' AND topic = 'responsibility'"),
              1);
    CHECK_INT(place_int(path, "SELECT count(*) FROM attempts WHERE "
                              "lang = 'sv' AND lesson_version = 2 AND "
                              "finished_at IS NOT NULL"),
              1);

    /* a finished lesson starts again as a new attempt */
    CHECK(session_open(&ses, s, l, 1, who, "en", 0, &err) == 0);
    CHECK(ses.attempt_id != attempt);
    CHECK_STR(player_scene(&ses.player)->id, "one");
    /* a choice that does not exist is refused and stores nothing */
    CHECK(session_choose(&ses, 0, &err) < 0);
    CHECK_INT(place_int(path, "SELECT count(*) FROM answers"), 2);
    store_close(s);
    lesson_free(l);
    place_drop(path);
}

/* The order at the fixture's decision "choose" as a number: 100a+10b+c. */
static int order_at_choose(Session *ses, VkError *err)
{
    if (strcmp(player_scene(&ses->player)->id, "choose") != 0)
        CHECK(session_continue(ses, err) == 0);
    CHECK_STR(player_scene(&ses->player)->id, "choose");
    int o[LESSON_MAX_CHOICES];
    player_order(&ses->player, o);
    return 100 * o[0] + 10 * o[1] + o[2];
}

/* Plays the rest of the lesson with the first choice of each decision. */
static void finish(Session *ses, VkError *err)
{
    for (int guard = 0; guard < 20 && ses->player.phase != PLAYER_SUMMARY;
         guard++) {
        bool decide = ses->player.phase == PLAYER_SCENE &&
                      player_scene(&ses->player)->nchoices;
        CHECK((decide ? session_choose(ses, 0, err)
                      : session_continue(ses, err)) == 0);
    }
    CHECK_INT(ses->player.phase, PLAYER_SUMMARY);
}

/* Each attempt shows its choices in its own order, kept with the attempt:
 * a resume in a new program run (with another seed) shows the same order,
 * the answer is stored as the file's choice whatever its position, a new
 * attempt shows another order, and an attempt from before orders were
 * kept (no plan) resumes in the file's order, as it was shown. */
static void test_order_kept(void)
{
    char *path = place_new("order");
    VkError err;
    Store *s = fixture_open(path);
    Lesson *l = fixture();
    long long who = make_learner(s, "ola");
    Session ses;
    CHECK(session_open(&ses, s, l, 1, who, "en", 7, &err) == 0);
    long long attempt = ses.attempt_id;
    int first = order_at_choose(&ses, &err);
    CHECK(first != 12); /* seed 7 does not give the file's order */
    CHECK_INT(count_for(path,
                        "SELECT count(*) FROM attempts WHERE plan = "
                        "'order:0000000000000007' AND id =",
                        attempt),
              1);
    store_close(s);
    s = fixture_open(path);
    CHECK(session_open(&ses, s, l, 1, who, "en", 99, &err) == 0);
    CHECK_INT(ses.attempt_id, attempt);
    CHECK_INT(order_at_choose(&ses, &err), first);
    /* the choice shown first is stored as the file's choice it is */
    CHECK(session_choose(&ses, first / 100, &err) == 0);
    char *q = xasprintf("SELECT count(*) FROM answers WHERE choice = %d AND "
                        "attempt_id =",
                        first / 100);
    CHECK_INT(count_for(path, q, attempt), 1);
    free(q);
    CHECK(session_continue(&ses, &err) == 0);
    finish(&ses, &err);
    /* new attempts, each with its own seed, show other orders */
    int other = 0;
    for (uint64_t seed = 100; seed < 110; seed++) {
        CHECK(session_open(&ses, s, l, 1, who, "en", seed, &err) == 0);
        CHECK(ses.attempt_id != attempt);
        other += order_at_choose(&ses, &err) != first;
        finish(&ses, &err);
    }
    CHECK(other >= 5);
    store_close(s);
    /* an attempt kept before orders were: the file's order */
    s = fixture_open(path);
    CHECK(session_open(&ses, s, l, 1, who, "en", 5, &err) == 0);
    CHECK(place_exec(path, "UPDATE attempts SET plan = '' WHERE "
                           "finished_at IS NULL"));
    CHECK(session_open(&ses, s, l, 1, who, "en", 5, &err) == 0);
    CHECK_INT(order_at_choose(&ses, &err), 12);
    store_close(s);
    lesson_free(l);
    place_drop(path);
}

/* An answer is stored when the call returns: kill the process right
 * after it and the answer is still there. */
static void test_answer_survives_kill(void)
{
    char *path = place_new("kill");
    VkError err;
    Store *s = fixture_open(path);
    Lesson *l = fixture();
    long long who = make_learner(s, "cleo");
    store_close(s);
    pid_t pid = fork();
    if (pid == 0) {
        Store *cs = store_open(path, &err);
        Session ses;
        if (!cs || session_open(&ses, cs, l, 1, who, "en", 0, &err) < 0 ||
            session_continue(&ses, &err) < 0 ||
            session_choose(&ses, 1, &err) < 0)
            _exit(1);
        lesson_free(l); /* the parent's copies (valgrind checks children) */
        free(path);
        kill(getpid(), SIGKILL); /* no store_close, no cleanup */
        _exit(2);
    }
    int status;
    waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    s = fixture_open(path);
    Session ses;
    CHECK(session_open(&ses, s, l, 1, who, "en", 0, &err) == 0);
    CHECK_INT(ses.player.decisions, 1);
    CHECK_STR(player_scene(&ses.player)->id, "last");
    CHECK_INT(ses.player.meters[METER_TRUST], 45);
    store_close(s);
    lesson_free(l);
    place_drop(path);
}

/* An attempt of the fixture lesson with stored answers (scene, choice),
 * as another machine or an older program left it: not finished. */
static long long stored_attempt(Store *s, long long who, int version,
                                const char *const *scenes, const int *choices,
                                int n)
{
    VkError err;
    long long id = 0;
    CHECK(store_start_attempt(s, who, "fixture", version, "course", "en",
                              scenes[n - 1], "", &id, &err) == 0);
    for (int i = 0; i < n; i++)
        CHECK(store_record_answer(s, id, i, scenes[i], choices[i],
                                  TOPIC_RESPONSIBILITY, RESULT_CORRECT,
                                  &err) == 0);
    return id;
}

/* Answered to the end but never marked finished (the program stopped in
 * between): opening it finishes it, with its points. */
static void test_finished_on_open(void)
{
    char *path = place_new("unfinished");
    VkError err;
    Store *s = fixture_open(path);
    Lesson *l = fixture();
    long long who = make_learner(s, "gun");
    const char *scenes[] = {"choose", "last"};
    long long id = stored_attempt(s, who, l->version, scenes, (int[]){0, 0}, 2);
    Session ses;
    CHECK(session_open(&ses, s, l, 1, who, "en", 0, &err) == 0);
    CHECK_INT(ses.attempt_id, id);
    CHECK_INT(ses.player.phase, PLAYER_SUMMARY);
    char *sql = xasprintf("SELECT count(*) FROM attempts WHERE id = %lld AND "
                          "finished_at IS NOT NULL AND points = %d AND "
                          "max_points = %d",
                          id, ses.player.points, ses.player.max_points);
    CHECK_INT(place_int(path, sql), 1);
    free(sql);
    LessonState state;
    int score;
    CHECK(session_status(s, who, l, &state, &score, &err) == 0);
    CHECK_INT(state, LESSON_DONE);
    CHECK_INT(score, 100);
    CHECK_INT(place_int(path, "SELECT count(*) FROM completions"), 1);
    store_close(s);
    lesson_free(l);
    place_drop(path);
}

/* A new version of the lesson, or stored answers that no longer fit it
 * (changed without a new version), start afresh; the old attempt stays
 * as it was, its answers with it. */
static void test_afresh(void)
{
    char *path = place_new("afresh");
    VkError err;
    Store *s = fixture_open(path);
    Lesson *l = fixture();
    long long who = make_learner(s, "hugo");
    const char *scenes[] = {"choose"};
    long long old = stored_attempt(s, who, l->version, scenes, (int[]){2}, 1);
    l->version++;
    LessonState state;
    int score;
    CHECK(session_status(s, who, l, &state, &score, &err) == 0);
    CHECK_INT(state, LESSON_NOT_STARTED);
    Session ses;
    CHECK(session_open(&ses, s, l, 1, who, "en", 0, &err) == 0);
    CHECK(ses.attempt_id != old);
    CHECK_STR(player_scene(&ses.player)->id, "one");
    CHECK_INT(ses.player.decisions, 0);
    char *sql = xasprintf("SELECT count(*) FROM attempts WHERE id = %lld "
                          "AND lesson_version = %d AND position = 'one'",
                          ses.attempt_id, l->version);
    CHECK_INT(place_int(path, sql), 1);
    free(sql);
    CHECK_INT(count_for(path, ANSWERS_OF, old), 1);
    CHECK_INT(count_for(path, POSITION_IS("choose"), old), 1);

    const char *gone[] = {"choose", "gone"};
    long long misfit =
        stored_attempt(s, who, l->version, gone, (int[]){0, 0}, 2);
    CHECK(session_open(&ses, s, l, 1, who, "en", 0, &err) == 0);
    CHECK(ses.attempt_id != misfit && ses.attempt_id > 0);
    CHECK_STR(player_scene(&ses.player)->id, "one");
    CHECK_INT(count_for(path, ANSWERS_OF, misfit), 2);
    CHECK_INT(count_for(path, POSITION_IS("gone"), misfit), 1);
    CHECK_INT(place_int(path, "SELECT count(*) FROM attempts"), 4);
    CHECK_INT(place_int(path, "SELECT count(*) FROM completions"), 0);
    store_close(s);
    lesson_free(l);
    place_drop(path);
}

/* Plays a lesson from its start to its summary, right answers only. */
static void play_through(Store *s, const Lesson *l, long long who)
{
    VkError err;
    Session ses;
    CHECK(session_open(&ses, s, l, 2, who, "en", 0, &err) == 0);
    for (int steps = 0; ses.player.phase != PLAYER_SUMMARY && steps < 20;
         steps++) {
        if (ses.player.phase == PLAYER_SCENE &&
            player_scene(&ses.player)->nchoices > 0)
            CHECK(session_choose(&ses, 0, &err) == 0);
        else
            CHECK(session_continue(&ses, &err) == 0);
    }
    CHECK_INT(ses.player.phase, PLAYER_SUMMARY);
}

/* A course of two lessons: the first finished completes nothing, the
 * second completes the course (for the learner's unit and role), and a
 * lesson played again after it completes nothing more. */
static void test_course_of_two(void)
{
    char *path = place_new("course");
    Store *s = fixture_open(path);
    Lesson *first = fixture(), *second = fixture();
    second->id = "fixture-two";
    long long who = make_learner(s, "ines");
    play_through(s, first, who);
    CHECK_INT(place_int(path, "SELECT count(*) FROM completions"), 0);
    play_through(s, second, who);
    char *sql = xasprintf("SELECT count(*) FROM completions c JOIN learners "
                          "l ON l.id = c.learner_id WHERE c.kind = 'course' "
                          "AND c.unit_id = l.unit_id AND c.role = 'manager' "
                          "AND l.id = %lld",
                          who);
    CHECK_INT(place_int(path, sql), 1);
    free(sql);
    CHECK_INT(place_int(path, "SELECT count(*) FROM completions c JOIN "
                              "attempts t ON t.id = c.attempt_id WHERE "
                              "t.lesson_id = 'fixture-two'"),
              1);
    play_through(s, first, who);
    CHECK_INT(place_int(path, "SELECT count(*) FROM completions"), 1);
    CHECK_INT(place_int(path, "SELECT count(*) FROM attempts WHERE "
                              "finished_at IS NOT NULL"),
              3);
    store_close(s);
    lesson_free(first);
    lesson_free(second);
    place_drop(path);
}

int main(int argc, char **argv)
{
    i18n_init(VAKSAM_LOCALE_DIR);
    i18n_set_language("en");
    umask(022);
    if (!place_init(argc, argv))
        return 2;
    test_stored_before_feedback();
    test_refused_moves_nothing();
    test_waits_for_lock();
    test_resume();
    test_order_kept();
    test_answer_survives_kill();
    test_finished_on_open();
    test_afresh();
    test_course_of_two();
    place_done();
    return TEST_DONE();
}
