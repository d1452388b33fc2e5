#ifndef CONCORD_CCURL_SHIM_H
#define CONCORD_CCURL_SHIM_H

// The type-checking macros in <curl/typecheck-gcc.h> only make sense for literal options; the
// wrappers below pass the option through a variable, so turn them off.
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

// Swift cannot call C variadic functions, and curl_easy_setopt / curl_easy_getinfo /
// curl_multi_setopt are variadic. Each wrapper fixes the type of the third argument, which is
// what libcurl reads with va_arg for that option class (long, pointer, curl_off_t, callback).

static inline CURLcode concord_curl_global_init(void) {
    return curl_global_init(CURL_GLOBAL_DEFAULT);
}

static inline CURLcode concord_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode concord_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode concord_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode concord_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode concord_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

/// For CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION, which share this signature.
static inline CURLcode concord_curl_easy_setopt_write_callback(CURL *handle, CURLoption option,
                                                               curl_write_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode concord_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode concord_curl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode concord_curl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode concord_curl_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return curl_multi_setopt(handle, option, value);
}

#endif
