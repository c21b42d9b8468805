/*
 * csv.c - reading HR's CSV files (see csv.h). Fields grow as they are
 * read, so a field of any length comes through whole: the units import
 * cut fields at 255 bytes without a word before this reader.
 */
#include "csv.h"

#include "i18n.h"
#include "util.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

enum { QUOTE_MAX = 60 };

void csv_open(CsvReader *r, const char *text, size_t len)
{
    r->p = text;
    r->end = text + len;
    r->line = 1;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        r->p += 3;
}

static void add_field(CsvRecord *rec, StrBuf *b)
{
    if (rec->n == rec->cap) {
        rec->cap = rec->cap ? rec->cap * 2 : 8;
        rec->fields = xrealloc(rec->fields, (size_t)rec->cap * sizeof(char *));
    }
    rec->fields[rec->n++] = b->data ? b->data : xstrdup("");
    *b = (StrBuf){0};
}

static void clear(CsvRecord *rec)
{
    for (int i = 0; i < rec->n; i++)
        free(rec->fields[i]);
    rec->n = 0;
    rec->problem = NULL;
}

static void problem(CsvRecord *rec, const char *msg)
{
    if (!rec->problem)
        rec->problem = msg;
}

/* A quoted field from just after its opening quote; false when it never
 * ends. */
static bool quoted(CsvReader *r, StrBuf *b, CsvRecord *rec)
{
    const char *s = r->p;
    for (;;) {
        if (s == r->end) {
            r->p = s;
            return false;
        }
        if (*s == '"') {
            if (s + 1 < r->end && s[1] == '"') {
                strbuf_append(b, "\"", 1);
                s += 2;
                continue;
            }
            r->p = s + 1;
            return true;
        }
        if (*s == '\n')
            r->line++;
        if (*s == '\0')
            problem(rec, _("a NUL byte in the field: is this a CSV file?"));
        strbuf_append(b, s, 1);
        s++;
    }
}

/* An unquoted field, or what follows a quoted field's closing quote. */
static void unquoted(CsvReader *r, StrBuf *b, CsvRecord *rec, bool after_quote)
{
    const char *s = r->p, *start = s;
    while (s < r->end && *s != ',' && *s != '\n' &&
           !(*s == '\r' && (s + 1 == r->end || s[1] == '\n'))) {
        if (*s == '"')
            problem(rec, _("a quote inside a field that does not begin with "
                           "one: quote the whole field and double the quote "
                           "(\"a \"\"b\"\" c\")"));
        if (*s == '\0')
            problem(rec, _("a NUL byte in the field: is this a CSV file?"));
        s++;
    }
    if (after_quote && s > start)
        problem(rec, _("text after a field's closing quote: quote the whole "
                       "field"));
    strbuf_append(b, start, (size_t)(s - start));
    r->p = s;
}

int csv_next(CsvReader *r, CsvRecord *rec)
{
    clear(rec);
    if (r->p >= r->end)
        return 0;
    rec->line = r->line;
    for (;;) {
        StrBuf b = {0};
        strbuf_append(&b, "", 0);
        bool q = r->p < r->end && *r->p == '"';
        if (q) {
            r->p++;
            if (!quoted(r, &b, rec)) {
                free(b.data);
                clear(rec);
                rec->problem = _("a quoted field never ends");
                return -1;
            }
        }
        unquoted(r, &b, rec, q);
        size_t bad;
        if (!utf8_valid(b.data, b.len, &bad))
            problem(rec, _("bad UTF-8: export the file as UTF-8"));
        add_field(rec, &b);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == '\r')
            r->p++;
        if (r->p < r->end && *r->p == '\n') {
            r->p++;
            r->line++;
        }
        return 1;
    }
}

int csv_blank(const CsvRecord *rec)
{
    if (rec->n != 1)
        return 0;
    for (const char *s = rec->fields[0]; *s; s++)
        if (*s != ' ' && *s != '\t')
            return 0;
    return 1;
}

void csv_record_free(CsvRecord *rec)
{
    clear(rec);
    free(rec->fields);
    *rec = (CsvRecord){0};
}

char *csv_quote(const char *field)
{
    size_t n = strlen(field);
    if (n <= QUOTE_MAX)
        return xstrdup(field);
    n = QUOTE_MAX;
    while (n > 0 && ((unsigned char)field[n] & 0xC0) == 0x80)
        n--; /* not inside a character */
    char *cut = xstrndup(field, n);
    char *out = xasprintf("%s...", cut);
    free(cut);
    return out;
}
