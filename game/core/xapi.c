/*
 * xapi.c - the statements of the xAPI export (see xapi.h): per attempt,
 * in the order the learner lived them, each with the actor, the verb, the
 * activity, the result and the context; xapi_activity.c writes the
 * activities.
 */
#include "xapi_internal.h"

#include "i18n.h"

#include <sodium.h>
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
    char actor[40]; /* the pseudonym */
    VkMap *unit_sizes; /* groups only: learners per unit */
    VkError *err;
    bool failed; /* the sink said stop */
} Build;

static void derive(const unsigned char *secret, size_t n, const char *what,
                   unsigned char out[crypto_auth_hmacsha256_BYTES])
{
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, secret, n);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)what,
                                  strlen(what));
    crypto_auth_hmacsha256_final(&st, out);
}

int xapi_load(XapiOptions *o, Store *s, const char *home_page, VkError *err)
{
    char *hex = NULL;
    unsigned char secret[64];
    size_t len = 0;
    int found = store_get_setting(s, "report_key", &hex, err);
    if (found < 0)
        return -1;
    if (!found || sodium_hex2bin(secret, sizeof secret, hex, strlen(hex), NULL,
                                 &len, NULL) != 0 || len < 16) {
        free(hex);
        vk_error_set(err, _("the database has no secret for the learners' "
                            "pseudonyms; it may have been altered by hand"));
        return -1;
    }
    free(hex);
    unsigned char h[crypto_auth_hmacsha256_BYTES];
    derive(secret, len, "vaksam xapi pseudonyms", o->key);
    derive(secret, len, "vaksam xapi statement ids", h);
    sodium_memzero(secret, sizeof secret);
    char name[80], org[UUID_TEXT];
    memcpy(name, "urn:vaksam:org:", 15);
    sodium_bin2hex(name + 15, sizeof name - 15, h, 16);
    uuid_v5(uuid_ns_url, name, o->ns);
    uuid_format(o->ns, org);
    o->home_page = home_page ? xstrdup(home_page)
                             : xasprintf("urn:vaksam:org:%s", org);
    return 0;
}

void xapi_pseudonym(const XapiOptions *o, const char *tag, long long id,
                    char out[33])
{
    char msg[96];
    int n = snprintf(msg, sizeof msg, "%s%c%lld", tag, 0, id);
    unsigned char h[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256(h, (const unsigned char *)msg, (size_t)n, o->key);
    sodium_bin2hex(out, 33, h, 16);
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
    strbuf_printf(sb, ",\"name\":\"%s\"}}", b->actor);
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
        if (x->uid)
            snprintf(key, sizeof key, "answer/%s", x->uid);
        else
            snprintf(key, sizeof key, "answer/%d", x->seq);
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

static bool unit_too_small(const Build *b)
{
    if (!b->o->groups_only)
        return false;
    const int *n = vk_map_find(b->unit_sizes, &b->a->unit);
    return !n || *n < b->o->k;
}

static int one_attempt(void *ctx, const StoreExportAttempt *a, VkError *err)
{
    Build *b = ctx;
    b->a = a;
    b->err = err;
    if (unit_too_small(b)) {
        b->out->left_out++;
        return 0;
    }
    b->out->attempts++;
    unsigned char u[UUID_BYTES];
    if (a->uid && uuid_parse(a->uid, u)) {
        uuid_format(u, b->reg);
    } else {
        char name[64];
        snprintf(name, sizeof name, "attempt/%lld", a->id);
        uuid_v5_text(b->o->ns, name, b->reg);
    }
    xapi_pseudonym(b->o, b->o->groups_only ? "unit" : "learner",
                   b->o->groups_only ? a->unit : a->learner, b->actor);
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

static void count_unit(void *ctx, long long unit, int role, int learners)
{
    (void)role;
    *(int *)vk_map_get(ctx, &unit) += learners;
}

int xapi_collect(Store *s, const XapiOptions *o, const char *since,
                 XapiList *out, VkError *err)
{
    VkMap sizes;
    vk_map_init(&sizes, sizeof(long long), sizeof(int), 0);
    Build b = {.o = o, .out = out, .unit_sizes = &sizes};
    int rc = o->groups_only ? store_unit_sizes(s, count_unit, &sizes, err) : 0;
    if (rc == 0)
        rc = store_export_attempts(s, since, one_attempt, &b, err);
    vk_map_free(&sizes);
    return rc;
}

void xapi_unload(XapiOptions *o)
{
    free(o->home_page);
    o->home_page = NULL;
    sodium_memzero(o->key, sizeof o->key);
}

void xapi_json_array(const XapiList *l, const int *which, int n, StrBuf *sb)
{
    XJ_LIT(sb, "[");
    for (int i = 0; i < n; i++) {
        const char *json = l->items[which ? which[i] : i].json;
        strbuf_append(sb, i ? ",\n" : "\n", i ? 2 : 1);
        strbuf_append(sb, json, strlen(json));
    }
    XJ_LIT(sb, "\n]\n");
}

void xapi_list_free(XapiList *l)
{
    for (int i = 0; l->items && i < l->count; i++)
        free(l->items[i].json);
    free(l->items);
    memset(l, 0, sizeof *l);
}
