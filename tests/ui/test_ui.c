/*
 * test_ui.c - the real app under SDL's dummy video driver with the
 * software renderer, driven by synthetic key and mouse events through
 * sign-in, a whole lesson, a restart in the middle, resizing and a
 * language switch. It checks the database rows each answer writes and the
 * pixels on screen: the focus ring, text inside the content column, and
 * nothing drawn outside the window; and damage met mid-lesson stops the
 * window with the damaged-file message.
 *
 * Set VAKSAM_TEST_SHOTS=DIR to also save every checked frame as a PNG.
 */
#include "app.h"
#include "i18n.h"
#include "png.h"

#include "../test.h"
#include "../test_db.h"

#define SHOT_PREFIX "" /* screenshots: NN-name.png */
#include "harness.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static char db_path[256];
static const char *lessons_dir = VAKSAM_LESSONS_DIR;
static int text_size;          /* the configuration's; 0: normal */
static bool speech;            /* the configuration's: speak the focus */
static const char *saved_path; /* where the window saves its settings */
static const char *login = "testuser";

static void start(const char *lang, int w, int h)
{
    AppConfig cfg = test_config(db_path, login, lang, w, h);
    cfg.lessons_dir = lessons_dir;
    cfg.text_size = text_size;
    cfg.speech = speech;
    cfg.saved_path = saved_path;
    open_app(&cfg);
}

static void click(int x, int y)
{
    SDL_Event e = {0};
    e.type = SDL_MOUSEBUTTONDOWN;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.x = x;
    e.button.y = y;
    app_event(&app, &e);
    e.type = SDL_MOUSEBUTTONUP;
    app_event(&app, &e);
    app_draw(&app);
}

static Color pixel(int x, int y)
{
    Uint32 p = 0;
    SDL_RenderReadPixels(app.sdl, &(SDL_Rect){x, y, 1, 1},
                         SDL_PIXELFORMAT_ARGB8888, &p, 4);
    return (Color){(uint8_t)(p >> 16), (uint8_t)(p >> 8), (uint8_t)p, 255};
}

static bool same(Color a, Color b)
{
    return abs(a.r - b.r) < 8 && abs(a.g - b.g) < 8 && abs(a.b - b.b) < 8;
}

static int query(const char *sql)
{
    return query_int(db_path, sql);
}

/* Every command is clipped to a part of the window and touches it. */
static void check_inside_window(void)
{
    int bad = 0;
    for (int i = 0; i < app.ui.ncmds; i++) {
        const Cmd *c = &app.ui.cmds[i];
        Rect k = c->clip, r = c->rect;
        bool clip_ok = k.x >= 0 && k.y >= 0 && k.x + k.w <= app.ui.width &&
                       k.y + k.h <= app.ui.height;
        bool touches = r.x < k.x + k.w && k.x < r.x + r.w && r.y < k.y + k.h &&
                       k.y < r.y + r.h;
        /* text must also fit the window's width: wrapping works */
        bool fits =
            c->type != CMD_TEXT || (r.x >= 0 && r.x + r.w <= app.ui.width);
        if (!clip_ok || !touches || !fits) {
            if (bad++ < 3)
                fprintf(stderr,
                        "command %d (%s) at %d,%d %dx%d outside "
                        "window %dx%d\n",
                        i, ui_cmd_text(&app.ui, c), r.x, r.y, r.w, r.h,
                        app.ui.width, app.ui.height);
        }
    }
    CHECK_INT(bad, 0);
}

/* Text commands draw real glyphs: some pixels differ from the background. */
static void check_text_drawn(const char *prefix)
{
    for (int i = 0; i < app.ui.ncmds; i++) {
        const Cmd *c = &app.ui.cmds[i];
        if (c->type != CMD_TEXT ||
            strncmp(ui_cmd_text(&app.ui, c), prefix, strlen(prefix)) != 0)
            continue;
        int inked = 0;
        for (int y = c->rect.y; y < c->rect.y + c->rect.h; y += 2)
            for (int x = c->rect.x; x < c->rect.x + c->rect.w; x += 2)
                inked += !same(pixel(x, y), app.view.theme->background);
        CHECK(inked > 10);
        /* and inside the content column, below the top bar */
        CHECK(c->rect.y >= app.ui.view.y);
        return;
    }
    CHECK(!"text not found");
}

/* The focus ring is drawn around the focused control and not the other. */
static void check_focus_ring(uint32_t focused, uint32_t other)
{
    CHECK_INT(app.ui.focus, focused);
    Rect a = focus_rect(focused), b = focus_rect(other);
    CHECK(a.w > 0 && b.w > 0);
    Color ring = app.view.theme->focus;
    CHECK(same(pixel(a.x - 3, a.y + a.h / 2), ring));
    CHECK(same(pixel(a.x + a.w + 2, a.y + a.h / 2), ring));
    CHECK(!same(pixel(b.x - 3, b.y + b.h / 2), ring));
    /* the focused card is filled with the hover colour, the other not */
    CHECK(same(pixel(a.x + a.w - 4, a.y + a.h / 2), app.view.theme->hover));
    CHECK(!same(pixel(b.x + b.w - 4, b.y + b.h / 2), app.view.theme->hover));
}

