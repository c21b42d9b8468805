/*
 * test_config.c - the configuration files as they are read: the syntax
 * (comments, blank lines, quotes, CRLF, a byte-order mark), every kind of
 * bad line with its exact "file:line: message", the warning for a
 * password others can read, a missing file against one that is there but
 * cannot be read (as "nobody" when the test runs as root), and values of
 * any length. The layers and `config show`: test_config_layers.c.
 */
#include "config.h"
#include "i18n.h"

#include "config_files.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* The one problem of a file: "path:line: message". */
static void expect_bytes(const char *text, size_t len, int line,
                         const char *message)
{
    Read r;
    read_bytes(&r, text, len, 0600);
    char *want = line ? xasprintf("%s:%d: %s", r.path, line, message)
                      : xasprintf("%s: %s", r.path, message);
    CHECK_INT(r.rc, -1);
    CHECK_INT(r.errors.count, 1);
    if (r.errors.count == 1)
        CHECK_STR(r.errors.items[0], want);
    if (r.errors.count != 1 || strcmp(r.errors.items[0], want) != 0)
        fprintf(stderr, "  ... from the file \"%s\"\n", text);
    CHECK_INT(r.warnings.count, 0);
    free(want);
    read_done(&r);
}

static void expect_error(const char *text, int line, const char *message)
{
    expect_bytes(text, strlen(text), line, message);
}

static void test_syntax(void)
{
    Read r;
    read_text(&r, "\xEF\xBB\xBF# IT's settings\r\n"
                  "\r\n"
                  "   # an indented comment\r\n"
                  "lang = sv   # Swedish\r\n"
                  "lessons = \"/srv/vaksam/lessons # no comment\"\r\n"
                  "xapi-username = \"  a # b  \"   # a comment after\r\n"
                  "xapi-password = \"a \\\"quoted\\\" back\\\\slash\"\r\n"
                  "size=800x600\r\n"
                  "\thigh-contrast\t=\tOn\r\n"
                  "text-size = 150\n"
                  "db = postgresql:///vaksam\n"
                  "xapi-endpoint = https://lrs.example.org/xapi/ # the LRS\n"
                  "export-dir = /srv/tab\there/ab\"cd");
    CHECK_INT(r.rc, 0);
    CHECK_INT(r.errors.count, 0);
    CHECK_STR(r.c.lang, "sv");
    CHECK_STR(r.c.lessons, "/srv/vaksam/lessons # no comment");
    CHECK_STR(r.c.xapi_username, "  a # b  ");
    CHECK_STR(r.c.xapi_password, "a \"quoted\" back\\slash");
    CHECK_INT(r.c.width, 800);
    CHECK_INT(r.c.height, 600);
    CHECK(r.c.high_contrast);
    CHECK_INT(r.c.text_size, 150);
    CHECK_STR(r.c.db, "postgresql:///vaksam");
    CHECK_STR(r.c.xapi_endpoint, "https://lrs.example.org/xapi/");
    CHECK_STR(r.c.export_dir, "/srv/tab\there/ab\"cd");
    CHECK_INT(r.c.from[CONFIG_LANG].layer, CONFIG_USER);
    CHECK_STR(r.c.from[CONFIG_LANG].where, r.path);
    CHECK_INT(r.c.from[CONFIG_LANG].line, 4);
    CHECK_INT(r.c.from[CONFIG_TEXT_SIZE].line, 10);
    CHECK_INT(r.c.nfiles, 1);
    CHECK(r.c.files[0].found);
    read_done(&r);

    /* an empty file, and one of comments only, set nothing */
    read_text(&r, "");
    CHECK_INT(r.rc, 0);
    CHECK_INT(r.c.from[CONFIG_DB].layer, CONFIG_DEFAULT);
    read_done(&r);
    read_text(&r, "# db = /x\n\n  \t\n#\n");
    CHECK_INT(r.rc, 0);
    CHECK_INT(r.c.from[CONFIG_DB].layer, CONFIG_DEFAULT);
    CHECK_INT(r.c.width, 1024);
    read_done(&r);
}

