/**
 * @file crumb.h
 * @brief Breadcrumbs made from a URL's segments: a directory's name read
 *        as a title ("getting-started" -> "Getting started"), and the
 *        title of a directory's index page, when one is served.
 *
 * Nothing here looks at a file system or a server: the front end says
 * which directories have something to serve (landing_crumb_lookup_fn),
 * and gives the first bytes of their index pages.
 */
#ifndef LANDING_CRUMB_H
#define LANDING_CRUMB_H

#include <apr_pools.h>

/**
 * Does the site serve something at directory @p dir (a request path that
 * ends in '/', "/" for the site's root)? Returns 1 if so, and may set
 * @p *title to the title of the page it serves there (see
 * landing_crumb_index_title); 0 if a link to it would lead nowhere (a
 * 404, a 403, a directory without an index page or listing). Called
 * while a page is rendered, at most once per directory and page.
 */
typedef int (*landing_crumb_lookup_fn)(void *baton, apr_pool_t *p,
                                       const char *dir, const char **title);

/**
 * A directory's name @p seg (@p len bytes, not NUL-terminated) as a
 * title: '-' and '_' become spaces (runs of them one space) and the
 * first letter, if it is an ASCII one, a capital. The rest is left as
 * it is: "getting-started" gives "Getting started", "API_v2" "API v2".
 * A name with nothing else left stays as it is.
 */
const char *landing_crumb_title(apr_pool_t *p, const char *seg,
                                apr_size_t len);

/**
 * The title of an index page from its first @p len bytes @p src: front
 * matter "title", else the text of the first ATX heading of level one
 * ("# Title") outside fenced code, else NULL. A front end reads only
 * the start of the file (LANDING_CRUMB_READ_MAX): front matter longer
 * than that gives no title.
 */
const char *landing_crumb_index_title(apr_pool_t *p, const char *src,
                                      apr_size_t len);

/** How much of an index page a front end reads for its title. */
#define LANDING_CRUMB_READ_MAX (16 * 1024)

#endif
