/*
 * pot.h - the lessons' side of locale/vaksam.pot: one PO template entry per
 * translatable string, with a "#:" reference to its lesson file and line
 * and a msgctxt "lesson/scene/field" that keeps equal English strings in
 * different places apart. (xgettext does the same for the C sources.)
 */
#ifndef VAKSAM_POT_H
#define VAKSAM_POT_H

#include "lesson.h"
#include "po.h"

/* Appends the entries of every lesson in the set to out. */
void pot_write_lessons(StrBuf *out, const LessonSet *set);
/* Appends "file:line: message" for every string of the lessons that po
 * does not translate; returns how many. */
int pot_check_translations(const LessonSet *set, const Po *po, Diags *diags);

#endif