/* The image command of this name in the frame, or NULL. */
static const Cmd *image(const char *name)
{
    for (int i = 0; i < app.ui.ncmds; i++)
        if (strcmp(ui_cmd_image(&app.ui, &app.ui.cmds[i]), name) == 0)
            return &app.ui.cmds[i];
    return NULL;
}

/* The picture is drawn from its SVG (pixels other than the page's) and
 * says what it shows, or is marked decorative. */
static void check_picture(const char *name, bool described)
{
    const Cmd *c = image(name);
    CHECK(c != NULL);
    if (!c)
        return;
    CHECK(described == (*ui_cmd_alt(&app.ui, c) != 0));
    int inked = 0, seen = 0;
    for (int y = c->rect.y; y < c->rect.y + c->rect.h; y += 3)
        for (int x = c->rect.x; x < c->rect.x + c->rect.w; x += 3) {
            seen++;
            inked += !same(pixel(x, y), app.view.theme->background);
        }
    CHECK(inked > seen / 10);
}

static const char *scene_id(void)
{
    return player_scene(&app.session.player)->id;
}

/* An organisation whose learners come from HR's list: the listed
 * learner sees HR's unit and role, read-only, and starts; a login not on
 * the list is told so and cannot start; nobody picks a unit. */
static void test_roster_sign_in(void)
{
    char saved[sizeof db_path];
    snprintf(saved, sizeof saved, "%s", db_path);
    snprintf(db_path, sizeof db_path, "%s/roster.db", test_dir);
    VkError err;
    Store *s = store_open(db_path, &err);
    CHECK(s != NULL);
    if (!s)
        return;
    UnitImport u[] = {{"ORG", "Region Exempel", NULL},
                      {"IT", "IT-avdelningen", "ORG"}};
    CHECK(store_import_units(s, u, 2, &err) == 0);
    LearnerImport l = {"testuser", "Test User", "IT", ROLE_MANAGER};
    bool unknown = false;
    LearnerImportStats st;
    CHECK(store_import_learners(s, &l, 1, false, &unknown, &st, &err) == 0);
    store_close(s);
    start("en", 900, 700);
    CHECK_INT(app.screen, SCREEN_SIGNIN);
    CHECK(app.signed_in && app.roster && !app.not_listed);
    CHECK(shows("Your unit"));
    CHECK(shows("IT-avdelningen"));
    CHECK(shows(role_label(ROLE_MANAGER)));
    CHECK(!shows("Region Exempel")); /* no list of units to choose from */
    shot("signin-roster");
    app_go_home(&app);
    CHECK_INT(app.screen, SCREEN_HOME);
    app_free(&app);
    login = "stranger";
    start("en", 900, 700);
    CHECK_INT(app.screen, SCREEN_SIGNIN);
    CHECK(!app.signed_in && app.not_listed);
    CHECK(shows_prefix("You are signed in as stranger, which is not on"));
    CHECK(!shows("Start"));
    app_go_home(&app); /* Esc and the like: still the same page */
    CHECK_INT(app.screen, SCREEN_SIGNIN);
    app_free(&app);
    login = "testuser";
    snprintf(db_path, sizeof db_path, "%s", saved);
    char *rm = xasprintf("rm -f '%s/roster.db'*", test_dir);
    CHECK(system(rm) == 0);
    free(rm);
}

static void test_sign_in(void)
{
    start("en", 900, 700);
    CHECK_INT(app.screen, SCREEN_SIGNIN);
    CHECK(shows("Welcome to Vaksam"));
    check_inside_window();
    shot("signin");
    /* a long list of units can be searched: the field comes first;
     * typing narrows the list and Enter picks the first match */
    CHECK_INT(app.ui.focus, ui_id("unit-find", 0));
    type("ELDER");
    CHECK(shows("1 unit matches"));
    CHECK(shows("Elderly care"));
    CHECK(!shows("Finance"));
    key(SDLK_RETURN, 0);
    CHECK_STR(app.units[app.pick_unit].name, "Elderly care");
    for (int i = 0; i < 5; i++)
        key(SDLK_BACKSPACE, 0);
    CHECK(shows("Finance")); /* the whole list again */
    /* the units below it; Down and Enter pick the second */
    key(SDLK_TAB, 0);
    CHECK_INT(app.ui.focus, ui_id("unit", 0));
    key(SDLK_DOWN, 0);
    key(SDLK_RETURN, 0);
    CHECK_INT(app.pick_unit, 1);
    check_focus_ring(ui_id("unit", 1), ui_id("unit", 2));
    /* Tab past the other units to the role buttons */
    for (int i = 2; i < app.nunits; i++)
        key(SDLK_TAB, 0);
    key(SDLK_TAB, 0);
    CHECK_INT(app.ui.focus, ui_id("role", 0));
    key(SDLK_SPACE, 0);
    CHECK_INT(app.pick_role, ROLE_MANAGER);
    key(SDLK_TAB, 0);
    key(SDLK_TAB, 0);
    CHECK_INT(app.ui.focus, ui_id("start", 0));
    shot("signin-filled");
    key(SDLK_RETURN, 0);
    CHECK_INT(app.screen, SCREEN_HOME);
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM learners WHERE login = "
             "'testuser' AND role = 'manager' AND unit_id = %lld",
             app.units[1].id);
    CHECK_INT(query(sql), 1);
    CHECK(shows("Not started"));
    check_inside_window();
    shot("home");
    check_picture("places/home", true);
}

