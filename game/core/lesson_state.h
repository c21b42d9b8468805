/*
 * lesson_state.h - flags and conditions of a lesson (format:
 * lessons/README.md, "Consequences"): the state a choice leaves behind and
 * the test a scene's variant applies to it.
 */
#ifndef VAKSAM_LESSON_STATE_H
#define VAKSAM_LESSON_STATE_H

#include "lesson.h"

/* The index of the flag with this name, added when new; -1 when the lesson
 * already has LESSON_MAX_FLAGS. */
int lesson_flag(Lesson *l, const char *name);
/* Parses "term and term ...", each term "flag", "not flag" or "meter OP N"
 * (meter: confidentiality, integrity, availability, trust or score; OP: <,
 * <=, >, >=; N 0..100). Sets the bits of the flags it reads in *reads.
 * False with a message in msg. */
bool cond_parse(Lesson *l, const char *text, Cond *c, uint32_t *reads,
                char *msg, size_t msgsz);
/* Whether every term holds for these flags, meters and score (percent). */
bool cond_holds(const Cond *c, uint32_t flags, const int *meters, int score);
/* Whether the condition compares one of the four meters. */
bool cond_reads_meter(const Cond *c);

#endif
