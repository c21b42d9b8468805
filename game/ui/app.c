/*
 * app.c - the window's life: start-up, events in, frames out, and the
 * actions screens call (see app.h; the CISO's view: app_ciso.c). Every
 * action that stores something shows a failure in the banner and leaves
 * the screen as it was.
 */
#include "app_internal.h"

#include "export.h"
#include "i18n.h"
#include "util.h"

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

/* A mouse position in window points as the page's pixels. */
static int to_pixels(const App *app, int points)
{
    return (points * app->pixels_per_point + 50) / 100;
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

void app_refresh_home(App *app)
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
    app_refresh_home(app);
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
    app_refresh_home(app);
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
    app_refresh_home(app);
    show(app, SCREEN_PROGRESS);
}

void app_export_questions(App *app)
{
    app_refresh_home(app); /* the lesson just finished counts */
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
    app_apply_sizes(app);
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
    app_apply_sizes(app);
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
void app_update(App *app)
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
            app_measure_output(app))
            app_apply_sizes(app); /* moved to a screen of another density */
        break;
    default: return;
    }
    app_update(app);
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

/* The window's icon, and the pictures the first frame left out. */
static void load_art(App *app)
{
    app->art_due = false;
    app->has_art = true;
    render_defer_images(app->render, false);
    SDL_Surface *icon = render_load_image(app->render, "app/vaksam", 64, 64);
    if (icon) {
        SDL_SetWindowIcon(app->window, icon);
        SDL_FreeSurface(icon);
    }
}

void app_draw(App *app)
{
    if (app->ui.ncmds == 0)
        app_update(app);
    if (app->art_due)
        load_art(app);
    uint64_t f = fingerprint(app);
    if (f == app->drawn && !app->must_redraw)
        return;
    render_draw(app->render, &app->ui, app->view.theme->background);
    SDL_RenderPresent(app->sdl);
    app->drawn = f;
    app->must_redraw = false;
    if (!app->art_due && !app->has_art) {
        /* the first frame is up: the next one brings the art */
        app->art_due = true;
        app->must_redraw = true;
        SDL_PushEvent(&(SDL_Event){.type = SDL_USEREVENT});
    }
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
            app_update(app); /* the top bar's line says something else */
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
