/*
 * screens.c - what each screen shows and which action each control takes,
 * drawn every frame (see app.h). Layout is a single centred column that
 * scrolls below a fixed top bar; widths come from the window, so resizing
 * reflows the text.
 */
#include "app.h"

#include "i18n.h"

#include <stdio.h>
#include <string.h>

typedef struct Column {
    int x, w; /* the text column */
    int y;    /* where the next block goes (content coordinates) */
} Column;

static Color with_alpha(Color c, uint8_t a)
{
    c.a = a;
    return c;
}

/* ---- widgets ---- */

static void focus_ring(App *app, Rect r)
{
    const Theme *t = app->theme;
    ui_outline(&app->ui, (Rect){r.x - 4, r.y - 4, r.w + 8, r.h + 8}, t->focus,
               t->radius + 4, 3);
}

typedef enum { BUTTON_PRIMARY, BUTTON_SECONDARY, BUTTON_QUIET } ButtonStyle;

static int button_width(App *app, const char *label)
{
    return ui_text_width(&app->ui, FONT_BOLD, label) + 2 * app->theme->pad + 8;
}

static int button_height(App *app)
{
    return app->ui.line_height[FONT_BOLD] + app->theme->pad;
}

static bool button(App *app, uint32_t id, int x, int y, const char *label,
                   ButtonStyle style)
{
    const Theme *t = app->theme;
    UI *ui = &app->ui;
    Rect r = {x, y, button_width(app, label), button_height(app)};
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
        ui_outline(ui, r, t->border, t->radius, 1);
    int tw = ui_text_width(ui, FONT_BOLD, label);
    ui_text_line(ui, FONT_BOLD, fg, r.x + (r.w - tw) / 2,
                 r.y + (r.h - ui->line_height[FONT_BOLD]) / 2, label,
                 (int)strlen(label), id);
    if (c.focused)
        focus_ring(app, r);
    return c.activated;
}

/* A card that is one big control: a choice, a lesson, a unit. */
static Control card(App *app, uint32_t id, Rect r, Color bg, Color edge)
{
    const Theme *t = app->theme;
    Control c = ui_control(&app->ui, id, r);
    if (c.hot || c.focused)
        bg = t->hover;
    ui_rect(&app->ui, r, bg, t->radius);
    ui_outline(&app->ui, r, edge, t->radius, c.focused ? 2 : 1);
    if (c.focused)
        focus_ring(app, r);
    return c;
}

static int heading(App *app, Column *col, Font f, const char *text)
{
    int h =
        ui_text(&app->ui, f, app->theme->text, col->x, col->y, col->w, text);
    col->y += h + app->theme->gap / 2;
    return h;
}

static void paragraph(App *app, Column *col, Font f, Color c, const char *text)
{
    col->y +=
        ui_text(&app->ui, f, c, col->x, col->y, col->w, text) + app->theme->gap;
}

static void bullets(App *app, Column *col, const Text *items, int n)
{
    UI *ui = &app->ui;
    int indent = ui_text_width(ui, FONT_BODY, "\xE2\x80\xA2") + 12;
    for (int i = 0; i < n; i++) {
        ui_text_line(ui, FONT_BODY, app->theme->accent, col->x, col->y,
                     "\xE2\x80\xA2", 3, 0);
        col->y += ui_text(ui, FONT_BODY, app->theme->text, col->x + indent,
                          col->y, col->w - indent, lesson_tr(&items[i])) +
                  6;
    }
    col->y += app->theme->gap;
}

/* A banner for a problem the user should know about. */
static void banner(App *app, Column *col, const char *text, bool dismiss)
{
    const Theme *t = app->theme;
    UI *ui = &app->ui;
    int pad = t->pad;
    int bw = dismiss ? button_width(app, _("Dismiss")) + pad : 0;
    int th = ui_text_height(ui, FONT_BODY, col->w - 2 * pad - bw, text);
    int h = (th > button_height(app) ? th : button_height(app)) + 2 * pad;
    Rect r = {col->x, col->y, col->w, h};
    ui_rect(ui, r, t->result_bg[RESULT_WRONG], t->radius);
    ui_rect(ui, (Rect){r.x, r.y, 5, r.h}, t->wrong, 2);
    ui_text(ui, FONT_BODY, t->text, r.x + pad, r.y + pad, col->w - 2 * pad - bw,
            text);
    if (dismiss && button(app, ui_id("dismiss", 0), r.x + r.w - bw, r.y + pad,
                          _("Dismiss"), BUTTON_SECONDARY))
        app->error[0] = '\0';
    col->y += h + t->gap;
}

