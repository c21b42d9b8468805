/*
 * config_file.c - reading the configuration files (see config.h). A file
 * is UTF-8 text of `key = value` lines, `#` comments and blank lines; a
 * value may be put in double quotes to keep a '#' or blanks at its ends,
 * and inside them \" is a quote and \\ a backslash. Every line is read,
 * so all of a file's problems come out at once, each with its line; the
 * values go through config_set like a flag's.
 */
#include "config.h"

#include "config_internal.h"
#include "i18n.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct FileParse {
    Config *c;
    const char *path; /* in c's arena */
    ConfigLayer layer;
    Diags *errors;
    int first[CONFIG_KEYS]; /* the line each key is on; 0: not yet */
    int password_line;      /* the first line that holds a password */
    ConfigKey password_key;
} FileParse;

static bool blank(char ch)
{
    return ch == ' ' || ch == '\t';
}

/* Levenshtein's distance from a name (in any case) to a key; keys are
 * shorter than 16 bytes, so a longer name is far from all of them. */
static int distance(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    if (na > 32 || nb > 32)
        return 99;
    int row[33];
    for (size_t j = 0; j <= nb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= nb; j++) {
            int up = row[j];
            int best = diag + (tolower((unsigned char)a[i - 1]) != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

/* The key a mistyped name most likely meant: at most two edits away
 * (fewer than the name is long), or one begins with the other. */
static const char *nearest_key(const char *name)
{
    const char *best = NULL;
    int best_d = 3;
    int len = (int)strlen(name);
    for (int k = 0; k < CONFIG_KEYS; k++) {
        const char *key = config_key_name((ConfigKey)k);
        size_t nk = strlen(key);
        int d = distance(name, key);
        bool prefix = len >= 2 && (strncasecmp(name, key, (size_t)len) == 0 ||
                                   strncasecmp(name, key, nk) == 0);
        if (prefix && d > 2)
            d = 2;
        if (d < best_d && d < len) {
            best = key;
            best_d = d;
        }
    }
    return best;
}

static void unknown_key(FileParse *p, int line, const char *key)
{
    char shown[CONFIG_QUOTE_MAX + 8];
    config_elide(key, shown, sizeof shown);
    const char *near = nearest_key(key);
    if (near) {
        diags_add(p->errors, p->path, line,
                  _("unknown key '%s'; did you mean '%s'?"), shown, near);
        return;
    }
    StrBuf all = {0};
    for (int k = 0; k < CONFIG_KEYS; k++)
        strbuf_printf(&all, "%s%s", k ? ", " : "",
                      config_key_name((ConfigKey)k));
    diags_add(p->errors, p->path, line,
              _("unknown key '%s' (the keys are: %s)"), shown, all.data);
    free(all.data);
}

/* The value after a line's '=' (s, n bytes): unquoted, up to a '#' with
 * no blanks at either end; quoted, what is between the quotes. NULL,
 * having said why, when the quotes are wrong; the caller frees it. */
static char *line_value(FileParse *p, int line, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && blank(s[i]))
        i++;
    if (i == n || s[i] != '"') {
        size_t end = i;
        while (end < n && s[end] != '#')
            end++;
        while (end > i && blank(s[end - 1]))
            end--;
        return xstrndup(s + i, end - i);
    }
    StrBuf v = {0};
    strbuf_append(&v, "", 0);
    const char *problem = NULL;
    for (i++; i < n && s[i] != '"' && !problem; i++) {
        if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '"' || s[i + 1] == '\\'))
            i++;
        else if (s[i] == '\\')
            problem = _("in quotes, a backslash comes before \" or \\ only "
                        "(write \\\\ for a backslash)");
        strbuf_append(&v, s + i, 1);
    }
    if (!problem && i == n)
        problem = _("the quoted value never ends (a '\"' is missing)");
    for (i++; !problem && i < n && blank(s[i]); i++)
        ;
    if (!problem && i < n && s[i] != '#')
        problem = _("only a comment may follow a quoted value");
    if (problem) {
        diags_add(p->errors, p->path, line, "%s", problem);
        free(v.data);
        return NULL;
    }
    return v.data;
}

