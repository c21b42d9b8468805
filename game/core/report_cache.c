/*
 * report_cache.c - the ReportCache of report.h and report_cache.h: units,
 * learner counts, span totals, cells and most-missed counts as a report
 * read them, each kept under the key it was read by, until the store's
 * stamp (store_stamp) says the file has been written to.
 */
#include "report_cache.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* Pieces past this many rows (about 100 MB) are let go before more are
 * read: a CISO who browses every year and unit reads some again. */
enum { CACHE_ROWS_MAX = 600000, CACHE_MISSED_MAX = 256 };

typedef enum PieceKind { PIECE_SPAN, PIECE_CELLS } PieceKind;

typedef struct Piece {
    PieceKind kind;
    int key[3];
    void *rows; /* SpanRow or CellRow */
    int n;
} Piece;

typedef struct MissedEntry {
    long long unit;
    int role;
    Period p;
    MissedCounts *mc;
} MissedEntry;

typedef struct IdAt {
    long long id;
    int at;
} IdAt;

struct ReportCache {
    bool stamped;
    StoreStamp stamp;
    Unit *units;
    int nunits;
    bool have_units;
    IdAt *ids;  /* the units by id */
    int *at_of; /* [id]: index + 1 into units, or 0; NULL when ids are
                   sparse */
    long long max_id;
    SizeRow *sizes;
    int nsizes;
    bool have_sizes;
    int last_month;
    bool have_last;
    Piece *pieces;
    int npieces, cappieces;
    long long rows; /* in pieces */
    MissedEntry *missed;
    int nmissed, capmissed;
};

ReportCache *report_cache_new(void)
{
    return xcalloc(1, sizeof(ReportCache));
}

static void drop_pieces(ReportCache *c)
{
    for (int i = 0; i < c->npieces; i++)
        free(c->pieces[i].rows);
    c->npieces = 0;
    c->rows = 0;
}

/* Everything read, but not the allocations of the lists. */
static void cache_clear(ReportCache *c)
{
    drop_pieces(c);
    for (int i = 0; i < c->nmissed; i++)
        missed_counts_free(c->missed[i].mc);
    c->nmissed = 0;
    free(c->units);
    free(c->ids);
    free(c->at_of);
    free(c->sizes);
    c->units = NULL;
    c->ids = NULL;
    c->at_of = NULL;
    c->sizes = NULL;
    c->nunits = c->nsizes = 0;
    c->have_units = c->have_sizes = c->have_last = false;
}

void report_cache_free(ReportCache *c)
{
    if (!c)
        return;
    cache_clear(c);
    free(c->pieces);
    free(c->missed);
    free(c);
}

int cache_check(ReportCache *c, Store *s, VkError *err)
{
    StoreStamp now;
    if (store_stamp(s, &now, err) < 0)
        return -1;
    if (!c->stamped || memcmp(&now, &c->stamp, sizeof now) != 0)
        cache_clear(c);
    c->stamp = now;
    c->stamped = true;
    return 0;
}

