/**
 * @file component.h
 * @brief Vue-style components in a page's rendered HTML: `<Cards>`,
 *        `<Card card-title="...">slot</Card>`, `<Badge text="beta"/>`,
 *        expanded with templates; and `[[toc]]` paragraphs.
 *
 * Runs on cmark's HTML, after the Markdown is rendered. cmark escapes '<'
 * in text, code and attribute values, so a '<' followed by an uppercase
 * letter can only come from raw HTML: that is a component's tag. A page
 * without one (and without a `[[toc]]` paragraph) is scanned once with
 * memchr and comes back as it was, without a copy.
 *
 * A component's template (the layouts' Mustache subset) sees each
 * attribute under its name as written and in camelCase (Vue's
 * normalization: `card-title` gives `card-title` and `cardTitle`); an
 * attribute without a value is "true"; entities in values are decoded
 * (the template escapes them again). Vue bindings of a literal
 * (`:show-footer="true"`, a number, a quoted string) give that value;
 * any other expression, and `v-`, `@` and `#` directives, are dropped and
 * reported. `slot` is the expanded HTML between the open and close tags
 * (Markdown separated from the tags by blank lines is Markdown, as cmark
 * renders it), `page`, `site` and `path` are the page's, as in layouts.
 *
 * Components nest. A template's own output is not scanned again, so no
 * template can expand into itself. Everything is bounded: nesting depth,
 * the number of components, the template work and the output's growth.
 */
#ifndef LANDING_COMPONENT_H
#define LANDING_COMPONENT_H

#include <apr_pools.h>
#include <apr_hash.h>
#include <apr_tables.h>

#include "buf.h"
#include "template.h"
#include "value.h"

/** Components may nest this deep; deeper tags are left as they are. */
#define LANDING_COMPONENT_MAX_DEPTH 32

/** Components expanded on one page at most; past it the page is too big
 *  (it passes through, as a page past cmark's bounds does). */
#define LANDING_COMPONENT_MAX_COUNT 100000

/** Problems recorded per page at most (the rest are counted only). */
#define LANDING_COMPONENT_MAX_PROBLEMS 32

/** The built-in components, embedded from conf/components/. */
#define LANDING_COMPONENT_BUILTINS "Badge,Card,Cards"

typedef enum {
    /** A component no template maps: left in the page as it is. */
    LANDING_COMPONENT_UNKNOWN,
    /** A Vue expression or directive that is not evaluated: dropped. */
    LANDING_COMPONENT_EXPRESSION,
    /** An open tag never closed: its slot runs to its parent's end. */
    LANDING_COMPONENT_UNCLOSED,
    /** A close tag that closes no open component: dropped. */
    LANDING_COMPONENT_STRAY,
    /** Nested past LANDING_COMPONENT_MAX_DEPTH: left as it is. */
    LANDING_COMPONENT_TOO_DEEP
} landing_component_problem_e;

/** Something in a page's components an author should hear about. */
typedef struct {
    landing_component_problem_e kind;
    /** The component's name as written ("Card"). */
    const char *name;
    /** What is wrong, without position: "unknown component <Foo>; ...". */
    const char *message;
    /** 1-based line in the page's source file, after
     *  landing_component_locate(); 0 when it was not found. */
    int line;
    /** The tag's bytes in the HTML, which raw HTML keeps from the
     *  source: how landing_component_locate() finds the line. */
    const char *tag;
    apr_size_t tag_len;
} landing_component_problem_t;

/** What the expansion of one page uses. */
typedef struct {
    /** Component name -> const landing_template_t *; NULL with @c find
     *  NULL: none, and component tags are left alone and not reported. */
    apr_hash_t *templates;
    /** Looked at before @c templates, when not NULL: the template for a
     *  component's name (NUL-terminated), or NULL. Called once per
     *  component tag, with @c baton. */
    const landing_template_t *(*find)(void *baton, const char *name);
    void *baton;
    /** Raw HTML is rendered (LandingRawHTML On): without it cmark left no
     *  tags, and only `[[toc]]` is looked for. */
    int raw_html;
    /** The page's values, as layouts see them. */
    const landing_value_t *page;
    const landing_value_t *site;
    const char *path;
    /** "On this page" (landing_toc_value), for `[[toc]]`; NULL when the
     *  page shows none: the paragraph is removed. */
    const landing_value_t *toc;
    /** The output may grow by this much past the input (0: no bound). */
    apr_size_t max_growth;
} landing_component_conf_t;

/**
 * Compile the built-in components (LANDING_COMPONENT_BUILTINS) into a new
 * hash, name -> const landing_template_t *, allocated from @p p.
 */
apr_status_t landing_component_builtins(apr_pool_t *p, apr_hash_t **out,
                                        const char **err);

/** A hash of the built-in components' sources: for ETags and cache keys. */
apr_uint64_t landing_component_builtins_hash(void);

/**
 * NULL when @p name may name a component (an uppercase ASCII letter, then
 * letters, digits and '-'), else why not, from @p p.
 */
const char *landing_component_check_name(apr_pool_t *p, const char *name);

/**
 * Expand the components and `[[toc]]` paragraphs of @p html (@p len
 * bytes). When there is nothing to expand, *out is @p html and *out_len
 * @p len. Otherwise *out is a new buffer (landing_buf_init_big; free it
 * with landing_buf_release()). Problems are pushed onto @p problems
 * (landing_component_problem_t), if it is not NULL, at most
 * LANDING_COMPONENT_MAX_PROBLEMS of them, the first of each unknown name
 * only. Returns APR_SUCCESS, APR_ENOSPC when a bound was passed (more than
 * LANDING_COMPONENT_MAX_COUNT components, the template work or the
 * growth), or APR_ENOMEM.
 */
apr_status_t landing_component_expand(apr_pool_t *p,
                                      const landing_component_conf_t *conf,
                                      const char *html, apr_size_t len,
                                      const char **out, apr_size_t *out_len,
                                      apr_array_header_t *problems);

/**
 * Give each of @p problems the line in the page's source @p src
 * (@p src_len bytes, the whole file) where its tag is, by finding the
 * tags in order: raw HTML keeps its bytes, so a tag's text is in the
 * source as it is in the HTML. A tag that is not found (written over
 * several lines in a blockquote, say) gets the line of its component's
 * first `<Name`, or 0.
 */
void landing_component_locate(apr_array_header_t *problems, const char *src,
                              apr_size_t src_len);

#endif
