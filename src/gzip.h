/**
 * @file gzip.h
 * @brief A page compressed once, as gzip (RFC 1952), for the render
 *        cache to send as-is to clients that accept it.
 */
#ifndef LANDING_GZIP_H
#define LANDING_GZIP_H

#include <apr.h>
#include <apr_errno.h>

/**
 * @p len bytes at @p data, gzipped at zlib's default level (6, as
 * mod_deflate's DeflateCompressionLevel), into a buffer from malloc(3)
 * that the caller frees. APR_ENOMEM when memory ran out, APR_EGENERAL
 * when zlib failed otherwise; @p out is then NULL.
 */
apr_status_t landing_gzip(const char *data, apr_size_t len, char **out,
                          apr_size_t *out_len);

/**
 * Does an Accept-Encoding field value take gzip? It names "gzip" (or the
 * old "x-gzip") with a q above 0, case aside (RFC 9110 12.5.3). NULL (no
 * field) and "*" alone do not: as for mod_deflate, a client must name
 * gzip to get it.
 */
int landing_gzip_accepted(const char *accept_encoding);

#endif
