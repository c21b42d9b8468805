/*
 * app_ciso.c - the CISO's view in the window (see app.h): the password
 * that opens it (on a server: the database role the window signed in as,
 * through a connection of the view's own), the dashboard's filters and the report they ask for,
 * built through a ReportCache that lives while the view is open, and the
 * completion register.
 */
#include "app_internal.h"

#include "access.h"
#include "i18n.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* The store the CISO's view reads. */
static Store *report_store(const App *app)
{
    return app->ciso_store ? app->ciso_store : app->store;
}

static void open_dashboard(App *app);

/* A server: no password of ours; the database says whether the role the
 * window signed in as may see the view. */
static void open_on_server(App *app)
{
    VkError err;
    StoreCiso how = STORE_CISO_REFUSED;
    if (!app->ciso_store)
        app->ciso_store = store_open(app->cfg.db_path, &err);
    if (!app->ciso_store || store_ciso_access(app->ciso_store, &how, &err) < 0 ||
        (how != STORE_CISO_REFUSED &&
         report_k(app->ciso_store, &app->report_k, &err) < 0)) {
        app_set_error(app, err.msg);
    } else if (how == STORE_CISO_REFUSED) {
        char msg[512];
        snprintf(msg, sizeof msg,
                 _("The database role %s may not see the CISO's view. The "
                   "database administrator can grant it (GRANT vaksam_ciso)."),
                 store_login(app->ciso_store));
        app_set_error(app, msg);
    } else {
        if (app->screen != SCREEN_CISO_LOGIN && app->screen != SCREEN_DASHBOARD)
            app->ciso_from = app->screen;
        app->error[0] = '\0';
        app->reset_at[0] = '\0';
        open_dashboard(app);
        return;
    }
    store_close(app->ciso_store);
    app->ciso_store = NULL;
}

void app_ciso_open(App *app)
{
    VkError err;
    if (store_is_server(app->cfg.db_path)) {
        open_on_server(app);
        return;
    }
    sodium_memzero(app->password, sizeof app->password);
    app->wrong_password = false;
    if (!access_init()) {
        app_set_error(app, _("cannot start libsodium"));
        return;
    }
    app->has_password = access_has_password(app->store, &err);
    if (app->has_password < 0 ||
        report_k(app->store, &app->report_k, &err) < 0) {
        app_set_error(app, err.msg);
        return;
    }
    if (app->screen != SCREEN_CISO_LOGIN && app->screen != SCREEN_DASHBOARD)
        app->ciso_from = app->screen;
    app->error[0] = '\0';
    if (app->window)
        SDL_StartTextInput();
    app_show(app, SCREEN_CISO_LOGIN);
}

/* A password being checked on a thread of its own: the hash was read
 * from the store first, so the thread touches only these. */
struct PasswordCheck {
    SDL_Thread *thread;
    SDL_atomic_t done;
    bool ok;
    char *hash; /* NULL: no password is set */
    char password[CISO_PASSWORD_MAX];
};

static int check_main(void *data)
{
    struct PasswordCheck *c = data;
    c->ok = access_verify(c->hash, c->password);
    sodium_memzero(c->password, sizeof c->password);
    SDL_AtomicSet(&c->done, 1);
    SDL_Event wake = {.type = SDL_USEREVENT}; /* the loop waits for events */
    SDL_PushEvent(&wake);
    return 0;
}

void app_ciso_submit(App *app)
{
    if (!app->password[0] || app->checking_password)
        return;
    /* the check takes a while (a wrong password 1.5 s): it runs on a
     * thread, and the window keeps drawing and answering meanwhile */
    VkError err;
    struct PasswordCheck *c = xcalloc(1, sizeof *c);
    if (access_password_hash(app->store, &c->hash, &err) < 0) {
        free(c);
        sodium_memzero(app->password, sizeof app->password);
        app_set_error(app, err.msg);
        return;
    }
    memcpy(c->password, app->password, sizeof c->password);
    sodium_memzero(app->password, sizeof app->password);
    c->thread = SDL_CreateThread(check_main, "vaksam-password", c);
    if (!c->thread) /* no thread to be had: check here, as before */
        check_main(c);
    app->check = c;
    app->checking_password = true;
    app->wrong_password = false;
    app->ui.again = true;
}

/* The months a period preset covers, up to the month now is in. */
static Period preset_period(PeriodPreset p, int now)
{
    int year = now / 12;
    switch (p) {
    case PERIOD_LAST_3: return (Period){now - 2, now};
    case PERIOD_THIS_YEAR: return (Period){year * 12, now};
    case PERIOD_LAST_YEAR: return (Period){year * 12 - 12, year * 12 - 1};
    case PERIOD_LAST_12:
    case PERIOD_PRESETS: break;
    }
    return (Period){now - 11, now};
}

