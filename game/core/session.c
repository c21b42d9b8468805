/*
 * session.c - lessons played against the store (see session.h).
 */
#include "session.h"

#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int save_place(Session *s, VkError *err)
{
    Player *p = &s->player;
    if (p->phase == PLAYER_SUMMARY)
        return store_finish_attempt(s->store, s->attempt_id, p->points,
                                    p->max_points, s->course_lessons, err);
    return store_set_position(s->store, s->attempt_id, player_scene(p)->id,
                              err);
}

/* Replays stored answers; false when they do not fit the lesson. */
static bool replay(Player *p, const StoredAnswer *a, int n)
{
    for (int i = 0; i < n; i++) {
        if (a[i].seq != i || !player_seek(p, a[i].scene_id) ||
            !player_choose(p, a[i].choice) || !player_continue(p))
            return false;
    }
    return true;
}

/* An attempt's plan holds the seed of its order of choices: "order:<hex>".
 * Attempts from before it have none and were shown in file order (0). */
static uint64_t plan_seed(const char *plan)
{
    unsigned long long seed = 0;
    if (plan && sscanf(plan, "order:%16llx", &seed) != 1)
        seed = 0;
    return (uint64_t)seed;
}

int session_open(Session *s, Store *store, const Lesson *l, int course_lessons,
                 long long learner_id, const char *lang, uint64_t seed,
                 VkError *err)
{
    memset(s, 0, sizeof *s);
    s->store = store;
    s->course_lessons = course_lessons;
    Attempt at = {0};
    int found = store_latest_attempt(store, learner_id, l->id, &at, err);
    if (found < 0)
        return -1;
    if (found && (at.finished || at.lesson_version != l->version))
        attempt_clear(&at);
    if (found && !at.finished && at.lesson_version == l->version) {
        player_start(&s->player, l, plan_seed(at.plan));
        attempt_clear(&at);
        StoredAnswer *answers;
        int n;
        if (store_attempt_answers(store, at.id, &answers, &n, err) < 0)
            return -1;
        bool ok = replay(&s->player, answers, n);
        free(answers);
        if (ok) {
            s->attempt_id = at.id;
            if (at.position[0])
                player_seek(&s->player, at.position);
            /* answered to the end but not marked finished: finish now */
            return s->player.phase == PLAYER_SUMMARY ? save_place(s, err) : 0;
        }
        /* answers that no longer fit (the lesson changed without a new
         * version): leave that attempt as it is and start afresh */
    }
    player_start(&s->player, l, seed);
    char plan[32];
    snprintf(plan, sizeof plan, "order:%016llx", (unsigned long long)seed);
    return store_start_attempt(store, learner_id, l->id, l->version, l->kind,
                               lang, l->scenes[l->start].id, plan,
                               &s->attempt_id, err);
}

int session_choose(Session *s, int i, VkError *err)
{
    Player *p = &s->player;
    const Scene *sc = player_scene(p);
    if (p->phase != PLAYER_SCENE || i < 0 || i >= sc->nchoices) {
        vk_error_set(err, _("there is no choice %d here"), i + 1);
        return -1;
    }
    if (store_record_answer(s->store, s->attempt_id, p->decisions, sc->id, i,
                            sc->topic, sc->choices[i].result, err) < 0)
        return -1;
    player_choose(p, i);
    return 0;
}

int session_continue(Session *s, VkError *err)
{
    Player before = s->player;
    if (!player_continue(&s->player))
        return 0;
    if (save_place(s, err) < 0) {
        s->player = before;
        return -1;
    }
    return 0;
}

int session_status(Store *store, long long learner_id, const Lesson *l,
                   LessonState *state, int *score, VkError *err)
{
    Attempt at = {0};
    int found = store_latest_attempt(store, learner_id, l->id, &at, err);
    if (found < 0)
        return -1;
    attempt_clear(&at);
    *score = 0;
    if (!found)
        *state = LESSON_NOT_STARTED;
    else if (!at.finished)
        *state = at.lesson_version == l->version ? LESSON_IN_PROGRESS
                                                 : LESSON_NOT_STARTED;
    else {
        *state = LESSON_DONE;
        *score = score_percent(at.points, at.max_points);
    }
    return 0;
}

/* ---- quizzes ---- */

#define QUIZ_ID "quiz"
enum { QUIZ_VERSION = 1 };

static int quiz_replay(QuizRun *r, const StoredAnswer *a, int n)
{
    for (int i = 0; i < n; i++) {
        const QuizItem *it = &r->quiz.items[r->current];
        int position = -1;
        for (int p = 0; p < it->nchoices; p++)
            if (it->order[p] == a[i].choice)
                position = p;
        if (a[i].seq != i || !quiz_run_answer(r, position) || !quiz_run_next(r))
            return -1;
    }
    return 0;
}

