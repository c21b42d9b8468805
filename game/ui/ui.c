/*
 * ui.c - the immediate-mode UI context (see ui.h).
 */
#include "ui.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

void ui_init(UI *ui)
{
    memset(ui, 0, sizeof *ui);
    ui->width = 800;
    ui->height = 600;
    for (int f = 0; f < FONT_COUNT; f++)
        ui->line_height[f] = 20;
}

void ui_free(UI *ui)
{
    free(ui->cmds);
    free(ui->text);
    free(ui->order);
    free(ui->prev_order);
    memset(ui, 0, sizeof *ui);
}

uint32_t ui_id(const char *key, int index)
{
    unsigned char at[4]; /* the index's bytes, lowest first */
    for (int i = 0; i < 4; i++)
        at[i] = (unsigned char)(index >> (8 * i));
    uint64_t h = vk_hash_add(vk_hash(key, strlen(key)), at, sizeof at);
    uint32_t id = (uint32_t)(h ^ h >> 32);
    return id ? id : 1;
}

static int order_index(const Focusable *list, int n, uint32_t id)
{
    for (int i = 0; i < n; i++)
        if (list[i].id == id)
            return i;
    return -1;
}

/* Moves the focus by step through last frame's order. */
static void move_focus(UI *ui, int step)
{
    if (ui->nprev == 0)
        return;
    int i = order_index(ui->prev_order, ui->nprev, ui->focus);
    if (i < 0)
        i = step > 0 ? -1 : 0;
    i = (i + step + ui->nprev) % ui->nprev;
    ui->focus = ui->prev_order[i].id;
}

void ui_begin(UI *ui)
{
    ui->ncmds = 0;
    ui->ntext = 0;
    ui->norder = 0;
    ui->key_used = false;
    ui->again = false;
    ui->clip = (Rect){0, 0, ui->width, ui->height};
    ui->in_scroll = false;
    switch (ui->in.key) {
    case KEY_TAB:
    case KEY_DOWN:
    case KEY_RIGHT:
        move_focus(ui, 1);
        ui->key_used = ui->nprev > 0;
        break;
    case KEY_BACKTAB:
    case KEY_UP:
    case KEY_LEFT:
        move_focus(ui, -1);
        ui->key_used = ui->nprev > 0;
        break;
    default: break;
    }
}

