/*
 * cli_table.c - every option and every command of the command line, with
 * their help; the environment and the files, for the help and the manual
 * page. The strings are marked N_() and translated where they are printed.
 */
#include "cli_table.h"
#include "cli.h"

#include "i18n.h"

#include <stddef.h>
#include <string.h>

#define FIELD(m) offsetof(Options, m)

const CliOption cli_options[CLI_OPTS] = {
    [OPT_CONFIG] = {"config", 0, N_("FILE"),
                    N_("read FILE instead of your own configuration file"),
                    false, FIELD(config_file)},
    [OPT_LANG] = {"lang", 0, N_("CODE"),
                  N_("language: en or sv (default: the configuration, else "
                     "LANGUAGE or LANG)"),
                  true, 0},
    [OPT_HELP] = {"help", 'h', NULL,
                  N_("show the help (of the command, when one is given)"),
                  false, 0},
    [OPT_VERSION] = {"version", 0, NULL, N_("show the version"), false, 0},
    [OPT_DB] = {"db", 0, N_("PATH"),
                N_("the database: a file, or a postgresql:// URI without a "
                   "password (default: $VAKSAM_DB, the configuration, else "
                   "$XDG_DATA_HOME/vaksam/vaksam.db)"),
                true, 0},
    [OPT_LESSONS] = {"lessons", 0, N_("DIR"), N_("the lesson folder"), true, 0},
    [OPT_SIZE] = {"size", 0, N_("WxH"),
                  N_("the window's size, or the --png picture's, in pixels "
                     "(default: 1024x720)"),
                  true, 0},
    [OPT_HIGH_CONTRAST] = {"high-contrast", 0, NULL,
                           N_("high-contrast colours (window and --png)"), true,
                           0},
    [OPT_TEXT_SIZE] = {"text-size", 0, N_("N"),
                       N_("the window's text size in percent, 70 to 200 "
                          "(default: 100)"),
                       true, 0},
    [OPT_SPEECH] = {"speech", 0, NULL,
                    N_("speak what has the focus (speech-dispatcher)"), true,
                    0},
    [OPT_EXPORT_DIR] = {"export-dir", 0, N_("DIR"),
                        N_("where saved questions and the register go "
                           "(default: ~/Documents, else ~)"),
                        true, 0},
    [OPT_USER] = {"user", 0, N_("LOGIN"),
                  N_("the learner (default: your login name)"), false,
                  FIELD(user)},
    [OPT_SEED] = {"seed", 0, N_("N"),
                  N_("draw quizzes, order a lesson's choices, or make "
                     "demo-data, from this seed (default: the clock; "
                     "demo-data: 1)"),
                  false, 0},
    [OPT_PO] = {"po", 0, N_("FILE"),
                N_("a translation to check, once per file (default: every "
                   "locale/*.po)"),
                false, 0},
    [OPT_CUES] = {"cues", 0, NULL,
                  N_("also print what the form of the choices gives away, "
                     "and fail above the limits"),
                  false, 0},
    [OPT_PERIOD] = {"period", 0, N_("P"),
                    N_("2026, 2026-Q3, 2026-03, last-3 or last-12 (default: "
                       "last-12)"),
                    false, FIELD(period)},
    [OPT_UNIT] = {"unit", 0, N_("ID"), N_("one unit and everything below it"),
                  false, FIELD(unit)},
    [OPT_ROLE] = {"role", 0, N_("ROLE"), N_("manager or staff (default: both)"),
                  false, FIELD(role)},
    [OPT_BY] = {"by", 0, N_("WHAT"),
                N_("the table: topic, unit, role or month (default: topic)"),
                false, FIELD(by)},
    [OPT_FORMAT] = {"format", 0, N_("F"),
                    N_("csv or json, written to standard output"), false,
                    FIELD(format)},
    [OPT_PNG] = {"png", 0, N_("FILE"),
                 N_("write the whole dashboard as a PNG picture"), false,
                 FIELD(png)},
    [OPT_LEARNERS] = {"learners", 0, N_("N"),
                      N_("how many learners (default: 2000)"), false,
                      FIELD(learners)},
    [OPT_UNITS] = {"units", 0, N_("N"), N_("how many units (default: 40)"),
                   false, FIELD(units)},
    [OPT_MONTHS] = {"months", 0, N_("N"),
                    N_("how many months of answers (default: 24)"), false,
                    FIELD(months)},
    [OPT_FROM] = {"from", 0, N_("FILE.db"), N_("the SQLite file to copy"),
                  false, FIELD(from)},
    [OPT_TO] = {"to", 0, N_("URI"),
                N_("the empty PostgreSQL database (postgresql://...), "
                   "without a password"),
                false, FIELD(to)},
    [OPT_SINCE] = {"since", 0, N_("DATE"),
                   N_("only attempts with anything on or after this day "
                      "(YYYY-MM-DD)"),
                   false, FIELD(since)},
    [OPT_OUT] = {"out", 0, N_("FILE"), N_("the file to write"), false,
                 FIELD(out)},
    [OPT_GROUPS_ONLY] = {"groups-only", 0, NULL,
                         N_("each unit as the actor, leaving out units of "
                            "fewer than k learners"),
                         false, 0},
    [OPT_MAN] = {"man", 0, NULL, NULL, false, 0},
    [OPT_PASSWORD] = {"password", 0, NULL, NULL, false, 0},
};

