/*
 * lesson_texts.c - a parsed lesson's translatable strings, each with its
 * context (LESSON/SCENE/FIELD, as the .pot has it) in the order of the
 * file, and what the rest of the program asks of a lesson: a scene by id,
 * a text in the language in use, and freeing it.
 */
#include "lesson_internal.h"

#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add_text(Lesson *l, const Text **list, int *n, Text *t,
                     const char *scene, const char *field)
{
    if (!t->src)
        return;
    char *ctx = scene ? xasprintf("%s/%s/%s", l->id, scene, field)
                      : xasprintf("%s/%s", l->id, field);
    t->ctx = arena_strdup(&l->arena, ctx);
    free(ctx);
    list[(*n)++] = t;
}

static int by_line(const void *a, const void *b)
{
    const Text *x = *(const Text *const *)a, *y = *(const Text *const *)b;
    return (x->line > y->line) - (x->line < y->line);
}

void lesson_collect_texts(Lesson *l)
{
    int cap = 4 + l->npoints + l->nasks;
    for (int i = 0; i < l->nscenes; i++)
        cap += 3 + 2 * l->scenes[i].nchoices + 2 * l->scenes[i].nvariants;
    const Text **list = arena_alloc(&l->arena, (size_t)cap * sizeof *list);
    int n = 0;
    char field[32];
    add_text(l, list, &n, &l->title, NULL, "title");
    add_text(l, list, &n, &l->description, NULL, "description");
    add_text(l, list, &n, &l->picture, NULL, "picture");
    for (int i = 0; i < l->nscenes; i++) {
        Scene *s = &l->scenes[i];
        add_text(l, list, &n, &s->title, s->id, "title");
        add_text(l, list, &n, &s->text, s->id, "text");
        add_text(l, list, &n, &s->explain, s->id, "explain");
        for (int v = 0; v < s->nvariants; v++) {
            snprintf(field, sizeof field, "if%d/title", v + 1);
            add_text(l, list, &n, &s->variants[v].title, s->id, field);
            snprintf(field, sizeof field, "if%d/text", v + 1);
            add_text(l, list, &n, &s->variants[v].text, s->id, field);
        }
        for (int c = 0; c < s->nchoices; c++) {
            snprintf(field, sizeof field, "choice%d", c + 1);
            add_text(l, list, &n, &s->choices[c].label, s->id, field);
            snprintf(field, sizeof field, "choice%d/feedback", c + 1);
            add_text(l, list, &n, &s->choices[c].feedback, s->id, field);
        }
    }
    add_text(l, list, &n, &l->summary, NULL, "summary");
    for (int i = 0; i < l->npoints; i++) {
        snprintf(field, sizeof field, "point%d", i + 1);
        add_text(l, list, &n, &l->points[i], NULL, field);
    }
    for (int i = 0; i < l->nasks; i++) {
        snprintf(field, sizeof field, "ask%d", i + 1);
        add_text(l, list, &n, &l->asks[i], NULL, field);
    }
    qsort(list, (size_t)n, sizeof *list, by_line);
    l->texts = list;
    l->ntexts = n;
}

void lesson_free(Lesson *l)
{
    if (!l)
        return;
    for (int i = 0; i < l->nscenes; i++) {
        free(l->scenes[i].choices);
        free(l->scenes[i].variants);
    }
    free(l->scenes);
    free(l->points);
    free(l->asks);
    arena_free(&l->arena);
    free(l);
}

int lesson_find_scene(const Lesson *l, const char *id)
{
    for (int i = 0; i < l->nscenes; i++)
        if (strcmp(l->scenes[i].id, id) == 0)
            return i;
    return -1;
}

bool scene_is_decision(const Scene *s)
{
    return s->nchoices > 0;
}

const char *lesson_tr(const Text *t)
{
    if (!t->src)
        return "";
    return t->ctx ? i18n_pgettext(t->ctx, t->src) : t->src;
}
