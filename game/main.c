/*
 * main.c - the command line: its options, the table of commands, and the
 * learner's and author's commands (play, check-lessons,
 * extract-lessons); cli_db.c, cli_ciso.c and cli_config.c hold the rest.
 * Exit statuses: 0 fine, 1 a problem found or a failure, 2 a command line
 * or a configuration file that could not be understood.
 */
#include "cli.h"

#include "app.h"
#include "i18n.h"
#include "lesson.h"

#include <pwd.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
              "  learners import FILE.csv\n"
              "                          make the organisation's learners "
              "those of HR's\n"
              "                          CSV file: login,name,unit_id,role "
              "(learners\n"
              "                          not in it are marked as having "
              "left)\n"
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
              "  db init-roles           a PostgreSQL database: create the "
              "roles\n"
              "                          vaksam_learner and vaksam_ciso and "
              "their rights\n"
              "  db copy --from FILE.db --to postgresql://...\n"
              "                          copy an organisation from a SQLite "
              "file into an\n"
              "                          empty PostgreSQL database, checked "
              "row by row\n"
              "  config show             the settings in effect, and where "
              "each one\n"
              "                          comes from (a file and line, the "
              "environment,\n"
              "                          a flag or the default)\n"
              "\n"
              "report, register, ciso set-k and ciso set-password (once a "
              "password is set)\n"
              "ask for the CISO's password on the terminal, or read it as one "
              "line of\n"
              "standard input when that is not a terminal; never give it on "
              "the command\n"
              "line. On a PostgreSQL server the database signs the CISO in "
              "instead: their\n"
              "own role, a member of vaksam_ciso, and no password of "
              "Vaksam's.\n"
              "\n"
              "Options:\n"
              "  --config FILE    read FILE instead of your configuration "
              "file\n"
              "  --db PATH        database: a file, or a postgresql:// URI\n"
              "                   (default: $VAKSAM_DB, the configuration, "
              "else\n"
              "                   $XDG_DATA_HOME/vaksam/vaksam.db)\n"
              "  --lang CODE      language: en or sv (default: the "
              "configuration,\n"
              "                   else LANGUAGE or LANG)\n"
              "  --user LOGIN     the learner (default: your login name)\n"
              "  --lessons DIR    the lesson folder\n"
              "  --size WxH       window (or --png picture) size in pixels\n"
              "                   (default: 1024x720)\n"
              "  --high-contrast  high-contrast colours (window and --png)\n"
              "  --speech         speak what has the focus (speech-dispatcher)\n"
              "  --text-size N    the window's text size in percent, 70 to "
              "200\n"
              "                   (default: 100)\n"
              "  --export-dir DIR where saved questions and the register "
              "go\n"
              "                   (default: ~/Documents, else ~)\n"
              "  --seed N         draw quizzes, order a lesson's choices, or "
              "make\n"
              "                   demo-data, from this seed (default: the "
              "clock;\n"
              "                   demo-data: 1)\n"
              "  --po FILE        check-lessons: a translation to check\n"
              "                   (default: every locale/*.po)\n"
              "  --cues           check-lessons: also print what the form of "
              "the\n"
              "                   choices gives away, and fail above the "
              "limits\n"
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
              "  --from FILE.db   db copy: the SQLite file to copy\n"
              "  --to URI         db copy: the empty PostgreSQL database "
              "(postgresql://...)\n"
              "  --learners N, --units N, --months N\n"
              "                   demo-data: its size (default: 2000, 40, "
              "24)\n"
              "  -h, --help       show this help\n"
              "  --version        show the version\n"));
    fprintf(f, "\n%s",
            _("Configuration: /etc/vaksam/vaksam.conf (the machine's; "
              "$VAKSAM_SYSCONFDIR\n"
              "names another folder), then "
              "$XDG_CONFIG_HOME/vaksam/vaksam.conf (else\n"
              "~/.config/vaksam/vaksam.conf) or the file of --config: lines "
              "of\n"
              "key = value, with the keys db, lang, lessons, size, "
              "high-contrast,\n"
              "text-size, speech and export-dir (and xapi-endpoint, "
              "xapi-username and\n"
              "xapi-password, kept for later). A flag wins over $VAKSAM_DB, "
              "which\n"
              "wins over your file, which wins over the machine's. 'vaksam "
              "config show'\n"
              "says where each setting comes from; a bad file stops every "
              "command\n"
              "with exit status 2.\n"));
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

