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

#include <SDL_ttf.h>
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
                       .assets_dir = getenv("BENCH_NO_ART") ? NULL : VAKSAM_ASSETS_DIR,
                       .login = "bench",
                       .lang = "en",
                       .width = 1024,
                       .height = 720,
                       .font_regular = VAKSAM_FONT_REGULAR,
                       .font_bold = VAKSAM_FONT_BOLD};
}

/* The yardstick: a bare SDL2 + SDL_ttf program's start-up to its first
 * frame, a window of the same size and flags with a title and a
 * paragraph of text in the same fonts, drawn and presented. */
static double bare_first_frame(void)
{
    static const char *const lines[] = {
        "On 2 January you take over as managing director of the energy",
        "company owned by the municipality. Its 240 or so employees supply",
        "district heating, run the local electricity grid and sell",
        "broadband to around 40 000 customers. From 15 January the whole",
        "company also falls under the new cybersecurity law.",
    };
    double t0 = now_ms();
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0)
        return -1;
    SDL_Window *w = SDL_CreateWindow(
        "bare", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1024, 720,
        SDL_WINDOW_RESIZABLE | SDL_WINDOW_HIDDEN | SDL_WINDOW_ALLOW_HIGHDPI);
    SDL_Renderer *sdl = w ? SDL_CreateRenderer(w, -1, 0) : NULL;
    TTF_Font *body = TTF_OpenFont(VAKSAM_FONT_REGULAR, 18);
    TTF_Font *title = TTF_OpenFont(VAKSAM_FONT_BOLD, 33);
    if (!sdl || !body || !title)
        return -1;
    SDL_SetRenderDrawColor(sdl, 0xF3, 0xEF, 0xE7, 255);
    SDL_RenderClear(sdl);
    SDL_Color ink = {0x1E, 0x29, 0x33, 255};
    int y = 40;
    for (int i = -1; i < (int)(sizeof lines / sizeof *lines); i++) {
        SDL_Surface *s = TTF_RenderUTF8_Blended(i < 0 ? title : body,
                                                i < 0 ? "January" : lines[i],
                                                ink);
        SDL_Texture *tex = SDL_CreateTextureFromSurface(sdl, s);
        SDL_RenderCopy(sdl, tex, NULL, &(SDL_Rect){180, y, s->w, s->h});
        y += s->h + 6;
        SDL_DestroyTexture(tex);
        SDL_FreeSurface(s);
    }
    SDL_ShowWindow(w);
    SDL_RenderPresent(sdl);
    double t = now_ms() - t0;
    TTF_CloseFont(body);
    TTF_CloseFont(title);
    SDL_DestroyRenderer(sdl);
    SDL_DestroyWindow(w);
    TTF_Quit();
    SDL_Quit();
    return t;
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
    double vaksam_start = median(t, runs);
    for (int i = 0; i < runs; i++)
        if ((t[i] = bare_first_frame()) < 0) {
            fprintf(stderr, "the bare SDL2 program failed: %s\n",
                    SDL_GetError());
            return 1;
        }
    report("bare SDL2 + SDL_ttf start-up to first frame", t, runs, "ms");
    printf("%-44s %.2f x\n", "start-up over the bare program's",
           vaksam_start / median(t, runs));

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
    double cached = median(t, n);
    for (int i = 0; i < n; i++) {
        render_drop_texts(app.render);
        double t0 = now_ms();
        key(&app, i % 2 ? SDLK_UP : SDLK_DOWN);
        t[i] = now_ms() - t0;
    }
    report("the same frame rendering all its text", t, n, "ms");
    printf("%-44s %.2f\n", "cached frame over the full re-render",
           cached / median(t, n));
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