/* ---- the frame around every screen ---- */

/* The top bar: the name, then the language and contrast buttons at the
 * right. The buttons are drawn after the page so they come last in Tab
 * order; the name gives way when the window is too narrow for both. */
typedef struct TopBar {
    int h;
    const char *next_lang, *lang_label, *contrast_label;
    int lang_x, contrast_x, y;
} TopBar;

static TopBar top_bar(App *app)
{
    const Theme *t = app->theme;
    UI *ui = &app->ui;
    TopBar b;
    b.h = button_height(app) + t->pad;
    b.y = (b.h - button_height(app)) / 2;
    b.next_lang = i18n_next_language();
    b.lang_label = i18n_language_name(b.next_lang);
    b.contrast_label =
        app->high_contrast ? _("Standard colours") : _("High contrast");
    b.contrast_x = ui->width - t->pad - button_width(app, b.contrast_label);
    b.lang_x = b.contrast_x - t->gap / 2 - button_width(app, b.lang_label);
    ui_rect(ui, (Rect){0, 0, ui->width, b.h}, t->surface_alt, 0);
    ui_rect(ui, (Rect){0, b.h - 1, ui->width, 1}, t->border, 0);
    if (t->pad + ui_text_width(ui, FONT_HEADING, "Vaksam") + t->gap < b.lang_x)
        ui_text_line(ui, FONT_HEADING, t->accent, t->pad,
                     (b.h - ui->line_height[FONT_HEADING]) / 2, "Vaksam", 6,
                     0);
    return b;
}

static void top_bar_buttons(App *app, const TopBar *b)
{
    if (button(app, ui_id("contrast", 0), b->contrast_x, b->y,
               b->contrast_label, BUTTON_QUIET))
        app_toggle_contrast(app);
    if (strcmp(b->next_lang, i18n_language()) != 0 &&
        button(app, ui_id("language", 0), b->lang_x, b->y, b->lang_label,
               BUTTON_QUIET))
        app_next_language(app);
}

static Column column(App *app)
{
    const Theme *t = app->theme;
    int margin = app->ui.width < 700 ? t->pad : 3 * t->pad;
    int w = app->ui.width - 2 * margin;
    if (w > t->max_content * app->zoom / 100)
        w = t->max_content * app->zoom / 100;
    return (Column){(app->ui.width - w) / 2, w, t->gap * 2};
}

/* ---- sign-in ---- */

