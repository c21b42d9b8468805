/*
 * table.h - writing rows of named text fields as CSV or JSON, the one
 * writer behind the report, the completion register and their exports.
 */
#ifndef VAKSAM_TABLE_H
#define VAKSAM_TABLE_H

#include <stdbool.h>
#include <stdio.h>

typedef struct TableWriter {
    FILE *out;
    bool json;
    int rows; /* written so far */
} TableWriter;

/* One row of n named fields: a CSV line, or a JSON object (after a comma
 * when it is not the first) in which the fields unit_id, value and
 * learners are numbers when they are digits and null when empty. */
void table_row(TableWriter *w, const char *const *names,
               const char *const *fields, int n);
/* A JSON string with its quotes, escaped. */
void table_json_string(FILE *out, const char *s);

#endif
