/*
 * datadir.h - where the program's own files are: the lessons, the art and
 * the compiled catalogs. An installed program finds them beside itself,
 * <prefix>/bin/vaksam reading <prefix>/share/vaksam/{lessons,assets,po} and
 * <prefix>/share/locale, whatever the prefix (a package's /usr, a
 * DESTDIR's staging folder, /opt); a program run from its build tree
 * reads the source tree's, as the build configured them.
 */
#ifndef VAKSAM_DATADIR_H
#define VAKSAM_DATADIR_H

typedef struct DataDirs {
    char *lessons, *assets, *po, *locale; /* owned */
    int installed;                        /* 1: beside the program */
} DataDirs;

/* Looks beside the running program (/proc/self/exe), else takes the build
 * tree's folders given. */
void datadirs_find(DataDirs *d, const char *build_lessons,
                   const char *build_assets, const char *build_po,
                   const char *build_locale);
void datadirs_free(DataDirs *d);

#endif