static void screen_signin(App *app, Column *col)
{
    const Theme *t = app->theme;
    UI *ui = &app->ui;
    heading(app, col, FONT_TITLE, _("Welcome to Vaksam"));
    char intro[512];
    snprintf(intro, sizeof intro,
             _("Vaksam trains information security awareness through "
               "scenarios from an organisation's everyday life. You are "
               "signed in as %s. Choose your unit and your role; you can "
               "change them later."),
             app->cfg.login);
    paragraph(app, col, FONT_BODY, t->text_muted, intro);

    heading(app, col, FONT_HEADING, _("Your unit"));
    int lh = ui->line_height[FONT_BODY];
    for (int i = 0; i < app->nunits; i++) {
        int indent = app->units[i].depth * 28;
        Rect r = {col->x + indent, col->y, col->w - indent, lh + t->pad};
        bool picked = app->pick_unit == i;
        Control c = card(app, ui_id("unit", i), r,
                         picked ? t->result_bg[RESULT_CORRECT] : t->surface,
                         picked ? t->accent : t->border);
        if (c.activated)
            app->pick_unit = i;
        int dot = lh * 3 / 4;
        Rect d = {r.x + t->pad, r.y + (r.h - dot) / 2, dot, dot};
        ui_outline(ui, d, t->accent, dot / 2, 2);
        if (picked)
            ui_rect(ui, (Rect){d.x + 4, d.y + 4, dot - 8, dot - 8}, t->accent,
                    dot / 2);
        ui_text_line(ui, picked ? FONT_BOLD : FONT_BODY, t->text,
                     r.x + 2 * t->pad + dot, r.y + t->pad / 2,
                     app->units[i].name, (int)strlen(app->units[i].name),
                     ui_id("unit", i));
        col->y += r.h + 6;
    }
    col->y += t->gap;

    heading(app, col, FONT_HEADING, _("Your role"));
    int x = col->x;
    for (int r = 0; r < ROLE_COUNT; r++) {
        const char *label = role_label((Role)r);
        bool picked = app->pick_role == r;
        if (button(app, ui_id("role", r), x, col->y, label,
                   picked ? BUTTON_PRIMARY : BUTTON_SECONDARY))
            app->pick_role = r;
        x += button_width(app, label) + t->gap;
    }
    col->y += button_height(app) + 2 * t->gap;

    bool ready = app->pick_unit >= 0 && app->pick_role >= 0;
    if (button(app, ui_id("start", 0), col->x, col->y, _("Start"),
               ready ? BUTTON_PRIMARY : BUTTON_QUIET)) {
        if (ready)
            app_sign_in(app);
        else
            snprintf(app->error, sizeof app->error, "%s",
                     _("Choose your unit and your role first."));
    }
    col->y += button_height(app) + t->gap;
}

/* ---- home: the course ---- */

static const char *unit_name(App *app, long long id)
{
    for (int i = 0; i < app->nunits; i++)
        if (app->units[i].id == id)
            return app->units[i].name;
    return "";
}

static void status_pill(App *app, Rect card_r, const HomeEntry *e)
{
    const Theme *t = app->theme;
    UI *ui = &app->ui;
    char label[64];
    Color fg = t->text_muted;
    switch (e->state) {
    case LESSON_NOT_STARTED:
        snprintf(label, sizeof label, "%s", _("Not started"));
        break;
    case LESSON_IN_PROGRESS:
        snprintf(label, sizeof label, "%s", _("In progress"));
        fg = t->accent;
        break;
    case LESSON_DONE:
        snprintf(label, sizeof label, _("Done: %d %%"), e->score);
        fg = t->correct;
        break;
    }
    int w = ui_text_width(ui, FONT_SMALL, label) + t->pad;
    int h = ui->line_height[FONT_SMALL] + 6;
    Rect r = {card_r.x + card_r.w - w - t->pad, card_r.y + t->pad, w, h};
    ui_outline(ui, r, fg, h / 2, 1);
    ui_text_line(ui, FONT_SMALL, fg, r.x + t->pad / 2, r.y + 3, label,
                 (int)strlen(label), 0);
}

