/*
 * table.c - rows of named fields as CSV (RFC 4180) or JSON (see table.h).
 */
#include "table.h"

#include <stdbool.h>
#include <string.h>

/* A CSV field, quoted when it needs to be (RFC 4180). */
static void csv_field(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

void table_json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

/* True for a field that JSON gets as a number: digits only. */
static bool is_number(const char *s)
{
    if (!*s)
        return false;
    for (s += *s == '-'; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

void table_row(TableWriter *w, const char *const *names,
                       const char *const *fields, int n)
{
    if (!w->json) {
        for (int i = 0; i < n; i++) {
            if (i)
                fputc(',', w->out);
            csv_field(w->out, fields[i]);
        }
        fputc('\n', w->out);
    } else {
        fprintf(w->out, "%s\n    {", w->rows ? "," : "");
        for (int i = 0; i < n; i++) {
            fprintf(w->out, "%s\"%s\": ", i ? ", " : "", names[i]);
            bool figure = strcmp(names[i], "unit_id") == 0 ||
                          strcmp(names[i], "value") == 0 ||
                          strcmp(names[i], "learners") == 0;
            if (figure && is_number(fields[i]))
                fputs(fields[i], w->out);
            else if (figure && !*fields[i])
                fputs("null", w->out);
            else
                table_json_string(w->out, fields[i]);
        }
        fputc('}', w->out);
    }
    w->rows++;
}
