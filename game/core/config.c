/*
 * config.c - the settings' keys, the check of each value, the layers and
 * `config show` (see config.h). Reading the files is config_file.c's job;
 * both go through config_set, so a value is checked the same way whether
 * it comes from a file, the environment or a flag.
 */
#include "config.h"

#include "config_internal.h"
#include "i18n.h"
#include "store.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static const struct {
    const char *name;
    bool flag; /* --NAME on the command line too */
} keys[CONFIG_KEYS] = {
    [CONFIG_DB] = {"db", true},
    [CONFIG_LANG] = {"lang", true},
    [CONFIG_LESSONS] = {"lessons", true},
    [CONFIG_SIZE] = {"size", true},
    [CONFIG_HIGH_CONTRAST] = {"high-contrast", true},
    [CONFIG_TEXT_SIZE] = {"text-size", true},
    [CONFIG_SPEECH] = {"speech", true},
    [CONFIG_EXPORT_DIR] = {"export-dir", true},
    [CONFIG_XAPI_ENDPOINT] = {"xapi-endpoint", false},
    [CONFIG_XAPI_USERNAME] = {"xapi-username", false},
    [CONFIG_XAPI_PASSWORD] = {"xapi-password", false},
    [CONFIG_XAPI_HOMEPAGE] = {"xapi-homepage", false},
};

#define MASK "********"

int config_key(const char *name)
{
    for (int k = 0; k < CONFIG_KEYS; k++)
        if (strcmp(keys[k].name, name) == 0)
            return k;
    return -1;
}

const char *config_key_name(ConfigKey k)
{
    return keys[k].name;
}

bool config_key_has_flag(ConfigKey k)
{
    return keys[k].flag;
}

/* Where the learner's files go by default: ~/Documents when there is
 * one, else ~. */
static char *default_export_dir(void)
{
    const char *home = getenv("HOME");
    if (!home || !*home)
        return xstrdup(".");
    char *docs = xasprintf("%s/%s", home, "Documents");
    struct stat st;
    if (stat(docs, &st) == 0 && S_ISDIR(st.st_mode))
        return docs;
    free(docs);
    return xstrdup(home);
}

void config_init(Config *c, const char *lessons_dir)
{
    memset(c, 0, sizeof *c);
    char *db = store_default_path();
    char *exports = default_export_dir();
    c->db = arena_strdup(&c->arena, db);
    c->lessons = arena_strdup(&c->arena, lessons_dir);
    c->export_dir = arena_strdup(&c->arena, exports);
    c->width = 1024;
    c->height = 720;
    c->text_size = 100;
    free(db);
    free(exports);
}

void config_free(Config *c)
{
    arena_free(&c->arena);
    memset(c, 0, sizeof *c);
}

/* ---- passwords in a database URI ---- */

static bool is_pg_uri(const char *v)
{
    return strncmp(v, "postgresql://", 13) == 0 ||
           strncmp(v, "postgres://", 11) == 0;
}

/* Where the part after "scheme://" starts, or 0 when v is no URI. */
static size_t after_scheme(const char *v)
{
    size_t n = strspn(v, "abcdefghijklmnopqrstuvwxyz"
                         "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");
    return n && strncmp(v + n, "://", 3) == 0 ? n + 3 : 0;
}

/* Appends v to out with the passwords of a URI replaced by MASK:
 * user:PASSWORD@host and each password=PASSWORD of its query (libpq
 * takes both). Returns how many it replaced. */
static int mask_uri(const char *v, StrBuf *out)
{
    size_t n = strlen(v), i = 0, host = after_scheme(v);
    strbuf_append(out, "", 0);
    if (!host) {
        strbuf_append(out, v, n);
        return 0;
    }
    size_t auth_end = host + strcspn(v + host, "/?#"), at = 0, colon = 0;
    for (size_t j = host; j < auth_end; j++)
        at = v[j] == '@' ? j : at;
    for (size_t j = host; j < at && !colon; j++)
        colon = v[j] == ':' ? j : 0;
    int masked = 0;
    if (colon && at > colon + 1) {
        strbuf_append(out, v, colon + 1);
        strbuf_append(out, MASK, strlen(MASK));
        i = at;
        masked++;
    }
    const char *query = strchr(v + auth_end, '?');
    size_t q = query ? (size_t)(query - v) + 1 : n;
    strbuf_append(out, v + i, q - i);
    for (i = q; i < n && v[i] != '#';) {
        size_t end = i + strcspn(v + i, "&#");
        bool pw = strncmp(v + i, "password=", 9) == 0 && end > i + 9;
        strbuf_append(out, v + i, pw ? 9 : end - i);
        if (pw) {
            strbuf_append(out, MASK, strlen(MASK));
            masked++;
        }
        i = end < n && v[end] == '&' ? end + 1 : end;
        if (i > end)
            strbuf_append(out, "&", 1);
    }
    strbuf_append(out, v + i, n - i);
    return masked;
}

