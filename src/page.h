/**
 * @file page.h
 * @brief The whole pipeline for one page: front matter, layout lookup,
 *        Markdown, and the chrome template, into one heap buffer.
 *
 * The module and every other front end (unit tests, fuzzers, a renderer
 * on the command line) call this, so a page's bytes depend only on the
 * source and the configuration given here.
 */
#ifndef LANDING_PAGE_H
#define LANDING_PAGE_H

#include <apr_pools.h>
#include <apr_hash.h>
#include <apr_tables.h>

#include "buf.h"
#include "crumb.h"
#include "frontmatter.h"
#include "nav.h"
#include "template.h"
#include "value.h"

/** What a front end configures. */
typedef struct {
    /** Layout name (as in front matter "layout") to compiled template. */
    apr_hash_t *layouts;
    /** Or, when @c layouts is NULL: the template for a layout name, or
     *  NULL; called once per page, with @c layout_baton. The module uses
     *  it to take the current version of only the layout a page names. */
    const landing_template_t *(*layout_find)(void *baton, const char *name);
    void *layout_baton;
    /** Optional, with @c layout_find: a configured layout name that
     *  equals @p name but for case, or NULL (landing_page_t.suggest). */
    const char *(*layout_nocase)(void *baton, apr_pool_t *p,
                                 const char *name);
    /** Site variables, a map: site.name, site.lang, ... */
    const landing_value_t *site;
    /** LANDING_MD_* flags. */
    int md_flags;
    /** CSS offered to templates as {{{stylesheet}}}. */
    const char *stylesheet;
    apr_size_t stylesheet_len;
    /** The URL the stylesheet is served at, offered to templates as
     *  {{stylesheet_url}} (the built-in chrome links it instead of
     *  inlining the CSS); NULL when it is to be inlined (see
     *  stylesheet.h). */
    const char *stylesheet_url;
    /** Bounds for front matter; NULL for the defaults. */
    const landing_fm_limits_t *fm_limits;
    /** The site navigation (LandingNav), or NULL. */
    const landing_nav_t *nav;
    /** LandingEditBase: "edit_url" is this, then @c source_path. NULL or
     *  "" for no edit link. */
    const char *edit_base;
    /** The page's file relative to its document root or Alias, as a URL
     *  path ("/guide/index.md", percent-encoded). */
    const char *source_path;
    /** LandingCanonicalBase: "canonical_url" is this, then @c url_path.
     *  NULL or "" for none. */
    const char *canonical_base;
    /** The request path, percent-encoded, for the canonical URL; NULL to
     *  use the path given to landing_page_render(). */
    const char *url_path;
    /** Component name -> const landing_template_t * (the built-ins and
     *  LandingComponent, see component.h); NULL: components are left as
     *  they are written. */
    apr_hash_t *components;
    /** And before it: the template for a component's name, or NULL (see
     *  landing_component_find_fn), with @c component_baton. The module
     *  uses it for LandingComponent, taking the current version of only
     *  the components a page uses. */
    const landing_template_t *(*component_find)(void *baton,
                                                const char *name);
    void *component_baton;
    /** Stop after the page's content (landing_page_t.content): no chrome
     *  is expanded and landing_page_t.html stays NULL. The search index
     *  (search_index.h) reads pages this way. */
    int content_only;
    /** Does a directory serve something, and what is its index page's
     *  title (crumb.h)? For the breadcrumbs of directories the
     *  navigation does not name, and for "site_title" from the root's
     *  index page. Asked at most once per directory and render. NULL:
     *  every directory is linked, and no index page is read. */
    landing_crumb_lookup_fn dir_lookup;
    void *dir_baton;
    /** When the source last changed (its file's mtime, or the handler's
     *  Last-Modified), for "last_updated"; 0 when unknown. */
    apr_time_t source_mtime;
} landing_page_conf_t;

/** Why a page was rendered or left alone. */
typedef enum {
    LANDING_PAGE_RENDERED,
    LANDING_PAGE_NO_FRONT_MATTER,
    LANDING_PAGE_NO_LAYOUT,         /**< front matter names no layout */
    LANDING_PAGE_OTHER_LAYOUT,      /**< a layout that is not configured */
    LANDING_PAGE_INVALID,           /**< broken front matter */
    LANDING_PAGE_NOMEM,
    LANDING_PAGE_TOO_BIG            /**< the expanded page passed its bound */
} landing_page_result_e;

/**
 * The rendered page may be at most this much larger than the Markdown's
 * HTML. A template that loops over page data can multiply it (aliases
 * share values, so small front matter can hold large lists of lists);
 * this bound keeps such a page from growing without end.
 */
#define LANDING_PAGE_MAX_GROWTH (16 * 1024 * 1024)

typedef struct {
    /** The rendered page (the caller frees it with landing_buf_release())
     *  and its length. */
    char *html;
    apr_size_t len;
    /** The layout named by the page, when it names one. */
    const char *layout;
    /** For LANDING_PAGE_INVALID: the message and 1-based position. For
     *  LANDING_PAGE_OTHER_LAYOUT and a @c layout_key: where the value
     *  is (0 when unknown). */
    const char *error;
    int line;
    int column;
    /** For a rendered page: landing_md_problem_t (markdown.h), each with
     *  its line in the source file (custom containers never closed);
     *  NULL when there were none. */
    apr_array_header_t *md_problems;
    /** For LANDING_PAGE_OTHER_LAYOUT: the configured layout whose name
     *  differs from the page's only in case ("Landing" for "landing"),
     *  or NULL. */
    const char *suggest;
    /** For LANDING_PAGE_NO_LAYOUT: a front matter key that is "layout"
     *  but for case ("Layout"), or NULL. Keys are case-sensitive, as in
     *  VuePress. */
    const char *layout_key;
    /** For a rendered page: landing_component_problem_t, each with its
     *  line in the source (unknown components, Vue expressions dropped,
     *  tags not closed); NULL when there were none. */
    apr_array_header_t *problems;
    /** For a rendered page: its content (the Markdown's HTML with the
     *  components expanded, what the template sees as {{{content}}}),
     *  valid until @p p given to landing_page_render() is cleared; its
     *  title and description as the chrome shows them (description NULL
     *  when there is none). */
    const char *content;
    apr_size_t content_len;
    const char *title;
    const char *description;
} landing_page_t;

/**
 * Render the Markdown page @p src of @p len bytes, requested as @p path.
 * Pool allocations (the front matter tree, cmark's output until the pool
 * is cleared) come from @p p.
 */
landing_page_result_e landing_page_render(apr_pool_t *p,
                                          const landing_page_conf_t *conf,
                                          const char *src, apr_size_t len,
                                          const char *path,
                                          landing_page_t *out);

/**
 * Wrap @p content (HTML of @p len bytes, for example a search results
 * list) in the chrome of the layout @p layout, as the body of a page
 * titled @p title at request path @p path, with no front matter: the
 * same navigation, site variables and stylesheet as a rendered page.
 * Returns LANDING_PAGE_RENDERED with @p out->html to free, or
 * LANDING_PAGE_OTHER_LAYOUT when @p conf has no such layout.
 */
landing_page_result_e landing_page_wrap(apr_pool_t *p,
                                        const landing_page_conf_t *conf,
                                        const char *layout,
                                        const char *title,
                                        const char *content, apr_size_t len,
                                        const char *path,
                                        landing_page_t *out);

/** A short word for @p res, for logs and counters. */
const char *landing_page_result_name(landing_page_result_e res);

#endif
