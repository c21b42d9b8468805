/*
 * cli_table.h - the command line as data: every option and every command
 * in one table each (cli_table.c). The parser (cli_args.c), the help and
 * the manual page (cli_help.c) all read these tables, so a command's
 * help cannot drift from what it accepts.
 *
 * Adding a command is one row in cli_commands[] and its handler; adding
 * an option is one CliOpt, one row in cli_options[] and, for a value, the
 * Options field it fills.
 */
#ifndef VAKSAM_CLI_TABLE_H
#define VAKSAM_CLI_TABLE_H

#include <stdbool.h>
#include <stddef.h>

struct Options;

typedef enum CliOpt {
    /* taken by every command */
    OPT_CONFIG,
    OPT_LANG,
    OPT_HELP,
    OPT_VERSION,
    /* the other settings' flags */
    OPT_DB,
    OPT_LESSONS,
    OPT_SIZE,
    OPT_HIGH_CONTRAST,
    OPT_TEXT_SIZE,
    OPT_SPEECH,
    OPT_EXPORT_DIR,
    /* a command's own */
    OPT_USER,
    OPT_SEED,
    OPT_PO,
    OPT_CUES,
    OPT_PERIOD,
    OPT_UNIT,
    OPT_ROLE,
    OPT_BY,
    OPT_FORMAT,
    OPT_PNG,
    OPT_LEARNERS,
    OPT_UNITS,
    OPT_MONTHS,
    OPT_FROM,
    OPT_TO,
    OPT_SINCE,
    OPT_OUT,
    OPT_GROUPS_ONLY,
    /* hidden */
    OPT_MAN,      /* the manual page, in roff (the build writes vaksam.1) */
    OPT_PASSWORD, /* refused by every command, with the reason */
    CLI_OPTS
} CliOpt;

/* The bit of an option in CliCommand.options. */
#define CLI_OPT(o) (1ull << (o))
#define CLI_COMMON                                                             \
    (CLI_OPT(OPT_CONFIG) | CLI_OPT(OPT_LANG) | CLI_OPT(OPT_HELP) |             \
     CLI_OPT(OPT_VERSION) | CLI_OPT(OPT_MAN) | CLI_OPT(OPT_PASSWORD))

typedef struct CliOption {
    const char *name; /* "db" for --db */
    char letter;      /* a short form ('h' for -h), or 0 */
    const char *arg;  /* its value as help shows it (N_), NULL: none */
    const char *help; /* one line (N_); NULL: hidden from help */
    bool setting;     /* its value is the configuration key of its name */
    size_t field;     /* else the Options member (const char *) it fills, or
                         0: handled by name in cli_args.c */
} CliOption;

enum {
    CLI_NO_CONFIG = 1, /* reads no configuration (help) */
    CLI_CISO = 2,      /* asks for the CISO's password */
};

typedef struct CliCommand {
    const char *name;           /* its words: "units import" */
    const char *usage;          /* what follows the name, in short (N_) */
    const char *synopsis;       /* its forms after the name, one a line (N_), or
                                   NULL: the usage */
    const char *help;           /* what it does, one sentence (N_) */
    unsigned long long options; /* CLI_OPT bits besides CLI_COMMON */
    int min_words, max_words;   /* after the name; max -1: any number */
    unsigned flags;             /* CLI_NO_CONFIG, CLI_CISO */
    int (*run)(const struct Options *o);
} CliCommand;

/* An environment variable or a file the program reads, for the help. */
typedef struct CliNote {
    const char *name; /* "VAKSAM_DB" */
    const char *help; /* (N_) */
} CliNote;

extern const CliOption cli_options[CLI_OPTS];
extern const CliCommand cli_commands[];
extern const int cli_ncommands;
extern const CliNote cli_environment[];
extern const int cli_nenvironment;
extern const CliNote cli_files[];
extern const int cli_nfiles;

/* The help's paragraphs on the CISO's password and the configuration
 * (cli_help.c), translated. */
const char *cli_ciso_note(void);
const char *cli_configuration_note(void);

/* Whether command c takes option o. */
bool cli_takes(const CliCommand *c, CliOpt o);
/* The command named by the first of words[0..n): its row, *used the
 * words its name has. NULL with *used 1: words[0] names a group of
 * commands ("ciso") and the next word none of them; *used 0: no
 * command. */
const CliCommand *cli_match(char *const *words, int n, int *used);
/* Whether command c's name starts with the group word (its first). */
bool cli_in_group(const CliCommand *c, const char *group);

#endif
