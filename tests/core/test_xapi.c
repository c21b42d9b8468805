/*
 * test_xapi.c - the xAPI export's building blocks and promises: SHA-1
 * (FIPS 180 / RFC 3174 vectors), UUID v5 (RFC 9562's vector and Python's
 * uuid5), and statements from a real store: their shape, ids that are the
 * same in every export, the order within a registration, pseudonyms that
 * are no login and depend on the database's secret, and --groups-only
 * leaving out units below k.
 */
#include "sha1.h"
#include "store.h"
#include "uuid.h"
#include "xapi.h"

#include "../store_fixture.h"
#include "../test.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void hex(const unsigned char *b, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", b[i]);
}

static void check_sha1(const char *msg, const char *want)
{
    unsigned char h[SHA1_BYTES];
    char got[41];
    sha1(msg, strlen(msg), h);
    hex(h, sizeof h, got);
    CHECK_STR(got, want);
}

static void test_sha1(void)
{
    check_sha1("", "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    check_sha1("abc", "a9993e364706816aba3e25717850c26c9cd0d89d");
    check_sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
               "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    /* a million 'a', fed in pieces that straddle the 64-byte blocks */
    char a[997];
    memset(a, 'a', sizeof a);
    Sha1 c;
    sha1_init(&c);
    size_t left = 1000000, step = 1;
    while (left) {
        size_t n = step < left ? step : left;
        sha1_update(&c, a, n);
        left -= n;
        step = (step + 7) % sizeof a + 1; /* 1 .. sizeof a */
    }
    unsigned char h[SHA1_BYTES];
    char got[41];
    sha1_final(&c, h);
    hex(h, sizeof h, got);
    CHECK_STR(got, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
    /* 55, 56 and 64 bytes: the padding's edge cases */
    const char *digits = "0123456789012345678901234567890123456789"
                         "012345678901234567890123";
    unsigned char d[SHA1_BYTES];
    const struct { size_t n; const char *want; } edge[] = {
        {55, "9f3a4ce7f66b1b74c34da2c5d732c39f81e0f8df"},
        {56, "0a40b8fbdaafb7c29651618ac15d27e772287130"},
        {64, "cf0800f7644ace3cb4c3fa33388d3ba0ea3c8b6e"}};
    for (int i = 0; i < 3; i++) {
        sha1(digits, edge[i].n, d);
        hex(d, sizeof d, got);
        CHECK_STR(got, edge[i].want);
    }
}

static void test_uuid(void)
{
    unsigned char dns[UUID_BYTES], u[UUID_BYTES];
    char t[UUID_TEXT];
    CHECK(uuid_parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8", dns));
    uuid_v5_text(dns, "www.example.com", t); /* RFC 9562, A.4 */
    CHECK_STR(t, "2ed6657d-e927-568b-95e1-2665a8aea6a2");
    uuid_v5_text(uuid_ns_url, "https://vaksam.example/a", t); /* uuid5() */
    CHECK_STR(t, "f56ad3e7-57d7-586c-9b7c-8efbc0591f16");
    CHECK(uuid_parse("2ED6657D-E927-568B-95E1-2665A8AEA6A2", u));
    uuid_format(u, t);
    CHECK_STR(t, "2ed6657d-e927-568b-95e1-2665a8aea6a2");
    CHECK(!uuid_parse("2ed6657d-e927-568b-95e1-2665a8aea6a", u));
    CHECK(!uuid_parse("2ed6657d+e927-568b-95e1-2665a8aea6a2", u));
    CHECK(!uuid_parse("2ed6657d-e927-568b-95e1-2665a8aea6ag", u));
}

/* ---- statements from a store ---- */

enum { T0 = 1780000000 }; /* 2026-05-28 */

static const char *verb(const XapiStatement *x)
{
    static const char *const v[] = {"initialized", "answered", "completed",
                                    "passed", "failed", "suspended",
                                    "resumed", "terminated"};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        char id[80];
        snprintf(id, sizeof id, "/verbs/%s\"", v[i]);
        if (strstr(x->json, id))
            return v[i];
    }
    return "?";
}

/* Two learners: one finishes the fixture lesson, one stops half-way after
 * a pause of two hours between answers. */
static void fill(Store *s, long long *attempts)
{
    VkError err;
    long long anna = make_learner(s, "anna.andersson");
    long long bo = make_learner(s, "bo.berg");
    store_set_clock(s, T0);
    CHECK(store_start_attempt(s, anna, "fixture", 2, "course", "sv", "one",
                              "order:0", &attempts[0], &err) == 0);
    store_set_clock(s, T0 + 60);
    CHECK(store_record_answer(s, attempts[0], 0, "choose", 0,
                              TOPIC_RESPONSIBILITY, RESULT_CORRECT, &err) == 0);
    store_set_clock(s, T0 + 120);
    CHECK(store_finish_attempt(s, attempts[0], 2, 2, 1, &err) == 0);
    store_set_clock(s, T0 + 1000);
    CHECK(store_start_attempt(s, bo, "fixture", 2, "course", "en", "one",
                              "order:0", &attempts[1], &err) == 0);
    store_set_clock(s, T0 + 1030);
    CHECK(store_record_answer(s, attempts[1], 0, "choose", 2,
                              TOPIC_RESPONSIBILITY, RESULT_WRONG, &err) == 0);
    store_set_clock(s, T0 + 1030 + 7200);
    CHECK(store_record_answer(s, attempts[1], 1, "choose", 1,
                              TOPIC_RESPONSIBILITY, RESULT_PARTLY, &err) == 0);
}

static void collect(Store *s, XapiOptions *o, const LessonSet *course,
                    XapiList *l)
{
    VkError err;
    memset(o, 0, sizeof *o);
    CHECK(xapi_load(o, s, "https://lms.example.org/", &err) == 0);
    o->course = course;
    o->k = 5;
    CHECK(xapi_collect(s, o, NULL, l, &err) == 0);
}

/* initialized first, terminated or suspended last, at most one
 * completed and one passed or failed, per registration */
static void check_order(const XapiList *l)
{
    for (int i = 0; i < l->count;) {
        int j = i, completed = 0, graded = 0;
        while (j < l->count &&
               strcmp(l->items[j].registration, l->items[i].registration) == 0) {
            completed += strcmp(verb(&l->items[j]), "completed") == 0;
            graded += strcmp(verb(&l->items[j]), "passed") == 0 ||
                      strcmp(verb(&l->items[j]), "failed") == 0;
            j++;
        }
        CHECK_STR(verb(&l->items[i]), "initialized");
        const char *last = verb(&l->items[j - 1]);
        CHECK(strcmp(last, "terminated") == 0 ||
              strcmp(last, "suspended") == 0);
        CHECK(completed <= 1 && graded <= 1);
        i = j;
    }
}

static void check_shape(const XapiList *l, const long long *attempts)
{
    /* anna: initialized answered completed passed terminated; bo:
     * initialized answered suspended resumed answered suspended */
    static const char *const want[] = {
        "initialized", "answered", "completed", "passed",   "terminated",
        "initialized", "answered", "suspended", "resumed", "answered",
        "suspended"};
    CHECK_INT(l->count, 11);
    for (int i = 0; i < l->count && i < 11; i++)
        CHECK_STR(verb(&l->items[i]), want[i]);
    CHECK_INT(l->attempts, 2);
    (void)attempts;
    const char *answered = l->items[1].json;
    CHECK_CONTAINS(answered, "\"interactionType\":\"choice\"");
    CHECK_CONTAINS(answered, "\"correctResponsesPattern\":[\"choice-0\"]");
    CHECK_CONTAINS(answered, "{\"id\":\"choice-2\",\"description\":{\"en\":"
                             "\"Bad\"}}");
    CHECK_CONTAINS(answered, "\"id\":\"urn:vaksam:lesson:fixture/choose\"");
    CHECK_CONTAINS(answered, "\"response\":\"choice-0\"");
    CHECK_CONTAINS(answered, "\"success\":true");
    CHECK_CONTAINS(answered, "\"duration\":\"PT60S\"");
    CHECK_CONTAINS(answered, "\"parent\":[{\"objectType\":\"Activity\","
                             "\"id\":\"urn:vaksam:lesson:fixture\"}]");
    CHECK_CONTAINS(answered, "\"grouping\":[{\"objectType\":\"Activity\","
                             "\"id\":\"urn:vaksam:course\"}]");
    CHECK_CONTAINS(answered, "\"language\":\"sv\"");
    CHECK_CONTAINS(answered, "\"platform\":\"Vaksam\"");
    CHECK_CONTAINS(answered, "\"homePage\":\"https://lms.example.org/\"");
    CHECK_CONTAINS(answered, "\"timestamp\":\"2026-05-28T");
    CHECK_CONTAINS(l->items[2].json, "\"completion\":true");
    CHECK_CONTAINS(l->items[3].json, "\"scaled\":1,\"raw\":2");
    char reg[80];
    snprintf(reg, sizeof reg, "\"registration\":\"%s\"",
             l->items[0].registration);
    CHECK_CONTAINS(l->items[4].json, reg);
    CHECK(strcmp(l->items[0].registration, l->items[5].registration) != 0);
    for (int i = 0; i < l->count; i++) {
        CHECK(!strstr(l->items[i].json, "anna"));
        CHECK(!strstr(l->items[i].json, "bo.berg"));
        CHECK_INT(l->items[i].id[14], '5'); /* version 5 */
        for (int j = 0; j < i; j++)
            CHECK(strcmp(l->items[i].id, l->items[j].id) != 0);
    }
}

/* The uid the store gave an attempt. */
static void attempt_uid(const char *path, long long id, char out[UUID_TEXT])
{
    sqlite3 *db;
    sqlite3_stmt *st = NULL;
    out[0] = '\0';
    if (sqlite3_open(path, &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "SELECT uid FROM attempts WHERE id = ?", -1,
                           &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
            snprintf(out, UUID_TEXT, "%s", sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* The actor's account name in a statement. */
static void actor_name(const XapiStatement *x, char out[40])
{
    const char *p = strstr(x->json, "\"name\":\"");
    out[0] = '\0';
    if (p)
        sscanf(p + 8, "%39[0-9a-f]", out);
}

/* The pseudonyms (n1: the first learner's) and ids depend on the
 * database's secret; --since and --groups-only leave out what they say. */
static void check_secret_and_filters(Store *s, const LessonSet *course,
                                     const XapiList *a, const char *n1)
{
    char n3[40];
    /* they depend on the database's secret: another gives others */
    VkError err;
    CHECK(store_set_setting(s, "report_key", "00112233445566778899aabbccddeeff",
                            &err) == 0);
    XapiOptions o2;
    XapiList b = {0};
    collect(s, &o2, course, &b);
    actor_name(&b.items[0], n3);
    CHECK(strcmp(n1, n3) != 0);
    CHECK(strcmp(a->items[0].id, b.items[0].id) != 0);
    /* nothing since a later day; --groups-only with two learners < k */
    xapi_list_free(&b);
    CHECK(xapi_collect(s, &o2, "2026-06-01", &b, &err) == 0);
    CHECK_INT(b.count, 0);
    o2.groups_only = true;
    CHECK(xapi_collect(s, &o2, NULL, &b, &err) == 0);
    CHECK_INT(b.count, 0);
    CHECK_INT(b.left_out, 2);
    o2.k = 1;
    CHECK(xapi_collect(s, &o2, NULL, &b, &err) == 0);
    CHECK_INT(b.count, 11);
    CHECK_CONTAINS(b.items[0].json, "\"objectType\":\"Group\"");
    xapi_list_free(&b);
    xapi_unload(&o2);
}

static void test_statements(void)
{
    char path[] = "/tmp/vaksam-test-xapi-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    unlink(path);
    Store *s = fixture_open(path);
    long long attempts[2];
    fill(s, attempts);
    LessonSet course = {0};
    course.items = xmalloc(sizeof *course.items);
    course.items[0] = fixture();
    course.count = 1;
    XapiOptions o;
    XapiList a = {0}, b = {0};
    collect(s, &o, &course, &a);
    check_shape(&a, attempts);
    check_order(&a);
    /* the registration is the attempt, by the id it has everywhere */
    char uid[UUID_TEXT];
    attempt_uid(path, attempts[1], uid);
    CHECK_INT(strlen(uid), 36);
    CHECK_STR(a.items[5].registration, uid);
    /* the same statements, byte for byte, the next time */
    XapiOptions o2;
    collect(s, &o2, &course, &b);
    CHECK_INT(b.count, a.count);
    for (int i = 0; i < a.count && i < b.count; i++)
        CHECK_STR(b.items[i].json, a.items[i].json);
    /* pseudonyms: 32 hex digits, one per learner */
    char n1[40], n2[40];
    actor_name(&a.items[0], n1);
    actor_name(&a.items[5], n2);
    CHECK_INT(strlen(n1), 32);
    CHECK(strcmp(n1, n2) != 0);
    xapi_list_free(&b);
    xapi_unload(&o2);
    check_secret_and_filters(s, &course, &a, n1);
    xapi_list_free(&a);
    xapi_unload(&o);
    lessonset_free(&course);
    store_close(s);
    char *cmd = xasprintf("rm -f '%s' '%s'-*", path, path);
    CHECK(system(cmd) == 0);
    free(cmd);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    test_sha1();
    test_uuid();
    test_statements();
    return TEST_DONE();
}