static void screen_home(App *app, Column *col)
{
    const Theme *t = app->theme;
    UI *ui = &app->ui;
    heading(app, col, FONT_TITLE, _("Leadership course"));
    char who[512];
    snprintf(who, sizeof who, "%s \xC2\xB7 %s \xC2\xB7 %s", app->learner.login,
             unit_name(app, app->learner.unit_id),
             role_label(app->learner.role));
    paragraph(app, col, FONT_BODY, t->text_muted, who);
    if (app->problems.count) {
        char msg[1024];
        snprintf(msg, sizeof msg,
                 _("Problems in the lesson files: %d. Lessons with problems "
                   "are left out; run 'vaksam check-lessons' to see them all. "
                   "The first problem: %s"),
                 app->problems.count, app->problems.items[0]);
        banner(app, col, msg, false);
    }
    if (app->lessons.count == 0)
        paragraph(app, col, FONT_BODY, t->text,
                  _("No lessons were found. Check the lessons folder."));
    for (int i = 0; i < app->lessons.count; i++) {
        const Lesson *l = app->lessons.items[i];
        int pill = ui_text_width(ui, FONT_SMALL, _("Not started")) + 3 * t->pad;
        int num = ui->line_height[FONT_HEADING] + 8;
        int tx = t->pad * 2 + num, tw = col->w - tx - t->pad;
        int title_w = tw - pill;
        int h = t->pad +
                ui_text_height(ui, FONT_BOLD, title_w, lesson_tr(&l->title)) +
                4 +
                ui_text_height(ui, FONT_BODY, tw, lesson_tr(&l->description)) +
                t->pad;
        if (h < num + 2 * t->pad)
            h = num + 2 * t->pad;
        Rect r = {col->x, col->y, col->w, h};
        Control c = card(app, ui_id("lesson", i), r, t->surface, t->border);
        if (c.activated)
            app_open_lesson(app, i);
        Rect circle = {r.x + t->pad, r.y + t->pad, num, num};
        bool done = app->home && app->home[i].state == LESSON_DONE;
        ui_rect(ui, circle, done ? t->correct : t->accent, num / 2);
        char n[16];
        snprintf(n, sizeof n, "%d", i + 1);
        int nw = ui_text_width(ui, FONT_HEADING, n);
        ui_text_line(ui, FONT_HEADING, t->accent_text,
                     circle.x + (num - nw) / 2, circle.y + 4, n, (int)strlen(n),
                     0);
        int y = r.y + t->pad;
        y += ui_text(ui, FONT_BOLD, t->text, r.x + tx, y, title_w,
                     lesson_tr(&l->title)) +
             4;
        ui_text(ui, FONT_BODY, t->text_muted, r.x + tx, y, tw,
                lesson_tr(&l->description));
        if (app->home)
            status_pill(app, r, &app->home[i]);
        col->y += h + t->gap;
    }
    col->y += t->gap;
    int x = col->x;
    if (button(app, ui_id("profile", 0), x, col->y, _("Change unit or role"),
               BUTTON_SECONDARY))
        app_edit_profile(app);
    x += button_width(app, _("Change unit or role")) + t->gap;
    if (button(app, ui_id("quit", 0), x, col->y, _("Quit"), BUTTON_SECONDARY))
        app->quit = true;
    col->y += button_height(app) + t->gap;
}

/* ---- the lesson player ---- */

static void meters(App *app, Column *col, const Player *p, bool deltas)
{
    const Theme *t = app->theme;
    UI *ui = &app->ui;
    int per_row = col->w >= 560 ? METER_COUNT : 2;
    int gap = t->gap;
    int w = (col->w - gap * (per_row - 1)) / per_row;
    int lh = ui->line_height[FONT_SMALL];
    int row_h = lh + 14;
    for (int m = 0; m < METER_COUNT; m++) {
        int x = col->x + (m % per_row) * (w + gap);
        int y = col->y + (m / per_row) * (row_h + 8);
        char label[96];
        int d = p->last_delta[m];
        if (deltas && d)
            snprintf(label, sizeof label, "%s %d (%+d)", meter_label((Meter)m),
                     p->meters[m], d);
        else
            snprintf(label, sizeof label, "%s %d", meter_label((Meter)m),
                     p->meters[m]);
        Color lc =
            deltas && d ? (d > 0 ? t->correct : t->wrong) : t->text_muted;
        ui_text_line(ui, FONT_SMALL, lc, x, y, label, (int)strlen(label), 0);
        Rect track = {x, y + lh + 4, w, 8};
        ui_rect(ui, track, t->meter_track, 4);
        int fill = track.w * p->meters[m] / METER_MAX;
        if (fill > 0)
            ui_rect(ui, (Rect){x, track.y, fill, 8}, t->meter[m], 4);
    }
    int rows = (METER_COUNT + per_row - 1) / per_row;
    col->y += rows * (row_h + 8) + t->gap;
}

static const char *verdict(Result r)
{
    switch (r) {
    case RESULT_CORRECT: return _("Good choice");
    case RESULT_PARTLY: return _("Partly right");
    case RESULT_WRONG: break;
    }
    return _("Not the best choice");
}

