/*
 * dash.h - the pieces the dashboard's files share (private to game/ui):
 * the drawing context, panels, the hatch of a suppressed figure and the
 * line that tells a focused figure. dashboard.c draws the page and its
 * simpler sections; dashboard_charts.c the heat map and the trend.
 */
#ifndef VAKSAM_DASH_H
#define VAKSAM_DASH_H

#include "dashboard.h"
#include "widgets.h"

enum {
    HEAT_COLUMNS = 1 + TOPIC_COUNT, /* the unit's index, then each topic */
    BAR_H = 12,                     /* a bar's thickness */
};

#define DASH "\xE2\x80\x93" /* the mark of a suppressed figure */
#define DOT " \xC2\xB7 "    /* between the parts of a label */

typedef struct Dash {
    const View *v;
    const LessonSet *lessons, *pools; /* either may be empty */
    long long *opened; /* set to a unit whose heat-map row is chosen */
    UI *ui;
    const Theme *t;
    const Report *r;
    bool live; /* in the window: controls and their figures */
    int k;     /* the smallest group shown */
} Dash;

/* What the hovered or focused control says; the hovered one wins. */
typedef struct Detail {
    char hot[512], focused[512];
    uint32_t focused_id;
} Detail;

/* A panel: a card around a section, its background drawn once its
 * contents have said how tall it is. */
typedef struct Panel {
    int mark, y;
} Panel;

/* Figures. */
/* Dark or white text, whichever reads on bg. */
Color dash_ink_on(Color bg);
/* True when f has a value to show (neither suppressed nor empty). */
bool dash_shown(const Figure *f);
/* A heat-map row's name: the unit's, or its own members'. */
void dash_unit_name(const ReportUnit *u, char *buf, size_t n);
/* "72", "64 %", the dash (suppressed) or "" (empty). */
void dash_figure_text(const Figure *f, bool percent, char *buf, size_t n);
/* The exact figures behind f at `where`, for the line under a chart. */
void dash_figure_detail(const Dash *d, const char *where, const Figure *f,
                        char *buf, size_t n);

/* Drawing. */
/* Grey with diagonal lines: a figure kept back. */
void dash_hatch(const Dash *d, Rect r);
/* Text centred in r, when it fits. */
void dash_centred(const Dash *d, Rect r, Font f, Color c, const char *s,
                  uint32_t id);
/* A panel titled title in outer: returns the column inside it. */
Column dash_panel_begin(const Dash *d, const Column *outer, const char *title,
                        Panel *p);
/* Closes the panel round what was drawn in `in`. */
void dash_panel_end(const Dash *d, Column *outer, const Panel *p,
                    const Column *in);
/* A small muted paragraph. */
void dash_note(const Dash *d, Column *c, const char *text);
/* The line under a chart: the hovered or focused figure, or a hint. */
void dash_detail_line(const Dash *d, Column *c, const Detail *det,
                      const char *hint);

/* Charts (dashboard_charts.c). */
/* Units by topics, coloured by index, with its legend. */
void dash_heat_map(const Dash *d, Column *col);
/* The overall index per month or quarter. */
void dash_trend(const Dash *d, Column *col);

#endif
