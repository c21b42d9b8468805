/*
 * curl_load.c - opens libcurl for `xapi send` (see curl_load.h).
 */
#define VK_CURL_TABLE
#include "curl_load.h"

#include "i18n.h"

#include <dlfcn.h>
#include <string.h>

CurlApi vk_curl;

bool curl_load(VkError *err)
{
    static bool tried, loaded;
    static char why[512];
    if (!tried) {
        tried = true;
        void *lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
        if (!lib)
            snprintf(why, sizeof why, "%s", dlerror());
        void *f = NULL;
        bool all = lib != NULL;
#define VK_CURL_LOAD(name)                                                     \
    if (all && !(f = dlsym(lib, #name))) {                                     \
        snprintf(why, sizeof why, "libcurl.so.4 has no %s", #name);            \
        all = false;                                                           \
    }                                                                          \
    if (all)                                                                   \
        memcpy(&vk_curl.name, &f, sizeof f); /* POSIX: a function's address */
        VK_CURL_FUNCTIONS(VK_CURL_LOAD)
#undef VK_CURL_LOAD
        loaded = all;
    }
    if (!loaded)
        vk_error_set(err,
                     _("cannot send to a learning record store: %s (install "
                       "the Debian package libcurl4)"),
                     why);
    return loaded;
}