static void choices(App *app, Column *col, const Scene *s, const Player *p)
{
    const Theme *t = app->theme;
    UI *ui = &app->ui;
    bool answering = p->phase == PLAYER_SCENE;
    int badge = ui->line_height[FONT_BOLD] + 6;
    int tx = 2 * t->pad + badge;
    for (int i = 0; i < s->nchoices; i++) {
        const Choice *c = &s->choices[i];
        const char *label = lesson_tr(&c->label);
        int th = ui_text_height(ui, FONT_BODY, col->w - tx - t->pad, label);
        int h = (th > badge ? th : badge) + 2 * t->pad - 4;
        Rect r = {col->x, col->y, col->w, h};
        bool chosen = p->chosen == i;
        Color bg = t->surface, edge = t->border, text = t->text;
        if (!answering) {
            if (chosen) {
                bg = t->result_bg[c->result];
                edge = c->result == RESULT_CORRECT  ? t->correct
                       : c->result == RESULT_PARTLY ? t->partly
                                                    : t->wrong;
            } else {
                text = t->text_muted;
            }
        }
        if (answering) {
            Control ctl = card(app, ui_id("choice", i), r, bg, edge);
            if (ctl.activated)
                app_choose(app, i);
        } else {
            ui_rect(ui, r, bg, t->radius);
            ui_outline(ui, r, edge, t->radius, chosen ? 2 : 1);
        }
        Rect b = {r.x + t->pad, r.y + (h - badge) / 2, badge, badge};
        bool lit = answering || chosen;
        if (lit)
            ui_rect(ui, b, t->accent, badge / 2);
        else
            ui_outline(ui, b, t->text_muted, badge / 2, 1);
        char n[16];
        snprintf(n, sizeof n, "%d", i + 1);
        int nw = ui_text_width(ui, FONT_BOLD, n);
        ui_text_line(ui, FONT_BOLD, lit ? t->accent_text : t->text_muted,
                     b.x + (badge - nw) / 2, b.y + 3, n, 1, 0);
        ui_text(ui, FONT_BODY, text, r.x + tx, r.y + (h - th) / 2,
                col->w - tx - t->pad, label);
        col->y += h + 10;
    }
    col->y += t->gap;
    if (answering)
        for (int i = 0; i < s->nchoices && i < 9; i++)
            if (ui_key(ui, (Key)(KEY_DIGIT_1 + i)))
                app_choose(app, i);
}

static void feedback(App *app, Column *col, const Scene *s, const Player *p)
{
    const Theme *t = app->theme;
    UI *ui = &app->ui;
    const Choice *c = &s->choices[p->chosen];
    Color accent = c->result == RESULT_CORRECT  ? t->correct
                   : c->result == RESULT_PARTLY ? t->partly
                                                : t->wrong;
    const char *why = lesson_tr(&c->feedback);
    int inner = col->w - 2 * t->pad - 6;
    int h = t->pad + ui->line_height[FONT_HEADING] + 6 +
            ui_text_height(ui, FONT_BODY, inner, why) + t->pad;
    Rect r = {col->x, col->y, col->w, h};
    ui_rect(ui, r, t->surface, t->radius);
    ui_outline(ui, r, accent, t->radius, 1);
    ui_rect(ui, (Rect){r.x, r.y, 6, r.h}, accent, 3);
    int y = r.y + t->pad;
    ui_text_line(ui, FONT_HEADING, accent, r.x + t->pad + 6, y,
                 verdict(c->result), (int)strlen(verdict(c->result)),
                 ui_id("verdict", 0));
    y += ui->line_height[FONT_HEADING] + 6;
    ui_text(ui, FONT_BODY, t->text, r.x + t->pad + 6, y, inner, why);
    col->y += h + t->gap;
}

