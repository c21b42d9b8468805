/*
 * app_settings.c - the window's settings: the screen's actions, and saving
 * what the learner chose so that the next run starts with it (the saved
 * layer of config.h; a flag or $VAKSAM_DB still wins over it).
 */
#include "app_internal.h"

#include "config.h"
#include "i18n.h"

void app_show_settings(App *app)
{
    app_show(app, SCREEN_SETTINGS);
}

void app_save_settings(App *app)
{
    if (!app->cfg.saved_path)
        return;
    VkError err;
    if (config_save_window(app->cfg.saved_path, i18n_language(),
                           app->view.high_contrast, app->view.zoom,
                           app->speech_on, &err) < 0)
        app_set_error(app, err.msg);
}

void app_toggle_speech(App *app)
{
    app->speech_on = !app->speech_on;
    speech_close(app->speech);
    app->speech = app->speech_on ? speech_open() : NULL;
    app->ui.again = true;
    app_save_settings(app);
}

void app_toggle_fullscreen(App *app)
{
    if (!app->window)
        return;
    bool full = SDL_GetWindowFlags(app->window) & SDL_WINDOW_FULLSCREEN_DESKTOP;
    SDL_SetWindowFullscreen(app->window,
                            full ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
    app->must_redraw = true;
    app->ui.again = true;
}
