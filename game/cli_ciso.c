/*
 * cli_ciso.c - the CISO's commands: report, register and ciso (set-k,
 * set-password, reset-password). Each opens the file checked for damage
 * (store_check.h), then asks for the CISO's password (from the terminal
 * with echo off, or one line of standard input), and only then reads. On
 * a server the database has signed the CISO in already: the connection's
 * role may run the published report, or the command is refused.
 */
#include "cli.h"

#include "access.h"
#include "dashboard.h"
#include "i18n.h"
#include "lesson.h"
#include "report.h"
#include "store_check.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* Reads a line from fd into buf without its newline; on a terminal it
 * shows the prompt and turns echo off, elsewhere (a script's pipe) it
 * reads the line as it comes. Returns false at end of input. */
static bool read_secret(int fd, const char *prompt, char *buf, size_t size)
{
    struct termios old, quiet;
    bool tty = isatty(fd) && tcgetattr(fd, &old) == 0;
    if (tty) {
        fprintf(stderr, "%s", prompt);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    size_t n = 0;
    char c;
    bool got = false;
    while (read(fd, &c, 1) == 1) {
        got = true;
        if (c == '\n')
            break;
        if (n + 1 < size)
            buf[n++] = c;
    }
    buf[n] = '\0';
    if (n && buf[n - 1] == '\r')
        buf[--n] = '\0';
    if (tty) {
        tcsetattr(fd, TCSAFLUSH, &old);
        fprintf(stderr, "\n");
    }
    return got;
}

/* A whole number in [min, max] from an option's value. */

static bool sodium_ready(void)
{
    if (access_init())
        return true;
    fprintf(stderr, "vaksam: %s\n", _("cannot start libsodium"));
    return false;
}

/* The one gate of every CISO command: asks for the CISO's password (on
 * the terminal with echo off, else one line of standard input) and
 * checks it. 0 when it is right; else says why and returns 1 - a wrong
 * one after the same pause as the window's. */
static int ciso_login(Store *s, const char *db, const char *prompt)
{
    VkError err;
    /* a server's CISO is whom the database lets run its report */
    StoreCiso how;
    if (store_ciso_access(s, &how, &err) < 0) {
        fprintf(stderr, "vaksam: %s\n", err.msg);
        return 1;
    }
    if (how == STORE_CISO_GRANTED || how == STORE_CISO_ONLY)
        return 0;
    if (how == STORE_CISO_REFUSED) {
        fprintf(stderr,
                _("vaksam: %s: the database role %s may not see the CISO's "
                  "view; the database administrator can grant it with "
                  "GRANT vaksam_ciso TO \"%s\"\n"),
                db, store_login(s), store_login(s));
        return 1;
    }
    int has = sodium_ready() ? access_has_password(s, &err) : -2;
    if (has == -1)
        fprintf(stderr, "vaksam: %s\n", err.msg);
    if (has <= 0) {
        if (has == 0)
            fprintf(stderr,
                    _("vaksam: %s: no password is set for the CISO's view; "
                      "set one first with 'vaksam ciso set-password'\n"),
                    db);
        return 1;
    }
    char pw[256];
    bool ok = false;
    int status = 1;
    if (!read_secret(STDIN_FILENO, prompt, pw, sizeof pw))
        fprintf(stderr, "vaksam: %s\n", _("no password was given"));
    else if (access_check_password(s, pw, &ok, &err) < 0)
        fprintf(stderr, "vaksam: %s\n", err.msg);
    else if (!ok)
        fprintf(stderr,
                _("vaksam: %s: wrong password for the CISO's view; nothing "
                  "was read or changed\n"),
                db);
    else
        status = 0;
    sodium_memzero(pw, sizeof pw);
    return status;
}

Store *open_as_ciso(const Options *o, char **db)
{
    Store *s = open_store(o, db);
    if (s && ciso_login(s, *db, _("Password for the CISO's view: ")) != 0) {
        store_close(s);
        free(*db);
        *db = NULL;
        return NULL;
    }
    return s;
}

Store *open_for_xapi(const Options *o, char **db)
{
    Store *s = open_store(o, db);
    StoreCiso how = STORE_CISO_PASSWORD;
    VkError err;
    int rc = s ? store_xapi_access(s, o->groups_only, &how, &err) : -1;
    if (s && rc < 0)
        fprintf(stderr, "vaksam: %s\n", err.msg);
    else if (s && how == STORE_CISO_REFUSED)
        fprintf(stderr,
                _("vaksam: %s: the database role %s may not read the xAPI "
                  "statements; the database administrator can grant it "
                  "with GRANT %s TO \"%s\" (to the account that feeds the "
                  "learning record store, not to the CISO's)\n"),
                *db, store_login(s),
                o->groups_only ? "vaksam_xapi_groups" : "vaksam_xapi",
                store_login(s));
    else if (s && (how == STORE_CISO_GRANTED ||
                   ciso_login(s, *db, _("Password for the CISO's view: ")) ==
                       0))
        return s;
    if (s)
        store_close(s);
    free(*db);
    *db = NULL;
    return NULL;
}

/* After a reset, every report says so beside its figures: when gets the
 * time of the last reset, or "". -1 on error. */
static int tell_reset(Store *s, char *when, size_t n)
{
    VkError err;
    when[0] = '\0';
    if (store_publishes(s))
        return 0; /* a server's CISO has no password of ours to reset */
    int rc = access_last_reset(s, when, n, &err);
    if (rc < 0) {
        fprintf(stderr, "vaksam: %s\n", err.msg);
    } else if (rc > 0) {
        char notice[512];
        access_reset_notice(when, notice, sizeof notice);
        fprintf(stderr, "%s\n", notice);
    }
    return rc < 0 ? -1 : 0;
}

int cmd_set_k(const Options *o)
{
    long k;
    if (!whole_number("ciso set-k", o->args[0], REPORT_K_MIN, 1000, &k))
        return 2;
    char *db;
    Store *s = open_as_ciso(o, &db);
    if (!s)
        return 1;
    VkError err;
    int rc = report_set_k(s, (int)k, &err);
    if (rc < 0)
        fprintf(stderr, "vaksam: %s\n", err.msg);
    else
        fprintf(stderr,
                _("Figures drawn from fewer than %ld learners are now "
                  "hidden.\n"),
                k);
    store_close(s);
    free(db);
    return rc < 0 ? 1 : 0;
}

/* The dashboard as a picture, with the lessons' words for the decisions
 * most missed and the notice of a reset at reset_at ("": none). */
static int write_png(const Options *o, const Report *r, const char *reset_at)
{
    Diags d = {0};
    LessonSet course = {0}, pools = {0};
    lessonset_load_dir(&course, o->cfg.lessons, &d);
    lessonset_take_quizzes(&course, &pools);
    for (int i = 0; i < d.count; i++)
        fprintf(stderr, "%s\n", d.items[i]);
    const char *font = getenv("VAKSAM_FONT");
    const char *bold = getenv("VAKSAM_FONT_BOLD");
    VkError err;
    int status = 0;
    DashboardPicture pic = {
        .width = o->cfg.width,
        .height = o->cfg.height,
        .font_regular = font && *font ? font : VAKSAM_FONT_REGULAR,
        .font_bold = bold && *bold ? bold : VAKSAM_FONT_BOLD,
        .high_contrast = o->cfg.high_contrast,
        .reset_at = reset_at,
    };
    if (dashboard_write_png(r, &course, &pools, o->png, &pic, &err) < 0) {
        fprintf(stderr, "vaksam: %s\n", err.msg);
        status = 1;
    } else {
        fprintf(stderr, _("Wrote the dashboard to %s.\n"), o->png);
    }
    lessonset_free(&course);
    lessonset_free(&pools);
    diags_free(&d);
    return status;
}

/* The options of `report` and `register`: -1 when they are good, else
 * the exit status, having said what is wrong. */
static int report_options(const Options *o, ReportFilter *f, ReportFormat *fmt,
                          int *by)
{
    VkError err;
    if (period_parse(o->period ? o->period : "last-12",
                     month_of_time(time(NULL)), &f->period, &err) < 0)
        return bad_usage("%s", err.msg);
    long unit = 0;
    if (o->unit && !whole_number("--unit", o->unit, 1, INT64_MAX, &unit))
        return 2;
    f->unit_id = unit;
    if (o->role && (f->role = role_from_id(o->role)) < 0)
        return bad_usage(_("--role takes manager or staff, not '%s'"), o->role);
    if (o->by && (*by = report_by_from_id(o->by)) < 0)
        return bad_usage(_("--by takes topic, unit, role or month, not '%s'"),
                         o->by);
    if (o->format && strcmp(o->format, "csv") != 0 &&
        strcmp(o->format, "json") != 0)
        return bad_usage(_("--format takes csv or json, not '%s'"), o->format);
    if (o->format && strcmp(o->format, "json") == 0)
        *fmt = REPORT_JSON;
    if (o->png && (o->format || o->by))
        return bad_usage("%s", _("--png writes the whole dashboard; "
                                 "leave out --format and --by"));
    if (!o->png && !o->format)
        return bad_usage("%s", _("say what to write: --format csv, --format "
                                 "json or --png FILE"));
    return -1;
}

/* `vaksam report` and `vaksam register`, for the CISO only. */
static int report_or_register(const Options *o, bool register_)
{
    ReportFilter f = {.role = REPORT_ROLE_ALL};
    ReportFormat fmt = REPORT_CSV;
    int by = REPORT_BY_TOPIC;
    int status = report_options(o, &f, &fmt, &by);
    if (status >= 0)
        return status;
    char *db;
    Store *s = open_as_ciso(o, &db);
    if (!s)
        return 1;
    VkError err;
    char reset_at[64];
    status = 1;
    if (tell_reset(s, reset_at, sizeof reset_at) < 0) {
        /* said */
    } else if (report_k(s, &f.k, &err) < 0) {
        fprintf(stderr, "vaksam: %s\n", err.msg);
    } else if (register_) {
        if (report_write_register(s, &f, fmt, stdout, &err) == 0)
            status = 0;
        else
            fprintf(stderr, "vaksam: %s\n", err.msg);
    } else {
        Report r;
        if (report_build(s, &f, &r, &err) < 0) {
            fprintf(stderr, "vaksam: %s\n", err.msg);
        } else if (o->png) {
            status = write_png(o, &r, reset_at);
        } else if (report_write(&r, (ReportBy)by, fmt, stdout, &err) < 0) {
            fprintf(stderr, "vaksam: %s\n", err.msg);
        } else {
            status = 0;
        }
        report_free(&r);
    }
    store_close(s);
    free(db);
    return status;
}

/* Reads the new password (twice on a terminal) and stores its hash. */
static int new_password(Store *s, const char *db)
{
    char pw[256], again[256];
    VkError err;
    int status = 1;
    if (!read_secret(STDIN_FILENO, _("New password for the CISO's view: "), pw,
                     sizeof pw)) {
        fprintf(stderr, "vaksam: %s\n", _("no password was given"));
    } else if (isatty(STDIN_FILENO) &&
               (!read_secret(STDIN_FILENO, _("The same password again: "),
                             again, sizeof again) ||
                strcmp(pw, again) != 0)) {
        fprintf(stderr, "vaksam: %s\n",
                _("the two passwords differ; nothing was changed"));
    } else if (access_set_password(s, pw, &err) < 0) {
        fprintf(stderr, "vaksam: %s\n", err.msg);
    } else {
        fprintf(stderr,
                _("The CISO's password is set (stored as an Argon2id "
                  "hash in %s).\n"),
                db);
        status = 0;
    }
    sodium_memzero(pw, sizeof pw);
    sodium_memzero(again, sizeof again);
    return status;
}

int cmd_report(const Options *o)
{
    return report_or_register(o, false);
}

int cmd_register(const Options *o)
{
    return report_or_register(o, true);
}

/* On a server the database signs the CISO in: nothing of ours to set. */
static int no_password_on_server(const Options *o)
{
    if (!store_is_server(o->cfg.db))
        return -1;
    char *name = store_display_name(o->cfg.db);
    fprintf(stderr,
            _("vaksam: %s: on a server the CISO signs in as their own "
              "database role, a member of vaksam_ciso; there is no password "
              "of the CISO's view to set or reset\n"),
            name);
    free(name);
    return 1;
}

/* The first password, or a new one once the current one is given (from
 * standard input: line 1 the current, line 2 the new). */
int cmd_set_password(const Options *o)
{
    if (o->nargs)
        return password_in_argv();
    int status = no_password_on_server(o);
    if (status >= 0)
        return status;
    if (!sodium_ready())
        return 1;
    char *db;
    Store *s = open_store(o, &db);
    if (!s)
        return 1;
    VkError err;
    status = 1;
    int has = access_has_password(s, &err);
    if (has < 0)
        fprintf(stderr, "vaksam: %s\n", err.msg);
    else if (!has ||
             ciso_login(s, db, _("Current password for the CISO's view: ")) ==
                 0)
        status = new_password(s, db);
    store_close(s);
    free(db);
    return status;
}

/* For a lost password: anyone who may write the file could remove the
 * hash anyway, so this needs no password - and leaves a trace. */
int cmd_reset_password(const Options *o)
{
    int status = no_password_on_server(o);
    if (status >= 0)
        return status;
    char *db;
    Store *s = open_store(o, &db);
    if (!s)
        return 1;
    VkError err;
    int rc = access_reset_password(s, &err);
    if (rc < 0)
        fprintf(stderr, "vaksam: %s\n", err.msg);
    else
        fprintf(stderr,
                _("The CISO's password was removed from %s, and k is back "
                  "to its default (%d). Every report and the dashboard will "
                  "say when this happened. Set a new password with 'vaksam "
                  "ciso set-password'.\n"),
                db, REPORT_K_DEFAULT);
    store_close(s);
    free(db);
    return rc < 0 ? 1 : 0;
}
