/**
 * @file layouts.h
 * @brief A directory's layouts (LandingLayout): names to layouts, merged
 *        per directory in constant time, and the digest of their current
 *        templates, worked out at most once a second.
 *
 * A request looks up the one layout its page names, and reads the digest
 * (for ETags and cache keys) without visiting every layout: its cost
 * does not grow with the number of LandingLayout lines. A merged set is
 * the child's section in front of its parent's, as site variables are
 * (src/site.h); each section keeps the digest of its own layouts, and
 * works it out again when its interval is over or a layout of the
 * process took a new version (landing_layout_generation()).
 */
#ifndef LANDING_LAYOUTS_H
#define LANDING_LAYOUTS_H

#include <apr_pools.h>
#include <apr_tables.h>
#include <apr_time.h>

#include "layout.h"

typedef struct landing_layouts_t landing_layouts_t;

/** No layouts yet; lives in @p p (a configuration pool). */
landing_layouts_t *landing_layouts_make(apr_pool_t *p);

/** Map @p name to @p layout (again: the new one wins). */
void landing_layouts_set(apr_pool_t *p, landing_layouts_t *set,
                         const char *name, landing_layout_t *layout);

/** @p add's layouts in front of @p base's (either may be NULL).
 *  Constant time; the result shares both. */
landing_layouts_t *landing_layouts_merge(apr_pool_t *p,
                                         landing_layouts_t *base,
                                         landing_layouts_t *add);

/** The layout for @p name, the nearest section's; NULL when none maps
 *  it. Constant time per section. */
landing_layout_t *landing_layouts_get(const landing_layouts_t *set,
                                      const char *name);

/** A name that @p set maps and that equals @p name but for case, or
 *  NULL: for the warning about "layout: landing". Walks every layout,
 *  so only for a page that names no configured layout. */
const char *landing_layouts_find_nocase(const landing_layouts_t *set,
                                        apr_pool_t *p, const char *name);

/** A layout's reload problem, for the caller to log. */
typedef struct {
    const char *name;
    const char *error;
} landing_layouts_error_t;

/**
 * The digest of the current templates of every layout in @p set (and the
 * sections under it), the same in every process with the same files,
 * and their newest mtime. When a section's digest is older than
 * LANDING_LAYOUT_CHECK_INTERVAL at @p now, or a layout took a new
 * version since, its layouts are checked (landing_layout_acquire, which
 * holds each version until @p reqpool is cleared) and it is worked out
 * again. Problems found in a reload are added to @p *errors (an array of
 * landing_layouts_error_t made from @p reqpool when NULL). Thread-safe.
 */
void landing_layouts_digest(landing_layouts_t *set, apr_pool_t *reqpool,
                            apr_time_t now, apr_uint64_t *digest,
                            apr_time_t *mtime,
                            apr_array_header_t **errors);

#endif
