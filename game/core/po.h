/*
 * po.h - reading gettext PO files, enough to tell which strings a
 * translation covers and what it says (for check-lessons) and to report a
 * broken file with its line. Building catalogs is msgfmt's job; this never writes PO files.
 */
#ifndef VAKSAM_PO_H
#define VAKSAM_PO_H

#include "util.h"

#include <stdbool.h>

typedef struct Po Po;

/* Reads the PO file at path; NULL with "path:line: message" diagnostics
 * when it cannot be read or parsed. The caller frees it with po_free. */
Po *po_load(const char *path, Diags *diags);
void po_free(Po *po);
/* True when (ctx, msgid) has a non-empty, non-fuzzy translation. ctx may
 * be NULL. */
bool po_translated(const Po *po, const char *ctx, const char *msgid);
/* Its translation, or NULL when it has none; owned by the Po. */
const char *po_lookup(const Po *po, const char *ctx, const char *msgid);
/* The file's language ("sv"), from its header or file name. */
const char *po_language(const Po *po);
const char *po_path(const Po *po);

#endif
