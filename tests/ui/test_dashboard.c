/*
 * test_dashboard.c - the CISO's view in the real app under SDL's dummy
 * video driver and software renderer: the password screen (no password
 * set, a wrong one refused, the right one opening the view, the typed
 * password masked and wiped), then the dashboard on a synthetic
 * organisation (demodata) and on a hand-made report with known figures.
 * It reads back the heat map's pixels: each cell's colour is the scale's
 * colour for its figure (equal figures equal colours, different figures
 * different ones), a suppressed cell is grey and hatched with only a dash
 * in it, an empty one blank. It also checks the filters rebuild the
 * report, the completion register is saved, the page works by keyboard at
 * 480x360, in Swedish and in high contrast, and that the PNG picture holds
 * the same cells. Under umask 022 the saved register is 0600. After a
 * password reset the dashboard and its picture say when.
 *
 * Set VAKSAM_TEST_SHOTS=DIR to also save every checked frame as a PNG.
 */
#include "access.h"
#include "app.h"
#include "dashboard.h"
#include "demodata.h"
#include "i18n.h"
#include "png.h"

#include "../test.h"

#define SHOT_PREFIX "dash-"
#include "harness.h"
#include "pictures.h"

#include <sodium.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define PASSWORD "Blåbär och lingon 42"
#define BULLET "\xE2\x80\xA2"
#define DASH "\xE2\x80\x93"

static bool quick; /* --quick: cheap password hashes, one picture */
static char db_path[256];

/* ---- driving the app ---- */

static void start(const char *db, const char *login, int w, int h)
{
    AppConfig cfg = test_config(db, login, "en", w, h);
    open_app(&cfg);
}

static void move_to(int x, int y)
{
    SDL_Event e = {0};
    e.type = SDL_MOUSEMOTION;
    e.motion.x = x;
    e.motion.y = y;
    send(&e);
}

static void press(uint32_t id)
{
    tab_to(id);
    key(SDLK_RETURN, 0);
}

/* Clicks the middle of a control on screen. */
static void click(uint32_t id)
{
    Rect r = focus_rect(id);
    CHECK(r.w > 0);
    SDL_Event e = {0};
    e.type = SDL_MOUSEBUTTONDOWN;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.x = r.x + r.w / 2;
    e.button.y = r.y + r.h / 2;
    app_event(&app, &e);
    e.type = SDL_MOUSEBUTTONUP;
    send(&e);
}

/* Every command is clipped to the window and text fits its width. */
static void check_inside_window(void)
{
    int bad = 0;
    for (int i = 0; i < app.ui.ncmds; i++) {
        const Cmd *c = &app.ui.cmds[i];
        Rect k = c->clip, r = c->rect;
        bool clip_ok = k.x >= 0 && k.y >= 0 && k.x + k.w <= app.ui.width &&
                       k.y + k.h <= app.ui.height;
        bool fits =
            c->type != CMD_TEXT || (r.x >= 0 && r.x + r.w <= app.ui.width);
        if ((!clip_ok || !fits) && bad++ < 3)
            fprintf(stderr, "command %d (%s) at %d,%d %dx%d outside %dx%d\n", i,
                    ui_cmd_text(&app.ui, c), r.x, r.y, r.w, r.h, app.ui.width,
                    app.ui.height);
    }
    CHECK_INT(bad, 0);
}

/* ---- pixels ---- */

static bool same(Color a, Color b)
{
    return abs(a.r - b.r) <= 2 && abs(a.g - b.g) <= 2 && abs(a.b - b.b) <= 2;
}

/* The colour most pixels inside r have (text and edges are few). */
static Color dominant(Rect r)
{
    r = (Rect){r.x + 3, r.y + 3, r.w - 6, r.h - 6};
    if (r.w <= 0 || r.h <= 0)
        return (Color){0, 0, 0, 0};
    Uint32 *px = xmalloc((size_t)r.w * r.h * 4);
    SDL_RenderReadPixels(app.sdl, &(SDL_Rect){r.x, r.y, r.w, r.h},
                         SDL_PIXELFORMAT_ARGB8888, px, r.w * 4);
    Uint32 seen[64];
    int count[64], n = 0;
    for (int i = 0; i < r.w * r.h; i++) {
        int k = 0;
        while (k < n && seen[k] != px[i])
            k++;
        if (k == n && n < 64) {
            seen[n] = px[i];
            count[n++] = 0;
        }
        if (k < n)
            count[k]++;
    }
    int best = 0;
    for (int k = 1; k < n; k++)
        if (count[k] > count[best])
            best = k;
    Uint32 p = seen[best];
    free(px);
    return (Color){(uint8_t)(p >> 16), (uint8_t)(p >> 8), (uint8_t)p, 255};
}

