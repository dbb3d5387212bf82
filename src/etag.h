/**
 * @file etag.h
 * @brief The ETags of rendered pages, and the suffixes that a content
 *        coding filter adds to them.
 *
 * mod_deflate (DeflateAlterETag AddSuffix, its default) and mod_brotli
 * send a compressed page's ETag with "-gzip" or "-br" before the closing
 * quote, so that the compressed and the plain bytes have different
 * strong validators (RFC 9110 8.8.3). A client revalidates with that
 * tag. httpd compares If-None-Match with the ETag before the coding
 * filter runs, so the suffixed tag never matches and the client gets a
 * 200 with the same page again. For the module's own page ETags, the
 * suffix is taken off before the comparison: the page is the same page,
 * and its 304 carries the suffixed tag again.
 */
#ifndef LANDING_ETAG_H
#define LANDING_ETAG_H

#include <apr_pools.h>

/**
 * @p inm (an If-None-Match field value) with the "-gzip" or "-br" suffix
 * taken off every entity tag that is a page ETag of the module
 * ("L" and 16 hex digits, strong or weak). Other tags, "*" and the list's
 * other text are kept as they are.
 *
 * @return a new string from @p p, or NULL when nothing was changed.
 */
const char *landing_etag_strip_coding(apr_pool_t *p, const char *inm);

/**
 * The ETag that a client holding the compressed page sent: @p etag (a
 * page's ETag, quoted) with a coding suffix, when @p inm (If-None-Match
 * as the client sent it) names it so, strong or weak. A 304 sends it
 * back as the page's ETag, since a coding filter adds nothing to a
 * response without a body.
 *
 * @return the suffixed tag, from @p p, or NULL.
 */
const char *landing_etag_coded_match(apr_pool_t *p, const char *inm,
                                     const char *etag);

/**
 * @p etag (quoted, strong or weak) with "-" and @p coding added before
 * its closing quote, as mod_deflate (DeflateAlterETag AddSuffix) gives
 * the compressed page: for the cache's gzipped copy.
 *
 * @return a new string from @p p; @p etag itself when it has no quotes.
 */
const char *landing_etag_with_coding(apr_pool_t *p, const char *etag,
                                     const char *coding);

#endif
