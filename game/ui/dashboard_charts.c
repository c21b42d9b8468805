/*
 * dashboard_charts.c - the dashboard's two charts (see dash.h): the heat
 * map of units by topics, coloured on the theme's index scale, and the
 * trend of the overall index. In the window their cells and points take
 * the focus, and the line under each chart tells the exact figures of the
 * one focused or pointed at.
 */
#include "dash.h"

#include "i18n.h"

#include <stdio.h>
#include <string.h>

static int text_h(const Dash *d, Font f, int w, const char *s)
{
    return ui_text_height(d->ui, f, w, s);
}

/* ---- the heat map ---- */

/* Draws a cell; true when it was clicked or Enter was pressed on it. */
static bool heat_cell(const Dash *d, Rect r, const Figure *f, uint32_t id,
                      const char *where, Detail *det)
{
    const Theme *t = d->t;
    Control c = d->live ? ui_control(d->ui, id, r) : (Control){0};
    if (f->suppressed) {
        dash_hatch(d, r);
        /* the mark on a plain patch, where the lines do not cross it */
        int mw = ui_text_width(d->ui, FONT_BOLD, DASH) + 8;
        int mh = d->ui->line_height[FONT_SMALL];
        if (mw < r.w - 4 && mh < r.h)
            ui_rect(d->ui,
                    (Rect){r.x + (r.w - mw) / 2, r.y + (r.h - mh) / 2, mw, mh},
                    t->suppressed, 3);
        dash_centred(d, r, FONT_BOLD, dash_ink_on(t->suppressed), DASH, id);
    } else if (f->empty) {
        ui_outline(d->ui, r, t->border, 2, theme_px(t, 1));
    } else {
        Color bg = dashboard_color(t, f->value);
        ui_rect(d->ui, r, bg, 2);
        char v[16];
        snprintf(v, sizeof v, "%d", f->value);
        dash_centred(d, r, FONT_SMALL, dash_ink_on(bg), v, id);
    }
    if (c.focused)
        focus_ring_at(d->ui, t, r, 2);
    else if (c.hot) /* the cell the line under the map is about */
        ui_outline(d->ui, (Rect){r.x - 2, r.y - 2, r.w + 4, r.h + 4}, t->text,
                   3, theme_px(t, 2));
    if (c.hot || c.focused)
        dash_figure_detail(d, where, f, c.hot ? det->hot : det->focused,
                           sizeof det->hot);
    if (c.focused)
        det->focused_id = id;
    return c.activated;
}

/* How the columns are headed: each name wrapped in its column; names on
 * two staggered lines, each free to spread over its neighbours; or, when
 * even that is too narrow, numbers with a key under the map. */
typedef enum Heads { HEADS_WRAPPED, HEADS_STAGGERED, HEADS_NUMBERED } Heads;

/* True when no word of any name is wider than w (or, whole, when whole). */
static bool names_fit(const Dash *d, const char *const *names, int w,
                      bool whole)
{
    for (int i = 0; i < HEAT_COLUMNS; i++) {
        const char *s = names[i];
        while (*s) {
            size_t n = whole ? strlen(s) : strcspn(s, " ");
            char word[128];
            snprintf(word, sizeof word, "%.*s", (int)n, s);
            if (ui_text_width(d->ui, FONT_SMALL, word) > w)
                return false;
            s += n + (s[n] == ' ');
        }
    }
    return true;
}

/* The heat map's columns: where they start and how wide they are. */
typedef struct HeatGrid {
    int x0, cw, sep, right; /* right: the page's edge */
} HeatGrid;

static int column_x(const HeatGrid *g, int i)
{
    return g->x0 + i * g->cw + (i ? g->sep : 0);
}

/* Where a head w wide starts: centred over its column, kept on the page. */
static int head_x(const HeatGrid *g, int i, int w)
{
    int x = column_x(g, i) + (g->cw - 3 - w) / 2;
    return x + w > g->right ? g->right - w : x;
}

