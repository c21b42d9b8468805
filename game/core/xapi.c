/*
 * xapi.c - the statements of the xAPI export (see xapi.h): per attempt,
 * in the order the learner lived them, each with the actor, the verb, the
 * activity, the result and the context; xapi_activity.c writes the
 * activities.
 */
#include "xapi_internal.h"

#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ADL_VERB "http://adlnet.gov/expapi/verbs/"

typedef enum Verb {
    VERB_INITIALIZED,
    VERB_ANSWERED,
    VERB_COMPLETED,
    VERB_PASSED,
    VERB_FAILED,
    VERB_SUSPENDED,
    VERB_RESUMED,
    VERB_TERMINATED
} Verb;

static const char *const verb_ids[] = {
    "initialized", "answered",  "completed", "passed",
    "failed",      "suspended", "resumed",   "terminated"};

/* One attempt's statements under way. */
typedef struct Build {
    const XapiOptions *o;
    const StoreExportAttempt *a;
    XapiList *out;
    char reg[UUID_TEXT];
    VkError *err;
    bool failed; /* the sink said stop */
} Build;

void xapi_namespace(const char org[33], unsigned char ns[UUID_BYTES])
{
    char name[64];
    snprintf(name, sizeof name, "urn:vaksam:org:%.32s", org);
    uuid_v5(uuid_ns_url, name, ns);
}

void xapi_row_uid(const unsigned char ns[UUID_BYTES], long long attempt,
                  int seq, char out[UUID_TEXT])
{
    char name[64];
    if (seq < 0)
        snprintf(name, sizeof name, "attempt/%lld", attempt);
    else
        snprintf(name, sizeof name, "answer/%lld/%d", attempt, seq);
    uuid_v5_text(ns, name, out);
}

int xapi_load(XapiOptions *o, Store *s, const char *home_page, VkError *err)
{
    char org[33], ns[UUID_TEXT];
    if (store_xapi_org(s, org, err) < 0)
        return -1;
    xapi_namespace(org, o->ns);
    uuid_format(o->ns, ns);
    o->home_page = home_page ? xstrdup(home_page)
                             : xasprintf("urn:vaksam:org:%s", ns);
    return 0;
}