/* Plays decisions with the given choices until `stop_after` answers. */
static int answered;

static void play_until(const int *path, int stop_after)
{
    for (int guard = 0; guard < 60 && answered < stop_after; guard++) {
        const Player *p = &app.session.player;
        if (p->phase == PLAYER_SUMMARY)
            return;
        if (p->phase == PLAYER_SCENE && player_scene(p)->nchoices) {
            int before = query("SELECT count(*) FROM answers");
            /* path[] names the file's choices; the keys, the positions
             * this attempt shows them in */
            int order[LESSON_MAX_CHOICES], at = 0;
            int n = player_order(p, order);
            for (int i = 0; i < n; i++)
                if (order[i] == path[answered])
                    at = i;
            key(SDLK_1 + at, 0);
            CHECK_INT(app.session.player.chosen, path[answered]);
            CHECK_INT(app.session.player.phase, PLAYER_FEEDBACK);
            /* stored the moment it was given, before the feedback shows */
            CHECK_INT(query("SELECT count(*) FROM answers"), before + 1);
            CHECK_INT(app.ui.focus, ui_id("continue", 0));
            answered++;
        }
        key(SDLK_RETURN, 0); /* Continue */
    }
}

static void test_lesson(void)
{
    /* one button goes on where the learner is: at first, the first
     * lesson; Tab to this one and open it */
    CHECK_INT(app.ui.focus, ui_id("go-on", 0));
    CHECK(shows("Continue: Why information matters"));
    int risk = lessonset_find(&app.lessons, "who-owns-the-risk");
    CHECK(risk >= 0);
    tab_to(ui_id("lesson", risk));
    key(SDLK_RETURN, 0);
    CHECK_INT(app.screen, SCREEN_LESSON);
    CHECK_STR(scene_id(), "intro");
    char first[16];
    snprintf(first, sizeof first, "%.10s",
             lesson_tr(&player_scene(&app.session.player)->text));
    check_text_drawn(first);
    check_inside_window();
    shot("scene-intro");
    key(SDLK_RETURN, 0);
    CHECK_STR(scene_id(), "owner-gap-2");
    /* where the learner is: the first decision of the lesson's six */
    CHECK(shows("Who owns the risk? \xC2\xB7 decision 1 of 6"));
    /* the focus lands on the question, so the Enter that moved on,
     * pressed again, chooses nothing */
    CHECK_INT(app.ui.focus, ui_id("reading", 0));
    key(SDLK_RETURN, 0);
    CHECK_INT(app.session.player.phase, PLAYER_SCENE);
    CHECK_INT(query("SELECT count(*) FROM answers"), 0);
    /* arrows move the focus between choices, and the ring follows */
    key(SDLK_DOWN, 0);
    CHECK_INT(app.ui.focus, ui_id("choice", 0));
    key(SDLK_DOWN, 0);
    check_focus_ring(ui_id("choice", 1), ui_id("choice", 0));
    shot("decision-focus");
    key(SDLK_UP, 0);
    check_focus_ring(ui_id("choice", 0), ui_id("choice", 1));
    /* the fourth decision has a choice that leads to a consequence scene */
    const Lesson *l = app.session.player.lesson;
    const Scene *inc = &l->scenes[lesson_find_scene(l, "supplier-incident")];
    int branch = 0;
    for (int c = 0; c < inc->nchoices; c++)
        if (inc->choices[c].next == lesson_find_scene(l, "payroll-day"))
            branch = c;
    int path[] = {0, 1, 2, branch, 0, 0};
    answered = 0;
    play_until(path, 4);
    /* the third answer took the branch to the consequence scene */
    CHECK_STR(scene_id(), "payroll-day");
    Player mid = app.session.player;
    shot("mid-lesson");
    key(SDLK_ESCAPE, 0);
    CHECK_INT(app.screen, SCREEN_HOME);
    /* now it goes on with the lesson under way */
    CHECK(shows("Continue: Who owns the risk?"));
    tab_to(ui_id("lesson", risk)); /* scrolls its card into view */
    CHECK(shows("In progress"));
    app_free(&app);

    /* a new start continues where the learner left */
    start("en", 900, 700);
    CHECK_INT(app.screen, SCREEN_HOME);
    tab_to(ui_id("lesson", risk));
    key(SDLK_RETURN, 0);
    CHECK_STR(scene_id(), "payroll-day");
    for (int m = 0; m < METER_COUNT; m++)
        CHECK_INT(app.session.player.meters[m], mid.meters[m]);
    CHECK_INT(app.session.player.points, mid.points);

    /* a small window reflows the scene's text into more, shorter lines */
    const char *text = lesson_tr(player_text(&app.session.player));
    int lines_large = 0, lines_small = 0;
    for (int i = 0; i < app.ui.ncmds; i++)
        lines_large += app.ui.cmds[i].type == CMD_TEXT &&
                       strstr(text, ui_cmd_text(&app.ui, &app.ui.cmds[i]));
    resize(520, 2000); /* tall, so that every line of it is drawn */
    for (int i = 0; i < app.ui.ncmds; i++)
        lines_small += app.ui.cmds[i].type == CMD_TEXT &&
                       strstr(text, ui_cmd_text(&app.ui, &app.ui.cmds[i]));
    CHECK(lines_large > 0);
    CHECK(lines_small > lines_large);
    resize(520, 420);
    check_inside_window();
    shot("small-window");
    /* a new scene opens at its top with the focus on its text, so the
     * learner reads the text first */
    key(SDLK_RETURN, 0);
    CHECK_STR(scene_id(), "project");
    CHECK_INT(app.ui.focus, ui_id("reading", 0));
    CHECK_INT(app.ui.scroll, 0);
    /* and Tab scrolls the focused choice into view */
    key(SDLK_TAB, 0);
    CHECK_INT(app.ui.focus, ui_id("choice", 0));
    key(SDLK_TAB, 0);
    Rect f = focus_rect(ui_id("choice", 1));
    CHECK(app.ui.scroll > 0);
    CHECK(f.y >= app.ui.view.y && f.y + f.h <= app.ui.height);
    shot("small-window-tab");
    key(SDLK_TAB, KMOD_SHIFT);
    resize(900, 700);

    play_until(path, 6);
    /* June's review shows how the access decision went, then the close */
    CHECK_STR(scene_id(), "dpo-review");
    key(SDLK_RETURN, 0);
    CHECK_STR(scene_id(), "wrap-up");
    key(SDLK_RETURN, 0);
    CHECK_INT(app.session.player.phase, PLAYER_SUMMARY);
    CHECK(shows("Lesson complete"));
    check_inside_window();
    shot("summary");
    CHECK_INT(query("SELECT count(*) FROM answers"), 6);
    CHECK_INT(query("SELECT count(*) FROM attempts WHERE finished_at IS "
                    "NOT NULL AND max_points = 12"),
              1);
    int points = query("SELECT points FROM attempts");
    CHECK_INT(points, app.session.player.points);
    int score = score_percent(points, 12);
    /* the debrief: how it went in words, every decision with its mark,
     * the best choice where it was missed */
    static const char *const words[] = {"worth another try", "part of the way",
                                        "good", "excellent"};
    char band[64];
    snprintf(band, sizeof band, "%d %%: %s.", score, words[score_band(score)]);
    resize(900, 3000); /* all of it at once */
    CHECK(shows_prefix(band));
    CHECK(shows("Your decisions"));
    int marks = 0, best = 0, wrong = 0;
    for (int i = 0; i < app.ui.ncmds; i++) {
        const char *n = ui_cmd_image(&app.ui, &app.ui.cmds[i]);
        marks += strncmp(n, "icons/result-", 13) == 0;
        best += strncmp(ui_cmd_text(&app.ui, &app.ui.cmds[i]),
                        "The best choice: ", 17) == 0;
    }
    wrong = query("SELECT count(*) FROM answers WHERE result <> 'correct'");
    CHECK_INT(marks, 6);
    CHECK_INT(best, wrong);
    CHECK(wrong > 0);
    shot("debrief");
    resize(900, 700);
    /* next, replay or home: the focus starts on how it went, and the
     * next lesson is the first button after it */
    CHECK_INT(app.ui.focus, ui_id("reading", 0));
    key(SDLK_TAB, 0);
    CHECK_INT(app.ui.focus, ui_id("next-lesson", 0));
    tab_to(ui_id("continue", 0)); /* Back to the course */
    key(SDLK_RETURN, 0);
    CHECK_INT(app.screen, SCREEN_HOME);
    tab_to(ui_id("lesson", risk)); /* scrolls its card into view */
    char done[64];
    snprintf(done, sizeof done, "Done: %d %%, %s", score,
             words[score_band(score)]);
    CHECK(shows(done));
    shot("home-done");
}

