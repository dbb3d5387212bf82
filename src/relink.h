/**
 * @file relink.h
 * @brief The links of a rendered page, rewritten for a static export:
 *        a link to a page of the export leads to its .html file, and in
 *        the relative form every link into the site is relative to the
 *        page, so that the export works from file://.
 *
 * It rewrites the page's finished HTML, not cmark's nodes or the
 * navigation before rendering. A page's links come from five places:
 * the Markdown, raw HTML in it (VuePress pages write `<a href>` cards),
 * components' templates, the navigation and breadcrumbs, and the chrome
 * template (the home link, the logo, the stylesheet). Only the finished
 * page holds all of them, and rewriting it leaves the renderer's bytes
 * for the server untouched. The renderer escapes text, so a '<' in the
 * page starts markup; raw HTML that is not well formed is left as it is
 * where it cannot be read as a tag.
 *
 * Paths are site paths: the export is served at "/", and a page's own
 * path is its source's ("/guide/intro.md").
 */
#ifndef LANDING_RELINK_H
#define LANDING_RELINK_H

#include <apr_pools.h>

/** A directory whose index page is exported is linked as
 *  "dir/index.html" (for file://), not "dir/". */
#define LANDING_RELINK_FILES    0x1
/** Every site path (a link starting with one '/') is written relative to
 *  the page; implies LANDING_RELINK_FILES. */
#define LANDING_RELINK_RELATIVE 0x2

typedef struct landing_relink_t landing_relink_t;

/** An empty set of exported pages, with LANDING_RELINK_* @p flags. */
landing_relink_t *landing_relink_make(apr_pool_t *p, int flags);

/**
 * Declare the Markdown page at the site path @p path ("/guide/intro.md",
 * not percent-encoded) exported as the same path with ".html" for ".md".
 * @p path is copied.
 */
void landing_relink_add(landing_relink_t *rl, const char *path);

/**
 * The link @p url (an attribute value, as written) in the page at the
 * site path @p page, for the export:
 * - a link to an exported page ("intro.md", "/guide/intro.md#install",
 *   percent-encoded or not) leads to its .html file;
 * - a link to a directory whose "index.md" is exported ("/guide/",
 *   "/guide", "../") leads to "dir/", or with LANDING_RELINK_FILES to
 *   "dir/index.html";
 * - "#fragments" and "?queries" are kept as written;
 * - with LANDING_RELINK_RELATIVE every site path is made relative to
 *   the page;
 * - anything else (another scheme, "//host", "#top" alone, a path that
 *   is no exported page) is returned as it is.
 * Returns @p url itself when nothing changes.
 */
const char *landing_relink_url(apr_pool_t *p, const landing_relink_t *rl,
                               const char *page, const char *url);

/**
 * The HTML @p html of @p len bytes of the page at @p page with the value
 * of every href, src and poster attribute rewritten by
 * landing_relink_url(). Values holding a character reference in their
 * path ("&amp;") are left alone; comments and the text of script, style,
 * textarea and title elements are not read for tags. The result (and
 * its length in @p out_len) comes from @p p.
 */
const char *landing_relink_html(apr_pool_t *p, const landing_relink_t *rl,
                                const char *page, const char *html,
                                apr_size_t len, apr_size_t *out_len);

#endif