/* Seconds since 1970 of "2026-11-29T10:15:00Z"; -1 when it is not that. */
static long long when(const char *t)
{
    struct tm tm = {0};
    if (!t || sscanf(t, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
                     &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (long long)timegm(&tm);
}

static long long seconds_between(const char *from, const char *to)
{
    long long a = when(from), b = when(to);
    return a < 0 || b < a ? 0 : b - a;
}

static void actor(StrBuf *sb, const Build *b)
{
    strbuf_printf(sb, "\"actor\":{\"objectType\":\"%s\",\"account\":"
                      "{\"homePage\":",
                  b->o->groups_only ? "Group" : "Agent");
    xj_str(sb, b->o->home_page);
    strbuf_printf(sb, ",\"name\":\"%s\"}}", b->a->actor);
}

static void context(StrBuf *sb, const Build *b, bool decision)
{
    strbuf_printf(sb, ",\"context\":{\"registration\":\"%s\"", b->reg);
    XJ_LIT(sb, ",\"contextActivities\":{\"parent\":[");
    char *parent = decision ? xj_attempt_iri(b->a) : xstrdup(XAPI_COURSE);
    XJ_LIT(sb, "{\"objectType\":\"Activity\",\"id\":");
    xj_str(sb, parent);
    free(parent);
    XJ_LIT(sb, "}]");
    if (decision)
        strbuf_printf(sb, ",\"grouping\":[{\"objectType\":\"Activity\","
                          "\"id\":\"%s\"}]",
                      XAPI_COURSE);
    XJ_LIT(sb, "}");
    if (b->a->lang && *b->a->lang) {
        XJ_LIT(sb, ",\"language\":");
        xj_str(sb, b->a->lang);
    }
    strbuf_printf(sb, ",\"platform\":\"Vaksam\",\"extensions\":"
                      "{\"urn:vaksam:xapi:lesson-version\":%d}}",
                  b->a->version);
}

/* Adds one statement: key tells it from the attempt's others (its id is
 * the UUID of the registration and key); object and result are JSON
 * (result NULL: none); decision: about one of the attempt's decisions. */
static void add(Build *b, Verb v, const char *key, const char *at,
                const char *object, const char *result, bool decision)
{
    XapiList *l = b->out;
    if (b->failed)
        return;
    if (!l->sink && l->count == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 256;
        l->items = xrealloc(l->items, (size_t)l->cap * sizeof *l->items);
    }
    XapiStatement one, *x = l->sink ? &one : &l->items[l->count];
    l->count++;
    char *name = xasprintf("%s/%s", b->reg, key);
    uuid_v5_text(b->o->ns, name, x->id);
    free(name);
    memcpy(x->registration, b->reg, UUID_TEXT);
    StrBuf sb = {0};
    strbuf_printf(&sb, "{\"id\":\"%s\",", x->id);
    actor(&sb, b);
    strbuf_printf(&sb, ",\"verb\":{\"id\":\"%s%s\",\"display\":{\"%s\":"
                       "\"%s\"}},\"object\":%s",
                  ADL_VERB, verb_ids[v], XAPI_LANG, verb_ids[v], object);
    if (result)
        strbuf_printf(&sb, ",\"result\":%s", result);
    context(&sb, b, decision);
    XJ_LIT(&sb, ",\"timestamp\":");
    xj_str(&sb, at);
    XJ_LIT(&sb, "}");
    x->json = sb.data;
    if (l->sink) {
        if (l->sink(l->sink_ctx, x, b->err) < 0)
            b->failed = true;
        free(x->json);
    }
}

static char *answer_result(const StoreExportAnswer *x, long long seconds)
{
    int raw = score_points(x->result);
    return xasprintf("{\"success\":%s,\"response\":\"choice-%d\","
                     "\"score\":{\"scaled\":%g,\"raw\":%d,\"min\":0,"
                     "\"max\":%d},\"duration\":\"PT%lldS\"}",
                     x->result == RESULT_CORRECT ? "true" : "false",
                     x->choice, (double)raw / SCORE_MAX_PER_DECISION, raw,
                     SCORE_MAX_PER_DECISION, seconds);
}

/* The answers, with a pause longer than XAPI_PAUSE_SECONDS between two
 * as suspended and resumed; returns the time of the last. */
static const char *answers(Build *b, const char *object)
{
    const StoreExportAttempt *a = b->a;
    const char *prev = a->started;
    for (int i = 0; i < a->nanswers; i++) {
        const StoreExportAnswer *x = &a->answers[i];
        char key[96];
        long long gap = seconds_between(prev, x->at);
        if (gap > XAPI_PAUSE_SECONDS) {
            snprintf(key, sizeof key, "suspended/%d", i);
            add(b, VERB_SUSPENDED, key, prev, object, NULL, false);
            snprintf(key, sizeof key, "resumed/%d", i);
            add(b, VERB_RESUMED, key, x->at, object, NULL, false);
            gap = 0;
        }
        char uid[UUID_TEXT];
        if (!x->uid)
            xapi_row_uid(b->o->ns, a->id, x->seq, uid);
        snprintf(key, sizeof key, "answer/%s", x->uid ? x->uid : uid);
        StrBuf d = {0};
        xj_decision_activity(&d, a, x, b->o);
        char *result = answer_result(x, gap);
        add(b, VERB_ANSWERED, key, x->at, d.data, result, true);
        free(result);
        free(d.data);
        prev = x->at;
    }
    return prev;
}

static void finish(Build *b, const char *object)
{
    const StoreExportAttempt *a = b->a;
    char *done = xasprintf("{\"completion\":true,\"duration\":\"PT%lldS\"}",
                           seconds_between(a->started, a->finished));
    add(b, VERB_COMPLETED, "completed", a->finished, object, done, false);
    free(done);
    int percent = score_percent(a->points, a->max_points);
    bool passed = percent >= XAPI_PASS_PERCENT;
    char *score = xasprintf(
        "{\"success\":%s,\"score\":{\"scaled\":%g,\"raw\":%d,\"min\":0,"
        "\"max\":%d}}",
        passed ? "true" : "false",
        a->max_points > 0 ? (double)a->points / a->max_points : 0.0,
        a->points, a->max_points);
    add(b, passed ? VERB_PASSED : VERB_FAILED, passed ? "passed" : "failed",
        a->finished, object, score, false);
    free(score);
    add(b, VERB_TERMINATED, "terminated", a->finished, object, NULL, false);
}

static int one_attempt(void *ctx, const StoreExportAttempt *a, VkError *err)
{
    Build *b = ctx;
    b->a = a;
    b->err = err;
    if (!a->actor) {
        b->out->left_out++;
        return 0;
    }
    b->out->attempts++;
    unsigned char u[UUID_BYTES];
    if (a->uid && uuid_parse(a->uid, u)) {
        uuid_format(u, b->reg);
    } else {
        xapi_row_uid(b->o->ns, a->id, -1, b->reg);
    }
    if (b->o->groups_only) { /* not the learners' registration: the two
                                kinds sent to one LRS are not linked by it */
        char name[UUID_TEXT + 8];
        snprintf(name, sizeof name, "groups/%s", b->reg);
        uuid_v5_text(b->o->ns, name, b->reg);
    }
    StrBuf obj = {0};
    xj_attempt_activity(&obj, a, b->o);
    add(b, VERB_INITIALIZED, "initialized", a->started, obj.data, NULL, false);
    const char *last = answers(b, obj.data);
    if (a->finished) {
        finish(b, obj.data);
    } else {
        char key[32];
        snprintf(key, sizeof key, "suspended/%d", a->nanswers);
        add(b, VERB_SUSPENDED, key, last, obj.data, NULL, false);
    }
    free(obj.data);
    return b->failed ? -1 : 0;
}

int xapi_collect(Store *s, const XapiOptions *o, const char *since,
                 XapiList *out, VkError *err)
{
    Build b = {.o = o, .out = out};
    int groups_k = !o->groups_only ? 0 : o->k > 1 ? o->k : 1;
    return store_export_attempts(s, since, groups_k, one_attempt, &b, err);
}

void xapi_unload(XapiOptions *o)
{
    free(o->home_page);
    o->home_page = NULL;
}

void xapi_list_free(XapiList *l)
{
    for (int i = 0; l->items && i < l->count; i++)
        free(l->items[i].json);
    free(l->items);
    memset(l, 0, sizeof *l);
}
