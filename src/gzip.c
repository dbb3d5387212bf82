/* gzip in one call, with zlib. */
#include <stdlib.h>
#include <string.h>
#include <apr_lib.h>
#include <apr_strings.h>
#include <zlib.h>

#include "gzip.h"

apr_status_t landing_gzip(const char *data, apr_size_t len, char **out,
                          apr_size_t *out_len)
{
    z_stream z = { 0 };
    uLong bound;
    char *buf;
    int rc;

    *out = NULL;
    *out_len = 0;
    if (len > (apr_size_t)UINT_MAX) {
        return APR_EGENERAL;     /* one deflate() call takes a uInt */
    }
    /* windowBits 15 + 16: the gzip wrapper, not zlib's. */
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK) {
        return APR_ENOMEM;
    }
    bound = deflateBound(&z, (uLong)len);
    buf = malloc(bound);
    if (buf == NULL) {
        deflateEnd(&z);
        return APR_ENOMEM;
    }
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)buf;
    z.avail_out = (uInt)bound;
    rc = deflate(&z, Z_FINISH);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        free(buf);
        return APR_EGENERAL;
    }
    *out = buf;
    *out_len = (apr_size_t)z.total_out;
    return APR_SUCCESS;
}

/* Is the q of a list member, from @p s to @p end (its parameters), 0? */
static int q_zero(const char *s, const char *end)
{
    while (s < end) {
        const char *semi = memchr(s, ';', (apr_size_t)(end - s));
        s = semi ? semi + 1 : end;
        while (s < end && (*s == ' ' || *s == '\t')) {
            s++;
        }
        if (end - s >= 2 && apr_tolower(s[0]) == 'q' && s[1] == '=') {
            /* "0", "0.", "0.0", up to three zeros: RFC 9110 12.4.2. */
            s += 2;
            if (s == end || *s != '0') {
                return 0;
            }
            for (s++; s < end && (*s == '.' || *s == '0'); s++) {
            }
            return s == end || *s == ' ' || *s == '\t' || *s == ';';
        }
    }
    return 0;
}

int landing_gzip_accepted(const char *ae)
{
    const char *s = ae;

    while (s && *s) {
        const char *end = s + strcspn(s, ",");
        const char *tok = s, *tend;
        apr_size_t n;

        while (tok < end && (*tok == ' ' || *tok == '\t')) {
            tok++;
        }
        tend = tok;
        while (tend < end && *tend != ';' && *tend != ' ' && *tend != '\t') {
            tend++;
        }
        n = (apr_size_t)(tend - tok);
        if (((n == 4 && strncasecmp(tok, "gzip", 4) == 0)
             || (n == 6 && strncasecmp(tok, "x-gzip", 6) == 0))
            && !q_zero(tend, end)) {
            return 1;
        }
        s = *end ? end + 1 : end;
    }
    return 0;
}
