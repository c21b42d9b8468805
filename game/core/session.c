/*
 * session.c - lessons played against the store (see session.h).
 */
#include "session.h"

#include "i18n.h"

#include <stdlib.h>
#include <string.h>

static int save_place(Session *s, VkError *err)
{
    Player *p = &s->player;
    if (p->phase == PLAYER_SUMMARY)
        return store_finish_attempt(s->store, s->attempt_id, p->points,
                                    p->max_points, err);
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

int session_open(Session *s, Store *store, const Lesson *l,
                 long long learner_id, const char *lang, VkError *err)
{
    memset(s, 0, sizeof *s);
    s->store = store;
    player_start(&s->player, l);
    Attempt at;
    int found = store_latest_attempt(store, learner_id, l->id, &at, err);
    if (found < 0)
        return -1;
    if (found && !at.finished && at.lesson_version == l->version) {
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
        player_start(&s->player, l);
    }
    return store_start_attempt(store, learner_id, l->id, l->version, l->kind,
                               lang, l->scenes[l->start].id, &s->attempt_id,
                               err);
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
    Attempt at;
    int found = store_latest_attempt(store, learner_id, l->id, &at, err);
    if (found < 0)
        return -1;
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
