/*
 * app_internal.h - what app.c, app_open.c and app_ciso.c share inside
 * the window: not for the screens.
 */
#ifndef VAKSAM_APP_INTERNAL_H
#define VAKSAM_APP_INTERNAL_H

#include "app.h"

/* Shows a problem in the banner; a damaged file stops the window. */
void app_set_error(App *app, const char *msg);
/* Switches to a screen. */
void app_show(App *app, Screen s);
/* Lays the current screen out (after an event). */
void app_update(App *app);
/* Reads the home screen's state of every lesson and quiz again. */
void app_refresh_home(App *app);
/* Takes the page's size and density from the window (app_open.c); true
 * when the density changed. */
bool app_measure_output(App *app);
/* The theme and fonts at the density and text size (app_open.c). */
void app_apply_sizes(App *app);
/* Takes the result of the password's check once its thread is done
 * (app_draw), and opens the dashboard when it was right. */
void app_ciso_check_password(App *app);
/* Waits for a check still running and forgets it (the window closing). */
void app_ciso_wait(App *app);

#endif
