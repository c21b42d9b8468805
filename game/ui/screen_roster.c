/*
 * screen_roster.c - the sign-in page of an organisation whose learners
 * come from HR's list (vaksam learners import): nobody chooses a unit or
 * a role there. A learner on the list sees the unit and role HR gave
 * them, read-only, on their first start (and from "Change unit or role");
 * a login that is not on the list, or that the last import marked as
 * having left, is told so and whom to ask, and may not start: HR's next
 * import that has them lets them in (and keeps what they did before).
 * The CISO's view stays open to both.
 */
#include "screens.h"

#include "i18n.h"
#include "topic.h"

#include <stdio.h>

static const char *unit_name(const App *app, long long id)
{
    for (int i = 0; i < app->nunits; i++)
        if (app->units[i].id == id)
            return app->units[i].name;
    return "";
}

/* A heading and its value, read-only. */
static void fact(App *app, Column *col, const char *label, const char *value)
{
    const Theme *t = app->view.theme;
    heading(&app->view, col, FONT_HEADING, label);
    paragraph(&app->view, col, FONT_BOLD, t->text, value);
    col->y += t->gap / 2;
}

static void listed(App *app, Column *col)
{
    const Theme *t = app->view.theme;
    char intro[1024];
    snprintf(intro, sizeof intro,
             _("Vaksam trains information security awareness through "
               "scenarios from an organisation's everyday life. You are "
               "signed in as %s. Your organisation's HR keeps your unit "
               "and role:"),
             app->cfg.login);
    paragraph(&app->view, col, FONT_BODY, t->text_muted, intro);
    fact(app, col, _("Your unit"), unit_name(app, app->learner.unit_id));
    fact(app, col, _("Your role"), role_label(app->learner.role));
    paragraph(&app->view, col, FONT_SMALL, t->text_muted,
              _("If either is wrong, ask HR to correct it: it changes with "
                "their next import."));
    col->y += t->gap;
    ButtonRow row = button_row(col);
    if (row_button(&app->view, &row, ui_id("start", 0), _("Start"),
                   BUTTON_PRIMARY))
        app_go_home(app);
    if (row_button(&app->view, &row, ui_id("ciso", 0), _("CISO view"),
                   BUTTON_SECONDARY))
        app_ciso_open(app);
    row_end(&app->view, &row);
}

static void not_listed(App *app, Column *col)
{
    const Theme *t = app->view.theme;
    char why[1024];
    if (app->learner.left)
        snprintf(why, sizeof why,
                 _("You are signed in as %s, which your organisation's list "
                   "of learners no longer has: HR's last import marked you "
                   "as having left. What you did is kept. If you still work "
                   "here, ask HR to put you back on the list; you can go on "
                   "once their next import has you."),
                 app->cfg.login);
    else
        snprintf(why, sizeof why,
                 _("You are signed in as %s, which is not on your "
                   "organisation's list of learners. Its learners come from "
                   "HR, each with their unit and role, so you cannot choose "
                   "your own: ask HR to add you; you can start once their "
                   "next import has you."),
                 app->cfg.login);
    paragraph(&app->view, col, FONT_BODY, t->text, why);
    col->y += t->gap;
    ButtonRow row = button_row(col);
    if (row_button(&app->view, &row, ui_id("ciso", 0), _("CISO view"),
                   BUTTON_SECONDARY))
        app_ciso_open(app);
    row_end(&app->view, &row);
}

void screen_roster(App *app, Column *col)
{
    heading(&app->view, col, FONT_TITLE, _("Welcome to Vaksam"));
    if (app->not_listed)
        not_listed(app, col);
    else
        listed(app, col);
}
