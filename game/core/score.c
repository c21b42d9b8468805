/*
 * score.c - scoring and meter rules (see score.h).
 */
#include "score.h"

#include <string.h>

int score_points(Result r)
{
    switch (r) {
    case RESULT_CORRECT: return 2;
    case RESULT_PARTLY: return 1;
    case RESULT_WRONG: break;
    }
    return 0;
}

int score_percent(int points, int max)
{
    if (max <= 0)
        return 0;
    return (points * 100 + max / 2) / max;
}

int meter_apply(int value, int delta)
{
    int v = value + delta;
    return v < METER_MIN ? METER_MIN : v > METER_MAX ? METER_MAX : v;
}

static const char *const result_ids[] = {"wrong", "partly", "correct"};

const char *result_id(Result r)
{
    return (unsigned)r < 3 ? result_ids[r] : "";
}

int result_from_id(const char *id)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(id, result_ids[i]) == 0)
            return i;
    return -1;
}

ScoreBand score_band(int percent)
{
    return percent >= 85   ? BAND_EXCELLENT
           : percent >= 65 ? BAND_GOOD
           : percent >= 40 ? BAND_PARTWAY
                           : BAND_AGAIN;
}
