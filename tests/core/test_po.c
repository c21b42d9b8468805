/*
 * test_po.c - the PO reader that check-lessons uses: which entries count
 * as translated, and a broken file reported with its line.
 */
#include "po.h"

#include "../test.h"

int main(void)
{
    Diags d = {0};
    Po *po = po_load(FIXTURES "/sample.po", &d);
    CHECK(po != NULL);
    CHECK_INT(d.count, 0);
    if (po) {
        CHECK_STR(po_language(po), "sv");
        CHECK(po_translated(po, NULL, "Continue"));
        CHECK(!po_translated(po, NULL, "Quit")); /* fuzzy */
        CHECK(!po_translated(po, NULL, "Untranslated"));
        CHECK(!po_translated(po, NULL, "Missing"));
        CHECK(po_translated(po, "fixture/one/text",
                            "A narrative start that continues here."));
        CHECK(
            !po_translated(po, NULL, "A narrative start that continues here."));
        CHECK(!po_translated(po, "fixture/two/text",
                             "A narrative start that continues here."));
        CHECK(po_translated(po, NULL, "%d problem found."));
        CHECK(po_translated(po, NULL, "Say \"hi\"\n"));
        CHECK(!po_translated(po, NULL, "Old")); /* obsolete */
    }
    po_free(po);

    po = po_load(FIXTURES "/broken.po", &d);
    CHECK(po == NULL);
    CHECK_INT(d.count, 1);
    if (d.count)
        CHECK_STR(d.items[0], FIXTURES "/broken.po:6: bad string: expected "
                                       "text in double quotes");
    diags_free(&d);
    return TEST_DONE();
}
