/*
 * app.c - the window's life: start-up, events in, frames out, and the
 * actions screens call (see app.h; the CISO's view: app_ciso.c). Every
 * action that stores something shows a failure in the banner and leaves
 * the screen as it was.
 */
#include "app_internal.h"

#include "demo.h"
#include "export.h"
#include "i18n.h"
#include "util.h"

#include <SDL_ttf.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void show(App *app, Screen s);

void app_set_error(App *app, const char *msg)
{
    snprintf(app->error, sizeof app->error, "%s", msg);
    /* a damaged file takes no more answers: stop rather than let the
     * learner go on clicking into refusals */
    if (store_damaged(app->store))
        show(app, SCREEN_ERROR);
}

/* Takes the page's size in the renderer's pixels, and their number per
 * window point (SDL reports the mouse in points; a HiDPI screen under
 * Wayland or macOS has two pixels a point). The density is that, or the
 * configuration's. True when the density changed. */
static bool measure_output(App *app)
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

/* A mouse position in window points as the page's pixels. */
static int to_pixels(const App *app, int points)
{
    return (points * app->pixels_per_point + 50) / 100;
}

/* The theme at the screen's density, and the fonts at its sizes. */
static void apply_sizes(App *app)
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

static void refresh_quiz(App *app)
{
    VkError err;
    free(app->history);
    app->history = NULL;
    app->nhistory = 0;
    if (quiz_session_status(app->store, app->learner.id, &app->quiz_going,
                            &app->quiz_answered, &err) < 0 ||
        store_quiz_history(app->store, app->learner.id, 10, &app->history,
                           &app->nhistory, &err) < 0 ||
        store_topic_levels(app->store, app->learner.id, &app->levels, &err) < 0)
        app_set_error(app, err.msg);
}

static void refresh_home(App *app)
{
    refresh_quiz(app);
    free(app->home);
    app->home = xcalloc((size_t)(app->lessons.count ? app->lessons.count : 1),
                        sizeof *app->home);
    for (int i = 0; i < app->lessons.count; i++) {
        VkError err;
        if (session_status(app->store, app->learner.id, app->lessons.items[i],
                           &app->home[i].state, &app->home[i].score,
                           &err) < 0) {
            app_set_error(app, err.msg);
            break;
        }
    }
}

static void update(App *app);

void app_show(App *app, Screen s)
{
    show(app, s);
}

static void show(App *app, Screen s)
{
    if (s != app->screen)
        app->notice[0] = '\0';
    app->screen = s;
    ui_new_page(&app->ui);
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

    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        vk_error_set(
            err,
            _("cannot open a window: %s (is a display "
              "available? SDL_VIDEODRIVER=%s)"),
            SDL_GetError(),
            SDL_getenv("SDL_VIDEODRIVER") ? SDL_getenv("SDL_VIDEODRIVER") : "");
        return -1;
    }
    /* Hidden until the first frame is ready: making the renderer may
     * replace the window (SDL recreates it for OpenGL), and loading the
     * lessons takes a moment; no one should see either. */
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
    app->speech_on = cfg->speech;
    app->speech = cfg->speech ? speech_open() : NULL;
    measure_output(app);
    apply_sizes(app);

    app->lessons.no_walk = true; /* check-lessons walks them */
    lessonset_load_dir(&app->lessons, cfg->lessons_dir, &app->problems);
    lessonset_take_quizzes(&app->lessons, &app->pools);
    VkError derr;
    if (open_data(app, &derr) < 0) {
        app_set_error(app, derr.msg);
        show(app, SCREEN_ERROR);
    } else if (app->signed_in) {
        refresh_home(app);
        show(app, listed_first_start(app) ? SCREEN_SIGNIN : SCREEN_HOME);
    } else {
        show(app, SCREEN_SIGNIN);
        if (app->ciso_login)
            app_ciso_open(app); /* what the login is for */
    }
    update(app); /* lay out the first frame so the focus is set */
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

void app_sign_in(App *app)
{
    if (app->pick_unit < 0 || app->pick_role < 0)
        return;
    VkError err;
    if (store_save_learner(app->store, app->cfg.login,
                           app->units[app->pick_unit].id, (Role)app->pick_role,
                           &app->learner, &err) < 0) {
        app_set_error(app, err.msg);
        return;
    }
    app->signed_in = true;
    app->error[0] = '\0';
    refresh_home(app);
    show(app, SCREEN_HOME);
}

