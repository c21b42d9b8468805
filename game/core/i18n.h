/*
 * i18n.h - languages through gettext (domain "vaksam"). English is the
 * source language; every other language is a compiled catalog
 * <localedir>/<lang>/LC_MESSAGES/vaksam.mo. The language is process-wide
 * (gettext's state is), so this module keeps it, and nothing else does.
 */
#ifndef VAKSAM_I18N_H
#define VAKSAM_I18N_H

#include <libintl.h>
#include <stdbool.h>

#define _(s) gettext(s)
#define N_(s) (s)

enum { I18N_MAX_LANGS = 16 };

/* Sets up the locale (falling back to C.UTF-8 when the environment gives
 * none, so catalogs work on a machine with no locales generated) and binds
 * the domain to localedir. Call once, before anything is translated. */
void i18n_init(const char *localedir);
/* Switches to lang ("sv", "en"); NULL picks the language from LANGUAGE,
 * LC_ALL, LC_MESSAGES or LANG. Returns false (and keeps the current
 * language) when lang has no catalog. */
bool i18n_set_language(const char *lang);
/* The current language code ("en", "sv", ...); owned by this module. */
const char *i18n_language(void);
/* Fills codes with the languages available (English first); returns how
 * many. The strings are owned by this module. */
int i18n_languages(const char **codes, int max);
/* The language after the current one in i18n_languages' order (wrapping
 * round); owned by this module. */
const char *i18n_next_language(void);
/* The name of a language in that language ("Svenska"), or its code. */
const char *i18n_language_name(const char *code);
/* Translation of msgid in context ctx, or msgid itself. */
const char *i18n_pgettext(const char *ctx, const char *msgid);

#endif
