/**
 * @file prevnext.h
 * @brief The links at the end of a page to the previous and the next
 *        page: the navigation's document order, unless front matter
 *        says otherwise (as VuePress's "prev" and "next").
 */
#ifndef LANDING_PREVNEXT_H
#define LANDING_PREVNEXT_H

#include <apr_pools.h>

#include "nav.h"
#include "value.h"

/**
 * One of the two links, for front matter key @p key ("prev" or "next")
 * of @p fm, where @p from_nav is the navigation's (landing_nav_values,
 * may be NULL). Front matter:
 *
 * - absent or true: the navigation's link;
 * - false (or empty): none;
 * - a path ("/guide/setup.md", "../intro/", "https://..."): a link to
 *   it, titled as the navigation titles that path, else by its last
 *   segment read as a title ("setup.md" -> "Setup");
 * - a map with "path" (or VuePress 2's "link") and "title" (or "text").
 *
 * A path that is neither a web address (url.h) nor relative, such as
 * "javascript:...", counts as absent. Returns a map {title, path}, or
 * NULL for none.
 */
landing_value_t *landing_prevnext_link(apr_pool_t *p,
                                       const landing_nav_t *nav,
                                       const landing_value_t *fm,
                                       const char *key,
                                       landing_value_t *from_nav);

#endif
