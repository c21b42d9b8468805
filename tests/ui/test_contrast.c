/*
 * test_contrast.c - every colour pair the window draws, in both themes,
 * measured with WCAG 2.1's contrast ratio: text at least 4.5:1 against
 * every background it appears on, and the focus ring readable against every
 * background it can surround (WCAG's 3:1 for a focus indicator): it is two
 * bands that differ from each other by at least 9:1, so that one of them is
 * at least 3:1 against any colour at all (the two-colour technique C40),
 * and each background it meets is checked as well.
 */
#include "theme.h"

#include "../test.h"

#include <math.h>
#include <stdio.h>

static double channel(uint8_t v)
{
    double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double luminance(Color c)
{
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) +
           0.0722 * channel(c.b);
}

static double ratio(Color a, Color b)
{
    double x = luminance(a), y = luminance(b);
    return x > y ? (x + 0.05) / (y + 0.05) : (y + 0.05) / (x + 0.05);
}

static int failures;

static void need(const char *theme, const char *what, Color fg, Color bg,
                 double min)
{
    double r = ratio(fg, bg);
    if (r + 1e-9 < min) {
        printf("%s: %s is %.2f:1, needs %.1f:1\n", theme, what, r, min);
        failures++;
    }
    CHECK(r + 1e-9 >= min);
}

static void check_theme(const char *name, const Theme *t)
{
    /* the backgrounds text is drawn on */
    const struct {
        const char *name;
        Color c;
    } grounds[] = {
        {"background", t->background}, {"surface", t->surface},
        {"surface_alt", t->surface_alt}, {"hover", t->hover},
        {"result_bg wrong", t->result_bg[0]},
        {"result_bg partly", t->result_bg[1]},
        {"result_bg correct", t->result_bg[2]},
    };
    const struct {
        const char *name;
        Color c;
    } inks[] = {
        {"text", t->text},       {"text_muted", t->text_muted},
        {"accent", t->accent},   {"correct", t->correct},
        {"partly", t->partly},   {"wrong", t->wrong},
    };
    char what[128];
    for (size_t i = 0; i < sizeof inks / sizeof *inks; i++)
        for (size_t g = 0; g < sizeof grounds / sizeof *grounds; g++) {
            snprintf(what, sizeof what, "%s on %s", inks[i].name,
                     grounds[g].name);
            need(name, what, inks[i].c, grounds[g].c, 4.5);
        }
    need(name, "accent_text on accent", t->accent_text, t->accent, 4.5);

    /* the ring's two bands against each other, and against everything
     * it can surround: pages, cards, buttons, results, meters, the
     * dashboard's scale, hidden cells */
    need(name, "focus against focus_inner", t->focus, t->focus_inner, 9.0);
    Color around[32];
    int n = 0;
    for (size_t g = 0; g < sizeof grounds / sizeof *grounds; g++)
        around[n++] = grounds[g].c;
    around[n++] = t->accent;
    around[n++] = t->border;
    around[n++] = t->meter_track;
    around[n++] = t->suppressed;
    for (int i = 0; i < 5; i++)
        around[n++] = t->scale[i];
    for (int i = 0; i < 4; i++)
        around[n++] = t->meter[i];
    for (int i = 0; i < n; i++) {
        double best = fmax(ratio(t->focus, around[i]),
                           ratio(t->focus_inner, around[i]));
        if (best < 3.0) {
            printf("%s: the focus ring against #%02X%02X%02X is %.2f:1\n",
                   name, around[i].r, around[i].g, around[i].b, best);
            failures++;
        }
        CHECK(best >= 3.0);
    }
}

int main(void)
{
    /* the ratio itself: black on white is 21:1, a colour on itself 1:1 */
    CHECK(fabs(ratio((Color){0, 0, 0, 255}, (Color){255, 255, 255, 255}) -
               21.0) < 1e-6);
    CHECK(fabs(ratio((Color){90, 90, 90, 255}, (Color){90, 90, 90, 255}) -
               1.0) < 1e-9);
    check_theme("calm", theme_get(false));
    check_theme("high contrast", theme_get(true));
    printf("%d pairs below their minimum\n", failures);
    return TEST_DONE();
}
