/*
 * screens.c - what each screen shows and which action each control takes,
 * drawn every frame (see app.h). Layout is a single centred column that
 * scrolls below a fixed top bar; widths come from the window, so resizing
 * reflows the text.
 */
#include "screens.h"

#include "i18n.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* ---- the frame around every screen ---- */

/* The top bar: the name, then the language and contrast buttons at the
 * right. The buttons are drawn after the page so they come last in Tab
 * order; the name gives way when the window is too narrow for both. */
typedef struct TopBar {
    int h;
    const char *next_lang, *lang_label, *contrast_label;
    int lang_x, contrast_x, lang_y, contrast_y;
} TopBar;

/* "Offline: 3 answers are kept here until the server is back", or
 * nothing (false) when nothing waits. */
static bool queue_line(App *app, char *out, size_t n)
{
    StoreQueueStatus st;
    VkError err;
    if (!app->store || store_queue_status(app->store, &st, &err) < 0 ||
        !st.relayed || (st.reachable && st.waiting == 0))
        return false;
    if (!st.reachable)
        snprintf(out, n,
                 ngettext("Offline: %d answer is kept here until the server "
                          "is back",
                          "Offline: %d answers are kept here until the "
                          "server is back",
                          (unsigned long)st.waiting),
                 st.waiting);
    else
        snprintf(out, n,
                 ngettext("%d answer is waiting to be sent",
                          "%d answers are waiting to be sent",
                          (unsigned long)st.waiting),
                 st.waiting);
    return true;
}

static TopBar top_bar(App *app)
{
    const Theme *t = app->view.theme;
    UI *ui = &app->ui;
    TopBar b;
    int bh = button_height(&app->view);
    b.h = bh + t->pad;
    b.lang_y = b.contrast_y = (b.h - bh) / 2;
    b.next_lang = i18n_next_language();
    b.lang_label = i18n_language_name(b.next_lang);
    b.contrast_label =
        app->view.high_contrast ? _("Standard colours") : _("High contrast");
    b.contrast_x =
        ui->width - t->pad - button_width(&app->view, b.contrast_label);
    b.lang_x =
        b.contrast_x - t->gap / 2 - button_width(&app->view, b.lang_label);
    if (b.lang_x < t->pad) {
        /* too narrow for both on one line (large text, a small window):
         * one above the other, rather than one cut off */
        b.lang_x = b.contrast_x = t->pad;
        b.contrast_y = b.lang_y + bh + t->pad / 2;
        b.h = b.contrast_y + bh + t->pad / 2;
    }
    ui_rect(ui, (Rect){0, 0, ui->width, b.h}, t->surface_alt, 0);
    ui_rect(ui, (Rect){0, b.h - 1, ui->width, 1}, t->border, 0);
    int x = t->pad;
    if (x + ui_text_width(ui, FONT_HEADING, "Vaksam") + t->gap < b.lang_x)
        x += ui_text_line(ui, FONT_HEADING, t->accent, x,
                          (b.h - ui->line_height[FONT_HEADING]) / 2, "Vaksam",
                          6, 0) +
             t->gap;
    /* a quiet line while answers wait for the organisation's server */
    char line[128];
    if (queue_line(app, line, sizeof line) &&
        x + ui_text_width(ui, FONT_SMALL, line) + t->gap < b.lang_x)
        ui_text_line(ui, FONT_SMALL, t->text_muted, x,
                     (b.h - ui->line_height[FONT_SMALL]) / 2, line,
                     (int)strlen(line), 0);
    return b;
}

/* In reading order: the language, then the colours. */
static void top_bar_buttons(App *app, const TopBar *b)
{
    if (strcmp(b->next_lang, i18n_language()) != 0 &&
        button(&app->view, ui_id("language", 0), b->lang_x, b->lang_y,
               b->lang_label, BUTTON_QUIET))
        app_next_language(app);
    if (button(&app->view, ui_id("contrast", 0), b->contrast_x, b->contrast_y,
               b->contrast_label, BUTTON_QUIET))
        app_toggle_contrast(app);
}

