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
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
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
                       .assets_dir =
                           getenv("BENCH_NO_ART") ? NULL : VAKSAM_ASSETS_DIR,
                       .login = "bench",
                       .lang = "en",
                       .width = 1024,
                       .height = 720,
                       .font_regular = VAKSAM_FONT_REGULAR,
                       .font_bold = VAKSAM_FONT_BOLD};
}

/* Runs a program that writes a byte to the file descriptor given as its
 * last argument once its first frame is presented: the time from fork
 * to that byte, loading its libraries included; -1 when it failed. */
static double first_frame(const char *prog, const char *mode, const char *db)
{
    int p[2];
    if (pipe(p) != 0)
        return -1;
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        char fd[16];
        snprintf(fd, sizeof fd, "%d", p[1]);
        if (mode)
            execl(prog, prog, mode, db, fd, (char *)NULL);
        else
            execl(prog, prog, fd, (char *)NULL);
        _exit(127);
    }
    close(p[1]);
    char c;
    ssize_t n = pid > 0 ? read(p[0], &c, 1) : -1;
    double t = now_ms() - t0;
    close(p[0]);
    int status = 0;
    if (pid > 0)
        waitpid(pid, &status, 0);
    return n == 1 ? t : -1;
}

/* bench --first-frame DB FD: Vaksam's start-up as a process. */
static int child_first_frame(const char *db, int fd)
{
    AppConfig cfg = config(db);
    App app;
    VkError err;
    if (app_init(&app, &cfg, &err) < 0)
        return 1;
    app_draw(&app);
    if (write(fd, "", 1) != 1)
        return 1;
    app_free(&app);
    return 0;
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
    if (argc == 4 && strcmp(argv[1], "--first-frame") == 0) {
        i18n_init(VAKSAM_LOCALE_DIR);
        i18n_set_language("en");
        return child_first_frame(argv[2], atoi(argv[3]));
    }
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
    /* the same as processes, from fork to the first frame presented,
     * against a bare SDL2 + SDL_ttf program's */
    double *bare = xcalloc((size_t)runs, sizeof *bare);
    for (int i = 0; i < runs; i++) {
        t[i] = first_frame("/proc/self/exe", "--first-frame", db);
        bare[i] = first_frame(BENCH_BARE, NULL, NULL);
        if (t[i] < 0 || bare[i] < 0) {
            fprintf(stderr, "a start-up process failed\n");
            return 1;
        }
    }
    report("process start-up to first frame", t, runs, "ms");
    report("the same, a bare SDL2 + SDL_ttf program", bare, runs, "ms");
    printf("%-44s %.2f x\n", "start-up over the bare program's",
           median(t, runs) / median(bare, runs));
    free(bare);

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