static void test_mouse_and_language(void)
{
    /* the language button switches the whole window at run time */
    Rect r = focus_rect(ui_id("language", 0));
    CHECK(r.w > 0);
    click(r.x + r.w / 2, r.y + r.h / 2);
    CHECK_STR(i18n_language(), "sv");
    CHECK(shows("Ledarskapskurs") || shows_prefix("Ledarskap"));
    CHECK(!shows("Not started") && !shows("In progress"));
    check_inside_window();
    shot("home-sv");
    /* a click opens the lesson again: a new attempt, in Swedish */
    int risk = lessonset_find(&app.lessons, "who-owns-the-risk");
    tab_to(ui_id("lesson", risk)); /* scrolls its card into view */
    r = focus_rect(ui_id("lesson", risk));
    click(r.x + 20, r.y + 20);
    CHECK_INT(app.screen, SCREEN_LESSON);
    CHECK(shows_prefix("Vem äger risken? \xC2\xB7 "));
    CHECK(focus_rect(ui_id("continue", 0)).w > 0);
    shot("scene-sv");
    check_picture("icons/meter-trust", false); /* beside its label */
    key(SDLK_RETURN, 0);
    /* the third card shows the choice this attempt's order puts there, and
     * clicking it stores that choice (seed 7: not the file's third) */
    int order[LESSON_MAX_CHOICES];
    player_order(&app.session.player, order);
    CHECK(order[0] != 0 || order[1] != 1);
    r = focus_rect(ui_id("choice", 2));
    const char *label =
        lesson_tr(&player_scene(&app.session.player)->choices[order[2]].label);
    bool inside = false; /* the card's first line begins the label */
    for (int i = 0; i < app.ui.ncmds && !inside; i++) {
        const Cmd *c = &app.ui.cmds[i];
        const char *t = ui_cmd_text(&app.ui, c);
        inside = c->type == CMD_TEXT && c->rect.y >= r.y &&
                 c->rect.y < r.y + r.h && strlen(t) > 8 &&
                 strncmp(t, label, 8) == 0;
    }
    CHECK(inside);
    click(r.x + r.w / 2, r.y + r.h / 2);
    CHECK_INT(app.session.player.chosen, order[2]);
    CHECK_INT(query("SELECT count(*) FROM answers a JOIN attempts t ON "
                    "t.id = a.attempt_id WHERE t.lang = 'sv'"),
              1);
    shot("feedback-sv");
    /* the verdict's mark, a shape as well as a colour, and the meters' */
    const char *marks[] = {"icons/result-wrong", "icons/result-partly",
                           "icons/result-correct"};
    check_picture(
        marks[app.session.player.lesson->scenes[app.session.player.scene]
                  .choices[app.session.player.chosen]
                  .result],
        false);

    /* high contrast changes the colours on screen */
    Color before = pixel(2, app.ui.height - 2);
    r = focus_rect(ui_id("contrast", 0));
    click(r.x + r.w / 2, r.y + r.h / 2);
    CHECK(app.view.high_contrast);
    CHECK(!same(before, pixel(2, app.ui.height - 2)));
    shot("contrast");
    /* the art's own high-contrast variant of the verdict's mark */
    const Cmd *hc = NULL;
    for (int i = 0; i < app.ui.ncmds && !hc; i++)
        if (strncmp(ui_cmd_image(&app.ui, &app.ui.cmds[i]), "icons/result-",
                    13) == 0)
            hc = &app.ui.cmds[i];
    CHECK(hc != NULL);
    if (hc) {
        const char *name = ui_cmd_image(&app.ui, hc);
        CHECK(strcmp(name + strlen(name) - 3, "-hc") == 0);
    }
    app_free(&app);
}

