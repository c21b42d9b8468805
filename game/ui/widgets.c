/*
 * widgets.c - the pieces screens are built from (see widgets.h): buttons,
 * cards, text blocks, banners, choice lists and feedback panels, all
 * drawn through the UI context with the colours and sizes of the theme.
 */
#include "widgets.h"

#include "i18n.h"

#include <stdio.h>
#include <string.h>

static Color with_alpha(Color c, uint8_t a)
{
    c.a = a;
    return c;
}

/* ---- widgets ---- */

void focus_ring_at(UI *ui, const Theme *t, Rect r, int radius)
{
    /* two bands, 9:1 or more apart, so one stands out on any colour:
     * the inner one hugs the control, the outer one lies around it */
    int out = theme_px(t, 5), in = theme_px(t, 2);
    ui_outline(ui, (Rect){r.x - out, r.y - out, r.w + 2 * out, r.h + 2 * out},
               t->focus, radius + out, theme_px(t, 3));
    ui_outline(ui, (Rect){r.x - in, r.y - in, r.w + 2 * in, r.h + 2 * in},
               t->focus_inner, radius + in, in);
}

void focus_ring(const View *v, Rect r)
{
    focus_ring_at(v->ui, v->theme, r, v->theme->radius);
}

int button_width(const View *v, const char *label)
{
    return ui_text_width(v->ui, FONT_BOLD, label) + 2 * v->theme->pad + 8;
}

int button_height(const View *v)
{
    return v->ui->line_height[FONT_BOLD] + v->theme->pad;
}

/* A button's size when it may be at most maxw wide: one line when the
 * label fits, else the label wrapped onto as many as it needs. */
static Rect button_rect(const View *v, int x, int y, int maxw,
                        const char *label)
{
    int w = button_width(v, label), h = button_height(v);
    int inner = maxw - 2 * v->theme->pad - 8;
    if (w > maxw && inner > 0) {
        w = maxw;
        h = ui_text_height(v->ui, FONT_BOLD, inner, label) + v->theme->pad;
    }
    return (Rect){x, y, w, h};
}

/* The room a button at x has: to the window's right edge, less a margin. */
static int room_at(const View *v, int x)
{
    int room = v->ui->width - x - v->theme->pad;
    return room > 0 ? room : 1;
}

bool button(const View *v, uint32_t id, int x, int y, const char *label,
            ButtonStyle style)
{
    return button_in(v, id, button_rect(v, x, y, room_at(v, x), label), label,
                     style);
}

bool button_in(const View *v, uint32_t id, Rect r, const char *label,
               ButtonStyle style)
{
    const Theme *t = v->theme;
    UI *ui = v->ui;
    Control c = ui_control(ui, id, r);
    Color bg = style == BUTTON_PRIMARY     ? t->accent
               : style == BUTTON_SECONDARY ? t->surface
                                           : t->surface_alt;
    Color fg = style == BUTTON_PRIMARY ? t->accent_text : t->text;
    if (c.hot && style != BUTTON_PRIMARY)
        bg = t->hover;
    if (c.pressed)
        bg = with_alpha(bg, 200);
    ui_rect(ui, r, bg, t->radius);
    if (style != BUTTON_PRIMARY)
        ui_outline(ui, r, t->border, t->radius, theme_px(t, 1));
    int tw = ui_text_width(ui, FONT_BOLD, label);
    if (r.h > button_height(v)) /* wrapped */
        ui_text(ui, FONT_BOLD, fg, r.x + t->pad + 4, r.y + t->pad / 2,
                r.w - 2 * t->pad - 8, label);
    else
        ui_text_line(ui, FONT_BOLD, fg, r.x + (r.w - tw) / 2,
                     r.y + (r.h - ui->line_height[FONT_BOLD]) / 2, label,
                     (int)strlen(label), id);
    if (c.focused)
        focus_ring(v, r);
    return c.activated;
}

ButtonRow button_row(Column *col)
{
    return (ButtonRow){col, col->x, 0};
}

bool row_button(const View *v, ButtonRow *row, uint32_t id, const char *label,
                ButtonStyle style)
{
    Column *col = row->col;
    int w = button_width(v, label);
    if (row->x > col->x && row->x + w > col->x + col->w) {
        row->x = col->x;
        col->y += row->h + v->theme->gap;
        row->h = 0;
    }
    Rect r = button_rect(v, row->x, col->y, col->x + col->w - row->x, label);
    bool pressed = button_in(v, id, r, label, style);
    row->x += r.w + v->theme->gap;
    if (r.h > row->h)
        row->h = r.h;
    return pressed;
}

void row_end(const View *v, ButtonRow *row)
{
    row->col->y += (row->h ? row->h : button_height(v)) + v->theme->gap;
}

