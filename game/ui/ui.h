/*
 * ui.h - an immediate-mode UI context in the manner of rxi/microui, with
 * keyboard focus added. Screens call widget functions every frame; the
 * functions append drawing commands (rectangles and single lines of text)
 * to a list and report what the user did. A renderer (render.c) replays the
 * list with SDL; tests read the list directly. This file has no SDL in it:
 * text is measured through callbacks the renderer installs.
 *
 * Focus: focusable widgets register in draw order; Tab/Shift+Tab (and the
 * arrow keys) move the focus through last frame's order, Enter/Space
 * activate the focused widget. Widget ids come from stable keys ("choice",
 * i), never from translated labels.
 */
#ifndef VAKSAM_UI_H
#define VAKSAM_UI_H

#include <stdbool.h>
#include <stdint.h>

typedef struct Rect {
    int x, y, w, h;
} Rect;

typedef struct Color {
    uint8_t r, g, b, a;
} Color;

typedef enum Font {
    FONT_BODY,
    FONT_BOLD,
    FONT_SMALL,
    FONT_HEADING,
    FONT_TITLE,
    FONT_DISPLAY, /* one large figure */
    FONT_COUNT
} Font;

typedef enum CmdType { CMD_RECT, CMD_TEXT, CMD_LINE, CMD_IMAGE } CmdType;

typedef struct Cmd {
    CmdType type;
    Rect rect; /* text: where the line is drawn and its measured size;
                  lines: the box around them */
    Rect clip; /* the command is drawn only inside this */
    Color color;
    int radius;         /* rounded corners (rects) */
    int border;         /* > 0: an outline this wide instead of a fill (rects);
                           the width of a line */
    int x1, y1, x2, y2; /* lines: the two ends */
    Font font;          /* text */
    int text;           /* text: offset into UI.text; image: its name */
    int alt;            /* image: its text alternative ("" decorative) */
    uint32_t id;        /* the widget that drew it, or 0 */
} Cmd;

typedef enum Key {
    KEY_NONE,
    KEY_TAB,
    KEY_BACKTAB,
    KEY_UP,
    KEY_DOWN,
    KEY_LEFT,
    KEY_RIGHT,
    KEY_ENTER,
    KEY_SPACE,
    KEY_ESCAPE,
    KEY_PAGEUP,
    KEY_PAGEDOWN,
    KEY_HOME,
    KEY_END,
    KEY_ZOOM_IN,
    KEY_ZOOM_OUT,
    KEY_ZOOM_RESET,
    KEY_BACKSPACE,
    KEY_DIGIT_1, /* KEY_DIGIT_1 + n - 1 for digit n (1..9) */
    KEY_DIGIT_9 = KEY_DIGIT_1 + 8,
} Key;

typedef struct UIInput {
    int mouse_x, mouse_y;
    bool mouse_pressed, mouse_released; /* this frame */
    int wheel;                          /* notches, up > 0 */
    Key key;                            /* the key pressed this frame */
    char text[32]; /* text typed this frame (UTF-8), for a text field */
} UIInput;

/* What happened to a focusable control this frame. */
typedef struct Control {
    bool hot;       /* the mouse is over it */
    bool focused;   /* it has the keyboard focus */
    bool pressed;   /* the mouse button is down on it */
    bool activated; /* clicked, or Enter/Space while focused */
} Control;

typedef struct Focusable {
    uint32_t id;
    Rect rect; /* on screen */
    Rect show; /* what to bring into view with it: rect, or more */
} Focusable;

typedef int (*TextWidthFn)(void *ud, Font font, const char *s, int len);