static void test_bad_lines(void)
{
    expect_error("colour = red\n", 1,
                 "unknown key 'colour' (the keys are: db, lang, lessons, "
                 "size, high-contrast, text-size, speech, export-dir, "
                 "xapi-endpoint, xapi-username, xapi-password, xapi-homepage)");
    expect_error("\nhgh-contrast = true\n", 2,
                 "unknown key 'hgh-contrast'; did you mean 'high-contrast'?");
    expect_error("language = sv", 1,
                 "unknown key 'language'; did you mean 'lang'?");
    expect_error("export = /x", 1,
                 "unknown key 'export'; did you mean 'export-dir'?");
    expect_error("DB = /x", 1, "unknown key 'DB'; did you mean 'db'?");
    expect_error("xapi_password = x", 1,
                 "unknown key 'xapi_password'; did you mean 'xapi-password'?");
    expect_error("# fine\nlang sv\n", 2,
                 "expected 'key = value', like 'lang = sv'");
    expect_error("= sv", 1, "expected 'key = value', like 'lang = sv'");
    expect_error("lang # = sv", 1, "expected 'key = value', like 'lang = sv'");
    expect_error("lang = sv\n\nlang = en\n", 3,
                 "lang is set twice in this file (first on line 1)");
    /* a bad value still counts as the key's line */
    Read r;
    read_text(&r, "size = 1x1\nsize = 800x600\n");
    CHECK_INT(r.errors.count, 2);
    if (r.errors.count == 2) {
        CHECK(strstr(r.errors.items[0], ":1: size takes WxH"));
        CHECK(strstr(r.errors.items[1],
                     ":2: size is set twice in this file (first on line 1)"));
    }
    read_done(&r);
    expect_error("db =", 1, "db needs a value");
    expect_error("db = \"\"", 1, "db needs a value");
    expect_error("db =    # nothing", 1, "db needs a value");
}

/* A bad value on line 2 of a file, and what it must say. */
static const struct {
    const char *line, *message;
} bad_values[] = {
    {"size = 1024 x 720", "size takes WxH (width x height) of at least "
                          "480x360, like 1024x720, not '1024 x 720'"},
    {"size = 1024x720x", "size takes WxH (width x height) of at least "
                         "480x360, like 1024x720, not '1024x720x'"},
    {"size = 479x360", "size takes WxH (width x height) of at least "
                       "480x360, like 1024x720, not '479x360'"},
    {"high-contrast = maybe", "high-contrast takes true or false (or "
                              "yes/no, on/off, 1/0), not 'maybe'"},
    {"speech = loud", "speech takes true or false (or yes/no, on/off, "
                      "1/0), not 'loud'"},
    {"text-size = 300", "text-size takes the text size in percent, from "
                        "70 to 200, not '300'"},
    {"text-size = 150%", "text-size takes the text size in percent, from "
                         "70 to 200, not '150%'"},
    {"text-size = -100", "text-size takes the text size in percent, from "
                         "70 to 200, not '-100'"},
    {"lang = de", "no translation for language 'de' (available: en, sv)"},
    {"lessons = lessons", "lessons takes an absolute path (one that "
                          "starts with / or ~/), not 'lessons'"},
    {"export-dir = ./out", "export-dir takes an absolute path (one that "
                           "starts with / or ~/), not './out'"},
    {"db = vaksam.db", "db takes an absolute path (one that starts with "
                       "/ or ~/), not 'vaksam.db'"},
    {"db = mysql://u:pw@h/x", "db takes a database file's path or a "
                              "postgresql:// URI, not "
                              "'mysql://u:********@h/x'"},
    {"xapi-endpoint = ftp://lrs", "xapi-endpoint takes an http:// or "
                                  "https:// URL, like "
                                  "https://lrs.example.org/xapi/, not "
                                  "'ftp://lrs'"},
    {"xapi-endpoint = https://", "xapi-endpoint takes an http:// or "
                                 "https:// URL, like "
                                 "https://lrs.example.org/xapi/, not "
                                 "'https://'"},
    {"xapi-endpoint = \"https://lrs example\"",
     "xapi-endpoint takes an http:// or https:// URL, like "
     "https://lrs.example.org/xapi/, not 'https://lrs example'"},
    {"xapi-username = a:b", "xapi-username cannot hold ':' (HTTP Basic "
                            "authentication puts one between the name "
                            "and the password)"},
    {"lang = \"sv", "the quoted value never ends (a '\"' is missing)"},
    {"lang = \"sv\" en", "only a comment may follow a quoted value"},
    {"lang = \"s\\v\"", "in quotes, a backslash comes before \" or \\ "
                        "only (write \\\\ for a backslash)"},
    {"lessons = /x\xff", "bad UTF-8 (byte 0xff): save the file as UTF-8"},
    {"lessons = /\xc0\xaf", "bad UTF-8 (byte 0xc0): save the file as "
                            "UTF-8"},
    {"lang = s\x01v", "a control character (byte 0x01) in the line"},
    {"lang = sv\r\r", "a control character (byte 0x0d) in the line"},
};

