/*
 * cli_man.c - the manual page, in roff (man macros), from the same tables
 * as the help: every command with its synopsis, every option with the
 * commands that take it, the configuration files, the environment and the
 * exit statuses. `vaksam --man` prints it; the build writes it to
 * vaksam.1 (in English, --lang en), and tests/cli/man.sh checks that
 * man, lexgrog and groff -ww read it without a warning.
 */
#include "cli.h"
#include "cli_table.h"

#include "i18n.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* len bytes of s as roff text: backslashes and hyphens escaped. */
static void roff_n(FILE *f, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\\')
            fputs("\\e", f);
        else if (s[i] == '-')
            fputs("\\-", f);
        else
            fputc(s[i] == '\n' ? ' ' : s[i], f);
    }
}

/* s as one line of roff text (a leading '.' or '\'' made text). */
static void roff_line(FILE *f, const char *s)
{
    if (*s == '.' || *s == '\'')
        fputs("\\&", f);
    roff_n(f, s, strlen(s));
    fputc('\n', f);
}

/* A synopsis (len bytes): options and literal words in bold, the values
 * to fill in (FILE, N) in italics, brackets and bars as they are. */
static void roff_synopsis(FILE *f, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t run = strcspn(s + i, " []|\n");
        if (i + run > len)
            run = len - i;
        if (!run) {
            fputc(s[i] == '\n' ? ' ' : s[i], f);
            i++;
            continue;
        }
        unsigned char c = (unsigned char)s[i];
        const char *font = c == '-' || islower(c) ? "\\fB"
                           : isupper(c)           ? "\\fI"
                                                  : "";
        fputs(font, f);
        roff_n(f, s + i, run);
        fputs(*font ? "\\fR" : "", f);
        i += run;
    }
}

static void man_synopsis(FILE *f)
{
    fprintf(f, ".SH %s\n", _("SYNOPSIS"));
    for (int i = 0; i < cli_ncommands; i++) {
        const CliCommand *c = &cli_commands[i];
        const char *forms = c->synopsis ? _(c->synopsis)
                            : c->usage  ? _(c->usage)
                                        : "";
        for (const char *p = forms; p;) {
            size_t len = strcspn(p, "\n");
            fputs("\\fBvaksam\\fR ", f);
            roff_synopsis(f, c->name, strlen(c->name));
            fputc(' ', f);
            roff_synopsis(f, p, len);
            fputs("\n.br\n", f);
            p = p[len] ? p + len + 1 : NULL;
        }
    }
}

static void man_commands(FILE *f)
{
    fprintf(f, ".SH %s\n", _("COMMANDS"));
    for (int i = 0; i < cli_ncommands; i++) {
        const CliCommand *c = &cli_commands[i];
        fputs(".TP\n", f);
        roff_synopsis(f, c->name, strlen(c->name));
        if (c->usage) {
            fputc(' ', f);
            roff_synopsis(f, _(c->usage), strlen(_(c->usage)));
        }
        fputc('\n', f);
        roff_line(f, _(c->help));
        const char *sep = _("Options:");
        fputs(c->options ? ".br\n" : "", f);
        for (int o = 0; o < CLI_OPTS; o++) {
            if (!(c->options & CLI_OPT(o)) || !cli_options[o].help)
                continue;
            fprintf(f, "%s \\fB\\-\\-", sep);
            roff_n(f, cli_options[o].name, strlen(cli_options[o].name));
            fputs("\\fR", f);
            sep = ",";
        }
        fputs(*sep == ',' ? ".\n" : "", f);
    }
}

/* The commands that take option o, after the option's help. */
static void option_commands(FILE *f, int o)
{
    if (CLI_COMMON & CLI_OPT(o)) {
        fputs(".br\n", f);
        roff_line(f, _("Every command takes it."));
        return;
    }
    fputs(".br\n", f);
    const char *sep = _("Commands:");
    for (int i = 0; i < cli_ncommands; i++) {
        if (!(cli_commands[i].options & CLI_OPT(o)))
            continue;
        fprintf(f, "%s \\fB", sep);
        roff_n(f, cli_commands[i].name, strlen(cli_commands[i].name));
        fputs("\\fR", f);
        sep = ",";
    }
    fputs(".\n", f);
}

static void man_options(FILE *f)
{
    fprintf(f, ".SH %s\n", _("OPTIONS"));
    for (int o = 0; o < CLI_OPTS; o++) {
        const CliOption *opt = &cli_options[o];
        if (!opt->help)
            continue;
        fputs(".TP\n", f);
        if (opt->letter)
            fprintf(f, "\\fB\\-%c\\fR, ", opt->letter);
        fputs("\\fB\\-\\-", f);
        roff_n(f, opt->name, strlen(opt->name));
        fputs("\\fR", f);
        if (opt->arg) {
            fputs(" \\fI", f);
            roff_n(f, _(opt->arg), strlen(_(opt->arg)));
            fputs("\\fR", f);
        }
        fputc('\n', f);
        roff_line(f, _(opt->help));
        option_commands(f, o);
    }
}

/* A section of tagged paragraphs: each name in bold, its help below. */
static void man_notes(FILE *f, const char *title, const CliNote *notes, int n)
{
    fprintf(f, ".SH %s\n", title);
    for (int i = 0; i < n; i++) {
        fputs(".TP\n\\fB", f);
        roff_n(f, notes[i].name, strlen(notes[i].name));
        fputs("\\fR\n", f);
        roff_line(f, _(notes[i].help));
    }
}

void cli_print_man(FILE *f)
{
    fprintf(f, ".TH VAKSAM 1 \"\" \"Vaksam %s\" \"%s\"\n", VAKSAM_VERSION,
            _("User Commands"));
    fputs(".nh\n.ad l\n", f); /* options and paths stay whole */
    fprintf(f, ".SH %s\nvaksam \\- ", _("NAME"));
    roff_line(f, _("a trainer for information-security awareness"));
    man_synopsis(f);
    fprintf(f, ".SH %s\n", _("DESCRIPTION"));
    roff_line(f, _("Managers play an interactive leadership course, staff "
                   "take short awareness quizzes, and the organisation's "
                   "CISO reviews aggregated awareness levels, never an "
                   "individual's answers. Without a command, vaksam opens "
                   "the trainer's window."));
    fputs(".PP\n", f);
    roff_line(f, cli_ciso_note());
    man_commands(f);
    man_options(f);
    fprintf(f, ".SH %s\n", _("CONFIGURATION"));
    roff_line(f, cli_configuration_note());
    man_notes(f, _("FILES"), cli_files, cli_nfiles);
    man_notes(f, _("ENVIRONMENT"), cli_environment, cli_nenvironment);
    const CliNote statuses[] = {
        {"0", N_("fine")},
        {"1", N_("a problem found, or a failure (the message says which)")},
        {"2", N_("a command line or a configuration file that could not be "
                 "understood (the message says which word, or which file "
                 "and line, and why)")},
    };
    man_notes(f, _("EXIT STATUS"), statuses, 3);
}
