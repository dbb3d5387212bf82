/**
 * @file sharedcache.h
 * @brief The render cache that every process of a server shares: one
 *        file per page in a directory, an index of them in shared memory.
 *
 * A page is a file in the kernel's page cache, which every process
 * shares: a page is kept once per machine, not once per child, and no
 * child's memory grows with the site. A hit costs an open(2) and one
 * read(2): a small file is read whole and sent from that read; a larger
 * one is read for its header, and its bytes go to the client from the
 * page cache (sendfile).
 *
 * A file holds a header (its key, ETag, Last-Modified, the lengths),
 * the page, and the same page gzipped. It is written to a temporary name
 * and renamed into place (rename(2) is atomic), so a file under its final
 * name is always whole: a writer that dies half way leaves only a
 * temporary file, never served. A reader checks the header (magic,
 * checksum, the key itself, the lengths against the file's size) and
 * takes anything else for a miss (LANDING_SHAREDCACHE_TORN).
 *
 * The index is a table of slots in shared memory, one per file, with the
 * file's cost (its size in 4 KB pages) and its last use. A writer claims
 * a slot with compare-and-swap, renames its file in, then evicts the
 * least recently used files until the total fits the bound. No lock is
 * taken anywhere, so a process that dies at any point blocks nobody; a
 * slot it left claimed is taken back after a minute. Readers never wait
 * for writers: a file evicted (unlinked) while it is being sent stays
 * readable through its open descriptor until the send is done.
 */
#ifndef LANDING_SHAREDCACHE_H
#define LANDING_SHAREDCACHE_H

#include <apr_file_io.h>
#include <apr_pools.h>
#include <apr_time.h>

typedef struct landing_sharedcache_t landing_sharedcache_t;

/** A file found to be no page of this cache (wrong size, header or key):
 *  returned by landing_sharedcache_get(), counted, treated as a miss. */
#define LANDING_SHAREDCACHE_TORN (APR_OS_START_USERERR + 151)

/** Where a writer stops, for the tests that kill a writer half way
 *  (landing_sharedcache_crash_at()). */
typedef enum {
    LANDING_SHAREDCACHE_CRASH_NONE = 0,
    LANDING_SHAREDCACHE_CRASH_WRITE,   /**< half the file written */
    LANDING_SHAREDCACHE_CRASH_CLAIMED, /**< file written, slot claimed */
    LANDING_SHAREDCACHE_CRASH_RENAMED  /**< renamed in, slot not filled */
} landing_sharedcache_crash_e;

/** What a caller that sends from memory passes as whole_max to
 *  landing_sharedcache_get(): files up to this size are read whole. */
#define LANDING_SHAREDCACHE_WHOLE_MAX (16 * 1024)

/** The numbers of the status page: those of the whole server. */
typedef struct {
    apr_uint64_t entries;     /**< files in the index */
    apr_uint64_t bytes;       /**< their cost, 4 KB pages counted whole */
    apr_uint64_t max_bytes;   /**< the bound (LandingCacheSize) */
    apr_uint64_t slots;       /**< entries the index can hold */
    apr_uint64_t evictions;   /**< files dropped to make room */
    apr_uint64_t torn;        /**< files found not whole, not served */
} landing_sharedcache_stats_t;

/** One page as the cache holds it, to store or as found. */
typedef struct {
    int failure;              /**< not 0: a remembered failure, no bytes */
    const char *etag;         /**< with its quotes */
    apr_time_t mtime;         /**< Last-Modified, 0 for none */
    const char *data;         /**< the page; from get: read whole, or NULL */
    apr_size_t len;
    const char *gzip;         /**< the page gzipped, or NULL */
    apr_size_t gzip_len;
    /* Set by landing_sharedcache_get(): */
    apr_file_t *fd;           /**< the open file (in the caller's pool)
                                   when data is NULL */
    apr_off_t offset;         /**< where the page starts in it */
    apr_off_t gzip_offset;    /**< where the gzipped page starts */
} landing_sharedcache_page_t;

/**
 * Make the cache in the parent, before children fork: the index (in
 * shared memory from @p p, for at most @p max_bytes of files) and
 * @p dir, made if missing (its parent must exist). Files of this cache
 * already in @p dir, and temporary files a writer left, are removed:
 * the new index knows none of them. On failure @p err says why, for
 * people.
 */
apr_status_t landing_sharedcache_create(apr_pool_t *p, const char *dir,
                                        apr_uint64_t max_bytes,
                                        landing_sharedcache_t **cache,
                                        const char **err);

/** The directory and the bound the cache was made with. */
const char *landing_sharedcache_dir(const landing_sharedcache_t *cache);
apr_uint64_t landing_sharedcache_max(const landing_sharedcache_t *cache);

/**
 * Look @p key up. APR_SUCCESS: @p page is filled and the entry counts as
 * just used. A file of at most @p whole_max bytes was read whole into
 * @p p: data and gzip point to its bytes, and fd is NULL. Otherwise fd is
 * the file, open in @p p with @p open_flags added to APR_FOPEN_READ (for
 * example APR_FOPEN_SENDFILE_ENABLED), for its bytes at offset and
 * gzip_offset.
 * APR_NOTFOUND: a miss. LANDING_SHAREDCACHE_TORN: a file was there but
 * is no whole page for this key; a miss too.
 */
apr_status_t landing_sharedcache_get(landing_sharedcache_t *cache,
                                     apr_pool_t *p, const char *key,
                                     apr_size_t klen, apr_int32_t open_flags,
                                     apr_size_t whole_max,
                                     landing_sharedcache_page_t *page);

/** Close the file of a page found, if it has one open: for a page not
 *  sent after all (before the pool it was opened in would close it). */
void landing_sharedcache_release(landing_sharedcache_page_t *page);

/**
 * Store @p page under @p key, replacing what was there, and evict least
 * recently used files until all fit. A page larger than the whole cache
 * is not stored (APR_ENOSPC). @p evicted (may be NULL) gets how many
 * files went. Temporary files go in the cache's directory; @p p is for
 * scratch.
 */
apr_status_t landing_sharedcache_put(landing_sharedcache_t *cache,
                                     apr_pool_t *p, const char *key,
                                     apr_size_t klen,
                                     const landing_sharedcache_page_t *page,
                                     apr_uint64_t *evicted);

/** The server's numbers now (each read atomically; not a snapshot). */
landing_sharedcache_stats_t
landing_sharedcache_stats(const landing_sharedcache_t *cache);

/**
 * Make this process's writers abort(3) at @p where, for the tests that
 * show a writer dying half way never leaves a torn page.
 */
void landing_sharedcache_crash_at(landing_sharedcache_crash_e where);

#endif
