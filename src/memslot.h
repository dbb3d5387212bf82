/**
 * @file memslot.h
 * @brief cmark allocators that know whose memory they hand out.
 *
 * cmark_mem's three functions take no context argument, so an allocator
 * that keeps one arena per document has to find the document some other
 * way. A thread-local pointer works, but in a module httpd loads with
 * dlopen every look-up of one is a call into the dynamic linker
 * (__tls_get_addr), and a 20 KB page makes over 4,000 allocations, and
 * frees and reallocations besides: 2 to 4% of its render.
 *
 * Here instead are LANDING_MEMSLOT_COUNT cmark_mem records, each with
 * functions of its own, which pass their slot's context to the handlers
 * the slot was taken with. A document takes a slot for its lifetime and
 * gives it back when it is freed. With every slot taken, the caller does
 * what it did before: a thread-local.
 * Thread-safe.
 */
#ifndef LANDING_MEMSLOT_H
#define LANDING_MEMSLOT_H

#include <stddef.h>
#include <cmark-gfm.h>

/** Slots per process: more than the threads of a child rendering at
 *  once under the usual settings (ThreadLimit 64). */
#define LANDING_MEMSLOT_COUNT 128

/** What a slot's functions call, with the slot's context first. */
typedef struct {
    void *(*calloc)(void *ctx, size_t n, size_t size);
    void *(*realloc)(void *ctx, void *ptr, size_t size);
    void (*free)(void *ctx, void *ptr);
} landing_memslot_ops_t;

/**
 * A cmark_mem whose functions call @p ops with @p ctx, until it is given
 * back; NULL when every slot is taken. @p ops must outlive the slot.
 */
cmark_mem *landing_memslot_take(const landing_memslot_ops_t *ops, void *ctx);

/** Give back a cmark_mem from landing_memslot_take(): nothing may call its
 *  functions after this. NULL is ignored. */
void landing_memslot_give(cmark_mem *mem);

/** Slots taken now (for tests). */
int landing_memslot_taken(void);

/**
 * Hand out at most @p n slots from now on (for tests, which run the
 * callers' fall-back with 0); a negative @p n restores the default.
 */
void landing_memslot_limit(int n);

#endif