static Column column(App *app)
{
    const Theme *t = app->view.theme;
    int margin = app->ui.width < dp(&app->view, 700) ? t->pad : 3 * t->pad;
    int w = app->ui.width - 2 * margin;
    /* the dashboard's charts sit side by side where there is room */
    int max = app->screen == SCREEN_DASHBOARD ? t->max_wide : t->max_content;
    if (w > max * app->view.zoom / 100)
        w = max * app->view.zoom / 100;
    return (Column){(app->ui.width - w) / 2, w, t->gap * 2};
}

/* ---- sign-in ---- */

enum { UNIT_FIND_FROM = 8 }; /* units from which the list can be searched */

/* The units to choose from, as a tree; in a long list, a field above it
 * narrows it to the units whose name holds what is typed (Enter picks the
 * first). */
static void unit_picker(App *app, Column *col)
{
    const Theme *t = app->view.theme;
    UI *ui = &app->ui;
    heading(&app->view, col, FONT_HEADING, _("Your unit"));
    int lh = ui->line_height[FONT_BODY];
    bool finding = false;
    int first = -1, shown = 0;
    if (app->nunits >= UNIT_FIND_FROM) {
        ui_text(ui, FONT_SMALL, t->text_muted, col->x, col->y, col->w,
                _("Type to find your unit:"));
        col->y += ui->line_height[FONT_SMALL] + 4;
        Rect field = {col->x, col->y, col->w, lh + t->pad};
        bool enter = text_field(&app->view, ui_id("unit-find", 0), field,
                                app->unit_find, sizeof app->unit_find, false);
        col->y += field.h + t->gap / 2;
        finding = app->unit_find[0] != '\0';
        for (int i = 0; i < app->nunits && first < 0; i++)
            if (vk_contains_fold(app->units[i].name, app->unit_find))
                first = i;
        if (enter && finding && first >= 0)
            app->pick_unit = first;
    }
    for (int i = 0; i < app->nunits; i++) {
        if (finding && !vk_contains_fold(app->units[i].name, app->unit_find))
            continue;
        shown++;
        int indent = finding ? 0 : app->units[i].depth * 28;
        int dot = lh * 3 / 4;
        int text_x = 2 * t->pad + dot,
            text_w = col->w - indent - text_x - t->pad;
        bool picked = app->pick_unit == i;
        Font f = picked ? FONT_BOLD : FONT_BODY;
        int th = ui_text_height(ui, f, text_w, app->units[i].name);
        Rect r = {col->x + indent, col->y, col->w - indent, th + t->pad};
        Control c = card(&app->view, ui_id("unit", i), r,
                         picked ? t->result_bg[RESULT_CORRECT] : t->surface,
                         picked ? t->accent : t->border);
        if (c.activated)
            app->pick_unit = i;
        Rect d = {r.x + t->pad, r.y + (lh + t->pad - dot) / 2, dot, dot};
        ui_outline(ui, d, t->accent, dot / 2, theme_px(t, 2));
        if (picked)
            ui_rect(ui, (Rect){d.x + 4, d.y + 4, dot - 8, dot - 8}, t->accent,
                    dot / 2);
        ui_text(ui, f, t->text, r.x + text_x, r.y + t->pad / 2, text_w,
                app->units[i].name);
        col->y += r.h + 6;
    }
    if (finding) {
        char line[128];
        snprintf(
            line, sizeof line,
            ngettext("%d unit matches", "%d units match", (unsigned long)shown),
            shown);
        col->y += ui_text(ui, FONT_SMALL, t->text_muted, col->x, col->y, col->w,
                          line);
    }
    col->y += t->gap;
}

