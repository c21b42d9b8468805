/*
 * cli_help.c - the help, printed from the tables of cli_table.c: the list
 * of commands (`vaksam --help`), one command's synopsis and options
 * (`vaksam COMMAND --help`, `vaksam help COMMAND`), a group's commands
 * (`vaksam ciso --help`), and the manual page in roff (`vaksam --man`,
 * which the build writes to vaksam.1). Text is wrapped to 79 columns,
 * counted in characters, so Swedish wraps as English does.
 */
#include "cli.h"
#include "cli_table.h"

#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { WIDTH = 79, COMMAND_TAB = 30, OPTION_TAB = 24 };

/* Characters, not bytes, of the first len bytes of UTF-8 s. */
static int columns(const char *s, size_t len)
{
    int n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* The bytes of the word at p: up to a blank or a newline, or for a
 * bracket ("[--size WxH]") up to its end, so a synopsis's optional parts
 * stay whole. */
static size_t word_length(const char *p)
{
    size_t len = 0;
    int depth = 0;
    for (; p[len] && p[len] != '\n' && (depth || p[len] != ' '); len++) {
        depth += p[len] == '[';
        depth -= depth && p[len] == ']';
    }
    return len;
}

/* text from column col on, its words wrapped to WIDTH with indent
 * blanks before each further line; then a newline. */
static void wrap(FILE *f, const char *text, int col, int indent)
{
    const char *p = text;
    bool first = true;
    while (*p) {
        p += strspn(p, " \n");
        size_t len = word_length(p);
        if (!len)
            break;
        int w = columns(p, len);
        if (!first && col + 1 + w > WIDTH) {
            fprintf(f, "\n%*s", indent, "");
            col = indent;
        } else if (!first) {
            fputc(' ', f);
            col++;
        }
        fwrite(p, 1, len, f);
        col += w;
        p += len;
        first = false;
    }
    fputc('\n', f);
}

/* "  left" and help beside it from column tab (below, when left is
 * longer). */
static void item(FILE *f, const char *left, const char *help, int tab)
{
    int w = 2 + columns(left, strlen(left));
    fprintf(f, "  %s", left);
    if (w + 1 > tab) {
        fprintf(f, "\n");
        w = 0;
    }
    fprintf(f, "%*s", tab - w, "");
    wrap(f, help, tab, tab);
}

/* "NAME USAGE" of command c (the caller frees). */
static char *name_usage(const CliCommand *c)
{
    return xasprintf("%s%s%s", c->name, c->usage ? " " : "",
                     c->usage ? _(c->usage) : "");
}

static void option_item(FILE *f, int i)
{
    const CliOption *opt = &cli_options[i];
    char letter[8] = "";
    if (opt->letter)
        snprintf(letter, sizeof letter, "-%c, ", opt->letter);
    char *left = xasprintf("%s--%s%s%s", letter, opt->name, opt->arg ? " " : "",
                           opt->arg ? _(opt->arg) : "");
    item(f, left, _(opt->help), OPTION_TAB);
    free(left);
}

const char *cli_ciso_note(void)
{
    return _("report, register, xapi export, xapi send, ciso set-k and ciso "
             "set-password (once a password is set) ask for the CISO's "
             "password on the "
             "terminal, or read it as one line of standard input when that "
             "is not a terminal; never give it on the command line. On a "
             "PostgreSQL server the database signs the CISO in instead: "
             "their own role, a member of vaksam_ciso, and no password of "
             "Vaksam's; xapi export and send there are for a member of "
             "vaksam_xapi, the account that feeds the learning record "
             "store.");
}

const char *cli_configuration_note(void)
{
    return _("Configuration: /etc/vaksam/vaksam.conf (the machine's; "
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
             "with exit status 2.\n");
}

void cli_print_help(FILE *f)
{
    fprintf(f, "%s\n\n%s\n", _("Usage: vaksam [COMMAND] [OPTION...]"),
            _("Commands:"));
    for (int i = 0; i < cli_ncommands; i++) {
        char *left = name_usage(&cli_commands[i]);
        item(f, left, _(cli_commands[i].help), COMMAND_TAB);
        free(left);
    }
    fprintf(f, "\n%s\n", _("Options of every command:"));
    for (int i = 0; i < CLI_OPTS; i++)
        if ((CLI_COMMON & CLI_OPT(i)) && cli_options[i].help)
            option_item(f, i);
    fprintf(f, "\n");
    wrap(f,
         _("'vaksam COMMAND --help' (or 'vaksam help COMMAND') shows a "
           "command's options; 'man vaksam' shows them all."),
         0, 0);
    fprintf(f, "\n");
    wrap(f, cli_ciso_note(), 0, 0);
    fprintf(f, "\n%s", cli_configuration_note());
}

void cli_print_command_help(FILE *f, const CliCommand *c)
{
    const char *forms = c->synopsis ? _(c->synopsis)
                        : c->usage  ? _(c->usage)
                                    : "";
    const char *usage = _("Usage:");
    int col = columns(usage, strlen(usage));
    for (const char *p = forms; p;) {
        size_t len = strcspn(p, "\n");
        char *line = xasprintf("vaksam %s %.*s", c->name, (int)len, p);
        fprintf(f, "%*s ", col, p == forms ? usage : "");
        wrap(f, line, col + 1, col + 9 + (int)strlen(c->name));
        free(line);
        p = p[len] ? p + len + 1 : NULL;
    }
    fprintf(f, "\n");
    wrap(f, _(c->help), 0, 0);
    if (c->flags & CLI_CISO) {
        fprintf(f, "\n");
        wrap(f, cli_ciso_note(), 0, 0);
    }
    fprintf(f, "\n%s\n", _("Options:"));
    for (int i = 0; i < CLI_OPTS; i++) /* its own, then every command's */
        if ((c->options & ~CLI_COMMON & CLI_OPT(i)) && cli_options[i].help)
            option_item(f, i);
    for (int i = 0; i < CLI_OPTS; i++)
        if ((CLI_COMMON & CLI_OPT(i)) && cli_options[i].help)
            option_item(f, i);
}

void cli_print_group_help(FILE *f, const char *group)
{
    fprintf(f, _("The commands of 'vaksam %s':"), group);
    fprintf(f, "\n");
    for (int i = 0; i < cli_ncommands; i++) {
        if (!cli_in_group(&cli_commands[i], group))
            continue;
        char *left = name_usage(&cli_commands[i]);
        item(f, left, _(cli_commands[i].help), COMMAND_TAB);
        free(left);
    }
    fprintf(f, "\n");
    wrap(f, _("'vaksam COMMAND --help' shows a command's options."), 0, 0);
}

int cmd_help(const Options *o)
{
    int used;
    const CliCommand *c = cli_match(o->args, o->nargs, &used);
    if (!o->nargs)
        cli_print_help(stdout);
    else if (c && used == o->nargs)
        cli_print_command_help(stdout, c);
    else if (!c && used && o->nargs == 1)
        cli_print_group_help(stdout, o->args[0]);
    else if (!c && used)
        return bad_usage(_("unknown '%s' command '%s'"), o->args[0],
                         o->args[1]);
    else
        return bad_usage(_("unknown command '%s'"), o->args[used]);
    return 0;
}