/* With speech on, what takes the focus is said: a new decision's text,
 * then each choice as Tab reaches it (through the test's listener, the
 * file $VAKSAM_SPEECH_SINK names); with speech off, nothing. */
static void test_speech(void)
{
    char *sink = xasprintf("%s/spoken.txt", test_dir);
    setenv("VAKSAM_SPEECH_SINK", sink, 1);
    speech = true;
    start("en", 900, 700);
    int risk = lessonset_find(&app.lessons, "who-owns-the-risk");
    tab_to(ui_id("lesson", risk));
    key(SDLK_RETURN, 0); /* the lesson, where it was left */
    for (int i = 0; i < 10 && !(app.session.player.phase == PLAYER_SCENE &&
                                player_scene(&app.session.player)->nchoices);
         i++)
        key(SDLK_RETURN, 0);
    const Player *p = &app.session.player;
    CHECK(player_scene(p)->nchoices > 0);
    CHECK_INT(app.ui.focus, ui_id("reading", 0));
    char text[4096];
    snprintf(text, sizeof text, "%s", lesson_tr(player_text(p)));
    key(SDLK_TAB, 0); /* the first choice shown */
    int order[LESSON_MAX_CHOICES];
    player_order(p, order);
    char label[1024];
    snprintf(label, sizeof label, "%s",
             lesson_tr(&player_scene(p)->choices[order[0]].label));
    app_free(&app);
    speech = false;
    unsetenv("VAKSAM_SPEECH_SINK");
    size_t len;
    char *said = read_file(sink, &len, NULL);
    CHECK(said != NULL);
    /* the scene's text was said whole, then the choice (after its number) */
    if (said && !strstr(said, text))
        fprintf(stderr, "said:\n%s\nwanted:\n%s\n", said, text);
    CHECK(said && strstr(said, text) != NULL);
    CHECK(said && strstr(said, label) != NULL);
    CHECK(said && strstr(said, text) < strstr(said, label));
    free(said);
    unlink(sink);
    /* speech off: nothing is said */
    setenv("VAKSAM_SPEECH_SINK", sink, 1);
    start("en", 900, 700);
    key(SDLK_TAB, 0);
    app_free(&app);
    unsetenv("VAKSAM_SPEECH_SINK");
    CHECK(access(sink, F_OK) != 0);
    free(sink);
}

/* The settings screen: each change at once, and saved for the next run
 * (config.h's saved layer reads it back: core.config). */
