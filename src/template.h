/**
 * @file template.h
 * @brief A Mustache subset for the page chrome.
 *
 * Supported: {{name}} (HTML-escaped), {{{name}}} and {{&name}} (raw),
 * dotted names ({{page.title}}), the current item {{.}}, sections
 * {{#name}}...{{/name}} over lists, maps and truthy values, inverted
 * sections {{^name}}...{{/name}}, and comments {{! ... }}. Partials and
 * delimiter changes are rejected at compile time.
 *
 * A template is compiled once into a flat list of segments; expanding it
 * is a walk over that list. Values are only ever printed, never parsed as
 * template text, so "{{" inside a page stays literal.
 */
#ifndef LANDING_TEMPLATE_H
#define LANDING_TEMPLATE_H

#include <apr_pools.h>
#include <apr_errno.h>

#include "buf.h"
#include "value.h"

/** Sections may nest this deep in a template. */
#define LANDING_TEMPLATE_MAX_NESTING 32

/** Partials may include partials this deep. */
#define LANDING_TEMPLATE_MAX_PARTIAL_DEPTH 16

/** Bounds on what a template with its partials compiles to: the source
 *  bytes (each inclusion counted) and the segments. A chrome needs a few
 *  kilobytes and a few hundred. */
#define LANDING_TEMPLATE_MAX_SOURCE (16 * 1024 * 1024)
#define LANDING_TEMPLATE_MAX_SEGMENTS (256 * 1024)

typedef struct landing_template_t landing_template_t;

/** Where {{> name}} finds the template it includes. */
typedef struct landing_partials_t {
    /**
     * Find partial @p name for a tag in the template called @p from (a
     * file name, or a built-in partial's name). Set @p *file to the
     * partial's own name (messages, and the @p from of its partials; two
     * tags reach the same partial exactly when they get the same name)
     * and @p *src, @p *len to its source, which must live as long as
     * @p p. On failure return an error status and set @p *err to why,
     * without a position: the compiler adds the tag's.
     */
    apr_status_t (*load)(void *baton, apr_pool_t *p, const char *from,
                         const char *name, const char **file,
                         const char **src, apr_size_t *len,
                         const char **err);
    void *baton;
} landing_partials_t;

/**
 * Compile @p len bytes of template source. @p name (a file name) prefixes
 * error messages. The template points into @p src, which must live as
 * long as the template does (allocate both from @p p). A partial tag is
 * an error. On error returns APR_EINVAL and sets @p *err to
 * "NAME:LINE: message" allocated from @p p.
 */
apr_status_t landing_template_compile(apr_pool_t *p, const char *src,
                                      apr_size_t len, const char *name,
                                      landing_template_t **tpl,
                                      const char **err);

/**
 * As landing_template_compile(), with partials found by @p partials
 * (NULL: none). An error in a partial is reported as
 * "PARTIAL:LINE: message"; a partial that cannot be found or includes
 * itself as "NAME:LINE: partial 'x': ..." at the including tag.
 */
apr_status_t landing_template_compile_with(apr_pool_t *p, const char *src,
                                           apr_size_t len, const char *name,
                                           const landing_partials_t *partials,
                                           landing_template_t **tpl,
                                           const char **err);

/**
 * Work one expansion may do: segments visited plus map entries read while
 * resolving names. Far above what a chrome needs (a few thousand), far
 * below what nested sections over a page's lists can ask for.
 */
#define LANDING_TEMPLATE_MAX_STEPS (16 * 1024 * 1024)

/**
 * Expand @p tpl with @p root as the outermost context into @p out. Past
 * LANDING_TEMPLATE_MAX_STEPS, or once @p out has failed, expansion stops;
 * then @c out->failed is set (LANDING_BUF_TOO_BIG for the work bound).
 */
void landing_template_expand(const landing_template_t *tpl,
                             const landing_value_t *root, landing_buf_t *out);

/**
 * As landing_template_expand(), with the work bound shared between calls:
 * the steps taken come off @p *budget, and expansion stops (setting
 * LANDING_BUF_TOO_BIG) when it runs out. Many small expansions on one page
 * (its components) then cost at most one bound's worth of work in all.
 */
void landing_template_expand_budget(const landing_template_t *tpl,
                                    const landing_value_t *root,
                                    landing_buf_t *out, apr_size_t *budget);

/** Bytes of literal text in @p tpl: a floor for the output's size. */
apr_size_t landing_template_literal_size(const landing_template_t *tpl);

#endif
