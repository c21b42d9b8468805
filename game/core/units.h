/*
 * units.h - the organisation's units imported from a CSV file that an HR
 * system can export: one unit per row, "id,name,parent_id" (the first row
 * may be that header; fields may be quoted as in RFC 4180). Every problem
 * is reported with its line, and a file with any problem imports nothing.
 */
#ifndef VAKSAM_UNITS_H
#define VAKSAM_UNITS_H

#include "store.h"

/* Checks and imports the units of the CSV file at path in one transaction:
 * units are matched by their HR id (updated when known, added when new);
 * units not in the file are kept. Returns 0 and *imported, or -1 with the
 * problems in diags (and nothing changed). */
int units_import_csv(Store *s, const char *path, int *imported, Diags *diags);

#endif
