/*
 * lesson_set.c - the lessons of a folder, in course order, and the quiz
 * pools among them (see lesson.h).
 */
#include "lesson.h"

#include "lesson_internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>


static int by_order(const void *a, const void *b)
{
    const Lesson *x = *(Lesson *const *)a, *y = *(Lesson *const *)b;
    if (x->order != y->order)
        return (x->order > y->order) - (x->order < y->order);
    return strcmp(x->id, y->id);
}

static void set_add(LessonSet *set, Lesson *l, Diags *diags)
{
    int dup = lessonset_find(set, l->id);
    if (dup >= 0) {
        diags_add(diags, l->path, 1, "duplicate lesson id '%s' (also in %s)",
                  l->id, set->items[dup]->path);
        lesson_free(l);
        return;
    }
    set->items =
        xrealloc(set->items, (size_t)(set->count + 1) * sizeof *set->items);
    set->items[set->count++] = l;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void lessonset_load_files(LessonSet *set, char *const *paths, int n,
                          Diags *diags)
{
    for (int i = 0; i < n; i++) {
        Lesson *l = lesson_load_with(paths[i], diags, !set->no_walk);
        if (l)
            set_add(set, l, diags);
    }
    if (set->count > 1)
        qsort(set->items, (size_t)set->count, sizeof *set->items, by_order);
}

bool lessonset_load_dir(LessonSet *set, const char *dir, Diags *diags)
{
    DIR *d = opendir(dir);
    if (!d) {
        diags_add(diags, dir, 0, "cannot open the lessons folder: %s",
                  strerror(errno));
        return false;
    }
    char **paths = NULL;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len > 7 && strcmp(e->d_name + len - 7, ".lesson") == 0) {
            paths = xrealloc(paths, (size_t)(n + 1) * sizeof *paths);
            paths[n++] = xasprintf("%s/%s", dir, e->d_name);
        }
    }
    closedir(d);
    if (n > 1)
        qsort(paths, (size_t)n, sizeof *paths, by_name);
    lessonset_load_files(set, paths, n, diags);
    for (int i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    return true;
}

void lessonset_take_quizzes(LessonSet *set, LessonSet *pools)
{
    int keep = 0;
    for (int i = 0; i < set->count; i++) {
        Lesson *l = set->items[i];
        if (!l->quiz) {
            set->items[keep++] = l;
            continue;
        }
        pools->items = xrealloc(pools->items, (size_t)(pools->count + 1) *
                                                  sizeof *pools->items);
        pools->items[pools->count++] = l;
    }
    set->count = keep;
}

int lessonset_find(const LessonSet *set, const char *id)
{
    for (int i = 0; i < set->count; i++)
        if (strcmp(set->items[i]->id, id) == 0)
            return i;
    return -1;
}

void lessonset_free(LessonSet *set)
{
    for (int i = 0; i < set->count; i++)
        lesson_free(set->items[i]);
    free(set->items);
    set->items = NULL;
    set->count = 0;
}
