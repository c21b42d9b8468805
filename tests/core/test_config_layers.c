/*
 * test_config_layers.c - the configuration's layers (system < user <
 * --config instead of the user's < $VAKSAM_DB < flags, whatever order
 * they are applied in, and what the window saved between the files and
 * the environment), the files' paths from the environment, and `config
 * show` with every kind of source. The files themselves: test_config.c.
 */
#include "config.h"
#include "i18n.h"

#include "config_files.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* The effective settings after system, user (or --config), environment
 * and flags, with flags applied first, as main.c does. */
static void layered(Config *c, const char *config_file, Diags *errors)
{
    Diags warnings = {0};
    VkError err;
    config_init(c, "/default/lessons");
    ConfigSource flag = {CONFIG_FLAG, NULL, 0};
    CHECK(config_set(c, CONFIG_LESSONS, "rel/lessons", flag, &err) == 0);
    config_load(c, config_file, errors, &warnings);
    CHECK_INT(warnings.count, 0);
    diags_free(&warnings);
}

/* The machine's and the user's files of test_layers and test_named. */
static char *sys_file, *user_file;

static void write_layers(void)
{
    char *etc = path_in("etc"), *xdg = path_in("xdg");
    char *xdg_dir = path_in("xdg/vaksam");
    sys_file = path_in("etc/vaksam.conf");
    user_file = path_in("xdg/vaksam/vaksam.conf");
    CHECK(mkdir(etc, 0700) == 0 && mkdir(xdg, 0700) == 0 &&
          mkdir(xdg_dir, 0700) == 0);
    const char *sys_text = "db = /sys.db\nlang = sv\nsize = 800x600\n"
                           "text-size = 120\nlessons = /sys/lessons\n"
                           "export-dir = /sys/out\nhigh-contrast = true\n";
    write_file(sys_file, sys_text, strlen(sys_text), 0644);
    const char *user_text = "db = /user.db\nsize = 1280x800\n"
                            "lessons = /user/lessons\nhigh-contrast = no\n";
    write_file(user_file, user_text, strlen(user_text), 0600);
    setenv("VAKSAM_SYSCONFDIR", etc, 1);
    setenv("XDG_CONFIG_HOME", xdg, 1);
    char *state = path_in("state"); /* nothing saved yet */
    setenv("XDG_STATE_HOME", state, 1);
    free(state);
    free(etc);
    free(xdg);
    free(xdg_dir);
}

/* What the window saved: over the user's and the machine's files, under
 * the environment and the flags; only the window's keys; written whole
 * and read back. */
static void test_saved(void)
{
    char *state = path_in("state");
    char *saved = config_saved_path();
    char *want = xasprintf("%s/vaksam/settings.conf", state);
    CHECK_STR(saved, want);
    VkError err;
    /* the folders are made, the file is the user's only */
    CHECK(config_save_window(saved, "en", true, 150, true, &err) == 0);
    struct stat st;
    CHECK(stat(saved, &st) == 0 && (st.st_mode & 0777) == 0600);
    Config c;
    Diags errors = {0};
    layered(&c, NULL, &errors);
    CHECK_INT(errors.count, 0);
    CHECK_STR(c.lang, "en"); /* over the machine's sv */
    CHECK_INT(c.from[CONFIG_LANG].layer, CONFIG_SAVED);
    CHECK_INT(c.text_size, 150); /* over the machine's 120 */
    CHECK(c.high_contrast);      /* over the user's no */
    CHECK(c.speech);
    CHECK_INT(c.width, 1280); /* not a window setting: the user's */
    config_free(&c);
    diags_free(&errors);
    /* a flag still wins over it */
    config_init(&c, "/default/lessons");
    ConfigSource flag = {CONFIG_FLAG, NULL, 0};
    CHECK(config_set(&c, CONFIG_LANG, "sv", flag, &err) == 0);
    Diags warnings = {0};
    config_load(&c, NULL, &errors, &warnings);
    CHECK_STR(c.lang, "sv");
    config_free(&c);
    /* it holds the window's settings only */
    write_file(saved, "lang = sv\ndb = /other.db\n", 25, 0600);
    layered(&c, NULL, &errors);
    CHECK_INT(errors.count, 1);
    if (errors.count)
        CHECK(strstr(errors.items[0],
                     ":2: db is not one of the window's settings, which are "
                     "all this file holds; set it in vaksam.conf") != NULL);
    CHECK_STR(c.db, "/user.db");
    config_free(&c);
    diags_free(&errors);
    diags_free(&warnings);
    unlink(saved);
    free(saved);
    free(want);
    free(state);
}