/* A card that is one big control: a choice, a lesson, a unit. */
Control card(const View *v, uint32_t id, Rect r, Color bg, Color edge)
{
    const Theme *t = v->theme;
    Control c = ui_control(v->ui, id, r);
    if (c.hot || c.focused)
        bg = t->hover;
    ui_rect(v->ui, r, bg, t->radius);
    ui_outline(v->ui, r, edge, t->radius, theme_px(t, c.focused ? 2 : 1));
    if (c.focused)
        focus_ring(v, r);
    return c;
}

int heading(const View *v, Column *col, Font f, const char *text)
{
    int h = ui_text(v->ui, f, v->theme->text, col->x, col->y, col->w, text);
    col->y += h + v->theme->gap / 2;
    return h;
}

void paragraph(const View *v, Column *col, Font f, Color c, const char *text)
{
    col->y +=
        ui_text(v->ui, f, c, col->x, col->y, col->w, text) + v->theme->gap;
}

void reading_stop(const View *v, Column *col, Font f, Color c, const char *text)
{
    int y = col->y;
    int h = ui_text(v->ui, f, c, col->x, col->y, col->w, text);
    Rect r = {col->x, y, col->w, h};
    /* focusable so that a new question is where the focus lands: Enter
     * there does nothing, so a second press of the key that moved on
     * cannot choose an answer not yet read */
    if (ui_control(v->ui, ui_id("reading", 0), r).focused)
        focus_ring(v, r);
    col->y += h + v->theme->gap;
}

void picture(const View *v, Column *col, const char *name, const char *alt,
             int max_h)
{
    /* the places are drawn 16:9; never taller than max_h */
    int w = col->w, h = w * 9 / 16;
    if (h > max_h) {
        h = max_h;
        w = h * 16 / 9;
    }
    ui_image(v->ui, (Rect){col->x, col->y, w, h}, name, alt);
    col->y += h + v->theme->gap;
}

void bullets(const View *v, Column *col, const Text *items, int n)
{
    UI *ui = v->ui;
    int indent = ui_text_width(ui, FONT_BODY, "\xE2\x80\xA2") + 12;
    for (int i = 0; i < n; i++) {
        ui_text_line(ui, FONT_BODY, v->theme->accent, col->x, col->y,
                     "\xE2\x80\xA2", 3, 0);
        col->y += ui_text(ui, FONT_BODY, v->theme->text, col->x + indent,
                          col->y, col->w - indent, lesson_tr(&items[i])) +
                  6;
    }
    col->y += v->theme->gap;
}

/* Height of a banner of this text in a column w wide. */
static int banner_height(const View *v, int w, const char *text, bool dismiss)
{
    const Theme *t = v->theme;
    int bw = dismiss ? button_width(v, _("Dismiss")) + t->pad : 0;
    int th = ui_text_height(v->ui, FONT_BODY, w - 2 * t->pad - bw, text);
    return (th > button_height(v) ? th : button_height(v)) + 2 * t->pad;
}

static bool draw_banner(const View *v, Rect r, const char *text,
                        BannerTone tone)
{
    const Theme *t = v->theme;
    UI *ui = v->ui;
    bool dismiss = tone != BANNER_STATIC;
    int pad = t->pad;
    int bw = dismiss ? button_width(v, _("Dismiss")) + pad : 0;
    Result look = tone == BANNER_NOTICE ? RESULT_CORRECT : RESULT_WRONG;
    ui_rect(ui, r, t->result_bg[look], t->radius);
    ui_outline(ui, r, result_color(t, look), t->radius, theme_px(t, 1));
    ui_rect(ui, (Rect){r.x, r.y, 5, r.h}, result_color(t, look), 2);
    ui_text(ui, FONT_BODY, t->text, r.x + pad, r.y + pad, r.w - 2 * pad - bw,
            text);
    return dismiss && button(v, ui_id("dismiss", tone), r.x + r.w - bw,
                             r.y + pad, _("Dismiss"), BUTTON_SECONDARY);
}

bool banner(const View *v, Column *col, const char *text, BannerTone tone)
{
    int h = banner_height(v, col->w, text, tone != BANNER_STATIC);
    bool dismissed =
        draw_banner(v, (Rect){col->x, col->y, col->w, h}, text, tone);
    col->y += h + v->theme->gap;
    return dismissed;
}

int overlay_banner_height(const View *v, const Column *col, const char *text)
{
    return banner_height(v, col->w, text, true) + v->theme->pad;
}

bool overlay_banner(const View *v, const Column *col, const char *text,
                    BannerTone tone)
{
    int h = banner_height(v, col->w, text, true);
    Rect r = {col->x, v->ui->height - h - v->theme->pad, col->w, h};
    return draw_banner(v, r, text, tone);
}

