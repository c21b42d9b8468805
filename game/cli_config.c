/*
 * cli_config.c - the configuration on the command line: reading the
 * files before any command runs (a bad one stops the program with exit
 * status 2 before anything is opened or written), and `vaksam config
 * show`, which tells IT staff what is in effect and where it came from.
 */
#include "cli.h"

#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int load_config(Options *o)
{
    Diags errors = {0}, warnings = {0};
    int rc = config_load(&o->cfg, o->config_file, &errors, &warnings);
    for (int i = 0; i < warnings.count; i++)
        fprintf(stderr, "%s\n", warnings.items[i]);
    for (int i = 0; i < errors.count; i++)
        fprintf(stderr, "%s\n", errors.items[i]);
    if (rc < 0)
        fprintf(stderr,
                ngettext("vaksam: %d problem in the configuration; nothing "
                         "was opened or changed.\n",
                         "vaksam: %d problems in the configuration; nothing "
                         "was opened or changed.\n",
                         (unsigned long)errors.count),
                errors.count);
    diags_free(&errors);
    diags_free(&warnings);
    if (rc < 0)
        return 2;
    /* the files' language, now that they are known to be good */
    if (o->cfg.lang)
        i18n_set_language(o->cfg.lang);
    return -1;
}

int cmd_config_show(const Options *o)
{
    StrBuf out = {0};
    config_show(&o->cfg, &out);
    fwrite(out.data, 1, out.len, stdout);
    free(out.data);
    return 0;
}