/* The pixels of r with colour c. */
static int count_color(Rect r, Color c)
{
    Uint32 *px = xmalloc((size_t)r.w * r.h * 4);
    SDL_RenderReadPixels(app.sdl, &(SDL_Rect){r.x, r.y, r.w, r.h},
                         SDL_PIXELFORMAT_ARGB8888, px, r.w * 4);
    int n = 0;
    for (int i = 0; i < r.w * r.h; i++)
        n += same((Color){(uint8_t)(px[i] >> 16), (uint8_t)(px[i] >> 8),
                          (uint8_t)px[i], 255},
                  c);
    free(px);
    return n;
}

static bool inside(Rect outer, Rect r)
{
    return r.x >= outer.x && r.y >= outer.y && r.x + r.w <= outer.x + outer.w &&
           r.y + r.h <= outer.y + outer.h;
}

static bool overlaps(Rect a, Rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h &&
           b.y < a.y + a.h;
}

static const Figure *cell_figure(const Report *r, int row, int col)
{
    const ReportUnit *u = &r->units[row];
    return col == 0 ? &u->overall : &u->topic[col - 1];
}

typedef struct HeatCount {
    int shown, suppressed, empty, values;
} HeatCount;

/* Every cell of the heat map on screen against its figure: colour by
 * value, suppressed drawn as suppressed with nothing but the mark in it,
 * empty blank; equal figures equal colours, different ones different. */
static HeatCount check_heat_map(const Report *r)
{
    const Theme *t = app.view.theme;
    HeatCount hc = {0, 0, 0, 0};
    Color colors[101];
    bool used[101] = {false};
    for (int row = 0; row < r->nunits; row++) {
        for (int col = 0; col < 1 + TOPIC_COUNT; col++) {
            const Figure *f = cell_figure(r, row, col);
            Rect cell = focus_rect(dashboard_cell_id(row, col));
            CHECK(cell.w > 8 && cell.h > 8);
            CHECK(inside(app.ui.view, cell));
            Color c = dominant(cell);
            int texts = 0;
            for (int i = 0; i < app.ui.ncmds; i++) {
                const Cmd *cmd = &app.ui.cmds[i];
                if (cmd->type != CMD_TEXT || !overlaps(cmd->rect, cell))
                    continue;
                const char *s = ui_cmd_text(&app.ui, cmd);
                char v[16];
                snprintf(v, sizeof v, "%d", f->value);
                texts++;
                if (f->suppressed)
                    CHECK_STR(s, DASH);
                else
                    CHECK_STR(s, v);
            }
            if (f->suppressed) {
                hc.suppressed++;
                CHECK(same(c, t->suppressed));
                CHECK(count_color(cell, t->hatch) > 10);
                CHECK_INT(texts, 1);
            } else if (f->empty) {
                hc.empty++;
                CHECK(same(c, t->surface));
                CHECK_INT(texts, 0);
            } else {
                hc.shown++;
                CHECK(same(c, dashboard_color(t, f->value)));
                CHECK(!same(c, t->suppressed) && !same(c, t->surface));
                if (!used[f->value]) {
                    hc.values++;
                    used[f->value] = true;
                    colors[f->value] = c;
                }
                CHECK(same(colors[f->value], c));
            }
        }
    }
    /* different figures, different colours */
    for (int a = 0; a <= 100; a++)
        for (int b = a + 1; b <= 100; b++)
            if (used[a] && used[b])
                CHECK(!same(colors[a], colors[b]));
    return hc;
}

static int picture_count(const Picture *p, Color c)
{
    int n = 0;
    for (int i = 0; i < p->w * p->h; i++) {
        const uint8_t *q = p->rgba + (size_t)i * 4;
        n += same((Color){q[0], q[1], q[2], 255}, c);
    }
    return n;
}