bool config_db_has_password(const char *db)
{
    StrBuf sb = {0};
    int n = mask_uri(db, &sb);
    free(sb.data);
    return n > 0;
}

char *config_db_masked(const char *db)
{
    StrBuf sb = {0};
    mask_uri(db, &sb);
    return sb.data;
}

/* ---- checking a value ---- */

void config_elide(const char *v, char *buf, size_t size)
{
    size_t n = strlen(v);
    assert(size >= CONFIG_QUOTE_MAX + 4);
    if (n <= CONFIG_QUOTE_MAX) {
        snprintf(buf, size, "%s", v);
        return;
    }
    n = CONFIG_QUOTE_MAX;
    while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80)
        n--; /* not inside a character */
    snprintf(buf, size, "%.*s…", (int)n, v);
}

/* What a value becomes once checked; its strings are in c's arena. */
typedef struct Checked {
    const char *text;
    int a, b;
} Checked;

/* A path from a file must not depend on the folder Vaksam was started
 * in: it starts with / or ~/ (~ is $HOME). */
static int check_path(Config *c, const char *name, const char *v,
                      ConfigSource src, Checked *out, VkError *err)
{
    bool file = src.layer == CONFIG_SYSTEM || src.layer == CONFIG_USER ||
                src.layer == CONFIG_SAVED;
    const char *home = getenv("HOME");
    char shown[CONFIG_QUOTE_MAX + 8];
    if (!file || v[0] == '/') {
        out->text = arena_strdup(&c->arena, v);
    } else if (v[0] == '~' && (v[1] == '/' || v[1] == '\0')) {
        if (!home || home[0] != '/') {
            vk_error_set(err, _("%s: ~ stands for $HOME, which is not set"),
                         name);
            return -1;
        }
        char *full = xasprintf("%s%s", home, v + 1);
        out->text = arena_strdup(&c->arena, full);
        free(full);
    } else {
        config_elide(v, shown, sizeof shown);
        vk_error_set(err,
                     _("%s takes an absolute path (one that starts with / "
                       "or ~/), not '%s'"),
                     name, shown);
        return -1;
    }
    return 0;
}

/* A database file's path, or a postgresql:// URI for the server store;
 * no other scheme. */
static int check_db(Config *c, const char *name, const char *v,
                    ConfigSource src, Checked *out, VkError *err)
{
    if (is_pg_uri(v)) {
        out->text = arena_strdup(&c->arena, v);
        return 0;
    }
    if (after_scheme(v)) {
        char *masked = config_db_masked(v);
        char shown[CONFIG_QUOTE_MAX + 8];
        config_elide(masked, shown, sizeof shown);
        vk_error_set(err,
                     _("%s takes a database file's path or a "
                       "postgresql:// URI, not '%s'"),
                     name, shown);
        free(masked);
        return -1;
    }
    return check_path(c, name, v, src, out, err);
}

static int check_lang(Config *c, const char *v, Checked *out, VkError *err)
{
    const char *codes[I18N_MAX_LANGS];
    int n = i18n_languages(codes, I18N_MAX_LANGS);
    StrBuf list = {0};
    for (int i = 0; i < n; i++) {
        if (strcmp(codes[i], v) == 0) {
            out->text = arena_strdup(&c->arena, v);
            free(list.data);
            return 0;
        }
        strbuf_printf(&list, "%s%s", i ? ", " : "", codes[i]);
    }
    char shown[CONFIG_QUOTE_MAX + 8];
    config_elide(v, shown, sizeof shown);
    vk_error_set(err, _("no translation for language '%s' (available: %s)"),
                 shown, list.data ? list.data : "");
    free(list.data);
    return -1;
}

/* A whole number in [min, max] that is all of s up to *end. */
static bool whole(const char *s, long min, long max, const char **end,
                  long *out)
{
    char *e;
    if (*s < '0' || *s > '9')
        return false;
    long n = strtol(s, &e, 10);
    *end = e;
    *out = n;
    return n >= min && n <= max;
}

static bool parse_size(const char *v, int *w, int *h)
{
    const char *end;
    long a, b;
    if (!whole(v, 480, 16384, &end, &a) || (*end != 'x' && *end != 'X') ||
        !whole(end + 1, 360, 16384, &end, &b) || *end)
        return false;
    *w = (int)a;
    *h = (int)b;
    return true;
}

/* 1 true, 0 false, -1 neither. */
static int parse_bool(const char *v)
{
    static const char *const yes[] = {"true", "yes", "on", "1"};
    static const char *const no[] = {"false", "no", "off", "0"};
    for (int i = 0; i < 4; i++) {
        if (strcasecmp(v, yes[i]) == 0)
            return 1;
        if (strcasecmp(v, no[i]) == 0)
            return 0;
    }
    return -1;
}