static void screen_signin(App *app, Column *col)
{
    if (app->roster) {
        screen_roster(app, col);
        return;
    }
    const Theme *t = app->view.theme;
    heading(&app->view, col, FONT_TITLE, _("Welcome to Vaksam"));
    char intro[512];
    snprintf(intro, sizeof intro,
             _("Vaksam trains information security awareness through "
               "scenarios from an organisation's everyday life. You are "
               "signed in as %s. Choose your unit and your role; you can "
               "change them later."),
             app->cfg.login);
    paragraph(&app->view, col, FONT_BODY, t->text_muted, intro);
    unit_picker(app, col);

    heading(&app->view, col, FONT_HEADING, _("Your role"));
    ButtonRow roles = button_row(col);
    for (int r = 0; r < ROLE_COUNT; r++) {
        bool picked = app->pick_role == r;
        if (row_button(&app->view, &roles, ui_id("role", r),
                       role_label((Role)r),
                       picked ? BUTTON_PRIMARY : BUTTON_SECONDARY))
            app->pick_role = r;
    }
    row_end(&app->view, &roles);
    col->y += t->gap;

    bool ready = app->pick_unit >= 0 && app->pick_role >= 0;
    ButtonRow row = button_row(col);
    if (row_button(&app->view, &row, ui_id("start", 0), _("Start"),
                   ready ? BUTTON_PRIMARY : BUTTON_QUIET)) {
        if (ready)
            app_sign_in(app);
        else
            snprintf(app->error, sizeof app->error, "%s",
                     _("Choose your unit and your role first."));
    }
    if (row_button(&app->view, &row, ui_id("ciso", 0), _("CISO view"),
                   BUTTON_SECONDARY))
        app_ciso_open(app);
    row_end(&app->view, &row);
}

/* ---- home: the course ---- */

static const char *unit_name(App *app, long long id)
{
    for (int i = 0; i < app->nunits; i++)
        if (app->units[i].id == id)
            return app->units[i].name;
    return "";
}

/* A lesson's (or the quiz's) state as a pill: its label and colour. */
typedef struct Pill {
    char label[64];
    Color color;
} Pill;

static Pill lesson_pill(App *app, const HomeEntry *e)
{
    const Theme *t = app->view.theme;
    Pill p = {"", t->text_muted};
    switch (e->state) {
    case LESSON_NOT_STARTED:
        snprintf(p.label, sizeof p.label, "%s", _("Not started"));
        break;
    case LESSON_IN_PROGRESS:
        snprintf(p.label, sizeof p.label, "%s", _("In progress"));
        p.color = t->accent;
        break;
    case LESSON_DONE: {
        /* how it went, in the band's colour and in words */
        static const char *const bands[] = {N_("worth another try"),
                                            N_("part of the way"), N_("good"),
                                            N_("excellent")};
        ScoreBand b = score_band(e->score);
        /* TRANSLATORS: a lesson's state: its score and how it went */
        snprintf(p.label, sizeof p.label, _("Done: %d %%, %s"), e->score,
                 _(bands[b]));
        p.color = b >= BAND_GOOD      ? t->correct
                  : b == BAND_PARTWAY ? t->partly
                                      : t->wrong;
        break;
    }
    }
    return p;
}

/* A card on the home screen: a badge, a title, a line of description and
 * a state pill. True when opened. */
static bool home_card(App *app, Column *col, uint32_t id, const char *badge,
                      bool badge_done, const char *title, const char *desc,
                      const Pill *pill)
{
    const Theme *t = app->view.theme;
    UI *ui = &app->ui;
    int pill_w = ui_text_width(ui, FONT_SMALL, pill->label) + t->pad;
    int num = ui->line_height[FONT_HEADING] + 8;
    int tx = t->pad * 2 + num, tw = col->w - tx - t->pad;
    int title_w = tw - pill_w - t->pad;
    int h = t->pad + ui_text_height(ui, FONT_BOLD, title_w, title) + 4 +
            ui_text_height(ui, FONT_BODY, tw, desc) + t->pad;
    if (h < num + 2 * t->pad)
        h = num + 2 * t->pad;
    Rect r = {col->x, col->y, col->w, h};
    bool opened = card(&app->view, id, r, t->surface, t->border).activated;
    Rect circle = {r.x + t->pad, r.y + t->pad, num, num};
    ui_rect(ui, circle, badge_done ? t->correct : t->accent, num / 2);
    int nw = ui_text_width(ui, FONT_HEADING, badge);
    ui_text_line(ui, FONT_HEADING, t->accent_text, circle.x + (num - nw) / 2,
                 circle.y + 4, badge, (int)strlen(badge), 0);
    int y = r.y + t->pad;
    y += ui_text(ui, FONT_BOLD, t->text, r.x + tx, y, title_w, title) + 4;
    ui_text(ui, FONT_BODY, t->text_muted, r.x + tx, y, tw, desc);
    int ph = ui->line_height[FONT_SMALL] + 6;
    Rect pr = {r.x + r.w - pill_w - t->pad, r.y + t->pad, pill_w, ph};
    ui_outline(ui, pr, pill->color, ph / 2, theme_px(t, 1));
    ui_text_line(ui, FONT_SMALL, pill->color, pr.x + t->pad / 2, pr.y + 3,
                 pill->label, (int)strlen(pill->label), 0);
    col->y += h + t->gap;
    return opened;
}

