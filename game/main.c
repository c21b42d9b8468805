/*
 * main.c - the command line: `vaksam` opens the trainer; the other commands
 * (check-lessons, extract-lessons) are a second front end on the same core.
 * This is the only file that decides exit statuses: 0 fine, 1 a problem
 * found or a failure, 2 a command line that could not be understood.
 */
#include "access.h"
#include "app.h"
#include "dashboard.h"
#include "demodata.h"
#include "i18n.h"
#include "lesson.h"
#include "po.h"
#include "pot.h"
#include "report.h"
#include "store_check.h"
#include "units.h"

#include <dirent.h>
#include <pwd.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

typedef struct Options {
    const char *command;
    const char *db, *lang, *user, *lessons;
    int width, height;
    unsigned long long seed;
    bool high_contrast;
    bool help, version;
    char **files; /* check-lessons / extract-lessons arguments */
    int nfiles;
    char **po;
    int npo;
    /* report, register, demo-data */
    const char *period, *unit, *role, *by, *format, *png;
    const char *learners, *units, *months;
} Options;

static void usage(FILE *f)
{
    fprintf(f, "%s",
            _("Usage: vaksam [COMMAND] [OPTION...]\n"
              "\n"
              "Commands:\n"
              "  play                    open the trainer (the default)\n"
              "  check-lessons [FILE...] check lessons (default: all) and "
              "their translations\n"
              "  extract-lessons [FILE...]\n"
              "                          print the lessons' PO template "
              "entries\n"
              "  units import FILE.csv   add or update the organisation's "
              "units from\n"
              "                          a CSV file: id,name,parent_id\n"
              "  ciso set-password       set or change the password of the "
              "CISO's view\n"
              "  ciso reset-password     remove a lost password (k goes back "
              "to 5;\n"
              "                          every report says when it happened)\n"
              "  ciso set-k N            hide figures from fewer than N "
              "learners\n"
              "                          (default 5, at least 3)\n"
              "  report                  the CISO's report: --format csv|json "
              "writes\n"
              "                          one table to standard output, --png "
              "FILE\n"
              "                          writes the dashboard as a picture\n"
              "  register                who completed which course, and "
              "when\n"
              "                          (--format csv|json)\n"
              "  demo-data               fill a new database with a "
              "synthetic\n"
              "                          organisation (--learners, --units, "
              "--months,\n"
              "                          --seed)\n"
              "  db check                check the whole database file for "
              "damage\n"
              "                          (read-only; exit status 1 when "
              "damaged)\n"
              "\n"
              "report, register, ciso set-k and ciso set-password (once a "
              "password is set)\n"
              "ask for the CISO's password on the terminal, or read it as one "
              "line of\n"
              "standard input when that is not a terminal; never give it on "
              "the command\n"
              "line.\n"
              "\n"
              "Options:\n"
              "  --db PATH        database file (default: $VAKSAM_DB, else\n"
              "                   $XDG_DATA_HOME/vaksam/vaksam.db)\n"
              "  --lang CODE      language: en or sv (default: from LANGUAGE "
              "or LANG)\n"
              "  --user LOGIN     the learner (default: your login name)\n"
              "  --lessons DIR    the lesson folder\n"
              "  --size WxH       window (or --png picture) size in pixels\n"
              "                   (default: 1024x720)\n"
              "  --high-contrast  high-contrast colours (window and --png)\n"
              "  --seed N         draw quizzes, or make demo-data, from this "
              "seed\n"
              "                   (default: the clock; demo-data: 1)\n"
              "  --po FILE        check-lessons: a translation to check\n"
              "                   (default: every locale/*.po)\n"
              "  --period P       report, register: 2026, 2026-Q3, 2026-03,\n"
              "                   last-3 or last-12 (default: last-12)\n"
              "  --unit ID        report, register: one unit and everything "
              "below it\n"
              "  --role ROLE      report, register: manager or staff "
              "(default: both)\n"
              "  --by WHAT        report: topic, unit, role or month "
              "(default: topic)\n"
              "  --format F       report, register: csv or json\n"
              "  --png FILE       report: write the dashboard as a PNG "
              "picture\n"
              "  --learners N, --units N, --months N\n"
              "                   demo-data: its size (default: 2000, 40, "
              "24)\n"
              "  -h, --help       show this help\n"
              "  --version        show the version\n"));
}

