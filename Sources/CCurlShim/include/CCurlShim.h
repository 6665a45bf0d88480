#ifndef TAGPULSE_CCURLSHIM_H
#define TAGPULSE_CCURLSHIM_H
#include <curl/curl.h>

// curl_easy_setopt and curl_easy_getinfo are C variadics, which Swift cannot call.
// These typed wrappers are the whole shim: one per argument type libcurl takes.
CURLcode tp_curl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode tp_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode tp_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode tp_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode tp_curl_easy_setopt_write_callback(CURL *handle, size_t (*callback)(char *, size_t, size_t, void *));
CURLcode tp_curl_easy_setopt_header_callback(CURL *handle, size_t (*callback)(char *, size_t, size_t, void *));
CURLcode tp_curl_easy_setopt_xferinfo_callback(CURL *handle, int (*callback)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t));
CURLcode tp_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode tp_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode tp_curl_easy_getinfo_double(CURL *handle, CURLINFO info, double *value);
#endif
