/*
 * config_internal.h - what config.c and config_file.c share and nothing
 * else needs: how a message quotes a value it did not like.
 */
#ifndef VAKSAM_CONFIG_INTERNAL_H
#define VAKSAM_CONFIG_INTERNAL_H

#include <stddef.h>

/* A message quotes at most this many bytes of a value, then "…". */
enum { CONFIG_QUOTE_MAX = 60 };

/* Writes v to buf (of at least CONFIG_QUOTE_MAX + 4 bytes) as a message
 * quotes it: whole when short, else its start, cut between characters,
 * and "…" - never silently cut. */
void config_elide(const char *v, char *buf, size_t size);

#endif
