/*
 * test_layout.c - text keeps its layout: at 100 % and 200 % text, in
 * English and Swedish, in a 480x360 and an 800x600 window, every screen a
 * learner meets (sign-in, home, a lesson's scenes, decisions, feedback and
 * summary, a quiz's question, feedback and result, My progress) is drawn
 * with no line of text overlapping another and every line inside the
 * window. The layout's own rectangles are checked, not pixels.
 *
 * Set VAKSAM_TEST_SHOTS=DIR to also save the frames as PNGs.
 */
#include "app.h"
#include "i18n.h"
#include "png.h"

#include "../test.h"

#define SHOT_PREFIX "layout-"
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char db_path[256];
static const char *where; /* what is being checked, for messages */
static int density;       /* the screen's pixels per point, percent */

static void start(const char *lang, int w, int h, int text_size)
{
    AppConfig cfg = test_config(db_path, "layout", lang, w, h);
    cfg.seed = 3;
    cfg.text_size = text_size;
    cfg.density = density;
    open_app(&cfg);
}

static bool overlap(Rect a, Rect b)
{
    /* lines may touch; a shared band of more than 2 pixels is an overlap */
    int w = (a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w) -
            (a.x > b.x ? a.x : b.x);
    int h = (a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h) -
            (a.y > b.y ? a.y : b.y);
    return w > 2 && h > 2;
}

/* The visible part of a command's rectangle. */
static Rect visible(const Cmd *c)
{
    Rect r = c->rect, k = c->clip;
    int x0 = r.x > k.x ? r.x : k.x, y0 = r.y > k.y ? r.y : k.y;
    int x1 = r.x + r.w < k.x + k.w ? r.x + r.w : k.x + k.w;
    int y1 = r.y + r.h < k.y + k.h ? r.y + r.h : k.y + k.h;
    return (Rect){x0, y0, x1 - x0, y1 - y0};
}

static void check_layout(const char *name)
{
    int bad = 0;
    for (int i = 0; i < app.ui.ncmds; i++) {
        const Cmd *a = &app.ui.cmds[i];
        if (a->type != CMD_TEXT || !*ui_cmd_text(&app.ui, a))
            continue;
        Rect va = visible(a);
        if (va.w <= 0 || va.h <= 0)
            continue;
        if (a->rect.x < 0 || a->rect.x + a->rect.w > app.ui.width) {
            if (bad++ < 4)
                fprintf(stderr, "%s %s: '%s' runs out of the window\n", where,
                        name, ui_cmd_text(&app.ui, a));
        }
        for (int j = i + 1; j < app.ui.ncmds; j++) {
            const Cmd *b = &app.ui.cmds[j];
            if (b->type != CMD_TEXT || !*ui_cmd_text(&app.ui, b))
                continue;
            Rect vb = visible(b);
            if (vb.w > 0 && vb.h > 0 && overlap(va, vb) && bad++ < 4)
                fprintf(stderr, "%s %s: '%s' overlaps '%s'\n", where, name,
                        ui_cmd_text(&app.ui, a), ui_cmd_text(&app.ui, b));
        }
    }
    CHECK_INT(bad, 0);
    shot(name);
}

/* Checks the page at every scroll position, a screenful at a time. */
static void check_page(const char *name)
{
    check_layout(name);
    for (int i = 0; i < 12; i++) {
        int before = app.ui.scroll;
        key(SDLK_PAGEDOWN, 0);
        if (app.ui.scroll == before)
            break;
        check_layout(name);
    }
    for (int i = 0; i < 12 && app.ui.scroll > 0; i++)
        key(SDLK_PAGEUP, 0);
}

static void walk(const char *lang, int w, int h, int size)
{
    char label[64];
    snprintf(label, sizeof label, "%s %dx%d %d%% (density %d)", lang, w, h,
             size, density);
    where = label;
    unlink(db_path);
    start(lang, w, h, size);
    check_page("signin");
    tab_to(ui_id("unit", 0));
    key(SDLK_RETURN, 0); /* the first unit */
    tab_to(ui_id("role", ROLE_MANAGER));
    key(SDLK_RETURN, 0);
    tab_to(ui_id("start", 0));
    key(SDLK_RETURN, 0);
    CHECK_INT(app.screen, SCREEN_HOME);
    check_page("home");
    tab_to(ui_id("lesson", 0));
    key(SDLK_RETURN, 0);
    CHECK_INT(app.screen, SCREEN_LESSON);
    bool decided = false;
    for (int guard = 0; guard < 40 && app.screen == SCREEN_LESSON &&
                        app.session.player.phase != PLAYER_SUMMARY;
         guard++) {
        const Player *p = &app.session.player;
        if (p->phase == PLAYER_SCENE && player_scene(p)->nchoices) {
            check_page("decision");
            key(SDLK_1, 0);
            check_page("feedback");
            decided = true;
        } else if (!decided) {
            check_page("scene");
        }
        key(SDLK_RETURN, 0);
    }
    CHECK_INT(app.session.player.phase, PLAYER_SUMMARY);
    check_page("summary");
    key(SDLK_ESCAPE, 0);
    CHECK_INT(app.screen, SCREEN_HOME);
    tab_to(ui_id("quiz", 0));
    key(SDLK_RETURN, 0);
    CHECK_INT(app.screen, SCREEN_QUIZ);
    check_page("quiz");
    for (int i = 0; i < QUIZ_LENGTH; i++) {
        key(SDLK_1, 0);
        if (i == 0)
            check_page("quiz-feedback");
        key(SDLK_RETURN, 0);
    }
    CHECK_INT(app.quiz.run.phase, QUIZ_DONE);
    check_page("quiz-done");
    key(SDLK_ESCAPE, 0);
    tab_to(ui_id("home-action", 0));
    key(SDLK_RETURN, 0);
    CHECK_INT(app.screen, SCREEN_PROGRESS);
    check_page("progress");
    app_free(&app);
}