static int idat_cmp(const void *a, const void *b)
{
    const IdAt *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

int cache_units(ReportCache *c, Store *s, const Unit **units, int *n,
                VkError *err)
{
    if (!c->have_units) {
        if (store_list_units(s, &c->units, &c->nunits, err) < 0)
            return -1;
        c->ids = xcalloc((size_t)c->nunits + 1, sizeof *c->ids);
        for (int i = 0; i < c->nunits; i++)
            c->ids[i] = (IdAt){c->units[i].id, i};
        qsort(c->ids, (size_t)c->nunits, sizeof *c->ids, idat_cmp);
        /* ids SQLite gave are mostly 1..n: then a table finds a unit at
         * once, for every row a report reads */
        c->max_id = c->nunits ? c->ids[c->nunits - 1].id : 0;
        if (c->nunits && c->ids[0].id >= 0 &&
            c->max_id <= 4 * (long long)c->nunits + 1024) {
            c->at_of = xcalloc((size_t)c->max_id + 1, sizeof *c->at_of);
            for (int i = 0; i < c->nunits; i++)
                c->at_of[c->ids[i].id] = c->ids[i].at + 1;
        }
        c->have_units = true;
    }
    *units = c->units;
    *n = c->nunits;
    return 0;
}

/* The index of a unit in the cached units, or -1. */
static int at_of(const ReportCache *c, long long unit)
{
    if (c->at_of)
        return unit >= 0 && unit <= c->max_id ? c->at_of[unit] - 1 : -1;
    IdAt key = {unit, 0};
    const IdAt *hit =
        bsearch(&key, c->ids, (size_t)c->nunits, sizeof *c->ids, idat_cmp);
    return hit ? hit->at : -1;
}

static bool has_role(int role)
{
    return role >= 0 && role < ROLE_COUNT;
}

static void on_size(void *ctx, long long unit, int role, int learners)
{
    ReportCache *c = ctx;
    int at = at_of(c, unit);
    if (at < 0 || !has_role(role))
        return;
    if ((c->nsizes & (c->nsizes - 1)) == 0) /* 0, 1, 2, 4, ...: double */
        c->sizes = xrealloc(c->sizes, (size_t)(c->nsizes ? 2 * c->nsizes : 1) *
                                          sizeof *c->sizes);
    c->sizes[c->nsizes++] = (SizeRow){at, role, learners};
}

int cache_sizes(ReportCache *c, Store *s, const SizeRow **rows, int *n,
                VkError *err)
{
    const Unit *u;
    int nu;
    if (!c->have_sizes) {
        if (cache_units(c, s, &u, &nu, err) < 0 ||
            store_learner_counts(s, on_size, c, err) < 0)
            return -1;
        c->have_sizes = true;
    }
    *rows = c->sizes;
    *n = c->nsizes;
    return 0;
}

int cache_last_month(ReportCache *c, Store *s, int *month, VkError *err)
{
    if (!c->have_last) {
        if (store_last_month(s, &c->last_month, err) < 0)
            return -1;
        c->have_last = true;
    }
    *month = c->last_month;
    return 0;
}

/* The piece under this key, or NULL. */
static Piece *find_piece(ReportCache *c, PieceKind kind, int a, int b, int d)
{
    for (int i = 0; i < c->npieces; i++) {
        Piece *p = &c->pieces[i];
        if (p->kind == kind && p->key[0] == a && p->key[1] == b &&
            p->key[2] == d)
            return p;
    }
    return NULL;
}

static Piece *new_piece(ReportCache *c, PieceKind kind, int a, int b, int d)
{
    if (c->rows > CACHE_ROWS_MAX)
        drop_pieces(c);
    if (c->npieces == c->cappieces) {
        c->cappieces = c->cappieces ? c->cappieces * 2 : 64;
        c->pieces =
            xrealloc(c->pieces, (size_t)c->cappieces * sizeof *c->pieces);
    }
    Piece *p = &c->pieces[c->npieces++];
    *p = (Piece){kind, {a, b, d}, NULL, 0};
    return p;
}

_Static_assert(offsetof(SpanRow, at) == 0 && offsetof(CellRow, at) == 0 &&
                   offsetof(SpanRow, role) == sizeof(int) &&
                   offsetof(CellRow, role) == sizeof(int),
               "rows begin with the unit's index and the role");

/* Filling a piece: one row per unit and role, found through slot. */
typedef struct Fill {
    ReportCache *c;
    Piece *p;
    size_t row_size;
    int cap;   /* rows p->rows has room for */
    int *slot; /* [at * ROLE_COUNT + role]: row index + 1, or 0 */
} Fill;

static void *fill_row(Fill *f, long long unit, int role)
{
    int at = at_of(f->c, unit);
    if (at < 0 || !has_role(role))
        return NULL;
    int *slot = &f->slot[at * ROLE_COUNT + role];
    if (!*slot) {
        if (f->p->n == f->cap) {
            f->cap = f->cap ? f->cap * 2 : 256;
            f->p->rows = xrealloc(f->p->rows, (size_t)f->cap * f->row_size);
        }
        unsigned char *r = (unsigned char *)f->p->rows + f->p->n * f->row_size;
        memset(r, 0, f->row_size);
        /* both row types begin with the unit's index and the role */
        memcpy(r, &at, sizeof at);
        memcpy(r + sizeof at, &role, sizeof role);
        *slot = ++f->p->n;
    }
    return (unsigned char *)f->p->rows + (size_t)(*slot - 1) * f->row_size;
}

static void on_span(void *ctx, long long unit, int role, const int *live,
                    const int *after)
{
    SpanRow *r = fill_row(ctx, unit, role);
    if (!r)
        return;
    for (int k = 0; k < ROLL_COLS; k++) {
        r->live[k] += live[k];
        r->latest[k] += live[k] + after[k];
    }
}

static void on_cell(void *ctx, const RollKey *key, const int *v)
{
    CellRow *r = fill_row(ctx, key->unit, key->role);
    if (!r)
        return;
    for (int k = 0; k < ROLL_COLS; k++)
        r->v[k] += v[k];
}

/* Reads a piece into the cache: a span (key span, block) or cells (key
 * month, first and last next month). */
static Piece *read_piece(ReportCache *c, Store *s, PieceKind kind,
                         const int *key, VkError *err)
{
    const Unit *u;
    int nu;
    if (cache_units(c, s, &u, &nu, err) < 0)
        return NULL;
    Piece *p = new_piece(c, kind, key[0], key[1], key[2]);
    Fill f = {c, p, kind == PIECE_SPAN ? sizeof(SpanRow) : sizeof(CellRow), 0,
              xcalloc((size_t)nu * ROLE_COUNT + 1, sizeof(int))};
    if (kind == PIECE_SPAN) { /* a span has a row for most units and roles */
        f.cap = nu * ROLE_COUNT + 1;
        p->rows = xmalloc((size_t)f.cap * f.row_size);
    }
    int rc = kind == PIECE_SPAN
                 ? store_span_rows(s, key[0], key[1], on_span, &f, err)
                 : store_cells(s, key[0], key[1], key[2], on_cell, &f, err);
    free(f.slot);
    if (rc < 0) {
        free(p->rows);
        c->npieces--;
        return NULL;
    }
    c->rows += p->n;
    return p;
}

static Piece *piece(ReportCache *c, Store *s, PieceKind kind, int a, int b,
                    int d, VkError *err)
{
    Piece *p = find_piece(c, kind, a, b, d);
    int key[3] = {a, b, d};
    return p ? p : read_piece(c, s, kind, key, err);
}

int cache_span(ReportCache *c, Store *s, int span, int block,
               const SpanRow **rows, int *n, VkError *err)
{
    Piece *p = piece(c, s, PIECE_SPAN, span, block, 0, err);
    if (!p)
        return -1;
    *rows = p->rows;
    *n = p->n;
    return 0;
}

int cache_cells(ReportCache *c, Store *s, int month, int next_first,
                int next_last, const CellRow **rows, int *n, VkError *err)
{
    Piece *p = piece(c, s, PIECE_CELLS, month, next_first, next_last, err);
    if (!p)
        return -1;
    *rows = p->rows;
    *n = p->n;
    return 0;
}

int cache_missed(ReportCache *c, Store *s, long long unit,
                 const long long *subtree, int nsubtree, int role, Period p,
                 const MissedCounts **out, VkError *err)
{
    for (int i = 0; i < c->nmissed; i++) {
        const MissedEntry *e = &c->missed[i];
        if (e->unit == unit && e->role == role && e->p.first == p.first &&
            e->p.last == p.last) {
            *out = e->mc;
            return 0;
        }
    }
    if (c->nmissed == CACHE_MISSED_MAX) {
        for (int i = 0; i < c->nmissed; i++)
            missed_counts_free(c->missed[i].mc);
        c->nmissed = 0;
    }
    MissedCounts *mc;
    if (missed_counts_read(s, subtree, unit ? nsubtree : 0, role, p, &mc, err) <
        0)
        return -1;
    if (c->nmissed == c->capmissed) {
        c->capmissed = c->capmissed ? c->capmissed * 2 : 16;
        c->missed =
            xrealloc(c->missed, (size_t)c->capmissed * sizeof *c->missed);
    }
    c->missed[c->nmissed++] = (MissedEntry){unit, role, p, mc};
    *out = mc;
    return 0;
}
