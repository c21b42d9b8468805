/*
 * lesson_internal.h - what the lesson parser (lesson.c), its static
 * checks (lesson_check.c), its texts (lesson_texts.c) and the sets of
 * lessons (lesson_set.c) share:
 * the parser's state and its one way of reporting a problem.
 */
#ifndef VAKSAM_LESSON_INTERNAL_H
#define VAKSAM_LESSON_INTERNAL_H

#include "lesson.h"

typedef enum {
    SEC_HEADER,
    SEC_SCENE,
    SEC_VARIANT, /* after "if:" in a scene */
    SEC_CHOICE,
    SEC_SUMMARY
} Section;

/* Links are resolved after parsing, when every scene id is known. */
typedef struct Link {
    const char *target; /* NULL: none given */
    int line;
} Link;

typedef struct Parser {
    Lesson *l;
    const char *path;
    Diags *diags;
    int errors;
    Section sec;
    Link start;
    Link *scene_next;   /* per scene */
    Link **choice_next; /* per scene, per choice */
    Link **variant_next; /* per scene, per variant */
    int flag_set[LESSON_MAX_FLAGS], flag_read[LESSON_MAX_FLAGS]; /* lines */
    bool *choice_has_result, **choice_result_set;
    int summary_line;
    int last_line;
} Parser;


/* Reports "path:line: message" and counts it. */
void lesson_err(Parser *p, int line, const char *fmt, ...) VK_PRINTF(3, 4);
/* Checks every scene, resolves the links, walks the graph and the flags
 * (the validator's static part; lesson_check.c). */
void lesson_check(Parser *p);
/* Gives every translatable text of a parsed lesson its context and lists
 * them in the order of the file (lesson_texts.c). */
void lesson_collect_texts(Lesson *l);
/* lesson_load, with or without the walk through every way (lesson_paths.c;
 * the sets' no_walk). */
Lesson *lesson_load_with(const char *path, Diags *diags, bool walk);

#endif
