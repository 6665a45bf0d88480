#ifndef TAGPULSE_CCURL_SHIM_H
#define TAGPULSE_CCURL_SHIM_H
#include <curl/curl.h>
#endif