/* An http:// or https:// URL with a host and no blanks. */
static bool is_http_url(const char *v)
{
    size_t n = strncasecmp(v, "https://", 8) == 0  ? 8
               : strncasecmp(v, "http://", 7) == 0 ? 7
                                                   : 0;
    return n && v[n] && !strchr("/?#:", v[n]) && !strpbrk(v, " \t");
}

/* Checks a value of a key that is neither a path nor a language. */
static int check_form(Config *c, ConfigKey k, const char *name, const char *v,
                      Checked *out, VkError *err)
{
    char shown[CONFIG_QUOTE_MAX + 8];
    config_elide(v, shown, sizeof shown);
    const char *end = "";
    long n = 0;
    out->text = arena_strdup(&c->arena, v);
    switch (k) {
    case CONFIG_SIZE:
        if (parse_size(v, &out->a, &out->b))
            return 0;
        vk_error_set(err,
                     _("%s takes WxH (width x height) of at least 480x360, "
                       "like 1024x720, not '%s'"),
                     name, shown);
        return -1;
    case CONFIG_HIGH_CONTRAST:
    case CONFIG_SPEECH:
        if ((out->a = parse_bool(v)) >= 0)
            return 0;
        vk_error_set(err,
                     _("%s takes true or false (or yes/no, on/off, 1/0), "
                       "not '%s'"),
                     name, shown);
        return -1;
    case CONFIG_TEXT_SIZE:
        if (whole(v, CONFIG_TEXT_SIZE_MIN, CONFIG_TEXT_SIZE_MAX, &end, &n) &&
            !*end) {
            out->a = (int)n;
            return 0;
        }
        vk_error_set(err,
                     _("%s takes the text size in percent, from %d to %d, "
                       "not '%s'"),
                     name, CONFIG_TEXT_SIZE_MIN, CONFIG_TEXT_SIZE_MAX, shown);
        return -1;
    case CONFIG_XAPI_ENDPOINT:
    case CONFIG_XAPI_HOMEPAGE:
        if (is_http_url(v))
            return 0;
        vk_error_set(err,
                     _("%s takes an http:// or https:// URL, like "
                       "https://lrs.example.org/xapi/, not '%s'"),
                     name, shown);
        return -1;
    case CONFIG_XAPI_USERNAME:
        if (!strchr(v, ':'))
            return 0;
        vk_error_set(err,
                     _("%s cannot hold ':' (HTTP Basic authentication puts "
                       "one between the name and the password)"),
                     name);
        return -1;
    default: return 0;
    }
}

/* Keeps a checked value as the effective one. */
static void keep(Config *c, ConfigKey k, const Checked *v)
{
    switch (k) {
    case CONFIG_DB: c->db = v->text; break;
    case CONFIG_LANG: c->lang = v->text; break;
    case CONFIG_LESSONS: c->lessons = v->text; break;
    case CONFIG_SIZE: c->width = v->a, c->height = v->b; break;
    case CONFIG_HIGH_CONTRAST: c->high_contrast = v->a == 1; break;
    case CONFIG_SPEECH: c->speech = v->a == 1; break;
    case CONFIG_TEXT_SIZE: c->text_size = v->a; break;
    case CONFIG_EXPORT_DIR: c->export_dir = v->text; break;
    case CONFIG_XAPI_ENDPOINT: c->xapi_endpoint = v->text; break;
    case CONFIG_XAPI_USERNAME: c->xapi_username = v->text; break;
    case CONFIG_XAPI_PASSWORD: c->xapi_password = v->text; break;
    case CONFIG_XAPI_HOMEPAGE: c->xapi_homepage = v->text; break;
    case CONFIG_KEYS: break;
    }
}

int config_set(Config *c, ConfigKey k, const char *value, ConfigSource src,
               VkError *err)
{
    char name[64];
    if (src.layer == CONFIG_FLAG)
        snprintf(name, sizeof name, "--%s", keys[k].name);
    else
        snprintf(name, sizeof name, "%s",
                 src.layer == CONFIG_ENV ? src.where : keys[k].name);
    if (!*value) {
        vk_error_set(err, _("%s needs a value"), name);
        return -1;
    }
    for (const char *p = value; *p; p++)
        if ((unsigned char)*p < 0x20 && *p != '\t') {
            vk_error_set(err, _("%s: a value is one line of text"), name);
            return -1;
        }
    Checked v = {0};
    int rc = k == CONFIG_DB     ? check_db(c, name, value, src, &v, err)
             : k == CONFIG_LANG ? check_lang(c, value, &v, err)
             : k == CONFIG_LESSONS || k == CONFIG_EXPORT_DIR
                 ? check_path(c, name, value, src, &v, err)
                 : check_form(c, k, name, value, &v, err);
    if (rc < 0 || src.layer < c->from[k].layer)
        return rc;
    keep(c, k, &v);
    src.where = src.where ? arena_strdup(&c->arena, src.where) : NULL;
    c->from[k] = src;
    return 0;
}

