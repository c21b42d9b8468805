/*
 * app_open.c - opening the window and what is behind it (see app.h):
 * the lessons and the database are read on a thread of their own while
 * SDL makes the window, its renderer and fonts; and the sizes the page
 * is drawn at, from the screen's pixel density and the text size.
 */
#include "app_internal.h"

#include "demo.h"
#include "i18n.h"
#include "util.h"

#include <SDL_ttf.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* Takes the page's size in the renderer's pixels, and their number per
 * window point (SDL reports the mouse in points; a HiDPI screen under
 * Wayland or macOS has two pixels a point). The density is that, or the
 * configuration's. True when the density changed. */
bool app_measure_output(App *app)
{
    int w, h, pw = 0, ph = 0;
    SDL_GetRendererOutputSize(app->sdl, &w, &h);
    SDL_GetWindowSize(app->window, &pw, &ph);
    app->ui.width = w;
    app->ui.height = h;
    app->pixels_per_point = pw > 0 ? (w * 100 + pw / 2) / pw : 100;
    int d = app->cfg.density > 0 ? app->cfg.density : app->pixels_per_point;
    d = d < 100 ? 100 : d > 400 ? 400 : d;
    bool changed = d != app->view.density;
    app->view.density = d;
    return changed;
}

/* The theme at the screen's density, and the fonts at its sizes. */
void app_apply_sizes(App *app)
{
    theme_scaled(theme_get(app->view.high_contrast), app->view.density,
                 &app->scaled);
    app->view.theme = &app->scaled;
    int px[FONT_COUNT];
    for (int f = 0; f < FONT_COUNT; f++)
        px[f] = app->view.theme->font_px[f] * app->view.zoom / 100;
    VkError err;
    if (render_set_sizes(app->render, px, &err) < 0)
        app_set_error(app, err.msg);
    render_attach(app->render, &app->ui);
}

/* The store: a file, or a server's learners' queue here first
 * (store.h); a CISO's own login on a server, which records no answers
 * and may not read a learner's, reads the server directly. */
static Store *open_place(App *app, VkError *err)
{
    if (!store_is_server(app->cfg.db_path))
        return store_open(app->cfg.db_path, err);
    Store *s = store_relay_open(app->cfg.db_path, NULL, err);
    if (s)
        return s;
    VkError why;
    StoreCiso how;
    Store *direct = store_open(app->cfg.db_path, &why);
    if (direct && store_ciso_access(direct, &how, &why) == 0 &&
        how == STORE_CISO_ONLY) {
        app->ciso_login = true;
        return direct;
    }
    store_close(direct);
    return NULL; /* err says why the queue could not open */
}

/* Loads the organisation and the learner, seeding a demo organisation
 * into an empty database. */
static int open_data(App *app, VkError *err)
{
    app->store = open_place(app, err);
    if (!app->store)
        return -1;
    if (app->ciso_login)
        return store_list_units(app->store, &app->units, &app->nunits, err);
    /* on a server the connection's role is the learner, whatever
     * --user says: the database allows no one else */
    if (store_login(app->store))
        app->cfg.login = store_login(app->store);
    bool created;
    if (demo_seed_if_empty(app->store, &created, err) < 0 ||
        store_list_units(app->store, &app->units, &app->nunits, err) < 0)
        return -1;
    int found =
        store_find_learner(app->store, app->cfg.login, &app->learner, err);
    if (found < 0 || store_roster_kept(app->store, &app->roster, err) < 0)
        return -1;
    /* HR's list decides who is a learner: someone not on it, or who has
     * left, is told so (screen_roster.c) until HR's next import */
    app->not_listed = app->roster && (found == 0 || app->learner.left);
    app->signed_in = found == 1 && !app->not_listed;
    return 0;
}

/* A learner from HR's list who has not begun anything yet: their first
 * start, which shows them the unit and role HR gave them. */
static bool listed_first_start(const App *app)
{
    if (!app->learner.listed || app->nhistory > 0 || app->quiz_going)
        return false;
    for (int i = 0; i < app->lessons.count; i++)
        if (app->home[i].state != LESSON_NOT_STARTED)
            return false;
    return true;
}

/* The lessons and the database, read on a thread of their own while the
 * window opens: the two take about as long, and the first frame needs
 * both. Only the thread touches what it loads until it is joined. */
typedef struct Loading {
    App *app;
    int rc;
    VkError err;
} Loading;