static void course_year(App *app, Column *col);

static void course_section(App *app, Column *col)
{
    heading(&app->view, col, FONT_HEADING, _("Leadership course"));
    course_year(app, col);
    if (app->lessons.count == 0)
        paragraph(&app->view, col, FONT_BODY, app->view.theme->text,
                  _("No lessons were found. Check the lessons folder."));
    for (int i = 0; i < app->lessons.count; i++) {
        const Lesson *l = app->lessons.items[i];
        HomeEntry e = app->home ? app->home[i] : (HomeEntry){0};
        Pill p = lesson_pill(app, &e);
        char n[16];
        snprintf(n, sizeof n, "%d", i + 1);
        if (home_card(app, col, ui_id("lesson", i), n, e.state == LESSON_DONE,
                      lesson_tr(&l->title), lesson_tr(&l->description), &p))
            app_open_lesson(app, i);
    }
    col->y += app->view.theme->gap;
}

/* The lesson to go on with: the one under way, else the first not done
 * yet; -1 when every lesson is done. */
static int next_lesson(const App *app)
{
    for (int i = 0; app->home && i < app->lessons.count; i++)
        if (app->home[i].state == LESSON_IN_PROGRESS)
            return i;
    for (int i = 0; app->home && i < app->lessons.count; i++)
        if (app->home[i].state != LESSON_DONE)
            return i;
    return -1;
}

/* The course as a year: each lesson a stage along a line, done (filled, in
 * the colour of how it went, with its mark), under way (a thick ring) or
 * ahead (a thin one), and one button that goes on where the learner is. */
static void course_year(App *app, Column *col)
{
    const Theme *t = app->view.theme;
    UI *ui = &app->ui;
    int n = app->lessons.count;
    if (n == 0 || !app->home)
        return;
    int d = ui->line_height[FONT_BODY] + 8;
    int step = n > 1 ? (col->w - d) / (n - 1) : 0;
    if (step > 4 * d)
        step = 4 * d;
    int cy = col->y + d / 2;
    ui_rect(ui, (Rect){col->x + d / 2, cy - 1, step * (n - 1), 3},
            t->meter_track, 1);
    for (int i = 0; i < n; i++) {
        Rect c = {col->x + i * step, col->y, d, d};
        const HomeEntry *e = &app->home[i];
        if (e->state == LESSON_DONE) {
            ScoreBand b = score_band(e->score);
            result_mark(&app->view, c,
                        b >= BAND_GOOD      ? RESULT_CORRECT
                        : b == BAND_PARTWAY ? RESULT_PARTLY
                                            : RESULT_WRONG);
        } else {
            ui_rect(ui, c, t->background, d / 2);
            ui_outline(ui, c,
                       e->state == LESSON_IN_PROGRESS ? t->accent
                                                      : t->text_muted,
                       d / 2,
                       theme_px(t, e->state == LESSON_IN_PROGRESS ? 4 : 1));
        }
    }
    col->y += d + t->gap;
    int done = 0;
    for (int i = 0; i < n; i++)
        done += app->home[i].state == LESSON_DONE;
    char line[160];
    snprintf(line, sizeof line, _("%d of %d lessons done"), done, n);
    paragraph(&app->view, col, FONT_SMALL, t->text_muted, line);
    int next = next_lesson(app);
    if (next < 0)
        return;
    char label[320];
    snprintf(label, sizeof label, _("Continue: %s"),
             lesson_tr(&app->lessons.items[next]->title));
    ButtonRow row = button_row(col);
    if (row_button(&app->view, &row, ui_id("go-on", 0), label, BUTTON_PRIMARY))
        app_open_lesson(app, next);
    row_end(&app->view, &row);
}

