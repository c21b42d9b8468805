/*
 * main.c - the command line: its options, the dispatch, and the
 * learner's and author's commands (play, check-lessons,
 * extract-lessons); cli_db.c and cli_ciso.c hold the rest. This is the
 * only file that decides exit statuses: 0 fine, 1 a problem found or a
 * failure, 2 a command line that could not be understood.
 */
#include "cli.h"

#include "app.h"
#include "i18n.h"
#include "lesson.h"
#include "po.h"
#include "pot.h"

#include <dirent.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

int bad_usage(const char *fmt, ...)
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
int password_in_argv(void)
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

bool whole_number(const char *opt, const char *v, long min, long max, long *out)
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

Store *open_store(const Options *o, char **db)
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
