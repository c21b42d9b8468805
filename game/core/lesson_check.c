/*
 * lesson_check.c - the validator's static part (see lesson_internal.h):
 * every scene's fields, its links resolved once every scene id is known,
 * the graph walked for unreachable scenes and loops, and the flags read
 * against those set. The walk through every way of a lesson is
 * lesson_paths.c.
 */
#include "lesson_internal.h"

#include <stdlib.h>
#include <string.h>


static int resolve(Parser *p, Link link, const char *what)
{
    if (strcmp(link.target, "end") == 0)
        return LESSON_END;
    int i = lesson_find_scene(p->l, link.target);
    if (i < 0)
        lesson_err(p, link.line, "%s '%s' is not a scene in this lesson", what,
            link.target);
    return i;
}

/* A quiz question: 3 or 4 choices, exactly one correct, a topic and an
 * explanation; feedback per choice is optional. */
static void check_question(Parser *p, const Scene *s)
{
    if (!s->text.src)
        lesson_err(p, s->line, "question '%s' has no text", s->id);
    if (s->topic == TOPIC_NONE)
        lesson_err(p, s->line, "question '%s' has no topic", s->id);
    if (!s->explain.src)
        lesson_err(p, s->line, "question '%s' has no 'explain:'", s->id);
    if (s->nchoices < QUIZ_MIN_CHOICES || s->nchoices > LESSON_MAX_CHOICES)
        lesson_err(p, s->line, "question '%s' has %d choices: give %d to %d", s->id,
            s->nchoices, QUIZ_MIN_CHOICES, LESSON_MAX_CHOICES);
    int correct = 0;
    for (int c = 0; c < s->nchoices; c++) {
        if ((int)s->choices[c].result == -1)
            lesson_err(p, s->choices[c].line,
                "choice %d of question '%s' has no "
                "result",
                c + 1, s->id);
        correct += s->choices[c].result == RESULT_CORRECT;
    }
    if (correct != 1)
        lesson_err(p, s->line,
            "question '%s' needs exactly one correct choice, not "
            "%d",
            s->id, correct);
}

static void check_variants(Parser *p, int si)
{
    Scene *s = &p->l->scenes[si];
    for (int i = 0; i < s->nvariants; i++) {
        Variant *v = &s->variants[i];
        Link link = p->variant_next[si][i];
        if (link.target)
            v->next = resolve(p, link, "next:");
        if (!link.target && !v->title.src && !v->text.src)
            lesson_err(p, v->line,
                "this 'if:' changes nothing: give it a text, a title or a "
                "next");
    }
}

static void check_scene(Parser *p, int si)
{
    Scene *s = &p->l->scenes[si];
    Link snext = p->scene_next[si];
    if (!s->text.src)
        lesson_err(p, s->line, "scene '%s' has no text", s->id);
    check_variants(p, si);
    if (s->nchoices == 1)
        lesson_err(p, s->line,
            "scene '%s' has one choice: give 2 to %d, or none "
            "and a 'next:'",
            s->id, LESSON_MAX_CHOICES);
    if (s->nchoices > LESSON_MAX_CHOICES)
        lesson_err(p, s->choices[LESSON_MAX_CHOICES].line,
            "scene '%s' has more than %d choices", s->id, LESSON_MAX_CHOICES);
    if (s->nchoices == 0) {
        if (!snext.target)
            lesson_err(p, s->line, "scene '%s' has no choices and no 'next:'", s->id);
        else
            s->next = resolve(p, snext, "next:");
        return;
    }
    if (s->topic == TOPIC_NONE)
        lesson_err(p, s->line, "decision scene '%s' has no topic", s->id);
    bool correct = false;
    for (int c = 0; c < s->nchoices; c++) {
        Choice *ch = &s->choices[c];
        if ((int)ch->result == -1)
            lesson_err(p, ch->line, "choice %d of scene '%s' has no result", c + 1,
                s->id);
        if (ch->result == RESULT_CORRECT)
            correct = true;
        if (!ch->feedback.src)
            lesson_err(p, ch->line, "choice %d of scene '%s' has no feedback", c + 1,
                s->id);
        Link link = p->choice_next[si][c];
        ch->own_next = link.target != NULL;
        if (!link.target)
            link = snext;
        if (!link.target)
            lesson_err(p, ch->line,
                "choice %d of scene '%s' has no 'next:' and the "
                "scene gives none",
                c + 1, s->id);
        else
            ch->next = resolve(p, link, "next:");
    }
    if (!correct)
        lesson_err(p, s->line, "decision scene '%s' has no correct choice", s->id);
}