static int bad_usage(const char *fmt, ...) VK_PRINTF(1, 2);

static int bad_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "vaksam: ");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n%s\n", _("Try 'vaksam --help'."));
    return 2;
}

/* A password on the command line is in every user's `ps` and in the
 * shell's history: refused, by every command. */
static int password_in_argv(void)
{
    return bad_usage("%s", _("never give the password on the command line "
                             "(others can read it there); Vaksam asks for "
                             "it, or reads it from standard input"));
}

static const char *login_name(void)
{
    struct passwd *pw = getpwuid(getuid());
    if (pw && pw->pw_name && *pw->pw_name)
        return pw->pw_name;
    const char *u = getenv("USER");
    return u && *u ? u : "learner";
}

/* Returns -1 when parsing succeeded, else the exit status. */
static int parse_args(int argc, char **argv, Options *o)
{
    o->command = "play";
    o->width = 1024;
    o->height = 720;
    o->lessons = VAKSAM_LESSONS_DIR;
    o->files = xcalloc((size_t)argc, sizeof *o->files);
    o->po = xcalloc((size_t)argc, sizeof *o->po);
    bool have_command = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **value = NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            o->help = true;
            continue;
        } else if (strcmp(a, "--version") == 0) {
            o->version = true;
            continue;
        } else if (strcmp(a, "--high-contrast") == 0) {
            o->high_contrast = true;
            continue;
        } else if (strcmp(a, "--db") == 0) {
            value = &o->db;
        } else if (strcmp(a, "--lang") == 0) {
            value = &o->lang;
        } else if (strcmp(a, "--user") == 0) {
            value = &o->user;
        } else if (strcmp(a, "--lessons") == 0) {
            value = &o->lessons;
        } else if (strcmp(a, "--period") == 0) {
            value = &o->period;
        } else if (strcmp(a, "--unit") == 0) {
            value = &o->unit;
        } else if (strcmp(a, "--role") == 0) {
            value = &o->role;
        } else if (strcmp(a, "--by") == 0) {
            value = &o->by;
        } else if (strcmp(a, "--format") == 0) {
            value = &o->format;
        } else if (strcmp(a, "--png") == 0) {
            value = &o->png;
        } else if (strcmp(a, "--learners") == 0) {
            value = &o->learners;
        } else if (strcmp(a, "--units") == 0) {
            value = &o->units;
        } else if (strcmp(a, "--months") == 0) {
            value = &o->months;
        } else if (strcmp(a, "--seed") == 0) {
            char *end;
            if (i + 1 >= argc || !*argv[i + 1])
                return bad_usage(_("%s needs a value"), a);
            o->seed = strtoull(argv[++i], &end, 10);
            if (*end || o->seed == 0 || argv[i][0] == '-')
                return bad_usage(_("--seed takes a whole number above 0, not "
                                   "'%s'"),
                                 argv[i]);
            continue;
        } else if (strcmp(a, "--size") == 0 || strcmp(a, "--po") == 0) {
            if (i + 1 >= argc || !*argv[i + 1])
                return bad_usage(_("%s needs a value"), a);
            const char *v = argv[++i];
            if (a[2] == 'p') {
                o->po[o->npo++] = argv[i];
                continue;
            }
            char x;
            if (sscanf(v, "%d%c%d", &o->width, &x, &o->height) != 3 ||
                (x != 'x' && x != 'X') || o->width < 480 || o->height < 360 ||
                o->width > 16384 || o->height > 16384)
                return bad_usage(_("--size takes WxH (width x height) of at "
                                   "least 480x360, like 1024x720, not '%s'"),
                                 v);
            continue;
        } else if (strncmp(a, "--password", 10) == 0 &&
                   (a[10] == '\0' || a[10] == '=')) {
            return password_in_argv();
        } else if (a[0] == '-' && a[1]) {
            return bad_usage(_("unknown option '%s'"), a);
        } else if (!have_command) {
            if (strcmp(a, "play") != 0 && strcmp(a, "check-lessons") != 0 &&
                strcmp(a, "extract-lessons") != 0 && strcmp(a, "ciso") != 0 &&
                strcmp(a, "units") != 0 && strcmp(a, "report") != 0 &&
                strcmp(a, "register") != 0 && strcmp(a, "demo-data") != 0 &&
                strcmp(a, "db") != 0)
                return bad_usage(_("unknown command '%s'"), a);
            o->command = a;
            have_command = true;
            continue;
        } else if (strcmp(o->command, "play") == 0) {
            return bad_usage(_("'play' takes no file, but got '%s'"), a);
        } else {
            o->files[o->nfiles++] = argv[i];
            continue;
        }
        if (i + 1 >= argc || !*argv[i + 1])
            return bad_usage(_("%s needs a value"), a);
        *value = argv[++i];
    }
    return -1;
}

