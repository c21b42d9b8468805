/*
 * quiz.c - drawing and playing quizzes (see quiz.h).
 */
#include "quiz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A uniform number in [0, 1). */
static double uniform(uint64_t *state)
{
    return (double)(vk_random(state) >> 11) * (1.0 / 9007199254740992.0);
}

double quiz_topic_weight(double level)
{
    if (level < 0)
        level = 0.5;
    if (level > 1)
        level = 1;
    return 1.0 + 3.0 * (1.0 - level); /* a weak topic counts up to 4x */
}

enum { RECENT_WEIGHT_PERCENT = 20 }; /* a question answered right lately */

typedef struct Candidate {
    const Lesson *pool;
    int question;
    double weight;
    bool taken;
} Candidate;

static bool is_recent(const QuizHistory *h, const Lesson *pool, const Scene *s)
{
    size_t np = strlen(pool->id);
    for (int i = 0; h && i < h->nrecent; i++) {
        const char *r = h->recent[i];
        if (strncmp(r, pool->id, np) == 0 && r[np] == '/' &&
            strcmp(r + np + 1, s->id) == 0)
            return true;
    }
    return false;
}

static void shuffle_choices(QuizItem *it, uint64_t *rng)
{
    it->nchoices = quiz_item_scene(it)->nchoices;
    vk_shuffle(it->order, it->nchoices, rng);
}

void quiz_draw(Quiz *q, const LessonSet *set, const QuizHistory *h,
               uint64_t seed)
{
    memset(q, 0, sizeof *q);
    uint64_t rng = seed;
    int n = 0;
    for (int i = 0; i < set->count; i++)
        if (set->items[i]->quiz)
            n += set->items[i]->nscenes;
    Candidate *c = xcalloc((size_t)(n ? n : 1), sizeof *c);
    int k = 0;
    for (int i = 0; i < set->count; i++) {
        const Lesson *pool = set->items[i];
        if (!pool->quiz)
            continue;
        for (int s = 0; s < pool->nscenes; s++) {
            const Scene *sc = &pool->scenes[s];
            double w = quiz_topic_weight(h ? h->level[sc->topic] : -1);
            if (is_recent(h, pool, sc))
                w = w * RECENT_WEIGHT_PERCENT / 100;
            c[k++] = (Candidate){pool, s, w, false};
        }
    }
    int per_topic[TOPIC_COUNT] = {0};
    while (q->count < QUIZ_LENGTH) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            Topic t = c[i].pool->scenes[c[i].question].topic;
            if (!c[i].taken && per_topic[t] < QUIZ_MAX_PER_TOPIC)
                total += c[i].weight;
        }
        if (total <= 0)
            break; /* fewer questions than a quiz: take what there is */
        double x = uniform(&rng) * total;
        int pick = -1;
        for (int i = 0; i < n; i++) {
            Topic t = c[i].pool->scenes[c[i].question].topic;
            if (c[i].taken || per_topic[t] >= QUIZ_MAX_PER_TOPIC)
                continue;
            pick = i;
            x -= c[i].weight;
            if (x < 0)
                break;
        }
        c[pick].taken = true;
        per_topic[c[pick].pool->scenes[c[pick].question].topic]++;
        QuizItem *it = &q->items[q->count++];
        it->pool = c[pick].pool;
        it->question = c[pick].question;
        shuffle_choices(it, &rng);
    }
    free(c);
}

char *quiz_item_ref(const QuizItem *it)
{
    return xasprintf("%s/%s", it->pool->id, quiz_item_scene(it)->id);
}

const Scene *quiz_item_scene(const QuizItem *it)
{
    return &it->pool->scenes[it->question];
}

const Choice *quiz_item_choice(const QuizItem *it, int position)
{
    return &quiz_item_scene(it)->choices[it->order[position]];
}

char *quiz_plan(const Quiz *q)
{
    StrBuf sb = {0};
    strbuf_append(&sb, "", 0);
    for (int i = 0; i < q->count; i++) {
        const QuizItem *it = &q->items[i];
        strbuf_printf(&sb, "%s%s/%s:", i ? ";" : "", it->pool->id,
                      quiz_item_scene(it)->id);
        for (int c = 0; c < it->nchoices; c++)
            strbuf_printf(&sb, "%d", it->order[c]);
    }
    return sb.data;
}

bool quiz_from_plan(Quiz *q, const LessonSet *set, const char *plan)
{
    memset(q, 0, sizeof *q);
    char *copy = xstrdup(plan), *save = NULL;
    bool ok = true;
    for (char *item = strtok_r(copy, ";", &save); item && ok;
         item = strtok_r(NULL, ";", &save)) {
        char *slash = strchr(item, '/'), *colon = strrchr(item, ':');
        if (!slash || !colon || colon < slash || q->count >= QUIZ_LENGTH) {
            ok = false;
            break;
        }
        *slash = *colon = '\0';
        int p = lessonset_find(set, item);
        int s = p >= 0 ? lesson_find_scene(set->items[p], slash + 1) : -1;
        if (s < 0 || !set->items[p]->quiz) {
            ok = false;
            break;
        }
        QuizItem *it = &q->items[q->count++];
        it->pool = set->items[p];
        it->question = s;
        it->nchoices = (int)strlen(colon + 1);
        bool seen[LESSON_MAX_CHOICES] = {false};
        ok = it->nchoices == quiz_item_scene(it)->nchoices;
        for (int c = 0; ok && c < it->nchoices; c++) {
            int v = colon[1 + c] - '0';
            ok = v >= 0 && v < it->nchoices && !seen[v];
            if (ok) {
                seen[v] = true;
                it->order[c] = v;
            }
        }
    }
    free(copy);
    return ok && q->count > 0;
}

void quiz_run_start(QuizRun *r, const Quiz *q)
{
    memset(r, 0, sizeof *r);
    r->quiz = *q;
    r->phase = q->count ? QUIZ_QUESTION : QUIZ_DONE;
    for (int i = 0; i < QUIZ_LENGTH; i++)
        r->chosen[i] = -1;
}

bool quiz_run_answer(QuizRun *r, int position)
{
    if (r->phase != QUIZ_QUESTION)
        return false;
    const QuizItem *it = &r->quiz.items[r->current];
    if (position < 0 || position >= it->nchoices)
        return false;
    r->chosen[r->current] = it->order[position];
    Result res = quiz_item_choice(it, position)->result;
    r->correct += res == RESULT_CORRECT;
    r->partly += res == RESULT_PARTLY;
    r->points += score_points(res);
    r->max_points += SCORE_MAX_PER_DECISION;
    r->phase = QUIZ_FEEDBACK;
    return true;
}

bool quiz_run_next(QuizRun *r)
{
    if (r->phase != QUIZ_FEEDBACK)
        return false;
    r->current++;
    r->phase = r->current < r->quiz.count ? QUIZ_QUESTION : QUIZ_DONE;
    return true;
}

int quiz_run_score(const QuizRun *r)
{
    return score_percent(r->points, r->max_points);
}