static void test_layers(void)
{
    Config c;
    Diags errors = {0};
    setenv("VAKSAM_DB", "/env.db", 1);
    layered(&c, NULL, &errors);
    CHECK_INT(errors.count, 0);
    CHECK_STR(c.db, "/env.db"); /* environment over the files */
    CHECK_INT(c.from[CONFIG_DB].layer, CONFIG_ENV);
    CHECK_STR(c.lang, "sv"); /* only the system file has it */
    CHECK_STR(c.from[CONFIG_LANG].where, sys_file);
    CHECK_INT(c.from[CONFIG_LANG].line, 2);
    CHECK_INT(c.width, 1280); /* the user's over the system's */
    CHECK_INT(c.from[CONFIG_SIZE].line, 2);
    CHECK_INT(c.text_size, 120);
    CHECK_STR(c.lessons, "rel/lessons"); /* the flag over both */
    CHECK_INT(c.from[CONFIG_LESSONS].layer, CONFIG_FLAG);
    CHECK_STR(c.export_dir, "/sys/out");
    CHECK(!c.high_contrast);
    CHECK_INT(c.nfiles, 3); /* and what the window saved: nothing yet */
    CHECK_STR(c.files[0].path, sys_file);
    CHECK_STR(c.files[1].path, user_file);
    CHECK(c.files[0].found && c.files[1].found && !c.files[1].named);
    CHECK(c.files[2].layer == CONFIG_SAVED && !c.files[2].found);
    /* a flag over the environment; the same flag again wins */
    VkError err;
    ConfigSource flag = {CONFIG_FLAG, NULL, 0};
    CHECK(config_set(&c, CONFIG_DB, "first.db", flag, &err) == 0);
    CHECK(config_set(&c, CONFIG_DB, "second.db", flag, &err) == 0);
    ConfigSource late = {CONFIG_USER, "late.conf", 9};
    CHECK(config_set(&c, CONFIG_DB, "/late.db", late, &err) == 0);
    CHECK_STR(c.db, "second.db");
    config_free(&c);

    /* without $VAKSAM_DB the user's file has the last word */
    unsetenv("VAKSAM_DB");
    layered(&c, NULL, &errors);
    CHECK_STR(c.db, "/user.db");
    CHECK_INT(c.from[CONFIG_DB].layer, CONFIG_USER);
    config_free(&c);

    /* a bad $VAKSAM_DB */
    setenv("VAKSAM_DB", "mysql://db/x", 1);
    layered(&c, NULL, &errors);
    CHECK_INT(errors.count, 1);
    if (errors.count)
        CHECK_STR(errors.items[0],
                  "vaksam: VAKSAM_DB takes a database file's path or a "
                  "postgresql:// URI, not 'mysql://db/x'");
    config_free(&c);
    diags_free(&errors);
    unsetenv("VAKSAM_DB");
}

/* --config instead of the user's file: its keys, not the user's. */
static void test_named(void)
{
    char *other = path_in("other.conf");
    write_file(other, "size = 1600x900\n", 16, 0600);
    Config c;
    Diags errors = {0};
    layered(&c, other, &errors);
    CHECK_INT(errors.count, 0);
    CHECK_INT(c.width, 1600);
    CHECK_STR(c.db, "/sys.db");
    CHECK(c.high_contrast);
    CHECK(c.nfiles == 3 && c.files[1].named);
    CHECK_STR(c.files[1].path, other);
    config_free(&c);

    /* a bad file is bad even where a flag overrides its value */
    write_file(other, "lessons = nowhere\n", 18, 0600);
    layered(&c, other, &errors);
    CHECK_INT(errors.count, 1);
    CHECK_STR(c.lessons, "rel/lessons");
    config_free(&c);
    diags_free(&errors);
    free(other);
    free(sys_file);
    free(user_file);
}

static void test_paths(void)
{
    setenv("VAKSAM_SYSCONFDIR", "/opt/etc", 1);
    char *p = config_system_path();
    CHECK_STR(p, "/opt/etc/vaksam.conf");
    free(p);
    unsetenv("VAKSAM_SYSCONFDIR");
    p = config_system_path();
    CHECK_STR(p, "/etc/vaksam/vaksam.conf");
    free(p);
    setenv("HOME", "/home/anna", 1);
    setenv("XDG_CONFIG_HOME", "/home/anna/conf", 1);
    p = config_user_path();
    CHECK_STR(p, "/home/anna/conf/vaksam/vaksam.conf");
    free(p);
    setenv("XDG_CONFIG_HOME", "relative", 1); /* XDG: ignored */
    p = config_user_path();
    CHECK_STR(p, "/home/anna/.config/vaksam/vaksam.conf");
    free(p);
    unsetenv("XDG_CONFIG_HOME");
    unsetenv("HOME");
    CHECK(config_user_path() == NULL);
}

