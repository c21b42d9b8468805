/*
 * test_golden.c - the main screens look as they did: sign-in, home, a
 * scene, a decision's feedback, the debrief, My progress, a quiz question
 * and the CISO's dashboard, in English and Swedish, in a 1024x720 and a
 * 480x360 window, each compared pixel by pixel with its picture in
 * tests/golden/. A pixel differs when a colour channel is more than
 * CHANNEL_SLACK apart; a screen fails when more than 0.05 % of its pixels
 * differ (text hinting and the SVG rasteriser may move an edge, a changed
 * layout moves whole blocks). A failing screen is saved beside the build
 * with its difference marked, and the file named.
 *
 * After a change meant to be seen, make the pictures again with
 *   sh scripts/golden.sh
 * and look at what changed (git diff shows the PNGs) before committing.
 */
#include "app.h"
#include "dashboard.h"
#include "i18n.h"
#include "png.h"

#include "../test.h"

#define SHOT_PREFIX "golden-"
#include "harness.h"
#include "pictures.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

enum { CHANNEL_SLACK = 40, PER_10000_ALLOWED = 5 };

static char db_path[256];
static bool updating; /* VAKSAM_GOLDEN_UPDATE=1: write the pictures */
static int compared, written;

/* Pixels of a and b (RGBA, w x h) more than the slack apart; marks them
 * in mark (when not NULL) in magenta. */
static long differing(const uint8_t *a, const uint8_t *b, int w, int h,
                      uint8_t *mark)
{
    long n = 0;
    for (long i = 0; i < (long)w * h; i++) {
        bool off = false;
        for (int c = 0; c < 3; c++)
            off |= abs(a[i * 4 + c] - b[i * 4 + c]) > CHANNEL_SLACK;
        n += off;
        if (mark && off)
            memcpy(mark + i * 4, "\xFF\x00\xFF\xFF", 4);
    }
    return n;
}

/* True when rgba matches the golden picture name within the tolerance;
 * quiet: expected not to (the comparison's own check). */
static bool matches(const char *name, const uint8_t *rgba, int w, int h,
                    bool quiet)
{
    char *path = xasprintf("%s/%s.png", VAKSAM_GOLDEN_DIR, name);
    Picture g;
    bool ok = false;
    if (!picture_load(path, &g)) {
        fprintf(stderr,
                "%s: missing or unreadable; make it with "
                "'sh scripts/golden.sh'\n",
                path);
    } else if (g.w != w || g.h != h) {
        if (!quiet)
            fprintf(stderr, "%s: %dx%d, the screen is %dx%d\n", path, g.w, g.h,
                    w, h);
    } else {
        long off = differing(g.rgba, rgba, w, h, NULL);
        ok = off * 10000 <= (long)w * h * PER_10000_ALLOWED;
        if (!ok && !quiet) {
            uint8_t *mark = xmalloc((size_t)w * h * 4);
            memcpy(mark, rgba, (size_t)w * h * 4);
            differing(g.rgba, rgba, w, h, mark);
            char *keep = xasprintf("%s/%s.png", VAKSAM_GOLDEN_FAILED, name);
            VkError err;
            png_write(keep, w, h, mark, w * 4, &err);
            fprintf(stderr,
                    "%s: %ld of %d pixels differ (%.2f %%); the screen, "
                    "its differences in magenta: %s\n",
                    path, off, w * h, 100.0 * off / ((double)w * h), keep);
            free(keep);
            free(mark);
        }
    }
    free(g.rgba);
    free(path);
    return ok;
}

static void golden_rgba(const char *name, const uint8_t *rgba, int w, int h)
{
    if (updating) {
        char *path = xasprintf("%s/%s.png", VAKSAM_GOLDEN_DIR, name);
        VkError err;
        if (png_write(path, w, h, rgba, w * 4, &err) < 0)
            fprintf(stderr, "%s\n", err.msg);
        free(path);
        written++;
        return;
    }
    compared++;
    if (!matches(name, rgba, w, h, false))
        CHECK(!"the screen matches its golden picture");
}

static uint8_t *frame(void)
{
    int w = app.ui.width, h = app.ui.height;
    uint8_t *px = xmalloc((size_t)w * h * 4);
    SDL_RenderReadPixels(app.sdl, NULL, SDL_PIXELFORMAT_ABGR8888, px, w * 4);
    return px;
}

/* The window's frame against tests/golden/<screen>-<lang>-<w>x<h>.png. */
static void golden(const char *screen)
{
    char name[128];
    snprintf(name, sizeof name, "%s-%s-%dx%d", screen, i18n_language(),
             app.ui.width, app.ui.height);
    app_draw(&app); /* the frame after the first brings the art */
    uint8_t *px = frame();
    golden_rgba(name, px, app.ui.width, app.ui.height);
    free(px);
}

