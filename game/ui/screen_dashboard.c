/*
 * screen_dashboard.c - the CISO's view in the window: the password screen
 * that guards it, and the dashboard with its filters (period, unit, role)
 * and actions above the figures dashboard.c draws. Every filter change
 * rebuilds the report (app_report_refresh); nothing here reads the store.
 */
#include "dashboard.h"
#include "screens.h"

#include "i18n.h"

#include <stdio.h>
#include <string.h>

/* ---- the password ---- */

void screen_ciso_login(App *app, Column *col)
{
    const Theme *t = app->view.theme;
    UI *ui = &app->ui;
    heading(&app->view, col, FONT_TITLE, _("CISO view"));
    char intro[512];
    snprintf(intro, sizeof intro,
             _("The CISO's view shows the organisation's awareness by "
               "topic, unit and role. It shows figures for groups of at "
               "least %d learners, never one learner's answers."),
             app->report_k);
    paragraph(&app->view, col, FONT_BODY, t->text_muted, intro);
    if (app->has_password != 1) {
        banner(&app->view, col,
               _("No password has been set for the CISO's view. Set one "
                 "on the command line with: vaksam ciso set-password"),
               BANNER_STATIC);
        if (button(&app->view, ui_id("back", 0), col->x, col->y, _("Back"),
                   BUTTON_PRIMARY))
            app_ciso_close(app);
        col->y += button_height(&app->view) + t->gap;
        return;
    }
    if (app->checking_password)
        paragraph(&app->view, col, FONT_BOLD, t->text,
                  _("Checking the password..."));
    else if (app->wrong_password)
        banner(&app->view, col, _("Wrong password."), BANNER_STATIC);
    heading(&app->view, col, FONT_BOLD, _("Password"));
    int w = col->w < dp(&app->view, 440) ? col->w : dp(&app->view, 440);
    Rect field = {col->x, col->y, w, ui->line_height[FONT_BODY] + t->pad};
    bool enter = text_field(&app->view, ui_id("password", 0), field,
                            app->password, sizeof app->password, true);
    col->y += field.h + t->gap;
    ButtonRow row = button_row(col);
    bool open = row_button(&app->view, &row, ui_id("open", 0), _("Open"),
                           BUTTON_PRIMARY);
    bool back = row_button(&app->view, &row, ui_id("back", 0), _("Back"),
                           BUTTON_SECONDARY);
    row_end(&app->view, &row);
    ui_text(ui, FONT_SMALL, t->text_muted, col->x, col->y, col->w,
            _("Enter opens the view; Esc goes back."));
    col->y += ui->line_height[FONT_SMALL] * 2;
    if (enter || open)
        app_ciso_submit(app);
    else if (back)
        app_ciso_close(app);
}

/* ---- the dashboard ---- */

static const char *period_label(PeriodPreset p)
{
    switch (p) {
    case PERIOD_LAST_3: return _("Last 3 months");
    case PERIOD_THIS_YEAR: return _("This year");
    case PERIOD_LAST_YEAR: return _("Last year");
    case PERIOD_LAST_12:
    case PERIOD_PRESETS: break;
    }
    return _("Last 12 months");
}

/* A filter button, its label cut to the column. True when pressed. */
static bool filter_button(App *app, ButtonRow *row, int i, const char *label)
{
    char fitted[256];
    fit_text(&app->view, FONT_BOLD, label,
             row->col->w - 2 * app->view.theme->pad - 8, fitted, sizeof fitted);
    return row_button(&app->view, row, ui_id("filter", i), fitted,
                      BUTTON_SECONDARY);
}

/* The index in app->units of the unit with this id, or -1. */
static int unit_index(const App *app, long long id)
{
    for (int i = 0; i < app->nunits; i++)
        if (app->units[i].id == id)
            return i;
    return -1;
}

/* One level up from the selected unit: its parent, or the whole
 * organisation when the parent is the organisation's only top unit (the
 * whole organisation shows the same). */
static long long parent_to_show(const App *app)
{
    long long parent = app->units[app->pick_report_unit].parent_id;
    int roots = 0;
    for (int i = 0; i < app->nunits; i++)
        roots += app->units[i].parent_id == 0;
    for (int i = 0; i < app->nunits; i++)
        if (app->units[i].id == parent && app->units[i].parent_id == 0 &&
            roots == 1)
            return 0;
    return parent;
}

