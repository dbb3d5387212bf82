/* Is a body valid UTF-8 (utf8.h)? */
#include <string.h>
#include <utf8proc.h>

#include "utf8.h"

#define HIGH_BITS 0x8080808080808080ULL

int landing_utf8_valid(const char *s, apr_size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *end = p + len;

    while (p < end) {
        utf8proc_ssize_t n;
        utf8proc_int32_t cp;
        /* Most of a page is ASCII: eight bytes at a time. */
        while (end - p >= 8) {
            apr_uint64_t w;
            memcpy(&w, p, sizeof(w));
            if (w & HIGH_BITS) {
                break;
            }
            p += 8;
        }
        while (p < end && *p < 0x80) {
            p++;
        }
        if (p == end) {
            break;
        }
        /* utf8proc's rules are cmark's: no overlong forms, surrogates
         * or code points past U+10FFFF, no sequence cut short. */
        n = utf8proc_iterate(p, end - p, &cp);
        if (n <= 0) {
            return 0;
        }
        p += n;
    }
    return 1;
}