/* The options whose value is kept as it is given (a setting's flag,
 * --db or --size, goes to the configuration instead). */
static const struct {
    const char *flag;
    size_t offset;
} text_options[] = {
    {"--user", offsetof(Options, user)},
    {"--config", offsetof(Options, config_file)},
    {"--period", offsetof(Options, period)},
    {"--unit", offsetof(Options, unit)},
    {"--role", offsetof(Options, role)},
    {"--by", offsetof(Options, by)},
    {"--format", offsetof(Options, format)},
    {"--png", offsetof(Options, png)},
    {"--learners", offsetof(Options, learners)},
    {"--units", offsetof(Options, units)},
    {"--months", offsetof(Options, months)},
    {"--from", offsetof(Options, from)},
    {"--to", offsetof(Options, to)},
};

static const char **text_option(Options *o, const char *flag)
{
    for (size_t i = 0; i < sizeof text_options / sizeof *text_options; i++)
        if (strcmp(text_options[i].flag, flag) == 0)
            return (const char **)((char *)o + text_options[i].offset);
    return NULL;
}

/* A setting's flag (--db PATH, --high-contrast): checked as a file's
 * value is, and above every file. */
static int setting_flag(Options *o, int key, const char *value)
{
    VkError err;
    ConfigSource src = {CONFIG_FLAG, NULL, 0};
    if (config_set(&o->cfg, (ConfigKey)key, value, src, &err) < 0)
        return bad_usage("%s", err.msg);
    return -1;
}

static int seed_option(Options *o, const char *v)
{
    char *end;
    o->seed = strtoull(v, &end, 10);
    if (*end || o->seed == 0 || v[0] == '-')
        return bad_usage(_("--seed takes a whole number above 0, not '%s'"), v);
    return -1;
}

/* argv[*i], which starts with '-', and its value: -1 when understood,
 * else the exit status. */
static int parse_option(int argc, char **argv, int *i, Options *o)
{
    const char *a = argv[*i];
    int key = strncmp(a, "--", 2) == 0 ? config_key(a + 2) : -1;
    if (key >= 0 && !config_key_has_flag((ConfigKey)key))
        key = -1;
    const char **text = text_option(o, a);
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
        o->help = true;
        return -1;
    }
    if (strcmp(a, "--version") == 0) {
        o->version = true;
        return -1;
    }
    if (strcmp(a, "--cues") == 0) {
        o->cues = true;
        return -1;
    }
    if (key == CONFIG_HIGH_CONTRAST || key == CONFIG_SPEECH)
        return setting_flag(o, key, "true");
    if (strncmp(a, "--password", 10) == 0 && (a[10] == '\0' || a[10] == '='))
        return password_in_argv();
    if (key < 0 && !text && strcmp(a, "--seed") != 0 && strcmp(a, "--po") != 0)
        return bad_usage(_("unknown option '%s'"), a);
    if (*i + 1 >= argc || !*argv[*i + 1])
        return bad_usage(_("%s needs a value"), a);
    char *v = argv[++*i];
    if (key == CONFIG_DB && store_has_password(v))
        return bad_usage("%s", _("never put the database password in "
                                 "--db (others can read it there); "
                                 "keep it in ~/.pgpass, or give the "
                                 "URI in $VAKSAM_DB"));
    if (text == &o->to && store_has_password(v))
        return bad_usage("%s", _("never put the database password in "
                                 "--to (others can read it there); "
                                 "keep it in ~/.pgpass"));
    if (key >= 0)
        return setting_flag(o, key, v);
    if (text)
        *text = v;
    else if (strcmp(a, "--po") == 0)
        o->po[o->npo++] = v;
    else
        return seed_option(o, v);
    return -1;
}

