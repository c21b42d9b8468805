/*
 * test_coverage.c - the course teaches every knowledge point of
 * CONTENT.md: the coverage table in lessons/README.md maps each point 1-27
 * (1-22 from the brochure, 23-27 what the course adds since)
 * to the decision scenes that test it, and every scene it names must
 * exist in its lesson and be a decision. Also: the quiz pools have enough
 * questions for every topic.
 */
#include "lesson.h"

#include "../test.h"

#include <ctype.h>
#include <stdlib.h>

enum { POINTS = 27, MIN_QUESTIONS = 60, MIN_PER_TOPIC = 8 };

static LessonSet all;

/* Splits a table row "| a | b | c |" into at most n trimmed cells. */
static int cells(char *row, char **out, int n)
{
    int k = 0;
    char *p = strchr(row, '|');
    while (p && k < n) {
        char *start = p + 1;
        p = strchr(start, '|');
        if (!p)
            break;
        *p = '\0';
        while (isspace((unsigned char)*start))
            start++;
        char *end = start + strlen(start);
        while (end > start && isspace((unsigned char)end[-1]))
            *--end = '\0';
        out[k++] = start;
    }
    return k;
}

static void test_table(void)
{
    size_t len;
    char *text = read_file(VAKSAM_LESSONS_DIR "/README.md", &len, NULL);
    CHECK(text != NULL);
    if (!text)
        return;
    char *sec = strstr(text, "\n## Coverage");
    CHECK(sec != NULL);
    bool covered[POINTS + 1] = {false};
    int rows = 0;
    for (char *line = sec ? strtok(sec + 1, "\n") : NULL; line;
         line = strtok(NULL, "\n")) {
        if (line[0] == '#' && line[1] == '#' && line != sec + 1)
            break; /* the next section */
        char *c[4];
        if (line[0] != '|' || cells(line, c, 4) != 4 ||
            !isdigit((unsigned char)c[0][0]))
            continue;
        rows++;
        int point = atoi(c[0]);
        CHECK(point >= 1 && point <= POINTS);
        int li = lessonset_find(&all, c[2]);
        if (li < 0) {
            fprintf(stderr, "point %d: no lesson '%s'\n", point, c[2]);
            CHECK(li >= 0);
            continue;
        }
        const Lesson *l = all.items[li];
        int decisions = 0;
        /* scene ids are separated by spaces or commas */
        char *save = NULL;
        for (char *id = strtok_r(c[3], " ,`", &save); id;
             id = strtok_r(NULL, " ,`", &save)) {
            int si = lesson_find_scene(l, id);
            if (si < 0 || !scene_is_decision(&l->scenes[si])) {
                fprintf(stderr, "point %d: '%s' is not a decision of %s\n",
                        point, id, l->id);
                CHECK(!"a listed scene is not a decision");
                continue;
            }
            decisions++;
        }
        if (decisions > 0 && point >= 1 && point <= POINTS)
            covered[point] = true;
    }
    for (int p = 1; p <= POINTS; p++) {
        if (!covered[p])
            fprintf(stderr, "knowledge point %d has no decision\n", p);
        CHECK(covered[p]);
    }
    CHECK(rows >= POINTS);
    free(text);
}

static void test_pools(void)
{
    int per_topic[TOPIC_COUNT] = {0}, total = 0, lessons = 0;
    for (int i = 0; i < all.count; i++) {
        const Lesson *l = all.items[i];
        if (!l->quiz) {
            lessons++;
            continue;
        }
        for (int s = 0; s < l->nscenes; s++) {
            per_topic[l->scenes[s].topic]++;
            total++;
        }
    }
    printf("%d lessons, %d quiz questions\n", lessons, total);
    CHECK(lessons >= 8);
    CHECK(total >= MIN_QUESTIONS);
    for (int t = 0; t < TOPIC_COUNT; t++) {
        printf("  %s: %d\n", topic_id((Topic)t), per_topic[t]);
        CHECK(per_topic[t] >= MIN_PER_TOPIC);
    }
}

int main(void)
{
    Diags d = {0};
    lessonset_load_dir(&all, VAKSAM_LESSONS_DIR, &d);
    for (int i = 0; i < d.count; i++)
        fprintf(stderr, "%s\n", d.items[i]);
    CHECK_INT(d.count, 0);
    diags_free(&d);
    test_table();
    test_pools();
    lessonset_free(&all);
    return TEST_DONE();
}
