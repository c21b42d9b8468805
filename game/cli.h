/*
 * cli.h - what the command line's files share: the parsed options and the
 * few helpers every command uses (main.c has them; cli_db.c holds the
 * database's commands, cli_ciso.c the CISO's, cli_config.c the
 * configuration's, cli_lessons.c the lesson author's).
 */
#ifndef VAKSAM_CLI_H
#define VAKSAM_CLI_H

#include "config.h"
#include "store.h"
#include "util.h"

#include <stdbool.h>

typedef struct Options {
    const char *command;
    const char *user;
    const char *config_file; /* --config: read instead of the user's file */
    Config cfg; /* the settings: flags, $VAKSAM_DB, the files, defaults */
    unsigned long long seed;
    bool help, version;
    bool cues; /* check-lessons --cues */
    char **files; /* the command's words: files, "import", "show", ... */
    int nfiles;
    char **po;
    int npo;
    /* report, register, demo-data */
    const char *period, *unit, *role, *by, *format, *png;
    const char *learners, *units, *months;
    /* db copy */
    const char *from, *to;
} Options;

/* Says what is wrong with the command line and how to get help; 2. */
int bad_usage(const char *fmt, ...) VK_PRINTF(1, 2);
/* Refuses a password given on the command line; 2. */
int password_in_argv(void);
/* Parses a whole number of option opt in min..max, or says why not. */
bool whole_number(const char *opt, const char *v, long min, long max,
                  long *out);
/* Opens the database of the settings, checked for damage; says why not
 * and gives NULL. *db is the path (the caller frees). */
Store *open_store(const Options *o, char **db);

/* The author's commands (cli_lessons.c). */
int cmd_check_lessons(const Options *o);
int cmd_extract_lessons(const Options *o);

/* The database's commands (cli_db.c). */
int cmd_units(const Options *o);
int cmd_demo_data(const Options *o);
int cmd_db(const Options *o);

/* `vaksam learners import` (cli_learners.c). */
int cmd_learners(const Options *o);

/* The CISO's commands (cli_ciso.c). */
int cmd_report(const Options *o, bool register_);
int cmd_set_k(const Options *o);
int cmd_ciso(const Options *o);

/* The configuration (cli_config.c). */
/* Reads the configuration files and $VAKSAM_DB into o->cfg below its
 * flags, and prints their warnings; on a problem prints every one and
 * gives 2, else -1. */
int load_config(Options *o);
/* `vaksam config show`: the settings in effect and where each is from. */
int cmd_config(const Options *o);

#endif
