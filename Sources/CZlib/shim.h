#ifndef TAGPULSE_CZLIB_SHIM_H
#define TAGPULSE_CZLIB_SHIM_H
// zlib inflates the shipped corpus (gzip-compressed upstream pages).
#include <zlib.h>
#endif
