/*
 * dashboard.c - the CISO's dashboard drawn from a Report (see dashboard.h):
 * the overall index and its change, the index per topic, participation per
 * unit and the decisions most often missed, around the heat map and the
 * trend of dashboard_charts.c, in one column or, on a wide page, two. The
 * window and the picture (dashboard_png.c) draw it with this code.
 *
 * A suppressed figure carries no numbers (report.h); it is drawn grey and
 * hatched with a dash, never with a value, so the page cannot show what
 * the report hid.
 */
#include "dash.h"

#include "access.h"
#include "i18n.h"

#include <stdio.h>
#include <string.h>

enum { PROMPT_MAX = 220 }; /* bytes of a missed decision's text shown */

/* ---- colours and figures ---- */

static Color mix(Color a, Color b, int f, int n)
{
    return (Color){(uint8_t)(a.r + (b.r - a.r) * f / n),
                   (uint8_t)(a.g + (b.g - a.g) * f / n),
                   (uint8_t)(a.b + (b.b - a.b) * f / n), 255};
}

Color dashboard_color(const Theme *t, int value)
{
    if (value < 0)
        value = 0;
    if (value > 100)
        value = 100;
    int seg = value / 25 < 4 ? value / 25 : 3;
    return mix(t->scale[seg], t->scale[seg + 1], value - seg * 25, 25);
}

uint32_t dashboard_cell_id(int row, int column)
{
    return ui_id("heat", row * HEAT_COLUMNS + column);
}

uint32_t dashboard_point_id(int i)
{
    return ui_id("trend", i);
}

/* Dark or white text, whichever reads on bg. */
Color dash_ink_on(Color bg)
{
    int lum = (299 * bg.r + 587 * bg.g + 114 * bg.b) / 1000;
    return lum > 140 ? (Color){0x1E, 0x29, 0x33, 255}
                     : (Color){255, 255, 255, 255};
}

bool dash_shown(const Figure *f)
{
    return !f->suppressed && !f->empty;
}

void dash_unit_name(const ReportUnit *u, char *buf, size_t n)
{
    if (u->own && u->with_folded)
        /* TRANSLATORS: the row of a unit's heat map for the people placed
         * in the unit itself and in units below it too small to be shown
         * on their own */
        snprintf(buf, n, _("%s (own members and units not shown)"), u->name);
    else if (u->own)
        /* TRANSLATORS: the row of a unit's heat map for the people placed
         * in the unit itself, not in the units below it */
        snprintf(buf, n, _("%s (own members)"), u->name);
    else
        snprintf(buf, n, "%s", u->name);
}

/* "72", "64 %", a dash (suppressed) or "" (empty). */
void dash_figure_text(const Figure *f, bool percent, char *buf, size_t n)
{
    if (f->suppressed)
        snprintf(buf, n, "%s", DASH);
    else if (f->empty)
        buf[0] = '\0';
    else
        snprintf(buf, n, percent ? "%d %%" : "%d", f->value);
}

/* The exact figures behind f, for the line under a chart. */
void dash_figure_detail(const Dash *d, const char *where, const Figure *f,
                        char *buf, size_t n)
{
    if (f->suppressed)
        snprintf(buf, n,
                 _("%s: not shown on its own, so that no group of fewer "
                   "than %d learners can be worked out"),
                 where, d->k);
    else if (f->empty)
        snprintf(buf, n, _("%s: no answers in this period"), where);
    else
        snprintf(buf, n,
                 ngettext("%s: index %d, from %d learner and %d answers",
                          "%s: index %d, from %d learners and %d answers",
                          (unsigned long)f->learners),
                 where, f->value, f->learners, f->answers);
}

/* Grey with diagonal lines: a figure kept back. */
void dash_hatch(const Dash *d, Rect r)
{
    ui_rect(d->ui, r, d->t->suppressed, 2);
    r = (Rect){r.x + 1, r.y + 1, r.w - 2, r.h - 2}; /* lines stay inside */
    for (int k = 6; k < r.w + r.h; k += 9) {
        int x1 = r.x + (k < r.w ? k : r.w), y1 = r.y + (k < r.w ? 0 : k - r.w);
        int x2 = r.x + (k < r.h ? 0 : k - r.h), y2 = r.y + (k < r.h ? k : r.h);
        ui_line(d->ui, x1, y1, x2, y2, d->t->hatch, 2);
    }
}

