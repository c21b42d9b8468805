/*
 * cli.h - what the command line's files share: the parsed options and the
 * few helpers every command uses (main.c has them; cli_db.c holds the
 * database's commands, cli_ciso.c the CISO's).
 */
#ifndef VAKSAM_CLI_H
#define VAKSAM_CLI_H

#include "store.h"
#include "util.h"

#include <stdbool.h>

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

/* Says what is wrong with the command line and how to get help; 2. */
int bad_usage(const char *fmt, ...) VK_PRINTF(1, 2);
/* Refuses a password given on the command line; 2. */
int password_in_argv(void);
/* Parses a whole number of option opt in min..max, or says why not. */
bool whole_number(const char *opt, const char *v, long min, long max,
                  long *out);
/* Opens the database of --db (or the default), checked for damage; says
 * why not and gives NULL. *db is the path (the caller frees). */
Store *open_store(const Options *o, char **db);

/* The database's commands (cli_db.c). */
int cmd_units(const Options *o);
int cmd_demo_data(const Options *o);
int cmd_db(const Options *o);

/* The CISO's commands (cli_ciso.c). */
int cmd_report(const Options *o, bool register_);
int cmd_set_k(const Options *o);
int cmd_ciso(const Options *o);

#endif
