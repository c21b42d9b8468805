/*
 * test_export.c - the learner's questions for their CISO meeting: the
 * weakest topics first, then the "ask" points of the lessons they
 * finished (of all lessons when none is finished), in Markdown, written
 * to a file only its owner may read (0600 under umask 022, an older,
 * looser file too).
 */
#include "export.h"
#include "i18n.h"

#include "../test.h"

#include <stdlib.h>
#include <sys/stat.h>

static int mode_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (int)(st.st_mode & 0777) : -1;
}

int main(void)
{
    i18n_init(VAKSAM_LOCALE_DIR);
    i18n_set_language("en");
    LessonSet set = {0};
    Diags d = {0};
    char *paths[] = {FIXTURES "/valid.lesson"};
    lessonset_load_files(&set, paths, 1, &d);
    CHECK_INT(set.count, 1);
    TopicLevels lv;
    for (int t = 0; t < TOPIC_COUNT; t++)
        lv.level[t] = -1;
    lv.level[TOPIC_CISO] = 0.4;
    lv.level[TOPIC_INTEGRITY] = 0.9;
    lv.level[TOPIC_SYSTEMATIC] = 0.25;
    bool done[] = {false};
    StrBuf md = {0};
    export_ciso_questions(&md, &set, done, &lv, "anna", "2026-11-29");
    CHECK(strncmp(md.data, "# Questions for my CISO meeting\n", 32) == 0);
    CHECK(strstr(md.data, "Prepared by anna on 2026-11-29 with Vaksam."));
    /* weakest first, unknown topics left out */
    const char *sys = strstr(md.data, "- Systematic work (25 %)");
    const char *ciso = strstr(md.data, "- The CISO (40 %)");
    const char *integ = strstr(md.data, "- Integrity (90 %)");
    CHECK(sys && ciso && integ && sys < ciso && ciso < integ);
    CHECK(!strstr(md.data, "Confidentiality ("));
    /* nothing finished: every lesson's questions */
    CHECK(strstr(md.data, "### Fixture lesson\n\n- [ ] Two?\n"));
    free(md.data);

    /* the finished lesson's questions */
    done[0] = true;
    md = (StrBuf){0};
    export_ciso_questions(&md, &set, done, &lv, "anna", "2026-11-29");
    CHECK(strstr(md.data, "- [ ] Two?"));
    free(md.data);

    /* written to a file, or a clear message when it cannot be */
    md = (StrBuf){0};
    strbuf_append(&md, "x\n", 2);
    VkError err;
    umask(022);
    remove("/tmp/vaksam-test-export.md");
    CHECK(export_write("/tmp/vaksam-test-export.md", &md, &err) == 0);
    CHECK_INT(mode_of("/tmp/vaksam-test-export.md"), 0600);
    CHECK(chmod("/tmp/vaksam-test-export.md", 0644) == 0);
    CHECK(export_write("/tmp/vaksam-test-export.md", &md, &err) == 0);
    CHECK_INT(mode_of("/tmp/vaksam-test-export.md"), 0600);
    CHECK(export_write("/nonexistent-dir/q.md", &md, &err) < 0);
    CHECK(strstr(err.msg, "/nonexistent-dir/q.md: cannot write the file") !=
          NULL);
    remove("/tmp/vaksam-test-export.md");
    free(md.data);
    lessonset_free(&set);
    diags_free(&d);
    return TEST_DONE();
}
