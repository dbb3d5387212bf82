/**
 * @file frontmatter.h
 * @brief Split YAML front matter from a Markdown body and parse it with
 *        libyaml into a value tree.
 *
 * Front matter is YAML between a first line "---" and a line "---" or
 * "...". A UTF-8 byte order mark before it and CRLF line endings are
 * accepted. Aliases are resolved by reference, never copied, and depth,
 * node count and size are bounded, so no input can make parsing expensive.
 */
#ifndef LANDING_FRONTMATTER_H
#define LANDING_FRONTMATTER_H

#include <apr_pools.h>
#include <apr_errno.h>

#include "value.h"

/** Bounds on what front matter may hold. */
typedef struct {
    apr_size_t max_size;   /**< bytes between the fences */
    int max_depth;         /**< nesting of lists and maps */
    int max_nodes;         /**< scalars, lists, maps and aliases */
} landing_fm_limits_t;

/** Bounds generous for real docs and cheap for hostile input. */
#define LANDING_FM_MAX_SIZE  (64 * 1024)
#define LANDING_FM_MAX_DEPTH 32
#define LANDING_FM_MAX_NODES 2000

typedef enum {
    LANDING_FM_NONE,     /**< the body does not start with front matter */
    LANDING_FM_OK,       /**< parsed; @c data is a map */
    LANDING_FM_INVALID   /**< starts like front matter, but is broken */
} landing_fm_status_e;

typedef struct {
    /** The front matter as a map (empty when the YAML root is no map). */
    landing_value_t *data;
    /** The Markdown after the closing fence. */
    const char *body;
    apr_size_t body_len;
    /** Why it is invalid, and where (1-based line and column in the file;
     *  0 when the problem has no position, such as a size bound). */
    const char *error;
    int line;
    int column;
} landing_fm_t;

/**
 * Decide from the first bytes of a body whether it starts with front
 * matter. Returns 1 for yes, 0 for no, and -1 when @p len bytes are too
 * few to tell and more may come; pass @p at_end when no more will.
 */
int landing_fm_sniff(const char *buf, apr_size_t len, int at_end);

/**
 * Split and parse. With LANDING_FM_NONE, @c body is the whole input. The
 * tree is allocated from @p p; its strings point into @p p, never into
 * @p buf, except @c body.
 */
landing_fm_status_e landing_fm_parse(apr_pool_t *p, const char *buf,
                                     apr_size_t len,
                                     const landing_fm_limits_t *limits,
                                     landing_fm_t *out);

/**
 * The fast path of landing_fm_parse(), alone (for tests): @p yaml read as
 * the flat map of "key: value" lines most front matter is, without
 * libyaml. Returns 1 with @p *root the map it makes (NULL for no lines),
 * exactly the tree landing_yaml_parse() makes of the same bytes, with
 * @p first_line the number of the first line; 0 for anything it does not
 * take (quotes, lists, comments, blank lines, non-ASCII, ...), which
 * libyaml then reads.
 */
int landing_fm_simple(apr_pool_t *p, const char *yaml, apr_size_t len,
                      int first_line, const landing_fm_limits_t *limits,
                      landing_value_t **root);

/** The default limits. */
const landing_fm_limits_t *landing_fm_default_limits(void);

/**
 * Parse a whole YAML document, such as a configuration file, with the
 * same tree builder (and so the same aliasing, falsy scalars and bounds)
 * as front matter. Values carry their line and column. On success
 * @p *root is the document's root value (NULL for an empty document). On
 * failure returns APR_EINVAL and sets @p *err and the 1-based @p *line and
 * @p *column (0 when the problem has no position).
 */
apr_status_t landing_yaml_parse(apr_pool_t *p, const char *buf,
                                apr_size_t len,
                                const landing_fm_limits_t *limits,
                                landing_value_t **root, const char **err,
                                int *line, int *column);

#endif
