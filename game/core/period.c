/*
 * period.c - months and the periods a report covers (see period.h).
 */
#include "period.h"

#include "i18n.h"

#include <stdio.h>
#include <string.h>

int month_of_time(time_t t)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    return (tm.tm_year + 1900) * 12 + tm.tm_mon;
}

/* Whether t[0..n) are all digits. */
static bool digits(const char *t, int n)
{
    for (int i = 0; i < n; i++)
        if (t[i] < '0' || t[i] > '9')
            return false;
    return true;
}

int month_of_text(const char *t)
{
    int y, m;
    if (t && digits(t, 4) && t[4] == '-' && digits(t + 5, 2)) {
        /* the form every stored time has, read by hand: a loader reads
         * ten million of them */
        y = ((t[0] - '0') * 10 + t[1] - '0') * 100 + (t[2] - '0') * 10 + t[3] -
            '0';
        m = (t[5] - '0') * 10 + t[6] - '0';
    } else if (!t || sscanf(t, "%4d-%2d", &y, &m) != 2) {
        return -1;
    }
    return m < 1 || m > 12 ? -1 : y * 12 + m - 1;
}

void month_format(int month, char *buf, size_t n)
{
    snprintf(buf, n, "%04d-%02d", month / 12, month % 12 + 1);
}

static bool parse_month(const char *s, int *out)
{
    int y, m, used = 0;
    if (sscanf(s, "%4d-%2d%n", &y, &m, &used) != 2 || used != 7 ||
        s[used] != '\0' || y < 2000 || y > 2999 || m < 1 || m > 12)
        return false;
    *out = y * 12 + m - 1;
    return true;
}

/* The rolling windows offered: fixed lengths, so that two of them cannot
 * be subtracted to give one month of a small group. */
static const int rolling[] = {3, 12};

int period_parse(const char *text, int now_month, Period *out, VkError *err)
{
    int y, q, n, used = 0;
    if (strstr(text, "..")) {
        vk_error_set(err,
                     _("--period %s: ranges of months are not offered, "
                       "because two overlapping ranges could be subtracted "
                       "to reveal a few learners' answers; use a year "
                       "(2026), a quarter (2026-Q3), a month (2026-03), "
                       "last-3 or last-12"),
                     text);
        return -1;
    }
    if (sscanf(text, "last-%d%n", &n, &used) == 1 && text[used] == '\0') {
        for (size_t i = 0; i < sizeof rolling / sizeof *rolling; i++)
            if (n == rolling[i]) {
                *out = (Period){now_month - n + 1, now_month};
                return 0;
            }
    } else if (sscanf(text, "%4d-Q%1d%n", &y, &q, &used) == 2 &&
               text[used] == '\0') {
        if (y >= 2000 && y <= 2999 && q >= 1 && q <= 4) {
            out->first = y * 12 + (q - 1) * 3;
            out->last = out->first + 2;
            return 0;
        }
    } else if (parse_month(text, &out->first)) {
        out->last = out->first;
        return 0;
    } else if (sscanf(text, "%4d%n", &y, &used) == 1 && used == 4 &&
               text[used] == '\0' && y >= 2000 && y <= 2999) {
        *out = (Period){y * 12, y * 12 + 11};
        return 0;
    }
    vk_error_set(err,
                 _("--period %s: expected a year (2026), a quarter "
                   "(2026-Q3), a month (2026-03), last-3 or last-12 (the "
                   "last 3 or 12 months)"),
                 text);
    return -1;
}

void period_format(Period p, char *buf, size_t n)
{
    char a[16], b[16];
    month_format(p.first, a, sizeof a);
    month_format(p.last, b, sizeof b);
    if (p.first == p.last)
        snprintf(buf, n, "%s", a);
    else if (p.first % 12 == 0 && p.last == p.first + 11)
        snprintf(buf, n, "%04d", p.first / 12);
    else if (p.first % 3 == 0 && p.last == p.first + 2)
        snprintf(buf, n, "%04d-Q%d", p.first / 12, p.first % 12 / 3 + 1);
    else
        snprintf(buf, n, "%s..%s", a, b);
}

Period period_previous(Period p)
{
    int len = p.last - p.first + 1;
    return (Period){p.first - len, p.first - 1};
}
