/*
 * cli.h - what the command line's files share: the parsed options, the
 * few helpers every command uses (main.c has them) and every command's
 * handler. cli_table.c lists the commands and their options, cli_args.c
 * parses argv by that table, cli_help.c prints the help and the manual
 * page from it; cli_db.c holds the database's commands, cli_ciso.c the
 * CISO's, cli_config.c the configuration's, cli_lessons.c the lesson
 * author's, cli_xapi.c the learning record store's.
 */
#ifndef VAKSAM_CLI_H
#define VAKSAM_CLI_H

#include "config.h"
#include "datadir.h"
#include "store.h"
#include "util.h"

#include <stdbool.h>
#include <stdio.h>

struct CliCommand;

typedef struct Options {
    const struct CliCommand *cmd; /* the command's row in cli_commands */
    const char *command;          /* its name, for messages: "units import" */
    bool named;        /* the command was named (else: play, by default) */
    const char *group; /* with --help and no command: a group's word, "ciso" */
    const char *user;
    const char *config_file; /* --config: read instead of the user's file */
    Config cfg; /* the settings: flags, $VAKSAM_DB, the files, defaults */
    unsigned long long seed;
    bool help, version, man;
    bool cues;   /* check-lessons --cues */
    char **args; /* the words after the command's name: files, N, ... */
    int nargs;
    char **po;
    int npo;
    /* report, register, demo-data */
    const char *period, *unit, *role, *by, *format, *png;
    const char *learners, *units, *months;
    /* db copy */
    const char *from, *to;
    /* xapi export */
    const char *since, *out;
    bool groups_only;
} Options;

/* Where the lessons, art, translations and catalogs are (main.c). */
extern DataDirs data;

/* Says what is wrong with the command line and how to get help; 2. */
int bad_usage(const char *fmt, ...) VK_PRINTF(1, 2);
/* The same, pointing to `vaksam COMMAND --help` (command may be NULL). */
int bad_command_usage(const char *command, const char *fmt, ...)
    VK_PRINTF(2, 3);
/* Refuses a password given on the command line; 2. */
int password_in_argv(void);
/* Parses a whole number of option opt in min..max, or says why not. */
bool whole_number(const char *opt, const char *v, long min, long max,
                  long *out);
/* Opens the database of the settings, checked for damage; says why not
 * and gives NULL. *db is the path (the caller frees). */
Store *open_store(const Options *o, char **db);

/* Parses argv by the table into o (cli_args.c): -1 when it is good, else
 * the exit status, having said what is wrong. o->args is the caller's to
 * free, as are o->po. */
int cli_parse(int argc, char **argv, Options *o);

/* The help (cli_help.c): the list of commands, one command's, a group's
 * ("ciso"), and the manual page in roff. */
void cli_print_help(FILE *f);
void cli_print_command_help(FILE *f, const struct CliCommand *c);
void cli_print_group_help(FILE *f, const char *group);
void cli_print_man(FILE *f);
/* `vaksam help [COMMAND]`. */
int cmd_help(const Options *o);

/* The learner's command (main.c). */
int cmd_play(const Options *o);

/* The author's commands (cli_lessons.c). */
int cmd_check_lessons(const Options *o);
int cmd_extract_lessons(const Options *o);

/* The database's commands (cli_db.c). */
int cmd_units_import(const Options *o);
int cmd_demo_data(const Options *o);
int cmd_db_check(const Options *o);
int cmd_db_init_roles(const Options *o);
int cmd_db_copy(const Options *o);

/* `vaksam learners import` (cli_learners.c). */
int cmd_learners_import(const Options *o);

/* The CISO's commands (cli_ciso.c). */
int cmd_report(const Options *o);
int cmd_register(const Options *o);
int cmd_set_k(const Options *o);
int cmd_set_password(const Options *o);
int cmd_reset_password(const Options *o);
/* The store of a CISO command, once the CISO has signed in; NULL (having
 * said why) when it cannot be opened or the password is wrong. */
Store *open_as_ciso(const Options *o, char **db);
/* The store for `xapi export` and `send`: on a file, as open_as_ciso; on
 * a server, for a member of vaksam_xapi (store_xapi_access). */
Store *open_for_xapi(const Options *o, char **db);

/* The learning record store's commands (cli_xapi.c). */
int cmd_xapi_export(const Options *o);
int cmd_xapi_send(const Options *o);

/* The configuration (cli_config.c). */
/* Reads the configuration files and $VAKSAM_DB into o->cfg below its
 * flags, and prints their warnings; on a problem prints every one and
 * gives 2, else -1. */
int load_config(Options *o);
/* `vaksam config show`: the settings in effect and where each is from. */
int cmd_config_show(const Options *o);

#endif