static void start(const char *lang, int w, int h)
{
    AppConfig cfg = test_config(db_path, "golden", lang, w, h);
    open_app(&cfg);
}

/* The learner's screens, reached with the keyboard as a learner would. */
static void learner_screens(const char *lang, int w, int h)
{
    unlink(db_path);
    start(lang, w, h);
    golden("signin");
    tab_to(ui_id("unit", 0));
    key(SDLK_RETURN, 0);
    tab_to(ui_id("role", ROLE_MANAGER));
    key(SDLK_RETURN, 0);
    tab_to(ui_id("start", 0));
    key(SDLK_RETURN, 0);
    CHECK_INT(app.screen, SCREEN_HOME);
    golden("home");
    tab_to(ui_id("lesson", 0));
    key(SDLK_RETURN, 0);
    CHECK_INT(app.screen, SCREEN_LESSON);
    golden("scene");
    bool fed_back = false;
    for (int guard = 0;
         guard < 40 && app.session.player.phase != PLAYER_SUMMARY; guard++) {
        const Player *p = &app.session.player;
        if (p->phase == PLAYER_SCENE && player_scene(p)->nchoices) {
            key(SDLK_1, 0);
            if (!fed_back)
                golden("feedback");
            fed_back = true;
        }
        key(SDLK_RETURN, 0);
    }
    CHECK_INT(app.session.player.phase, PLAYER_SUMMARY);
    golden("debrief");
    key(SDLK_ESCAPE, 0);
    tab_to(ui_id("home-action", 0));
    key(SDLK_RETURN, 0);
    CHECK_INT(app.screen, SCREEN_PROGRESS);
    golden("progress");
    key(SDLK_ESCAPE, 0);
    tab_to(ui_id("quiz", 0));
    key(SDLK_RETURN, 0);
    CHECK_INT(app.screen, SCREEN_QUIZ);
    golden("quiz");
    if (!updating && strcmp(lang, "en") == 0 && w == 1024) {
        /* the comparison can fail: the quiz in high contrast is not the
         * quiz */
        app_toggle_contrast(&app);
        SDL_Event e = {.type = SDL_USEREVENT}; /* lays the page out again */
        send(&e);
        uint8_t *px = frame();
        char name[64];
        snprintf(name, sizeof name, "quiz-en-%dx%d", w, h);
        CHECK(!matches(name, px, w, h, true));
        free(px);
        app_toggle_contrast(&app);
    }
    app_free(&app);
}

/* The CISO's dashboard, drawn from a report with known figures as
 * `vaksam report --png` draws it. */
static void dashboard_screen(const char *lang, int w, int h)
{
    i18n_set_language(lang);
    Report r;
    handmade(&r);
    char *path = xasprintf("%s/dashboard.png", test_dir);
    DashboardPicture pic = {w,     h,   VAKSAM_FONT_REGULAR, VAKSAM_FONT_BOLD,
                            false, NULL};
    VkError err;
    CHECK(dashboard_write_png(&r, NULL, NULL, path, &pic, &err) == 0);
    Picture p;
    CHECK(picture_load(path, &p));
    char name[64];
    snprintf(name, sizeof name, "dashboard-%s-%dx%d", lang, w, h);
    golden_rgba(name, p.rgba, p.w, p.h);
    free(p.rgba);
    unlink(path);
    free(path);
    report_free(&r);
}

int main(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    setenv("SDL_RENDER_DRIVER", "software", 1);
    setenv("LANG", "C", 1);
    unsetenv("LANGUAGE");
    unsetenv("LC_ALL");
    updating = getenv("VAKSAM_GOLDEN_UPDATE") != NULL;
    if (system("rm -f '" VAKSAM_GOLDEN_FAILED "'/*.png") != 0)
        return 1; /* last run's failures: gone */
    i18n_init(VAKSAM_LOCALE_DIR);
    snprintf(test_dir, sizeof test_dir, "/tmp/vaksam-test-golden-XXXXXX");
    if (!mkdtemp(test_dir))
        return 1;
    snprintf(db_path, sizeof db_path, "%s/golden.db", test_dir);
    static const char *const langs[] = {"en", "sv"};
    static const int sizes[][2] = {{1024, 720}, {480, 360}};
    for (int l = 0; l < 2; l++)
        for (int s = 0; s < 2; s++) {
            learner_screens(langs[l], sizes[s][0], sizes[s][1]);
            dashboard_screen(langs[l], sizes[s][0], sizes[s][1]);
        }
    if (updating)
        printf("wrote %d pictures to %s\n", written, VAKSAM_GOLDEN_DIR);
    else
        printf("compared %d screens with %s\n", compared, VAKSAM_GOLDEN_DIR);
    char *cmd = xasprintf("rm -rf '%s'", test_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", test_dir);
    free(cmd);
    return TEST_DONE();
}
