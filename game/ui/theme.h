/*
 * theme.h - the palette and spacing of the window, in one table per theme
 * (a calm default and a high-contrast one). Screens take every colour and
 * size from here.
 */
#ifndef VAKSAM_THEME_H
#define VAKSAM_THEME_H

#include "ui.h"

#include <stdbool.h>

typedef struct Theme {
    Color background;  /* the window */
    Color surface;     /* cards and panels */
    Color surface_alt; /* the top bar, pressed cards */
    Color border;
    Color text;
    Color text_muted;
    Color accent;      /* primary buttons, links */
    Color accent_text; /* text on accent */
    Color focus;       /* the focus ring's outer band */
    Color focus_inner; /* its inner band: 9:1 or more against the outer,
                          so one band stands out on any colour */
    Color hover;
    Color correct, partly, wrong; /* results */
    Color result_bg[3];           /* light backgrounds for results */
    Color meter[4];               /* one per meter */
    Color meter_track;
    Color scale[5];          /* the index scale at 0, 25, 50, 75 and 100 */
    Color suppressed, hatch; /* a figure hidden to protect few learners */
    int font_px[FONT_COUNT]; /* at zoom 1.0 */
    int pad;                 /* inner spacing of cards */
    int gap;                 /* space between blocks */
    int radius;              /* corner radius */
    int max_content;         /* widest text column */
    int max_wide;            /* widest dashboard */
    int density;             /* pixels per point, percent (0: 100) */
} Theme;

/* n pixels of a normal screen at the theme's density: for the widths of
 * lines and rings, which the sizes above do not hold. */
static inline int theme_px(const Theme *t, int n)
{
    return t->density > 0 ? (n * t->density + 50) / 100 : n;
}

/* The default or the high-contrast theme. */
const Theme *theme_get(bool high_contrast);
/* base with its sizes for a screen of `density` percent of the usual
 * pixels per point (200 on a HiDPI screen drawn at twice the pixels). */
void theme_scaled(const Theme *base, int density, Theme *out);

#endif
