/*
 * topic.c - ids and labels of topics, meters and roles (see topic.h).
 */
#include "topic.h"

#include "i18n.h"

#include <string.h>

static const char *const topic_ids[TOPIC_COUNT] = {
    "confidentiality", "integrity", "availability",
    "responsibility",  "ciso",      "systematic",
};

static const char *const topic_labels[TOPIC_COUNT] = {
    N_("Confidentiality"), N_("Integrity"), N_("Availability"),
    N_("Responsibility"),  N_("The CISO"),  N_("Systematic work"),
};

static const char *const meter_ids[METER_COUNT] = {
    "confidentiality", "integrity", "availability", "trust"};

static const char *const meter_labels[METER_COUNT] = {
    N_("Confidentiality"), N_("Integrity"), N_("Availability"), N_("Trust")};

const char *topic_id(Topic t)
{
    return t >= 0 && t < TOPIC_COUNT ? topic_ids[t] : "";
}

Topic topic_from_id(const char *id)
{
    for (int i = 0; i < TOPIC_COUNT; i++)
        if (strcmp(id, topic_ids[i]) == 0)
            return (Topic)i;
    return TOPIC_NONE;
}

const char *topic_label(Topic t)
{
    return t >= 0 && t < TOPIC_COUNT ? _(topic_labels[t]) : "";
}

int meter_from_id(const char *id)
{
    for (int i = 0; i < METER_COUNT; i++)
        if (strcmp(id, meter_ids[i]) == 0)
            return i;
    return -1;
}

const char *meter_label(Meter m)
{
    return m < METER_COUNT ? _(meter_labels[m]) : "";
}

static const char *const role_ids[ROLE_COUNT] = {"manager", "staff"};
static const char *const role_labels[ROLE_COUNT] = {N_("Manager"),
                                                    N_("Staff member")};

const char *role_id(Role r)
{
    return r >= 0 && r < ROLE_COUNT ? role_ids[r] : "";
}

int role_from_id(const char *id)
{
    for (int i = 0; i < ROLE_COUNT; i++)
        if (strcmp(id, role_ids[i]) == 0)
            return i;
    return -1;
}

const char *role_label(Role r)
{
    return r >= 0 && r < ROLE_COUNT ? _(role_labels[r]) : "";
}