static Heads heat_heads(const Dash *d, const char *const *names,
                        const HeatGrid *g)
{
    if (names_fit(d, names, g->cw - 6, false))
        return HEADS_WRAPPED;
    /* staggered: every other name on a line, and those must not meet */
    int end[2] = {-10000, -10000};
    for (int i = 0; i < HEAT_COLUMNS; i++) {
        int w = ui_text_width(d->ui, FONT_SMALL, names[i]);
        int x = head_x(g, i, w);
        if (x < end[i % 2] + 8 || w > 2 * g->cw - 10)
            return HEADS_NUMBERED;
        end[i % 2] = x + w;
    }
    return HEADS_STAGGERED;
}

/* Draws the column heads at the top of c. */
static void heat_heads_draw(const Dash *d, Column *c, const HeatGrid *g,
                            const char *const *names, Heads heads)
{
    const Theme *t = d->t;
    UI *ui = d->ui;
    int lh = ui->line_height[FONT_SMALL];
    int cw = g->cw;
    int head_h = heads == HEADS_STAGGERED ? 2 * lh + 4 : lh;
    for (int i = 0; heads == HEADS_WRAPPED && i < HEAT_COLUMNS; i++) {
        int h = text_h(d, FONT_SMALL, cw - 6, names[i]);
        head_h = h > head_h ? h : head_h;
    }
    for (int i = 0; i < HEAT_COLUMNS; i++) {
        int x = column_x(g, i);
        if (heads == HEADS_WRAPPED) {
            ui_text(ui, FONT_SMALL, t->text_muted, x + 2,
                    c->y + head_h - text_h(d, FONT_SMALL, cw - 6, names[i]),
                    cw - 6, names[i]);
            continue;
        }
        char num[8];
        snprintf(num, sizeof num, "%d", i + 1);
        const char *s = heads == HEADS_NUMBERED ? num : names[i];
        int w = ui_text_width(ui, FONT_SMALL, s);
        int y = heads == HEADS_STAGGERED && i % 2 ? c->y + lh + 4 : c->y;
        ui_text_line(ui, FONT_SMALL, t->text_muted, head_x(g, i, w), y, s,
                     (int)strlen(s), 0);
        if (heads == HEADS_STAGGERED && i % 2 == 0) /* down to the column */
            ui_rect(ui, (Rect){x + (cw - 3) / 2, y + lh, 1, head_h - lh + 4},
                    t->border, 0);
    }
    c->y += head_h + 6;
}

static void heat_legend(const Dash *d, Column *c)
{
    const Theme *t = d->t;
    UI *ui = d->ui;
    int lh = ui->line_height[FONT_SMALL];
    int gw = c->w < dp(d->v, 320) ? c->w : dp(d->v, 320);
    /* TRANSLATORS: the awareness index, 0 to 100 */
    const char *index = _("Index");
    ui_text_line(ui, FONT_SMALL, t->text_muted, c->x, c->y, index,
                 (int)strlen(index), 0);
    c->y += lh + 2;
    for (int x = 0; x < gw; x += 2)
        ui_rect(ui, (Rect){c->x + x, c->y, 2, BAR_H},
                dashboard_color(t, x * 100 / (gw - 2)), 0);
    c->y += BAR_H + 2;
    const char *ticks[3] = {"0", "50", "100"};
    for (int i = 0; i < 3; i++) {
        int w = ui_text_width(ui, FONT_SMALL, ticks[i]);
        int x = c->x + (gw - w) * i / 2;
        ui_text_line(ui, FONT_SMALL, t->text_muted, x, c->y, ticks[i],
                     (int)strlen(ticks[i]), 0);
    }
    c->y += lh + t->gap / 2;
    char hidden[160];
    snprintf(hidden, sizeof hidden,
             _("not shown: it would reveal fewer than %d learners"), d->k);
    const char *labels[2] = {hidden, _("no answers")};
    int sw = 28, x = c->x;
    for (int i = 0; i < 2; i++) {
        int w = sw + 6 + ui_text_width(ui, FONT_SMALL, labels[i]);
        if (x > c->x && x + w > c->x + c->w) {
            x = c->x;
            c->y += lh + 6;
        }
        Rect sq = {x, c->y + 2, sw, lh - 4};
        if (i == 0)
            dash_hatch(d, sq);
        else
            ui_outline(ui, sq, t->border, 2, theme_px(t, 1));
        ui_text(ui, FONT_SMALL, t->text_muted, x + sw + 6, c->y, c->w - sw - 6,
                labels[i]);
        x += w + 2 * t->gap;
    }
    c->y += lh + t->gap;
}