const char *verdict(Result r)
{
    switch (r) {
    case RESULT_CORRECT: return _("Good choice");
    case RESULT_PARTLY: return _("Partly right");
    case RESULT_WRONG: break;
    }
    return _("Not the best choice");
}

const char *art(const View *v, const char *name, char *buf, size_t n)
{
    snprintf(buf, n, "%s%s", name, v->high_contrast ? "-hc" : "");
    return buf;
}

void result_mark(const View *v, Rect r, Result res)
{
    static const char *const names[] = {
        "icons/result-wrong", "icons/result-partly", "icons/result-correct"};
    char buf[64];
    /* the verdict beside it says it in words: decorative */
    ui_image(v->ui, r, art(v, names[res], buf, sizeof buf), "");
}

Color result_color(const Theme *t, Result r)
{
    return r == RESULT_CORRECT  ? t->correct
           : r == RESULT_PARTLY ? t->partly
                                : t->wrong;
}

int choice_cards(const View *v, Column *col, const Choice *const *choices,
                 int n, int chosen, bool answering)
{
    const Theme *t = v->theme;
    UI *ui = v->ui;
    int badge = ui->line_height[FONT_BOLD] + 6;
    int tx = 2 * t->pad + badge;
    int picked = -1;
    for (int i = 0; i < n; i++) {
        const Choice *c = choices[i];
        const char *label = lesson_tr(&c->label);
        int th = ui_text_height(ui, FONT_BODY, col->w - tx - t->pad, label);
        int h = (th > badge ? th : badge) + 2 * t->pad - 4;
        Rect r = {col->x, col->y, col->w, h};
        bool is_chosen = chosen == i;
        Color bg = t->surface, edge = t->border, text = t->text;
        if (!answering && is_chosen) {
            bg = t->result_bg[c->result];
            edge = result_color(t, c->result);
        } else if (!answering) {
            text = t->text_muted;
        }
        if (answering) {
            if (card(v, ui_id("choice", i), r, bg, edge).activated)
                picked = i;
        } else {
            ui_rect(ui, r, bg, t->radius);
            ui_outline(ui, r, edge, t->radius, theme_px(t, is_chosen ? 2 : 1));
        }
        Rect b = {r.x + t->pad, r.y + (h - badge) / 2, badge, badge};
        if (!answering && is_chosen) {
            /* the answer given: its mark, a shape as well as a colour */
            result_mark(v, b, c->result);
            ui_text(ui, FONT_BODY, text, r.x + tx, r.y + (h - th) / 2,
                    col->w - tx - t->pad, label);
            col->y += h + 10;
            continue;
        }
        bool lit = answering || is_chosen;
        if (lit)
            ui_rect(ui, b, t->accent, badge / 2);
        else
            ui_outline(ui, b, t->text_muted, badge / 2, theme_px(t, 1));
        char num[16];
        snprintf(num, sizeof num, "%d", i + 1);
        int nw = ui_text_width(ui, FONT_BOLD, num);
        ui_text_line(ui, FONT_BOLD, lit ? t->accent_text : t->text_muted,
                     b.x + (badge - nw) / 2, b.y + 3, num, 1, 0);
        ui_text(ui, FONT_BODY, text, r.x + tx, r.y + (h - th) / 2,
                col->w - tx - t->pad, label);
        col->y += h + 10;
    }
    col->y += t->gap;
    for (int i = 0; answering && i < n && i < 9; i++)
        if (ui_key(ui, (Key)(KEY_DIGIT_1 + i)))
            picked = i;
    return picked;
}

void feedback_panel(const View *v, Column *col, const Feedback *f)
{
    const Theme *t = v->theme;
    UI *ui = v->ui;
    Color accent = result_color(t, f->result);
    const char *says = verdict(f->result);
    int inner = col->w - 2 * t->pad - 6;
    int x = col->x + t->pad + 6;
    /* the parts in reading order, each with its font and colour */
    const struct {
        const char *text;
        Font font;
        Color color;
    } parts[] = {
        {f->why, FONT_BODY, t->text},
        {f->better, FONT_BODY, f->why && *f->why ? t->text_muted : t->text},
        {f->changes, FONT_SMALL, t->text_muted},
    };
    int mark = ui->line_height[FONT_HEADING];
    int h = t->pad + mark + 6 + t->pad;
    int n = 0;
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        if (parts[i].text && *parts[i].text)
            h += (n++ ? t->gap / 2 : 0) +
                 ui_text_height(ui, parts[i].font, inner, parts[i].text);
    Rect r = {col->x, col->y, col->w, h};
    ui_rect(ui, r, t->surface, t->radius);
    ui_outline(ui, r, accent, t->radius, theme_px(t, 1));
    ui_rect(ui, (Rect){r.x, r.y, 6, r.h}, accent, 3);
    int y = r.y + t->pad;
    result_mark(v, (Rect){x, y, mark, mark}, f->result);
    ui_text_line(ui, FONT_HEADING, accent, x + mark + 8, y, says,
                 (int)strlen(says), ui_id("verdict", 0));
    y += mark + 6;
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        if (parts[i].text && *parts[i].text)
            y += ui_text(ui, parts[i].font, parts[i].color, x, y, inner,
                         parts[i].text) +
                 t->gap / 2;
    col->y += h + t->gap;
}

