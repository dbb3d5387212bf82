/**
 * @file gfm.h
 * @brief GitHub's extensions to CommonMark, as cmark-gfm has them: their
 *        names, the flags that stand for them, and attaching them to a
 *        parser.
 *
 * cmark-gfm keeps its extensions in a process-wide registry that is not
 * safe to fill from two threads at once; landing_gfm_init() fills it
 * once (httpd calls it before any child starts, the CLI, tests and
 * fuzzers before their first parse), and looks each extension up once,
 * so a parse only attaches pointers.
 */
#ifndef LANDING_GFM_H
#define LANDING_GFM_H

#include <apr_pools.h>
#include <cmark-gfm.h>

/** One flag per extension. The values leave the low byte to
 *  LANDING_MD_* (markdown.h), so both travel in one int. */
#define LANDING_GFM_TABLE         0x100
#define LANDING_GFM_STRIKETHROUGH 0x200
#define LANDING_GFM_TASKLIST      0x400
#define LANDING_GFM_AUTOLINK      0x800
#define LANDING_GFM_TAGFILTER     0x1000
/** Footnotes are an option of cmark-gfm's parser, not an extension. */
#define LANDING_GFM_FOOTNOTES     0x2000
#define LANDING_GFM_ALL           0x3f00

/** What VuePress and GitHub readers expect to see. autolink is off
 *  because Debian 12's cmark-gfm can read out of bounds in it
 *  (CVE-2023-22485, see the README); footnotes and tagfilter because
 *  VuePress's default Markdown has neither. */
#define LANDING_GFM_DEFAULT \
    (LANDING_GFM_TABLE | LANDING_GFM_STRIKETHROUGH | LANDING_GFM_TASKLIST)

/** The names, in the order landing_gfm_list() gives them, for errors. */
extern const char landing_gfm_names[];

/** Fill cmark-gfm's registry and look the extensions up, once. */
void landing_gfm_init(void);

/**
 * The flag of the extension called @p name (cmark-gfm's names: table,
 * strikethrough, tasklist, autolink, tagfilter, footnotes), or 0.
 */
int landing_gfm_flag(const char *name);

/**
 * The names of the extensions in @p flags, space-separated, or "none":
 * the form LandingMarkdownExtensions and --extensions take.
 */
const char *landing_gfm_list(apr_pool_t *p, int flags);

/**
 * Parse @p text, a list of names separated by spaces or commas, or
 * "none", into flags. Returns -1 and sets @p *bad to the first unknown
 * name (allocated from @p p) when there is one.
 */
int landing_gfm_parse_list(apr_pool_t *p, const char *text,
                           const char **bad);

/** cmark-gfm's parser options for @p flags (CMARK_OPT_FOOTNOTES). */
int landing_gfm_options(int flags);

/** Attach the extensions in @p flags to @p parser. */
void landing_gfm_attach(cmark_parser *parser, int flags);

/** The types of the extensions' nodes: cmark-gfm numbers them when it
 *  registers the extensions, and exports them from
 *  libcmark-gfm-extensions without declaring them in a public header. */
extern cmark_node_type CMARK_NODE_TABLE, CMARK_NODE_TABLE_ROW,
    CMARK_NODE_TABLE_CELL, CMARK_NODE_STRIKETHROUGH;

#endif