typedef struct UI {
    /* set by the owner */
    int width, height;           /* window size in pixels */
    int line_height[FONT_COUNT]; /* from the renderer */
    int leading[FONT_COUNT]; /* from one wrapped line to the next; 0: line_height */
    TextWidthFn text_width;
    void *text_ud;

    /* input for the current frame (cleared by ui_end) */
    UIInput in;

    /* commands of the current frame */
    Cmd *cmds;
    int ncmds, cap_cmds;
    char *text;
    int ntext, cap_text;

    /* focus and mouse state that lasts across frames */
    uint32_t focus;
    uint32_t active; /* control the mouse button went down on */
    uint32_t want_focus;
    uint32_t shown_focus; /* the focus last scrolled into view */
    Focusable *order, *prev_order;
    int norder, nprev, cap_order, cap_prev;
    bool key_used; /* a control consumed this frame's key */

    /* scrolling of the one scroll region a screen may have */
    Rect view;
    int scroll, content_h;
    bool in_scroll;
    Rect clip;

    bool again;    /* layout changed this frame: run another before drawing */
    bool new_page; /* the controls of this frame belong to a page now gone */
} UI;

/* Lifecycle. */
void ui_init(UI *ui);
void ui_free(UI *ui);
/* Starts a frame: applies focus moves from this frame's key. */
void ui_begin(UI *ui);
/* Ends a frame: repairs a lost focus, keeps the focused control in view
 * and clears the input. */
void ui_end(UI *ui);

/* Ids. */
/* An id from a stable key and an index. */
uint32_t ui_id(const char *key, int index);

/* Focus. */
/* Gives the focus to id (taken when it registers this or next frame). */
void ui_set_focus(UI *ui, uint32_t id);
/* Registers a focusable control at r (in content coordinates when inside
 * a scroll region) and reports what happened to it. */
Control ui_control(UI *ui, uint32_t id, Rect r);
/* When control id (registered this frame) gets the focus, r (in content
 * coordinates) is brought into view with it, if both fit: a chart's cell
 * and the line that tells its figures. */
void ui_keep_in_view(UI *ui, uint32_t id, Rect r);
/* True when this frame's key is k and no control used it. */
bool ui_key(UI *ui, Key k);

/* Scrolling: widgets drawn between these are offset by the scroll
 * position and clipped to view. */
void ui_scroll_begin(UI *ui, Rect view);
/* content_h: the height the content used. */
void ui_scroll_end(UI *ui, int content_h);
/* A new page replaces the one being drawn: the next frame starts at the
 * top, and its first control takes the focus. */
void ui_new_page(UI *ui);

/* Drawing. Coordinates are in content space inside a scroll region. */
void ui_rect(UI *ui, Rect r, Color c, int radius);
void ui_outline(UI *ui, Rect r, Color c, int radius, int width);
/* A straight line from (x1, y1) to (x2, y2), `width` pixels thick. */
void ui_line(UI *ui, int x1, int y1, int x2, int y2, Color c, int width);
/* The position in the command list the next command takes. */
int ui_mark(const UI *ui);
/* A filled rect drawn under everything drawn since mark (a panel's
 * background, once its contents have told how tall it is). */
void ui_rect_under(UI *ui, int mark, Rect r, Color c, int radius);
/* One line of text at (x, y); returns its width. */
int ui_text_line(UI *ui, Font f, Color c, int x, int y, const char *s, int len,
                 uint32_t id);
/* Text wrapped to width w at (x, y); returns the height used. */
int ui_text(UI *ui, Font f, Color c, int x, int y, int w, const char *s);
/* The height ui_text would use. */
int ui_text_height(UI *ui, Font f, int w, const char *s);
/* Width of one line of text. */
int ui_text_width(UI *ui, Font f, const char *s);
/* The text of a command. */
const char *ui_cmd_text(const UI *ui, const Cmd *c);
/* A picture of the project's art at r, scaled to it: name is its path in
 * assets/ without ".svg" ("icons/integrity"); alt says what it shows, ""
 * when it only decorates what a text beside it says. */
void ui_image(UI *ui, Rect r, const char *name, const char *alt);
/* An image command's name and text alternative ("" for other commands). */
const char *ui_cmd_image(const UI *ui, const Cmd *c);
const char *ui_cmd_alt(const UI *ui, const Cmd *c);

#endif