/* The line of the link from scene `from` to scene `to` (for messages). */
static int link_line(Parser *p, int from, int to)
{
    Scene *s = &p->l->scenes[from];
    for (int c = 0; c < s->nchoices; c++)
        if (s->choices[c].next == to)
            return p->choice_next[from][c].target ? p->choice_next[from][c].line
                                                  : s->choices[c].line;
    for (int v = 0; v < s->nvariants; v++)
        if (s->variants[v].next == to)
            return p->variant_next[from][v].line;
    return p->scene_next[from].line;
}

int scene_leads(const Scene *s, int *to)
{
    int n = 0;
    for (int c = 0; c < s->nchoices; c++)
        to[n++] = s->choices[c].next;
    if (!s->nchoices)
        to[n++] = s->next;
    for (int v = 0; v < s->nvariants; v++)
        if (s->variants[v].next != LESSON_NO_NEXT)
            to[n++] = s->variants[v].next;
    return n;
}

/* Depth-first walk: marks reachable scenes and reports loops. */
static void walk(Parser *p, int si, char *state)
{
    state[si] = 1; /* on the current path */
    Scene *s = &p->l->scenes[si];
    int *targets = xcalloc((size_t)(s->nchoices + s->nvariants + 1),
                           sizeof *targets);
    int n = scene_leads(s, targets);
    for (int c = 0; c < n; c++) {
        int to = targets[c];
        if (to < 0)
            continue;
        if (state[to] == 1)
            lesson_err(p, link_line(p, si, to),
                "a path that never ends: scene '%s' "
                "leads back to '%s'",
                s->id, p->l->scenes[to].id);
        else if (state[to] == 0)
            walk(p, to, state);
    }
    free(targets);
    state[si] = 2; /* done */
}

static void check_graph(Parser *p)
{
    Lesson *l = p->l;
    if (l->nscenes == 0) {
        lesson_err(p, p->last_line ? p->last_line : 1, "the lesson has no scenes");
        return;
    }
    l->start = 0;
    if (p->start.target) {
        l->start = resolve(p, p->start, "start:");
        if (l->start < 0) {
            l->start = 0;
            return;
        }
    }
    char *state = xcalloc((size_t)l->nscenes, 1);
    walk(p, l->start, state);
    for (int i = 0; i < l->nscenes; i++)
        if (!state[i])
            lesson_err(p, l->scenes[i].line,
                "scene '%s' cannot be reached from the "
                "start",
                l->scenes[i].id);
    free(state);
}

/* A flag read that no choice sets can never hold; one set that nothing
 * reads changes nothing. */
static void check_flags(Parser *p)
{
    for (int f = 0; f < p->l->nflags; f++) {
        if (p->flag_read[f] && !p->flag_set[f])
            lesson_err(p, p->flag_read[f],
                "flag '%s' is read here but no choice sets it "
                "('set: %s')",
                p->l->flags[f], p->l->flags[f]);
        else if (p->flag_set[f] && !p->flag_read[f])
            lesson_err(p, p->flag_set[f],
                "flag '%s' is set here but no 'if:' reads it",
                p->l->flags[f]);
    }
}

void lesson_check(Parser *p)
{
    Lesson *l = p->l;
    for (int i = 0; i < l->nscenes; i++) {
        if (l->quiz)
            check_question(p, &l->scenes[i]);
        else
            check_scene(p, i);
    }
    if (l->quiz && l->nscenes == 0)
        lesson_err(p, p->last_line ? p->last_line : 1,
                   "the quiz pool has no questions");
    if (p->errors == 0 && !l->quiz)
        check_graph(p);
    check_flags(p);
}