void dash_heat_map(const Dash *d, Column *col)
{
    const Theme *t = d->t;
    const Report *r = d->r;
    UI *ui = d->ui;
    Panel p;
    Column in = dash_panel_begin(d, col, _("Index by unit and topic"), &p);
    if (r->nunits == 0) {
        dash_note(d, &in, _("No units to show."));
        dash_panel_end(d, col, &p, &in);
        return;
    }
    int lw = in.w * 3 / 10;
    int lo = dp(d->v, 90), hi = dp(d->v, 240);
    lw = lw < lo ? lo : lw > hi ? hi : lw;
    int sep = t->gap / 2; /* sets the unit's index apart from its topics */
    int cw = (in.w - lw - sep) / HEAT_COLUMNS;
    const char *names[HEAT_COLUMNS] = {_("Index")};
    for (int tp = 0; tp < TOPIC_COUNT; tp++)
        names[1 + tp] = topic_label((Topic)tp);
    HeatGrid grid = {in.x + lw, cw, sep, in.x + in.w};
    Heads heads = heat_heads(d, names, &grid);
    heat_heads_draw(d, &in, &grid, names, heads);
    Detail det = {"", "", 0};
    int cell_h = ui->line_height[FONT_SMALL] + 14;
    for (int i = 0; i < r->nunits; i++) {
        const ReportUnit *u = &r->units[i];
        char name[256];
        dash_unit_name(u, name, sizeof name);
        int nh = text_h(d, FONT_SMALL, lw - 8, name);
        int row_h = nh + 8 > cell_h ? nh + 8 : cell_h;
        ui_text(ui, FONT_SMALL, t->text, in.x, in.y + (row_h - nh) / 2, lw - 8,
                name);
        for (int c = 0; c < HEAT_COLUMNS; c++) {
            const Figure *f = c == 0 ? &u->overall : &u->topic[c - 1];
            char where[400];
            snprintf(where, sizeof where, "%s" DOT "%s", name,
                     c == 0 ? _("all topics") : names[c]);
            Rect cell = {column_x(&grid, c), in.y + 1, cw - 3, row_h - 3};
            /* a row's cell opens that unit, with everything below it */
            if (heat_cell(d, cell, f, dashboard_cell_id(i, c), where, &det) &&
                !u->own)
                *d->opened = u->id;
        }
        in.y += row_h;
    }
    in.y += t->gap / 2;
    dash_detail_line(d, &in, &det,
                     _("Point at a cell, or move the focus to it, for its "
                       "figures; click it or press Enter to open its "
                       "unit."));
    if (heads == HEADS_NUMBERED) {
        char key[512] = "";
        for (int i = 0; i < HEAT_COLUMNS; i++) {
            size_t used = strlen(key);
            snprintf(key + used, sizeof key - used, "%s%d\xC2\xA0%s",
                     i ? DOT : "", i + 1, names[i]);
        }
        dash_note(d, &in, key);
    }
    heat_legend(d, &in);
    dash_panel_end(d, col, &p, &in);
}

/* ---- the trend ---- */