static bool contains(Rect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

/* Converts a content-space rect to the screen. */
static Rect to_screen(const UI *ui, Rect r)
{
    if (ui->in_scroll)
        r.y += ui->view.y - ui->scroll;
    return r;
}

void ui_end(UI *ui)
{
    if (ui->new_page) {
        /* what registered this frame was the old page: the next frame
         * picks the focus from the new one */
        ui->new_page = false;
        ui->norder = 0;
        ui->again = true;
    }
    /* a focus asked for by a screen wins; a focus that vanished moves to
     * the first control */
    if (ui->want_focus &&
        order_index(ui->order, ui->norder, ui->want_focus) >= 0) {
        if (ui->focus != ui->want_focus)
            ui->again = true;
        ui->focus = ui->want_focus;
        ui->want_focus = 0;
    } else if (ui->norder &&
               order_index(ui->order, ui->norder, ui->focus) < 0) {
        /* a new page: its first control takes the focus, but the page
         * stays scrolled to its top so the text is read first */
        ui->focus = ui->order[0].id;
        ui->shown_focus = ui->focus;
        ui->again = true;
    }
    /* bring a control into view when it gets the focus */
    int i = order_index(ui->order, ui->norder, ui->focus);
    if (i >= 0 && ui->focus != ui->shown_focus && ui->view.h > 0) {
        ui->shown_focus = ui->focus;
        Rect r = ui->order[i].rect, a = ui->order[i].show;
        /* a control with more to show is brought in whole, when it fits */
        bool whole = memcmp(&r, &a, sizeof r) != 0 && a.h + 32 <= ui->view.h &&
                     (a.y < ui->view.y || a.y + a.h > ui->view.y + ui->view.h);
        if (whole)
            r = a;
        if ((whole || contains(ui->view, r.x, r.y + r.h / 2) == false) &&
            r.x >= ui->view.x && r.x < ui->view.x + ui->view.w) {
            int delta = r.y < ui->view.y
                            ? r.y - ui->view.y - 16
                            : r.y + r.h - (ui->view.y + ui->view.h) + 16;
            if (r.h > ui->view.h)
                delta = r.y - ui->view.y - 16;
            ui->scroll += delta;
            int max = ui->content_h - ui->view.h;
            if (ui->scroll > max)
                ui->scroll = max;
            if (ui->scroll < 0)
                ui->scroll = 0;
            ui->again = true;
        }
    }
    /* this frame's order is what the next frame's keys move through */
    Focusable *t = ui->prev_order;
    int cap = ui->cap_prev;
    ui->prev_order = ui->order;
    ui->cap_prev = ui->cap_order;
    ui->nprev = ui->norder;
    ui->order = t;
    ui->cap_order = cap;
    ui->norder = 0;
    if (ui->in.mouse_released)
        ui->active = 0;
    int mx = ui->in.mouse_x, my = ui->in.mouse_y;
    memset(&ui->in, 0, sizeof ui->in);
    ui->in.mouse_x = mx;
    ui->in.mouse_y = my;
}

void ui_set_focus(UI *ui, uint32_t id)
{
    ui->want_focus = id;
}

Control ui_control(UI *ui, uint32_t id, Rect r)
{
    Control c = {0};
    Rect s = to_screen(ui, r);
    if (ui->norder == ui->cap_order) {
        ui->cap_order = ui->cap_order ? ui->cap_order * 2 : 32;
        ui->order =
            xrealloc(ui->order, (size_t)ui->cap_order * sizeof *ui->order);
    }
    ui->order[ui->norder++] = (Focusable){id, s, s};
    bool visible = contains(ui->clip, ui->in.mouse_x, ui->in.mouse_y);
    c.hot = visible && contains(s, ui->in.mouse_x, ui->in.mouse_y);
    if (ui->want_focus == id) {
        ui->focus = id;
        ui->want_focus = 0;
    }
    if (c.hot && ui->in.mouse_pressed) {
        ui->active = id;
        ui->focus = id;
    }
    c.focused = ui->focus == id;
    c.pressed = ui->active == id && c.hot;
    if (ui->in.mouse_released && ui->active == id && c.hot)
        c.activated = true;
    if (c.focused && !ui->key_used &&
        (ui->in.key == KEY_ENTER || ui->in.key == KEY_SPACE)) {
        c.activated = true;
        ui->key_used = true;
    }
    return c;
}

void ui_keep_in_view(UI *ui, uint32_t id, Rect r)
{
    int i = order_index(ui->order, ui->norder, id);
    if (i < 0)
        return;
    Rect s = to_screen(ui, r), a = ui->order[i].show;
    int x0 = s.x < a.x ? s.x : a.x, y0 = s.y < a.y ? s.y : a.y;
    int x1 = s.x + s.w > a.x + a.w ? s.x + s.w : a.x + a.w;
    int y1 = s.y + s.h > a.y + a.h ? s.y + s.h : a.y + a.h;
    ui->order[i].show = (Rect){x0, y0, x1 - x0, y1 - y0};
}

bool ui_key(UI *ui, Key k)
{
    if (ui->in.key != k || ui->key_used)
        return false;
    ui->key_used = true;
    return true;
}

void ui_scroll_begin(UI *ui, Rect view)
{
    ui->view = view;
    ui->in_scroll = true;
    ui->clip = view;
    int step = ui->line_height[FONT_BODY] * 3;
    int page = view.h - ui->line_height[FONT_BODY] * 2;
    if (ui->in.wheel && contains(view, ui->in.mouse_x, ui->in.mouse_y))
        ui->scroll -= ui->in.wheel * step;
    if (ui_key(ui, KEY_PAGEDOWN))
        ui->scroll += page;
    if (ui_key(ui, KEY_PAGEUP))
        ui->scroll -= page;
    if (ui->scroll < 0)
        ui->scroll = 0;
}

void ui_scroll_end(UI *ui, int content_h)
{
    ui->content_h = content_h;
    int max = content_h - ui->view.h;
    if (max < 0)
        max = 0;
    if (ui->scroll > max) {
        ui->scroll = max;
        ui->again = true;
    }
    ui->in_scroll = false;
    ui->clip = (Rect){0, 0, ui->width, ui->height};
}

void ui_new_page(UI *ui)
{
    ui->scroll = 0;
    ui->focus = 0;
    ui->new_page = true;
    ui->again = true;
}

static bool intersects(Rect a, Rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h &&
           b.y < a.y + a.h;
}

static Cmd *push(UI *ui, CmdType type, Rect r)
{
    Rect s = to_screen(ui, r);
    if (!intersects(s, ui->clip) || r.w <= 0 || r.h <= 0)
        return NULL; /* nothing of it would show */
    if (ui->ncmds == ui->cap_cmds) {
        ui->cap_cmds = ui->cap_cmds ? ui->cap_cmds * 2 : 256;
        ui->cmds = xrealloc(ui->cmds, (size_t)ui->cap_cmds * sizeof *ui->cmds);
    }
    Cmd *c = &ui->cmds[ui->ncmds++];
    memset(c, 0, sizeof *c);
    c->type = type;
    c->rect = s;
    c->clip = ui->clip;
    return c;
}

void ui_rect(UI *ui, Rect r, Color col, int radius)
{
    Cmd *c = push(ui, CMD_RECT, r);
    if (c) {
        c->color = col;
        c->radius = radius;
    }
}

void ui_outline(UI *ui, Rect r, Color col, int radius, int width)
{
    Cmd *c = push(ui, CMD_RECT, r);
    if (c) {
        c->color = col;
        c->radius = radius;
        c->border = width;
    }
}

void ui_line(UI *ui, int x1, int y1, int x2, int y2, Color col, int width)
{
    int half = (width + 1) / 2 + 1;
    int x = x1 < x2 ? x1 : x2, y = y1 < y2 ? y1 : y2;
    Rect box = {x - half, y - half, abs(x2 - x1) + 2 * half,
                abs(y2 - y1) + 2 * half};
    int dy = to_screen(ui, box).y - box.y;
    Cmd *c = push(ui, CMD_LINE, box);
    if (c) {
        c->color = col;
        c->border = width;
        c->x1 = x1;
        c->y1 = y1 + dy;
        c->x2 = x2;
        c->y2 = y2 + dy;
    }
}

int ui_mark(const UI *ui)
{
    return ui->ncmds;
}

void ui_rect_under(UI *ui, int mark, Rect r, Color col, int radius)
{
    int n = ui->ncmds;
    ui_rect(ui, r, col, radius);
    if (ui->ncmds == n || mark >= n)
        return;
    Cmd c = ui->cmds[n];
    memmove(&ui->cmds[mark + 1], &ui->cmds[mark],
            (size_t)(n - mark) * sizeof *ui->cmds);
    ui->cmds[mark] = c;
}

int ui_text_width(UI *ui, Font f, const char *s)
{
    return ui->text_width ? ui->text_width(ui->text_ud, f, s, (int)strlen(s))
                          : (int)strlen(s) * 8;
}

static int measure(UI *ui, Font f, const char *s, int len)
{
    return ui->text_width ? ui->text_width(ui->text_ud, f, s, len) : len * 8;
}

/* Copies len bytes of s into the frame's text store; their offset. */
static int keep(UI *ui, const char *s, int len)
{
    if (ui->ntext + len + 1 > ui->cap_text) {
        int cap = ui->cap_text ? ui->cap_text : 4096;
        while (cap < ui->ntext + len + 1)
            cap *= 2;
        ui->text = xrealloc(ui->text, (size_t)cap);
        ui->cap_text = cap;
    }
    int at = ui->ntext;
    memcpy(ui->text + at, s, (size_t)len);
    ui->ntext += len;
    ui->text[ui->ntext++] = '\0';
    return at;
}

int ui_text_line(UI *ui, Font f, Color col, int x, int y, const char *s,
                 int len, uint32_t id)
{
    /* trailing spaces are not drawn */
    while (len > 0 && s[len - 1] == ' ')
        len--;
    if (len <= 0)
        return 0;
    int w = measure(ui, f, s, len);
    Cmd *c = push(ui, CMD_TEXT, (Rect){x, y, w, ui->line_height[f]});
    if (!c)
        return w;
    c->text = keep(ui, s, len);
    c->color = col;
    c->font = f;
    c->id = id;
    return w;
}

const char *ui_cmd_text(const UI *ui, const Cmd *c)
{
    return c->type == CMD_TEXT ? ui->text + c->text : "";
}

void ui_image(UI *ui, Rect r, const char *name, const char *alt)
{
    Cmd *c = push(ui, CMD_IMAGE, r);
    if (!c)
        return;
    c->text = keep(ui, name, (int)strlen(name));
    c->alt = keep(ui, alt ? alt : "", alt ? (int)strlen(alt) : 0);
    c->color = (Color){255, 255, 255, 255};
}

const char *ui_cmd_image(const UI *ui, const Cmd *c)
{
    return c->type == CMD_IMAGE ? ui->text + c->text : "";
}

const char *ui_cmd_alt(const UI *ui, const Cmd *c)
{
    return c->type == CMD_IMAGE ? ui->text + c->alt : "";
}

/* Length of the UTF-8 character at s. */
static int char_len(const char *s)
{
    unsigned char c = (unsigned char)*s;
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* The number of bytes of s (up to a newline) that fit in w, breaking after
 * a space when it can and inside a word only when it must. */
static int fit(UI *ui, Font f, const char *s, int w, int *skip)
{
    int end = (int)strcspn(s, "\n");
    *skip = s[end] == '\n';
    if (measure(ui, f, s, end) <= w)
        return end;
    int best = 0;
    for (int i = 0; i < end; i++) {
        if (s[i] != ' ')
            continue;
        if (measure(ui, f, s, i) > w)
            break;
        best = i;
    }
    if (best > 0) {
        *skip = 1; /* the space */
        return best;
    }
    /* one word wider than the line: break it where it must */
    *skip = 0;
    int i = char_len(s);
    while (i < end && measure(ui, f, s, i + char_len(s + i)) <= w)
        i += char_len(s + i);
    return i;
}

static int wrap(UI *ui, Font f, Color col, int x, int y, int w, const char *s,
                bool draw)
{
    int lh = ui->line_height[f];
    int step = ui->leading[f] > lh ? ui->leading[f] : lh;
    int h = 0, lines = 0;
    if (!s || !*s)
        return 0;
    while (*s) {
        int skip;
        int n = fit(ui, f, s, w, &skip);
        if (draw)
            ui_text_line(ui, f, col, x, y + lines * step, s, n, 0);
        lines++;
        s += n + skip;
        while (*s == ' ')
            s++;
    }
    h = (lines - 1) * step + lh;
    return h;
}

int ui_text(UI *ui, Font f, Color c, int x, int y, int w, const char *s)
{
    return wrap(ui, f, c, x, y, w, s, true);
}

int ui_text_height(UI *ui, Font f, int w, const char *s)
{
    return wrap(ui, f, (Color){0}, 0, 0, w, s, false);
}