/* Whether out has a line "KV ... # SOURCE" (padding between them). */
static bool show_has(const char *out, const char *kv, const char *source)
{
    size_t nk = strlen(kv), ns = strlen(source);
    for (const char *line = out; *line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        if (n >= nk + ns + 4 && strncmp(line, kv, nk) == 0 &&
            strncmp(line + n - ns - 2, "# ", 2) == 0 &&
            strncmp(line + n - ns, source, ns) == 0 &&
            strspn(line + nk, " ") == n - nk - ns - 2)
            return true;
        line += n + (end != NULL);
    }
    fprintf(stderr, "config show has no line '%s ... # %s' in:\n%s", kv, source,
            out);
    return false;
}

static void test_show(void)
{
    Read r;
    read_text(&r, "db = postgresql://vaksam:s3cret@db.example.org/vaksam"
                  "?sslmode=require&password=s3cret\n"
                  "xapi-password = \"hunter2 # x\"\n"
                  "xapi-username = \"  a # b  \"\n"
                  "size = 1280x800\n");
    VkError err;
    ConfigSource flag = {CONFIG_FLAG, NULL, 0};
    CHECK(config_set(&r.c, CONFIG_TEXT_SIZE, "130", flag, &err) == 0);
    StrBuf out = {0};
    config_show(&r.c, &out);
    CHECK(!strstr(out.data, "s3cret") && !strstr(out.data, "hunter2"));
    char *at = xasprintf("%s:1", r.path);
    CHECK(show_has(out.data,
                   "db = postgresql://vaksam:********@db.example.org/vaksam"
                   "?sslmode=require&password=********",
                   at));
    free(at);
    at = xasprintf("%s:2", r.path);
    CHECK(show_has(out.data, "xapi-password = ********", at));
    free(at);
    at = xasprintf("%s:3", r.path);
    CHECK(show_has(out.data, "xapi-username = \"  a # b  \"", at));
    free(at);
    CHECK(show_has(out.data, "text-size = 130", "command line: --text-size"));
    CHECK(show_has(out.data, "lessons = /usr/share/vaksam/lessons", "default"));
    CHECK(show_has(out.data, "lang = en",
                   "default: the environment (LANGUAGE, LC_ALL, "
                   "LC_MESSAGES or LANG)"));
    CHECK(show_has(out.data, "high-contrast = false", "default"));
    CHECK(show_has(out.data, "speech = false", "default"));
    CHECK(strstr(out.data, "\n# xapi-endpoint: not set\n"));
    char *file = xasprintf("\n# user file: %s (read)\n", r.path);
    CHECK(strstr(out.data, file));
    free(file);

    /* what it shows reads back as a file, to the same settings */
    Read back;
    read_text(&back, out.data);
    CHECK_INT(back.errors.count, 0);
    CHECK_INT(back.c.width, 1280);
    CHECK_INT(back.c.text_size, 130);
    CHECK_STR(back.c.xapi_username, "  a # b  ");
    CHECK_STR(back.c.lessons, r.c.lessons);
    CHECK_STR(back.c.export_dir, r.c.export_dir);
    CHECK_STR(back.c.xapi_password, "********");
    read_done(&back);
    free(out.data);
    read_done(&r);
}

/* The environment's source, and the header of a system file not there. */
static void test_show_sources(void)
{
    VkError err;
    Config c;
    config_init(&c, "/l");
    ConfigSource env = {CONFIG_ENV, "VAKSAM_DB", 0};
    CHECK(config_set(&c, CONFIG_DB, "/srv/v.db", env, &err) == 0);
    Diags errors = {0}, warnings = {0};
    char *missing = path_in("nowhere.conf");
    config_read_file(&c, missing, CONFIG_SYSTEM, false, &errors, &warnings);
    StrBuf out = {0};
    config_show(&c, &out);
    CHECK(show_has(out.data, "db = /srv/v.db", "environment: VAKSAM_DB"));
    char *file = xasprintf("\n# system file: %s (not there)\n", missing);
    CHECK(strstr(out.data, file));
    free(file);
    free(missing);
    free(out.data);
    config_free(&c);
}

int main(void)
{
    i18n_init(VAKSAM_LOCALE_DIR);
    i18n_set_language("en");
    umask(022);
    char *home = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;
    snprintf(dir, sizeof dir, "/tmp/vaksam-test-config-layers-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    write_layers();
    test_layers();
    test_saved();
    test_named();
    test_paths();
    if (home)
        setenv("HOME", home, 1);
    test_show();
    test_show_sources();
    char *cmd = xasprintf("rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    free(cmd);
    free(home);
    return TEST_DONE();
}
