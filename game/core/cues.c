/*
 * cues.c - the cue statistics of decisions and questions (see cues.h).
 */
#include "cues.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the terms file ---- */

/* Lowercases ASCII and the Swedish letters in place (UTF-8: Å Ä Ö É are
 * C3 85, C3 84, C3 96, C3 89; their small forms add 0x20). */
static void lower(char *s)
{
    for (unsigned char *p = (unsigned char *)s; *p; p++) {
        if (*p >= 'A' && *p <= 'Z')
            *p = (unsigned char)(*p + 32);
        else if (*p == 0xC3 && p[1] &&
                 (p[1] == 0x85 || p[1] == 0x84 || p[1] == 0x96 ||
                  p[1] == 0x89)) {
            p[1] = (unsigned char)(p[1] + 0x20);
            p++;
        }
    }
}

/* "a, b, c" into the concept's forms for one language. */
static bool add_forms(CueConcept *c, int lang, char *list)
{
    char *save = NULL;
    for (char *f = strtok_r(list, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
        f = vk_trim(f);
        if (!*f)
            continue;
        if (c->nforms[lang] == CUE_MAX_FORMS)
            return false;
        lower(f);
        c->forms[lang][c->nforms[lang]++] = xstrdup(f);
    }
    return c->nforms[lang] > 0;
}

bool cue_terms_load(CueTerms *t, const char *path, Diags *diags)
{
    memset(t, 0, sizeof *t);
    size_t len;
    char *text = read_file_diag(path, &len, diags);
    if (!text)
        return false;
    bool ok = true;
    int lineno = 0;
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        char *l = vk_trim(line);
        if (!*l || *l == '#')
            continue;
        char *bar = strchr(l, '|');
        t->items = xrealloc(t->items, (size_t)(t->count + 1) * sizeof *t->items);
        CueConcept *c = &t->items[t->count];
        memset(c, 0, sizeof *c);
        t->count++;
        if (!bar) {
            diags_add(diags, path, lineno,
                      "expected 'english, ... | svenska, ...', got '%.40s'", l);
            ok = false;
            continue;
        }
        *bar = '\0';
        if (!add_forms(c, 0, l) || !add_forms(c, 1, bar + 1)) {
            diags_add(diags, path, lineno,
                      "give 1 to %d forms on each side of '|'",
                      CUE_MAX_FORMS);
            ok = false;
        }
    }
    free(text);
    if (!ok)
        cue_terms_free(t);
    return ok;
}

void cue_terms_free(CueTerms *t)
{
    for (int i = 0; i < t->count; i++)
        for (int lang = 0; lang < 2; lang++)
            for (int f = 0; f < t->items[i].nforms[lang]; f++)
                free(t->items[i].forms[lang][f]);
    free(t->items);
    memset(t, 0, sizeof *t);
}

/* ---- one decision ---- */

static bool is_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c >= 0x80;
}

/* Whether the lowercased text has the form at the start of a word. */
static bool uses(const char *text, const char *form)
{
    for (const char *p = strstr(text, form); p; p = strstr(p + 1, form))
        if (p == text || !is_letter((unsigned char)p[-1]))
            return true;
    return false;
}

static bool uses_concept(const char *text, const CueConcept *c, int lang)
{
    for (int f = 0; f < c->nforms[lang]; f++)
        if (uses(text, c->forms[lang][f]))
            return true;
    return false;
}

/* Characters (code points) of UTF-8 text. */
static int chars(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static const char *label(const Text *t, const Po *po)
{
    const char *tr = po ? po_lookup(po, t->ctx, t->src) : NULL;
    return tr ? tr : t->src;
}

static void add_decision(CueStats *st, const Lesson *l, const Scene *s,
                         const Po *po, const CueTerms *terms, Diags *diags)
{
    int n = s->nchoices, right = -1, len[LESSON_MAX_CHOICES];
    char *low[LESSON_MAX_CHOICES];
    for (int c = 0; c < n; c++) {
        if (s->choices[c].result == RESULT_CORRECT && right < 0)
            right = c;
        low[c] = xstrdup(label(&s->choices[c].label, po));
        len[c] = chars(low[c]);
        lower(low[c]);
    }
    if (right >= 0) {
        /* rank: how many choices are strictly longer (ties get the best) */
        int rank = 0;
        for (int c = 0; c < n; c++)
            rank += len[c] > len[right];
        st->items++;
        st->longest += rank == 0;
        st->rank[rank]++;
        st->rank_sum += (double)rank / (n - 1);
        const char *lang = po ? po_language(po) : "en";
        int col = po ? (strcmp(po_language(po), "sv") == 0 ? 1 : -1) : 0;
        for (int k = 0; col >= 0 && k < terms->count; k++) {
            const CueConcept *cc = &terms->items[k];
            if (!uses_concept(low[right], cc, col))
                continue;
            bool others = false;
            for (int c = 0; c < n && !others; c++)
                others = c != right && uses_concept(low[c], cc, col);
            if (!others) {
                st->alone++;
                if (diags)
                    diags_add(diags, l->path, s->choices[right].line,
                              "%s: only the correct choice of '%s' uses the "
                              "key term '%s': let a wrong choice use it too",
                              lang, s->id, cc->forms[col][0]);
                break;
            }
        }
    }
    for (int c = 0; c < n; c++)
        free(low[c]);
}

void cue_stats_add(CueStats *st, const Lesson *l, const Po *po,
                   const CueTerms *terms, Diags *diags)
{
    for (int i = 0; i < l->nscenes; i++)
        if (l->scenes[i].nchoices >= 2)
            add_decision(st, l, &l->scenes[i], po, terms, diags);
}

double cue_longest_share(const CueStats *st)
{
    return st->items ? (double)st->longest / st->items : 0;
}

double cue_mean_rank(const CueStats *st)
{
    return st->items ? st->rank_sum / st->items : 0.5;
}

double cue_top_rank_share(const CueStats *st)
{
    int top = 0;
    for (int r = 0; r < LESSON_MAX_CHOICES; r++)
        if (st->rank[r] > top)
            top = st->rank[r];
    return st->items ? (double)top / st->items : 0;
}

bool cue_stats_ok(const CueStats *st, char *why, size_t n)
{
    why[0] = '\0';
    if (cue_longest_share(st) > CUE_MAX_LONGEST + 1e-9)
        snprintf(why, n,
                 "the correct choice is the longest in %d of %d (more than "
                 "a third)",
                 st->longest, st->items);
    else if (cue_mean_rank(st) < CUE_MIN_MEAN_RANK ||
             cue_mean_rank(st) > CUE_MAX_MEAN_RANK)
        snprintf(why, n,
                 "the correct choice's mean length rank is %.2f (keep it "
                 "from %.2f to %.2f)",
                 cue_mean_rank(st), CUE_MIN_MEAN_RANK, CUE_MAX_MEAN_RANK);
    else if (cue_top_rank_share(st) > CUE_MAX_RANK_SHARE + 1e-9)
        snprintf(why, n,
                 "%.0f %% of the correct choices have the same length rank "
                 "(at most half may)",
                 100 * cue_top_rank_share(st));
    else if (st->alone)
        snprintf(why, n,
                 "in %d the correct choice alone uses a key term", st->alone);
    return why[0] == '\0';
}
