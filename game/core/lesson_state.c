/*
 * lesson_state.c - a lesson's state beyond the meters: the flags its
 * choices set ("set: early-meeting") and the conditions its scenes' variants
 * read ("if: early-meeting and trust < 40"). Parsing reports problems in
 * words; evaluation is the one rule the player and the validator share.
 */
#include "lesson_state.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lesson_flag(Lesson *l, const char *name)
{
    for (int i = 0; i < l->nflags; i++)
        if (strcmp(l->flags[i], name) == 0)
            return i;
    if (l->nflags == LESSON_MAX_FLAGS)
        return -1;
    l->flags[l->nflags] = arena_strdup(&l->arena, name);
    return l->nflags++;
}

static bool flag_name(const char *s)
{
    if (!islower((unsigned char)*s))
        return false;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) ||
              *s == '-'))
            return false;
    return true;
}

/* Splits s at the first run of spaces: the word (NUL-ended) and the rest. */
static char *word(char **s)
{
    while (**s == ' ')
        (*s)++;
    char *w = *s;
    while (**s && **s != ' ')
        (*s)++;
    if (**s)
        *(*s)++ = '\0';
    return w;
}

static bool parse_op(const char *w, char *op)
{
    static const struct {
        const char *text;
        char op;
    } ops[] = {{"<", '<'}, {">", '>'}, {"<=", 'l'}, {">=", 'g'}};
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
        if (strcmp(w, ops[i].text) == 0) {
            *op = ops[i].op;
            return true;
        }
    return false;
}

static bool parse_value(const char *w, int *v)
{
    char *end;
    errno = 0;
    long n = strtol(w, &end, 10);
    if (end == w || *end || errno || n < 0 || n > 100)
        return false;
    *v = (int)n;
    return true;
}

/* One term: "flag", "not flag" or "meter OP number". */
static bool parse_term(Lesson *l, char **rest, CondTerm *t, int *read,
                       char *msg, size_t msgsz)
{
    memset(t, 0, sizeof *t);
    t->flag = -1;
    char *w = word(rest);
    if (strcmp(w, "not") == 0) {
        t->not = true;
        w = word(rest);
    }
    int m = meter_from_id(w);
    if (strcmp(w, "score") == 0)
        m = COND_SCORE;
    if (m >= 0 && !t->not) {
        t->meter = m;
        char *op = word(rest), *num = word(rest);
        if (!parse_op(op, &t->op) || !parse_value(num, &t->value)) {
            snprintf(msg, msgsz,
                     "compare '%s' with <, <=, > or >= and a number from 0 "
                     "to 100, like '%s < 40'",
                     w, w);
            return false;
        }
        return true;
    }
    if (!flag_name(w)) {
        snprintf(msg, msgsz,
                 "'%s' is not a flag, a meter or the score: a condition is "
                 "like 'early-meeting', 'not early-meeting' or 'trust < 40'",
                 w);
        return false;
    }
    t->flag = lesson_flag(l, w);
    if (t->flag < 0) {
        snprintf(msg, msgsz, "more than %d flags in one lesson",
                 LESSON_MAX_FLAGS);
        return false;
    }
    *read = t->flag;
    return true;
}

bool cond_parse(Lesson *l, const char *text, Cond *c, uint32_t *reads,
                char *msg, size_t msgsz)
{
    memset(c, 0, sizeof *c);
    *reads = 0;
    char *buf = xstrdup(text);
    char *rest = buf;
    bool ok = true;
    while (ok) {
        if (c->nterms == COND_MAX_TERMS) {
            snprintf(msg, msgsz, "a condition has at most %d terms",
                     COND_MAX_TERMS);
            ok = false;
            break;
        }
        int read = -1;
        ok = parse_term(l, &rest, &c->terms[c->nterms], &read, msg, msgsz);
        if (!ok)
            break;
        c->nterms++;
        if (read >= 0)
            *reads |= 1u << read;
        char *w = word(&rest);
        if (!*w)
            break;
        if (strcmp(w, "and") != 0) {
            snprintf(msg, msgsz,
                     "expected 'and' or the end of the condition, not '%s'",
                     w);
            ok = false;
        }
    }
    free(buf);
    return ok;
}

static bool term_holds(const CondTerm *t, uint32_t flags, const int *meters,
                       int score)
{
    if (t->flag >= 0)
        return ((flags >> t->flag) & 1u) != t->not;
    int v = t->meter == COND_SCORE ? score : meters[t->meter];
    switch (t->op) {
    case '<': return v < t->value;
    case '>': return v > t->value;
    case 'l': return v <= t->value;
    default: return v >= t->value;
    }
}

bool cond_holds(const Cond *c, uint32_t flags, const int *meters, int score)
{
    for (int i = 0; i < c->nterms; i++)
        if (!term_holds(&c->terms[i], flags, meters, score))
            return false;
    return true;
}

bool cond_reads_meter(const Cond *c)
{
    for (int i = 0; i < c->nterms; i++)
        if (c->terms[i].flag < 0 && c->terms[i].meter != COND_SCORE)
            return true;
    return false;
}
