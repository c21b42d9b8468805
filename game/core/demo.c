/*
 * demo.c - the demo organisation (see demo.h).
 */
#include "demo.h"

#include "i18n.h"

int demo_seed_if_empty(Store *s, bool *created, VkError *err)
{
    const UnitSeed units[] = {
        {_("Demo Municipality"), -1},
        {_("Management"), 0},
        {_("Finance"), 0},
        {_("Human resources"), 0},
        {_("IT"), 0},
        {_("Social services"), 0},
        {_("Elderly care"), 5},
        {_("Individual and family care"), 5},
        {_("Urban planning"), 0},
    };
    return store_seed_units(s, units, (int)(sizeof units / sizeof units[0]),
                            created, err);
}
