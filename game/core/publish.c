/*
 * publish.c - the figures a group may show (see publish.h): a keyed hash
 * of a figure's exact inputs gives its noise, so that the noise is the
 * same whenever the same group is asked for.
 */
#include "publish.h"

#include "i18n.h"

#include <math.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int publisher_load(Publisher *p, Store *s, int k, VkError *err)
{
    memset(p, 0, sizeof *p);
    p->k = k;
    char *hex = NULL;
    int found = store_get_setting(s, "report_key", &hex, err);
    if (found < 0)
        return -1;
    size_t len = 0;
    if (!found ||
        sodium_hex2bin(p->key, sizeof p->key, hex, strlen(hex), NULL, &len,
                       NULL) != 0 ||
        len != sizeof p->key) {
        free(hex);
        vk_error_set(err, _("the database has no key for the report's privacy "
                            "protection; it may have been altered by hand"));
        return -1;
    }
    free(hex);
    return 0;
}

/* A keyed hash of a tag, an item name and numbers: 64 random-looking bits
 * that anyone without the key cannot predict. HMAC-SHA256 of the tag (4
 * bytes, big-endian), the item and a 0 byte, and each number (8 bytes,
 * big-endian): bytes a PostgreSQL server computes the same, for its own
 * copy of this rule (store_pg_publish.sql). */
static uint64_t cell_hash(const Publisher *p, int tag, const char *item,
                          const long long *v, int n)
{
    crypto_auth_hmacsha256_state st;
    unsigned char out[crypto_auth_hmacsha256_BYTES], be[8];
    crypto_auth_hmacsha256_init(&st, p->key, sizeof p->key);
    uint32_t t = (uint32_t)tag;
    for (int i = 0; i < 4; i++)
        be[i] = (unsigned char)(t >> (24 - 8 * i));
    crypto_auth_hmacsha256_update(&st, be, 4);
    if (item)
        crypto_auth_hmacsha256_update(&st, (const unsigned char *)item,
                                      strlen(item) + 1);
    for (int k = 0; k < n; k++) {
        uint64_t x = (uint64_t)v[k];
        for (int i = 0; i < 8; i++)
            be[i] = (unsigned char)(x >> (56 - 8 * i));
        crypto_auth_hmacsha256_update(&st, be, 8);
    }
    crypto_auth_hmacsha256_final(&st, out);
    uint64_t h = 0;
    for (int i = 0; i < 8; i++)
        h = h << 8 | out[i];
    return h;
}

/* Uniform in [-1, 1). */
static double unit_noise(uint64_t h)
{
    return (double)(h >> 11) / 4503599627370496.0 - 1.0;
}

/* Two-sided geometric with ratio 1/2: 0 a third of the time, +-1 a sixth
 * each, +-2 a twelfth each, and so on (a standard deviation of 2). */
static int count_noise(uint64_t h)
{
    int sign = h & 1 ? 1 : -1;
    h >>= 1;
    /* P(0) = 1/3 (the lowest 1/3 of the range), then halving */
    double u = (double)(h >> 11) / 4503599627370496.0;
    if (u < 1.0 / 3)
        return 0;
    double rest = (u - 1.0 / 3) / (2.0 / 3); /* uniform in [0, 1) */
    int m = 1;
    while (rest >= 0.5 && m < 60) {
        rest = (rest - 0.5) * 2;
        m++;
    }
    return sign * m;
}

static int clamp_round(double x, int lo, int hi)
{
    int v = (int)floor(x + 0.5);
    return v < lo ? lo : v > hi ? hi : v;
}

/* A shown figure's count, moved by noise from h; never below k. */
static int noisy_count(const Publisher *p, uint64_t h, long long n)
{
    if (p->exact)
        return (int)n;
    long long v = n + count_noise(h);
    return (int)(v < p->k ? p->k : v);
}

int publish_item_count(const Publisher *p, const char *item, int tag,
                       long long n, long long total, long long learners)
{
    long long in[3] = {n, total, learners};
    return noisy_count(p, cell_hash(p, 100 + tag, item, in, 3), n);
}

/* The noise of an index drawn from `learners`, in points. */
static double index_noise(const Publisher *p, double z, long long learners)
{
    if (p->exact || learners <= 0)
        return 0;
    return z * (double)PUBLISH_SPREAD / (double)learners;
}

static bool hidden(const Publisher *p, long long learners)
{
    return !p->exact && learners < p->k;
}

/* A topic's figures depend on the topic's own sums alone, and the overall
 * ones on the group's learners alone, so that the same sums always give
 * the same figure, whatever else the group holds (a remainder row holds
 * different units for different topics: shown.h). */
void publish_group(const Publisher *p, const long long *v, const bool *ok,
                   Figure *overall, Figure topic[TOPIC_COUNT])
{
    double sum = 0;
    int shown = 0, any = 0, answers = 0;
    for (int t = 0; t < TOPIC_COUNT; t++) {
        long long in[3] = {v[ROLL_CREDIT + t], v[ROLL_ANSWERS + t],
                           v[ROLL_LEARNERS + t]};
        Figure *f = &topic[t];
        memset(f, 0, sizeof *f);
        if (in[1] <= 0) {
            f->empty = true;
            continue;
        }
        any++;
        if (hidden(p, in[2]) || !ok[t]) {
            f->suppressed = true;
            continue;
        }
        /* two draws averaged: the noise is more often small than large */
        double z = (unit_noise(cell_hash(p, 2 + t, NULL, in, 3)) +
                    unit_noise(cell_hash(p, 10 + t, NULL, in, 3))) /
                   2;
        double x = 100.0 * (double)in[0] / (2.0 * (double)in[1]) +
                   index_noise(p, z, in[2]);
        x = x < 0 ? 0 : x > 100 ? 100 : x;
        f->value = clamp_round(x, 0, 100);
        f->learners = noisy_count(p, cell_hash(p, 102 + t, NULL, in, 3), in[2]);
        f->answers = noisy_count(p, cell_hash(p, 120 + t, NULL, in, 3), in[1]);
        sum += x;
        shown++;
        answers += f->answers;
    }
    memset(overall, 0, sizeof *overall);
    long long who[2] = {v[ROLL_ACTIVE], v[ROLL_COMPLETED]};
    overall->empty = any == 0;
    if (overall->empty)
        return;
    if (hidden(p, who[0]) || shown == 0) {
        overall->suppressed = true;
        return;
    }
    /* the mean of the topics shown: a hidden topic cannot be had back from
     * the overall index and the others */
    overall->value = clamp_round(sum / shown, 0, 100);
    overall->learners = noisy_count(p, cell_hash(p, 101, NULL, who, 2), who[0]);
    overall->answers = answers;
}

Figure publish_participation(const Publisher *p, long long completed,
                             long long eligible)
{
    Figure f = {0};
    if (eligible <= 0) {
        f.empty = true;
        return f;
    }
    if (hidden(p, eligible)) {
        f.suppressed = true;
        return f;
    }
    if (completed > eligible) /* learners who moved since they completed */
        completed = eligible;
    f.value = (int)((100 * completed + eligible / 2) / eligible);
    f.learners = (int)eligible;
    f.answers = (int)completed;
    return f;
}

int publish_share(const Publisher *p, const char *item, int tag, long long n,
                  long long total, long long learners)
{
    if (total <= 0 || hidden(p, learners))
        return -1;
    long long in[3] = {n, total, learners};
    double z = unit_noise(cell_hash(p, 40 + tag, item, in, 3));
    double x = 100.0 * (double)n / (double)total + index_noise(p, z, learners);
    return clamp_round(x, 0, 100);
}