static void load_lessons(const Options *o, LessonSet *set, Diags *d)
{
    if (o->nfiles)
        lessonset_load_files(set, o->files, o->nfiles, d);
    else
        lessonset_load_dir(set, o->lessons, d);
}

/* The PO files of the locale folder, when no --po was given. */
static int default_po_files(char ***out)
{
    *out = NULL;
    DIR *d = opendir(VAKSAM_PO_DIR);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len > 3 && strcmp(e->d_name + len - 3, ".po") == 0) {
            *out = xrealloc(*out, (size_t)(n + 1) * sizeof **out);
            (*out)[n++] = xasprintf("%s/%s", VAKSAM_PO_DIR, e->d_name);
        }
    }
    closedir(d);
    return n;
}

static int cmd_check_lessons(const Options *o)
{
    LessonSet set = {0};
    Diags d = {0};
    load_lessons(o, &set, &d);
    char **owned = NULL;
    char **po = o->po;
    int npo = o->npo;
    if (!npo)
        po = owned = NULL, npo = default_po_files(&owned), po = owned;
    for (int i = 0; i < npo; i++) {
        Po *p = po_load(po[i], &d);
        if (p)
            pot_check_translations(&set, p, &d);
        po_free(p);
    }
    for (int i = 0; i < d.count; i++)
        printf("%s\n", d.items[i]);
    int texts = 0;
    for (int i = 0; i < set.count; i++)
        texts += set.items[i]->ntexts;
    if (d.count)
        fprintf(stderr,
                ngettext("%d problem found.\n", "%d problems found.\n",
                         (unsigned long)d.count),
                d.count);
    else
        fprintf(stderr,
                _("No problems (lessons: %d, strings: %d, "
                  "translations checked: %d).\n"),
                set.count, texts, npo);
    int status = d.count ? 1 : 0;
    for (int i = 0; owned && i < npo; i++)
        free(owned[i]);
    free(owned);
    lessonset_free(&set);
    diags_free(&d);
    return status;
}

static int cmd_extract_lessons(const Options *o)
{
    LessonSet set = {0};
    Diags d = {0};
    load_lessons(o, &set, &d);
    for (int i = 0; i < d.count; i++)
        fprintf(stderr, "%s\n", d.items[i]);
    StrBuf out = {0};
    pot_write_lessons(&out, &set);
    if (out.len)
        fwrite(out.data, 1, out.len, stdout);
    int status = d.count ? 1 : 0;
    free(out.data);
    lessonset_free(&set);
    diags_free(&d);
    return status;
}

/* Where "save my questions" writes: ~/Documents when there is one. */
static char *export_dir(void)
{
    const char *home = getenv("HOME");
    if (!home || !*home)
        return xstrdup(".");
    char *docs = xasprintf("%s/%s", home, "Documents");
    struct stat st;
    if (stat(docs, &st) == 0 && S_ISDIR(st.st_mode))
        return docs;
    free(docs);
    return xstrdup(home);
}

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
static bool whole_number(const char *opt, const char *v, long min, long max,
                         long *out)
{
    char *end;
    long n = v ? strtol(v, &end, 10) : 0;
    if (!v || !*v || *end || n < min || n > max) {
        bad_usage(_("%s takes a whole number from %ld to %ld, not '%s'"), opt,
                  min, max, v ? v : "");
        return false;
    }
    *out = n;
    return true;
}

