/*
 * store_export.c - the xAPI export's rows gathered into attempts, for
 * both backends (store_backend.h: export_row). The strings are copies in
 * an arena, since a backend's own change as it reads on.
 */
#include "store_backend.h"

#include <stdlib.h>
#include <string.h>

static const char *copy(ExportRows *r, const char *v)
{
    return v ? arena_strdup(&r->arena, v) : NULL;
}

static int number(const char *v)
{
    return v ? atoi(v) : 0;
}

static void start(ExportRows *r, const char *const f[EX_FIELDS])
{
    arena_free(&r->arena);
    StoreExportAttempt *a = &r->a;
    memset(a, 0, sizeof *a);
    a->id = strtoll(f[EX_ATTEMPT], NULL, 10);
    a->actor = copy(r, f[EX_ACTOR]);
    a->uid = copy(r, f[EX_UID]);
    a->lesson_id = copy(r, f[EX_LESSON]);
    a->version = number(f[EX_VERSION]);
    a->kind = copy(r, f[EX_KIND]);
    a->lang = copy(r, f[EX_LANG]);
    a->started = copy(r, f[EX_STARTED]);
    a->finished = copy(r, f[EX_FINISHED]);
    a->points = number(f[EX_POINTS]);
    a->max_points = number(f[EX_MAX]);
    r->have = true;
}

static void answer(ExportRows *r, const char *const f[EX_FIELDS])
{
    if (!f[EX_SEQ] || !r->a.actor)
        return; /* an attempt without answers, or left out */
    if (r->a.nanswers == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 16;
        r->answers = xrealloc(r->answers, (size_t)r->cap * sizeof *r->answers);
    }
    StoreExportAnswer *x = &r->answers[r->a.nanswers++];
    x->seq = number(f[EX_SEQ]);
    x->scene_id = copy(r, f[EX_SCENE]);
    x->choice = number(f[EX_CHOICE]);
    int res = f[EX_RESULT] ? result_from_id(f[EX_RESULT]) : -1;
    x->result = res < 0 ? RESULT_WRONG : (Result)res;
    x->at = copy(r, f[EX_AT]);
    x->uid = copy(r, f[EX_ANSWER_UID]);
}

static int hand_over(ExportRows *r, VkError *err)
{
    r->a.answers = r->answers;
    r->have = false;
    return r->fn(r->ctx, &r->a, err);
}

int export_row(ExportRows *r, const char *const f[EX_FIELDS], VkError *err)
{
    if (r->have && strtoll(f[EX_ATTEMPT], NULL, 10) != r->a.id &&
        hand_over(r, err) < 0)
        return -1;
    if (!r->have)
        start(r, f);
    answer(r, f);
    return 0;
}

int export_rows_end(ExportRows *r, int status, VkError *err)
{
    if (status == 0 && r->have)
        status = hand_over(r, err);
    arena_free(&r->arena);
    free(r->answers);
    r->answers = NULL;
    r->cap = 0;
    return status;
}
