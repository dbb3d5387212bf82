/*
 * Bounds for cmark: a linear pre-scan for the quadratic bracket case, and
 * a counting allocator for the parse.
 *
 * cmark_mem's functions take no context argument, so the allocator finds
 * the parse it counts for through a thread-local pointer; outside a parse
 * it is calloc/realloc/free with the same block header.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chunk.h"
#include "gfm.h"
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

/* The bytes the model acts on; every other byte is plain text. */
static const unsigned char special[256] = {
    ['\n'] = 1, ['\\'] = 1, ['!'] = 1, ['['] = 1, [']'] = 1
};

static int is_blank_char(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

apr_uint64_t landing_mdguard_bracket_work(const char *s, apr_size_t len)
{
    const apr_uint64_t over = (apr_uint64_t)LANDING_MD_MAX_BRACKET_WORK + 1;
    long *stack = NULL;
    long top = -1, barrier = -1, last_link = -1, cap = 0;
    apr_uint64_t work = 0;
    apr_size_t i, line = 0;   /* where the current line starts */

    for (i = 0; i < len && work < over; i++) {
        long push = IMAGE;

        if (!special[(unsigned char)s[i]]) {
            /* Plain text, most of a page: skipped in a tight loop. */
            while (i + 1 < len && !special[(unsigned char)s[i + 1]]) {
                i++;
            }
            continue;
        }
        switch (s[i]) {
        case '\n': {
            /* A blank line ends the paragraph, and cmark's stack with it.
             * Other block boundaries are not seen: that overestimates.
             * Blank: nothing on the line but spaces, tabs and CRs, which
             * a look back from its end tells. */
            apr_size_t j = i;
            while (j > line && is_blank_char(s[j - 1])) {
                j--;
            }
            if (j == line) {
                top = barrier = last_link = -1;
            }
            line = i + 1;
            continue;
        }
        case '\\':
            /* An escaped bracket is text. */
            if (i + 1 < len && is_punct(s[i + 1])) {
                i++;
            }
            continue;
        case '!':
            if (i + 1 >= len || s[i + 1] != '[') {
                continue;
            }
            i++;
            break;
        case '[':
            push = last_link;
            break;
        case ']':
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

apr_uint64_t landing_mdguard_bracket_bound(const char *s, apr_size_t len)
{
    const char *p = s, *end = s + len;
    apr_uint64_t images = 0;

    if (len >= LANDING_MD_MAX_OPEN_BRACKETS) {
        return ~(apr_uint64_t)0;
    }
    while ((p = memchr(p, '!', (apr_size_t)(end - p))) != NULL) {
        if (++p < end && *p == '[') {
            images++;
        }
    }
    return (images + 1) * (apr_uint64_t)len;
}

/* --- the arena allocator ------------------------------------------------ */

/*
 * During a parse cmark allocates from an arena: chunks of memory mapped
 * for this document, handed out by bumping a pointer. Nothing is freed one
 * block at a time; the whole arena goes when the document does
 * (landing_mdguard_free_doc), without a walk over its nodes. That makes
 * the guard cheaper than cmark's own malloc and free (no per-node
 * bookkeeping), makes giving up a matter of giving the chunks back, and
 * keeps the memory out of malloc's per-thread arenas: chunks come from
 * chunk.h, which keeps a bounded number for the next page, so a child's
 * size follows the pages being rendered now, not every page ever
 * rendered.
 *
 * After the parse, cmark may still allocate, free and reallocate through
 * the same functions (cmark_render_html, an iterator, nodes added to the
 * tree; the module's own renderer, html.c, does none of these). So a
 * pointer is looked up: inside a chunk of a live document's arena it is
 * left alone; anything else is ordinary heap memory, and while cmark
 * holds any of that on this thread, a document is freed with
 * cmark_node_free first. Arena blocks carry their size in a header, for
 * realloc.
 */

#define GUARD_TOO_MUCH 1
#define GUARD_NOMEM    2

/* One chunk of an arena; its blocks follow. */
typedef struct chunk_t {
    struct chunk_t *next;
    apr_size_t size;         /* of the mapping, header included */
    apr_size_t used;
} chunk_t;

/* Before every arena block: its size. 16 bytes keep the block aligned
 * for anything. */
typedef struct {
    apr_size_t size;
    apr_size_t unused;
} block_t;

typedef struct guard_t {
    struct guard_t *next_live;   /* this thread's other live documents */
    chunk_t *chunks;
    apr_size_t bytes;        /* handed out so far */
    apr_size_t budget;
    apr_size_t first_chunk;  /* the size of its chunks */
    int why;                 /* GUARD_*: why the parse was given up */
    jmp_buf env;
} guard_t;

#define CHUNK_MIN ((apr_size_t)256 * 1024)
#define CHUNK_FIRST_MAX ((apr_size_t)16 * 1024 * 1024)
#define ALIGN16(n) (((n) + 15) & ~(apr_size_t)15)

/* What the allocator knows on each thread, in one place: each function
 * finds it with one look-up (a module's thread-locals cost a call). */
typedef struct {
    /* The parse this thread is running, or NULL. */
    guard_t *guard;
    /* The arenas of documents parsed on this thread and not yet freed. */
    guard_t *live;
    apr_size_t last_peak;
    /* Blocks cmark took from the heap on this thread outside a parse and
     * has not given back: strings it rendered, nodes made after the
     * parse. While there are none, a document's memory is all in its
     * arena, and freeing it needs no walk over its nodes. */
    long heap_blocks;
} thread_state_t;

static __thread thread_state_t state;
static void give_up(guard_t *g, int why)
{
    g->why = why;
    longjmp(g->env, 1);
}

/* A chunk of @p size bytes for an arena (chunk.h keeps given-back ones
 * for the next page, so pages do not fault in fresh memory each time). */
static chunk_t *chunk_map(apr_size_t size)
{
    chunk_t *c = landing_chunk_get(size);

    if (c) {
        c->size = size;
        c->next = NULL;
        c->used = ALIGN16(sizeof(chunk_t));
    }
    return c;
}

static void chunks_unmap(chunk_t *c)
{
    while (c) {
        chunk_t *next = c->next;
        landing_chunk_put(c, c->size);
        c = next;
    }
}

/* @p size bytes from the arena, not zeroed, or give up. */
static void *arena_alloc(guard_t *g, apr_size_t size)
{
    apr_size_t need = ALIGN16(sizeof(block_t)) + ALIGN16(size);
    chunk_t *c = g->chunks;
    block_t *b;

    if (size > g->budget - g->bytes) {
        give_up(g, GUARD_TOO_MUCH);
    }
    g->bytes += size;
    if (c == NULL || c->size - c->used < need) {
        /* Chunks are sized for the input, which cmark takes about eight
         * times of: one for most pages, a few more of the same size for
         * dense markup, and never much mapped and unused. */
        apr_size_t size2 = g->first_chunk;
        while (size2 < need + ALIGN16(sizeof(chunk_t))) {
            size2 *= 2;
        }
        c = chunk_map(size2);
        if (c == NULL) {
            give_up(g, GUARD_NOMEM);
        }
        c->next = g->chunks;
        g->chunks = c;
    }
    b = (block_t *)((char *)c + c->used);
    c->used += need;
    b->size = size;
    return (char *)b + ALIGN16(sizeof(block_t));
}

static block_t *block_of(void *ptr)
{
    return (block_t *)((char *)ptr - ALIGN16(sizeof(block_t)));
}

static int in_chunks(const guard_t *g, const void *ptr)
{
    const chunk_t *c;
    for (c = g->chunks; c; c = c->next) {
        if ((const char *)ptr > (const char *)c
            && (const char *)ptr < (const char *)c + c->size) {
            return 1;
        }
    }
    return 0;
}

/* Is @p ptr a block of this thread's parse or of a live document? */
static int in_arena(const thread_state_t *t, const void *ptr)
{
    const guard_t *g;

    if (t->guard && in_chunks(t->guard, ptr)) {
        return 1;
    }
    for (g = t->live; g; g = g->next_live) {
        if (in_chunks(g, ptr)) {
            return 1;
        }
    }
    return 0;
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
    thread_state_t *t = &state;
    guard_t *g = t->guard;
    void *ptr;

    if (g == NULL) {
        t->heap_blocks++;
        return checked(calloc(n, size));
    }
    if (size && n > ((size_t)-1 - 64) / size) {
        give_up(g, GUARD_NOMEM);
    }
    ptr = arena_alloc(g, n * size);
    memset(ptr, 0, n * size);
    return ptr;
}

static void guard_free(void *ptr)
{
    thread_state_t *t = &state;

    /* Arena blocks go with their arena. */
    if (ptr != NULL && !in_arena(t, ptr)) {
        t->heap_blocks--;
        free(ptr);
    }
}

/* Grow @p old, the last block of @p g's newest chunk, where it is:
 * 1 when there was room. */
static int grow_in_place(guard_t *g, void *old, apr_size_t size)
{
    chunk_t *c = g->chunks;
    block_t *b = block_of(old);
    apr_size_t had = ALIGN16(b->size), want = ALIGN16(size);

    if (c == NULL || (char *)old + had != (char *)c + c->used
        || c->size - c->used < want - had || size - b->size
           > g->budget - g->bytes) {
        return 0;
    }
    g->bytes += size - b->size;
    c->used += want - had;
    b->size = size;
    return 1;
}

static void *guard_realloc(void *old, size_t size)
{
    thread_state_t *t = &state;
    guard_t *g = t->guard;
    apr_size_t had;
    void *ptr;

    if (old == NULL) {
        return guard_calloc(1, size);
    }
    if (!in_arena(t, old)) {
        /* Heap memory, from outside a parse. */
        return checked(realloc(old, size));
    }
    had = block_of(old)->size;
    if (g && size <= had) {
        return old;
    }
    /* cmark grows a buffer while it reads a block, often with nothing
     * allocated after it: then it grows where it is. */
    if (g && grow_in_place(g, old, size)) {
        return old;
    }
    /* Else a new block and a copy; the old one stays in the arena. cmark
     * grows its buffers by half each time, so the copies add up to a few
     * times the final size. */
    if (g) {
        ptr = arena_alloc(g, size);
    }
    else {
        t->heap_blocks++;
        ptr = checked(malloc(size ? size : 1));
    }
    memcpy(ptr, old, had < size ? had : size);
    return ptr;
}

static cmark_mem guard_mem = { guard_calloc, guard_realloc, guard_free };

apr_status_t landing_mdguard_parse(const char *body, apr_size_t len,
                                   int options, int extensions,
                                   cmark_node **doc)
{
    apr_size_t budget = LANDING_MD_MEMORY_MAX;

    if (len < (LANDING_MD_MEMORY_MAX - LANDING_MD_MEMORY_BASE)
              / LANDING_MD_MEMORY_FACTOR) {
        budget = LANDING_MD_MEMORY_BASE + LANDING_MD_MEMORY_FACTOR * len;
    }
    return landing_mdguard_parse_within(body, len, options, extensions,
                                        budget, doc);
}

apr_status_t landing_mdguard_parse_within(const char *body, apr_size_t len,
                                          int options, int extensions,
                                          apr_size_t budget,
                                          cmark_node **doc)
{
    thread_state_t *t = &state;
    guard_t *g;
    apr_status_t rv;

    *doc = NULL;
    /* cmark counts in int; and nothing this big is a page. */
    if (len > (apr_size_t)1 << 30
        || (landing_mdguard_bracket_bound(body, len)
                > LANDING_MD_MAX_BRACKET_WORK
            && landing_mdguard_bracket_work(body, len)
                   > LANDING_MD_MAX_BRACKET_WORK)) {
        return LANDING_MD_TOO_COMPLEX;
    }
    /* On the heap, not in this frame: longjmp leaves a frame's own
     * variables indeterminate when they changed after setjmp. */
    g = calloc(1, sizeof(*g));
    if (g == NULL) {
        return APR_ENOMEM;
    }
    g->budget = budget;
    /* The registry is filled with cmark-gfm's own allocator, outside the
     * arena, once per process. */
    landing_gfm_init();
    g->first_chunk = landing_chunk_size(len < CHUNK_FIRST_MAX / 10
                                        ? len * 10 + CHUNK_MIN / 4
                                        : CHUNK_FIRST_MAX);
    if (g->first_chunk < CHUNK_MIN) {
        g->first_chunk = CHUNK_MIN;
    }
    t->guard = g;
    if (setjmp(g->env) == 0) {
        cmark_parser *parser = cmark_parser_new_with_mem(
            options | landing_gfm_options(extensions), &guard_mem);
        /* The extensions' lists are the parser's, in the arena too. */
        landing_gfm_attach(parser, extensions);
        cmark_parser_feed(parser, body, len);
        *doc = cmark_parser_finish(parser);
        cmark_parser_free(parser);
        rv = *doc ? APR_SUCCESS : APR_ENOMEM;
    }
    else {
        /* Given up inside cmark: its state is lost, and all of it is in
         * the arena. */
        *doc = NULL;
        rv = (g->why == GUARD_NOMEM) ? APR_ENOMEM : LANDING_MD_TOO_COMPLEX;
    }
    t->guard = NULL;
    t->last_peak = g->bytes;
    if (*doc) {
        /* The document carries its arena (nothing else of ours uses the
         * root's user data), and it is live until it is freed. */
        cmark_node_set_user_data(*doc, g);
        g->next_live = t->live;
        t->live = g;
    }
    else {
        chunks_unmap(g->chunks);
        free(g);
    }
    return rv;
}

void landing_mdguard_free_doc(cmark_node *doc)
{
    guard_t *g;

    if (doc == NULL) {
        return;
    }
    g = cmark_node_get_user_data(doc);
    /* All of the document is in its arena unless cmark took heap memory
     * after the parse (for nodes added to it, say): only then do its
     * nodes need a walk, to free what is on the heap. */
    if (g == NULL || state.heap_blocks != 0) {
        cmark_node_free(doc);
    }
    if (g) {
        guard_t **pp;
        for (pp = &state.live; *pp && *pp != g; pp = &(*pp)->next_live) {
        }
        if (*pp) {
            *pp = g->next_live;
        }
        chunks_unmap(g->chunks);
        free(g);
    }
}

void landing_mdguard_free(void *ptr)
{
    guard_free(ptr);
}

apr_size_t landing_mdguard_last_peak(void)
{
    return state.last_peak;
}