/* Text centred in r, when it fits. */
void dash_centred(const Dash *d, Rect r, Font f, Color c, const char *s,
                  uint32_t id)
{
    int w = ui_text_width(d->ui, f, s);
    int lh = d->ui->line_height[f];
    if (!*s || w > r.w - 2 || lh > r.h + 4)
        return;
    ui_text_line(d->ui, f, c, r.x + (r.w - w) / 2, r.y + (r.h - lh) / 2, s,
                 (int)strlen(s), id);
}

/* ---- panels ---- */

Column dash_panel_begin(const Dash *d, const Column *outer, const char *title,
                        Panel *p)
{
    p->mark = ui_mark(d->ui);
    p->y = outer->y;
    int pad = d->t->pad;
    Column in = {outer->x + pad, outer->w - 2 * pad, outer->y + pad};
    heading(d->v, &in, FONT_HEADING, title);
    return in;
}

void dash_panel_end(const Dash *d, Column *outer, const Panel *p,
                    const Column *in)
{
    const Theme *t = d->t;
    Rect r = {outer->x, p->y, outer->w, in->y - p->y - t->gap + t->pad};
    ui_rect_under(d->ui, p->mark, r, t->surface, t->radius);
    ui_outline(d->ui, r, t->border, t->radius, theme_px(t, 1));
    outer->y = r.y + r.h + t->gap;
}

void dash_note(const Dash *d, Column *c, const char *text)
{
    c->y +=
        ui_text(d->ui, FONT_SMALL, d->t->text_muted, c->x, c->y, c->w, text) +
        d->t->gap / 2;
}

/* The line under a chart: the hovered or focused figure, or a hint. A
 * control that takes the focus brings this line into view with it. */
void dash_detail_line(const Dash *d, Column *c, const Detail *det,
                      const char *hint)
{
    if (!d->live)
        return;
    const char *s = det->hot[0] ? det->hot : det->focused;
    Font f = *s ? FONT_BOLD : FONT_SMALL;
    Color col = *s ? d->t->text : d->t->text_muted;
    int h = ui_text(d->ui, f, col, c->x, c->y, c->w, *s ? s : hint);
    if (det->focused_id)
        ui_keep_in_view(d->ui, det->focused_id, (Rect){c->x, c->y, c->w, h});
    c->y += h + d->t->gap;
}

/* ---- the header ---- */

const char *dashboard_role_label(int role)
{
    switch (role) {
    case ROLE_MANAGER: return _("Managers");
    case ROLE_STAFF: return _("Staff");
    default: return _("All roles");
    }
}

void dashboard_header(const View *v, Column *col, const Report *r,
                      const char *reset_at)
{
    const Theme *t = v->theme;
    UI *ui = v->ui;
    /* TRANSLATORS: the CISO's password-protected dashboard */
    col->y += ui_text(ui, FONT_SMALL, t->accent, col->x, col->y, col->w,
                      _("CISO view"));
    heading(v, col, FONT_TITLE, _("Awareness in the organisation"));
    char period[64], previous[64], line[512];
    period_format(r->filter.period, period, sizeof period);
    period_format(r->previous, previous, sizeof previous);
    snprintf(line, sizeof line, "%s" DOT "%s" DOT "%s", period,
             r->unit_name[0] ? r->unit_name : _("Whole organisation"),
             dashboard_role_label(r->filter.role));
    col->y += ui_text(ui, FONT_BOLD, t->text, col->x, col->y, col->w, line) + 4;
    int k = r->filter.k > REPORT_K_MIN ? r->filter.k : REPORT_K_MIN;
    snprintf(line, sizeof line,
             _("Compared with %s. Figures from fewer than %d learners are "
               "not shown, so that nobody can be singled out."),
             previous, k);
    paragraph(v, col, FONT_SMALL, t->text_muted, line);
    if (reset_at && reset_at[0]) { /* nobody may miss it: see access.h */
        access_reset_notice(reset_at, line, sizeof line);
        banner(v, col, line, BANNER_STATIC);
    }
}

/* ---- the index ---- */