#define O(x) CLI_OPT(OPT_##x)
#define WINDOW (O(SIZE) | O(HIGH_CONTRAST))
#define FILTER (O(DB) | O(PERIOD) | O(UNIT) | O(ROLE) | O(FORMAT))

const CliCommand cli_commands[] = {
    {.name = "play",
     .help = N_("open the trainer (the default)"),
     .options = O(DB) | O(LESSONS) | WINDOW | O(TEXT_SIZE) | O(SPEECH) |
                O(EXPORT_DIR) | O(USER) | O(SEED),
     .run = cmd_play},
    {.name = "check-lessons",
     .usage = N_("[FILE...]"),
     .synopsis = N_("[--po FILE]... [--cues] [FILE...]"),
     .help = N_("check lessons (default: all) and their translations; every "
                "problem as file:line: message, exit status 1 when there is "
                "any"),
     .options = O(LESSONS) | O(PO) | O(CUES),
     .max_words = -1,
     .run = cmd_check_lessons},
    {.name = "extract-lessons",
     .usage = N_("[FILE...]"),
     .help = N_("print the lessons' PO template entries"),
     .options = O(LESSONS),
     .max_words = -1,
     .run = cmd_extract_lessons},
    {.name = "units import",
     .usage = N_("FILE.csv"),
     .synopsis = N_("FILE.csv [--db PATH]"),
     .help = N_("add or update the organisation's units from a CSV file: "
                "id,name,parent_id"),
     .options = O(DB),
     .min_words = 1,
     .max_words = 1,
     .run = cmd_units_import},
    {.name = "learners import",
     .usage = N_("FILE.csv"),
     .synopsis = N_("FILE.csv [--db PATH]"),
     .help = N_("make the organisation's learners those of HR's CSV file: "
                "login,name,unit_id,role (learners not in it are marked as "
                "having left)"),
     .options = O(DB),
     .min_words = 1,
     .max_words = 1,
     .run = cmd_learners_import},
    {.name = "ciso set-password",
     .synopsis = N_("[--db PATH]"),
     .help = N_("set or change the password of the CISO's view"),
     .options = O(DB),
     .max_words = -1, /* a word is a password: refused as such */
     .flags = CLI_CISO,
     .run = cmd_set_password},
    {.name = "ciso reset-password",
     .synopsis = N_("[--db PATH]"),
     .help = N_("remove a lost password (k goes back to 5; every report "
                "says when it happened)"),
     .options = O(DB),
     .run = cmd_reset_password},
    {.name = "ciso set-k",
     .usage = N_("N"),
     .synopsis = N_("N [--db PATH]"),
     .help = N_("hide figures from fewer than N learners (default 5, at "
                "least 3)"),
     .options = O(DB),
     .min_words = 1,
     .max_words = 1,
     .flags = CLI_CISO,
     .run = cmd_set_k},
    {.name = "report",
     .usage = N_("--format csv|json | --png FILE"),
     .synopsis = N_("[--period P] [--unit ID] [--role ROLE] [--by WHAT] "
                    "--format csv|json [--db PATH]\n"
                    "[--period P] [--unit ID] [--role ROLE] --png FILE "
                    "[--size WxH] [--high-contrast] [--db PATH]"),
     .help = N_("the CISO's report: one table of figures to standard "
                "output, or the dashboard as a picture"),
     .options = FILTER | O(BY) | O(PNG) | O(LESSONS) | WINDOW,
     .flags = CLI_CISO,
     .run = cmd_report},
    {.name = "register",
     .usage = N_("--format csv|json"),
     .synopsis = N_("[--period P] [--unit ID] [--role ROLE] --format "
                    "csv|json [--db PATH]"),
     .help = N_("who completed which course, and when (never a score or an "
                "answer)"),
     .options = FILTER,
     .flags = CLI_CISO,
     .run = cmd_register},
    {.name = "demo-data",
     .synopsis = N_("[--learners N] [--units N] [--months N] [--seed N] "
                    "[--db PATH]"),
     .help = N_("fill a new database with a synthetic organisation"),
     .options =
         O(DB) | O(LESSONS) | O(LEARNERS) | O(UNITS) | O(MONTHS) | O(SEED),
     .run = cmd_demo_data},
    {.name = "db check",
     .synopsis = N_("[--db PATH]"),
     .help = N_("check the whole database file for damage (read-only; exit "
                "status 1 when damaged)"),
     .options = O(DB),
     .run = cmd_db_check},
    {.name = "db init-roles",
     .synopsis = N_("[--db URI]"),
     .help = N_("a PostgreSQL database: create the roles vaksam_learner and "
                "vaksam_ciso and their rights"),
     .options = O(DB),
     .run = cmd_db_init_roles},
    {.name = "db copy",
     .usage = N_("--from FILE.db --to postgresql://..."),
     .help = N_("copy an organisation from a SQLite file into an empty "
                "PostgreSQL database, checked row by row"),
     .options = O(FROM) | O(TO),
     .run = cmd_db_copy},
    {.name = "xapi export",
     .usage = N_("--out FILE"),
     .synopsis = N_("[--since DATE] [--groups-only] --out FILE [--db PATH]"),
     .help = N_("the attempts and answers as xAPI 1.0.3 statements, one "
                "JSON array, for the learning record store"),
     .options = O(DB) | O(LESSONS) | O(SINCE) | O(OUT) | O(GROUPS_ONLY),
     .flags = CLI_CISO,
     .run = cmd_xapi_export},
    {.name = "xapi send",
     .usage = N_("[URL]"),
     .synopsis = N_("[--since DATE] [--groups-only] [URL] [--db PATH]"),
     .help = N_("post the statements to the learning record store at URL "
                "(default: xapi-endpoint), going on where it stopped"),
     .options = O(DB) | O(LESSONS) | O(SINCE) | O(GROUPS_ONLY),
     .max_words = 1,
     .flags = CLI_CISO,
     .run = cmd_xapi_send},
    {.name = "config show",
     .synopsis = N_("[--db PATH] [--lessons DIR] [--size WxH] "
                    "[--high-contrast] [--text-size N] [--speech] "
                    "[--export-dir DIR]"),
     .help = N_("the settings in effect, and where each one comes from (a "
                "file and line, the environment, a flag or the default)"),
     .options =
         O(DB) | O(LESSONS) | WINDOW | O(TEXT_SIZE) | O(SPEECH) | O(EXPORT_DIR),
     .run = cmd_config_show},
    {.name = "help",
     .usage = N_("[COMMAND]"),
     .help = N_("show the help of a command, or this list"),
     .max_words = -1,
     .flags = CLI_NO_CONFIG,
     .run = cmd_help},
};
const int cli_ncommands = sizeof cli_commands / sizeof *cli_commands;

