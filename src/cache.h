/**
 * @file cache.h
 * @brief The render cache: rendered pages by key, bounded in bytes,
 *        least recently used first out, safe to share between threads.
 *
 * Entries are reference counted. A page being sent holds a reference
 * through its bucket (landing_cache_bucket_create), so eviction never
 * frees bytes that are still on their way to a client, and a hit costs
 * no copy.
 */
#ifndef LANDING_CACHE_H
#define LANDING_CACHE_H

#include <apr_pools.h>
#include <apr_buckets.h>
#include <apr_time.h>

typedef struct landing_cache_t landing_cache_t;
typedef struct landing_cache_entry_t landing_cache_entry_t;

/** Counters since the cache was made. */
typedef struct {
    apr_uint64_t hits;
    apr_uint64_t misses;
    apr_uint64_t evictions;
    apr_uint64_t entries;
    apr_uint64_t bytes;
} landing_cache_stats_t;

/**
 * A cache of at most @p max_bytes (pages plus keys and bookkeeping). Its
 * entries are released when @p p is cleared.
 */
apr_status_t landing_cache_create(apr_pool_t *p, apr_size_t max_bytes,
                                  landing_cache_t **cache);

/**
 * A new entry that owns @p data (a page from landing_page_render(), freed
 * with the entry by landing_buf_release()), with
 * the page's validators. The caller holds one reference.
 */
landing_cache_entry_t *landing_cache_entry_make(char *data, apr_size_t len,
                                                const char *etag,
                                                apr_time_t mtime);

/**
 * A new entry that remembers a failure instead of a page: the render of
 * a source failed on a bound and would fail the same way again for the
 * same key (source, configuration and templates), so it is kept under
 * that key to be passed through, not parsed again. @p code (not 0) says
 * why; it costs the cache its key and bookkeeping. The caller holds one
 * reference.
 */
landing_cache_entry_t *landing_cache_failure_make(int code);

/** 0 for a page; for a remembered failure, its code. */
int landing_cache_entry_failure(const landing_cache_entry_t *e);

/** The page bytes of @p e. */
const char *landing_cache_entry_data(const landing_cache_entry_t *e,
                                     apr_size_t *len);

/** The ETag (with its quotes) and the Last-Modified time of @p e. */
const char *landing_cache_entry_etag(const landing_cache_entry_t *e);
apr_time_t landing_cache_entry_mtime(const landing_cache_entry_t *e);

/** Drop one reference; the last one frees the entry. */
void landing_cache_release(landing_cache_entry_t *e);

/**
 * Look @p key up. A hit returns the entry with a reference for the
 * caller and makes it the most recently used; a miss returns NULL.
 */
landing_cache_entry_t *landing_cache_get(landing_cache_t *cache,
                                         const char *key, apr_size_t klen);

/**
 * Store @p e under @p key (the cache takes a reference of its own; the
 * caller keeps its one). Older entries are evicted until it fits; an
 * entry larger than the whole cache is not stored. An entry already under
 * @p key is replaced.
 */
void landing_cache_put(landing_cache_t *cache, const char *key,
                       apr_size_t klen, landing_cache_entry_t *e);

/** A snapshot of the counters. */
landing_cache_stats_t landing_cache_stats(landing_cache_t *cache);

/**
 * A bucket that reads @p e's bytes in place. It takes over the caller's
 * reference and releases it when the last copy of the bucket is gone.
 */
apr_bucket *landing_cache_bucket_create(landing_cache_entry_t *e,
                                        apr_bucket_alloc_t *list);

#endif