void app_edit_profile(App *app)
{
    for (int i = 0; i < app->nunits; i++)
        if (app->units[i].id == app->learner.unit_id)
            app->pick_unit = i;
    app->pick_role = (int)app->learner.role;
    show(app, SCREEN_SIGNIN);
}

/* The seed of a new attempt's order: the configured one (for tests and
 * screenshots), else a new one each time. */
static uint64_t new_seed(const App *app)
{
    uint64_t seed = app->cfg.seed;
    if (!seed)
        seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32) ^
               (uint64_t)SDL_GetPerformanceCounter();
    return seed ? seed : 1;
}

/* A new question takes the focus on its text, not on its first answer,
 * so the Enter that moved on, pressed again, chooses nothing. */
static void focus_question(App *app)
{
    ui_set_focus(&app->ui, ui_id("reading", 0));
}

void app_open_lesson(App *app, int index)
{
    VkError err;
    if (session_open(&app->session, app->store, app->lessons.items[index],
                     app->lessons.count, app->learner.id, i18n_language(),
                     new_seed(app), &err) < 0) {
        app_set_error(app, err.msg);
        return;
    }
    app->lesson = index;
    show(app, SCREEN_LESSON);
    focus_question(app);
}

void app_choose(App *app, int choice)
{
    VkError err;
    if (session_choose(&app->session, choice, &err) < 0) {
        app_set_error(app, err.msg);
        return;
    }
    app->error[0] = '\0';
    app->ui.again = true;
    app->ui.focus = 0;
    ui_set_focus(&app->ui, ui_id("continue", 0));
}

void app_continue(App *app)
{
    VkError err;
    if (session_continue(&app->session, &err) < 0) {
        app_set_error(app, err.msg);
        return;
    }
    app->error[0] = '\0';
    show(app, SCREEN_LESSON);
    focus_question(app);
}

void app_go_home(App *app)
{
    app->lesson = -1;
    refresh_home(app);
    show(app, app->signed_in ? SCREEN_HOME : SCREEN_SIGNIN);
}

void app_start_quiz(App *app)
{
    VkError err;
    if (quiz_session_open(&app->quiz, app->store, &app->pools, app->learner.id,
                          i18n_language(), new_seed(app), &err) < 0) {
        app_set_error(app, err.msg);
        return;
    }
    show(app, SCREEN_QUIZ);
    focus_question(app);
}

void app_quiz_answer(App *app, int position)
{
    VkError err;
    if (quiz_session_answer(&app->quiz, position, &err) < 0) {
        app_set_error(app, err.msg);
        return;
    }
    app->error[0] = '\0';
    app->ui.again = true;
    ui_set_focus(&app->ui, ui_id("continue", 0));
}

void app_quiz_next(App *app)
{
    VkError err;
    if (quiz_session_next(&app->quiz, &err) < 0) {
        app_set_error(app, err.msg);
        return;
    }
    if (app->quiz.run.phase == QUIZ_DONE)
        refresh_quiz(app);
    show(app, SCREEN_QUIZ);
    focus_question(app);
}

void app_quiz_review(App *app)
{
    show(app, SCREEN_QUIZ_REVIEW);
}

void app_quiz_review_done(App *app)
{
    show(app, SCREEN_QUIZ);
}

void app_show_progress(App *app)
{
    refresh_home(app);
    show(app, SCREEN_PROGRESS);
}

void app_export_questions(App *app)
{
    refresh_home(app); /* the lesson just finished counts */
    bool *done = xcalloc((size_t)(app->lessons.count + 1), sizeof *done);
    for (int i = 0; app->home && i < app->lessons.count; i++)
        done[i] = app->home[i].state == LESSON_DONE;
    char date[32];
    time_t now = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%d", localtime(&now));
    StrBuf md = {0};
    export_ciso_questions(&md, &app->lessons, done, &app->levels,
                          app->cfg.login, date);
    free(done);
    /* the learner's own file: on a shared computer or folder, another
     * learner's list is never written over */
    char who[64];
    size_t k = 0;
    for (const char *c = app->cfg.login; *c && k + 1 < sizeof who; c++)
        who[k++] =
            (isalnum((unsigned char)*c) || *c == '.' || *c == '-') ? *c : '_';
    who[k] = '\0';
    char name[128];
    /* TRANSLATORS: a file name; %s is the learner's login */
    snprintf(name, sizeof name, _("vaksam-questions-for-my-ciso-%s.md"), who);
    char *path = xasprintf("%s/%s", app->cfg.export_dir, name);
    VkError err;
    if (export_write(path, &md, &err) < 0) {
        app_set_error(app, err.msg);
    } else {
        snprintf(app->notice, sizeof app->notice,
                 _("Your questions were saved in %s"), path);
        app->error[0] = '\0';
    }
    free(path);
    free(md.data);
    app->ui.again = true;
}