static void *load_data(void *arg)
{
    Loading *l = arg;
    App *app = l->app;
    app->lessons.no_walk = true; /* check-lessons walks them */
    lessonset_load_dir(&app->lessons, app->cfg.lessons_dir, &app->problems);
    lessonset_take_quizzes(&app->lessons, &app->pools);
    l->rc = open_data(app, &l->err);
    return NULL;
}

/* The window, its renderer and fonts, hidden until the first frame is
 * ready: making the renderer may replace the window (SDL recreates it
 * for OpenGL), and no one should see that. */
static int open_window(App *app, const AppConfig *cfg, VkError *err)
{
    app->window = SDL_CreateWindow(
        "Vaksam", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, cfg->width,
        cfg->height,
        SDL_WINDOW_RESIZABLE | SDL_WINDOW_HIDDEN | SDL_WINDOW_ALLOW_HIGHDPI);
    if (app->window)
        app->sdl = SDL_CreateRenderer(app->window, -1, 0);
    if (!app->window || !app->sdl) {
        vk_error_set(err, _("cannot open a window: %s"), SDL_GetError());
        return -1;
    }
    SDL_SetWindowMinimumSize(app->window, 480, 360);
    app->render = render_new(app->sdl, cfg->font_regular, cfg->font_bold, err);
    if (!app->render)
        return -1;
    render_set_assets(app->render, cfg->assets_dir);
    /* the first frame comes without waiting for the art (it follows at
     * once): rasterising a picture takes longer than all the rest */
    render_defer_images(app->render, true);
    app_measure_output(app);
    app_apply_sizes(app);
    return 0;
}

int app_init(App *app, const AppConfig *cfg, VkError *err)
{
    memset(app, 0, sizeof *app);
    app->cfg = *cfg;
    app->lesson = -1;
    app->pick_unit = app->pick_role = -1;
    app->period = PERIOD_LAST_12;
    app->pick_report_unit = -1;
    app->pick_report_role = REPORT_ROLE_ALL;
    app->view.zoom = cfg->text_size ? cfg->text_size : 100;
    app->view.high_contrast = cfg->high_contrast;
    app->view.density = 100;
    theme_scaled(theme_get(app->view.high_contrast), 100, &app->scaled);
    app->view.theme = &app->scaled;
    ui_init(&app->ui);
    app->view.ui = &app->ui;

    /* no display: nothing read, nothing created */
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        vk_error_set(
            err,
            _("cannot open a window: %s (is a display "
              "available? SDL_VIDEODRIVER=%s)"),
            SDL_GetError(),
            SDL_getenv("SDL_VIDEODRIVER") ? SDL_getenv("SDL_VIDEODRIVER") : "");
        return -1;
    }
    Loading load = {app, 0, {""}};
    pthread_t loader;
    bool threaded = pthread_create(&loader, NULL, load_data, &load) == 0;
    if (!threaded)
        load_data(&load);
    int rc = open_window(app, cfg, err);
    if (threaded)
        pthread_join(loader, NULL);
    if (rc < 0)
        return -1; /* app_free frees what was loaded */
    app->speech_on = cfg->speech;
    app->speech = cfg->speech ? speech_open() : NULL;
    if (load.rc < 0) {
        app_set_error(app, load.err.msg);
        app_show(app, SCREEN_ERROR);
    } else if (app->signed_in) {
        app_refresh_home(app);
        app_show(app, listed_first_start(app) ? SCREEN_SIGNIN : SCREEN_HOME);
    } else {
        app_show(app, SCREEN_SIGNIN);
        if (app->ciso_login)
            app_ciso_open(app); /* what the login is for */
    }
    app_update(app); /* lay out the first frame so the focus is set */
    SDL_ShowWindow(app->window);
    return 0;
}

void app_free(App *app)
{
    app_ciso_wait(app);
    speech_close(app->speech);
    render_free(app->render);
    if (app->sdl)
        SDL_DestroyRenderer(app->sdl);
    if (app->window)
        SDL_DestroyWindow(app->window);
    ui_free(&app->ui);
    store_close(app->ciso_store);
    store_close(app->store);
    lessonset_free(&app->lessons);
    lessonset_free(&app->pools);
    free(app->history);
    diags_free(&app->problems);
    free(app->units);
    free(app->home);
    report_free(&app->report);
    report_cache_free(app->report_cache);
    memset(app, 0, sizeof *app); /* the password too */
    TTF_Quit();
    SDL_Quit();
}

/* ---- actions ---- */
