/*
 * cli_args.c - argv into Options, by the tables of cli_table.c. One pass
 * of getopt_long over every option there is (`--db PATH` and `--db=PATH`,
 * whole names only, `--` ends the options) collects the options and
 * the words in order; the words name the command; then each option is
 * checked against what that command takes and applied. A setting's flag
 * goes through config_set, checked as a file's value is. Every mistake is
 * a message naming the word, and exit status 2.
 */
#include "cli.h"
#include "cli_table.h"

#include "i18n.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Given {
    int opt;     /* CliOpt */
    char *value; /* NULL for a flag */
} Given;

enum { LONG_BASE = 256 }; /* getopt_long's value of option i: LONG_BASE + i */

static void long_options(struct option *lo)
{
    for (int i = 0; i < CLI_OPTS; i++) {
        const CliOption *opt = &cli_options[i];
        lo[i] = (struct option){opt->name,
                                i == OPT_PASSWORD ? optional_argument
                                : opt->arg        ? required_argument
                                                  : no_argument,
                                NULL, LONG_BASE + i};
    }
    lo[CLI_OPTS] = (struct option){0};
}

/* "--NAME" of option i, into buf. */
static const char *flag_of(int i, char *buf, size_t size)
{
    snprintf(buf, size, "--%s", cli_options[i].name);
    return buf;
}

/* word, an option (and its value) no command has; 2. */
static int unknown_option(const char *word)
{
    char *flag = xasprintf("%.*s", (int)strcspn(word, "="), word);
    int status = bad_usage(_("unknown option '%s'"), flag);
    free(flag);
    return status;
}

/* What getopt_long refused (c is '?' or ':'), said; 2. */
static int getopt_error(int c, const char *word)
{
    char flag[64];
    if (c == ':' && optopt >= LONG_BASE)
        return bad_usage(_("%s needs a value"),
                         flag_of(optopt - LONG_BASE, flag, sizeof flag));
    if (c == ':')
        return bad_usage(_("%s needs a value"), word);
    if (optopt >= LONG_BASE)
        return bad_usage(_("%s takes no value"),
                         flag_of(optopt - LONG_BASE, flag, sizeof flag));
    if (optopt) {
        snprintf(flag, sizeof flag, "-%c", optopt);
        return bad_usage(_("unknown option '%s'"), flag);
    }
    return unknown_option(word);
}

/* Whether word, which getopt_long took for option i, is its whole name:
 * abbreviations are refused, so that a slip ("--form" for "--from") is
 * not quietly another option and a new option breaks no script. */
static bool whole_name(const char *word, int i)
{
    size_t len = strlen(cli_options[i].name);
    return strncmp(word, "--", 2) == 0 &&
           strncmp(word + 2, cli_options[i].name, len) == 0 &&
           (word[2 + len] == '\0' || word[2 + len] == '=');
}

/* Every option and word of argv, in order: -1, else the exit status. */
static int collect(int argc, char **argv, Given *given, int *ngiven,
                   char **words, int *nwords)
{
    struct option lo[CLI_OPTS + 1];
    long_options(lo);
    opterr = 0;
    int c, at = optind = 1;
    /* "-": words come back in order, as 1; ":": a missing value is ':' */
    while ((c = getopt_long(argc, argv, "-:h", lo, NULL)) != -1) {
        const char *word = argv[at];
        at = optind;
        if (c == 1) {
            words[(*nwords)++] = optarg;
            continue;
        }
        if (c == '?' || c == ':')
            return getopt_error(c, argv[optind - 1]);
        int id = c == 'h' ? OPT_HELP : c - LONG_BASE;
        char flag[64];
        if (c >= LONG_BASE && !whole_name(word, id))
            return unknown_option(word);
        if (id == OPT_PASSWORD)
            return password_in_argv();
        if (cli_options[id].arg && !*optarg)
            return bad_usage(_("%s needs a value"),
                             flag_of(id, flag, sizeof flag));
        given[(*ngiven)++] = (Given){id, optarg};
    }
    while (optind < argc)
        words[(*nwords)++] = argv[optind++];
    return -1;
}

/* A group's word ("ciso") without one of its commands: what to use. */
static int group_usage(const char *group, const char *word)
{
    if (word) {
        fprintf(stderr, "vaksam: ");
        fprintf(stderr, _("unknown '%s' command '%s'"), group, word);
        fprintf(stderr, "\n");
    }
    bool first = true;
    for (int i = 0; i < cli_ncommands; i++) {
        const CliCommand *c = &cli_commands[i];
        if (!cli_in_group(c, group))
            continue;
        char *use = xasprintf("%s%s%s", c->name, c->usage ? " " : "",
                              c->usage ? _(c->usage) : "");
        if (first)
            fprintf(stderr, "vaksam: ");
        fprintf(stderr, first ? _("use 'vaksam %s'") : _("  or 'vaksam %s'"),
                use);
        fprintf(stderr, "\n");
        free(use);
        first = false;
    }
    fprintf(stderr, _("Try 'vaksam %s --help'."), group);
    fprintf(stderr, "\n");
    return 2;
}