static void set_from_line(FileParse *p, int line, ConfigKey k, const char *s,
                          size_t n)
{
    char *v = line_value(p, line, s, n);
    if (!v)
        return;
    VkError err;
    ConfigSource src = {p->layer, p->path, line};
    if (config_set(p->c, k, v, src, &err) < 0)
        diags_add(p->errors, p->path, line, "%s", err.msg);
    else if (!p->password_line &&
             (k == CONFIG_XAPI_PASSWORD ||
              (k == CONFIG_DB && config_db_has_password(v)))) {
        p->password_line = line;
        p->password_key = k;
    }
    free(v);
}

/* One line (s, n bytes, without its end of line). */
static void parse_line(FileParse *p, int line, const char *s, size_t n)
{
    size_t i = 0, bad;
    if (!utf8_valid(s, n, &bad)) {
        diags_add(p->errors, p->path, line,
                  _("bad UTF-8 (byte 0x%02x): save the file as UTF-8"),
                  (unsigned char)s[bad]);
        return;
    }
    for (size_t j = 0; j < n; j++)
        if (((unsigned char)s[j] < 0x20 && s[j] != '\t') || s[j] == 0x7f) {
            diags_add(p->errors, p->path, line,
                      _("a control character (byte 0x%02x) in the line"),
                      (unsigned char)s[j]);
            return;
        }
    while (i < n && blank(s[i]))
        i++;
    if (i == n || s[i] == '#')
        return;
    size_t eq = i, end;
    while (eq < n && s[eq] != '=' && s[eq] != '#')
        eq++;
    for (end = eq; end > i && blank(s[end - 1]);)
        end--;
    if (eq == n || s[eq] != '=' || end == i) {
        diags_add(p->errors, p->path, line,
                  _("expected 'key = value', like 'lang = sv'"));
        return;
    }
    char *key = xstrndup(s + i, end - i);
    int k = config_key(key);
    if (k < 0)
        unknown_key(p, line, key);
    else if (p->layer == CONFIG_SAVED && !config_key_saved((ConfigKey)k))
        diags_add(p->errors, p->path, line,
                  _("%s is not one of the window's settings, which are all "
                    "this file holds; set it in vaksam.conf"),
                  key);
    else if (p->first[k])
        diags_add(p->errors, p->path, line,
                  _("%s is set twice in this file (first on line %d)"), key,
                  p->first[k]);
    else {
        p->first[k] = line;
        set_from_line(p, line, (ConfigKey)k, s + eq + 1, n - eq - 1);
    }
    free(key);
}

static void parse_text(FileParse *p, const char *text, size_t len)
{
    size_t at = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        at = 3; /* the mark Windows editors put first */
    for (int line = 1; at < len; line++) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
        size_t use = n && text[at + n - 1] == '\r' ? n - 1 : n;
        parse_line(p, line, text + at, use);
        at += n + 1;
    }
}

/* A password others may read is everyone's: said, not refused, so
 * that a deployment keeps working while it is fixed. */
static void warn_if_readable(const FileParse *p, Diags *warnings)
{
    struct stat st;
    if (stat(p->path, &st) != 0 || !(st.st_mode & (S_IRGRP | S_IROTH)))
        return;
    diags_add(warnings, p->path, p->password_line,
              _("warning: %s holds a password, and others can read this "
                "file (mode %03o); make it readable by its owner only "
                "(chmod 600 %s)"),
              config_key_name(p->password_key), (unsigned)(st.st_mode & 0777),
              p->path);
}