static void check_picture(const Report *r, int w, int h, bool contrast)
{
    char *path = xasprintf("%s/dash-%dx%d%s.png", test_dir, w, h,
                           contrast ? "-contrast" : "");
    VkError err;
    DashboardPicture pic = {
        w, h, VAKSAM_FONT_REGULAR, VAKSAM_FONT_BOLD, contrast, NULL};
    CHECK(dashboard_write_png(r, &app.lessons, &app.pools, path, &pic, &err) ==
          0);
    Picture p;
    CHECK(picture_load(path, &p));
    CHECK_INT(p.w, w);
    CHECK(p.h >= h);
    const Theme *t = theme_get(contrast);
    /* every value of the heat map is there in its colour (each cell has
     * well over 100 pixels), and the suppressed cells in theirs */
    for (int row = 0; row < r->nunits; row++)
        for (int col = 0; col < 1 + TOPIC_COUNT; col++) {
            const Figure *f = cell_figure(r, row, col);
            if (!f->suppressed && !f->empty)
                CHECK(picture_count(&p, dashboard_color(t, f->value)) > 100);
        }
    CHECK(picture_count(&p, t->suppressed) > 500);
    /* the content reaches down the whole picture: its last rows hold the
     * bottom edge of the last panel */
    int edge = 0;
    for (int y = p.h - 40; y < p.h; y++)
        edge += !same(
            (Color){p.rgba[(size_t)y * p.w * 4 + (size_t)(p.w / 2) * 4],
                    p.rgba[(size_t)y * p.w * 4 + (size_t)(p.w / 2) * 4 + 1],
                    p.rgba[(size_t)y * p.w * 4 + (size_t)(p.w / 2) * 4 + 2],
                    255},
            t->background);
    CHECK(edge > 0);
    const char *dir = getenv("VAKSAM_TEST_SHOTS");
    if (dir) {
        char *keep = xasprintf("%s/dash-picture-%dx%d%s-%s.png", dir, w, h,
                               contrast ? "-contrast" : "", i18n_language());
        rename(path, keep);
        free(keep);
    }
    unlink(path);
    free(path);
    free(p.rgba);
}

/* ---- the tests ---- */

/* Without a password the view says how to set one and has no field. */
static void test_no_password(void)
{
    char *db = xasprintf("%s/empty.db", test_dir);
    start(db, "learner", 900, 700);
    CHECK_INT(app.screen, SCREEN_SIGNIN);
    press(ui_id("ciso", 0));
    CHECK_INT(app.screen, SCREEN_CISO_LOGIN);
    CHECK(shows_part("vaksam ciso set-password"));
    CHECK_INT(focus_rect(ui_id("password", 0)).w, 0);
    check_inside_window();
    shot("no-password");
    key(SDLK_ESCAPE, 0);
    CHECK_INT(app.screen, SCREEN_SIGNIN);
    app_free(&app);
    unlink(db);
    free(db);
}

static void set_password(Store *s)
{
    VkError err;
    CHECK(access_init());
    if (quick) {
        /* under valgrind: an Argon2id hash with the smallest limits, so
         * checking it takes a moment instead of a minute (access.c keeps
         * its hash in this setting) */
        char hash[crypto_pwhash_STRBYTES];
        CHECK(crypto_pwhash_str(hash, PASSWORD, strlen(PASSWORD),
                                crypto_pwhash_OPSLIMIT_MIN,
                                crypto_pwhash_MEMLIMIT_MIN) == 0);
        CHECK(store_set_setting(s, "ciso_password", hash, &err) == 0);
    } else {
        CHECK(access_set_password(s, PASSWORD, &err) == 0);
    }
}

/* A synthetic organisation with the CISO's password set. */
static void make_organisation(void)
{
    VkError err;
    Store *s = store_open(db_path, &err);
    CHECK(s != NULL);
    if (!s)
        exit(1);
    LessonSet course = {0}, pools = {0};
    Diags d = {0};
    lessonset_load_dir(&course, VAKSAM_LESSONS_DIR, &d);
    lessonset_take_quizzes(&course, &pools);
    DemoDataOptions o = {.learners = 200,
                         .units = 10,
                         .months = 12,
                         .seed = 11,
                         .course = &course,
                         .pools = &pools};
    DemoDataStats st;
    CHECK(demodata_fill(s, &o, &st, &err) == 0);
    CHECK(report_set_k(s, 6, &err) == 0);
    set_password(s);
    store_close(s);
    lessonset_free(&course);
    lessonset_free(&pools);
    diags_free(&d);
}

