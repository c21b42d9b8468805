/*
 * curl_load.h - libcurl, opened when `vaksam xapi send` first needs it
 * rather than linked: linked, it and the TLS, HTTP/2, Kerberos and LDAP
 * libraries it brings would cost every start of the trainer some 10 ms
 * before its first frame, for a command an administrator runs now and
 * then. cli_xapi.c includes this instead of <curl/curl.h> and calls
 * curl_load first; the libcurl names it uses go through the table.
 */
#ifndef VAKSAM_CURL_LOAD_H
#define VAKSAM_CURL_LOAD_H

#include "util.h"

#define CURL_DISABLE_TYPECHECK /* its checks are macros of the real names */
#include <curl/curl.h>
#include <stdbool.h>

#define VK_CURL_FUNCTIONS(X)                                                   \
    X(curl_global_init)                                                        \
    X(curl_global_cleanup)                                                     \
    X(curl_easy_init)                                                          \
    X(curl_easy_cleanup)                                                       \
    X(curl_easy_setopt)                                                        \
    X(curl_easy_perform)                                                       \
    X(curl_easy_getinfo)                                                       \
    X(curl_easy_strerror)                                                      \
    X(curl_slist_append)                                                       \
    X(curl_slist_free_all)

typedef struct CurlApi {
#define VK_CURL_FIELD(name) __typeof__(name) *name;
    VK_CURL_FUNCTIONS(VK_CURL_FIELD)
#undef VK_CURL_FIELD
} CurlApi;

extern CurlApi vk_curl;

/* Opens libcurl once; false with err (what to install) when it cannot. */
bool curl_load(VkError *err);

#ifndef VK_CURL_TABLE /* curl_load.c fills the table under the real names */
#undef curl_easy_setopt  /* curl.h's own: the same call, checked for */
#undef curl_easy_getinfo /* three arguments */
#define curl_global_init (vk_curl.curl_global_init)
#define curl_global_cleanup (vk_curl.curl_global_cleanup)
#define curl_easy_init (vk_curl.curl_easy_init)
#define curl_easy_cleanup (vk_curl.curl_easy_cleanup)
#define curl_easy_setopt (vk_curl.curl_easy_setopt)
#define curl_easy_perform (vk_curl.curl_easy_perform)
#define curl_easy_getinfo (vk_curl.curl_easy_getinfo)
#define curl_easy_strerror (vk_curl.curl_easy_strerror)
#define curl_slist_append (vk_curl.curl_slist_append)
#define curl_slist_free_all (vk_curl.curl_slist_free_all)
#endif

#endif
