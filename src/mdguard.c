/*
 * Bounds for cmark: a linear pre-scan for the quadratic bracket case, and
 * a counting allocator for the parse.
 *
 * cmark_mem's functions take no context argument, so the allocator finds
 * the parse it counts for through a thread-local pointer; outside a parse
 * it is plain calloc/realloc/free, which is what frees the tree later.
 */
#include <malloc.h>
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

/*
 * During a parse nothing cmark frees is freed at once: it goes on a list
 * and is freed when the parse is over. So every block the parse made is
 * still there, once, in the list of blocks made, and giving up is freeing
 * that list; and no look-up is ever needed, only appends, which keeps the
 * parse nearly as fast as without the guard. The cost is that memory
 * freed during the parse is not reused before its end: the budget counts
 * everything allocated.
 */

#define GUARD_TOO_MUCH 1
#define GUARD_NOMEM    2

typedef struct {
    void **ptrs;
    apr_size_t n;
    apr_size_t cap;
} ptrs_t;

typedef struct {
    ptrs_t made;             /* every block of this parse */
    ptrs_t freed;            /* the ones cmark has let go of */
    apr_size_t bytes;        /* allocated so far */
    apr_size_t budget;
    int why;                 /* GUARD_*: why the parse was given up */
    jmp_buf env;
} guard_t;

/* The parse this thread is running, or NULL. */
static __thread guard_t *guard;
static __thread apr_size_t last_peak;

static void give_up(guard_t *g, int why)
{
    g->why = why;
    longjmp(g->env, 1);
}

/* Room for one more pointer in @p l, made before the block it will hold
 * is allocated: a failure here must not leave a block behind. */
static void room(guard_t *g, ptrs_t *l)
{
    void **grown;

    if (l->n < l->cap) {
        return;
    }
    grown = realloc(l->ptrs, sizeof(*grown) * (l->cap ? l->cap * 2 : 1024));
    if (grown == NULL) {
        give_up(g, GUARD_NOMEM);
    }
    l->ptrs = grown;
    l->cap = l->cap ? l->cap * 2 : 1024;
}

/* Account for @p size more bytes, or give up. */
static void charge(guard_t *g, apr_size_t size)
{
    if (size > g->budget - g->bytes) {
        give_up(g, GUARD_TOO_MUCH);
    }
    g->bytes += size;
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
    charge(g, n * size);
    room(g, &g->made);
    ptr = calloc(n, size);
    if (ptr == NULL) {
        give_up(g, GUARD_NOMEM);
    }
    g->made.ptrs[g->made.n++] = ptr;
    return ptr;
}

static void guard_free(void *ptr)
{
    guard_t *g = guard;

    if (ptr == NULL) {
        return;
    }
    if (g == NULL) {
        free(ptr);
        return;
    }
    /* Not now: the block stays in "made" until the parse is over. When
     * there is no room to note it, the parse gives up, which frees it
     * with the rest. */
    room(g, &g->freed);
    g->freed.ptrs[g->freed.n++] = ptr;
}

static void *guard_realloc(void *old, size_t size)
{
    guard_t *g = guard;
    apr_size_t had;
    void *ptr;

    if (g == NULL) {
        return checked(realloc(old, size));
    }
    if (old == NULL) {
        return guard_calloc(1, size);
    }
    /* A new block and a copy: the old one must stay where it is until
     * the parse is over. cmark grows its buffers by half each time, so
     * the copies add up to a few times the final size. */
    had = malloc_usable_size(old);
    charge(g, size);
    room(g, &g->made);
    room(g, &g->freed);
    ptr = malloc(size ? size : 1);
    if (ptr == NULL) {
        give_up(g, GUARD_NOMEM);
    }
    g->made.ptrs[g->made.n++] = ptr;
    memcpy(ptr, old, had < size ? had : size);
    g->freed.ptrs[g->freed.n++] = old;
    return ptr;
}

static cmark_mem guard_mem = { guard_calloc, guard_realloc, guard_free };

apr_status_t landing_mdguard_parse(const char *body, apr_size_t len,
                                   int options, cmark_node **doc)
{
    apr_size_t budget = LANDING_MD_MEMORY_MAX;

    if (len < (LANDING_MD_MEMORY_MAX - LANDING_MD_MEMORY_BASE)
              / LANDING_MD_MEMORY_FACTOR) {
        budget = LANDING_MD_MEMORY_BASE + LANDING_MD_MEMORY_FACTOR * len;
    }
    return landing_mdguard_parse_within(body, len, options, budget, doc);
}

apr_status_t landing_mdguard_parse_within(const char *body, apr_size_t len,
                                          int options, apr_size_t budget,
                                          cmark_node **doc)
{
    guard_t *g;
    apr_status_t rv;
    apr_size_t i;

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
    g->budget = budget;
    guard = g;
    if (setjmp(g->env) == 0) {
        cmark_parser *parser = cmark_parser_new_with_mem(options, &guard_mem);
        cmark_parser_feed(parser, body, len);
        *doc = cmark_parser_finish(parser);
        cmark_parser_free(parser);
        rv = *doc ? APR_SUCCESS : APR_ENOMEM;
        /* The tree keeps its blocks; what cmark let go of goes now. */
        for (i = 0; i < g->freed.n; i++) {
            free(g->freed.ptrs[i]);
        }
    }
    else {
        /* Given up inside cmark: its state is lost, but every block it
         * made is in the list, once. */
        for (i = 0; i < g->made.n; i++) {
            free(g->made.ptrs[i]);
        }
        *doc = NULL;
        rv = (g->why == GUARD_NOMEM) ? APR_ENOMEM : LANDING_MD_TOO_COMPLEX;
    }
    guard = NULL;
    last_peak = g->bytes;
    free(g->made.ptrs);
    free(g->freed.ptrs);
    free(g);
    return rv;
}

apr_size_t landing_mdguard_last_peak(void)
{
    return last_peak;
}
