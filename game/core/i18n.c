/*
 * i18n.c - language selection and context lookups (see i18n.h).
 *
 * Two glibc facts shape this file: glibc ignores LANGUAGE while the locale
 * is "C", so a "C"/"POSIX" environment is replaced by C.UTF-8; and glibc
 * caches translations, so a switch sets LANGUAGE and calls textdomain()
 * again, which invalidates the cache.
 */
#include "i18n.h"

#include "util.h"

#include <dirent.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DOMAIN "vaksam"

static char localedir_buf[4096];
static char current[16] = "en";
static char langs[I18N_MAX_LANGS][16];
static int nlangs;

static bool valid_code(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 15)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_' ||
              (s[i] >= 'A' && s[i] <= 'Z')))
            return false;
    return true;
}

static void scan_languages(void)
{
    nlangs = 0;
    snprintf(langs[nlangs++], sizeof langs[0], "en");
    DIR *d = opendir(localedir_buf);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) && nlangs < I18N_MAX_LANGS) {
        if (!valid_code(e->d_name) || strcmp(e->d_name, "en") == 0)
            continue;
        char *mo = xasprintf("%s/%s/LC_MESSAGES/" DOMAIN ".mo", localedir_buf,
                             e->d_name);
        struct stat st;
        if (stat(mo, &st) == 0)
            memcpy(langs[nlangs++], e->d_name, strlen(e->d_name) + 1);
        free(mo);
    }
    closedir(d);
    /* stable order after English */
    for (int i = 1; i < nlangs; i++)
        for (int j = i + 1; j < nlangs; j++)
            if (strcmp(langs[i], langs[j]) > 0) {
                char t[16];
                memcpy(t, langs[i], sizeof t);
                memcpy(langs[i], langs[j], sizeof t);
                memcpy(langs[j], t, sizeof t);
            }
}

void i18n_init(const char *localedir)
{
    const char *loc = setlocale(LC_ALL, "");
    if (!loc || strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0)
        setlocale(LC_ALL, "C.UTF-8");
    /* numbers are written the same way in every language we store */
    setlocale(LC_NUMERIC, "C");
    snprintf(localedir_buf, sizeof localedir_buf, "%s", localedir);
    bindtextdomain(DOMAIN, localedir_buf);
    bind_textdomain_codeset(DOMAIN, "UTF-8");
    textdomain(DOMAIN);
    scan_languages();
}

static bool available(const char *code)
{
    for (int i = 0; i < nlangs; i++)
        if (strcmp(langs[i], code) == 0)
            return true;
    return false;
}

/* The language the environment asks for, as a two-or-more-letter code. */
static void environment_language(char *out, size_t size)
{
    static const char *const vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES",
                                       "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (!v || !*v)
            continue;
        /* LANGUAGE is a colon-separated list: take the first we have */
        char buf[256];
        snprintf(buf, sizeof buf, "%s", v);
        for (char *tok = strtok(buf, ":"); tok; tok = strtok(NULL, ":")) {
            size_t n = strcspn(tok, "_.@");
            char code[16];
            snprintf(code, sizeof code, "%.*s", (int)(n < 15 ? n : 15), tok);
            if (available(code)) {
                snprintf(out, size, "%s", code);
                return;
            }
        }
        if (strcmp(vars[i], "LANGUAGE") != 0)
            break; /* the first locale variable set decides */
    }
    snprintf(out, size, "en");
}

bool i18n_set_language(const char *lang)
{
    char code[16];
    if (lang) {
        if (!available(lang))
            return false;
        snprintf(code, sizeof code, "%s", lang);
    } else {
        environment_language(code, sizeof code);
    }
    snprintf(current, sizeof current, "%s", code);
    setenv("LANGUAGE", current, 1);
    textdomain(DOMAIN); /* invalidates glibc's translation cache */
    return true;
}

const char *i18n_language(void)
{
    return current;
}

int i18n_languages(const char **codes, int max)
{
    int n = nlangs < max ? nlangs : max;
    for (int i = 0; i < n; i++)
        codes[i] = langs[i];
    return n;
}

const char *i18n_next_language(void)
{
    for (int i = 0; i < nlangs; i++)
        if (strcmp(langs[i], current) == 0)
            return langs[(i + 1) % nlangs];
    return langs[0];
}

const char *i18n_language_name(const char *code)
{
    static const struct {
        const char *code, *name;
    } names[] = {
        {"en", "English"}, {"sv", "Svenska"}, {"fi", "Suomi"},
        {"nb", "Norsk"},   {"da", "Dansk"},   {"de", "Deutsch"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i].code, code) == 0)
            return names[i].name;
    return code;
}

const char *i18n_pgettext(const char *ctx, const char *msgid)
{
    /* gettext stores a context as "ctx\004msgid" */
    char stackbuf[512];
    size_t nc = strlen(ctx), nm = strlen(msgid);
    char *key =
        nc + nm + 2 <= sizeof stackbuf ? stackbuf : xmalloc(nc + nm + 2);
    memcpy(key, ctx, nc);
    key[nc] = '\004';
    memcpy(key + nc + 1, msgid, nm + 1);
    const char *tr = dcgettext(DOMAIN, key, LC_MESSAGES);
    const char *result = tr == key ? msgid : tr;
    if (key != stackbuf)
        free(key);
    return result;
}