static bool known_command(const char *name);

/* A word that is no option: the command, or the command's words. */
static int parse_word(char *a, Options *o, bool *have_command)
{
    if (!*have_command) {
        if (!known_command(a))
            return bad_usage(_("unknown command '%s'"), a);
        o->command = a;
        *have_command = true;
    } else if (strcmp(o->command, "play") == 0) {
        return bad_usage(_("'play' takes no file, but got '%s'"), a);
    } else {
        o->files[o->nfiles++] = a;
    }
    return -1;
}

/* Returns -1 when parsing succeeded, else the exit status. */
static int parse_args(int argc, char **argv, Options *o)
{
    o->command = "play";
    o->files = xcalloc((size_t)argc, sizeof *o->files);
    o->po = xcalloc((size_t)argc, sizeof *o->po);
    bool have_command = false;
    for (int i = 1; i < argc; i++) {
        int status = argv[i][0] == '-' && argv[i][1]
                         ? parse_option(argc, argv, &i, o)
                         : parse_word(argv[i], o, &have_command);
        if (status >= 0)
            return status;
    }
    return -1;
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
    VkError err;
    Store *s = store_open_checked(o->cfg.db, &err);
    *db = NULL;
    if (!s)
        fprintf(stderr, "vaksam: %s\n", err.msg);
    else
        *db = store_display_name(o->cfg.db); /* never a password in a message */
    return s;
}

static int cmd_play(const Options *o)
{
    const char *font = getenv("VAKSAM_FONT");
    const char *bold = getenv("VAKSAM_FONT_BOLD");
    char *saved = config_saved_path();
    AppConfig cfg = {
        .db_path = o->cfg.db,
        .lessons_dir = o->cfg.lessons,
        .assets_dir = VAKSAM_ASSETS_DIR,
        .login = o->user ? o->user : login_name(),
        .lang = o->cfg.lang,
        .width = o->cfg.width,
        .height = o->cfg.height,
        .high_contrast = o->cfg.high_contrast,
        .speech = o->cfg.speech,
        .saved_path = saved,
        .text_size = o->cfg.text_size,
        .font_regular = font && *font ? font : VAKSAM_FONT_REGULAR,
        .font_bold = bold && *bold ? bold : VAKSAM_FONT_BOLD,
        .export_dir = o->cfg.export_dir,
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
    free(saved);
    return status;
}

static int cmd_report_only(const Options *o)
{
    return cmd_report(o, false);
}

static int cmd_register(const Options *o)
{
    return cmd_report(o, true);
}

/* Every command: its word and what runs it. */
static const struct Command {
    const char *name;
    int (*run)(const Options *o);
} commands[] = {
    {"play", cmd_play},
    {"check-lessons", cmd_check_lessons},
    {"extract-lessons", cmd_extract_lessons},
    {"ciso", cmd_ciso},
    {"units", cmd_units},
    {"learners", cmd_learners},
    {"report", cmd_report_only},
    {"register", cmd_register},
    {"demo-data", cmd_demo_data},
    {"db", cmd_db},
    {"config", cmd_config},
};

static const struct Command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static bool known_command(const char *name)
{
    return find_command(name) != NULL;
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
    config_init(&o.cfg, VAKSAM_LESSONS_DIR);
    int status = parse_args(argc, argv, &o);
    /* --help and --version read no configuration, so they work whatever
     * state it is in */
    if (status < 0 && (o.help || o.version)) {
        if (o.help)
            usage(stdout);
        else
            printf("vaksam %s\n", VAKSAM_VERSION);
        status = 0;
    }
    /* before any command opens or writes anything */
    if (status < 0)
        status = load_config(&o);
    if (status < 0)
        status = find_command(o.command)->run(&o);
    free(o.files);
    free(o.po);
    config_free(&o.cfg);
    return status;
}
