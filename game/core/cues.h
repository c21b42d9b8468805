/*
 * cues.h - what the form of a decision's choices gives away. With choices
 * shuffled per attempt their position says nothing; their length and words
 * still can: a correct choice that is the longest more often than chance,
 * or that alone uses the course's key term (lessons/terms.txt), is found
 * without the lesson's knowledge. vaksam check-lessons --cues prints these
 * figures per lesson and language and fails above the limits below.
 */
#ifndef VAKSAM_CUES_H
#define VAKSAM_CUES_H

#include "lesson.h"
#include "po.h"

/* The limits, over the course's decisions and over the quiz questions,
 * each in every language: the correct choice the longest in at most a
 * third; its mean length rank (0 longest, 1 shortest) near the middle; no
 * one rank holding more than half of them; none the only choice with a
 * key term. */
#define CUE_MAX_LONGEST (1.0 / 3.0)
#define CUE_MIN_MEAN_RANK 0.35
#define CUE_MAX_MEAN_RANK 0.65
#define CUE_MAX_RANK_SHARE 0.5

enum { CUE_MAX_FORMS = 8 };

/* One concept of lessons/terms.txt: its forms in English ([0]) and in
 * Swedish ([1]), lowercase. */
typedef struct CueConcept {
    char *forms[2][CUE_MAX_FORMS];
    int nforms[2];
} CueConcept;

typedef struct CueTerms {
    CueConcept *items;
    int count;
} CueTerms;

/* Reads a terms file: one concept per line, "english, ... | svenska, ...";
 * '#' starts a comment. False with "path:line: message" in diags. */
bool cue_terms_load(CueTerms *t, const char *path, Diags *diags);
void cue_terms_free(CueTerms *t);

typedef struct CueStats {
    int items;                      /* decisions or questions */
    int longest;                    /* the correct choice the longest */
    int rank[LESSON_MAX_CHOICES];   /* its rank by length, 0 the longest */
    double rank_sum;                /* of (rank) / (choices - 1) */
    int alone;                      /* it alone uses a key term */
} CueStats;

/* Adds the decisions of l, in English (po NULL) or in po's language (an
 * untranslated label counts in English). Each decision whose correct
 * choice alone uses a key term adds "path:line: ..." to diags. */
void cue_stats_add(CueStats *st, const Lesson *l, const Po *po,
                   const CueTerms *terms, Diags *diags);
/* Whether st is within the limits; when not, why, in why. */
bool cue_stats_ok(const CueStats *st, char *why, size_t n);
/* The share of items that are the longest, and the mean rank. */
double cue_longest_share(const CueStats *st);
double cue_mean_rank(const CueStats *st);
double cue_top_rank_share(const CueStats *st);

#endif
