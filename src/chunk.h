/**
 * @file chunk.h
 * @brief Large blocks of memory, mapped from the system and kept for the
 *        next page.
 *
 * A page's big buffers (the file's bytes, cmark's arena, the HTML) are
 * needed for one render each. From malloc, blocks this size are fresh
 * mappings every time, and the kernel faults in and zeroes every page of
 * them on every request; for a 500 KB page that was a tenth of its time.
 * Here a block given back is kept, up to twice the largest block a page
 * has needed (and never more than LANDING_CHUNK_SPARE_MAX) per process,
 * and the next block of its size is that one. Past the
 * bound the blocks given back longest ago go back to the system, so a
 * child keeps what the pages of now use, and its size follows them, not
 * every page ever rendered.
 * Thread-safe.
 */
#ifndef LANDING_CHUNK_H
#define LANDING_CHUNK_H

#include <apr.h>

/** The smallest block. Below it, malloc keeps memory itself; above it,
 *  in a server's threads, blocks freed at the top of malloc's heap went
 *  back to the system on every request (brk, or madvise, and faults to
 *  get them again): for a 20 KB page, whose buffers are 25 to 64 KB,
 *  that was 2% of its time. */
#define LANDING_CHUNK_MIN ((apr_size_t)16 * 1024)

/** Blocks kept for reuse, in bytes, per process: at most twice the
 *  largest block asked for so far, and never more than this. */
#define LANDING_CHUNK_SPARE_MAX ((apr_size_t)16 * 1024 * 1024)

/** The block size that holds @p n bytes: a power of two, at least
 *  LANDING_CHUNK_MIN; 0 when @p n is too large for one. */
apr_size_t landing_chunk_size(apr_size_t n);

/** A block of @p size bytes (a value from landing_chunk_size()), page
 *  aligned, not zeroed; NULL when the system has no memory. */
void *landing_chunk_get(apr_size_t size);

/** Give back a block from landing_chunk_get() of @p size bytes. */
void landing_chunk_put(void *block, apr_size_t size);

/** The bound on what is kept now: twice the largest block asked for so
 *  far, at most LANDING_CHUNK_SPARE_MAX. */
apr_size_t landing_chunk_spare_cap(void);

/** Bytes kept for reuse now (for tests and the benchmark). */
apr_size_t landing_chunk_spare_bytes(void);

#endif
