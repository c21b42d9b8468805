/*
 * player.c - the lesson state machine (see player.h).
 */
#include "player.h"

#include <string.h>

void player_start(Player *p, const Lesson *l)
{
    memset(p, 0, sizeof *p);
    p->lesson = l;
    p->scene = l->start;
    p->chosen = -1;
    p->phase = PLAYER_SCENE;
    for (int m = 0; m < METER_COUNT; m++)
        p->meters[m] = METER_START;
}

const Scene *player_scene(const Player *p)
{
    return &p->lesson->scenes[p->scene];
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
        p->scene = next;
        p->phase = PLAYER_SCENE;
    }
}

bool player_continue(Player *p)
{
    const Scene *s = player_scene(p);
    if (p->phase == PLAYER_FEEDBACK) {
        go(p, s->choices[p->chosen].next);
        return true;
    }
    if (p->phase == PLAYER_SCENE && s->nchoices == 0) {
        go(p, s->next);
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
    if (p->phase != PLAYER_SCENE)
        return false;
    int at = p->scene;
    for (int guard = 0; guard <= p->lesson->nscenes; guard++) {
        const Scene *s = &p->lesson->scenes[at];
        if (strcmp(s->id, scene_id) == 0) {
            p->scene = at;
            return true;
        }
        if (s->nchoices || s->next == LESSON_END)
            return false;
        at = s->next;
    }
    return false;
}
