/*
 * units.c - importing units from CSV (see units.h).
 */
#include "units.h"

#include "csv.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Row {
    char *id, *name, *parent; /* owned */
    int line;
} Row;

static void free_rows(Row *rows, int n)
{
    for (int i = 0; i < n; i++) {
        free(rows[i].id);
        free(rows[i].name);
        free(rows[i].parent);
    }
    free(rows);
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
                char *q = csv_quote(rows[i].id);
                diags_add(diags, path, rows[i].line,
                          _("unit '%s' is its own ancestor (its parents go "
                            "round in a circle)"),
                          q);
                free(q);
                break;
            }
        }
    }
}

static Row *parse(const char *path, const char *text, size_t len, int *count,
                  Diags *diags)
{
    int errors = diags->count, n = 0, cap = 0, rc;
    Row *rows = NULL;
    CsvReader rd;
    CsvRecord rec = {0};
    csv_open(&rd, text, len);
    while ((rc = csv_next(&rd, &rec)) != 0) {
        int at = rec.line;
        if (rc < 0 || rec.problem) {
            diags_add(diags, path, at, "%s", rec.problem);
            if (rc < 0)
                break;
            continue;
        }
        if (csv_blank(&rec))
            continue;
        if (rec.n != 3) {
            diags_add(diags, path, at,
                      _("expected 3 fields (id, name, parent id), found %d"),
                      rec.n);
            continue;
        }
        char *id = vk_trim(rec.fields[0]), *name = vk_trim(rec.fields[1]),
             *parent = vk_trim(rec.fields[2]);
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
            char *q = csv_quote(id);
            diags_add(diags, path, at,
                      _("unit id '%s' appears twice (first on line %d)"), q,
                      rows[dup].line);
            free(q);
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            rows = xrealloc(rows, (size_t)cap * sizeof *rows);
        }
        rows[n++] = (Row){xstrdup(id), xstrdup(name), xstrdup(parent), at};
    }
    csv_record_free(&rec);
    for (int i = 0; i < n; i++)
        if (rows[i].parent[0] && find_row(rows, n, rows[i].parent) < 0) {
            char *qp = csv_quote(rows[i].parent), *qi = csv_quote(rows[i].id);
            diags_add(diags, path, rows[i].line,
                      _("parent '%s' of unit '%s' is not in the file"), qp,
                      qi);
            free(qp);
            free(qi);
        }
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
    size_t len;
    char *text = read_file(path, &len, &err);
    if (!text) {
        diags_add(diags, path, 0, "%s", err.msg);
        return -1;
    }
    int before = diags->count, n;
    Row *rows = parse(path, text, len, &n, diags);
    free(text);
    if (diags->count > before) {
        free_rows(rows, n);
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
    free_rows(rows, n);
    return rc;
}
