/*
 * test_i18n.c - Swedish on a machine with no Swedish locale: the program's
 * strings and the lessons' strings come out in Swedish, the language can
 * be switched at run time in both directions, and the environment decides
 * when nothing is forced.
 */
#include "i18n.h"
#include "lesson.h"
#include "topic.h"

#include "../test.h"

#include <locale.h>
#include <stdlib.h>

int main(void)
{
    setenv("LANG", "C", 1);
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    unsetenv("LANGUAGE");
    if (setlocale(LC_ALL, "sv_SE.UTF-8"))
        printf("note: this machine has a Swedish locale; the test still "
               "forces the language through LANGUAGE only\n");
    setlocale(LC_ALL, "C");
    i18n_init(VAKSAM_LOCALE_DIR);

    const char *codes[I18N_MAX_LANGS];
    int n = i18n_languages(codes, I18N_MAX_LANGS);
    CHECK(n >= 2);
    CHECK_STR(codes[0], "en");
    CHECK_STR(i18n_language_name("sv"), "Svenska");

    /* nothing forced, LANG=C: English */
    CHECK(i18n_set_language(NULL));
    CHECK_STR(i18n_language(), "en");
    CHECK_STR(_("Continue"), "Continue");

    Diags d = {0};
    Lesson *l = lesson_load(VAKSAM_LESSONS_DIR "/who-owns-the-risk.lesson", &d);
    CHECK(l != NULL);
    diags_free(&d);
    if (!l)
        return TEST_DONE();
    CHECK_STR(lesson_tr(&l->title), "Who owns the risk?");

    /* --lang sv */
    CHECK(i18n_set_language("sv"));
    CHECK_STR(i18n_language(), "sv");
    CHECK_STR(_("Continue"), "Fortsätt");
    CHECK_STR(topic_label(TOPIC_INTEGRITY), "Riktighet");
    CHECK_STR(meter_label(METER_AVAILABILITY), "Tillgänglighet");
    CHECK_STR(lesson_tr(&l->title), "Vem äger risken?");
    /* every sentence of the lesson comes out in Swedish (single words
     * such as "September" may be the same in both) */
    int same = 0;
    for (int i = 0; i < l->ntexts; i++)
        same += strchr(l->texts[i]->src, ' ') &&
                strcmp(lesson_tr(l->texts[i]), l->texts[i]->src) == 0;
    CHECK_INT(same, 0);

    /* switching back at run time drops glibc's cached translations */
    CHECK(i18n_set_language("en"));
    CHECK_STR(_("Continue"), "Continue");
    CHECK_STR(lesson_tr(&l->title), "Who owns the risk?");
    CHECK(i18n_set_language("sv"));
    CHECK_STR(_("Continue"), "Fortsätt");

    /* a language without a catalog is refused and changes nothing */
    CHECK(!i18n_set_language("xx"));
    CHECK_STR(i18n_language(), "sv");

    /* the environment: LANG with a locale that is not installed */
    setenv("LANG", "sv_SE.UTF-8", 1);
    CHECK(i18n_set_language(NULL));
    CHECK_STR(i18n_language(), "sv");
    CHECK_STR(_("Continue"), "Fortsätt");
    /* LANGUAGE's list: the first language we have */
    setenv("LANGUAGE", "de:sv:en", 1);
    CHECK(i18n_set_language(NULL));
    CHECK_STR(i18n_language(), "sv");
    setenv("LANGUAGE", "en_GB", 1);
    CHECK(i18n_set_language(NULL));
    CHECK_STR(i18n_language(), "en");

    lesson_free(l);
    return TEST_DONE();
}
