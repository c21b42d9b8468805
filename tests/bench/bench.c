/*
 * bench.c - how fast the trainer is, in numbers (run on demand, never in
 * ctest; the README quotes its output). Uses SDL's dummy video driver and
 * the software renderer unless SDL_VIDEODRIVER says otherwise.
 *
 *   build/tests/bench [RUNS]
 */
#include "app.h"
#include "i18n.h"
#include "session.h"

#include "clock.h"

#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static void report(const char *what, double *v, int n, const char *unit)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    printf("%-44s median %8.3f %s   p95 %8.3f %s   (n=%d)\n", what, v[n / 2],
           unit, v[n * 95 / 100], unit, n);
}

static AppConfig config(const char *db)
{
    return (AppConfig){.db_path = db,
                       .lessons_dir = VAKSAM_LESSONS_DIR,
                       .assets_dir = VAKSAM_ASSETS_DIR,
                       .login = "bench",
                       .lang = "en",
                       .width = 1024,
                       .height = 720,
                       .font_regular = VAKSAM_FONT_REGULAR,
                       .font_bold = VAKSAM_FONT_BOLD};
}

static void key(App *app, SDL_Keycode sym)
{
    SDL_Event e = {0};
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = sym;
    app_event(app, &e);
    app_draw(app);
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 20;
    if (runs < 5)
        runs = 5;
    setenv("SDL_VIDEODRIVER",
           getenv("SDL_VIDEODRIVER") ? getenv("SDL_VIDEODRIVER") : "dummy", 1);
    setenv("SDL_RENDER_DRIVER", "software", 0);
    i18n_init(VAKSAM_LOCALE_DIR);
    i18n_set_language("en");
    char dir[] = "/tmp/vaksam-bench-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char *db = xasprintf("%s/bench.db", dir);
    AppConfig cfg = config(db);

    /* start-up to the first frame on screen, with a learner signed in */
    {
        App app;
        VkError err;
        if (app_init(&app, &cfg, &err) < 0) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        Learner le;
        store_save_learner(app.store, "bench", app.units[0].id, ROLE_MANAGER,
                           &le, &err);
        app_free(&app);
    }
    double *t = xcalloc((size_t)runs * 50, sizeof *t);
    for (int i = 0; i < runs; i++) {
        double t0 = now_ms();
        App app;
        VkError err;
        app_init(&app, &cfg, &err);
        app_draw(&app);
        t[i] = now_ms() - t0;
        app_free(&app);
    }
    report("start-up to first frame (home screen)", t, runs, "ms");

    /* frames in the lesson player: a focus move redraws the screen */
    App app;
    VkError err;
    app_init(&app, &cfg, &err);
    key(&app, SDLK_RETURN); /* open the lesson */
    key(&app, SDLK_RETURN); /* to the first decision */
    int n = runs * 50;
    for (int i = 0; i < n; i++) {
        double t0 = now_ms();
        key(&app, i % 2 ? SDLK_UP : SDLK_DOWN);
        t[i] = now_ms() - t0;
    }
    report("frame: key press -> layout -> draw (1024x720)", t, n, "ms");
    for (int i = 0; i < n; i++) {
        double t0 = now_ms();
        ui_begin(&app.ui);
        screens_draw(&app);
        ui_end(&app.ui);
        t[i] = now_ms() - t0;
    }
    report("layout only (no drawing)", t, n, "ms");
    printf("%-44s %d draw commands, %d cached text textures\n",
           "a decision scene's frame", app.ui.ncmds,
           render_cached_texts(app.render));

    /* one answer, committed (WAL, synchronous=FULL) */
    Session s;
    const Lesson *l = app.lessons.items[0];
    for (int i = 0; i < n / 5; i++) {
        session_open(&s, app.store, l, app.lessons.count, app.learner.id, "en",
                     0, &err);
        while (s.player.phase == PLAYER_SCENE &&
               !player_scene(&s.player)->nchoices)
            session_continue(&s, &err);
        double t0 = now_ms();
        session_choose(&s, 0, &err);
        t[i] = now_ms() - t0;
        session_continue(&s, &err);
    }
    report("store one answer (durable commit)", t, n / 5, "ms");
    app_free(&app);

    /* parsing every lesson */
    for (int i = 0; i < runs; i++) {
        LessonSet set = {0};
        Diags d = {0};
        double t0 = now_ms();
        lessonset_load_dir(&set, VAKSAM_LESSONS_DIR, &d);
        t[i] = now_ms() - t0;
        lessonset_free(&set);
        diags_free(&d);
    }
    report("parse and validate all lessons", t, runs, "ms");

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%-44s %ld MiB\n", "peak resident memory", ru.ru_maxrss / 1024);
    free(t);
    char *cmd = xasprintf("rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    free(cmd);
    free(db);
    return 0;
}