/* The history the draw weighs: topic levels and recent right answers. */
static int draw_new(QuizSession *q, const LessonSet *set, long long learner_id,
                    uint64_t seed, Quiz *quiz, VkError *err)
{
    TopicLevels lv;
    char **recent;
    int nrecent;
    if (store_topic_levels(q->store, learner_id, &lv, err) < 0 ||
        store_recent_correct(q->store, learner_id, QUIZ_RECENT_DAYS, &recent,
                             &nrecent, err) < 0)
        return -1;
    QuizHistory h = {.recent = (const char **)recent, .nrecent = nrecent};
    for (int t = 0; t < TOPIC_COUNT; t++)
        h.level[t] = lv.level[t];
    quiz_draw(quiz, set, &h, seed);
    for (int i = 0; i < nrecent; i++)
        free(recent[i]);
    free(recent);
    return 0;
}

int quiz_session_open(QuizSession *q, Store *store, const LessonSet *set,
                      long long learner_id, const char *lang, uint64_t seed,
                      VkError *err)
{
    memset(q, 0, sizeof *q);
    q->store = store;
    Attempt at = {0};
    int found = store_latest_attempt(store, learner_id, QUIZ_ID, &at, err);
    if (found < 0)
        return -1;
    Quiz quiz;
    if (found && !at.finished && quiz_from_plan(&quiz, set, at.plan)) {
        StoredAnswer *answers;
        int n;
        attempt_clear(&at);
        if (store_attempt_answers(store, at.id, &answers, &n, err) < 0)
            return -1;
        quiz_run_start(&q->run, &quiz);
        int rc = quiz_replay(&q->run, answers, n);
        free(answers);
        if (rc == 0) {
            q->attempt_id = at.id;
            return 0;
        }
    }
    attempt_clear(&at);
    if (draw_new(q, set, learner_id, seed, &quiz, err) < 0)
        return -1;
    if (quiz.count == 0) {
        vk_error_set(err, _("there are no quiz questions to draw from"));
        return -1;
    }
    quiz_run_start(&q->run, &quiz);
    char *plan = quiz_plan(&quiz);
    int rc = store_start_attempt(store, learner_id, QUIZ_ID, QUIZ_VERSION,
                                 "quiz", lang, "", plan, &q->attempt_id, err);
    free(plan);
    return rc;
}

int quiz_session_answer(QuizSession *q, int position, VkError *err)
{
    QuizRun *r = &q->run;
    if (r->phase != QUIZ_QUESTION) {
        vk_error_set(err, _("there is no question to answer"));
        return -1;
    }
    const QuizItem *it = &r->quiz.items[r->current];
    if (position < 0 || position >= it->nchoices) {
        vk_error_set(err, _("there is no choice %d here"), position + 1);
        return -1;
    }
    char *ref = quiz_item_ref(it);
    int rc =
        store_record_answer(q->store, q->attempt_id, r->current, ref,
                            it->order[position], quiz_item_scene(it)->topic,
                            quiz_item_choice(it, position)->result, err);
    free(ref);
    if (rc < 0)
        return -1;
    quiz_run_answer(r, position);
    return 0;
}

int quiz_session_next(QuizSession *q, VkError *err)
{
    QuizRun before = q->run;
    if (!quiz_run_next(&q->run))
        return 0;
    if (q->run.phase == QUIZ_DONE &&
        store_finish_attempt(q->store, q->attempt_id, q->run.points,
                             q->run.max_points, 0, err) < 0) {
        q->run = before;
        return -1;
    }
    return 0;
}

int quiz_session_status(Store *store, long long learner_id, bool *in_progress,
                        int *answered, VkError *err)
{
    Attempt at = {0};
    *in_progress = false;
    *answered = 0;
    int found = store_latest_attempt(store, learner_id, QUIZ_ID, &at, err);
    attempt_clear(&at);
    if (found <= 0)
        return found;
    if (!at.finished) {
        StoredAnswer *a;
        int n;
        if (store_attempt_answers(store, at.id, &a, &n, err) < 0)
            return -1;
        free(a);
        *in_progress = true;
        *answered = n;
    }
    return 0;
}

long days_of_date(const char *date)
{
    int y, m, d;
    if (!date || sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 ||
        m > 12 || d < 1 || d > 31)
        return -1;
    /* days from civil (Howard Hinnant's algorithm) */
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Monday-based week number: 1970-01-01 was a Thursday. */
static long week_of(long days)
{
    return (days + 3) / 7;
}

int quiz_streak_weeks(const QuizResult *history, int n, long today)
{
    long want = week_of(today);
    int streak = 0;
    for (int i = 0; i < n; i++) {
        long d = days_of_date(history[i].finished_at);
        if (d < 0)
            continue;
        long w = week_of(d);
        if (w == want) { /* this week counted: look for the one before */
            streak++;
            want--;
        } else if (w < want) {
            if (streak == 0 && w == want - 1) { /* this week not yet */
                streak = 1;
                want = w - 1;
            } else {
                break;
            }
        }
    }
    return streak;
}