int config_read_file(Config *c, const char *path, ConfigLayer layer,
                     bool must_exist, Diags *errors, Diags *warnings)
{
    assert(layer == CONFIG_SYSTEM || layer == CONFIG_USER ||
           layer == CONFIG_SAVED);
    assert(c->nfiles < CONFIG_MAX_FILES);
    ConfigFile *f = &c->files[c->nfiles++];
    f->path = arena_strdup(&c->arena, path);
    f->layer = layer;
    f->named = must_exist;
    size_t len;
    VkError err;
    char *text = read_file(path, &len, &err);
    if (!text) {
        int e = errno;
        if ((e == ENOENT || e == ENOTDIR) && !must_exist)
            return 0;
        diags_add(errors, path, 0, _("cannot read the configuration: %s"),
                  strerror(e));
        return -1;
    }
    f->found = true;
    int before = errors->count;
    FileParse p = {.c = c, .path = f->path, .layer = layer, .errors = errors};
    parse_text(&p, text, len);
    free(text);
    if (p.password_line)
        warn_if_readable(&p, warnings);
    return errors->count > before ? -1 : 0;
}

char *config_system_path(void)
{
    const char *dir = getenv("VAKSAM_SYSCONFDIR");
    return xasprintf("%s/vaksam.conf", dir && *dir ? dir : CONFIG_SYSTEM_DIR);
}

char *config_user_path(void)
{
    const char *xdg = getenv("XDG_CONFIG_HOME");
    if (xdg && *xdg == '/')
        return xasprintf("%s/vaksam/vaksam.conf", xdg);
    const char *home = getenv("HOME");
    return home && *home ? xasprintf("%s/.config/vaksam/vaksam.conf", home)
                         : NULL;
}

char *config_saved_path(void)
{
    const char *xdg = getenv("XDG_STATE_HOME");
    if (xdg && *xdg == '/')
        return xasprintf("%s/vaksam/settings.conf", xdg);
    const char *home = getenv("HOME");
    return home && *home
               ? xasprintf("%s/.local/state/vaksam/settings.conf", home)
               : NULL;
}

bool config_key_saved(ConfigKey k)
{
    return k == CONFIG_LANG || k == CONFIG_HIGH_CONTRAST ||
           k == CONFIG_TEXT_SIZE || k == CONFIG_SPEECH;
}

/* Makes the folders of path's parent, as mkdir -p would (0700). */
static int make_parents(const char *path)
{
    char *dir = xstrdup(path);
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
            free(dir);
            return -1;
        }
        *p = '/';
    }
    free(dir);
    return 0;
}

int config_save_window(const char *path, const char *lang, bool high_contrast,
                       int text_size, bool speech, VkError *err)
{
    char *tmp = xasprintf("%s.new", path);
    FILE *f = NULL;
    if (make_parents(path) == 0)
        f = fopen_private(tmp);
    bool ok = f != NULL;
    if (ok) {
        fprintf(f,
                "# Vaksam's window keeps what you last chose in it here; "
                "vaksam.conf is yours to edit.\n");
        if (lang)
            fprintf(f, "lang = %s\n", lang);
        fprintf(f, "high-contrast = %s\ntext-size = %d\nspeech = %s\n",
                high_contrast ? "true" : "false", text_size,
                speech ? "true" : "false");
        ok = !ferror(f);
        ok = fclose(f) == 0 && ok;
    }
    if (ok)
        ok = rename(tmp, path) == 0;
    if (!ok) {
        vk_error_set(err, _("%s: cannot save the settings: %s"), path,
                     strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    return ok ? 0 : -1;
}

int config_load(Config *c, const char *config_file, Diags *errors,
                Diags *warnings)
{
    int before = errors->count;
    char *system = config_system_path();
    char *user = config_file ? xstrdup(config_file) : config_user_path();
    char *saved = config_saved_path();
    config_read_file(c, system, CONFIG_SYSTEM, false, errors, warnings);
    if (user)
        config_read_file(c, user, CONFIG_USER, config_file != NULL, errors,
                         warnings);
    if (saved)
        config_read_file(c, saved, CONFIG_SAVED, false, errors, warnings);
    free(system);
    free(user);
    free(saved);
    const char *env = getenv("VAKSAM_DB");
    VkError err;
    ConfigSource src = {CONFIG_ENV, "VAKSAM_DB", 0};
    if (env && *env && config_set(c, CONFIG_DB, env, src, &err) < 0)
        diags_add(errors, "vaksam", 0, "%s", err.msg);
    return errors->count > before ? -1 : 0;
}