/* The quiz card's line: the streak and the topic to practise. */
static void quiz_line(const App *app, char *out, size_t n)
{
    int weakest = -1;
    for (int tp = 0; tp < TOPIC_COUNT; tp++)
        if (app->levels.level[tp] >= 0 &&
            (weakest < 0 || app->levels.level[tp] < app->levels.level[weakest]))
            weakest = tp;
    int streak = quiz_streak_weeks(app->history, app->nhistory,
                                   (long)(time(NULL) / 86400));
    const char *base = _("Ten short questions, about five minutes. Topics you "
                         "find harder come up more often.");
    if (weakest < 0) {
        snprintf(out, n, "%s", base);
        return;
    }
    char extra[256];
    if (streak > 0)
        snprintf(extra, sizeof extra,
                 ngettext("Weakest topic: %s. A quiz %d week in a row.",
                          "Weakest topic: %s. A quiz %d weeks in a row.",
                          (unsigned long)streak),
                 topic_label((Topic)weakest), streak);
    else
        snprintf(extra, sizeof extra, _("Weakest topic: %s."),
                 topic_label((Topic)weakest));
    snprintf(out, n, "%s %s", base, extra);
}

static void quiz_section(App *app, Column *col)
{
    const Theme *t = app->view.theme;
    heading(&app->view, col, FONT_HEADING, _("Awareness quiz"));
    Pill p = {"", t->text_muted};
    if (app->quiz_going) {
        snprintf(p.label, sizeof p.label, _("Under way: %d of %d"),
                 app->quiz_answered, QUIZ_LENGTH);
        p.color = t->accent;
    } else if (app->nhistory > 0) {
        snprintf(p.label, sizeof p.label, _("Last: %d %%"),
                 app->history[0].score);
        p.color = t->correct;
    } else {
        snprintf(p.label, sizeof p.label, "%s", _("Not started"));
    }
    char desc[512];
    quiz_line(app, desc, sizeof desc);
    if (home_card(app, col, ui_id("quiz", 0), "?", false,
                  app->quiz_going ? _("Continue your quiz") : _("Take a quiz"),
                  desc, &p))
        app_start_quiz(app);
    col->y += t->gap;
}

static void screen_home(App *app, Column *col)
{
    const Theme *t = app->view.theme;
    char who[512], signed_in[256];
    snprintf(signed_in, sizeof signed_in, _("Signed in as %s"),
             app->learner.login);
    snprintf(who, sizeof who, "%s \xC2\xB7 %s \xC2\xB7 %s", signed_in,
             unit_name(app, app->learner.unit_id),
             role_label(app->learner.role));
    heading(&app->view, col, FONT_TITLE, _("Your training"));
    paragraph(&app->view, col, FONT_BODY, t->text_muted, who);
    picture(&app->view, col, "places/home",
            _("A path through the four seasons of a year, with the twelve "
              "months marked along it"),
            app->ui.height / 4);
    if (app->problems.count) {
        char msg[1024];
        snprintf(msg, sizeof msg,
                 _("Problems in the lesson files: %d. Lessons with problems "
                   "are left out; run 'vaksam check-lessons' to see them all. "
                   "The first problem: %s"),
                 app->problems.count, app->problems.items[0]);
        banner(&app->view, col, msg, BANNER_STATIC);
    }
    /* staff come for the quiz, managers for the course */
    if (app->learner.role == ROLE_STAFF) {
        if (app->pools.count)
            quiz_section(app, col);
        course_section(app, col);
    } else {
        course_section(app, col);
        if (app->pools.count)
            quiz_section(app, col);
    }
    ButtonRow row = button_row(col);
    if (row_button(&app->view, &row, ui_id("home-action", 0), _("My progress"),
                   BUTTON_PRIMARY))
        app_show_progress(app);
    if (row_button(&app->view, &row, ui_id("home-action", 1),
                   _("Change unit or role"), BUTTON_SECONDARY))
        app_edit_profile(app);
    if (row_button(&app->view, &row, ui_id("home-action", 3), _("Settings"),
                   BUTTON_SECONDARY))
        app_show_settings(app);
    if (row_button(&app->view, &row, ui_id("ciso", 0), _("CISO view"),
                   BUTTON_SECONDARY))
        app_ciso_open(app);
    if (row_button(&app->view, &row, ui_id("home-action", 2), _("Quit"),
                   BUTTON_SECONDARY))
        app->quit = true;
    row_end(&app->view, &row);
}