static void summary(App *app, Column *col, const Lesson *l, const Player *p)
{
    const Theme *t = app->theme;
    heading(app, col, FONT_TITLE, _("Lesson complete"));
    char score[128];
    snprintf(score, sizeof score, _("Your score: %d %%"), player_score(p));
    heading(app, col, FONT_HEADING, score);
    col->y += t->gap / 2;
    meters(app, col, p, false);
    paragraph(app, col, FONT_BODY, t->text, lesson_tr(&l->summary));
    if (l->npoints) {
        heading(app, col, FONT_HEADING, _("Key points"));
        bullets(app, col, l->points, l->npoints);
    }
    if (l->nasks) {
        heading(app, col, FONT_HEADING, _("Ask your CISO"));
        bullets(app, col, l->asks, l->nasks);
    }
    if (button(app, ui_id("continue", 0), col->x, col->y,
               _("Back to the course"), BUTTON_PRIMARY))
        app_go_home(app);
    col->y += button_height(app) + t->gap;
}

static void screen_lesson(App *app, Column *col)
{
    const Theme *t = app->theme;
    UI *ui = &app->ui;
    const Player *p = &app->session.player;
    const Lesson *l = p->lesson;
    if (p->phase == PLAYER_SUMMARY) {
        summary(app, col, l, p);
        return;
    }
    const Scene *s = player_scene(p);
    char where[256];
    snprintf(where, sizeof where, "%s", lesson_tr(&l->title));
    ui_text(ui, FONT_SMALL, t->text_muted, col->x, col->y, col->w, where);
    col->y += ui->line_height[FONT_SMALL] + t->gap;
    meters(app, col, p, p->phase == PLAYER_FEEDBACK);
    if (s->title.src)
        heading(app, col, FONT_HEADING, lesson_tr(&s->title));
    paragraph(app, col, FONT_BODY, t->text, lesson_tr(&s->text));
    if (s->nchoices)
        choices(app, col, s, p);
    if (p->phase == PLAYER_FEEDBACK)
        feedback(app, col, s, p);
    if (p->phase == PLAYER_FEEDBACK || s->nchoices == 0) {
        if (button(app, ui_id("continue", 0), col->x, col->y, _("Continue"),
                   BUTTON_PRIMARY))
            app_continue(app);
        col->y += button_height(app) + t->gap;
    }
    ui_text(ui, FONT_SMALL, t->text_muted, col->x, col->y, col->w,
            s->nchoices && p->phase == PLAYER_SCENE
                ? _("Choose with the number keys, or Tab and Enter. Esc "
                    "returns to the course; your progress is saved.")
                : _("Esc returns to the course; your progress is saved."));
    col->y += ui->line_height[FONT_SMALL] * 2 + t->gap;
}

/* ---- the error screen ---- */

static void screen_error(App *app, Column *col)
{
    heading(app, col, FONT_TITLE, _("Vaksam cannot start"));
    banner(app, col, app->error, false);
    paragraph(app, col, FONT_BODY, app->theme->text_muted,
              _("Nothing was changed. Fix the problem above and start "
                "Vaksam again."));
    if (button(app, ui_id("quit", 0), col->x, col->y, _("Quit"),
               BUTTON_PRIMARY))
        app->quit = true;
    col->y += button_height(app);
}

void screens_draw(App *app)
{
    UI *ui = &app->ui;
    TopBar bar = top_bar(app);
    Column col = column(app);
    ui_scroll_begin(ui, (Rect){0, bar.h, ui->width, ui->height - bar.h});
    if (app->error[0] && app->screen != SCREEN_ERROR)
        banner(app, &col, app->error, true);
    Screen before = app->screen;
    switch (app->screen) {
    case SCREEN_ERROR: screen_error(app, &col); break;
    case SCREEN_SIGNIN: screen_signin(app, &col); break;
    case SCREEN_HOME: screen_home(app, &col); break;
    case SCREEN_LESSON:
        if (before == SCREEN_LESSON && ui_key(ui, KEY_ESCAPE)) {
            app_go_home(app);
            break;
        }
        screen_lesson(app, &col);
        break;
    }
    ui_scroll_end(ui, col.y + app->theme->gap);
    top_bar_buttons(app, &bar);
    if (app->screen == SCREEN_SIGNIN && app->signed_in &&
        ui_key(ui, KEY_ESCAPE))
        app_go_home(app);
}