/* Characters (code points) of UTF-8 text. */
static int chars(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* How the first scene's body text is set. */
typedef struct Measure {
    int lines, longest, leading, px;
    int ring, ring_gap; /* the focus ring's outer band: width, and its
                           distance from the control's edge */
} Measure;

/* The focus ring's outer band in the frame: its width, and how far it
 * lies outside the rect drawn just before it (0, 0: no ring). */
static void ring_of(Measure *m)
{
    for (int i = 1; i < app.ui.ncmds; i++) {
        const Cmd *c = &app.ui.cmds[i];
        Color f = app.view.theme->focus;
        if (c->type == CMD_RECT && c->border > 0 && c->color.r == f.r &&
            c->color.g == f.g && c->color.b == f.b && c->color.a == f.a) {
            m->ring = c->border;
            m->ring_gap = c[1].rect.x - c->rect.x; /* the inner band next */
            return;
        }
    }
}

/* Body text at the normal size in a wide window: lines of 60 to 75
 * characters, about 1.5 times the text's size apart. */
static Measure measure(int w, int h)
{
    unlink(db_path);
    start("en", w, h, 100);
    tab_to(ui_id("unit", 0));
    key(SDLK_RETURN, 0);
    tab_to(ui_id("role", ROLE_MANAGER));
    key(SDLK_RETURN, 0);
    tab_to(ui_id("start", 0));
    key(SDLK_RETURN, 0);
    tab_to(ui_id("lesson", 0));
    key(SDLK_RETURN, 0);
    const char *text = lesson_tr(player_text(&app.session.player));
    int longest = 0, lines = 0, first_y = -1, second_y = -1;
    for (int i = 0; i < app.ui.ncmds; i++) {
        const Cmd *c = &app.ui.cmds[i];
        const char *t = ui_cmd_text(&app.ui, c);
        if (c->type != CMD_TEXT || c->font != FONT_BODY || !strstr(text, t) ||
            chars(t) < 20)
            continue;
        lines++;
        if (chars(t) > longest)
            longest = chars(t);
        if (first_y < 0)
            first_y = c->rect.y;
        else if (second_y < 0)
            second_y = c->rect.y;
    }
    Measure m = {lines, longest, second_y - first_y,
                 app.view.theme->font_px[FONT_BODY], 0, 0};
    ring_of(&m);
    printf("%dx%d at %d %%: body text %d px, %d lines, the longest %d "
           "characters, %d px apart; the focus ring %d px wide, its bands "
           "%d px apart\n",
           w, h, app.view.density, m.px, lines, longest, m.leading, m.ring,
           m.ring_gap);
    CHECK(m.ring > 0);
    CHECK(lines >= 3);
    CHECK(longest >= 55 && longest <= 75);
    CHECK(m.leading >= m.px * 14 / 10 && m.leading <= m.px * 16 / 10);
    shot(app.view.density > 100 ? "measure-hidpi" : "measure");
    app_free(&app);
    return m;
}

static void test_measure(void)
{
    where = "measure";
    density = 0;
    Measure normal = measure(1400, 900);
    /* the same window on a screen of twice the pixels per point: the
     * page drawn at the output's pixels, so the same page at twice the
     * size, with text rasterised at it (not stretched) */
    where = "measure at 200 % density";
    density = 200;
    Measure hidpi = measure(2800, 1800);
    CHECK_INT(hidpi.px, 2 * normal.px);
    CHECK(hidpi.leading >= 2 * normal.leading - 2 &&
          hidpi.leading <= 2 * normal.leading + 2);
    CHECK(abs(hidpi.lines - normal.lines) <= 1);
    CHECK(abs(hidpi.longest - normal.longest) <= 3);
    CHECK_INT(hidpi.ring, 2 * normal.ring);
    CHECK_INT(hidpi.ring_gap, 2 * normal.ring_gap);
    density = 0;
}

int main(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    setenv("SDL_RENDER_DRIVER", "software", 1);
    setenv("LANG", "C", 1);
    unsetenv("LANGUAGE");
    unsetenv("LC_ALL");
    i18n_init(VAKSAM_LOCALE_DIR);
    snprintf(test_dir, sizeof test_dir, "/tmp/vaksam-test-layout-XXXXXX");
    if (!mkdtemp(test_dir))
        return 1;
    snprintf(db_path, sizeof db_path, "%s/layout.db", test_dir);
    static const char *const langs[] = {"en", "sv"};
    static const int sizes[][2] = {{480, 360}, {800, 600}};
    static const int zooms[] = {100, 200};
    test_measure();
    for (int l = 0; l < 2; l++)
        for (int s = 0; s < 2; s++)
            for (int z = 0; z < 2; z++)
                walk(langs[l], sizes[s][0], sizes[s][1], zooms[z]);
    /* 480x360 points on a HiDPI screen: 960x720 pixels */
    density = 200;
    walk("sv", 960, 720, 200);
    walk("en", 960, 720, 100);
    density = 0;
    unlink(db_path);
    char *wal = xasprintf("%s-wal", db_path),
         *shm = xasprintf("%s-shm", db_path);
    unlink(wal);
    unlink(shm);
    free(wal);
    free(shm);
    rmdir(test_dir);
    return TEST_DONE();
}
