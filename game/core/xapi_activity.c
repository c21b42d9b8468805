/*
 * xapi_activity.c - the activities of the xAPI export (xapi.h): the
 * course, each lesson and the quiz, and each decision or quiz question as
 * a cmi.interaction of type choice, with the lesson's choices (by the
 * lesson's own index, as the store keeps them) and its correct ones.
 */
#include "xapi_internal.h"

#include <stdlib.h>
#include <string.h>

#define ADL_ACTIVITY "http://adlnet.gov/expapi/activities/"

void xj_str(StrBuf *sb, const char *s)
{
    XJ_LIT(sb, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            strbuf_printf(sb, "\\%c", *p);
        else if (*p < 0x20)
            strbuf_printf(sb, "\\u%04x", *p);
        else
            strbuf_append(sb, (const char *)p, 1);
    }
    XJ_LIT(sb, "\"");
}

void xj_lang_map(StrBuf *sb, const char *s)
{
    strbuf_printf(sb, "{\"%s\":", XAPI_LANG);
    xj_str(sb, s);
    XJ_LIT(sb, "}");
}

static bool is_quiz(const StoreExportAttempt *a)
{
    return a->kind && strcmp(a->kind, "quiz") == 0;
}

char *xj_attempt_iri(const StoreExportAttempt *a)
{
    if (is_quiz(a))
        return xstrdup("urn:vaksam:quiz");
    return xasprintf("urn:vaksam:lesson:%s", a->lesson_id);
}

static const Lesson *find_lesson(const LessonSet *set, const char *id)
{
    int i = set ? lessonset_find(set, id) : -1;
    return i < 0 ? NULL : set->items[i];
}

void xj_attempt_activity(StrBuf *sb, const StoreExportAttempt *a,
                         const XapiOptions *o)
{
    char *iri = xj_attempt_iri(a);
    XJ_LIT(sb, "{\"objectType\":\"Activity\",\"id\":");
    xj_str(sb, iri);
    const Lesson *l = is_quiz(a) ? NULL : find_lesson(o->course, a->lesson_id);
    strbuf_printf(sb, ",\"definition\":{\"type\":\"%s%s\",\"name\":",
                  ADL_ACTIVITY, is_quiz(a) ? "assessment" : "lesson");
    if (is_quiz(a))
        xj_lang_map(sb, "Awareness quiz");
    else
        xj_lang_map(sb, l && l->title.src ? l->title.src : a->lesson_id);
    XJ_LIT(sb, "}}");
    free(iri);
}

/* The scene an answer is to: a lesson's decision, or "pool/question". */
static const Scene *find_scene(const StoreExportAttempt *a,
                               const StoreExportAnswer *x,
                               const XapiOptions *o)
{
    const Lesson *l;
    const char *scene = x->scene_id;
    if (is_quiz(a)) {
        const char *slash = strchr(x->scene_id, '/');
        if (!slash)
            return NULL;
        char *pool = xstrndup(x->scene_id, (size_t)(slash - x->scene_id));
        l = find_lesson(o->pools, pool);
        free(pool);
        scene = slash + 1;
    } else {
        l = find_lesson(o->course, a->lesson_id);
    }
    int i = l ? lesson_find_scene(l, scene) : -1;
    return i < 0 ? NULL : &l->scenes[i];
}

static void choices(StrBuf *sb, const Scene *sc)
{
    bool any = false;
    for (int i = 0; i < sc->nchoices; i++)
        if (sc->choices[i].result == RESULT_CORRECT) {
            strbuf_printf(sb, "%s\"choice-%d\"",
                          any ? "," : ",\"correctResponsesPattern\":[", i);
            any = true;
        }
    if (any)
        XJ_LIT(sb, "]");
    XJ_LIT(sb, ",\"choices\":[");
    for (int i = 0; i < sc->nchoices; i++) {
        strbuf_printf(sb, "%s{\"id\":\"choice-%d\",\"description\":",
                      i ? "," : "", i);
        const char *label = sc->choices[i].label.src;
        xj_lang_map(sb, label ? label : "");
        XJ_LIT(sb, "}");
    }
    XJ_LIT(sb, "]");
}

void xj_decision_activity(StrBuf *sb, const StoreExportAttempt *a,
                          const StoreExportAnswer *x, const XapiOptions *o)
{
    const Scene *sc = find_scene(a, x, o);
    XJ_LIT(sb, "{\"objectType\":\"Activity\",\"id\":");
    char *iri = is_quiz(a) ? xasprintf("urn:vaksam:question:%s", x->scene_id)
                           : xasprintf("urn:vaksam:lesson:%s/%s", a->lesson_id,
                                       x->scene_id);
    xj_str(sb, iri);
    free(iri);
    strbuf_printf(sb,
                  ",\"definition\":{\"type\":\"%scmi.interaction\","
                  "\"interactionType\":\"choice\",\"name\":",
                  ADL_ACTIVITY);
    xj_lang_map(sb, sc && sc->title.src ? sc->title.src : x->scene_id);
    if (sc && sc->text.src) {
        XJ_LIT(sb, ",\"description\":");
        xj_lang_map(sb, sc->text.src);
    }
    if (sc && sc->nchoices)
        choices(sb, sc);
    XJ_LIT(sb, "}}");
}