/* ---- config show ---- */

/* Appends v as a file would give it: quoted (with \" and \\) when it
 * is empty, has blanks at either end, a '#' or a leading quote. */
static void append_value(StrBuf *out, const char *v)
{
    size_t n = strlen(v);
    bool quote = n == 0 || strchr(" \t\"", v[0]) || strchr(" \t", v[n - 1]) ||
                 strchr(v, '#');
    if (!quote) {
        strbuf_append(out, v, n);
        return;
    }
    strbuf_append(out, "\"", 1);
    for (const char *p = v; *p; p++) {
        if (*p == '"' || *p == '\\')
            strbuf_append(out, "\\", 1);
        strbuf_append(out, p, 1);
    }
    strbuf_append(out, "\"", 1);
}

/* The effective value of k as text (passwords masked); NULL when unset.
 * The caller frees it. */
static char *value_text(const Config *c, ConfigKey k)
{
    switch (k) {
    case CONFIG_DB: return config_db_masked(c->db);
    case CONFIG_LANG: return xstrdup(c->lang ? c->lang : i18n_language());
    case CONFIG_LESSONS: return xstrdup(c->lessons);
    case CONFIG_SIZE: return xasprintf("%dx%d", c->width, c->height);
    case CONFIG_HIGH_CONTRAST:
        return xstrdup(c->high_contrast ? "true" : "false");
    case CONFIG_SPEECH: return xstrdup(c->speech ? "true" : "false");
    case CONFIG_TEXT_SIZE: return xasprintf("%d", c->text_size);
    case CONFIG_EXPORT_DIR: return xstrdup(c->export_dir);
    case CONFIG_XAPI_ENDPOINT:
        return c->xapi_endpoint ? xstrdup(c->xapi_endpoint) : NULL;
    case CONFIG_XAPI_USERNAME:
        return c->xapi_username ? xstrdup(c->xapi_username) : NULL;
    case CONFIG_XAPI_PASSWORD: return c->xapi_password ? xstrdup(MASK) : NULL;
    case CONFIG_XAPI_HOMEPAGE:
        return c->xapi_homepage ? xstrdup(c->xapi_homepage) : NULL;
    case CONFIG_KEYS: break;
    }
    return NULL;
}

static void append_source(StrBuf *out, ConfigKey k, ConfigSource s)
{
    switch (s.layer) {
    case CONFIG_DEFAULT:
        strbuf_printf(out, "%s",
                      k == CONFIG_LANG
                          ? _("default: the environment (LANGUAGE, LC_ALL, "
                              "LC_MESSAGES or LANG)")
                          : _("default"));
        break;
    case CONFIG_SYSTEM:
    case CONFIG_USER:
    case CONFIG_SAVED: strbuf_printf(out, "%s:%d", s.where, s.line); break;
    case CONFIG_ENV: strbuf_printf(out, _("environment: %s"), s.where); break;
    case CONFIG_FLAG:
        strbuf_printf(out, _("command line: --%s"), keys[k].name);
        break;
    }
}

void config_show(const Config *c, StrBuf *out)
{
    strbuf_printf(out, "# %s\n",
                  _("each setting comes from the first of: the command "
                    "line, the environment, what the window saved, the user "
                    "file, the system file, the default"));
    for (int i = 0; i < c->nfiles; i++) {
        const ConfigFile *f = &c->files[i];
        strbuf_printf(out, "# %s: %s (%s)\n",
                      f->named                    ? "--config"
                      : f->layer == CONFIG_SYSTEM ? _("system file")
                      : f->layer == CONFIG_SAVED  ? _("saved by the window")
                                                  : _("user file"),
                      f->path, f->found ? _("read") : _("not there"));
    }
    for (int k = 0; k < CONFIG_KEYS; k++) {
        char *v = value_text(c, (ConfigKey)k);
        if (!v) {
            strbuf_printf(out, "# %s: %s\n", keys[k].name, _("not set"));
            continue;
        }
        size_t start = out->len;
        strbuf_printf(out, "%s = ", keys[k].name);
        append_value(out, v);
        for (size_t w = out->len - start; w < 40; w++)
            strbuf_append(out, " ", 1);
        strbuf_append(out, "  # ", 4);
        append_source(out, (ConfigKey)k, c->from[k]);
        strbuf_append(out, "\n", 1);
        free(v);
    }
}
