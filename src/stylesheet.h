/**
 * @file stylesheet.h
 * @brief The built-in stylesheet as a file of its own, at a URL named
 *        by a hash of its bytes.
 *
 * Inlined, the built-in stylesheet is most of every page's bytes (16.7
 * of the seed page's 19.9 KB). Linked at a URL that changes whenever its
 * bytes change, a browser or a cache fetches it once and then keeps it
 * for a year without asking again ("immutable"); a new release of the
 * stylesheet is a new URL, which the new pages link.
 *
 * The URL is a URL-path prefix (by default LANDING_STYLESHEET_PREFIX)
 * and the file name "landing.<16 hex digits>.css". The prefix is
 * absolute, so every page of a site links the same URL whatever its
 * directory, and a browser's cache holds one copy.
 */
#ifndef LANDING_STYLESHEET_H
#define LANDING_STYLESHEET_H

#include <apr_pools.h>

/** The default prefix: a dot directory, where no documentation tree
 *  keeps its pages, answered on every host. */
#define LANDING_STYLESHEET_PREFIX "/.landing/"

/**
 * The file name of a stylesheet with the bytes @p css (@p len bytes):
 * "landing.", the 16 hex digits of landing_hash() over the bytes, and
 * ".css". The same bytes give the same name on every server.
 */
const char *landing_stylesheet_name(apr_pool_t *p, const char *css,
                                    apr_size_t len);

/**
 * The strong ETag of a stylesheet with the bytes @p css: the hash of its
 * name, as "L" and 16 hex digits in quotes, the form of the module's
 * page ETags (so a content coding's "-gzip" suffix is recognized the same
 * way, see etag.h).
 */
const char *landing_stylesheet_etag(apr_pool_t *p, const char *css,
                                    apr_size_t len);

/**
 * Read a LandingStylesheet (or --stylesheet) argument: "inline", "link"
 * (the default prefix), or a URL-path prefix that starts with '/' (not
 * "//"), holds only letters, digits, '/', '-', '.', '_' and '~', and has
 * no "." or ".." segment; a '/' is added at its end if it lacks one.
 * Sets @p *prefix to NULL for "inline", else to the prefix. Returns NULL,
 * or why the argument is refused.
 */
const char *landing_stylesheet_parse(apr_pool_t *p, const char *arg,
                                     const char **prefix);

/**
 * Is @p name a stylesheet's file name in the form landing_stylesheet_name()
 * gives, "landing.", 16 lowercase hex digits, ".css", whatever the hash?
 * A page rendered by another release of the module links such a name.
 */
int landing_stylesheet_is_name(const char *name);

/** The URL of the built-in stylesheet under @p prefix. */
const char *landing_stylesheet_builtin_url(apr_pool_t *p, const char *prefix);

#endif
