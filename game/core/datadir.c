/*
 * datadir.c - where the program's own files are (see datadir.h).
 */
#include "datadir.h"

#include "util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The prefix the running program was installed under: /usr for
 * /usr/bin/vaksam; NULL when it does not lie in a bin/ folder. */
static char *install_prefix(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = '\0'; /* the folder the program is in */
    slash = strrchr(exe, '/');
    if (!slash || strcmp(slash, "/bin") != 0)
        return NULL;
    *slash = '\0';
    return xstrdup(exe);
}

void datadirs_find(DataDirs *d, const char *build_lessons,
                   const char *build_assets, const char *build_po,
                   const char *build_locale)
{
    memset(d, 0, sizeof *d);
    char *prefix = install_prefix();
    if (prefix) {
        char *lessons = xasprintf("%s/share/vaksam/lessons", prefix);
        if (is_dir(lessons)) {
            d->lessons = lessons;
            d->assets = xasprintf("%s/share/vaksam/assets", prefix);
            d->po = xasprintf("%s/share/vaksam/po", prefix);
            d->locale = xasprintf("%s/share/locale", prefix);
            d->installed = 1;
            free(prefix);
            return;
        }
        free(lessons);
        free(prefix);
    }
    d->lessons = xstrdup(build_lessons);
    d->assets = xstrdup(build_assets);
    d->po = xstrdup(build_po);
    d->locale = xstrdup(build_locale);
}

void datadirs_free(DataDirs *d)
{
    free(d->lessons);
    free(d->assets);
    free(d->po);
    free(d->locale);
    memset(d, 0, sizeof *d);
}