static void test_bad_values(void)
{
    for (size_t i = 0; i < sizeof bad_values / sizeof *bad_values; i++) {
        char *text = xasprintf("# line 1\n%s\n# line 3\n", bad_values[i].line);
        expect_error(text, 2, bad_values[i].message);
        free(text);
    }
    /* a NUL byte, and a password that is never quoted back */
    expect_bytes("lang = sv\nlang\0 = en\n", 21, 2,
                 "a control character (byte 0x00) in the line");
    Read r;
    read_text(&r, "xapi-password = \"secret\" extra");
    CHECK_INT(r.errors.count, 1);
    CHECK(r.errors.count && !strstr(r.errors.items[0], "secret"));
    read_done(&r);

    /* every bad line is told, the good ones between them kept */
    read_text(&r, "colour = red\nlang = sv\nsize = big\n\ntext-size = 90\n"
                  "db\n");
    CHECK_INT(r.errors.count, 3);
    if (r.errors.count == 3) {
        CHECK(strstr(r.errors.items[0], "vaksam.conf:1: unknown key"));
        CHECK(strstr(r.errors.items[1], "vaksam.conf:3: size takes WxH"));
        CHECK(strstr(r.errors.items[2], "vaksam.conf:6: expected"));
    }
    CHECK_STR(r.c.lang, "sv");
    CHECK_INT(r.c.text_size, 90);
    read_done(&r);
}

/* ~ is $HOME in a file's paths; not without a $HOME. */
static void test_home(void)
{
    char *home = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;
    setenv("HOME", "/home/anna", 1);
    Read r;
    read_text(&r, "export-dir = ~/Dokument\nlessons = ~\ndb = ~/v.db\n");
    CHECK_INT(r.rc, 0);
    CHECK_STR(r.c.export_dir, "/home/anna/Dokument");
    CHECK_STR(r.c.lessons, "/home/anna");
    CHECK_STR(r.c.db, "/home/anna/v.db");
    read_done(&r);
    expect_error("lessons = ~anna/x", 1,
                 "lessons takes an absolute path (one that starts with / "
                 "or ~/), not '~anna/x'");
    unsetenv("HOME");
    expect_error("export-dir = ~/Dokument", 1,
                 "export-dir: ~ stands for $HOME, which is not set");
    if (home)
        setenv("HOME", home, 1);
    free(home);
}

/* A file that is not there is no problem, unless --config named it; one
 * that is there but cannot be read always is. */
static void test_missing_and_unreadable(void)
{
    Config c;
    Diags errors = {0}, warnings = {0};
    char *missing = path_in("missing.conf");
    config_init(&c, "/l");
    CHECK_INT(
        config_read_file(&c, missing, CONFIG_SYSTEM, false, &errors, &warnings),
        0);
    CHECK_INT(errors.count, 0);
    CHECK_INT(c.nfiles, 1);
    CHECK(!c.files[0].found);
    char *under_file = path_in("missing.conf/vaksam.conf"); /* ENOTDIR */
    CHECK_INT(config_read_file(&c, under_file, CONFIG_USER, false, &errors,
                               &warnings),
              0);
    CHECK_INT(
        config_read_file(&c, missing, CONFIG_USER, true, &errors, &warnings),
        -1);
    char *want = xasprintf("%s: cannot read the configuration: No such file "
                           "or directory",
                           missing);
    CHECK_INT(errors.count, 1);
    if (errors.count)
        CHECK_STR(errors.items[0], want);
    free(want);
    diags_free(&errors);

    /* a folder where the file should be */
    char *folder = path_in("folder.conf");
    CHECK(mkdir(folder, 0700) == 0);
    CHECK_INT(
        config_read_file(&c, folder, CONFIG_USER, false, &errors, &warnings),
        -1);
    want =
        xasprintf("%s: cannot read the configuration: Is a directory", folder);
    CHECK_INT(errors.count, 1);
    if (errors.count)
        CHECK_STR(errors.items[0], want);
    free(want);
    diags_free(&errors);
    config_free(&c);
    free(missing);
    free(under_file);
    free(folder);
}

/* Reads path as someone who may not: -1 and "path: cannot read ...". */
static void expect_unreadable(const char *path)
{
    Config c;
    Diags errors = {0}, warnings = {0};
    config_init(&c, "/l");
    CHECK_INT(
        config_read_file(&c, path, CONFIG_SYSTEM, false, &errors, &warnings),
        -1);
    char *want = xasprintf("%s: cannot read the configuration: Permission "
                           "denied",
                           path);
    CHECK_INT(errors.count, 1);
    if (errors.count)
        CHECK_STR(errors.items[0], want);
    free(want);
    diags_free(&errors);
    config_free(&c);
}

/* Root reads every file, so as root (CI runs so) the check runs as
 * "nobody", as test_store.c does. */
