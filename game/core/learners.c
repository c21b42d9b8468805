/*
 * learners.c - importing learners from HR's CSV (see learners.h). The
 * file is read and checked row by row first; only the units' HR ids need
 * the store, which reports each one it does not know.
 */
#include "learners.h"

#include "csv.h"
#include "i18n.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct Row {
    char *login, *name, *unit; /* owned */
    Role role;
    int line;
} Row;

typedef struct Rows {
    Row *at;
    int n, cap;
    VkMap by_login; /* login -> line of its first row */
} Rows;

static void rows_free(Rows *r)
{
    for (int i = 0; i < r->n; i++) {
        free(r->at[i].login);
        free(r->at[i].name);
        free(r->at[i].unit);
    }
    free(r->at);
    vk_map_free(&r->by_login);
}

static bool is_header(const CsvRecord *rec)
{
    return rec->line == 1 && rec->n == 4 &&
           strcasecmp(vk_trim(rec->fields[0]), "login") == 0;
}

static int parse_role(const char *f)
{
    if (strcasecmp(f, "manager") == 0)
        return ROLE_MANAGER;
    if (strcasecmp(f, "staff") == 0)
        return ROLE_STAFF;
    return -1;
}

/* Checks one record; adds it to rows when it is good. */
static void take(Rows *rows, CsvRecord *rec, const char *path, Diags *diags)
{
    int at = rec->line;
    if (rec->n != 4) {
        diags_add(diags, path, at,
                  _("expected 4 fields (login, name, unit id, role), found "
                    "%d"),
                  rec->n);
        return;
    }
    char *login = vk_trim(rec->fields[0]), *name = vk_trim(rec->fields[1]),
         *unit = vk_trim(rec->fields[2]), *role = vk_trim(rec->fields[3]);
    int r = parse_role(role);
    if (!*login || !*unit || r < 0) {
        char *q = csv_quote(role);
        if (!*login)
            diags_add(diags, path, at, "%s", _("the learner's login is empty"));
        else if (!*unit)
            diags_add(diags, path, at, "%s", _("the learner's unit is empty"));
        else
            diags_add(diags, path, at,
                      _("role '%s' is neither manager nor staff"), q);
        free(q);
        return;
    }
    int *first = vk_map_find(&rows->by_login, login);
    if (first) {
        char *q = csv_quote(login);
        diags_add(diags, path, at,
                  _("login '%s' appears twice (first on line %d)"), q, *first);
        free(q);
        return;
    }
    if (rows->n == rows->cap) {
        rows->cap = rows->cap ? rows->cap * 2 : 64;
        rows->at = xrealloc(rows->at, (size_t)rows->cap * sizeof *rows->at);
    }
    Row *w = &rows->at[rows->n++];
    *w = (Row){xstrdup(login), xstrdup(name), xstrdup(unit), (Role)r, at};
    *(int *)vk_map_get(&rows->by_login, w->login) = at;
}

static void parse(Rows *rows, const char *path, const char *text, size_t len,
                  Diags *diags)
{
    CsvReader rd;
    CsvRecord rec = {0};
    int rc;
    csv_open(&rd, text, len);
    while ((rc = csv_next(&rd, &rec)) != 0) {
        if (rc < 0 || rec.problem) {
            diags_add(diags, path, rec.line, "%s", rec.problem);
            if (rc < 0)
                break;
        } else if (!csv_blank(&rec) && !is_header(&rec)) {
            take(rows, &rec, path, diags);
        }
    }
    csv_record_free(&rec);
}

/* The store's answer, unknown units each with their line. */
static void unknown_units(const Rows *rows, const bool *unknown,
                          const char *path, Diags *diags)
{
    for (int i = 0; i < rows->n; i++) {
        if (!unknown[i])
            continue;
        char *u = csv_quote(rows->at[i].unit);
        char *l = csv_quote(rows->at[i].login);
        diags_add(diags, path, rows->at[i].line,
                  _("unit '%s' of learner '%s' is not in the organisation "
                    "(import the units first: vaksam units import)"),
                  u, l);
        free(u);
        free(l);
    }
}

/* A diagnostic's line ("path:LINE: ..."), for the order of the report. */
static long diag_line(const char *d, size_t plen)
{
    return strtol(d + plen + 1, NULL, 10);
}

/* The diagnostics from the first'th on, in the file's order (the unknown
 * units come from the store after the rest). */
static void sort_by_line(Diags *d, int first)
{
    size_t plen = 0;
    for (int i = first + 1; i < d->count; i++) {
        char *item = d->items[i];
        plen = strcspn(item, ":");
        int j = i;
        while (j > first && strncmp(d->items[j - 1], item, plen) == 0 &&
               diag_line(d->items[j - 1], plen) > diag_line(item, plen)) {
            d->items[j] = d->items[j - 1];
            j--;
        }
        d->items[j] = item;
    }
}

int learners_import_csv(Store *s, const char *path, LearnerImportStats *st,
                        Diags *diags)
{
    *st = (LearnerImportStats){0};
    size_t len;
    char *text = read_file_diag(path, &len, diags);
    if (!text)
        return -1;
    int before = diags->count;
    Rows rows = {0};
    vk_map_init_strings(&rows.by_login, sizeof(int), 0);
    parse(&rows, path, text, len, diags);
    free(text);
    if (rows.n == 0 && diags->count == before)
        diags_add(diags, path, 0, "%s",
                  _("the file has no learners (an empty list would mark "
                    "every learner as having left)"));
    /* the units are looked up even when other rows are bad, so that
     * every bad row is reported at once */
    bool bad = diags->count > before;
    int rc = -1;
    if (rows.n > 0) {
        LearnerImport *list = xcalloc((size_t)rows.n, sizeof *list);
        bool *unknown = xcalloc((size_t)rows.n, sizeof *unknown);
        for (int i = 0; i < rows.n; i++)
            list[i] = (LearnerImport){rows.at[i].login, rows.at[i].name,
                                      rows.at[i].unit, rows.at[i].role};
        VkError err;
        rc = store_import_learners(s, list, rows.n, bad, unknown, st, &err);
        int known = diags->count;
        unknown_units(&rows, unknown, path, diags);
        if (rc < 0 && diags->count == known && !bad)
            diags_add(diags, path, 0, "%s", err.msg);
        sort_by_line(diags, before);
        free(unknown);
        free(list);
    }
    if (bad) {
        *st = (LearnerImportStats){0};
        rc = -1;
    }
    rows_free(&rows);
    return rc;
}
