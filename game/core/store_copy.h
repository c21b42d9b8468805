/*
 * store_copy.h - moving an organisation from a SQLite file into a new
 * PostgreSQL database (`vaksam db copy`): every unit, learner, attempt,
 * answer, completion and setting (the CISO's password hash, k, the noise
 * key of the report), with their ids, in one transaction that is checked
 * before it commits. store_copy.c is the one file that knows both
 * backends.
 */
#ifndef VAKSAM_STORE_COPY_H
#define VAKSAM_STORE_COPY_H

#include "store.h"

enum { STORE_COPY_TABLES = 6 };

/* The tables copied, in the order they are copied: units, learners,
 * attempts, answers, completions, settings. */
extern const char *const store_copy_tables[STORE_COPY_TABLES];

typedef struct StoreCopyStats {
    long long rows[STORE_COPY_TABLES]; /* by store_copy_tables */
} StoreCopyStats;

/* Copies the SQLite file `from` (checked as store_open_checked checks
 * it) into the PostgreSQL database the URI `to` names, which must have no
 * units, learners, attempts, answers or completions (its settings are
 * replaced by the file's); the connection must own the schema, which is
 * made or upgraded first. Then the report's totals are rebuilt and every
 * table's rows are read back and compared, by count and by a checksum of
 * each row's text, with the file's. All of it or nothing: on any failure
 * or difference the database is left as it was and err says why. */
int store_copy(const char *from, const char *to, StoreCopyStats *stats,
               VkError *err);

#endif