/* ---- the error screen ---- */

static void screen_error(App *app, Column *col)
{
    /* damage found while playing: what was stored before stays stored */
    bool stopped = store_damaged(app->store);
    heading(&app->view, col, FONT_TITLE,
            stopped ? _("Vaksam stopped") : _("Vaksam cannot start"));
    banner(&app->view, col, app->error, BANNER_STATIC);
    paragraph(&app->view, col, FONT_BODY, app->view.theme->text_muted,
              stopped ? _("Vaksam writes nothing more to the damaged file. "
                          "Fix the problem above and start Vaksam again.")
                      : _("Nothing was changed. Fix the problem above and "
                          "start Vaksam again."));
    if (button(&app->view, ui_id("quit", 0), col->x, col->y, _("Quit"),
               BUTTON_PRIMARY))
        app->quit = true;
    col->y += button_height(&app->view);
}

void screens_draw(App *app)
{
    UI *ui = &app->ui;
    TopBar bar = top_bar(app);
    Column col = column(app);
    /* a message sits at the window's foot, below the page, never over
     * it: the page's view ends above it, so the focused control is kept
     * in view where it can be seen */
    const char *msg = NULL;
    BannerTone tone = BANNER_NOTICE;
    if (app->error[0] && app->screen != SCREEN_ERROR)
        msg = app->error, tone = BANNER_ERROR;
    else if (app->notice[0] && app->screen != SCREEN_DASHBOARD)
        msg = app->notice;
    int foot = msg ? overlay_banner_height(&app->view, &col, msg) : 0;
    ui_scroll_begin(ui, (Rect){0, bar.h, ui->width, ui->height - bar.h - foot});
    /* Esc leaves every page below the home screen */
    if (app->screen >= SCREEN_LESSON && ui_key(ui, KEY_ESCAPE)) {
        if (app->screen == SCREEN_CISO_LOGIN || app->screen == SCREEN_DASHBOARD)
            app_ciso_close(app);
        else if (app->screen == SCREEN_QUIZ_REVIEW)
            app_quiz_review_done(app);
        else
            app_go_home(app);
    }
    switch (app->screen) {
    case SCREEN_ERROR: screen_error(app, &col); break;
    case SCREEN_SIGNIN: screen_signin(app, &col); break;
    case SCREEN_HOME: screen_home(app, &col); break;
    case SCREEN_LESSON: screen_lesson(app, &col); break;
    case SCREEN_QUIZ: screen_quiz(app, &col); break;
    case SCREEN_QUIZ_REVIEW: screen_quiz_review(app, &col); break;
    case SCREEN_PROGRESS: screen_progress(app, &col); break;
    case SCREEN_SETTINGS: screen_settings(app, &col); break;
    case SCREEN_CISO_LOGIN: screen_ciso_login(app, &col); break;
    case SCREEN_DASHBOARD: screen_dashboard(app, &col); break;
    }
    ui_scroll_end(ui, col.y + app->view.theme->gap);
    if (msg && overlay_banner(&app->view, &col, msg, tone))
        (tone == BANNER_NOTICE ? app->notice : app->error)[0] = '\0';
    else if ((app->error[0] && app->screen != SCREEN_ERROR) ||
             (app->notice[0] && app->screen != SCREEN_DASHBOARD))
        ui->again = true; /* said this frame: lay the page out around it */
    top_bar_buttons(app, &bar);
    if (app->screen == SCREEN_SIGNIN && app->signed_in &&
        ui_key(ui, KEY_ESCAPE))
        app_go_home(app);
}
