/* Is a body valid UTF-8 (utf8.h)? */
#include <string.h>

#include "utf8.h"

#define HIGH_BITS 0x8080808080808080ULL

/* The length of the sequence @p p starts, within @p left bytes: 1 to 4
 * when it is valid, 0 when it is not. */
static int sequence(const unsigned char *p, apr_size_t left)
{
    unsigned char c = p[0];
    int n;

    if (c < 0x80) {
        return 1;
    }
    if (c < 0xC2 || c > 0xF4) {
        /* A continuation byte, an overlong lead (C0, C1), or past
         * U+10FFFF (F5 and up). */
        return 0;
    }
    n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (left < (apr_size_t)n || (p[1] & 0xC0) != 0x80
        || (n > 2 && (p[2] & 0xC0) != 0x80)
        || (n > 3 && (p[3] & 0xC0) != 0x80)) {
        return 0;
    }
    if ((c == 0xE0 && p[1] < 0xA0)      /* overlong */
        || (c == 0xED && p[1] >= 0xA0)  /* a surrogate */
        || (c == 0xF0 && p[1] < 0x90)   /* overlong */
        || (c == 0xF4 && p[1] >= 0x90)) /* past U+10FFFF */ {
        return 0;
    }
    return n;
}

int landing_utf8_valid(const char *s, apr_size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *end = p + len;

    while (p < end) {
        int n;
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
        n = sequence(p, (apr_size_t)(end - p));
        if (n == 0) {
            return 0;
        }
        p += n;
    }
    return 1;
}
