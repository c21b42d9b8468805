/*
 * main.c - the command line's start and end: the language, the parse by
 * the table (cli_table.c, cli_args.c), the help, the configuration, the
 * command, and the one check that standard output got everything; the
 * helpers every command shares, and the learner's command, play.
 * Exit statuses: 0 fine, 1 a problem found or a failure, 2 a command line
 * or a configuration file that could not be understood.
 */
#define _GNU_SOURCE /* fopencookie */
#include "cli.h"

#include "app.h"
#include "cli_table.h"
#include "i18n.h"
#include "lesson.h"

#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int vbad_usage(const char *command, const char *fmt, va_list ap)
{
    fprintf(stderr, "vaksam: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    if (command)
        fprintf(stderr, _("Try 'vaksam %s --help'."), command);
    else
        fprintf(stderr, "%s", _("Try 'vaksam --help'."));
    fprintf(stderr, "\n");
    return 2;
}

int bad_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int status = vbad_usage(NULL, fmt, ap);
    va_end(ap);
    return status;
}

int bad_command_usage(const char *command, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int status = vbad_usage(command, fmt, ap);
    va_end(ap);
    return status;
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

int cmd_play(const Options *o)
{
    const char *font = getenv("VAKSAM_FONT");
    const char *bold = getenv("VAKSAM_FONT_BOLD");
    char *saved = config_saved_path();
    AppConfig cfg = {
        .db_path = o->cfg.db,
        .lessons_dir = o->cfg.lessons,
        .assets_dir = data.assets,
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

/* --lang first, so that even a mistake on the command line is reported
 * in the language asked for. */
static void early_language(int argc, char **argv)
{
    const char *localedir = getenv("VAKSAM_LOCALEDIR");
    i18n_init(localedir && *localedir ? localedir : data.locale);
    i18n_set_language(NULL);
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            i18n_set_language(argv[++i]);
        else if (strncmp(argv[i], "--lang=", 7) == 0)
            i18n_set_language(argv[i] + 7);
    }
}

/* --help, --version and --man read no configuration, so they work
 * whatever state it is in. */
static void answer_help(const Options *o)
{
    if (o->man)
        cli_print_man(stdout);
    else if (o->version)
        printf("vaksam %s\n", VAKSAM_VERSION);
    else if (o->group)
        cli_print_group_help(stdout, o->group);
    else if (o->cmd && o->named)
        cli_print_command_help(stdout, o->cmd);
    else
        cli_print_help(stdout);
}

/* The first error of a write to standard output. glibc keeps only a flag
 * once a large write has failed (and drops what it could not write), so
 * standard output goes through this stream when it is not a terminal, and
 * the message can say why: a full disk, a closed pipe. */
static int stdout_errno;

static ssize_t stdout_write(void *cookie, const char *buf, size_t n)
{
    (void)cookie;
    ssize_t w;
    do
        w = write(STDOUT_FILENO, buf, n);
    while (w < 0 && errno == EINTR);
    if (w < 0 && !stdout_errno)
        stdout_errno = errno;
    return w;
}

static int stdout_close(void *cookie)
{
    (void)cookie;
    return close(STDOUT_FILENO);
}

static void watch_stdout(void)
{
    if (isatty(STDOUT_FILENO))
        return; /* line by line, as a terminal's is */
    cookie_io_functions_t io = {.write = stdout_write, .close = stdout_close};
    FILE *f = fopencookie(NULL, "w", io);
    if (f) {
        fflush(stdout);
        stdout = f;
    }
}

/* Everything a command printed reached standard output, or the exit
 * status says it did not: the one check of every write to it. A standard
 * output closed before the program started is fine as long as nothing was
 * written to it. */
static int close_stdout(int status)
{
    bool failed = ferror(stdout) != 0;
    bool pending = __fpending(stdout) != 0;
    errno = 0;
    bool closed = fclose(stdout) == 0;
    int err = stdout_errno ? stdout_errno : errno;
    if (closed && !failed)
        return status;
    if (!closed && err == EBADF && !failed && !pending)
        return status;
    if (err)
        fprintf(stderr, "vaksam: %s: %s\n",
                _("cannot write to standard output"), strerror(err));
    else
        fprintf(stderr, "vaksam: %s\n", _("cannot write to standard output"));
    return status ? status : 1;
}

/* The lessons, art, translations and catalogs: beside an installed
 * program, else the build tree's (datadir.h). */
DataDirs data;

int main(int argc, char **argv)
{
    datadirs_find(&data, VAKSAM_LESSONS_DIR, VAKSAM_ASSETS_DIR, VAKSAM_PO_DIR,
                  VAKSAM_LOCALE_DIR);
    early_language(argc, argv);
    watch_stdout();
    Options o = {0};
    config_init(&o.cfg, data.lessons);
    int status = cli_parse(argc, argv, &o);
    if (status < 0 && (o.help || o.version || o.man || !o.cmd)) {
        answer_help(&o);
        status = 0;
    }
    /* before any command opens or writes anything */
    if (status < 0 && !(o.cmd->flags & CLI_NO_CONFIG))
        status = load_config(&o);
    if (status < 0)
        status = o.cmd->run(&o);
    free(o.args);
    free(o.po);
    config_free(&o.cfg);
    datadirs_free(&data);
    return close_stdout(status);
}