static void test_settings(void)
{
    char *path = xasprintf("%s/state/vaksam/settings.conf", test_dir);
    saved_path = path;
    start("en", 900, 700);
    tab_to(ui_id("home-action", 3));
    key(SDLK_RETURN, 0);
    CHECK_INT(app.screen, SCREEN_SETTINGS);
    CHECK(shows("Settings"));
    check_inside_window();
    shot("settings");
    int zoom = app.view.zoom;
    tab_to(ui_id("set-size", 1));
    key(SDLK_RETURN, 0); /* Larger */
    CHECK_INT(app.view.zoom, zoom + 10);
    tab_to(ui_id("set-contrast", 0));
    key(SDLK_RETURN, 0);
    CHECK(app.view.high_contrast);
    tab_to(ui_id("set-speech", 0));
    key(SDLK_RETURN, 0);
    CHECK(app.speech_on);
    tab_to(ui_id("set-lang", 0));
    key(SDLK_RETURN, 0);
    CHECK_STR(i18n_language(), "sv");
    CHECK(shows("Inställningar"));
    shot("settings-sv");
    size_t len;
    char *text = read_file(path, &len, NULL);
    char want[128];
    snprintf(want, sizeof want,
             "lang = sv\nhigh-contrast = true\ntext-size = %d\n"
             "speech = true\n",
             zoom + 10);
    CHECK(text && strstr(text, want) != NULL);
    free(text);
    /* back the way it was */
    key(SDLK_RETURN, 0); /* the language button has the focus still */
    tab_to(ui_id("set-contrast", 0));
    key(SDLK_RETURN, 0);
    tab_to(ui_id("set-speech", 0));
    key(SDLK_RETURN, 0);
    tab_to(ui_id("set-size", 2));
    key(SDLK_RETURN, 0); /* Normal */
    tab_to(ui_id("continue", 0));
    key(SDLK_RETURN, 0);
    CHECK_INT(app.screen, SCREEN_HOME);
    app_free(&app);
    i18n_set_language("en");
    saved_path = NULL;
    unlink(path);
    free(path);
}

/* F11 makes the window fullscreen and F11 again gives it back. */
static void test_fullscreen(void)
{
    start("en", 900, 700);
    Screen before = app.screen;
    uint32_t focus = app.ui.focus;
    CHECK(!(SDL_GetWindowFlags(app.window) & SDL_WINDOW_FULLSCREEN_DESKTOP));
    key(SDLK_F11, 0);
    CHECK(SDL_GetWindowFlags(app.window) & SDL_WINDOW_FULLSCREEN_DESKTOP);
    CHECK_INT(app.screen, before); /* the key did nothing else */
    CHECK_INT(app.ui.focus, focus);
    key(SDLK_F11, 0);
    CHECK(!(SDL_GetWindowFlags(app.window) & SDL_WINDOW_FULLSCREEN_DESKTOP));
    app_free(&app);
}

/* The configuration's text size is where the window starts, and where
 * Ctrl+0 ("normal text") comes back to. */
static void test_text_size(void)
{
    text_size = 150;
    start("en", 800, 600);
    CHECK_INT(app.view.zoom, 150);
    key(SDLK_PLUS, KMOD_LCTRL);
    CHECK_INT(app.view.zoom, 160);
    key(SDLK_0, KMOD_LCTRL);
    CHECK_INT(app.view.zoom, 150);
    check_inside_window();
    app_free(&app);
    text_size = 0;
}

/* A member of staff takes a whole quiz by keyboard, reviews it, and reads
 * their progress page; every figure is checked against the database. */