void app_next_language(App *app)
{
    i18n_set_language(i18n_next_language());
    app->ui.again = true;
    app_save_settings(app);
}

void app_toggle_contrast(App *app)
{
    app->view.high_contrast = !app->view.high_contrast;
    apply_sizes(app);
    app->ui.again = true;
    app_save_settings(app);
}

void app_zoom(App *app, int step)
{
    int normal = app->cfg.text_size ? app->cfg.text_size : 100;
    int z = step == 0 ? normal : app->view.zoom + step * 10;
    if (z < 70 || z > 200)
        return;
    app->view.zoom = z;
    apply_sizes(app);
    app->ui.again = true;
    app_save_settings(app);
}

/* ---- events and frames ---- */

static Key translate_key(const SDL_KeyboardEvent *k)
{
    bool shift = (k->keysym.mod & KMOD_SHIFT) != 0;
    bool ctrl = (k->keysym.mod & KMOD_CTRL) != 0;
    SDL_Keycode sym = k->keysym.sym;
    if (ctrl && (sym == SDLK_PLUS || sym == SDLK_EQUALS || sym == SDLK_KP_PLUS))
        return KEY_ZOOM_IN;
    if (ctrl && (sym == SDLK_MINUS || sym == SDLK_KP_MINUS))
        return KEY_ZOOM_OUT;
    if (ctrl && (sym == SDLK_0 || sym == SDLK_KP_0))
        return KEY_ZOOM_RESET;
    if (sym >= SDLK_1 && sym <= SDLK_9)
        return (Key)(KEY_DIGIT_1 + (sym - SDLK_1));
    if (sym >= SDLK_KP_1 && sym <= SDLK_KP_9)
        return (Key)(KEY_DIGIT_1 + (sym - SDLK_KP_1));
    switch (sym) {
    case SDLK_TAB: return shift ? KEY_BACKTAB : KEY_TAB;
    case SDLK_UP: return KEY_UP;
    case SDLK_DOWN: return KEY_DOWN;
    case SDLK_LEFT: return KEY_LEFT;
    case SDLK_RIGHT: return KEY_RIGHT;
    case SDLK_RETURN:
    case SDLK_KP_ENTER: return KEY_ENTER;
    case SDLK_SPACE: return KEY_SPACE;
    case SDLK_ESCAPE: return KEY_ESCAPE;
    case SDLK_PAGEUP: return KEY_PAGEUP;
    case SDLK_PAGEDOWN: return KEY_PAGEDOWN;
    case SDLK_HOME: return KEY_HOME;
    case SDLK_END: return KEY_END;
    case SDLK_BACKSPACE: return KEY_BACKSPACE;
    default: return KEY_NONE;
    }
}

/* Runs frames until the layout is stable; only the first sees the input. */
static void update(App *app)
{
    if (app->checking_password) /* its thread may be done */
        app_ciso_check_password(app);
    for (int pass = 0; pass < 4; pass++) {
        ui_begin(&app->ui);
        screens_draw(app);
        ui_end(&app->ui);
        if (!app->ui.again)
            break;
    }
    speech_follow(app->speech, &app->ui);
}

