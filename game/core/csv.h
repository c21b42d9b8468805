/*
 * csv.h - the one reader of the CSV files an HR system exports (units
 * import, learners import): RFC 4180 records, fields of any length, a
 * field quoted with '"' and a quote inside it doubled; lines end in LF
 * or CRLF; a UTF-8 byte order mark at the start is skipped. A record
 * that breaks the rules comes back with what is wrong, so that the
 * importer reports it with its line and goes on to the next one.
 */
#ifndef VAKSAM_CSV_H
#define VAKSAM_CSV_H

#include <stddef.h>

/* Reads a text of len bytes (kept by the caller while reading). */
typedef struct CsvReader {
    const char *p, *end;
    int line; /* of the next record */
} CsvReader;

/* One record: its fields (owned; csv_record_free), and the line it
 * starts on. problem: NULL, or what is wrong with it (a translated
 * message, never freed). */
typedef struct CsvRecord {
    char **fields;
    int n, cap;
    int line;
    const char *problem;
} CsvRecord;

/* Starts reading text. */
void csv_open(CsvReader *r, const char *text, size_t len);
/* The next record into rec: 1 a record (check rec->problem), 0 the end of
 * the text, -1 a quoted field that never ends (rec->problem says so; the
 * rest of the text is inside it, so reading stops). */
int csv_next(CsvReader *r, CsvRecord *rec);
/* Whether the record is a blank line. */
int csv_blank(const CsvRecord *rec);
void csv_record_free(CsvRecord *rec);
/* A field as a message quotes it: the field, or its first bytes and
 * "..." when it is long (cut on a character's boundary); caller frees. */
char *csv_quote(const char *field);

#endif