static void test_quiz_flow(void)
{
    char saved[256];
    snprintf(saved, sizeof saved, "%s", db_path);
    snprintf(db_path, sizeof db_path, "%s/quiz.db", test_dir);
    lessons_dir = FIXTURES "/pools";
    start("en", 900, 700);
    CHECK_INT(app.screen, SCREEN_SIGNIN);
    tab_to(ui_id("unit", 0));
    key(SDLK_RETURN, 0); /* the first unit */
    tab_to(ui_id("role", ROLE_STAFF));
    key(SDLK_RETURN, 0);
    tab_to(ui_id("start", 0));
    key(SDLK_RETURN, 0);
    CHECK_INT(app.screen, SCREEN_HOME);
    /* staff see the quiz first */
    CHECK_INT(app.ui.focus, ui_id("quiz", 0));
    CHECK(shows("Take a quiz"));
    key(SDLK_RETURN, 0);
    CHECK_INT(app.screen, SCREEN_QUIZ);
    check_inside_window();
    shot("quiz-question");
    for (int i = 0; i < QUIZ_LENGTH; i++) {
        CHECK_INT(app.quiz.run.current, i);
        key(i % 3 == 0 ? SDLK_2 : SDLK_1, 0);
        CHECK_INT(app.quiz.run.phase, QUIZ_FEEDBACK);
        CHECK_INT(query("SELECT count(*) FROM answers"), i + 1);
        if (i == 0) {
            check_inside_window();
            shot("quiz-feedback");
        }
        key(SDLK_RETURN, 0);
        if (i + 1 < QUIZ_LENGTH) {
            /* a second Enter lands on the new question's text: no answer */
            CHECK_INT(app.ui.focus, ui_id("reading", 0));
            key(SDLK_RETURN, 0);
            CHECK_INT(app.quiz.run.phase, QUIZ_QUESTION);
            CHECK_INT(query("SELECT count(*) FROM answers"), i + 1);
        }
    }
    CHECK_INT(app.quiz.run.phase, QUIZ_DONE);
    int right = query("SELECT count(*) FROM answers WHERE result = 'correct'");
    int partly = query("SELECT count(*) FROM answers WHERE result = 'partly'");
    int points = query("SELECT sum(CASE result WHEN 'correct' THEN 2 WHEN "
                       "'partly' THEN 1 ELSE 0 END) FROM answers");
    char line[128];
    /* the line counts what the score counts: partly right is half */
    snprintf(line, sizeof line, "%d right, %d partly right, %d wrong: %d %%",
             right, partly, QUIZ_LENGTH - right - partly,
             score_percent(points, 2 * QUIZ_LENGTH));
    CHECK(shows(line));
    CHECK_INT(query("SELECT count(*) FROM attempts WHERE kind = 'quiz' AND "
                    "finished_at IS NOT NULL"),
              1);
    shot("quiz-done");
    CHECK(right < QUIZ_LENGTH); /* seed 7 and these keys miss some */
    CHECK(partly > 0);          /* and answer some partly right */
    CHECK_INT(app.ui.focus, ui_id("review", 0));
    key(SDLK_RETURN, 0);
    CHECK_INT(app.screen, SCREEN_QUIZ_REVIEW);
    resize(900, 4000); /* the whole list at once */
    int reviewed = 0;
    for (int i = 0; i < app.ui.ncmds; i++)
        reviewed += strncmp(ui_cmd_text(&app.ui, &app.ui.cmds[i]),
                            "Your answer: ", 13) == 0;
    CHECK_INT(reviewed, QUIZ_LENGTH - right);
    resize(900, 700);
    shot("quiz-review");
    key(SDLK_ESCAPE, 0);
    CHECK_INT(app.screen, SCREEN_QUIZ);
    tab_to(ui_id("continue", 0));
    key(SDLK_RETURN, 0);
    CHECK_INT(app.screen, SCREEN_HOME);
    snprintf(line, sizeof line, "Last: %d %%",
             score_percent(points, 2 * QUIZ_LENGTH));
    CHECK(shows(line));

    /* the progress page shows the same figures as the database */
    tab_to(ui_id("home-action", 0));
    key(SDLK_RETURN, 0);
    CHECK_INT(app.screen, SCREEN_PROGRESS);
    for (int t = 0; t < TOPIC_COUNT; t++) {
        char sql[256];
        snprintf(sql, sizeof sql,
                 "SELECT round(100.0 * avg(CASE result WHEN 'correct' THEN 1.0 "
                 "WHEN 'partly' THEN 0.5 ELSE 0 END)), count(*) FROM answers "
                 "WHERE topic = '%s'",
                 topic_id((Topic)t));
        int n = query(sql);
        int asked = 0;
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM answers WHERE topic = '%s'",
                 topic_id((Topic)t));
        asked = query(sql);
        if (asked)
            snprintf(line, sizeof line, "%s: %d %%", topic_label((Topic)t), n);
        else
            snprintf(line, sizeof line, "%s: not asked yet",
                     topic_label((Topic)t));
        CHECK(shows(line));
        if (!shows(line))
            fprintf(stderr, "progress page lacks '%s'\n", line);
    }
    /* the day the quiz was finished, as stored (not the clock now: a run
     * across midnight would otherwise look for the next day) */
    int day = query("SELECT CAST(strftime('%Y%m%d', finished_at) AS INTEGER) "
                    "FROM attempts WHERE kind = 'quiz' AND finished_at IS "
                    "NOT NULL ORDER BY id DESC LIMIT 1");
    char today[16];
    snprintf(today, sizeof today, "%04d-%02d-%02d", day / 10000,
             day / 100 % 100, day % 100);
    snprintf(line, sizeof line, "%s: %d %% of %d questions", today,
             score_percent(points, 2 * QUIZ_LENGTH), QUIZ_LENGTH);
    CHECK(shows(line));
    check_inside_window();
    shot("progress");

    /* the learner's questions for the CISO, saved as a file */
    tab_to(ui_id("export", 0));
    key(SDLK_RETURN, 0);
    /* named after the learner, so another learner's file is never hit */
    char *other =
        xasprintf("%s/vaksam-questions-for-my-ciso-anna.md", test_dir);
    FILE *keep = fopen(other, "w");
    fputs("Anna's own list\n", keep);
    fclose(keep);
    char *path =
        xasprintf("%s/vaksam-questions-for-my-ciso-testuser.md", test_dir);
    size_t len;
    char *md = read_file(path, &len, NULL);
    CHECK(md && strncmp(md, "# Questions for my CISO meeting", 31) == 0);
    CHECK(md && strstr(md, "## Where I want to know more"));
    CHECK(shows_prefix("Your questions were saved in"));
    /* the message sits below the page, never over the focused control:
     * Tab through every control, and each one is seen above it */
    Rect note = {0, 0, 0, 0};
    for (int i = 0; i < app.ui.ncmds; i++)
        if (strncmp(ui_cmd_text(&app.ui, &app.ui.cmds[i]),
                    "Your questions were saved in", 28) == 0)
            note = app.ui.cmds[i].rect;
    CHECK(note.h > 0);
    int covered = 0;
    for (int i = 0; i < 12; i++) {
        Rect f = focus_rect(app.ui.focus);
        bool in_banner = f.y >= note.y - 40; /* the banner's Dismiss */
        if (!in_banner && f.y + f.h > app.ui.view.y + app.ui.view.h)
            covered++;
        key(SDLK_TAB, 0);
    }
    CHECK_INT(covered, 0);
    CHECK(app.ui.view.y + app.ui.view.h <= note.y);
    free(md);
    unlink(path);
    free(path);
    md = read_file(other, &len, NULL);
    CHECK(md && strcmp(md, "Anna's own list\n") == 0); /* untouched */
    free(md);
    unlink(other);
    free(other);
    app_free(&app);
    unlink(db_path);
    lessons_dir = VAKSAM_LESSONS_DIR;
    snprintf(db_path, sizeof db_path, "%s", saved);
}