void app_event(App *app, const SDL_Event *ev)
{
    UIInput *in = &app->ui.in;
    switch (ev->type) {
    case SDL_QUIT: app->quit = true; return;
    case SDL_KEYDOWN:
        if (ev->key.keysym.sym == SDLK_F11) { /* fullscreen, and back */
            app_toggle_fullscreen(app);
            break;
        }
        in->key = translate_key(&ev->key);
        if (in->key == KEY_ZOOM_IN || in->key == KEY_ZOOM_OUT ||
            in->key == KEY_ZOOM_RESET) {
            app_zoom(app, in->key == KEY_ZOOM_IN    ? 1
                          : in->key == KEY_ZOOM_OUT ? -1
                                                    : 0);
            in->key = KEY_NONE;
        }
        break;
    case SDL_MOUSEMOTION:
        in->mouse_x = to_pixels(app, ev->motion.x);
        in->mouse_y = to_pixels(app, ev->motion.y);
        break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (ev->button.button != SDL_BUTTON_LEFT)
            return;
        in->mouse_x = to_pixels(app, ev->button.x);
        in->mouse_y = to_pixels(app, ev->button.y);
        in->mouse_pressed = ev->type == SDL_MOUSEBUTTONDOWN;
        in->mouse_released = ev->type == SDL_MOUSEBUTTONUP;
        break;
    case SDL_MOUSEWHEEL: in->wheel = ev->wheel.y; break;
    case SDL_TEXTINPUT: {
        size_t used = strlen(in->text);
        snprintf(in->text + used, sizeof in->text - used, "%s", ev->text.text);
        break;
    }
    case SDL_USEREVENT: break; /* a password check is done: update */
    case SDL_WINDOWEVENT:
        app->must_redraw = true;
        if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED &&
            measure_output(app))
            apply_sizes(app); /* moved to a screen of another density */
        break;
    default: return;
    }
    update(app);
}

/* A fingerprint of the command list, so an event that changes nothing on
 * screen (most mouse motion) costs no drawing. */
static uint64_t fingerprint(const App *app)
{
    uint64_t h =
        vk_hash(app->ui.cmds, (size_t)app->ui.ncmds * sizeof *app->ui.cmds);
    h = vk_hash_add(h, app->ui.text, (size_t)app->ui.ntext);
    return h ^ (uint64_t)app->ui.width << 32 ^ (uint64_t)app->ui.height;
}

void app_draw(App *app)
{
    if (app->ui.ncmds == 0)
        update(app);
    uint64_t f = fingerprint(app);
    if (f == app->drawn && !app->must_redraw)
        return;
    render_draw(app->render, &app->ui, app->view.theme->background);
    SDL_RenderPresent(app->sdl);
    app->drawn = f;
    app->must_redraw = false;
    if (!app->has_icon) { /* the first frame is up: now the art */
        app->has_icon = true;
        SDL_Surface *icon =
            render_load_image(app->render, "app/vaksam", 64, 64);
        if (icon) {
            SDL_SetWindowIcon(app->window, icon);
            SDL_FreeSurface(icon);
        }
    }
    if (render_pending_images(app->render)) {
        /* the next frame brings the pictures left out of this one */
        app->must_redraw = true;
        SDL_PushEvent(&(SDL_Event){.type = SDL_USEREVENT});
    }
    render_defer_images(app->render, false);
}

/* How often the window tries the server again while answers wait, and
 * how often it takes a try under way a step further. */
enum { QUEUE_RETRY_MS = 30000, QUEUE_STEP_MS = 100 };

/* Waits for the next event; while answers wait for the server, tries
 * it again now and then (store_relay.c), redrawing the status line. A
 * try never waits for the server: while one is under way, every wake-up
 * takes it a step further, at least every QUEUE_STEP_MS. */
static bool next_event(App *app, SDL_Event *ev)
{
    for (;;) {
        StoreQueueStatus st;
        VkError err;
        bool waiting = app->store &&
                       store_queue_status(app->store, &st, &err) == 0 &&
                       st.relayed && (st.waiting > 0 || !st.reachable);
        if (!waiting)
            return SDL_WaitEvent(ev) != 0;
        bool got = SDL_WaitEventTimeout(ev, st.connecting ? QUEUE_STEP_MS
                                                          : QUEUE_RETRY_MS);
        if (got && !st.connecting)
            return true;
        store_send_now(app->store, &err);
        StoreQueueStatus now;
        if (store_queue_status(app->store, &now, &err) == 0 &&
            (now.reachable != st.reachable || now.waiting != st.waiting))
            update(app); /* the top bar's line says something else */
        if (got)
            return true;
        app_draw(app);
    }
}

int app_run(App *app)
{
    app_draw(app);
    SDL_Event ev;
    while (!app->quit && next_event(app, &ev)) {
        app_event(app, &ev);
        while (!app->quit && SDL_PollEvent(&ev))
            app_event(app, &ev);
        if (!app->quit)
            app_draw(app);
    }
    return app->screen == SCREEN_ERROR ? 1 : 0;
}
