/**
 * @file url.h
 * @brief What a URL taken from a page or the navigation may be.
 *
 * A "site path" is a path on this site: it starts with one '/'. Browsers
 * read "//host/x" as a link to another host, and "/\host/x" the same way
 * (the WHATWG URL parser takes '\' for '/' in http URLs, after dropping
 * tabs and line breaks), so neither is a site path.
 */
#ifndef LANDING_URL_H
#define LANDING_URL_H

#include <apr_pools.h>

/** Is @p s a path on this site: '/' and then neither '/' nor '\',
 *  whatever tabs or line breaks come between? */
int landing_url_is_site_path(const char *s);

/** The length of the scheme @p s starts with ("mailto" in
 *  "mailto:x", RFC 3986 3.1: a letter, then letters, digits, '+', '-'
 *  and '.', then ':'), or 0 when it starts with none. */
apr_size_t landing_url_scheme(const char *s);

/** Is @p s a web address: http:// or https:// (any case), or a site
 *  path? */
int landing_url_is_web(const char *s);

/**
 * @p path as a site path: a path that starts with more than one '/' or
 * '\' (a request path, with MergeSlashes Off) starts with one '/'
 * instead; anything else that does not start with '/' becomes "/".
 * Returns @p path itself when it is a site path already.
 */
const char *landing_url_site_path(apr_pool_t *p, const char *path);

#endif
