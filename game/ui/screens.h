/*
 * screens.h - the window's screens, one function each, drawn every frame
 * from the App's state with the widgets of widgets.h. Private to game/ui.
 */
#ifndef VAKSAM_SCREENS_H
#define VAKSAM_SCREENS_H

#include "app.h"
#include "widgets.h"

void screen_lesson(App *app, Column *col);
void screen_quiz(App *app, Column *col);
void screen_quiz_review(App *app, Column *col);
void screen_progress(App *app, Column *col);
void screen_settings(App *app, Column *col);
void screen_ciso_login(App *app, Column *col);
void screen_dashboard(App *app, Column *col);
/* The sign-in page when HR's list of learners is kept (app->roster). */
void screen_roster(App *app, Column *col);

#endif