void level_bar(const View *v, Column *col, const char *label, int value,
               Color fill)
{
    const Theme *t = v->theme;
    UI *ui = v->ui;
    char text[160];
    if (value < 0)
        snprintf(text, sizeof text, _("%s: not asked yet"), label);
    else
        /* TRANSLATORS: a topic or lesson and a percentage */
        snprintf(text, sizeof text, _("%s: %d %%"), label, value);
    col->y += ui_text(ui, FONT_BODY, t->text, col->x, col->y, col->w, text) + 4;
    Rect track = {col->x, col->y, col->w, 10};
    ui_rect(ui, track, t->meter_track, 5);
    if (value > 0)
        ui_rect(ui, (Rect){track.x, track.y, track.w * value / 100, 10}, fill,
                5);
    col->y += 10 + t->gap;
}

/* Length of the UTF-8 character that ends at s[len - 1]. */
static size_t last_char_len(const char *s, size_t len)
{
    size_t n = 1;
    while (n < len && ((unsigned char)s[len - n] & 0xC0) == 0x80)
        n++;
    return n;
}

bool text_field(const View *v, uint32_t id, Rect r, char *buf, size_t cap,
                bool masked)
{
    const Theme *t = v->theme;
    UI *ui = v->ui;
    Control c = ui_control(ui, id, r);
    bool submit = c.activated && ui->in.key == KEY_ENTER;
    size_t len = strlen(buf);
    if (c.focused) {
        size_t add = strlen(ui->in.text);
        if (add && len + add < cap) {
            memcpy(buf + len, ui->in.text, add + 1);
            len += add;
        }
        ui->in.text[0] = '\0'; /* typed into this field, not another */
        if (ui_key(ui, KEY_BACKSPACE) && len) {
            len -= last_char_len(buf, len);
            buf[len] = '\0';
        }
    }
    ui_rect(ui, r, t->surface, t->radius / 2);
    ui_outline(ui, r, c.focused ? t->accent : t->border, t->radius / 2,
               theme_px(t, c.focused ? 2 : 1));
    char shown[1024]; /* bullets, or the text */
    size_t n = 0;
    for (size_t i = 0; i < len && n + 4 < sizeof shown; i++) {
        if (masked && ((unsigned char)buf[i] & 0xC0) != 0x80) {
            memcpy(shown + n, "\xE2\x80\xA2", 3); /* a bullet */
            n += 3;
        } else if (!masked) {
            shown[n++] = buf[i];
        }
    }
    shown[n] = '\0';
    /* the end of what was typed stays in sight */
    int inner = r.w - 2 * t->pad / 2 - 4;
    const char *from = shown;
    while (*from && ui_text_width(ui, FONT_BODY, from) > inner) {
        from++;
        while (((unsigned char)*from & 0xC0) == 0x80)
            from++;
    }
    int ty = r.y + (r.h - ui->line_height[FONT_BODY]) / 2;
    int tw = ui_text_line(ui, FONT_BODY, t->text, r.x + t->pad / 2, ty, from,
                          (int)strlen(from), id);
    if (c.focused) {
        ui_rect(ui,
                (Rect){r.x + t->pad / 2 + tw + 1, ty + 2, 2,
                       ui->line_height[FONT_BODY] - 4},
                t->text, 0);
        focus_ring(v, r);
    }
    return submit;
}

void fit_text(const View *v, Font f, const char *text, int w, char *buf,
              size_t n)
{
    snprintf(buf, n, "%s", text);
    size_t len = strlen(buf);
    if (ui_text_width(v->ui, f, buf) <= w)
        return;
    /* cut whole characters until the text and the ellipsis fit */
    while (len > 0) {
        len -= last_char_len(buf, len);
        if (len + 4 > n)
            continue;
        memcpy(buf + len, "\xE2\x80\xA6", 4);
        if (ui_text_width(v->ui, f, buf) <= w)
            return;
    }
    buf[0] = '\0';
}
