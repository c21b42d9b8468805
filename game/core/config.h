/*
 * config.h - the settings an IT department sets centrally, read from
 * plain-text files of `key = value` lines, and where each of them came
 * from (for `vaksam config show`).
 *
 * Layers, lowest first; a value from a higher layer replaces a lower
 * one's, key by key, in whatever order they are applied:
 *
 *   the built-in defaults
 *   the system file:  /etc/vaksam/vaksam.conf ($VAKSAM_SYSCONFDIR/...)
 *   the user's file:  $XDG_CONFIG_HOME/vaksam/vaksam.conf (else
 *                     ~/.config/...), or the file --config names instead
 *   what the window saved: $XDG_STATE_HOME/vaksam/settings.conf (else
 *                     ~/.local/state/...): the language, colours, text
 *                     size and speech the learner last chose in it
 *   the environment:  $VAKSAM_DB
 *   the command line: --db, --lang, --lessons, --size, ...
 *
 * The locale variables (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) are the
 * default of `lang`, below the files: they are the desktop's, set on
 * every machine, not a choice made for Vaksam. Nothing here prints or
 * exits: a file's problems come back as "file:line: message".
 */
#ifndef VAKSAM_CONFIG_H
#define VAKSAM_CONFIG_H

#include "util.h"

#include <stdbool.h>

typedef enum ConfigKey {
    CONFIG_DB,            /* a database file or a postgresql:// URI */
    CONFIG_LANG,          /* a language we have a catalog for */
    CONFIG_LESSONS,       /* the lesson folder */
    CONFIG_SIZE,          /* the window's (and --png's) WxH */
    CONFIG_HIGH_CONTRAST, /* true or false */
    CONFIG_TEXT_SIZE,     /* the window's text, in percent */
    CONFIG_SPEECH,        /* true: speak the focus (speech-dispatcher) */
    CONFIG_EXPORT_DIR,    /* where the learner's and CISO's files go */
    CONFIG_XAPI_ENDPOINT, /* reserved: the LRS's http(s) URL */
    CONFIG_XAPI_USERNAME, /* reserved: its Basic authentication */
    CONFIG_XAPI_PASSWORD,
    CONFIG_XAPI_HOMEPAGE, /* the learners' accounts' homePage in xAPI */
    CONFIG_KEYS
} ConfigKey;

/* The layers, lowest first. */
typedef enum ConfigLayer {
    CONFIG_DEFAULT,
    CONFIG_SYSTEM,
    CONFIG_USER,  /* the user's file, or the one --config names */
    CONFIG_SAVED, /* what the window saved (config_save_window) */
    CONFIG_ENV,
    CONFIG_FLAG
} ConfigLayer;

/* Where a setting came from. */
typedef struct ConfigSource {
    ConfigLayer layer;
    const char *where; /* the file, variable or flag; NULL: a default */
    int line;          /* in the file */
} ConfigSource;

/* A file the settings were read from, or looked for. */
typedef struct ConfigFile {
    const char *path;
    ConfigLayer layer;
    bool named; /* by --config */
    bool found;
} ConfigFile;

enum {
    CONFIG_TEXT_SIZE_MIN = 70,
    CONFIG_TEXT_SIZE_MAX = 200,
    CONFIG_MAX_FILES = 4,
};

#define CONFIG_SYSTEM_DIR "/etc/vaksam"

/* The effective settings. Every string is owned by the arena; the xapi
 * ones are NULL until set (they are checked and kept, not used yet). */
typedef struct Config {
    const char *db;
    const char *lang; /* NULL: from the environment */
    const char *lessons;
    int width, height;
    bool high_contrast;
    int text_size; /* percent of the normal size */
    bool speech;   /* speak what has the focus */
    const char *export_dir;
    const char *xapi_endpoint, *xapi_username, *xapi_password;
    const char *xapi_homepage;
    ConfigSource from[CONFIG_KEYS];
    ConfigFile files[CONFIG_MAX_FILES];
    int nfiles;
    Arena arena;
} Config;

/* Sets the defaults: the database of store_default_path, the lessons of
 * lessons_dir, 1024x720, normal colours and text, exports to ~/Documents
 * (or ~ when there is none). */
void config_init(Config *c, const char *lessons_dir);
/* Frees every string; c can be initialised again. */
void config_free(Config *c);

/* The key of that name ("high-contrast"), or -1. */
int config_key(const char *name);
/* The name of key k as files write it. */
const char *config_key_name(ConfigKey k);
/* Whether key k also has a command-line flag, --NAME. */
bool config_key_has_flag(ConfigKey k);

/* Checks value for key k and keeps a copy with its source, unless a
 * higher layer has set k already (a value of the same layer replaces
 * it). Paths in files must start with / or ~/ (~ is $HOME). -1 with err
 * saying what is wrong, naming the key as src gives it (--size,
 * VAKSAM_DB, size), never quoting a password. */
int config_set(Config *c, ConfigKey k, const char *value, ConfigSource src,
               VkError *err);

/* Reads the file at path as layer CONFIG_SYSTEM or CONFIG_USER. Every
 * bad line is added to errors as "path:line: message"; a password in a
 * file that others may read, to warnings. A missing file is fine unless
 * must_exist; one that is there but cannot be read is an error. Returns
 * -1 when it added errors. */
int config_read_file(Config *c, const char *path, ConfigLayer layer,
                     bool must_exist, Diags *errors, Diags *warnings);
/* Reads the system file, then the user's or, when config_file is not
 * NULL, that file (which must exist), then $VAKSAM_DB. Returns -1 when
 * it added errors. */
int config_load(Config *c, const char *config_file, Diags *errors,
                Diags *warnings);
/* The system file: $VAKSAM_SYSCONFDIR/vaksam.conf when that is set, else
 * /etc/vaksam/vaksam.conf. The caller frees it. */
char *config_system_path(void);
/* The user's file: $XDG_CONFIG_HOME/vaksam/vaksam.conf, else
 * ~/.config/vaksam/vaksam.conf; NULL when there is no $HOME. The caller
 * frees it. */
char *config_user_path(void);
/* What the window saves: $XDG_STATE_HOME/vaksam/settings.conf, else
 * ~/.local/state/vaksam/settings.conf; NULL when there is no $HOME. */
char *config_saved_path(void);
/* Whether the window saves key k (lang, high-contrast, text-size,
 * speech): the only keys the saved file may hold. */
bool config_key_saved(ConfigKey k);
/* Writes the window's settings to path (its folders made, the file only
 * its owner may read, replaced whole): lang, high-contrast, text-size and
 * speech. -1 with err saying why. */
int config_save_window(const char *path, const char *lang, bool high_contrast,
                       int text_size, bool speech, VkError *err);

/* Whether db, a postgresql:// URI, holds a password (user:PASSWORD@host
 * or password=PASSWORD in its query). */
bool config_db_has_password(const char *db);
/* db with every such password replaced by ********, for messages and
 * `config show`; the caller frees it. */
char *config_db_masked(const char *db);

/* Appends the files looked for and the effective settings, one
 * `key = value` line each with where it came from; passwords masked. */
void config_show(const Config *c, StrBuf *out);

#endif