static void filters(App *app, Column *col)
{
    ButtonRow row = button_row(col);
    const char *unit = app->pick_report_unit >= 0
                           ? app->units[app->pick_report_unit].name
                           : _("Whole organisation");
    char label[256];
    bool changed = false;
    snprintf(label, sizeof label, _("Period: %s"), period_label(app->period));
    if (filter_button(app, &row, 0, label)) {
        app->period = (PeriodPreset)((app->period + 1) % PERIOD_PRESETS);
        changed = true;
    }
    if (app->pick_report_unit >= 0)
        snprintf(label, sizeof label, _("Unit: %s (up)"), unit);
    else
        snprintf(label, sizeof label, _("Unit: %s"), unit);
    if (filter_button(app, &row, 1, label) && app->pick_report_unit >= 0) {
        app->pick_report_unit = unit_index(app, parent_to_show(app));
        changed = true;
    }
    snprintf(label, sizeof label, _("Role: %s"),
             dashboard_role_label(app->pick_report_role));
    if (filter_button(app, &row, 2, label)) {
        app->pick_report_role = app->pick_report_role + 1 < ROLE_COUNT
                                    ? app->pick_report_role + 1
                                    : REPORT_ROLE_ALL;
        changed = true;
    }
    row_end(&app->view, &row);
    if (changed)
        app_report_refresh(app);
}

/* Where in the organisation the view is, after drilling in: the whole
 * organisation and each unit above the one shown, each a way back up. */
static void breadcrumb(App *app, Column *col)
{
    if (app->pick_report_unit < 0)
        return;
    int path[32], n = 0;
    for (long long id = app->units[app->pick_report_unit].id; id && n < 32;) {
        int i = unit_index(app, id);
        if (i < 0)
            break;
        path[n++] = i;
        id = app->units[i].parent_id;
    }
    ButtonRow row = button_row(col);
    int go = -2; /* -2: stay; -1: the whole organisation; else a unit */
    if (row_button(&app->view, &row, ui_id("crumb", 0), _("Whole organisation"),
                   BUTTON_QUIET))
        go = -1;
    for (int k = n - 1; k >= 1; k--)
        if (row_button(&app->view, &row, ui_id("crumb", n - k),
                       app->units[path[k]].name, BUTTON_QUIET))
            go = path[k];
    row_end(&app->view, &row);
    char here[256];
    snprintf(here, sizeof here, _("Shown: %s"),
             app->units[app->pick_report_unit].name);
    paragraph(&app->view, col, FONT_BOLD, app->view.theme->text, here);
    if (go != -2) {
        app->pick_report_unit = go;
        app_report_refresh(app);
        app->ui.scroll = 0;
    }
}

void screen_dashboard(App *app, Column *col)
{
    const Theme *t = app->view.theme;
    dashboard_header(&app->view, col, &app->report, app->reset_at);
    filters(app, col);
    breadcrumb(app, col);
    ButtonRow row = button_row(col);
    if (row_button(&app->view, &row, ui_id("register", 0),
                   _("Save completion register"), BUTTON_SECONDARY))
        app_save_register(app);
    if (row_button(&app->view, &row, ui_id("back", 0), _("Back"),
                   BUTTON_SECONDARY)) {
        app_ciso_close(app);
        return;
    }
    row_end(&app->view, &row);
    /* in the page, by the button that saved it: a banner over the
     * bottom of a small window would hide the cells */
    if (app->notice[0] && banner(&app->view, col, app->notice, BANNER_NOTICE))
        app->notice[0] = '\0';
    col->y += t->gap / 2;
    DashSource src = {&app->lessons, &app->pools};
    long long opened =
        dashboard_draw(&app->view, col, &app->report, &src, true);
    if (opened) { /* a heat-map row was chosen: show its unit, */
        app->pick_report_unit = unit_index(app, opened);
        app_report_refresh(app);
        app->ui.scroll = 0; /* from its top */
        ui_set_focus(&app->ui, ui_id("crumb", 0));
    }
    col->y +=
        ui_text(&app->ui, FONT_SMALL, t->text_muted, col->x, col->y, col->w,
                _("Tab moves through the filters, the cells and the "
                  "periods; Enter on a cell opens its unit, and the "
                  "unit button goes back up; Esc goes back."));
    col->y += app->ui.line_height[FONT_SMALL];
}
