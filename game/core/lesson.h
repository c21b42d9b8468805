/*
 * lesson.h - lessons: a small graph of scenes parsed from a .lesson file
 * (format: lessons/README.md). A Lesson is immutable once parsed and owns
 * all its strings in one arena. Translatable strings are Text values that
 * carry their gettext context and source line.
 */
#ifndef VAKSAM_LESSON_H
#define VAKSAM_LESSON_H

#include "score.h"
#include "topic.h"
#include "util.h"

#include <stdbool.h>
#include <stdint.h>

enum {
    LESSON_END = -1, /* "next: end": go to the summary */
    LESSON_NO_NEXT = -2, /* a variant that keeps the scene's next */
    LESSON_MIN_CHOICES = 2,
    LESSON_MAX_CHOICES = 4,
    QUIZ_MIN_CHOICES = 3,
    LESSON_MAX_FLAGS = 32,   /* flags of one lesson (bits of a uint32_t) */
    LESSON_MAX_SCENES = 255, /* scenes of one lesson */
    COND_MAX_TERMS = 4,      /* terms of one condition, joined by "and" */
    COND_SCORE = METER_COUNT /* CondTerm.meter for the score so far */
};

/* A translatable string: English source, gettext context, file line. */
typedef struct Text {
    const char *src; /* NULL when absent */
    const char *ctx; /* "lesson/scene/field" */
    int line;
} Text;

typedef struct Choice {
    Text label;
    Text feedback;
    Result result;
    int effect[METER_COUNT];
    uint32_t sets; /* the lesson's flags this choice sets (bit per flag) */
    int next;      /* scene index or LESSON_END */
    bool own_next; /* next given by the choice, not taken from the scene */
    int line;
} Choice;

/* One term of a condition: a flag set or not, or a meter (or the score so
 * far, COND_SCORE) compared with a number. */
typedef struct CondTerm {
    int flag;  /* index in Lesson.flags, or -1 for a comparison */
    bool not;  /* "not flag" */
    int meter; /* Meter or COND_SCORE */
    char op;   /* '<' '>' 'l' (<=) 'g' (>=) */
    int value;
} CondTerm;

typedef struct Cond {
    CondTerm terms[COND_MAX_TERMS];
    int nterms;
} Cond;

/* "if: ..." in a scene: when its condition holds as the scene is reached
 * (the first that holds wins), its title, text and next replace the
 * scene's own. */
typedef struct Variant {
    Cond cond;
    Text title, text; /* src NULL: the scene's own */
    int next;         /* LESSON_NO_NEXT: the scene's own */
    int line;
} Variant;

typedef struct Scene {
    const char *id;
    Text title;
    Text text;
    Text explain; /* quiz questions: why the right answer is right */
    Topic topic;  /* TOPIC_NONE for a scene without a decision */
    Choice *choices;
    int nchoices; /* 0 (continue) or 2..4 (a decision) */
    int next;     /* for nchoices == 0 */
    Variant *variants;
    int nvariants;
    int line;
} Scene;

typedef struct Lesson {
    const char *path;
    const char *id;
    int version;
    int order;
    const char *kind; /* "course" or "quiz" */
    bool quiz;        /* a pool of quiz questions: every scene one question */
    const char *source;
    Text title;
    Text description;
    Text picture; /* what assets/places/<id>.svg shows; src NULL: none */
    Scene *scenes;
    int nscenes;
    int start;
    Text summary;
    Text *points;
    int npoints;
    Text *asks;
    int nasks;
    const char *flags[LESSON_MAX_FLAGS]; /* names, in order of first "set:" */
    int nflags;
    const Text **texts; /* every translatable string, in file order */
    int ntexts;
    Arena arena;
} Lesson;

/* Parses and validates the lesson file at path. Returns the lesson, or NULL
 * with every problem appended to diags as "path:line: message". The caller
 * frees the lesson with lesson_free. */
Lesson *lesson_load(const char *path, Diags *diags);
/* Same, from text in memory; path is used in messages. */
Lesson *lesson_parse(const char *path, const char *text, size_t len,
                     Diags *diags);
void lesson_free(Lesson *l);

/* The scene with this id, or -1. */
int lesson_find_scene(const Lesson *l, const char *id);
/* True when the scene is a decision (has choices). */
bool scene_is_decision(const Scene *s);
/* Where scene s may lead (scene indexes or LESSON_END): every choice's
 * next, its own for a scene without choices, and its variants' (a
 * variant's next also serves choices without their own). to[] needs room
 * for nchoices + nvariants + 1. Returns the count. */
int scene_leads(const Scene *s, int *to);
/* The translated form of a text (the source when untranslated). */
const char *lesson_tr(const Text *t);

/* All lessons of a folder, sorted by order then id. */
typedef struct LessonSet {
    Lesson **items;
    int count;
    /* set before loading: leave out the walk through every way of each
     * lesson (lesson_check_paths), the one slow check (tens of ms), whose
     * findings (a variant that never or always holds, too many ways)
     * concern the author, not the learner: check-lessons and the tests
     * make it; the window does not */
    bool no_walk;
} LessonSet;

/* Loads every *.lesson in dir; invalid files are skipped and their
 * problems appended to diags, as are duplicate lesson ids. Returns false
 * when the folder cannot be read. */
bool lessonset_load_dir(LessonSet *set, const char *dir, Diags *diags);
/* Loads the given files (for check-lessons). */
void lessonset_load_files(LessonSet *set, char *const *paths, int n,
                          Diags *diags);
/* Moves the quiz pools (kind: quiz) of set into pools, keeping order. */
void lessonset_take_quizzes(LessonSet *set, LessonSet *pools);
/* Index of the lesson with this id, or -1. */
int lessonset_find(const LessonSet *set, const char *id);
void lessonset_free(LessonSet *set);

#endif
