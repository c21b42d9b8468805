/*
 * store_check.h - is the database file whole? SQLite's own checks, run
 * before anything trusts the file: the quick check before a migration,
 * before every CISO command and when a small file is opened (store_open),
 * and the full integrity check behind `vaksam db check`, on a read-only
 * connection that never writes.
 */
#ifndef VAKSAM_STORE_CHECK_H
#define VAKSAM_STORE_CHECK_H

#include "store.h"

#include <stdio.h>

/* store_open runs the quick check on files up to this size: measured here,
 * it reads about 2.4 ms per MiB (1.5 GiB, 50,000 learners: 4 s), so a
 * bigger file would slow every learner's start (see the README). */
#define STORE_CHECK_ON_OPEN_MAX (32LL * 1024 * 1024)

enum { STORE_CHECK_SHOWN = 5 };

/* What the full check found. */
typedef struct StoreCheck {
    int problems;                   /* 0: none */
    bool at_least;                  /* the check stopped at its limit */
    char *shown[STORE_CHECK_SHOWN]; /* the first problems; owned */
    int nshown;
} StoreCheck;

/* Runs PRAGMA quick_check on an open store: 0 when the file is whole,
 * else -1 with the damaged-file message, and the store refuses every write
 * from then on. */
int store_check_quick(Store *s, VkError *err);
/* Runs the full PRAGMA integrity_check on the file at path, opened
 * read-only. 0 with the findings in out (free with store_check_free), or
 * -1 when the file cannot be opened. */
int store_check_file(const char *path, StoreCheck *out, VkError *err);
void store_check_free(StoreCheck *c);
/* Writes what the check found, and what to do about it, for people. */
void store_check_print(const StoreCheck *c, const char *path, FILE *out);

#endif
