/*
 * test_util.c - the one hash and the one hash map every module uses:
 * FNV-1a's published values, byte keys and string keys through growth,
 * lookups that must miss, and a walk over every entry exactly once; a
 * string copied cut to fit.
 */
#include "util.h"

#include "../test.h"

#include <stdlib.h>

typedef struct Key {
    long long unit;
    int month, role;
} Key;

static void byte_keys(void)
{
    VkMap m;
    vk_map_init(&m, sizeof(Key), sizeof(int), 4);
    enum { N = 5000 };
    for (int i = 0; i < N; i++) {
        Key k;
        memset(&k, 0, sizeof k); /* the padding is part of the key */
        k.unit = i % 97;
        k.month = i / 97;
        k.role = i % 2;
        int *v = vk_map_get(&m, &k);
        CHECK_INT(*v, 0); /* new keys start zeroed */
        *v = i + 1;
    }
    CHECK_INT(m.count, N);
    CHECK(m.cap >= 2 * N);
    int wrong = 0;
    for (int i = 0; i < N; i++) {
        Key k;
        memset(&k, 0, sizeof k);
        k.unit = i % 97;
        k.month = i / 97;
        k.role = i % 2;
        int *v = vk_map_find(&m, &k);
        wrong += !v || *v != i + 1;
        wrong += vk_map_get(&m, &k) != v; /* no second entry */
    }
    CHECK_INT(wrong, 0);
    CHECK_INT(m.count, N);
    Key absent = {1000, 0, 0};
    CHECK(vk_map_find(&m, &absent) == NULL);
    long long sum = 0;
    int seen = 0;
    const void *k;
    void *v;
    for (size_t at = 0; vk_map_next(&m, &at, &k, &v); seen++)
        sum += *(int *)v - ((const Key *)k)->unit;
    CHECK_INT(seen, N);
    long long want = 0;
    for (int i = 0; i < N; i++)
        want += i + 1 - i % 97;
    CHECK_INT(sum, want);
    vk_map_free(&m);
}

static void string_keys(void)
{
    VkMap m;
    vk_map_init_strings(&m, 0, 0); /* a set, grown from nothing */
    CHECK(vk_map_find(&m, "x") == NULL);
    char *names[300];
    for (int i = 0; i < 300; i++) {
        names[i] = xasprintf("lesson-%d/scene-%d", i % 7, i);
        vk_map_get(&m, names[i]);
    }
    CHECK_INT(m.count, 300);
    char probe[64];
    snprintf(probe, sizeof probe, "lesson-%d/scene-%d", 3, 150);
    CHECK(vk_map_find(&m, probe) != NULL); /* by content, not address */
    CHECK(vk_map_find(&m, "lesson-3/scene-151") == NULL);
    vk_map_get(&m, probe);
    CHECK_INT(m.count, 300);
    int seen = 0;
    const void *k;
    void *v;
    for (size_t at = 0; vk_map_next(&m, &at, &k, &v);)
        seen += strncmp(k, "lesson-", 7) == 0;
    CHECK_INT(seen, 300);
    vk_map_free(&m);
    for (int i = 0; i < 300; i++)
        free(names[i]);
}

static void copy_cut(void)
{
    char b[6];
    CHECK_INT((int)vk_copy_cut(b, sizeof b, "abc"), 3);
    CHECK_STR(b, "abc");
    CHECK_INT((int)vk_copy_cut(b, sizeof b, "abcde"), 5); /* just fits */
    CHECK_STR(b, "abcde");
    CHECK_INT((int)vk_copy_cut(b, sizeof b, "abcdefgh"), 8); /* cut */
    CHECK_STR(b, "abcde");
    CHECK_INT((int)vk_copy_cut(b, sizeof b, NULL), 0);
    CHECK_STR(b, "");
    CHECK_INT((int)vk_copy_cut(b, 1, "x"), 1);
    CHECK_STR(b, "");
}

static void test_natural(void)
{
    CHECK(vk_natural_cmp("1.2", "1.10") < 0);
    CHECK(vk_natural_cmp("Unit 9", "Unit 10") < 0);
    CHECK(vk_natural_cmp("unit 10", "Unit 9") > 0);
    CHECK(vk_natural_cmp("a", "B") < 0);
    CHECK(vk_natural_cmp("007", "7") != 0); /* equal numbers, then bytes */
    CHECK(vk_natural_cmp("x", "x") == 0);
    CHECK(vk_natural_cmp("x", "x1") < 0);
    CHECK(vk_contains_fold("Elderly care", "ELDER"));
    CHECK(vk_contains_fold("Äldreomsorg", "äldre"));
    CHECK(vk_contains_fold("Individ- och familjeomsorg", "FAMILJE"));
    CHECK(!vk_contains_fold("IT", "it-enheten"));
    CHECK(vk_contains_fold("anything", ""));
    CHECK(!vk_contains_fold("", "a"));
}

int main(void)
{
    test_natural();
    /* FNV-1a 64's published test vectors */
    CHECK(vk_hash("", 0) == 0xcbf29ce484222325ull);
    CHECK(vk_hash("a", 1) == 0xaf63dc4c8601ec8cull);
    CHECK(vk_hash("foobar", 6) == 0x85944171f73967e8ull);
    CHECK(vk_hash_add(vk_hash("foo", 3), "bar", 3) == vk_hash("foobar", 6));
    byte_keys();
    string_keys();
    copy_cut();
    return TEST_DONE();
}