/* A database Vaksam must not touch: the window says what and where. */
static void test_error_screen(const char *dir)
{
    char saved[256];
    snprintf(saved, sizeof saved, "%s", db_path);
    snprintf(db_path, sizeof db_path, "%s/damaged.db", dir);
    FILE *f = fopen(db_path, "w");
    fputs("this is not a database, but somebody's notes\n", f);
    fclose(f);
    start("en", 640, 480);
    CHECK_INT(app.screen, SCREEN_ERROR);
    CHECK(shows("Vaksam cannot start"));
    CHECK(strstr(app.error, db_path) != NULL);
    CHECK(strstr(app.error, "not a Vaksam database") != NULL);
    check_inside_window();
    shot("error");
    key(SDLK_RETURN, 0); /* the focused Quit button */
    CHECK(app.quit);
    app_free(&app);
    size_t n;
    char *text = read_file(db_path, &n, NULL);
    CHECK(text &&
          strcmp(text, "this is not a database, but somebody's notes\n") == 0);
    free(text);
    unlink(db_path);
    snprintf(db_path, sizeof db_path, "%s", saved);
}

/* Damage met mid-lesson (the file passed its check at the start): the
 * answer is refused, the window stops with the damaged-file message, and
 * the file is left as it was. */
static void test_damaged_mid_lesson(void)
{
    start("en", 900, 700);
    CHECK_INT(app.screen, SCREEN_HOME);
    key(SDLK_RETURN, 0); /* the focused lesson */
    CHECK_INT(app.screen, SCREEN_LESSON);
    for (int i = 0; i < 20 && !(app.session.player.phase == PLAYER_SCENE &&
                                player_scene(&app.session.player)->nchoices);
         i++)
        key(SDLK_RETURN, 0);
    CHECK(checkpoint(db_path));
    CHECK(damage_page(db_path, root_page(db_path, "rollup")));
    size_t n1, n2;
    char *before = read_file(db_path, &n1, NULL);
    Player was = app.session.player;
    key(SDLK_1, 0);
    CHECK_INT(app.screen, SCREEN_ERROR);
    CHECK_INT(app.session.player.decisions, was.decisions);
    CHECK(strstr(app.error, "the database file is damaged") != NULL);
    CHECK(shows("Vaksam stopped"));
    check_inside_window();
    shot("damaged");
    key(SDLK_RETURN, 0); /* Quit */
    CHECK(app.quit);
    app_free(&app);
    char *after = read_file(db_path, &n2, NULL);
    CHECK(before && after && n1 == n2 && memcmp(before, after, n1) == 0);
    free(before);
    free(after);
}

int main(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    setenv("SDL_RENDER_DRIVER", "software", 1);
    setenv("LANG", "C", 1);
    unsetenv("LANGUAGE");
    unsetenv("LC_ALL");
    i18n_init(VAKSAM_LOCALE_DIR);
    snprintf(test_dir, sizeof test_dir, "/tmp/vaksam-test-ui-XXXXXX");
    if (!mkdtemp(test_dir))
        return 1;
    const char *dir = test_dir;
    snprintf(db_path, sizeof db_path, "%s/ui.db", dir);
    test_roster_sign_in();
    test_sign_in();
    test_lesson();
    test_mouse_and_language();
    test_text_size();
    test_fullscreen();
    test_speech();
    test_settings();
    test_quiz_flow();
    test_error_screen(dir);
    test_damaged_mid_lesson();
    unlink(db_path);
    char *wal = xasprintf("%s-wal", db_path),
         *shm = xasprintf("%s-shm", db_path);
    unlink(wal);
    unlink(shm);
    free(wal);
    free(shm);
    rmdir(dir);
    return TEST_DONE();
}