static bool wiped(void)
{
    for (size_t i = 0; i < sizeof app.password; i++)
        if (app.password[i])
            return false;
    return true;
}

static void test_password(void)
{
    start(db_path, "ciso-tester", 900, 700);
    CHECK_INT(app.screen, SCREEN_SIGNIN);
    press(ui_id("ciso", 0));
    CHECK_INT(app.screen, SCREEN_CISO_LOGIN);
    CHECK_INT(app.ui.focus, ui_id("password", 0));
    /* masked: a bullet per character, never the text */
    type("Blåbär");
    CHECK(shows(BULLET BULLET BULLET BULLET BULLET BULLET));
    CHECK(!shows_part("Blåbär"));
    key(SDLK_BACKSPACE, 0);
    CHECK(shows(BULLET BULLET BULLET BULLET BULLET));
    CHECK_STR(app.password, "Blåbä");
    shot("password-typed");
    /* one wrong try: refused after the delay, nothing opens, nothing is
     * said about what was wrong, the typed text is wiped */
    type(" och blåbär 42");
    struct timespec t0, t1, t2;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    key(SDLK_RETURN, 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    /* the check runs away from the frame loop: the window says so at once
     * and keeps answering (Tab moves the focus) while it waits */
    CHECK(app.checking_password);
    CHECK(shows("Checking the password..."));
    double answered =
        (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    CHECK(answered < 0.5);
    uint32_t before = app.ui.focus;
    key(SDLK_TAB, 0);
    CHECK(app.checking_password);
    CHECK(app.ui.focus != before);
    key(SDLK_TAB, KMOD_SHIFT);
    wait_checks();
    clock_gettime(CLOCK_MONOTONIC, &t2);
    double waited =
        (double)(t2.tv_sec - t0.tv_sec) + (t2.tv_nsec - t0.tv_nsec) / 1e9;
    CHECK(waited >= ACCESS_WRONG_DELAY_MS / 1000.0 - 0.05);
    CHECK_INT(app.screen, SCREEN_CISO_LOGIN);
    CHECK(app.wrong_password);
    CHECK(shows("Wrong password."));
    CHECK(wiped());
    CHECK(app.report.units == NULL && app.report.ntrend == 0);
    CHECK(!shows(BULLET));
    check_inside_window();
    shot("password-wrong");
    /* the right one opens the dashboard (Enter in the field) */
    CHECK_INT(app.ui.focus, ui_id("password", 0));
    type(PASSWORD);
    key(SDLK_RETURN, 0);
    wait_checks();
    CHECK_INT(app.screen, SCREEN_DASHBOARD);
    CHECK(wiped());
    CHECK_INT(app.report.ntrend, 12); /* the last 12 months */
    CHECK(app.report.nunits > 0);
}

/* The dashboard on the synthetic organisation. */
/* While the dashboard is open its reports go through one cache; a learner
 * another program adds (to unit) counts at the next filter change. */
static void check_cache_follows(long long unit)
{
    CHECK(app.report_cache != NULL);
    press(ui_id("filter", 1)); /* up to the organisation */
    CHECK_INT(app.report.filter.unit_id, 0);
    int eligible = app.report.participation.learners;
    CHECK(eligible > 0);
    VkError err;
    Store *other = store_open(db_path, &err);
    Learner joiner;
    CHECK(other && store_save_learner(other, "late-joiner", unit, ROLE_STAFF,
                                      &joiner, &err) == 0);
    store_close(other);
    press(ui_id("filter", 2));
    key(SDLK_RETURN, 0);
    key(SDLK_RETURN, 0);
    CHECK_INT(app.report.filter.role, REPORT_ROLE_ALL);
    CHECK_INT(app.report.participation.learners, eligible + 1);
}

static void test_demo_dashboard(void)
{
    CHECK(shows("Awareness in the organisation"));
    CHECK(!shows_prefix("Note: the CISO's password was reset")); /* never was */
    /* the organisation's k, as the report and the page say */
    CHECK_INT(app.report.filter.k, 6);
    CHECK(shows_part("fewer than 6 learners"));
    check_inside_window();
    shot("demo-900");
    /* tall enough to read every cell at once */
    resize(900, 2400);
    HeatCount hc = check_heat_map(&app.report);
    CHECK(hc.shown > 0);
    CHECK(hc.suppressed > 0); /* the organisation has small units */
    CHECK(hc.values > 1);
    shot("demo-tall");
    resize(1600, 2400);
    check_heat_map(&app.report);
    shot("demo-wide");
    resize(900, 700);

    /* the filters rebuild the report */
    int now = month_of_time(time(NULL));
    press(ui_id("filter", 0));
    CHECK_INT(app.period, PERIOD_THIS_YEAR);
    CHECK_INT(app.report.filter.period.first, now / 12 * 12);
    CHECK_INT(app.report.filter.period.last, now);
    CHECK_INT(app.ui.focus, ui_id("filter", 0));
    /* the unit button does nothing for the whole organisation; a heat-map
     * row's cell opens that unit, and the button goes back up */
    press(ui_id("filter", 1));
    CHECK_INT(app.report.filter.unit_id, 0);
    int row = 0;
    while (row < app.report.nunits && app.report.units[row].own)
        row++;
    CHECK(row < app.report.nunits);
    long long opened = app.report.units[row].id;
    char opened_name[128];
    snprintf(opened_name, sizeof opened_name, "%s", app.report.units[row].name);
    press(dashboard_cell_id(row, 1));
    CHECK_INT(app.report.filter.unit_id, opened);
    CHECK_STR(app.report.unit_name, opened_name);
    press(ui_id("filter", 1)); /* up: the organisation's only top unit */
    CHECK_INT(app.report.filter.unit_id, 0);
    tab_to(dashboard_cell_id(row, 0)); /* scrolls it into view */
    CHECK(app.ui.scroll > 0);
    click(dashboard_cell_id(row, 0));
    CHECK_INT(app.report.filter.unit_id, opened);
    /* the opened unit is shown from its top, with the way back up */
    CHECK_INT(app.ui.scroll, 0);
    char shown[160];
    snprintf(shown, sizeof shown, "Shown: %s", opened_name);
    CHECK(shows(shown));
    CHECK_INT(app.ui.focus, ui_id("crumb", 0));
    key(SDLK_RETURN, 0); /* Whole organisation */
    CHECK_INT(app.report.filter.unit_id, 0);
    CHECK(!shows_prefix("Shown: "));
    tab_to(dashboard_cell_id(row, 0));
    click(dashboard_cell_id(row, 0));
    CHECK_INT(app.report.filter.unit_id, opened);
    press(ui_id("filter", 2));
    CHECK_INT(app.report.filter.role, ROLE_MANAGER);
    key(SDLK_RETURN, 0);
    key(SDLK_RETURN, 0);
    CHECK_INT(app.report.filter.role, REPORT_ROLE_ALL);
    shot("demo-filtered");
    check_cache_follows(opened);

    /* the completion register, next to the learner's exports */
    press(ui_id("register", 0));
    char date[32];
    time_t t = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%d", localtime(&t));
    char *path = xasprintf("%s/vaksam-register-%s.csv", test_dir, date);
    size_t n;
    char *csv = read_file(path, &n, NULL);
    CHECK(csv && strncmp(csv, "login,unit_id,unit,role,course,completed_at\n",
                         44) == 0);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600); /* umask 022 */
    CHECK(shows_prefix("The completion register was saved in"));
    CHECK(!app.error[0]);
    free(csv);
    unlink(path);
    free(path);
}

/* The hand-made report: exact colours, marks and figures. */
static void test_known_figures(void)
{
    report_free(&app.report);
    handmade(&app.report);
    resize(900, 2400);
    const Report *r = &app.report;
    HeatCount hc = check_heat_map(r);
    CHECK_INT(hc.suppressed, 2 + 7);
    CHECK_INT(hc.empty, 7 + 1);
    Color a = dominant(focus_rect(dashboard_cell_id(0, 2)));
    CHECK(same(a, dominant(focus_rect(dashboard_cell_id(0, 3)))));
    CHECK(same(a, dominant(focus_rect(dashboard_cell_id(1, 1)))));
    CHECK(!same(a, dominant(focus_rect(dashboard_cell_id(0, 1)))));
    /* the figures, the change and the labels */
    CHECK(shows("64"));
    char change[128], prev[64];
    period_format(r->previous, prev, sizeof prev);
    snprintf(change, sizeof change, "up 4 points from %s", prev);
    CHECK(shows_part(change));
    CHECK(shows("Demo Municipality (own members)"));
    CHECK(shows("Trend by month"));
    shot("known-tall");
    /* the missed decisions by their text */
    resize(900, 3600);
    CHECK(shows_prefix("1. Who owns the risk"));
    CHECK(shows_part("35 % chose: Take the ownership yourself"));
    CHECK(shows_part("18 % chose: Change your password at once"));
    resize(900, 2400);

    /* a cell's exact figures under the map, by focus and by pointer */
    tab_to(dashboard_cell_id(0, 2));
    CHECK(shows("Finance \xC2\xB7 Integrity: index 72, from 12 learners and "
                "72 answers"));
    Rect hidden = focus_rect(dashboard_cell_id(2, 0));
    move_to(hidden.x + hidden.w / 2, hidden.y + hidden.h / 2);
    CHECK(shows_part("Small office \xC2\xB7 all topics: not shown on its "
                     "own"));
    CHECK(!shows_part("Finance \xC2\xB7 Integrity"));
    shot("known-detail");
    /* every bar can be focused too, and the line under its panel then
     * gives its figures: a topic's, and a unit's participation */
    move_to(0, 0);
    tab_to(ui_id("topic-bar", 0));
    CHECK(shows("Confidentiality: index 71, from 40 learners and 240 "
                "answers"));
    tab_to(ui_id("topic-bar", 4));
    CHECK(shows_prefix("The CISO: not shown on its own"));
    tab_to(ui_id("part-bar", 1));
    CHECK(shows("Finance: 70 % of 12 learners took part"));
    Rect point = focus_rect(dashboard_point_id(1));
    move_to(point.x + point.w / 2, point.y + point.h / 2);
    CHECK(shows_prefix("2026-02: not shown"));
    point = focus_rect(dashboard_point_id(2));
    move_to(point.x + point.w / 2, point.y + point.h / 2);
    CHECK(shows("2026-03: index 64, from 40 learners and 240 answers"));
    move_to(0, 0);

    /* the picture draws the same cells */
    check_picture(r, 480, 360, false);
    if (!quick) {
        check_picture(r, 1600, 1000, false);
        check_picture(r, 1024, 720, true);
    }
}

/* At 480x360 the page scrolls and every control comes into view. */
static void test_small_window(void)
{
    resize(480, 360);
    check_inside_window();
    shot("small-top");
    uint32_t first = app.ui.focus;
    int visited = 0;
    do {
        key(SDLK_TAB, 0);
        Rect f = focus_rect(app.ui.focus);
        int mid = f.y + f.h / 2;
        CHECK(mid >= 0 && mid < app.ui.height);
        CHECK(f.x >= 0 && f.x + f.w <= app.ui.width);
        /* a cell comes into view with the line that tells its figures */
        for (int row = 0; row < app.report.nunits; row++)
            for (int col = 0; col < 1 + TOPIC_COUNT; col++) {
                if (app.ui.focus != dashboard_cell_id(row, col))
                    continue;
                const ReportUnit *u = &app.report.units[row];
                char name[160];
                snprintf(name, sizeof name, u->own ? "%s (own" : "%s \xC2\xB7",
                         u->name);
                CHECK(f.y >= app.ui.view.y);
                bool told = false;
                for (int i = 0; i < app.ui.ncmds; i++) {
                    const Cmd *c = &app.ui.cmds[i];
                    told |= c->type == CMD_TEXT && c->font == FONT_BOLD &&
                            strncmp(ui_cmd_text(&app.ui, c), name,
                                    strlen(name)) == 0 &&
                            c->rect.y + c->rect.h <= app.ui.height;
                }
                if (!told)
                    fprintf(stderr,
                            "cell %d,%d: its figures are not in "
                            "view\n",
                            row, col);
                CHECK(told);
            }
        if (app.ui.focus == dashboard_cell_id(1, 2))
            shot("small-cell");
        visited++;
    } while (app.ui.focus != first && visited < 400);
    CHECK_INT(visited, app.ui.nprev);
    CHECK(visited > 5 * (1 + TOPIC_COUNT)); /* the cells are among them */
    check_inside_window();
}

static void test_language_and_contrast(void)
{
    resize(1024, 720);
    click(ui_id("language", 0));
    CHECK_STR(i18n_language(), "sv");
    check_inside_window();
    shot("sv");
    click(ui_id("contrast", 0));
    CHECK(app.view.high_contrast);
    resize(1024, 2400);
    CHECK(shows_part("Konfidentialitet"));
    check_heat_map(&app.report);
    shot("sv-contrast-tall");
    if (!quick)
        check_picture(&app.report, 1024, 720, true);
    resize(1024, 720);
    shot("sv-contrast");
    click(ui_id("language", 0));
    click(ui_id("contrast", 0));
    CHECK_STR(i18n_language(), "en");
    CHECK(!app.view.high_contrast);
    /* Esc goes back, and the report is gone with the view */
    key(SDLK_ESCAPE, 0);
    CHECK_INT(app.screen, SCREEN_SIGNIN);
    CHECK(app.report.units == NULL);
    app_free(&app);
}

/* From the home screen too, and back there. */
/* The whole way by keyboard alone, as a manager who is also the CISO
 * would go: sign-in, a lesson to its debrief, a quiz to its result, My
 * progress, then the CISO's view and into a unit of its heat map. Only
 * key and text events are sent; the mouse never moves. */
static void test_keyboard_path(void)
{
    start(db_path, "keyboard-only", 900, 700);
    CHECK_INT(app.screen, SCREEN_SIGNIN);
    press(ui_id("unit", 0));
    press(ui_id("role", ROLE_MANAGER));
    press(ui_id("start", 0));
    CHECK_INT(app.screen, SCREEN_HOME);
    press(ui_id("lesson", 0));
    CHECK_INT(app.screen, SCREEN_LESSON);
    int decisions = 0;
    for (int guard = 0;
         guard < 60 && app.session.player.phase != PLAYER_SUMMARY; guard++) {
        const Player *p = &app.session.player;
        if (p->phase == PLAYER_SCENE && player_scene(p)->nchoices) {
            key(SDLK_2, 0);
            decisions++;
        }
        key(SDLK_RETURN, 0);
    }
    CHECK_INT(app.session.player.phase, PLAYER_SUMMARY);
    CHECK(decisions > 0);
    CHECK(shows("Lesson complete"));
    press(ui_id("continue", 0)); /* Back to the course */
    CHECK_INT(app.screen, SCREEN_HOME);
    press(ui_id("quiz", 0));
    CHECK_INT(app.screen, SCREEN_QUIZ);
    for (int i = 0; i < QUIZ_LENGTH && app.quiz.run.phase != QUIZ_DONE; i++) {
        key(SDLK_1, 0);
        key(SDLK_RETURN, 0);
    }
    CHECK_INT(app.quiz.run.phase, QUIZ_DONE);
    key(SDLK_ESCAPE, 0);
    CHECK_INT(app.screen, SCREEN_HOME);
    press(ui_id("home-action", 0));
    CHECK_INT(app.screen, SCREEN_PROGRESS);
    key(SDLK_ESCAPE, 0);
    CHECK_INT(app.screen, SCREEN_HOME);
    press(ui_id("ciso", 0));
    CHECK_INT(app.screen, SCREEN_CISO_LOGIN);
    CHECK_INT(app.ui.focus, ui_id("password", 0));
    type(PASSWORD);
    key(SDLK_RETURN, 0);
    wait_checks();
    CHECK_INT(app.screen, SCREEN_DASHBOARD);
    CHECK(app.report_cache != NULL);
    int row = 0;
    while (row < app.report.nunits && app.report.units[row].own)
        row++;
    CHECK(row < app.report.nunits);
    long long unit = row < app.report.nunits ? app.report.units[row].id : -1;
    press(dashboard_cell_id(row, 0));
    CHECK_INT(app.report.filter.unit_id, unit);
    CHECK_INT(app.ui.focus, ui_id("crumb", 0));
    press(ui_id("back", 0));
    CHECK_INT(app.screen, SCREEN_HOME);
    CHECK(app.report_cache == NULL); /* its sums go with the view */
    app_free(&app);
}

/* The pixels of a picture in colour c, with a reset at reset_at or not. */
static int picture_pixels(const char *reset_at, Color c)
{
    char *path = xasprintf("%s/reset.png", test_dir);
    DashboardPicture pic = {
        900, 700, VAKSAM_FONT_REGULAR, VAKSAM_FONT_BOLD, false, reset_at};
    VkError err;
    CHECK(dashboard_write_png(&app.report, &app.lessons, &app.pools, path, &pic,
                              &err) == 0);
    Picture p;
    CHECK(picture_load(path, &p));
    int n = picture_count(&p, c);
    unlink(path);
    free(path);
    free(p.rgba);
    return n;
}

/* After `vaksam ciso reset-password` the dashboard says when, at its top
 * where it is seen without scrolling, in each language and in the
 * picture. */
static void test_reset_notice(void)
{
    VkError err;
    Store *s = store_open(db_path, &err);
    CHECK(s != NULL);
    if (!s)
        return;
    char when[64] = "", notice[512];
    CHECK(access_reset_password(s, &err) == 0);
    CHECK_INT(access_last_reset(s, when, sizeof when, &err), 1);
    set_password(s);
    store_close(s);
    start(db_path, "ciso-tester", 1600, 900);
    press(ui_id("ciso", 0));
    type(PASSWORD);
    key(SDLK_RETURN, 0);
    wait_checks();
    CHECK_INT(app.screen, SCREEN_DASHBOARD);
    access_reset_notice(when, notice, sizeof notice);
    CHECK(shows(notice));
    for (int i = 0; i < app.ui.ncmds; i++) {
        const Cmd *c = &app.ui.cmds[i];
        if (c->type == CMD_TEXT && strcmp(ui_cmd_text(&app.ui, c), notice) == 0)
            CHECK(c->rect.y >= 0 && c->rect.y + c->rect.h <= app.ui.height);
    }
    CHECK_INT(app.report.filter.k, REPORT_K_DEFAULT); /* k went back */
    shot("reset-notice");
    resize(480, 360);
    CHECK(shows_prefix("Note: the CISO's password was reset on"));
    check_inside_window();
    click(ui_id("language", 0));
    CHECK(shows_prefix("Obs! CISO:ns lösenord återställdes"));
    shot("reset-notice-sv");
    click(ui_id("language", 0));
    /* the picture has the banner's colour only with the notice */
    Color bg = app.view.theme->result_bg[RESULT_WRONG];
    CHECK(picture_pixels(when, bg) > picture_pixels(NULL, bg) + 5000);
    app_free(&app);
}

int main(int argc, char **argv)
{
    quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
    umask(022); /* what most users have: exports must be 0600 anyway */
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    setenv("SDL_RENDER_DRIVER", "software", 1);
    setenv("LANG", "C", 1);
    unsetenv("LANGUAGE");
    unsetenv("LC_ALL");
    i18n_init(VAKSAM_LOCALE_DIR);
    snprintf(test_dir, sizeof test_dir, "/tmp/vaksam-test-dash-XXXXXX");
    if (!mkdtemp(test_dir))
        return 1;
    snprintf(db_path, sizeof db_path, "%s/org.db", test_dir);
    test_no_password();
    make_organisation();
    test_password();
    test_demo_dashboard();
    test_known_figures();
    test_small_window();
    test_language_and_contrast();
    test_keyboard_path();
    test_reset_notice();
    const char *suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        char *p = xasprintf("%s%s", db_path, suffix[i]);
        unlink(p);
        free(p);
        p = xasprintf("%s/empty.db%s", test_dir, suffix[i]);
        unlink(p);
        free(p);
    }
    rmdir(test_dir);
    return TEST_DONE();
}
