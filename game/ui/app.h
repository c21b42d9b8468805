/*
 * app.h - the trainer's window: one App owns the SDL window, the UI
 * context, the store, the lessons and whichever screen is showing. Events
 * go in through app_event (the main loop and the UI tests use the same
 * call), app_draw puts the last frame on the screen.
 */
#ifndef VAKSAM_APP_H
#define VAKSAM_APP_H

#include "lesson.h"
#include "render.h"
#include "report.h"
#include "session.h"
#include "speech.h"
#include "store.h"
#include "theme.h"
#include "ui.h"
#include "widgets.h"

#include <SDL.h>

typedef struct AppConfig {
    const char *db_path;
    const char *lessons_dir;
    const char *assets_dir; /* the art; NULL: no pictures */
    const char *login;
    const char *lang; /* NULL: from the environment */
    int width, height;
    bool high_contrast;
    bool speech; /* speak the focus and the scene (speech-dispatcher) */
    const char *saved_path; /* where the window saves its settings; NULL:
                               nowhere */
    int text_size;          /* percent; 0: 100 (Ctrl+0 comes back to it) */
    int density;            /* pixels per point in percent; 0: the screen's (the
                               renderer's pixels over the window's points) */
    const char *font_regular, *font_bold;
    const char *export_dir; /* where "save my questions" writes */
    uint64_t seed;          /* quiz draws and the order of a lesson's
                               choices; 0: from the clock */
} AppConfig;

typedef enum Screen {
    SCREEN_ERROR, /* the trainer cannot start; says why */
    SCREEN_SIGNIN,
    SCREEN_HOME,
    SCREEN_LESSON,
    SCREEN_QUIZ,
    SCREEN_QUIZ_REVIEW,
    SCREEN_PROGRESS,
    SCREEN_SETTINGS,
    SCREEN_CISO_LOGIN, /* the CISO's password */
    SCREEN_DASHBOARD,  /* the CISO's view of the organisation */
} Screen;

/* The dashboard's period presets, cycled by its period button. */
typedef enum PeriodPreset {
    PERIOD_LAST_3,
    PERIOD_LAST_12,
    PERIOD_THIS_YEAR,
    PERIOD_LAST_YEAR,
    PERIOD_PRESETS
} PeriodPreset;

enum { CISO_PASSWORD_MAX = 256 };

typedef struct HomeEntry {
    LessonState state;
    int score;
} HomeEntry;

struct PasswordCheck;

typedef struct App {
    AppConfig cfg;
    SDL_Window *window;
    SDL_Renderer *sdl;
    Renderer *render;
    Speech *speech; /* NULL: speech off, or no voice to speak with */
    bool speech_on; /* the learner's choice, whether or not a voice is */
    UI ui;
    View view;    /* what the screens draw with: &ui, the theme, the text
                     size, the pixel density */
    Theme scaled; /* view.theme: the theme at the screen's density */
    int pixels_per_point; /* the renderer's per window point, percent */

    Store *store;
    LessonSet lessons; /* the leadership course */
    LessonSet pools;   /* quiz questions */
    Diags problems;    /* lessons that could not be loaded */
    Unit *units;
    int nunits;
    Learner learner;
    bool signed_in;
    bool roster;     /* HR's list of learners is kept (learners import):
                        the list sets unit and role, nobody chooses */
    bool not_listed; /* ... and this login is not on it, or has left */
    bool ciso_login; /* a server's CISO role: no learner, the view only */
    int pick_unit, pick_role; /* the sign-in form; -1 = not chosen */
    char unit_find[64];       /* typed to find a unit in a long list */
    HomeEntry *home;          /* one per lesson */
    Session session;
    int lesson; /* index of the lesson being played, or -1 */
    QuizSession quiz;
    bool quiz_going;     /* a quiz is under way (home screen) */
    int quiz_answered;   /* its questions answered so far */
    QuizResult *history; /* finished quizzes, newest first */
    int nhistory;
    TopicLevels levels; /* the progress screen's figures */

    /* the CISO's view */
    char password[CISO_PASSWORD_MAX]; /* being typed; wiped once checked */
    int has_password;                 /* access_has_password's answer */
    bool wrong_password;              /* the last try was refused */
    bool checking_password;      /* being checked, away from the frame loop */
    struct PasswordCheck *check; /* that check, while it runs */
    Screen ciso_from;            /* where Back returns to */
    /* a server's CISO view reads through a connection of its own, which
     * the database signed in (store.h: store_ciso_access); NULL: the
     * file's, app->store */
    Store *ciso_store;
    PeriodPreset period;
    int pick_report_unit;      /* index into units, or -1: the organisation */
    int pick_report_role;      /* REPORT_ROLE_ALL or a Role */
    int report_k;              /* the organisation's smallest group shown */
    Report report;             /* what the dashboard shows */
    ReportCache *report_cache; /* what its reports read, while it is open */
    char reset_at[64];         /* when the password was last reset, or "" */

    Screen screen;
    char error[1024];  /* a problem to show in a banner, or "" */
    char notice[1024]; /* news to show in a banner (a file saved), or "" */
    bool quit;
    uint64_t drawn;   /* fingerprint of the frame on screen */
    bool must_redraw; /* the window lost its contents */
    bool art_due, has_art; /* the art follows the first frame */
} App;

/* Opens the window and everything behind it. Returns -1 only when no
 * window can be shown; problems after that (a database that cannot be
 * opened) are shown in the window. */
int app_init(App *app, const AppConfig *cfg, VkError *err);
void app_free(App *app);
/* Feeds one event and updates the screen state. */
void app_event(App *app, const SDL_Event *ev);
/* Draws the current frame and presents it, unless the same frame is on
 * screen already. */
void app_draw(App *app);
/* Runs until the window is closed; returns the exit status. */
int app_run(App *app);

/* Actions the screens take (screens.c). */
void app_sign_in(App *app);
void app_open_lesson(App *app, int index);
void app_choose(App *app, int choice);
void app_continue(App *app);
void app_go_home(App *app);
void app_start_quiz(App *app);
void app_quiz_answer(App *app, int position);
void app_quiz_next(App *app);
void app_quiz_review(App *app);
void app_quiz_review_done(App *app);
void app_show_progress(App *app);
void app_export_questions(App *app);
void app_edit_profile(App *app);
void app_next_language(App *app);
void app_toggle_contrast(App *app);
void app_zoom(App *app, int step);
/* The settings (app_settings.c): each change takes effect at once and is
 * saved for the next run (cfg.saved_path). */
void app_show_settings(App *app);
void app_toggle_speech(App *app);
void app_toggle_fullscreen(App *app);
void app_save_settings(App *app);
/* The CISO's view: the password screen, its check, the filters. */
void app_ciso_open(App *app);
void app_ciso_submit(App *app);
void app_ciso_close(App *app);
/* Rebuilds app->report for the dashboard's filters, through the
 * dashboard's cache: with no answer since, it reads nothing. */
void app_report_refresh(App *app);
/* Saves the completion register next to the learner's exports. */
void app_save_register(App *app);

/* The screens, drawn every frame (screens.c). */
void screens_draw(App *app);

#endif
