/*
 * player.c - the lesson state machine (see player.h).
 */
#include "player.h"

#include "lesson_state.h"

#include <string.h>

/* Reaching a scene fixes which of its variants is in effect. */
static void enter(Player *p, int scene)
{
    p->scene = scene;
    p->variant = -1;
    const Scene *s = &p->lesson->scenes[scene];
    int score = player_score(p);
    for (int v = 0; v < s->nvariants && p->variant < 0; v++)
        if (cond_holds(&s->variants[v].cond, p->flags, p->meters, score))
            p->variant = v;
}

void player_start(Player *p, const Lesson *l, uint64_t seed)
{
    memset(p, 0, sizeof *p);
    p->lesson = l;
    p->seed = seed;
    p->chosen = -1;
    p->phase = PLAYER_SCENE;
    for (int m = 0; m < METER_COUNT; m++)
        p->meters[m] = METER_START;
    enter(p, l->start);
}

const Scene *player_scene(const Player *p)
{
    return &p->lesson->scenes[p->scene];
}

static const Variant *variant(const Player *p)
{
    return p->variant < 0 ? NULL : &player_scene(p)->variants[p->variant];
}

const Text *player_title(const Player *p)
{
    const Variant *v = variant(p);
    return v && v->title.src ? &v->title : &player_scene(p)->title;
}

const Text *player_text(const Player *p)
{
    const Variant *v = variant(p);
    return v && v->text.src ? &v->text : &player_scene(p)->text;
}

int player_order(const Player *p, int order[LESSON_MAX_CHOICES])
{
    const Scene *s = player_scene(p);
    uint64_t rng = p->seed ^ vk_hash(s->id, strlen(s->id));
    if (p->seed)
        vk_shuffle(order, s->nchoices, &rng);
    else
        for (int i = 0; i < s->nchoices; i++)
            order[i] = i;
    return s->nchoices;
}

bool player_choose(Player *p, int i)
{
    const Scene *s = player_scene(p);
    if (p->phase != PLAYER_SCENE || i < 0 || i >= s->nchoices)
        return false;
    const Choice *c = &s->choices[i];
    for (int m = 0; m < METER_COUNT; m++) {
        int before = p->meters[m];
        p->meters[m] = meter_apply(before, c->effect[m]);
        p->last_delta[m] = p->meters[m] - before;
    }
    p->flags |= c->sets;
    if (p->decisions < PLAYER_MAX_TAKEN) {
        p->taken_scene[p->decisions] = (uint8_t)p->scene;
        p->taken_choice[p->decisions] = (uint8_t)i;
    }
    p->points += score_points(c->result);
    p->max_points += SCORE_MAX_PER_DECISION;
    p->decisions++;
    p->chosen = i;
    p->phase = PLAYER_FEEDBACK;
    return true;
}

static void go(Player *p, int next)
{
    p->chosen = -1;
    if (next == LESSON_END) {
        p->phase = PLAYER_SUMMARY;
    } else {
        enter(p, next);
        p->phase = PLAYER_SCENE;
    }
}

/* Where the scene leads now: a choice's own next, else the variant's,
 * else the scene's. */
static int next_of(const Player *p)
{
    const Scene *s = player_scene(p);
    const Choice *c = p->phase == PLAYER_FEEDBACK ? &s->choices[p->chosen]
                                                  : NULL;
    if (c && c->own_next)
        return c->next;
    const Variant *v = variant(p);
    if (v && v->next != LESSON_NO_NEXT)
        return v->next;
    return c ? c->next : s->next;
}

bool player_continue(Player *p)
{
    const Scene *s = player_scene(p);
    if (p->phase == PLAYER_FEEDBACK ||
        (p->phase == PLAYER_SCENE && s->nchoices == 0)) {
        go(p, next_of(p));
        return true;
    }
    return false;
}

int player_score(const Player *p)
{
    return score_percent(p->points, p->max_points);
}

bool player_seek(Player *p, const char *scene_id)
{
    Player at = *p;
    for (int guard = 0; guard <= p->lesson->nscenes; guard++) {
        if (at.phase != PLAYER_SCENE)
            return false;
        if (strcmp(player_scene(&at)->id, scene_id) == 0) {
            *p = at;
            return true;
        }
        if (player_scene(&at)->nchoices)
            return false;
        player_continue(&at);
    }
    return false;
}
