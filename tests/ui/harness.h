/*
 * harness.h - driving the real app in the UI tests: one App, events fed
 * through app_event as the main loop does, and what the frame shows read
 * back from the UI's command list. A test defines SHOT_PREFIX (the start
 * of its screenshots' names) before including this.
 */
#ifndef VAKSAM_TEST_HARNESS_H
#define VAKSAM_TEST_HARNESS_H

#include "app.h"
#include "i18n.h"
#include "png.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static App app;
static char test_dir[64];
static int shot_no;

/* The window's settings the UI tests share: the course, the art and the
 * font, exports into the test's folder; the test sets what it varies. */
static inline AppConfig test_config(const char *db, const char *login,
                                    const char *lang, int w, int h)
{
    return (AppConfig){
        .db_path = db,
        .lessons_dir = VAKSAM_LESSONS_DIR,
        .assets_dir = VAKSAM_ASSETS_DIR,
        .export_dir = test_dir,
        .seed = 7,
        .login = login,
        .lang = lang,
        .width = w,
        .height = h,
        .font_regular = VAKSAM_FONT_REGULAR,
        .font_bold = VAKSAM_FONT_BOLD,
    };
}

/* Opens the window of cfg in its language and draws the first frame;
 * a window that cannot open ends the test. */
static inline void open_app(const AppConfig *cfg)
{
    i18n_set_language(cfg->lang);
    VkError err;
    if (app_init(&app, cfg, &err) < 0) {
        fprintf(stderr, "app_init: %s\n", err.msg);
        exit(1);
    }
    app_draw(&app);
}

/* One event, then the frame it leads to. */
static inline void send(SDL_Event *e)
{
    app_event(&app, e);
    app_draw(&app);
}

/* The window resized, as the window manager would report it. */
static inline void resize(int w, int h)
{
    SDL_SetWindowSize(app.window, w, h);
    SDL_Event e = {0};
    e.type = SDL_WINDOWEVENT;
    e.window.event = SDL_WINDOWEVENT_SIZE_CHANGED;
    e.window.data1 = w;
    e.window.data2 = h;
    send(&e);
}

static inline void key(SDL_Keycode sym, Uint16 mod)
{
    SDL_Event e = {0};
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = sym;
    e.key.keysym.mod = mod;
    send(&e);
}

/* Presses Tab until the control id has the focus (at most 200 times);
 * needs test.h. */
static inline void tab_to(uint32_t id)
{
    for (int i = 0; i < 200 && app.ui.focus != id; i++)
        key(SDLK_TAB, 0);
    CHECK_INT(app.ui.focus, id);
}

/* Lets a password check on its own thread finish, as the main loop
 * would: the events it posts handled, frames drawn (at most 6 s). */
static inline void wait_checks(void)
{
    for (int i = 0; i < 600 && app.checking_password; i++) {
        SDL_Delay(10);
        SDL_Event e;
        while (SDL_PollEvent(&e))
            app_event(&app, &e);
        app_draw(&app);
    }
}

/* Types text as the window gets it: one text event per character, and a
 * key event before a space (which must not press anything). */
static inline void type(const char *s)
{
    while (*s) {
        int n = 1;
        while (((unsigned char)s[n] & 0xC0) == 0x80)
            n++;
        if (*s == ' ')
            key(SDLK_SPACE, 0);
        SDL_Event e = {0};
        e.type = SDL_TEXTINPUT;
        memcpy(e.text.text, s, (size_t)n);
        send(&e);
        s += n;
    }
}

/* Where the control id was in the last frame; empty when it was not. */
static inline Rect focus_rect(uint32_t id)
{
    for (int i = 0; i < app.ui.nprev; i++)
        if (app.ui.prev_order[i].id == id)
            return app.ui.prev_order[i].rect;
    return (Rect){0, 0, 0, 0};
}

/* Saves the frame as $VAKSAM_TEST_SHOTS/<SHOT_PREFIX>NN-name.png. */
static inline void shot(const char *name)
{
    const char *dir = getenv("VAKSAM_TEST_SHOTS");
    if (!dir)
        return;
    int w = app.ui.width, h = app.ui.height;
    uint8_t *px = xmalloc((size_t)w * h * 4);
    SDL_RenderReadPixels(app.sdl, NULL, SDL_PIXELFORMAT_ABGR8888, px, w * 4);
    char *path =
        xasprintf("%s/" SHOT_PREFIX "%02d-%s.png", dir, ++shot_no, name);
    VkError err;
    if (png_write(path, w, h, px, w * 4, &err) < 0)
        fprintf(stderr, "%s\n", err.msg);
    free(path);
    free(px);
}

/* A text command with exactly this text, beginning with it, or holding
 * it, is in the frame. */
static inline bool shows(const char *text)
{
    for (int i = 0; i < app.ui.ncmds; i++)
        if (app.ui.cmds[i].type == CMD_TEXT &&
            strcmp(ui_cmd_text(&app.ui, &app.ui.cmds[i]), text) == 0)
            return true;
    return false;
}

static inline bool shows_prefix(const char *text)
{
    for (int i = 0; i < app.ui.ncmds; i++)
        if (app.ui.cmds[i].type == CMD_TEXT &&
            strncmp(ui_cmd_text(&app.ui, &app.ui.cmds[i]), text,
                    strlen(text)) == 0)
            return true;
    return false;
}

static inline bool shows_part(const char *text)
{
    for (int i = 0; i < app.ui.ncmds; i++)
        if (app.ui.cmds[i].type == CMD_TEXT &&
            strstr(ui_cmd_text(&app.ui, &app.ui.cmds[i]), text))
            return true;
    return false;
}

#endif
