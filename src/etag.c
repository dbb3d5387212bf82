/* The ETags of rendered pages: see etag.h. */
#include <string.h>
#include <apr_lib.h>
#include <apr_strings.h>

#include "etag.h"

/* The length of a page ETag's opaque part: 'L' and 16 hex digits. */
#define PAGE_TAG_LEN 17

/* The suffixes of httpd's content coding filters (mod_deflate's
 * deflate_check_etag, mod_brotli's): '-' and the coding's name. */
static const char *const codings[] = { "-gzip", "-br" };

/* Is @p s (@p len bytes, between the quotes) a page tag with a coding
 * suffix? Returns the suffix's length, or 0. */
static apr_size_t coded_page_tag(const char *s, apr_size_t len)
{
    apr_size_t i, k;

    if (len <= PAGE_TAG_LEN || s[0] != 'L') {
        return 0;
    }
    for (i = 1; i < PAGE_TAG_LEN; i++) {
        if (!apr_isxdigit(s[i])) {
            return 0;
        }
    }
    for (k = 0; k < sizeof(codings) / sizeof(codings[0]); k++) {
        apr_size_t n = strlen(codings[k]);
        if (len == PAGE_TAG_LEN + n
            && memcmp(s + PAGE_TAG_LEN, codings[k], n) == 0) {
            return n;
        }
    }
    return 0;
}

const char *landing_etag_strip_coding(apr_pool_t *p, const char *inm)
{
    char *out, *o;
    const char *s = inm;
    int changed = 0;

    if (inm == NULL || strchr(inm, '-') == NULL) {
        return NULL;
    }
    out = o = apr_palloc(p, strlen(inm) + 1);
    while (*s) {
        const char *q, *end;
        apr_size_t cut;

        /* Copy up to the next opening quote (commas, spaces, "W/"). */
        if (*s != '"') {
            *o++ = *s++;
            continue;
        }
        q = s + 1;
        end = strchr(q, '"');
        if (end == NULL) {
            break;              /* an unterminated tag: copied as it is */
        }
        cut = coded_page_tag(q, (apr_size_t)(end - q));
        memcpy(o, s, (apr_size_t)(end - s) - cut);
        o += (apr_size_t)(end - s) - cut;
        *o++ = '"';
        changed |= cut != 0;
        s = end + 1;
    }
    strcpy(o, s);
    return changed ? out : NULL;
}

const char *landing_etag_coded_match(apr_pool_t *p, const char *inm,
                                     const char *etag)
{
    apr_size_t k, n;

    if (inm == NULL || etag == NULL || (n = strlen(etag)) < 2
        || etag[0] != '"' || etag[n - 1] != '"') {
        return NULL;
    }
    for (k = 0; k < sizeof(codings) / sizeof(codings[0]); k++) {
        /* "L...-gzip", then found as a whole tag in the list. */
        char *coded = apr_pstrcat(p, apr_pstrndup(p, etag, n - 1),
                                  codings[k], "\"", NULL);
        const char *at = inm;
        apr_size_t cn = strlen(coded);
        while ((at = strstr(at, coded)) != NULL) {
            char before = at == inm ? ',' : at[-1];
            if (before == ',' || before == ' ' || before == '/'
                || before == '\t') {
                return coded;
            }
            at += cn;
        }
    }
    return NULL;
}

const char *landing_etag_with_coding(apr_pool_t *p, const char *etag,
                                     const char *coding)
{
    apr_size_t n = strlen(etag);

    if (n < 2 || etag[n - 1] != '"') {
        return etag;
    }
    return apr_pstrcat(p, apr_pstrmemdup(p, etag, n - 1), "-", coding, "\"",
                       NULL);
}
