/*
 * export.c - the learner's CISO questions as Markdown (see export.h).
 */
#include "export.h"

#include "i18n.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

enum { WEAK_TOPICS = 3 };

void export_ciso_questions(StrBuf *out, const LessonSet *course,
                           const bool *done, const TopicLevels *levels,
                           const char *login, const char *date)
{
    strbuf_printf(out, "# %s\n\n", _("Questions for my CISO meeting"));
    strbuf_printf(out, _("Prepared by %s on %s with Vaksam."), login, date);
    strbuf_append(out, "\n\n", 2);

    /* the weakest topics first: where a conversation helps most */
    int order[TOPIC_COUNT], n = 0;
    for (int t = 0; t < TOPIC_COUNT; t++)
        if (levels->level[t] >= 0)
            order[n++] = t;
    for (int i = 1; i < n; i++)
        for (int j = i;
             j > 0 && levels->level[order[j]] < levels->level[order[j - 1]];
             j--) {
            int x = order[j];
            order[j] = order[j - 1];
            order[j - 1] = x;
        }
    if (n > 0) {
        strbuf_printf(out, "## %s\n\n", _("Where I want to know more"));
        for (int i = 0; i < n && i < WEAK_TOPICS; i++)
            /* TRANSLATORS: a Markdown list item: a topic and its level */
            strbuf_printf(out, _("- %s (%d %%)\n"),
                          topic_label((Topic)order[i]),
                          (int)(levels->level[order[i]] * 100 + 0.5));
        strbuf_append(out, "\n", 1);
    }

    bool any = false;
    for (int i = 0; i < course->count; i++)
        any |= done[i];
    strbuf_printf(out, "## %s\n", _("Questions to ask"));
    for (int i = 0; i < course->count; i++) {
        const Lesson *l = course->items[i];
        if ((any && !done[i]) || l->nasks == 0)
            continue;
        strbuf_printf(out, "\n### %s\n\n", lesson_tr(&l->title));
        for (int a = 0; a < l->nasks; a++)
            strbuf_printf(out, "- [ ] %s\n", lesson_tr(&l->asks[a]));
    }
}

int export_write(const char *path, const StrBuf *text, VkError *err)
{
    FILE *f = fopen_private(path);
    if (!f || fwrite(text->data, 1, text->len, f) != text->len) {
        vk_error_set(err, _("%s: cannot write the file: %s"), path,
                     strerror(errno));
        if (f)
            fclose(f);
        return -1;
    }
    if (fclose(f) != 0) {
        vk_error_set(err, _("%s: cannot write the file: %s"), path,
                     strerror(errno));
        return -1;
    }
    return 0;
}