static Store *open_store(const Options *o, char **db)
{
    *db = o->db ? xstrdup(o->db) : store_default_path();
    VkError err;
    Store *s = store_open_checked(*db, &err);
    if (!s) {
        fprintf(stderr, "vaksam: %s\n", err.msg);
        free(*db);
        *db = NULL;
    }
    return s;
}

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

/* The store of a CISO command, once the password is right; NULL (having
 * said why) when the file cannot be opened or the password is wrong. */
static Store *open_as_ciso(const Options *o, char **db)
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

/* After a reset, every report says so beside its figures: when gets the
 * time of the last reset, or "". -1 on error. */
static int tell_reset(Store *s, char *when, size_t n)
{
    VkError err;
    when[0] = '\0';
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

static int cmd_set_k(const Options *o)
{
    long k;
    if (o->nfiles != 2)
        return bad_usage("%s", _("use 'vaksam ciso set-k N'"));
    if (!whole_number("ciso set-k", o->files[1], REPORT_K_MIN, 1000, &k))
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
    lessonset_load_dir(&course, o->lessons, &d);
    lessonset_take_quizzes(&course, &pools);
    for (int i = 0; i < d.count; i++)
        fprintf(stderr, "%s\n", d.items[i]);
    const char *font = getenv("VAKSAM_FONT");
    const char *bold = getenv("VAKSAM_FONT_BOLD");
    VkError err;
    int status = 0;
    DashboardPicture pic = {
        .width = o->width,
        .height = o->height,
        .font_regular = font && *font ? font : VAKSAM_FONT_REGULAR,
        .font_bold = bold && *bold ? bold : VAKSAM_FONT_BOLD,
        .high_contrast = o->high_contrast,
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
static int report_options(const Options *o, bool register_, ReportFilter *f,
                          ReportFormat *fmt, int *by)
{
    VkError err;
    if (o->nfiles)
        return bad_usage(_("'%s' takes no file, but got '%s'"), o->command,
                         o->files[0]);
    if (period_parse(o->period ? o->period : "last-12",
                     month_of_time(time(NULL)), &f->period, &err) < 0)
        return bad_usage("%s", err.msg);
    long unit = 0;
    if (o->unit && !whole_number("--unit", o->unit, 1, INT64_MAX, &unit))
        return 2;
    f->unit_id = unit;
    if (o->role && (f->role = role_from_id(o->role)) < 0)
        return bad_usage(_("--role takes manager or staff, not '%s'"), o->role);
    if (o->by && register_)
        return bad_usage("%s", _("'register' takes no --by"));
    if (o->by && (*by = report_by_from_id(o->by)) < 0)
        return bad_usage(_("--by takes topic, unit, role or month, not '%s'"),
                         o->by);
    if (o->format && strcmp(o->format, "csv") != 0 &&
        strcmp(o->format, "json") != 0)
        return bad_usage(_("--format takes csv or json, not '%s'"), o->format);
    if (o->format && strcmp(o->format, "json") == 0)
        *fmt = REPORT_JSON;
    if (o->png && (register_ || o->format || o->by))
        return bad_usage("%s", register_
                                   ? _("'register' writes no picture")
                                   : _("--png writes the whole dashboard; "
                                       "leave out --format and --by"));
    if (!o->png && !o->format)
        return bad_usage("%s", _("say what to write: --format csv, --format "
                                 "json or --png FILE"));
    return -1;
}

/* `vaksam report` and `vaksam register`, for the CISO only. */
static int cmd_report(const Options *o, bool register_)
{
    ReportFilter f = {.role = REPORT_ROLE_ALL};
    ReportFormat fmt = REPORT_CSV;
    int by = REPORT_BY_TOPIC;
    int status = report_options(o, register_, &f, &fmt, &by);
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

static int cmd_demo_data(const Options *o)
{
    long learners = 2000, units = 40, months = 24;
    if (o->nfiles)
        return bad_usage(_("'%s' takes no file, but got '%s'"), o->command,
                         o->files[0]);
    if ((o->learners &&
         !whole_number("--learners", o->learners, 1, 1000000, &learners)) ||
        (o->units && !whole_number("--units", o->units, 1, 10000, &units)) ||
        (o->months && !whole_number("--months", o->months, 1, 120, &months)))
        return 2;
    Diags d = {0};
    LessonSet course = {0}, pools = {0};
    lessonset_load_dir(&course, o->lessons, &d);
    lessonset_take_quizzes(&course, &pools);
    int status = 1;
    if (d.count || course.count == 0 || pools.count == 0) {
        for (int i = 0; i < d.count; i++)
            fprintf(stderr, "%s\n", d.items[i]);
        fprintf(stderr, "vaksam: %s: %s\n", o->lessons,
                _("demo data needs the course and the quiz questions"));
    } else {
        char *db;
        Store *s = open_store(o, &db);
        if (s) {
            DemoDataOptions opt = {(int)learners,
                                   (int)units,
                                   (int)months,
                                   o->seed ? o->seed : 1,
                                   0,
                                   &course,
                                   &pools,
                                   1};
            DemoDataStats st;
            VkError err;
            if (demodata_fill(s, &opt, &st, &err) < 0) {
                fprintf(stderr, "vaksam: %s\n", err.msg);
            } else {
                fprintf(stderr,
                        _("%s: %lld units, %lld learners, %lld attempts, "
                          "%lld answers, %lld completions.\n"),
                        db, st.units, st.learners, st.attempts, st.answers,
                        st.completions);
                status = 0;
            }
            store_close(s);
            free(db);
        }
    }
    lessonset_free(&course);
    lessonset_free(&pools);
    diags_free(&d);
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

/* The first password, or a new one once the current one is given (from
 * standard input: line 1 the current, line 2 the new). */
static int cmd_set_password(const Options *o)
{
    if (o->nfiles > 1)
        return password_in_argv();
    if (!sodium_ready())
        return 1;
    char *db;
    Store *s = open_store(o, &db);
    if (!s)
        return 1;
    VkError err;
    int status = 1;
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
static int cmd_reset_password(const Options *o)
{
    if (o->nfiles != 1)
        return bad_usage("%s", _("use 'vaksam ciso reset-password'"));
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

static int cmd_ciso(const Options *o)
{
    const char *what = o->nfiles ? o->files[0] : "";
    if (strcmp(what, "set-k") == 0)
        return cmd_set_k(o);
    if (strcmp(what, "set-password") == 0)
        return cmd_set_password(o);
    if (strcmp(what, "reset-password") == 0)
        return cmd_reset_password(o);
    return bad_usage("%s", _("unknown 'ciso' command; try 'vaksam ciso "
                             "set-password', 'vaksam ciso reset-password' "
                             "or 'vaksam ciso set-k N'"));
}

static int cmd_units(const Options *o)
{
    if (o->nfiles != 2 || strcmp(o->files[0], "import") != 0)
        return bad_usage("%s", _("use 'vaksam units import FILE.csv'"));
    char *db = o->db ? xstrdup(o->db) : store_default_path();
    VkError err;
    Store *s = store_open_checked(db, &err);
    if (!s) {
        fprintf(stderr, "vaksam: %s\n", err.msg);
        free(db);
        return 1;
    }
    Diags d = {0};
    int n = 0;
    int rc = units_import_csv(s, o->files[1], &n, &d);
    for (int i = 0; i < d.count; i++)
        printf("%s\n", d.items[i]);
    if (rc == 0)
        fprintf(stderr,
                ngettext("Imported %d unit into %s.\n",
                         "Imported %d units into %s.\n", (unsigned long)n),
                n, db);
    else
        fprintf(stderr, "%s\n", _("Nothing was imported."));
    diags_free(&d);
    store_close(s);
    free(db);
    return rc == 0 ? 0 : 1;
}

/* `vaksam db check`: SQLite's full check, on a read-only connection. */
static int cmd_db(const Options *o)
{
    if (o->nfiles != 1 || strcmp(o->files[0], "check") != 0)
        return bad_usage("%s", _("use 'vaksam db check [--db PATH]'"));
    char *db = o->db ? xstrdup(o->db) : store_default_path();
    StoreCheck c;
    VkError err;
    int status = 1;
    if (store_check_file(db, &c, &err) < 0) {
        fprintf(stderr, "vaksam: %s\n", err.msg);
    } else {
        store_check_print(&c, db, stdout);
        status = c.problems ? 1 : 0;
    }
    store_check_free(&c);
    free(db);
    return status;
}

static int cmd_play(const Options *o)
{
    char *db = o->db ? xstrdup(o->db) : store_default_path();
    char *exports = export_dir();
    const char *font = getenv("VAKSAM_FONT");
    const char *bold = getenv("VAKSAM_FONT_BOLD");
    AppConfig cfg = {
        .db_path = db,
        .lessons_dir = o->lessons,
        .login = o->user ? o->user : login_name(),
        .lang = o->lang,
        .width = o->width,
        .height = o->height,
        .high_contrast = o->high_contrast,
        .font_regular = font && *font ? font : VAKSAM_FONT_REGULAR,
        .font_bold = bold && *bold ? bold : VAKSAM_FONT_BOLD,
        .export_dir = exports,
        .seed = o->seed,
    };
    App app;
    VkError err;
    int status;
    if (app_init(&app, &cfg, &err) < 0) {
        fprintf(stderr, "vaksam: %s\n", err.msg);
        status = 1;
    } else {
        if (app.screen == SCREEN_ERROR)
            fprintf(stderr, "vaksam: %s\n", app.error);
        status = app_run(&app);
    }
    app_free(&app);
    free(db);
    free(exports);
    return status;
}

int main(int argc, char **argv)
{
    const char *localedir = getenv("VAKSAM_LOCALEDIR");
    i18n_init(localedir && *localedir ? localedir : VAKSAM_LOCALE_DIR);
    i18n_set_language(NULL);
    /* --lang first, so that even a mistake on the command line is
     * reported in the language asked for */
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], "--lang") == 0)
            i18n_set_language(argv[i + 1]);
    Options o = {0};
    int status = parse_args(argc, argv, &o);
    if (status < 0 && o.lang && !i18n_set_language(o.lang)) {
        const char *codes[I18N_MAX_LANGS];
        int n = i18n_languages(codes, I18N_MAX_LANGS);
        char list[256] = "";
        for (int i = 0; i < n; i++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                     i ? ", " : "", codes[i]);
        fprintf(stderr,
                _("vaksam: no translation for language '%s' "
                  "(available: %s)\n"),
                o.lang, list);
        status = 2;
    }
    if (status < 0 && (o.help || o.version)) {
        if (o.help)
            usage(stdout);
        else
            printf("vaksam %s\n", VAKSAM_VERSION);
        status = 0;
    }
    if (status < 0) {
        if (strcmp(o.command, "check-lessons") == 0)
            status = cmd_check_lessons(&o);
        else if (strcmp(o.command, "extract-lessons") == 0)
            status = cmd_extract_lessons(&o);
        else if (strcmp(o.command, "ciso") == 0)
            status = cmd_ciso(&o);
        else if (strcmp(o.command, "units") == 0)
            status = cmd_units(&o);
        else if (strcmp(o.command, "report") == 0)
            status = cmd_report(&o, false);
        else if (strcmp(o.command, "register") == 0)
            status = cmd_report(&o, true);
        else if (strcmp(o.command, "demo-data") == 0)
            status = cmd_demo_data(&o);
        else if (strcmp(o.command, "db") == 0)
            status = cmd_db(&o);
        else
            status = cmd_play(&o);
    }
    free(o.files);
    free(o.po);
    return status;
}
