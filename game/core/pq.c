/*
 * pq.c - opens libpq for the PostgreSQL store (see pq.h).
 */
#define VK_PQ_TABLE
#include "pq.h"

#include "i18n.h"

#include <dlfcn.h>
#include <pthread.h>
#include <string.h>

PqApi vk_pq;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static bool loaded;
static char why[512];

static void load(void)
{
    void *lib = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        snprintf(why, sizeof why, "%s", dlerror());
        return;
    }
    void *f;
#define VK_PQ_LOAD(name)                                                       \
    if (!(f = dlsym(lib, #name))) {                                            \
        snprintf(why, sizeof why, "libpq.so.5 has no %s", #name);              \
        return;                                                                \
    }                                                                          \
    memcpy(&vk_pq.name, &f, sizeof f); /* POSIX: a function's address */
    VK_PQ_FUNCTIONS(VK_PQ_LOAD)
#undef VK_PQ_LOAD
    loaded = true;
}

bool pq_load(VkError *err)
{
    pthread_once(&once, load);
    if (!loaded)
        vk_error_set(err,
                     _("cannot use a PostgreSQL database: %s (install the "
                       "Debian package libpq5)"),
                     why);
    return loaded;
}
