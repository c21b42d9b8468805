/*
 * test_clock.h - the times tests give answers: a fixed hour of a month.
 */
#ifndef VAKSAM_TEST_CLOCK_H
#define VAKSAM_TEST_CLOCK_H

#include <time.h>

/* Noon UTC on the 10th of month m (period.h months) plus n seconds. */
static inline long long at(int month, int n)
{
    struct tm tm = {0};
    tm.tm_year = month / 12 - 1900;
    tm.tm_mon = month % 12;
    tm.tm_mday = 10;
    tm.tm_hour = 12;
    return (long long)timegm(&tm) + n;
}

#endif
