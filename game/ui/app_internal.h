/*
 * app_internal.h - what app.c and app_ciso.c share inside the window: not
 * for the screens.
 */
#ifndef VAKSAM_APP_INTERNAL_H
#define VAKSAM_APP_INTERNAL_H

#include "app.h"

/* Shows a problem in the banner; a damaged file stops the window. */
void app_set_error(App *app, const char *msg);
/* Switches to a screen. */
void app_show(App *app, Screen s);
/* Checks the typed password once its frame is on the screen (app_draw),
 * and opens the dashboard when it is right. */
void app_ciso_check_password(App *app);

#endif
