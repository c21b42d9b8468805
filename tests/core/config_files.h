/*
 * config_files.h - what the configuration's tests share (test_config.c,
 * test_config_layers.c): a folder of their own, files written into it
 * with a mode, and one read as the user's file with what it gave.
 */
#ifndef VAKSAM_TEST_CONFIG_FILES_H
#define VAKSAM_TEST_CONFIG_FILES_H

#include "config.h"

#include "../test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];

static inline char *path_in(const char *name)
{
    return xasprintf("%s/%s", dir, name);
}

static inline void write_file(const char *path, const char *text, size_t len,
                       mode_t mode)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    CHECK(fwrite(text, 1, len, f) == len);
    fclose(f);
    CHECK(chmod(path, mode) == 0);
}

/* A file read as the user's, with what it gave. */
typedef struct Read {
    char *path;
    Config c;
    Diags errors, warnings;
    int rc;
} Read;

static inline void read_bytes(Read *r, const char *text, size_t len, mode_t mode)
{
    memset(r, 0, sizeof *r);
    r->path = path_in("vaksam.conf");
    write_file(r->path, text, len, mode);
    config_init(&r->c, "/usr/share/vaksam/lessons");
    r->rc = config_read_file(&r->c, r->path, CONFIG_USER, false, &r->errors,
                             &r->warnings);
}

static inline void read_text(Read *r, const char *text)
{
    read_bytes(r, text, strlen(text), 0600);
}

static inline void read_done(Read *r)
{
    unlink(r->path);
    free(r->path);
    config_free(&r->c);
    diags_free(&r->errors);
    diags_free(&r->warnings);
}

#endif