static void overall_section(const Dash *d, Column *col)
{
    const Theme *t = d->t;
    const Report *r = d->r;
    UI *ui = d->ui;
    Panel p;
    Column in = dash_panel_begin(d, col, _("Awareness index"), &p);
    char big[16];
    dash_figure_text(&r->overall, false, big, sizeof big);
    if (!big[0])
        snprintf(big, sizeof big, "%s", DASH);
    int bw = ui_text_width(ui, FONT_DISPLAY, "100");
    int lh = ui->line_height[FONT_DISPLAY];
    ui_text_line(ui, FONT_DISPLAY,
                 dash_shown(&r->overall) ? t->text : t->text_muted, in.x, in.y,
                 big, (int)strlen(big), ui_id("overall", 0));
    if (dash_shown(&r->overall))
        ui_rect(ui, (Rect){in.x, in.y + lh, bw, 8},
                dashboard_color(t, r->overall.value), 4);
    int left_h = lh + 8 + t->gap / 2;

    /* beside the number where there is room, else under it */
    Column side = {in.x + bw + 2 * t->pad, in.w - bw - 2 * t->pad, in.y + 8};
    if (side.w < dp(d->v, 220))
        side = (Column){in.x, in.w, in.y + left_h};
    char line[256], prev[64];
    period_format(r->previous, prev, sizeof prev);
    Color tone = t->text_muted;
    if (r->overall.suppressed) {
        snprintf(line, sizeof line,
                 _("Not shown: fewer than %d learners answered."), d->k);
    } else if (r->overall.empty) {
        snprintf(line, sizeof line, "%s", _("No answers in this period."));
    } else if (r->has_change && r->change != 0) {
        int n = r->change > 0 ? r->change : -r->change;
        /* an arrow as well as the colour, for those who do not see it */
        snprintf(line, sizeof line, "%s ",
                 r->change > 0 ? "\xE2\x96\xB2" : "\xE2\x96\xBC");
        size_t used = strlen(line);
        snprintf(line + used, sizeof line - used,
                 r->change > 0
                     ? ngettext("up %d point from %s", "up %d points from %s",
                                (unsigned long)n)
                     : ngettext("down %d point from %s",
                                "down %d points from %s", (unsigned long)n),
                 n, prev);
        tone = r->change > 0 ? t->correct : t->wrong;
    } else if (r->has_change) {
        snprintf(line, sizeof line, _("unchanged from %s"), prev);
    } else {
        line[0] = '\0';
    }
    if (line[0])
        side.y +=
            ui_text(ui, FONT_BOLD, tone, side.x, side.y, side.w, line) + 4;
    char roles[256], a[16], b[16], part[128];
    dash_figure_text(&r->role[ROLE_MANAGER], false, a, sizeof a);
    dash_figure_text(&r->role[ROLE_STAFF], false, b, sizeof b);
    snprintf(roles, sizeof roles, "%s %s" DOT "%s %s", _("Managers"),
             a[0] ? a : DASH, _("Staff"), b[0] ? b : DASH);
    side.y +=
        ui_text(ui, FONT_BODY, t->text, side.x, side.y, side.w, roles) + 4;
    dash_figure_text(&r->participation, true, a, sizeof a);
    snprintf(part, sizeof part, _("Participation: %s"), a[0] ? a : DASH);
    side.y += ui_text(ui, FONT_BODY, t->text, side.x, side.y, side.w, part);
    int bottom = side.y > in.y + left_h ? side.y : in.y + left_h;
    in.y = bottom + t->gap;
    dash_panel_end(d, col, &p, &in);
}

/* A labelled bar: the label and the figure on a line, the bar under it;
 * in the window a control (id) whose exact figures the line under its
 * panel gives when it is focused or hovered. */
static void bar_row(const Dash *d, Column *c, const char *label,
                    const Figure *f, bool percent, Color fill, uint32_t id,
                    Detail *det)
{
    const Theme *t = d->t;
    UI *ui = d->ui;
    int top = c->y;
    char value[32], shown_label[256];
    dash_figure_text(f, percent, value, sizeof value);
    if (f->empty)
        snprintf(value, sizeof value, "%s",
                 percent ? _("no learners") : _("no answers"));
    Font vf = dash_shown(f) ? FONT_BOLD : FONT_SMALL;
    int vw = ui_text_width(ui, vf, value);
    fit_text(d->v, FONT_BODY, label, c->w - vw - t->gap, shown_label,
             sizeof shown_label);
    int lh = ui->line_height[FONT_BODY];
    ui_text_line(ui, FONT_BODY, t->text, c->x, c->y, shown_label,
                 (int)strlen(shown_label), 0);
    ui_text_line(ui, vf, dash_shown(f) ? t->text : t->text_muted,
                 c->x + c->w - vw,
                 c->y + (lh - ui->line_height[vf]) / 2 + (vf == FONT_SMALL),
                 value, (int)strlen(value), 0);
    c->y += lh + 3;
    Rect track = {c->x, c->y, c->w, BAR_H};
    if (f->suppressed) {
        dash_hatch(d, track);
    } else {
        ui_rect(ui, track, t->meter_track, BAR_H / 2);
        if (dash_shown(f) && f->value > 0)
            ui_rect(ui,
                    (Rect){track.x, track.y, track.w * f->value / 100, BAR_H},
                    fill, BAR_H / 2);
    }
    c->y += BAR_H + t->gap;
    if (!d->live)
        return;
    Rect row = {c->x, top, c->w, c->y - t->gap - top};
    Control ctl = ui_control(ui, id, row);
    if (ctl.focused)
        focus_ring_at(ui, t, row, 3);
    char *line = ctl.hot ? det->hot : det->focused;
    if ((ctl.hot || ctl.focused) && percent && dash_shown(f))
        snprintf(line, sizeof det->hot,
                 ngettext("%s: %d %% of %d learner took part",
                          "%s: %d %% of %d learners took part",
                          (unsigned long)f->learners),
                 label, f->value, f->learners);
    else if (ctl.hot || ctl.focused)
        dash_figure_detail(d, label, f, line, sizeof det->hot);
    if (ctl.focused)
        det->focused_id = id;
}

