/*
 * units.c - importing units from CSV (see units.h).
 */
#include "units.h"

#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_FIELD = 256 };

typedef struct Row {
    char id[MAX_FIELD], name[MAX_FIELD], parent[MAX_FIELD];
    int line;
} Row;

/* Splits one CSV record starting at *p into fields; advances *p past it
 * and *line past its newlines. Returns the field count, or -1 for a quote
 * that never closes. */
static int split_record(const char **p, int *line, char fields[][MAX_FIELD],
                        int max)
{
    const char *s = *p;
    int n = 0;
    for (;;) {
        char buf[MAX_FIELD];
        size_t k = 0;
        if (*s == '"') {
            s++;
            for (;;) {
                if (!*s)
                    return -1;
                if (*s == '"' && s[1] == '"') {
                    s++;
                } else if (*s == '"') {
                    s++;
                    break;
                }
                if (*s == '\n')
                    (*line)++;
                if (k + 1 < sizeof buf)
                    buf[k++] = *s;
                s++;
            }
        }
        while (*s && *s != ',' && *s != '\n' && *s != '\r') {
            if (k + 1 < sizeof buf)
                buf[k++] = *s;
            s++;
        }
        buf[k] = '\0';
        if (n < max)
            memcpy(fields[n], buf, k + 1);
        n++;
        if (*s == ',') {
            s++;
            continue;
        }
        if (*s == '\r')
            s++;
        if (*s == '\n')
            s++;
        break;
    }
    *p = s;
    return n;
}

static char *trim(char *f)
{
    while (*f == ' ' || *f == '\t')
        f++;
    char *e = f + strlen(f);
    while (e > f && (e[-1] == ' ' || e[-1] == '\t'))
        *--e = '\0';
    return f;
}

static int find_row(const Row *rows, int n, const char *id)
{
    for (int i = 0; i < n; i++)
        if (strcmp(rows[i].id, id) == 0)
            return i;
    return -1;
}

/* Reports parents that lead round in a circle. */
static void check_cycles(const Row *rows, int n, const char *path, Diags *diags)
{
    for (int i = 0; i < n; i++) {
        int at = i, steps = 0;
        while (rows[at].parent[0] && steps <= n) {
            at = find_row(rows, n, rows[at].parent);
            if (at < 0)
                break;
            steps++;
            if (at == i) {
                diags_add(diags, path, rows[i].line,
                          _("unit '%s' is its own ancestor (its parents go "
                            "round in a circle)"),
                          rows[i].id);
                break;
            }
        }
    }
}

static Row *parse(const char *path, const char *text, int *count, Diags *diags)
{
    int errors = diags->count, n = 0, cap = 0, line = 1;
    Row *rows = NULL;
    const char *p = text;
    while (*p) {
        int at = line;
        char f[4][MAX_FIELD];
        int nf = split_record(&p, &line, f, 4);
        line++;
        if (nf < 0) {
            diags_add(diags, path, at, _("a quoted field never ends"));
            break;
        }
        if (nf == 1 && !*trim(f[0]))
            continue; /* a blank line */
        if (nf != 3) {
            diags_add(diags, path, at,
                      _("expected 3 fields (id, name, parent id), found %d"),
                      nf);
            continue;
        }
        char *id = trim(f[0]), *name = trim(f[1]), *parent = trim(f[2]);
        if (at == 1 && strcmp(id, "id") == 0)
            continue; /* the header */
        if (!*id || !*name) {
            diags_add(diags, path, at, "%s",
                      !*id ? _("the unit's id is empty")
                           : _("the unit's name is empty"));
            continue;
        }
        int dup = find_row(rows, n, id);
        if (dup >= 0) {
            diags_add(diags, path, at,
                      _("unit id '%s' appears twice (first on line %d)"), id,
                      rows[dup].line);
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            rows = xrealloc(rows, (size_t)cap * sizeof *rows);
        }
        Row *r = &rows[n++];
        snprintf(r->id, sizeof r->id, "%s", id);
        snprintf(r->name, sizeof r->name, "%s", name);
        snprintf(r->parent, sizeof r->parent, "%s", parent);
        r->line = at;
    }
    for (int i = 0; i < n; i++)
        if (rows[i].parent[0] && find_row(rows, n, rows[i].parent) < 0)
            diags_add(diags, path, rows[i].line,
                      _("parent '%s' of unit '%s' is not in the file"),
                      rows[i].parent, rows[i].id);
    check_cycles(rows, n, path, diags);
    if (n == 0 && diags->count == errors)
        diags_add(diags, path, 0, _("the file has no units"));
    *count = n;
    return rows;
}

int units_import_csv(Store *s, const char *path, int *imported, Diags *diags)
{
    *imported = 0;
    VkError err;
    size_t len, bad;
    char *text = read_file(path, &len, &err);
    if (!text) {
        diags_add(diags, path, 0, "%s", err.msg);
        return -1;
    }
    if (!utf8_valid(text, len, &bad)) {
        int line = 1;
        for (size_t i = 0; i < bad; i++)
            line += text[i] == '\n';
        diags_add(diags, path, line, _("bad UTF-8: export the file as UTF-8"));
        free(text);
        return -1;
    }
    int before = diags->count, n;
    Row *rows = parse(path, text, &n, diags);
    free(text);
    if (diags->count > before) {
        free(rows);
        return -1;
    }
    /* parents before children, so each parent's row exists first */
    UnitImport *list = xcalloc((size_t)n, sizeof *list);
    bool *done = xcalloc((size_t)n, sizeof *done);
    int k = 0;
    while (k < n) {
        for (int i = 0; i < n; i++) {
            if (done[i])
                continue;
            int pi = rows[i].parent[0] ? find_row(rows, n, rows[i].parent) : -1;
            if (pi >= 0 && !done[pi])
                continue;
            list[k++] = (UnitImport){rows[i].id, rows[i].name,
                                     pi >= 0 ? rows[pi].id : NULL};
            done[i] = true;
        }
    }
    int rc = store_import_units(s, list, n, &err);
    if (rc < 0)
        diags_add(diags, path, 0, "%s", err.msg);
    else
        *imported = n;
    free(done);
    free(list);
    free(rows);
    return rc;
}
