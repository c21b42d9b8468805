/*
 * widgets.h - the pieces every screen is built from. A widget draws with
 * a View (the UI context, the theme and the text size) and knows nothing
 * of the App, so the dashboard's picture and the window draw the same
 * page through the same code. Private to game/ui.
 */
#ifndef VAKSAM_WIDGETS_H
#define VAKSAM_WIDGETS_H

#include "lesson.h"
#include "theme.h"
#include "ui.h"

#include <stdbool.h>
#include <stddef.h>

/* What widgets draw with. */
typedef struct View {
    UI *ui;
    const Theme *theme;
    bool high_contrast; /* the art's -hc variants */
    int zoom;           /* text size in percent */
    int density;        /* pixels per point in percent: 200 on a HiDPI screen;
                           the theme's sizes are scaled by it already */
} View;

/* n pixels of a normal screen in the View's pixels: its theme is scaled
 * to its density already (theme_px). */
static inline int dp(const View *v, int n)
{
    return theme_px(v->theme, n);
}

/* The page's text column: x and width on screen, y where the next block
 * goes (in scrolled content coordinates). */
typedef struct Column {
    int x, w;
    int y;
} Column;

typedef enum { BUTTON_PRIMARY, BUTTON_SECONDARY, BUTTON_QUIET } ButtonStyle;
typedef enum {
    BANNER_ERROR,  /* a problem, with a Dismiss button */
    BANNER_NOTICE, /* news, with a Dismiss button */
    BANNER_STATIC, /* a fact of the page */
} BannerTone;

/* Widgets. */
void focus_ring(const View *v, Rect r);
/* The same ring around r with a radius of the caller's. */
void focus_ring_at(UI *ui, const Theme *t, Rect r, int radius);
int button_width(const View *v, const char *label);
int button_height(const View *v);
/* A button; true when pressed this frame. A label too wide for the room
 * to the window's edge wraps onto more lines. */
bool button(const View *v, uint32_t id, int x, int y, const char *label,
            ButtonStyle style);
/* The same in a rectangle the caller laid out. */
bool button_in(const View *v, uint32_t id, Rect r, const char *label,
               ButtonStyle style);
/* A row of buttons that wraps in a narrow column: start with
 * button_row(col), add with row_button, finish with row_end. */
typedef struct ButtonRow {
    Column *col;
    int x;
    int h; /* the tallest button on the current line */
} ButtonRow;
ButtonRow button_row(Column *col);
bool row_button(const View *v, ButtonRow *row, uint32_t id, const char *label,
                ButtonStyle style);
void row_end(const View *v, ButtonRow *row);
/* A card that is one big control (a choice, a lesson, a unit). */
Control card(const View *v, uint32_t id, Rect r, Color bg, Color edge);
int heading(const View *v, Column *col, Font f, const char *text);
void paragraph(const View *v, Column *col, Font f, Color c, const char *text);
/* A paragraph the focus can rest on (a question being asked), id
 * ui_id("reading", 0); app_focus_reading gives it the focus. */
void reading_stop(const View *v, Column *col, Font f, Color c,
                  const char *text);
/* One of the art's 16:9 pictures across the column, at most max_h tall. */
void picture(const View *v, Column *col, const char *name, const char *alt,
             int max_h);
/* A bulleted list of lesson texts. */
void bullets(const View *v, Column *col, const Text *items, int n);
/* A banner in the page's flow; true when its Dismiss was pressed. */
bool banner(const View *v, Column *col, const char *text, BannerTone tone);
/* A banner over the bottom of the window, where it is seen whatever the
 * page's scroll position. */
/* The room an overlay banner takes at the window's foot, its margin in. */
int overlay_banner_height(const View *v, const Column *col, const char *text);
bool overlay_banner(const View *v, const Column *col, const char *text,
                    BannerTone tone);
/* "Good choice", "Partly right", "Not the best choice". */
const char *verdict(Result r);
Color result_color(const Theme *t, Result r);
/* The art's name for the theme: name, or name-hc in high contrast. */
const char *art(const View *v, const char *name, char *buf, size_t n);
/* The mark of a result (a tick, a half-filled ring, a cross) at r. */
void result_mark(const View *v, Rect r, Result res);
/* Numbered choice cards. While answering, returns the position picked
 * (by mouse, Enter or a number key) or -1; afterwards shows `chosen`
 * (a position) marked by its result. */
int choice_cards(const View *v, Column *col, const Choice *const *choices,
                 int n, int chosen, bool answering);
/* What the panel after a choice says: the verdict with its mark, why,
 * then (each optional) what was better or the explanation, and what the
 * choice changed. */
typedef struct Feedback {
    Result result;
    const char *why;     /* the choice's feedback */
    const char *better;  /* the best choice and why, or the explanation */
    const char *changes; /* "Trust -10, Integrity +5" */
} Feedback;
void feedback_panel(const View *v, Column *col, const Feedback *f);
/* A labelled bar for a share 0..100 (or "not yet" when value < 0). */
void level_bar(const View *v, Column *col, const char *label, int value,
               Color fill);
/* A one-line text field at r: typed text is added to buf (cap bytes with
 * its NUL), Backspace takes off the last character; masked shows a bullet
 * per character. True when Enter is pressed in it. */
bool text_field(const View *v, uint32_t id, Rect r, char *buf, size_t cap,
                bool masked);
/* Copies text into buf, cut with an ellipsis to fit w pixels in font f. */
void fit_text(const View *v, Font f, const char *text, int w, char *buf,
              size_t n);

#endif