static void topic_section(const Dash *d, Column *col)
{
    Panel p;
    Column in = dash_panel_begin(d, col, _("Index by topic"), &p);
    Detail det = {"", "", 0};
    for (int tp = 0; tp < TOPIC_COUNT; tp++) {
        const Figure *f = &d->r->topic[tp];
        bar_row(d, &in, topic_label((Topic)tp), f, false,
                dashboard_color(d->t, f->value), ui_id("topic-bar", tp), &det);
    }
    dash_detail_line(d, &in, &det,
                     _("Move the focus to a bar, or point at it, for its "
                       "figures."));
    dash_panel_end(d, col, &p, &in);
}

/* ---- participation ---- */

static void participation_section(const Dash *d, Column *col)
{
    const Report *r = d->r;
    Panel p;
    Column in = dash_panel_begin(d, col, _("Participation"), &p);
    dash_note(d, &in,
              _("Learners who completed the leadership course (managers) "
                "or a quiz (staff) in the period."));
    Detail det = {"", "", 0};
    bar_row(d, &in, r->unit_name[0] ? r->unit_name : _("Whole organisation"),
            &r->participation, true, d->t->accent, ui_id("part-bar", 0), &det);
    for (int i = 0; i < r->nunits; i++) {
        const ReportUnit *u = &r->units[i];
        char name[256];
        dash_unit_name(u, name, sizeof name);
        bar_row(d, &in, name, &u->participation, true, d->t->accent,
                ui_id("part-bar", i + 1), &det);
    }
    dash_detail_line(d, &in, &det,
                     _("Move the focus to a bar, or point at it, for its "
                       "figures."));
    dash_panel_end(d, col, &p, &in);
}

/* ---- the decisions most often missed ---- */

static const Lesson *find_lesson(const Dash *d, const char *id)
{
    int i = lessonset_find(d->lessons, id);
    if (i >= 0)
        return d->lessons->items[i];
    i = lessonset_find(d->pools, id);
    return i >= 0 ? d->pools->items[i] : NULL;
}

/* The first PROMPT_MAX bytes of s, cut after a word, with an ellipsis. */
static void shorten(const char *s, char *buf, size_t n)
{
    size_t len = strlen(s);
    if (len <= PROMPT_MAX || n < PROMPT_MAX + 4) {
        snprintf(buf, n, "%s", s);
        return;
    }
    size_t cut = PROMPT_MAX;
    while (cut > 0 && s[cut] != ' ')
        cut--;
    if (cut == 0)
        cut = PROMPT_MAX;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    snprintf(buf, n, "%.*s\xE2\x80\xA6", (int)cut, s);
}