static void test_unreadable(void)
{
    char *locked = path_in("locked.conf");
    char *sub = path_in("locked-dir");
    char *inside = path_in("locked-dir/vaksam.conf");
    write_file(locked, "lang = sv\n", 10, 0000);
    CHECK(mkdir(sub, 0700) == 0);
    write_file(inside, "lang = sv\n", 10, 0644);
    bool as_root = geteuid() == 0, can = true;
    if (as_root) {
        CHECK(chmod(dir, 0711) == 0);
        can = seteuid(65534) == 0;
        if (!can)
            printf("unreadable file: not checked, root cannot become "
                   "nobody here (%s)\n",
                   strerror(errno));
    }
    if (can) {
        expect_unreadable(locked);
        /* a folder that may not be searched hides whether the file is
         * there: not "missing" */
        if (as_root)
            expect_unreadable(inside);
    }
    if (as_root)
        CHECK((!can || seteuid(0) == 0) && chmod(dir, 0700) == 0);
    free(locked);
    free(sub);
    free(inside);
}

/* The one warning a file with a password gives, or none. */
static void expect_warning(const char *text, mode_t mode, int line,
                           const char *key)
{
    Read r;
    read_bytes(&r, text, strlen(text), mode);
    CHECK_INT(r.rc, 0);
    CHECK_INT(r.warnings.count, key ? 1 : 0);
    if (key && r.warnings.count == 1) {
        char *want = xasprintf("%s:%d: warning: %s holds a password, and "
                               "others can read this file (mode %03o); make "
                               "it readable by its owner only (chmod 600 %s)",
                               r.path, line, key, (unsigned)mode, r.path);
        CHECK_STR(r.warnings.items[0], want);
        free(want);
    }
    read_done(&r);
}

static void test_password_warning(void)
{
    const char *xapi = "lang = sv\nxapi-username = lrs\nxapi-password = pw\n";
    expect_warning(xapi, 0644, 3, "xapi-password");
    expect_warning(xapi, 0640, 3, "xapi-password");
    expect_warning(xapi, 0604, 3, "xapi-password");
    expect_warning(xapi, 0600, 0, NULL);
    expect_warning(xapi, 0400, 0, NULL);
    expect_warning("db = postgresql://anna:pw@db.example.org/vaksam\n", 0644, 1,
                   "db");
    expect_warning("# the server\ndb = postgres://db/v?sslmode=require&"
                   "password=pw\n",
                   0644, 2, "db");
    /* no password: nothing to hide */
    expect_warning("db = postgresql://anna@db.example.org/vaksam\n", 0644, 0,
                   NULL);
    expect_warning("db = postgresql://db/v?passwordfile=x\n", 0644, 0, NULL);
    expect_warning("xapi-username = lrs\n", 0644, 0, NULL);
}

/* Values of any length are kept whole; a message quotes 60 bytes of
 * one, cut between characters, and says it cut with "…". */
static void test_long(void)
{
    enum { LONG = 100000 };
    StrBuf t = {0};
    strbuf_printf(&t, "# a long one\nlessons = \"/");
    for (int i = 1; i < LONG; i++)
        strbuf_append(&t, i % 2 ? "é" : "x", i % 2 ? 2 : 1);
    strbuf_printf(&t, "\"\nexport-dir = /");
    for (int i = 1; i < LONG; i++)
        strbuf_append(&t, "b", 1);
    Read r;
    read_text(&r, t.data);
    CHECK_INT(r.rc, 0);
    CHECK(strlen(r.c.lessons) > LONG);
    CHECK_INT(strlen(r.c.export_dir), LONG);
    read_done(&r);
    free(t.data);

    t = (StrBuf){0};
    for (int i = 0; i < LONG; i++)
        strbuf_append(&t, "ä", 2);
    strbuf_printf(&t, " = 1\nsize = ");
    for (int i = 0; i < LONG; i++)
        strbuf_append(&t, "9", 1);
    read_text(&r, t.data);
    CHECK_INT(r.errors.count, 2);
    if (r.errors.count == 2) {
        const char *e0 = r.errors.items[0], *e1 = r.errors.items[1];
        CHECK(strlen(e0) < 400 && strlen(e1) < 400);
        CHECK(utf8_valid(e0, strlen(e0), NULL));
        CHECK(strstr(e0, ":1: unknown key 'ääääää"));
        CHECK(strstr(e0, "ä…' (the keys are: "));
        char *nines = xasprintf(":2: size takes WxH (width x height) of at "
                                "least 480x360, like 1024x720, not '%.60s…'",
                                t.data + (size_t)LONG * 2 + 12);
        CHECK(strstr(e1, nines));
        free(nines);
    }
    read_done(&r);
    free(t.data);
}
int main(void)
{
    i18n_init(VAKSAM_LOCALE_DIR);
    i18n_set_language("en");
    umask(022);
    snprintf(dir, sizeof dir, "/tmp/vaksam-test-config-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    test_syntax();
    test_bad_lines();
    test_bad_values();
    test_home();
    test_missing_and_unreadable();
    test_unreadable();
    test_password_warning();
    test_long();
    char *cmd = xasprintf("rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    free(cmd);
    return TEST_DONE();
}
