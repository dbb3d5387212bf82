/**
 * @file layout.h
 * @brief A layout: a compiled template that follows its files on disk.
 *
 * A layout made from a file is compiled with its partials (src/partials.h:
 * built-in ones, and files beside the template). Its files are checked at
 * most once per interval (a stat each, not a read); when one of them
 * changed, the layout is compiled again. A version that fails to compile
 * is reported and the last good version keeps serving.
 * Requests hold a reference to the version they use, so a reload never
 * frees a template under a request that is still expanding it.
 */
#ifndef LANDING_LAYOUT_H
#define LANDING_LAYOUT_H

#include <apr_pools.h>
#include <apr_time.h>

#include "template.h"

/** How often a layout's file is checked for changes. */
#define LANDING_LAYOUT_CHECK_INTERVAL apr_time_from_sec(1)

typedef struct landing_layout_t landing_layout_t;

/** What a request holds while it uses a layout. */
typedef struct {
    const landing_template_t *tpl;
    /** Hash of the template's sources, its partials' included: part of
     *  cache keys and ETags. */
    apr_uint64_t hash;
    /** The newest modification time of its files (0 for a built-in
     *  layout). */
    apr_time_t mtime;
} landing_layout_use_t;

/**
 * Read and compile the template in @p path. On failure returns an error
 * status and sets @p *err ("PATH:LINE: message", or why it could not be
 * read). The layout lives in @p p; versions compiled later live in pools
 * of their own.
 */
apr_status_t landing_layout_open(apr_pool_t *p, const char *path,
                                 landing_layout_t **layout, const char **err);

/** A layout for template source that never changes (the built-in one);
 *  it may include the built-in partials only. */
apr_status_t landing_layout_static(apr_pool_t *p, const char *src,
                                   apr_size_t len, const char *name,
                                   landing_layout_t **layout,
                                   const char **err);

/**
 * The current version, checking the files when the last check is older
 * than LANDING_LAYOUT_CHECK_INTERVAL at @p now. The version stays valid
 * until @p reqpool is cleared. When a changed file fails to compile,
 * @p *reload_err says why (once per change) and the last good version is
 * returned. Thread-safe.
 */
landing_layout_use_t landing_layout_acquire(landing_layout_t *layout,
                                            apr_pool_t *reqpool,
                                            apr_time_t now,
                                            const char **reload_err);

/**
 * The current version, without checking the file and without a
 * reference: for single-threaded callers that never reload (the
 * command-line renderer). It lives as long as the layout's pool.
 */
const landing_template_t *landing_layout_current(
    const landing_layout_t *layout);

/** A number that changes whenever a layout of this process takes a new
 *  version of its file. */
apr_uint32_t landing_layout_generation(void);

/** The file the layout follows, or its name for a built-in one. */
const char *landing_layout_path(const landing_layout_t *layout);

#endif
