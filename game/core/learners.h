/*
 * learners.h - the organisation's learners imported from a CSV file that
 * an HR system exports: one learner per row, "login,name,unit,role"
 * (unit: the HR id of a unit from `units import`; role: manager or
 * staff). The first row may be that header; fields may be quoted as in
 * RFC 4180 and be of any length (csv.h). Every problem is reported with
 * its line, and a file with any problem imports nothing.
 */
#ifndef VAKSAM_LEARNERS_H
#define VAKSAM_LEARNERS_H

#include "store.h"

/* Checks the CSV file at path and makes its learners the organisation's
 * in one transaction (store_import_learners: learners not in it are
 * marked as having left). Returns 0 and what changed in *st, or -1 with
 * the problems in diags (and nothing changed). */
int learners_import_csv(Store *s, const char *path, LearnerImportStats *st,
                        Diags *diags);

#endif