/* The command the words name (none: play); its words leave words. */
static int find_command(Options *o, char **words, int *nwords)
{
    static char play[] = "play";
    char *none[] = {play};
    int used;
    const CliCommand *c =
        cli_match(*nwords ? words : none, *nwords ? *nwords : 1, &used);
    if (!c && used && o->help && *nwords == 1) {
        o->group = words[0]; /* vaksam ciso --help */
        return -1;
    }
    if (!c && used)
        return group_usage(words[0], *nwords > 1 ? words[1] : NULL);
    if (!c)
        return bad_usage(_("unknown command '%s'"), words[0]);
    o->named = *nwords > 0;
    if (!o->named)
        used = 0;
    *nwords -= used;
    memmove(words, words + used, (size_t)*nwords * sizeof *words);
    o->cmd = c;
    o->command = c->name;
    return -1;
}

/* A setting's flag (--db PATH, --high-contrast): checked as a file's
 * value is, and above every file. */
static int setting_option(Options *o, int id, const char *value)
{
    int key = config_key(cli_options[id].name);
    if (key < 0 || !config_key_has_flag((ConfigKey)key))
        abort(); /* the table names a key config.c does not have */
    VkError err;
    ConfigSource src = {CONFIG_FLAG, NULL, 0};
    if (config_set(&o->cfg, (ConfigKey)key, value ? value : "true", src, &err) <
        0)
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

/* The options that are neither a setting nor a text field. */
static int other_option(Options *o, const Given *g)
{
    switch (g->opt) {
    case OPT_HELP: o->help = true; break;
    case OPT_VERSION: o->version = true; break;
    case OPT_MAN: o->man = true; break;
    case OPT_CUES: o->cues = true; break;
    case OPT_GROUPS_ONLY: o->groups_only = true; break;
    case OPT_PO: o->po[o->npo++] = g->value; break;
    case OPT_SEED: return seed_option(o, g->value);
    default: abort(); /* an option of the table nobody handles */
    }
    return -1;
}

/* One option, if the command takes it: -1, else the exit status. */
static int apply_option(Options *o, const Given *g)
{
    const CliOption *opt = &cli_options[g->opt];
    char flag[64];
    flag_of(g->opt, flag, sizeof flag);
    if (o->cmd && !cli_takes(o->cmd, (CliOpt)g->opt))
        return bad_command_usage(o->command, _("'%s' takes no %s"), o->command,
                                 flag);
    if (!o->cmd && !(CLI_COMMON & CLI_OPT(g->opt)))
        return -1; /* a group's help: the rest waits for its command */
    if (g->opt == OPT_DB && store_has_password(g->value))
        return bad_usage("%s", _("never put the database password in "
                                 "--db (others can read it there); "
                                 "keep it in ~/.pgpass, or give the "
                                 "URI in $VAKSAM_DB"));
    if (g->opt == OPT_TO && store_has_password(g->value))
        return bad_usage("%s", _("never put the database password in "
                                 "--to (others can read it there); "
                                 "keep it in ~/.pgpass"));
    if (opt->setting)
        return setting_option(o, g->opt, g->value);
    if (opt->field) {
        *(const char **)((char *)o + opt->field) = g->value;
        return -1;
    }
    return other_option(o, g);
}

/* The command's words: as many as it takes. */
static int check_words(const Options *o)
{
    const CliCommand *c = o->cmd;
    if (c->max_words == 0 && o->nargs && !strchr(c->name, ' '))
        return bad_command_usage(c->name, _("'%s' takes no file, but got '%s'"),
                                 c->name, o->args[0]);
    if (o->nargs >= c->min_words &&
        (c->max_words < 0 || o->nargs <= c->max_words))
        return -1;
    char *use = xasprintf("%s%s%s", c->name, c->usage ? " " : "",
                          c->usage ? _(c->usage) : "");
    int status = bad_command_usage(c->name, _("use 'vaksam %s'"), use);
    free(use);
    return status;
}

int cli_parse(int argc, char **argv, Options *o)
{
    Given *given = xcalloc((size_t)argc + 1, sizeof *given);
    int ngiven = 0;
    o->args = xcalloc((size_t)argc + 1, sizeof *o->args);
    o->po = xcalloc((size_t)argc + 1, sizeof *o->po);
    int status = collect(argc, argv, given, &ngiven, o->args, &o->nargs);
    for (int i = 0; status < 0 && i < ngiven; i++)
        o->help |= given[i].opt == OPT_HELP;
    if (status < 0)
        status = find_command(o, o->args, &o->nargs);
    for (int i = 0; status < 0 && i < ngiven; i++)
        status = apply_option(o, &given[i]);
    if (status < 0 && o->cmd && !o->help && !o->version && !o->man)
        status = check_words(o);
    free(given);
    return status;
}
