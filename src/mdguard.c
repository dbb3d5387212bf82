/*
 * Bounds for cmark: a linear pre-scan for the quadratic bracket case, and
 * a counting allocator for the parse.
 *
 * cmark_mem's functions take no context argument, so the allocator finds
 * the parse it counts for through a thread-local pointer; outside a parse
 * it is plain calloc/realloc/free, which is what frees the tree later.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdguard.h"

/* --- bracket work ------------------------------------------------------- */

/*
 * A model of cmark 0.30's bracket stack (inlines.c): "[" and "![" push an
 * opener; "]" pops the top one. When the popped opener is an active link
 * opener that matches, cmark then walks down the stack from the new top,
 * skipping image openers and deactivating link openers, until it meets an
 * inactive link opener. The model assumes every such "]" matches, which
 * only overestimates. Links at or below "barrier" are the inactive ones,
 * so a walk costs the entries above it, and the topmost link becomes the
 * new barrier. Per entry the stack keeps the index of the link opener
 * below it, or IMAGE.
 */
#define IMAGE (-2)

static int is_punct(char c)
{
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@')
           || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

apr_uint64_t landing_mdguard_bracket_work(const char *s, apr_size_t len)
{
    const apr_uint64_t over = (apr_uint64_t)LANDING_MD_MAX_BRACKET_WORK + 1;
    long *stack = NULL;
    long top = -1, barrier = -1, last_link = -1, cap = 0;
    apr_uint64_t work = 0;
    apr_size_t i;
    int blank = 1;

    for (i = 0; i < len && work < over; i++) {
        long push = IMAGE;

        switch (s[i]) {
        case '\n':
            /* A blank line ends the paragraph, and cmark's stack with it.
             * Other block boundaries are not seen: that overestimates. */
            if (blank) {
                top = barrier = last_link = -1;
            }
            blank = 1;
            continue;
        case ' ':
        case '\t':
        case '\r':
            continue;
        case '\\':
            /* An escaped bracket is text. */
            if (i + 1 < len && is_punct(s[i + 1])) {
                i++;
            }
            blank = 0;
            continue;
        case '!':
            blank = 0;
            if (i + 1 >= len || s[i + 1] != '[') {
                continue;
            }
            i++;
            break;
        case '[':
            blank = 0;
            push = last_link;
            break;
        case ']':
            blank = 0;
            if (top < 0) {
                continue;
            }
            if (stack[top] == IMAGE) {
                top--;
            }
            else if (top <= barrier) {
                /* An inactive link opener: popped, no walk. */
                last_link = stack[top--];
                barrier = last_link;
            }
            else {
                last_link = stack[top--];
                work += (apr_uint64_t)(top - barrier);
                if (last_link > barrier) {
                    barrier = last_link;
                }
            }
            continue;
        default:
            blank = 0;
            continue;
        }
        /* Push an opener. */
        if (top + 1 == cap) {
            long *grown;
            if (cap >= LANDING_MD_MAX_OPEN_BRACKETS) {
                work = over;
                break;
            }
            cap = cap ? cap * 2 : 256;
            grown = realloc(stack, sizeof(*stack) * cap);
            if (grown == NULL) {
                work = over;
                break;
            }
            stack = grown;
        }
        stack[++top] = push;
        if (push != IMAGE) {
            last_link = top;
        }
    }
    free(stack);
    return work;
}

/* --- the counting allocator --------------------------------------------- */

#define GUARD_TOO_MUCH 1
#define GUARD_NOMEM    2

/* What one parse allocated and still holds: an open-addressing set of
 * pointers with their sizes, so that giving up can free all of it. */
typedef struct {
    void *ptr;
    apr_size_t size;
} block_t;

typedef struct {
    block_t *set;
    apr_size_t cap;          /* a power of two */
    apr_size_t fill;         /* keys that are not NULL, tombstones too */
    apr_size_t bytes;
    apr_size_t peak;
    apr_size_t budget;
    int why;                 /* GUARD_*: why the parse was given up */
    jmp_buf env;
} guard_t;

#define TOMBSTONE ((void *)1)

/* The parse this thread is running, or NULL. */
static __thread guard_t *guard;
static __thread apr_size_t last_peak;

static apr_size_t slot_of(const guard_t *g, const void *ptr)
{
    apr_uint64_t h = (apr_uint64_t)(apr_uintptr_t)ptr >> 4;
    return (apr_size_t)((h * 0x9E3779B97F4A7C15ULL) >> 17) & (g->cap - 1);
}

static void give_up(guard_t *g, int why)
{
    g->why = why;
    longjmp(g->env, 1);
}

/* Room for one more key, before the block is allocated: a failure here
 * must not leave an untracked block behind. */
static void reserve(guard_t *g)
{
    block_t *old = g->set;
    apr_size_t cap = g->cap, live = 0, i;

    if ((g->fill + 1) * 4 < g->cap * 3) {
        return;
    }
    for (i = 0; i < cap; i++) {
        live += (old[i].ptr != NULL && old[i].ptr != TOMBSTONE);
    }
    /* Twice the room, or the same room without the tombstones. */
    g->cap = (live * 2 >= cap) ? (cap ? cap * 2 : 1024) : cap;
    g->set = calloc(g->cap, sizeof(*g->set));
    if (g->set == NULL) {
        g->set = old;
        g->cap = cap;
        give_up(g, GUARD_NOMEM);
    }
    g->fill = 0;
    for (i = 0; i < cap; i++) {
        if (old[i].ptr != NULL && old[i].ptr != TOMBSTONE) {
            apr_size_t j = slot_of(g, old[i].ptr);
            while (g->set[j].ptr != NULL) {
                j = (j + 1) & (g->cap - 1);
            }
            g->set[j] = old[i];
            g->fill++;
        }
    }
    free(old);
}

static void track(guard_t *g, void *ptr, apr_size_t size)
{
    apr_size_t j = slot_of(g, ptr);

    while (g->set[j].ptr != NULL && g->set[j].ptr != TOMBSTONE) {
        j = (j + 1) & (g->cap - 1);
    }
    if (g->set[j].ptr == NULL) {
        g->fill++;
    }
    g->set[j].ptr = ptr;
    g->set[j].size = size;
    g->bytes += size;
    if (g->bytes > g->peak) {
        g->peak = g->bytes;
    }
}

/* The slot of @p ptr, or -1 when this parse did not allocate it. */
static long find(const guard_t *g, const void *ptr)
{
    apr_size_t j;

    if (g->cap == 0) {
        return -1;
    }
    for (j = slot_of(g, ptr); g->set[j].ptr != NULL;
         j = (j + 1) & (g->cap - 1)) {
        if (g->set[j].ptr == ptr) {
            return (long)j;
        }
    }
    return -1;
}

static void untrack(guard_t *g, long slot)
{
    g->bytes -= g->set[slot].size;
    g->set[slot].ptr = TOMBSTONE;
}

/* Out of memory outside a parse: what cmark's own allocator does. */
static void *checked(void *ptr)
{
    if (ptr == NULL) {
        fprintf(stderr, "[cmark] out of memory, aborting\n");
        abort();
    }
    return ptr;
}

static void *guard_calloc(size_t n, size_t size)
{
    guard_t *g = guard;
    void *ptr;

    if (g == NULL) {
        return checked(calloc(n, size));
    }
    if (size && n > (size_t)-1 / size) {
        give_up(g, GUARD_NOMEM);
    }
    if (n * size > g->budget - g->bytes) {
        give_up(g, GUARD_TOO_MUCH);
    }
    reserve(g);
    ptr = calloc(n, size);
    if (ptr == NULL) {
        give_up(g, GUARD_NOMEM);
    }
    track(g, ptr, n * size);
    return ptr;
}

static void *guard_realloc(void *old, size_t size)
{
    guard_t *g = guard;
    apr_size_t had = 0;
    long slot = -1;
    void *ptr;

    if (g == NULL) {
        return checked(realloc(old, size));
    }
    if (old) {
        slot = find(g, old);
        had = slot >= 0 ? g->set[slot].size : 0;
    }
    if (size > had && size - had > g->budget - g->bytes) {
        give_up(g, GUARD_TOO_MUCH);
    }
    reserve(g);
    slot = old ? find(g, old) : -1;     /* reserve may have moved it */
    ptr = realloc(old, size);
    if (ptr == NULL) {
        /* @p old is still there, and still tracked. */
        give_up(g, GUARD_NOMEM);
    }
    if (slot >= 0) {
        untrack(g, slot);
    }
    track(g, ptr, size);
    return ptr;
}

static void guard_free(void *ptr)
{
    guard_t *g = guard;

    if (ptr == NULL) {
        return;
    }
    if (g != NULL) {
        long slot = find(g, ptr);
        if (slot >= 0) {
            untrack(g, slot);
        }
    }
    free(ptr);
}

static cmark_mem guard_mem = { guard_calloc, guard_realloc, guard_free };

apr_status_t landing_mdguard_parse(const char *body, apr_size_t len,
                                   int options, cmark_node **doc)
{
    guard_t *g;
    apr_status_t rv;

    *doc = NULL;
    /* cmark counts in int; and nothing this big is a page. */
    if (len > (apr_size_t)1 << 30
        || landing_mdguard_bracket_work(body, len)
           > LANDING_MD_MAX_BRACKET_WORK) {
        return LANDING_MD_TOO_COMPLEX;
    }
    /* On the heap, not in this frame: longjmp leaves a frame's own
     * variables indeterminate when they changed after setjmp. */
    g = calloc(1, sizeof(*g));
    if (g == NULL) {
        return APR_ENOMEM;
    }
    g->budget = LANDING_MD_MEMORY_BASE + LANDING_MD_MEMORY_FACTOR * len;
    guard = g;
    if (setjmp(g->env) == 0) {
        cmark_parser *parser = cmark_parser_new_with_mem(options, &guard_mem);
        cmark_parser_feed(parser, body, len);
        *doc = cmark_parser_finish(parser);
        cmark_parser_free(parser);
        rv = *doc ? APR_SUCCESS : APR_ENOMEM;
    }
    else {
        /* Given up inside cmark: its state is lost, but all of its memory
         * is in the set. */
        apr_size_t i;
        for (i = 0; i < g->cap; i++) {
            if (g->set[i].ptr != NULL && g->set[i].ptr != TOMBSTONE) {
                free(g->set[i].ptr);
            }
        }
        *doc = NULL;
        rv = (g->why == GUARD_NOMEM) ? APR_ENOMEM : LANDING_MD_TOO_COMPLEX;
    }
    guard = NULL;
    last_peak = g->peak;
    free(g->set);
    free(g);
    return rv;
}

apr_size_t landing_mdguard_last_peak(void)
{
    return last_peak;
}
