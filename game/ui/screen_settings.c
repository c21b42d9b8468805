/*
 * screen_settings.c - the settings: language, text size, colours, speech
 * and full screen, each taking effect at once and kept for the next run.
 */
#include "screens.h"

#include "i18n.h"

#include <stdio.h>

/* A setting: its name and state on a line, and the buttons that change it
 * under it. */
static void setting(App *app, Column *col, const char *name, const char *state)
{
    char line[256];
    snprintf(line, sizeof line, "%s: %s", name, state);
    paragraph(&app->view, col, FONT_BOLD, app->view.theme->text, line);
    col->y -= app->view.theme->gap / 2;
}

void screen_settings(App *app, Column *col)
{
    const Theme *t = app->view.theme;
    heading(&app->view, col, FONT_TITLE, _("Settings"));
    paragraph(&app->view, col, FONT_BODY, t->text_muted,
              _("Each change takes effect at once and is kept for the next "
                "time you start Vaksam."));

    setting(app, col, _("Language"), i18n_language_name(i18n_language()));
    ButtonRow row = button_row(col);
    if (row_button(&app->view, &row, ui_id("set-lang", 0),
                   i18n_language_name(i18n_next_language()), BUTTON_SECONDARY))
        app_next_language(app);
    row_end(&app->view, &row);

    char size[32];
    snprintf(size, sizeof size, "%d %%", app->view.zoom);
    setting(app, col, _("Text size"), size);
    row = button_row(col);
    if (row_button(&app->view, &row, ui_id("set-size", 0), _("Smaller"),
                   BUTTON_SECONDARY))
        app_zoom(app, -1);
    if (row_button(&app->view, &row, ui_id("set-size", 1), _("Larger"),
                   BUTTON_SECONDARY))
        app_zoom(app, 1);
    if (row_button(&app->view, &row, ui_id("set-size", 2), _("Normal"),
                   BUTTON_SECONDARY))
        app_zoom(app, 0);
    row_end(&app->view, &row);

    setting(app, col, _("Colours"),
            app->view.high_contrast ? _("high contrast") : _("standard"));
    row = button_row(col);
    if (row_button(&app->view, &row, ui_id("set-contrast", 0),
                   app->view.high_contrast ? _("Standard colours")
                                           : _("High contrast"),
                   BUTTON_SECONDARY))
        app_toggle_contrast(app);
    row_end(&app->view, &row);

    setting(app, col, _("Speech"), app->speech_on ? _("on") : _("off"));
    if (app->speech_on && !app->speech)
        paragraph(&app->view, col, FONT_SMALL, t->text_muted,
                  _("Nothing can be said: speech-dispatcher is not "
                    "installed or not running."));
    row = button_row(col);
    if (row_button(&app->view, &row, ui_id("set-speech", 0),
                   app->speech_on ? _("Turn speech off") : _("Turn speech on"),
                   BUTTON_SECONDARY))
        app_toggle_speech(app);
    row_end(&app->view, &row);

    setting(app, col, _("Full screen"), _("F11 turns it on and off"));
    row = button_row(col);
    if (row_button(&app->view, &row, ui_id("set-full", 0), _("Full screen"),
                   BUTTON_SECONDARY))
        app_toggle_fullscreen(app);
    row_end(&app->view, &row);

    col->y += t->gap;
    row = button_row(col);
    if (row_button(&app->view, &row, ui_id("continue", 0), _("Back"),
                   BUTTON_PRIMARY))
        app_go_home(app);
    row_end(&app->view, &row);
}