static ReportFilter report_filter(const App *app)
{
    ReportFilter f = {
        .period = preset_period(app->period, month_of_time(time(NULL))),
        .unit_id = 0,
        .role = app->pick_report_role,
        .k = app->report_k ? app->report_k : REPORT_K_DEFAULT,
    };
    if (app->pick_report_unit >= 0 && app->pick_report_unit < app->nunits)
        f.unit_id = app->units[app->pick_report_unit].id;
    return f;
}

/* Reads, into the dashboard's cache, what the other periods' reports
 * need, so that the period button costs no more than a frame. */
static void warm_periods(App *app)
{
    PeriodPreset shown = app->period;
    for (int p = 0; p < PERIOD_PRESETS; p++) {
        if (p == (int)shown)
            continue;
        app->period = (PeriodPreset)p;
        ReportFilter f = report_filter(app);
        Report r;
        VkError err;
        if (report_build_cached(report_store(app), app->report_cache, &f, &r,
                                &err) == 0)
            report_free(&r);
    }
    app->period = shown;
}

void app_ciso_check_password(App *app)
{
    struct PasswordCheck *c = app->check;
    if (!c || !SDL_AtomicGet(&c->done))
        return; /* still checking */
    if (c->thread)
        SDL_WaitThread(c->thread, NULL);
    bool ok = c->ok;
    free(c->hash);
    free(c);
    app->check = NULL;
    app->checking_password = false;
    app->ui.again = true;
    if (app->screen != SCREEN_CISO_LOGIN)
        return; /* the CISO went back while it was checked: open nothing */
    VkError err;
    app->wrong_password = !ok;
    if (!ok)
        return;
    app->reset_at[0] = '\0'; /* the dashboard says when it was reset */
    if (access_last_reset(app->store, app->reset_at, sizeof app->reset_at,
                          &err) < 0) {
        app_set_error(app, err.msg);
        return;
    }
    app->error[0] = '\0';
    open_dashboard(app);
}

static void open_dashboard(App *app)
{
    app->report_cache = report_cache_new();
    app_report_refresh(app);
    /* a server publishes each report afresh: nothing to warm */
    if (!store_publishes(report_store(app)))
        warm_periods(app);
    app_show(app, SCREEN_DASHBOARD);
}

void app_ciso_wait(App *app)
{
    if (!app->check)
        return;
    if (app->check->thread)
        SDL_WaitThread(app->check->thread, NULL);
    free(app->check->hash);
    free(app->check);
    app->check = NULL;
    app->checking_password = false;
}

void app_ciso_close(App *app)
{
    sodium_memzero(app->password, sizeof app->password);
    app->wrong_password = false;
    report_free(&app->report);
    memset(&app->report, 0, sizeof app->report);
    /* the cache holds exact sums of small groups: not past the view */
    report_cache_free(app->report_cache);
    app->report_cache = NULL;
    store_close(app->ciso_store);
    app->ciso_store = NULL;
    if (app->ciso_from == SCREEN_HOME && app->signed_in)
        app_go_home(app);
    else
        app_show(app, SCREEN_SIGNIN);
}

void app_report_refresh(App *app)
{
    ReportFilter f = report_filter(app);
    Report r;
    memset(&r, 0, sizeof r);
    VkError err;
    report_free(&app->report);
    memset(&app->report, 0, sizeof app->report);
    if (!app->report_cache)
        app->report_cache = report_cache_new();
    if (report_build_cached(report_store(app), app->report_cache, &f, &r,
                            &err) < 0) {
        app_set_error(app, err.msg);
        app->report.filter = f; /* the page still says what was asked */
    } else {
        app->report = r;
    }
    app->ui.again = true;
}

void app_save_register(App *app)
{
    char date[32];
    time_t now = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%d", localtime(&now));
    char *path =
        xasprintf("%s/vaksam-register-%s.csv", app->cfg.export_dir, date);
    ReportFilter f = report_filter(app);
    VkError err;
    FILE *out = fopen_private(path);
    int rc =
        out ? report_write_register(report_store(app), &f, REPORT_CSV, out, &err)
            : -1;
    if (!out)
        vk_error_set(&err, _("%s: cannot write the file: %s"), path,
                     strerror(errno));
    if (out && fclose(out) != 0 && rc == 0) {
        vk_error_set(&err, _("%s: cannot write the file: %s"), path,
                     strerror(errno));
        rc = -1;
    }
    if (rc < 0) {
        if (out)
            remove(path); /* half a register is worse than none */
        app_set_error(app, err.msg);
    } else {
        snprintf(app->notice, sizeof app->notice,
                 _("The completion register was saved in %s"), path);
        app->error[0] = '\0';
    }
    free(path);
    app->ui.again = true;
}