const CliNote cli_environment[] = {
    {"VAKSAM_DB", N_("the database, when no --db is given; above the "
                     "configuration files")},
    {"VAKSAM_SYSCONFDIR",
     N_("the folder of the machine's configuration file instead of "
        "/etc/vaksam")},
    {"XDG_CONFIG_HOME", N_("where the user's configuration file is "
                           "(default: ~/.config)")},
    {"XDG_DATA_HOME",
     N_("where the default database is (default: ~/.local/share)")},
    {"XDG_STATE_HOME", N_("where the window saves its settings (default: "
                          "~/.local/state)")},
    {"LANGUAGE, LC_ALL, LC_MESSAGES, LANG",
     N_("the language, when neither --lang nor a configuration file gives "
        "one")},
    {"VAKSAM_FONT, VAKSAM_FONT_BOLD",
     N_("other .ttf files for the text (default: DejaVu Sans)")},
    {"VAKSAM_LOCALEDIR", N_("another folder of compiled translations")},
};
const int cli_nenvironment = sizeof cli_environment / sizeof *cli_environment;

const CliNote cli_files[] = {
    {"/etc/vaksam/vaksam.conf",
     N_("the machine's configuration, set by IT; it should hold no "
        "password")},
    {"~/.config/vaksam/vaksam.conf",
     N_("the user's own configuration ($XDG_CONFIG_HOME/vaksam/vaksam.conf); "
        "--config FILE is read instead")},
    {"~/.local/state/vaksam/settings.conf",
     N_("the language, colours, text size and speech last chosen in the "
        "window")},
    {"~/.local/share/vaksam/vaksam.db",
     N_("the database, when none is configured")},
};
const int cli_nfiles = sizeof cli_files / sizeof *cli_files;

bool cli_takes(const CliCommand *c, CliOpt o)
{
    return ((c->options | CLI_COMMON) & CLI_OPT(o)) != 0;
}

/* How many of words[0..n) command c's name is, or 0 when it is not. */
static int name_words(const CliCommand *c, char *const *words, int n)
{
    const char *p = c->name;
    int used = 0;
    while (*p) {
        size_t len = strcspn(p, " ");
        if (used >= n || strlen(words[used]) != len ||
            strncmp(words[used], p, len) != 0)
            return 0;
        used++;
        p += len;
        p += *p == ' ';
    }
    return used;
}

bool cli_in_group(const CliCommand *c, const char *group)
{
    size_t len = strlen(group);
    return strncmp(c->name, group, len) == 0 && c->name[len] == ' ';
}

const CliCommand *cli_match(char *const *words, int n, int *used)
{
    *used = 0;
    if (n == 0)
        return NULL;
    for (int i = 0; i < cli_ncommands; i++) {
        int k = name_words(&cli_commands[i], words, n);
        if (k) {
            *used = k;
            return &cli_commands[i];
        }
    }
    for (int i = 0; i < cli_ncommands; i++)
        if (cli_in_group(&cli_commands[i], words[0]))
            *used = 1;
    return NULL;
}
