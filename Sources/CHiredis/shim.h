#ifndef TAGPULSE_CHIREDIS_SHIM_H
#define TAGPULSE_CHIREDIS_SHIM_H
// hiredis's protocol reader (redisReader) is all TagPulse uses: the I/O is SwiftNIO's.
#include <hiredis/read.h>
#include <hiredis/hiredis.h>
#endif
