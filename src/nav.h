/**
 * @file nav.h
 * @brief The site navigation (LandingNav): a YAML tree of pages, compiled
 *        once at startup, and what one page's chrome shows of it: the
 *        section tabs, the sidebar of the current section, breadcrumbs and
 *        footer links.
 *
 * The file is a list of items, each a map with "title", "path" and
 * optionally "children" (a list of items):
 *
 *     - title: Guide
 *       path: /guide/
 *       children:
 *         - title: Install
 *           path: /guide/install.md
 *
 * or a map with that list under "nav" and footer links (title and path,
 * no children) under "footer". A path starts with '/' or is a URL with a
 * scheme (https://..., mailto:...); only the former can be the current
 * page. A path whose last segment is "index" or "index.EXT" names its
 * directory: "/guide/index.md" and "/guide/" are the same page.
 */
#ifndef LANDING_NAV_H
#define LANDING_NAV_H

#include <apr_pools.h>
#include <apr_errno.h>

#include "crumb.h"
#include "value.h"

/** A navigation file may be this large. */
#define LANDING_NAV_MAX_SIZE (4 * 1024 * 1024)
/** And hold this many items, counting each alias where it is used. */
#define LANDING_NAV_MAX_ITEMS 100000

typedef struct landing_nav_t landing_nav_t;

/**
 * Compile @p len bytes of navigation YAML. The result points into pool
 * @p p and is read-only afterwards, so threads may share it. On error
 * returns APR_EINVAL and sets @p *err to "NAME:LINE:COLUMN: message"
 * (NAME is @p name, a file name).
 */
apr_status_t landing_nav_compile(apr_pool_t *p, const char *src,
                                 apr_size_t len, const char *name,
                                 landing_nav_t **nav, const char **err);

/**
 * What a page's template sees of the navigation. Every field is a map
 * whose "items" is a list, or NULL when there is nothing to show, so a
 * template writes {{#tabs}}<nav>{{#items}}...{{/items}}</nav>{{/tabs}}.
 * Every item has every key its kind has (a "false" one is empty), so a
 * nested section never picks up an outer item's value.
 */
typedef struct {
    /** Top-level items: title, path, current (the item is this page),
     *  active (this page is the item or below it). NULL without a nav. */
    landing_value_t *tabs;
    /** The current section: its title, path, current and active, and
     *  "items", its subtree flattened in document order. Each item has
     *  title, path, depth (1 for the section's children), current,
     *  active, expanded (its children follow it), collapsed (it has
     *  children that are not shown) and close, a list with one entry per
     *  nested list that ends after the item. NULL when the page is in no
     *  section or the section has no children. */
    landing_value_t *sidebar;
    /** Home, the ancestors, then this page: title, path, current. NULL
     *  for fewer than two. */
    landing_value_t *breadcrumbs;
    /** The file's footer links: title, path. NULL when it has none. */
    landing_value_t *footer;
    /** The pages before and after this one in the file's document order
     *  (an item before its children, the first item of each path only,
     *  no URLs with a scheme): maps {title, path}; NULL at either end, or
     *  when the page is not in the file. */
    landing_value_t *prev;
    landing_value_t *next;
} landing_nav_values_t;

/** How the front end says which directories serve something, for the
 *  breadcrumbs the navigation does not name (see crumb.h). */
typedef struct {
    landing_crumb_lookup_fn fn;
    void *baton;
} landing_nav_lookup_t;

/**
 * The navigation values for the page at request path @p path, whose
 * title is @p title. The page is the item whose path is @p path; when
 * there is none, the item with the longest directory prefix of @p path
 * stands for its place in the tree, and the breadcrumbs are the path's
 * segments (each titled as the item for that directory, if there is one,
 * else as its index page is, else by its name read as a title, see
 * landing_crumb_title). The first breadcrumb is the item for "/", or
 * @p home_title. @p nav may be NULL: then only breadcrumbs are made.
 * With @p look (may be NULL), a crumb for a directory the navigation
 * does not name, and Home when the navigation has no "/", links to it
 * only if @p look says it serves something; else its path is "".
 */
void landing_nav_values(apr_pool_t *p, const landing_nav_t *nav,
                        const char *path, const char *title,
                        const char *home_title,
                        const landing_nav_lookup_t *look,
                        landing_nav_values_t *out);

/** The title the navigation gives the page at @p path, or NULL. */
const char *landing_nav_title(apr_pool_t *p, const landing_nav_t *nav,
                              const char *path);

#endif
