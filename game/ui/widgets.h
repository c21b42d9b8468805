/*
 * widgets.h - the pieces every screen is built from, and the screens
 * themselves (one function each, drawn every frame). Private to game/ui.
 */
#ifndef VAKSAM_WIDGETS_H
#define VAKSAM_WIDGETS_H

#include "app.h"

/* The page's text column: x and width on screen, y where the next block
 * goes (in scrolled content coordinates). */
typedef struct Column {
    int x, w;
    int y;
} Column;

typedef enum { BUTTON_PRIMARY, BUTTON_SECONDARY, BUTTON_QUIET } ButtonStyle;
typedef enum {
    BANNER_ERROR,  /* app->error, with a Dismiss button */
    BANNER_NOTICE, /* app->notice, with a Dismiss button */
    BANNER_STATIC, /* a fact of the page */
} BannerTone;

/* Widgets. */
void focus_ring(App *app, Rect r);
/* The same ring around r for code that draws without the App. */
void focus_ring_at(UI *ui, const Theme *t, Rect r, int radius);
int button_width(App *app, const char *label);
int button_height(App *app);
/* A button; true when pressed this frame. A label too wide for the room
 * to the window's edge wraps onto more lines. */
bool button(App *app, uint32_t id, int x, int y, const char *label,
            ButtonStyle style);
/* The same in a rectangle the caller laid out. */
bool button_in(App *app, uint32_t id, Rect r, const char *label,
               ButtonStyle style);
/* A row of buttons that wraps in a narrow column: start with
 * button_row(col), add with row_button, finish with row_end. */
typedef struct ButtonRow {
    Column *col;
    int x;
    int h; /* the tallest button on the current line */
} ButtonRow;
ButtonRow button_row(Column *col);
bool row_button(App *app, ButtonRow *row, uint32_t id, const char *label,
                ButtonStyle style);
void row_end(App *app, ButtonRow *row);
/* A card that is one big control (a choice, a lesson, a unit). */
Control card(App *app, uint32_t id, Rect r, Color bg, Color edge);
int heading(App *app, Column *col, Font f, const char *text);
void paragraph(App *app, Column *col, Font f, Color c, const char *text);
/* A paragraph the focus can rest on (a question being asked), id
 * ui_id("reading", 0); app_focus_reading gives it the focus. */
void reading_stop(App *app, Column *col, Font f, Color c, const char *text);
/* One of the art's 16:9 pictures across the column, at most max_h tall. */
void picture(App *app, Column *col, const char *name, const char *alt,
             int max_h);
/* A bulleted list of lesson texts. */
void bullets(App *app, Column *col, const Text *items, int n);
/* A banner in the page's flow. */
void banner(App *app, Column *col, const char *text, BannerTone tone);
/* A banner over the bottom of the window, where it is seen whatever the
 * page's scroll position. */
/* The room an overlay banner takes at the window's foot, its margin in. */
int overlay_banner_height(App *app, const Column *col, const char *text);
void overlay_banner(App *app, const Column *col, const char *text,
                    BannerTone tone);
/* "Good choice", "Partly right", "Not the best choice". */
const char *verdict(Result r);
Color result_color(const Theme *t, Result r);
/* The art's name for the theme: name, or name-hc in high contrast. */
const char *art(const App *app, const char *name, char *buf, size_t n);
/* The mark of a result (a tick, a half-filled ring, a cross) at r. */
void result_mark(App *app, Rect r, Result res);
/* Numbered choice cards. While answering, returns the position picked
 * (by mouse, Enter or a number key) or -1; afterwards shows `chosen`
 * (a position) marked by its result. */
int choice_cards(App *app, Column *col, const Choice *const *choices, int n,
                 int chosen, bool answering);
/* What the panel after a choice says: the verdict with its mark, why,
 * then (each optional) what was better or the explanation, and what the
 * choice changed. */
typedef struct Feedback {
    Result result;
    const char *why;     /* the choice's feedback */
    const char *better;  /* the best choice and why, or the explanation */
    const char *changes; /* "Trust -10, Integrity +5" */
} Feedback;
void feedback_panel(App *app, Column *col, const Feedback *f);
/* A labelled bar for a share 0..100 (or "not yet" when value < 0). */
void level_bar(App *app, Column *col, const char *label, int value, Color fill);
/* A one-line text field at r: typed text is added to buf (cap bytes with
 * its NUL), Backspace takes off the last character; masked shows a bullet
 * per character. True when Enter is pressed in it. */
bool text_field(App *app, uint32_t id, Rect r, char *buf, size_t cap,
                bool masked);
/* Copies text into buf, cut with an ellipsis to fit w pixels in font f. */
void fit_text(App *app, Font f, const char *text, int w, char *buf, size_t n);

/* Screens. */
void screen_lesson(App *app, Column *col);
void screen_quiz(App *app, Column *col);
void screen_quiz_review(App *app, Column *col);
void screen_progress(App *app, Column *col);
void screen_settings(App *app, Column *col);
void screen_ciso_login(App *app, Column *col);
void screen_dashboard(App *app, Column *col);

/* The dashboard (dashboard.c): its title and what r covers; then its
 * figures. live: in the window, where cells and points take the focus and
 * tell their figures; otherwise a picture of the same page. */
void dashboard_header(App *app, Column *col, const Report *r);
void dashboard_draw(App *app, Column *col, const Report *r, bool live);
/* "All roles", "Managers" or "Staff" for a ReportFilter's role. */
const char *dashboard_role_label(int role);

#endif
