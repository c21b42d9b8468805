/*
 * demo.h - the small demo organisation a fresh database starts with, so
 * that the trainer can be tried at once. Its names are translated into the
 * language in use when it is created.
 */
#ifndef VAKSAM_DEMO_H
#define VAKSAM_DEMO_H

#include "store.h"

/* Creates the demo organisation when the database has no units. */
int demo_seed_if_empty(Store *s, bool *created, VkError *err);

#endif