static void trend_points(const Dash *d, Rect plot, Detail *det)
{
    const Theme *t = d->t;
    const Report *r = d->r;
    UI *ui = d->ui;
    int n = r->ntrend;
    int step = plot.w / n;
    int lh = ui->line_height[FONT_SMALL];
    for (int i = 0; i < n; i++) {
        const TrendPoint *tp = &r->trend[i];
        const Figure *f = &tp->overall;
        int x = plot.x + (2 * i + 1) * plot.w / (2 * n);
        int y = plot.y + plot.h - f->value * plot.h / 100;
        if (i + 1 < n && dash_shown(f) &&
            dash_shown(&r->trend[i + 1].overall)) {
            const Figure *g = &r->trend[i + 1].overall;
            ui_line(ui, x, y, plot.x + (2 * i + 3) * plot.w / (2 * n),
                    plot.y + plot.h - g->value * plot.h / 100, t->accent, 3);
        }
        uint32_t id = dashboard_point_id(i);
        Rect band = {plot.x + i * plot.w / n, plot.y - lh, step, plot.h + lh};
        Control c = d->live ? ui_control(ui, id, band) : (Control){0};
        char v[16];
        dash_figure_text(f, false, v, sizeof v);
        if (dash_shown(f)) {
            ui_rect(ui, (Rect){x - 5, y - 5, 10, 10}, t->accent, 5);
            int w = ui_text_width(ui, FONT_SMALL, v);
            if (w + 6 <= step || c.focused || c.hot)
                ui_text_line(ui, FONT_SMALL, t->text, x - w / 2, y - lh - 4, v,
                             (int)strlen(v), id);
        } else if (f->suppressed) {
            Rect sq = {x - 7, plot.y + plot.h - 16, 14, 14};
            dash_hatch(d, sq);
        }
        if (c.focused)
            focus_ring_at(ui, t, band, 3);
        if (c.hot || c.focused) {
            char where[64];
            period_format(tp->period, where, sizeof where);
            dash_figure_detail(d, where, f, c.hot ? det->hot : det->focused,
                               sizeof det->hot);
        }
        if (c.focused)
            det->focused_id = id;
    }
}

void dash_trend(const Dash *d, Column *col)
{
    const Theme *t = d->t;
    const Report *r = d->r;
    UI *ui = d->ui;
    Panel p;
    Column in = dash_panel_begin(
        d, col, r->quarterly ? _("Trend by quarter") : _("Trend by month"), &p);
    if (r->ntrend == 0) {
        dash_note(d, &in, _("No answers in this period."));
        dash_panel_end(d, col, &p, &in);
        return;
    }
    int lh = ui->line_height[FONT_SMALL];
    int axis = ui_text_width(ui, FONT_SMALL, "100") + 8;
    int ph = in.w * 2 / 5;
    ph = ph < 120 ? 120 : ph > 220 ? 220 : ph;
    Rect plot = {in.x + axis, in.y + lh + 4, in.w - axis, ph};
    for (int v = 0; v <= 100; v += 25) {
        int y = plot.y + plot.h - v * plot.h / 100;
        ui_rect(ui, (Rect){plot.x, y, plot.w, 1}, t->border, 0);
        if (v % 50 == 0) {
            char s[8];
            snprintf(s, sizeof s, "%d", v);
            int w = ui_text_width(ui, FONT_SMALL, s);
            ui_text_line(ui, FONT_SMALL, t->text_muted, plot.x - 6 - w,
                         y - lh / 2, s, (int)strlen(s), 0);
        }
    }
    Detail det = {"", "", 0};
    trend_points(d, plot, &det);
    /* the periods under the axis, as many as fit */
    char label[64];
    period_format(r->trend[0].period, label, sizeof label);
    int step = plot.w / r->ntrend;
    int every = (ui_text_width(ui, FONT_SMALL, label) + 12) / (step ? step : 1);
    every += 1;
    for (int i = 0; i < r->ntrend; i += every) {
        period_format(r->trend[i].period, label, sizeof label);
        int w = ui_text_width(ui, FONT_SMALL, label);
        int x = plot.x + (2 * i + 1) * plot.w / (2 * r->ntrend) - w / 2;
        if (x < plot.x) /* clear of the axis's figures */
            x = plot.x;
        if (x + w > in.x + in.w)
            x = in.x + in.w - w;
        ui_text_line(ui, FONT_SMALL, t->text_muted, x, plot.y + plot.h + 4,
                     label, (int)strlen(label), 0);
    }
    in.y = plot.y + plot.h + lh + 4 + t->gap;
    dash_detail_line(d, &in, &det,
                     _("Point at a period, or move the focus to it, for its "
                       "figures."));
    char hidden[160];
    snprintf(hidden, sizeof hidden,
             _("The line is the overall index; a gap is a period with no "
               "answers or, hatched, fewer than %d learners."),
             d->k);
    dash_note(d, &in, hidden);
    in.y += t->gap / 2;
    dash_panel_end(d, col, &p, &in);
}