static void missed_item(const Dash *d, Column *c, int i)
{
    const Theme *t = d->t;
    UI *ui = d->ui;
    const Missed *m = &d->r->missed[i];
    const Lesson *l = find_lesson(d, m->lesson_id);
    int si = l ? lesson_find_scene(l, m->scene_id) : -1;
    const Scene *s = si >= 0 ? &l->scenes[si] : NULL;
    char title[512], text[PROMPT_MAX + 8], line[512];
    const char *lt = l ? lesson_tr(&l->title) : m->lesson_id;
    if (s && s->title.src)
        snprintf(title, sizeof title, "%d. %s" DOT "%s", i + 1, lt,
                 lesson_tr(&s->title));
    else if (s)
        snprintf(title, sizeof title, "%d. %s", i + 1, lt);
    else
        snprintf(title, sizeof title, "%d. %s / %s", i + 1, lt, m->scene_id);
    c->y += ui_text(ui, FONT_BOLD, t->text, c->x, c->y, c->w, title) + 2;
    if (s) {
        shorten(lesson_tr(&s->text), text, sizeof text);
        c->y +=
            ui_text(ui, FONT_SMALL, t->text_muted, c->x, c->y, c->w, text) + 6;
    }
    snprintf(line, sizeof line,
             ngettext("Missed in %d %% of %d answer",
                      "Missed in %d %% of %d "
                      "answers",
                      (unsigned long)m->answers),
             m->missed_percent, m->answers);
    /* the report knows the topic of a quiz pool only; the scene says it
     * for a course decision */
    Topic topic = s && s->topic != TOPIC_NONE ? s->topic : m->topic;
    size_t used = strlen(line);
    if (topic != TOPIC_NONE)
        snprintf(line + used, sizeof line - used, DOT "%s", topic_label(topic));
    c->y += ui_text(ui, FONT_BODY, t->text, c->x, c->y, c->w, line) + 3;
    Rect track = {c->x, c->y, c->w, BAR_H - 4};
    ui_rect(ui, track, t->meter_track, 4);
    ui_rect(ui, (Rect){c->x, c->y, c->w * m->missed_percent / 100, BAR_H - 4},
            t->wrong, 4);
    c->y += BAR_H + 2;
    int sq = ui->line_height[FONT_SMALL] - 8;
    for (int k = 0; k < m->nchoices; k++) {
        const MissedChoice *mc = &m->choices[k];
        const char *label = s && mc->choice >= 0 && mc->choice < s->nchoices
                                ? lesson_tr(&s->choices[mc->choice].label)
                                : "?";
        snprintf(line, sizeof line, _("%d %% chose: %s"), mc->percent, label);
        ui_rect(ui, (Rect){c->x, c->y + 4, sq, sq}, result_color(t, mc->result),
                2);
        c->y += ui_text(ui, FONT_SMALL, t->text, c->x + sq + 8, c->y,
                        c->w - sq - 8, line) +
                2;
    }
    c->y += t->gap;
}

static void missed_section(const Dash *d, Column *col, bool wide)
{
    const Theme *t = d->t;
    Panel p;
    Column in = dash_panel_begin(d, col, _("Decisions most often missed"), &p);
    dash_note(d, &in,
              _("The share of answers in the period that were not right, "
                "and how often each wrong or partly right choice was "
                "made."));
    if (d->r->nmissed == 0)
        dash_note(d, &in, _("No decision was missed in this period."));
    int cols = wide ? 2 : 1;
    int w = (in.w - (cols - 1) * 2 * t->pad) / cols;
    for (int i = 0; i < d->r->nmissed; i += cols) {
        int bottom = in.y;
        for (int k = 0; k < cols && i + k < d->r->nmissed; k++) {
            Column c = {in.x + k * (w + 2 * t->pad), w, in.y};
            missed_item(d, &c, i + k);
            bottom = c.y > bottom ? c.y : bottom;
        }
        in.y = bottom;
    }
    dash_panel_end(d, col, &p, &in);
}

long long dashboard_draw(const View *v, Column *col, const Report *r,
                         const DashSource *src, bool live)
{
    static const LessonSet none;
    const Theme *t = v->theme;
    long long opened = 0;
    Dash d = {.v = v,
              .lessons = src && src->lessons ? src->lessons : &none,
              .pools = src && src->pools ? src->pools : &none,
              .opened = &opened,
              .ui = v->ui,
              .t = t,
              .r = r,
              .live = live,
              .k = r->filter.k > REPORT_K_MIN ? r->filter.k : REPORT_K_MIN};
    bool wide = col->w >= dp(v, 1000) * v->zoom / 100;
    if (wide) {
        /* the heat map's side is the wider: it has seven columns */
        int gap = t->gap;
        int w = (col->w - gap) * 2 / 5;
        Column left = {col->x, w, col->y};
        Column right = {col->x + w + gap, col->w - w - gap, col->y};
        overall_section(&d, &left);
        topic_section(&d, &left);
        dash_trend(&d, &left);
        dash_heat_map(&d, &right);
        participation_section(&d, &right);
        col->y = left.y > right.y ? left.y : right.y;
    } else {
        overall_section(&d, col);
        topic_section(&d, col);
        dash_heat_map(&d, col);
        dash_trend(&d, col);
        participation_section(&d, col);
    }
    missed_section(&d, col, wide);
    return opened;
}
