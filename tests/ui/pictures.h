/*
 * pictures.h - what the UI tests that compare pictures share: a report
 * with known figures for the dashboard, and a reader for the PNGs png.c
 * writes (one zlib stream, filter none).
 */
#ifndef VAKSAM_TEST_PICTURES_H
#define VAKSAM_TEST_PICTURES_H

#include "report.h"
#include "util.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* ---- a report with known figures ---- */

static inline Figure fig(int value, int learners)
{
    return (Figure){value, learners, learners * 6, false, false};
}

static const Figure HIDDEN = {0, 0, 0, false, true};
static const Figure NONE = {0, 0, 0, true, false};

static inline void unit_row(ReportUnit *u, const char *name, bool own,
                            Figure overall, const Figure *topics, Figure part)
{
    static long long next_id = 100;
    snprintf(u->name, sizeof u->name, "%s", name);
    u->id = next_id++;
    u->own = own;
    u->overall = overall;
    for (int t = 0; t < TOPIC_COUNT; t++)
        u->topic[t] = topics[t];
    u->participation = part;
}

/* Equal figures in (0,2), (0,3) and (1,1); suppressed cells in row 1 and
 * all of row 2; row 3 empty. */
static inline void handmade(Report *r)
{
    memset(r, 0, sizeof *r);
    int now = 2026 * 12 + 2;
    r->filter = (ReportFilter){{now - 2, now}, 0, REPORT_ROLE_ALL, 5};
    r->previous = (Period){now - 5, now - 3};
    r->overall = fig(64, 40);
    r->overall_previous = fig(60, 38);
    r->has_change = true;
    r->change = 4;
    const Figure topics[TOPIC_COUNT] = {fig(71, 40), fig(55, 40), fig(82, 40),
                                        fig(40, 30), HIDDEN,      fig(63, 40)};
    memcpy(r->topic, topics, sizeof topics);
    r->role[ROLE_MANAGER] = fig(70, 6);
    r->role[ROLE_STAFF] = fig(62, 34);
    r->participation = fig(58, 40);
    r->nunits = 5;
    r->units = xcalloc(5, sizeof *r->units);
    const Figure finance[TOPIC_COUNT] = {fig(40, 12), fig(72, 12), fig(72, 12),
                                         fig(55, 12), fig(61, 12), fig(90, 12)};
    const Figure it[TOPIC_COUNT] = {fig(72, 9), HIDDEN, fig(80, 9),
                                    fig(66, 9), HIDDEN, fig(77, 9)};
    const Figure small[TOPIC_COUNT] = {HIDDEN, HIDDEN, HIDDEN,
                                       HIDDEN, HIDDEN, HIDDEN};
    const Figure none[TOPIC_COUNT] = {NONE, NONE, NONE, NONE, NONE, NONE};
    const Figure own[TOPIC_COUNT] = {fig(50, 6), fig(50, 6), fig(33, 6),
                                     fig(20, 6), fig(95, 6), NONE};
    unit_row(&r->units[0], "Finance", false, fig(61, 12), finance, fig(70, 12));
    unit_row(&r->units[1], "IT", false, fig(75, 9), it, fig(50, 9));
    unit_row(&r->units[2], "Small office", false, HIDDEN, small, HIDDEN);
    unit_row(&r->units[3], "Archive", false, NONE, none, NONE);
    unit_row(&r->units[4], "Demo Municipality", true, fig(50, 6), own,
             fig(25, 6));
    r->ntrend = 3;
    r->trend = xcalloc(3, sizeof *r->trend);
    const Figure points[3] = {fig(60, 30), HIDDEN, fig(64, 40)};
    for (int i = 0; i < 3; i++) {
        r->trend[i].period = (Period){now - 2 + i, now - 2 + i};
        r->trend[i].overall = points[i];
    }
    r->nmissed = 2;
    r->missed[0] = (Missed){"who-owns-the-risk",
                            "owner-gap-2",
                            TOPIC_RESPONSIBILITY,
                            40,
                            40,
                            55,
                            2,
                            {{1, 35, RESULT_WRONG}, {2, 20, RESULT_PARTLY}}};
    r->missed[1] = (Missed){"quiz-confidentiality",
                            "login-link-2",
                            TOPIC_CONFIDENTIALITY,
                            120,
                            60,
                            30,
                            2,
                            {{0, 18, RESULT_WRONG}, {3, 12, RESULT_PARTLY}}};
}

/* ---- PNGs ---- */

static inline uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

typedef struct Picture {
    int w, h;
    uint8_t *rgba;
} Picture;

/* Reads back a PNG of png.c (one zlib stream, filter none). */
static inline bool picture_load(const char *path, Picture *p)
{
    size_t n;
    uint8_t *f = (uint8_t *)read_file(path, &n, NULL);
    memset(p, 0, sizeof *p);
    if (!f || n < 33 || memcmp(f, "\x89PNG", 4) != 0) {
        free(f);
        return false;
    }
    p->w = (int)be32(f + 16);
    p->h = (int)be32(f + 20);
    StrBuf z = {0};
    for (size_t at = 8; at + 12 <= n;) {
        uint32_t len = be32(f + at);
        if (memcmp(f + at + 4, "IDAT", 4) == 0)
            strbuf_append(&z, (const char *)f + at + 8, len);
        at += 12 + len;
    }
    size_t row = (size_t)p->w * 4 + 1, raw_len = row * (size_t)p->h;
    uint8_t *raw = xmalloc(raw_len);
    uLongf got = (uLongf)raw_len;
    if (uncompress(raw, &got, (const Bytef *)z.data, (uLong)z.len) != Z_OK)
        got = 0;
    p->rgba = xmalloc((size_t)p->w * p->h * 4);
    for (int y = 0; y < p->h; y++)
        memcpy(p->rgba + (size_t)y * p->w * 4, raw + y * row + 1,
               (size_t)p->w * 4);
    free(raw);
    free(z.data);
    free(f);
    return got == raw_len;
}

#endif
