/*
 * report_fixture.h - what the report's suites start from: a new store in a
 * place of test_place.h (either backend), and the report of one filter as
 * published (noise and suppression: publish.h, shown.h) or exact
 * (report_exact.h, for comparing with the stored answers).
 */
#ifndef VAKSAM_REPORT_FIXTURE_H
#define VAKSAM_REPORT_FIXTURE_H

#include "report.h"
#include "report_exact.h"
#include "store.h"

#include "test.h"
#include "test_place.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int report_places;

/* A new, empty store (its place in *path, for place_drop); the test ends
 * when there is none. */
static inline Store *fresh(char **path)
{
    char name[16];
    snprintf(name, sizeof name, "r%d", ++report_places);
    *path = place_new(name);
    VkError err;
    Store *s = store_open(*path, &err);
    if (!s) {
        fprintf(stderr, "%s\n", err.msg);
        CHECK(!"a new store");
        exit(TEST_DONE());
    }
    return s;
}

/* The report as published (noise and suppression: publish.h, shown.h). */
static inline Report build_pub(Store *s, Period p, long long unit, int role,
                               int k)
{
    Report r;
    VkError err;
    ReportFilter f = {p, unit, role, k};
    if (report_build(s, &f, &r, &err) < 0) {
        fprintf(stderr, "report_build: %s\n", err.msg);
        memset(&r, 0, sizeof r);
    }
    return r;
}

/* Whether a server refuses to publish a period: it publishes one month,
 * three or twelve (store_pg_publish.sql), since its CISO may ask for any
 * range and two overlapping ones of other lengths could be subtracted. A
 * refused report must say so. */
static inline bool server_refuses(Store *s, Period p)
{
    int len = p.last - p.first + 1;
    if (!store_publishes(s) || len == 1 || len == 3 || len == 12)
        return false;
    Report r;
    VkError err;
    ReportFilter f = {p, 0, REPORT_ROLE_ALL, 3};
    CHECK(report_build(s, &f, &r, &err) < 0);
    CHECK(strstr(err.msg, "one month, three months or twelve months") != NULL);
    return true;
}

/* The exact figures, for comparing with the answers (report_exact.h). */
static inline Report build(Store *s, Period p, long long unit, int role, int k)
{
    Report r;
    VkError err;
    ReportFilter f = {p, unit, role, k};
    if (report_build_exact(s, &f, &r, &err) < 0) {
        fprintf(stderr, "report_build: %s\n", err.msg);
        memset(&r, 0, sizeof r);
    }
    return r;
}

#endif
