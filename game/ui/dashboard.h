/*
 * dashboard.h - the CISO's dashboard: the figures of a Report drawn as an
 * index, bars, a heat map, a trend and a list of missed decisions. The
 * window shows it as a screen (screen_dashboard.c); the same drawing code
 * also makes a picture of it with no window at all, for `vaksam report
 * --png`.
 */
#ifndef VAKSAM_DASHBOARD_H
#define VAKSAM_DASHBOARD_H

#include "lesson.h"
#include "report.h"
#include "theme.h"
#include "widgets.h"

#include <stdbool.h>
#include <stdint.h>

/* How a picture of the dashboard is drawn. */
typedef struct DashboardPicture {
    int width, height; /* pixels; taller when the content needs it */
    const char *font_regular, *font_bold;
    bool high_contrast;
    const char *reset_at; /* when the CISO's password was reset, or NULL */
} DashboardPicture;

/* Draws the dashboard of r into a PNG at path. lessons and pools (either
 * may be NULL) give the missed decisions their titles and texts. Needs no
 * display: SDL's software renderer draws into memory. */
int dashboard_write_png(const Report *r, const LessonSet *lessons,
                        const LessonSet *pools, const char *path,
                        const DashboardPicture *pic, VkError *err);

/* What the dashboard is drawn from besides its report: the lessons and
 * quiz pools give the missed decisions their titles (either may be NULL). */
typedef struct DashSource {
    const LessonSet *lessons, *pools;
} DashSource;

/* The dashboard's title and what r covers (reset_at: when the CISO's
 * password was last reset, or NULL or ""); then its figures. live: in the
 * window, where cells and points take the focus and tell their figures;
 * otherwise a picture of the same page. Returns the id of the unit whose
 * heat-map row was chosen this frame, or 0. */
void dashboard_header(const View *v, Column *col, const Report *r,
                      const char *reset_at);
long long dashboard_draw(const View *v, Column *col, const Report *r,
                         const DashSource *src, bool live);
/* "All roles", "Managers" or "Staff" for a ReportFilter's role. */
const char *dashboard_role_label(int role);

/* The colour of an index 0..100 on the theme's scale: every value has its
 * own colour, and equal values the same. */
Color dashboard_color(const Theme *t, int value);
/* The control id of a heat-map cell: row in r->units, column 0 for the
 * unit's overall index, 1 + t for topic t. */
uint32_t dashboard_cell_id(int row, int column);
/* The control id of point i of the trend. */
uint32_t dashboard_point_id(int i);

#endif
