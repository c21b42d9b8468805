/*
 * export.h - the learner's own list of questions for their CISO meeting,
 * as Markdown: the topics where their answers were weakest, then the
 * "ask your CISO" points of the lessons they finished (of every lesson,
 * when none is finished yet). Text comes out in the current language.
 */
#ifndef VAKSAM_EXPORT_H
#define VAKSAM_EXPORT_H

#include "lesson.h"
#include "session.h"

/* Appends the list to out. done[i] tells whether course->items[i] is
 * finished; date is shown as given. */
void export_ciso_questions(StrBuf *out, const LessonSet *course,
                           const bool *done, const TopicLevels *levels,
                           const char *login, const char *date);
/* Writes the list to path; 0 or -1 with err. */
int export_write(const char *path, const StrBuf *text, VkError *err);

#endif
