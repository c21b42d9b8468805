/*
 * xapi_internal.h - what xapi.c (the statements, in order) and
 * xapi_activity.c (the activities they are about, and JSON) share. Not
 * for use outside them.
 */
#ifndef VAKSAM_XAPI_INTERNAL_H
#define VAKSAM_XAPI_INTERNAL_H

#include "xapi.h"

#define XAPI_COURSE "urn:vaksam:course"
#define XAPI_LANG "en" /* the language of the definitions: the source's */

/* Appends a string literal. */
#define XJ_LIT(sb, lit) strbuf_append((sb), (lit), sizeof(lit) - 1)
/* Appends s as a JSON string. */
void xj_str(StrBuf *sb, const char *s);
/* Appends {"en": s}. */
void xj_lang_map(StrBuf *sb, const char *s);
/* Appends the activity of an attempt: its lesson, or the quiz. */
void xj_attempt_activity(StrBuf *sb, const StoreExportAttempt *a,
                         const XapiOptions *o);
/* Appends the activity of one answer's decision or quiz question, with
 * its choices and correct response. */
void xj_decision_activity(StrBuf *sb, const StoreExportAttempt *a,
                          const StoreExportAnswer *x, const XapiOptions *o);
/* The id of an attempt's activity (caller frees). */
char *xj_attempt_iri(const StoreExportAttempt *a);

#endif
