#ifndef CONCORD_CCURL_SHIM_H
#define CONCORD_CCURL_SHIM_H
#include <curl/curl.h>
#endif
