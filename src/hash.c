/*
 * Multiply-rotate over 8-byte words with a 64-bit avalanche at the end.
 * It runs at several GB/s, so hashing a body costs little next to cmark.
 */
#include <string.h>

#include "hash.h"

#define K1 0x9E3779B97F4A7C15ULL
#define K2 0xC2B2AE3D27D4EB4FULL
#define K3 0x165667B19E3779F9ULL

static apr_uint64_t rotl(apr_uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

static apr_uint64_t mix(apr_uint64_t h, apr_uint64_t w)
{
    h ^= rotl(w * K2, 31) * K1;
    return rotl(h, 27) * K1 + K3;
}

static apr_uint64_t avalanche(apr_uint64_t h)
{
    h ^= h >> 33;
    h *= K2;
    h ^= h >> 29;
    h *= K3;
    h ^= h >> 32;
    return h;
}

apr_uint64_t landing_hash(apr_uint64_t h, const void *data, apr_size_t len)
{
    const unsigned char *p = data;
    apr_uint64_t w;

    h ^= (apr_uint64_t)len * K1;
    while (len >= 8) {
        memcpy(&w, p, 8);    /* unaligned-safe; compiles to one load */
        h = mix(h, w);
        p += 8;
        len -= 8;
    }
    if (len) {
        w = 0;
        memcpy(&w, p, len);
        h = mix(h, w ^ ((apr_uint64_t)len << 56));
    }
    return avalanche(h);
}

apr_uint64_t landing_hash_str(apr_uint64_t h, const char *s)
{
    if (s == NULL) {
        s = "";
    }
    return landing_hash(h, s, strlen(s) + 1);
}

apr_uint64_t landing_hash_u64(apr_uint64_t h, apr_uint64_t v)
{
    return avalanche(mix(h, v));
}
