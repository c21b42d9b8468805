/*
 * topic.h - the one list of topics a decision can teach, and of the meters
 * that show the state of the learner's organisation. Ids are what lesson
 * files and the database use; labels are for people and are translated.
 */
#ifndef VAKSAM_TOPIC_H
#define VAKSAM_TOPIC_H

typedef enum Topic {
    TOPIC_CONFIDENTIALITY,
    TOPIC_INTEGRITY,
    TOPIC_AVAILABILITY,
    TOPIC_RESPONSIBILITY,
    TOPIC_CISO,
    TOPIC_SYSTEMATIC,
    TOPIC_COUNT,
    TOPIC_NONE = -1
} Topic;

typedef enum Meter {
    METER_CONFIDENTIALITY,
    METER_INTEGRITY,
    METER_AVAILABILITY,
    METER_TRUST,
    METER_COUNT
} Meter;

typedef enum Role { ROLE_MANAGER, ROLE_STAFF, ROLE_COUNT } Role;

/* Stable id ("confidentiality"); never translated. */
const char *topic_id(Topic t);
/* Topic for an id, or TOPIC_NONE. */
Topic topic_from_id(const char *id);
/* Translated label for display. */
const char *topic_label(Topic t);

/* Meter for an id, or -1. */
int meter_from_id(const char *id);
const char *meter_label(Meter m);

/* "manager" / "staff", as stored. */
const char *role_id(Role r);
/* Role for an id, or -1. */
int role_from_id(const char *id);
const char *role_label(Role r);

#endif
