/*
 * cli_lessons.c - the author's commands: check-lessons (every lesson and
 * translation checked, and with --cues what the form of the choices gives
 * away) and extract-lessons (the lessons' PO template).
 */
#include "cli.h"

#include "cues.h"
#include "i18n.h"
#include "lesson.h"
#include "po.h"
#include "pot.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void load_lessons(const Options *o, LessonSet *set, Diags *d)
{
    if (o->nargs)
        lessonset_load_files(set, o->args, o->nargs, d);
    else
        lessonset_load_dir(set, o->cfg.lessons, d);
}

/* The PO files of the locale folder, when no --po was given. */
static int default_po_files(char ***out)
{
    *out = NULL;
    DIR *d = opendir(data.po);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len > 3 && strcmp(e->d_name + len - 3, ".po") == 0) {
            *out = xrealloc(*out, (size_t)(n + 1) * sizeof **out);
            (*out)[n++] = xasprintf("%s/%s", data.po, e->d_name);
        }
    }
    closedir(d);
    return n;
}

/* One row of the cue table. */
static void cue_row(const char *what, const char *lang, const CueStats *st)
{
    printf("%-26s %-4s %5d %5d %4.0f%% %6.2f %5.0f%% %5d\n", what, lang,
           st->items, st->longest, 100 * cue_longest_share(st),
           cue_mean_rank(st), 100 * cue_top_rank_share(st), st->alone);
}

/* The course's or the pools' totals in one language: a row, and a
 * problem in diags when they break a limit. */
static void cue_total(const char *what, const char *lang, const CueStats *st,
                      const char *terms, Diags *d)
{
    cue_row(what, lang, st);
    char why[160];
    if (st->items && !cue_stats_ok(st, why, sizeof why))
        diags_add(d, terms, 0, "%s, %s: %s", what, lang, why);
}

/* check-lessons --cues: per lesson and language, how often the correct
 * choice is the longest, its mean length rank (0 longest, 1 shortest),
 * the share of its most common rank, and how often it alone uses a key
 * term of lessons/terms.txt; the limits of cues.h apply to the course's
 * and the pools' totals. */
static void print_cues(const Options *o, const LessonSet *set, Po **po,
                       int npo, Diags *d)
{
    char *path = xasprintf("%s/terms.txt", o->cfg.lessons);
    CueTerms terms;
    if (!cue_terms_load(&terms, path, d)) {
        free(path);
        return;
    }
    printf("%-26s %-4s %5s %5s %5s %6s %6s %5s\n", _("lesson"), _("lang"),
           _("items"), _("longest"), "", _("rank"), _("same"), _("term"));
    for (int p = -1; p < npo; p++) {
        if (p >= 0 && !po[p])
            continue;
        const char *lang = p < 0 ? "en" : po_language(po[p]);
        CueStats course = {0}, pools = {0};
        for (int i = 0; i < set->count; i++) {
            const Lesson *l = set->items[i];
            CueStats one = {0};
            cue_stats_add(&one, l, p < 0 ? NULL : po[p], &terms, d);
            cue_stats_add(l->quiz ? &pools : &course, l,
                          p < 0 ? NULL : po[p], &terms, NULL);
            cue_row(l->id, lang, &one);
        }
        cue_total(_("(the course)"), lang, &course, path, d);
        cue_total(_("(the quiz pools)"), lang, &pools, path, d);
    }
    cue_terms_free(&terms);
    free(path);
}

int cmd_check_lessons(const Options *o)
{
    LessonSet set = {0};
    Diags d = {0};
    load_lessons(o, &set, &d);
    char **owned = NULL;
    char **po = o->po;
    int npo = o->npo;
    if (!npo)
        po = owned = NULL, npo = default_po_files(&owned), po = owned;
    Po **loaded = xcalloc((size_t)npo + 1, sizeof *loaded);
    for (int i = 0; i < npo; i++) {
        loaded[i] = po_load(po[i], &d);
        if (loaded[i])
            pot_check_translations(&set, loaded[i], &d);
    }
    if (o->cues)
        print_cues(o, &set, loaded, npo, &d);
    for (int i = 0; i < npo; i++)
        po_free(loaded[i]);
    free(loaded);
    for (int i = 0; i < d.count; i++)
        printf("%s\n", d.items[i]);
    int texts = 0;
    for (int i = 0; i < set.count; i++)
        texts += set.items[i]->ntexts;
    if (d.count)
        fprintf(stderr,
                ngettext("%d problem found.\n", "%d problems found.\n",
                         (unsigned long)d.count),
                d.count);
    else
        fprintf(stderr,
                _("No problems (lessons: %d, strings: %d, "
                  "translations checked: %d).\n"),
                set.count, texts, npo);
    int status = d.count ? 1 : 0;
    for (int i = 0; owned && i < npo; i++)
        free(owned[i]);
    free(owned);
    lessonset_free(&set);
    diags_free(&d);
    return status;
}

int cmd_extract_lessons(const Options *o)
{
    LessonSet set = {0};
    Diags d = {0};
    load_lessons(o, &set, &d);
    for (int i = 0; i < d.count; i++)
        fprintf(stderr, "%s\n", d.items[i]);
    StrBuf out = {0};
    pot_write_lessons(&out, &set);
    if (out.len)
        fwrite(out.data, 1, out.len, stdout);
    int status = d.count ? 1 : 0;
    free(out.data);
    lessonset_free(&set);
    diags_free(&d);
    return status;
}
