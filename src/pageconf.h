/**
 * @file pageconf.h
 * @brief How a page's configuration is put together from the settings
 *        (the module's directives, the command line's options) and the
 *        built-in defaults.
 *
 * The module and landing-render both build their landing_page_conf_t
 * here, and check their settings' names here, so the same settings give
 * the same bytes on the server and on the command line.
 */
#ifndef LANDING_PAGECONF_H
#define LANDING_PAGECONF_H

#include <apr_pools.h>
#include <apr_hash.h>
#include <apr_tables.h>

#include "page.h"
#include "site.h"
#include "template.h"
#include "value.h"

/** The release, as the module reports it in the Server header. */
#define LANDING_RELEASE "0.1.0"

/** The largest body rendered when LandingMaxSize is not set. Real docs
 *  pages are well under a megabyte; this leaves room for generated
 *  references while keeping cmark's memory use bounded. */
#define LANDING_PAGE_DEFAULT_MAX_SIZE (8 * 1024 * 1024)

/**
 * Fill @p pc for rendering. @p templates maps layout names to compiled
 * templates (LandingLayout). When it does not map LANDING_DEFAULT_LAYOUT
 * and @p builtin is not NULL, @p builtin (the embedded chrome, see
 * landing_pageconf_builtin) serves that name; @p templates itself is not
 * changed. @p site holds the LandingSet variables (NULL for none), used
 * as they are, not copied;
 * @p raw_html is LandingRawHTML. The Markdown extensions are the
 * default ones (LANDING_GFM_DEFAULT). The stylesheet is the built-in one.
 */
void landing_pageconf_make(apr_pool_t *p, landing_page_conf_t *pc,
                           apr_hash_t *templates,
                           const landing_template_t *builtin,
                           const landing_site_t *site, int raw_html);

/**
 * Set @p pc's components: @p builtins (landing_component_builtins) with
 * @p user (LandingComponent: name -> compiled template) over them, a
 * user template replacing the built-in of its name. Either may be NULL.
 */
void landing_pageconf_components(apr_pool_t *p, landing_page_conf_t *pc,
                                 apr_hash_t *builtins, apr_hash_t *user);

/** Compile the built-in chrome (conf/landing.html, embedded). */
apr_status_t landing_pageconf_builtin(apr_pool_t *p,
                                      landing_template_t **tpl,
                                      const char **err);

/**
 * Read and compile the template in the file @p path. On failure sets
 * @p *err to why: "cannot open template 'PATH': reason", "cannot read
 * template 'PATH': reason", "template 'PATH' is not a regular file", or
 * the compiler's "PATH:LINE: message" (see landing_layout_open).
 */
apr_status_t landing_pageconf_load(apr_pool_t *p, const char *path,
                                   landing_template_t **tpl,
                                   const char **err);

/**
 * NULL when @p name may name a layout (letters, digits, '-', '_', '.'),
 * else why not.
 */
const char *landing_pageconf_check_layout_name(apr_pool_t *p,
                                               const char *name);

/**
 * NULL when @p key may name a site variable (letters, digits, '-', '_'),
 * else why not.
 */
const char *landing_pageconf_check_site_key(apr_pool_t *p, const char *key);

/**
 * NULL when @p url may be a LandingEditBase or LandingCanonicalBase (a
 * whole URL with a scheme; "none" is the caller's to handle), else why
 * not.
 */
const char *landing_pageconf_check_base(apr_pool_t *p, const char *url);

#endif
